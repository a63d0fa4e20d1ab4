"""Charts: specs, keys, drawing in the pool, the cache, and the node in builds."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult, require_tools

from sphinxcontrib_keikaku.core.model import Indicator
from sphinxcontrib_keikaku.output.charts import (
    CACHE_DIRNAME,
    ChartSpec,
    Series,
    budget_spec,
    draw_charts,
    grades_spec,
    indicator_spec,
)
from sphinxcontrib_keikaku.output.charts.draw import cache_name
from sphinxcontrib_keikaku.output.charts.ticks import XTICK_GID, YTICK_GID
from sphinxcontrib_keikaku.sphinxext.i18n import _

Build = Callable[..., BuildResult]

D = Decimal


def indicator(**changes: object) -> Indicator:
    fields: dict[str, object] = {
        "id": "I1-1-1-a",
        "title": "自主防災組織数",
        "docname": "measures",
        "lineno": 14,
        "measures": ("M1-1-1",),
        "unit": "組織",
        "direction": "up",
        "baseline": (2023, D(16)),
        "target": {2025: D(19), 2027: D(21)},
        "actual": {2024: D(17)},
    }
    fields.update(changes)
    return Indicator(**fields)  # type: ignore[arg-type]


def spec_of(ind: Indicator, language: str | None = "ja") -> ChartSpec:
    spec = indicator_spec(ind, year_style="western", language=language)
    assert spec is not None
    return spec


def roles(spec: ChartSpec) -> dict[str, tuple[tuple[float, float], ...]]:
    return {series.role: series.points for series in spec.series}


# --- specs -------------------------------------------------------------------


def test_numeric_indicator_spec() -> None:
    spec = spec_of(indicator())
    assert spec.kind == "indicator"
    assert spec.title == "自主防災組織数"
    assert spec.unit == "組織"
    assert spec.direction == "up"
    assert spec.direction_label == str(_("higher is better"))
    assert spec.object_id == "I1-1-1-a"
    assert spec.x_ticks == (2023.0, 2024.0, 2025.0, 2027.0)
    assert spec.x_labels == ("2023年度", "2024年度", "2025年度", "2027年度")
    assert roles(spec) == {
        "baseline": ((2023.0, 16.0),),
        "target": ((2025.0, 19.0), (2027.0, 21.0)),
        "actual": ((2024.0, 17.0),),
    }
    labels = {series.role: series.label for series in spec.series}
    assert labels == {
        "baseline": str(_("Baseline")),
        "target": str(_("Target")),
        "actual": str(_("Actual")),
    }
    assert spec.pixel_size == (480, 264)


def test_year_style_and_language_shape_the_labels() -> None:
    era = indicator_spec(indicator(), year_style="era", language="ja")
    english = indicator_spec(indicator(), year_style="western", language="en")
    assert era is not None and english is not None
    assert era.x_labels[0] == "令和5年度"
    assert english.x_labels[0] == "FY2023"
    assert era.key() != english.key()


def test_qualitative_indicator_has_no_chart() -> None:
    assert (
        indicator_spec(
            indicator(baseline=None, target={2025: "策定"}, actual={2024: "検討中"}),
            year_style="western",
            language="ja",
        )
        is None
    )
    assert (
        indicator_spec(
            indicator(baseline=None, target={}, actual={}),
            year_style="western",
            language="ja",
        )
        is None
    )


def test_text_values_are_left_out_of_the_picture_but_named_in_alt() -> None:
    spec = spec_of(indicator(baseline=None, target={2027: "設置"}, actual={2024: D(3)}))
    assert roles(spec) == {"actual": ((2024.0, 3.0),)}
    assert spec.x_labels == ("2024年度",)
    assert "設置" in spec.alt
    assert "3組織" in spec.alt


def test_estimates_are_their_own_series() -> None:
    spec = spec_of(indicator(estimate={2025: D(18)}))
    assert roles(spec)["estimate"] == ((2025.0, 18.0),)
    assert str(_("Estimate")) in spec.alt
    assert "18組織" in spec.alt


def test_indicator_without_baseline() -> None:
    spec = spec_of(indicator(baseline=None))
    assert "baseline" not in roles(spec)
    assert spec.x_ticks == (2024.0, 2025.0, 2027.0)
    assert str(_("Baseline")) not in spec.alt


def test_alt_text_describes_the_data_in_order() -> None:
    spec = spec_of(indicator(estimate={2026: D(20)}))

    def at(value: str, year: str) -> str:
        return str(_("%(value)s (%(year)s)")) % {"value": value, "year": year}

    def group(label: str, *values: str) -> str:
        return str(_("%(label)s %(values)s")) % {
            "label": str(_(label)),
            "values": ", ".join(values),
        }

    expected = str(_("%(title)s: %(values)s")) % {
        "title": "自主防災組織数",
        "values": ", ".join(
            [
                group("Baseline", at("16組織", "2023年度")),
                group("Target", at("19組織", "2025年度"), at("21組織", "2027年度")),
                group("Actual", at("17組織", "2024年度")),
                group("Estimate", at("20組織", "2026年度")),
            ]
        ),
    }
    assert spec.alt == expected
    if str(_("Baseline")) == "Baseline":  # no catalog loaded in this process
        assert spec.alt.startswith(
            "自主防災組織数: Baseline 16組織 (2023年度), "
            "Target 19組織 (2025年度), 21組織 (2027年度), Actual 17組織 (2024年度)"
        )


def test_budget_and_grades_specs() -> None:
    budget = budget_spec(
        "政策別予算",
        ["2024年度", "2025年度"],
        [
            ("安全・安心", [D(12345), D(12000)]),
            ("子育て", [None, D(1000)]),
        ],
        "千円",
    )
    assert budget.kind == "budget" and budget.stacked
    assert budget.x_labels == ("2024年度", "2025年度")
    assert [s.points for s in budget.series] == [
        ((0.0, 12345.0), (1.0, 12000.0)),
        ((1.0, 1000.0),),
    ]
    assert "12,345千円" in budget.alt and "1,000千円" in budget.alt
    grouped = budget_spec(
        "政策別予算", ["2024年度"], [("a", [D(1)])], "千円", stacked=False
    )
    assert not grouped.stacked

    grades = grades_spec("評価の分布", [("A", 5), ("B", 3), ("−", 1)])
    assert grades.kind == "grades"
    assert grades.x_labels == ("A", "B", "−")
    assert grades.series[0].points == ((0.0, 5.0), (1.0, 3.0), (2.0, 1.0))
    assert "A 5" in grades.alt and "− 1" in grades.alt


# --- keys ------------------------------------------------------------------------


def test_same_data_same_key() -> None:
    first = spec_of(indicator())
    second = spec_of(indicator())
    assert first == second
    assert first.key() == second.key()
    assert re.fullmatch(r"[0-9a-f]{32}", first.key())
    # not drawn, so not in the key: the id and the alt text
    moved = spec_of(indicator(id="I9", docname="elsewhere", lineno=1))
    assert moved.key() == first.key()
    assert replace(first, alt="other words").key() == first.key()
    quiet = indicator_spec(
        indicator(), year_style="western", language="ja", describe=False
    )
    assert quiet is not None and quiet.alt == "" and quiet.key() == first.key()


@pytest.mark.parametrize(
    "change",
    [
        {"actual": {2024: D(18)}},
        {"target": {2025: D(19), 2027: D(22)}},
        {"baseline": (2022, D(16))},
        {"estimate": {2025: D(18)}},
        {"title": "自主防災組織の数"},
        {"unit": "団体"},
        {"direction": "down"},
    ],
)
def test_changed_data_changes_the_key(change: dict[str, object]) -> None:
    assert spec_of(indicator(**change)).key() != spec_of(indicator()).key()


FIXED_SPEC = (
    "ChartSpec(kind='indicator', title='自主防災組織数', unit='組織',"
    " x_ticks=(2023.0, 2025.0), x_labels=('2023年度', '2025年度'),"
    " series=(Series('baseline', '基準値', ((2023.0, 16.0),)),"
    " Series('target', '目標値', ((2025.0, 19.5),))), direction='up')"
)


GOLDEN_KEY = "2e973b3630cb300b01cc65186593cb22"


def test_key_is_the_same_in_another_process() -> None:
    # the file names of one build must be found by the next
    code = (
        "from sphinxcontrib_keikaku.output.charts import ChartSpec, Series\n"
        f"print({FIXED_SPEC}.key())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).parent.parent), env.get("PYTHONPATH", "")]
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    spec = eval(FIXED_SPEC, {"ChartSpec": ChartSpec, "Series": Series})
    assert output == spec.key()
    # and of the next release: change CHART_STYLE_VERSION with the look
    assert spec.key() == GOLDEN_KEY


# --- drawing ---------------------------------------------------------------------


def sample_specs() -> list[ChartSpec]:
    return [
        spec_of(indicator()),
        spec_of(indicator(id="I2", estimate={2025: D(18)}, baseline=None)),
        spec_of(
            indicator(
                id="I3",
                title="市民一人当たりの年間図書貸出冊数（中央図書館・分館・移動図書館の合計）$x$",
                unit="%",
                direction="down",
                target={y: D(30) - D(y - 2020) / 3 for y in range(2020, 2032)},
                actual={2020: D("-3.5"), 2021: D("12.25")},
            ),
            language="ja",
        ),
        budget_spec(
            "政策別予算",
            ["2024年度", "2025年度", "2026年度"],
            [
                ("安全・安心に暮らせるまち", [D(102461314), D(98000000), None]),
                ("子育てしやすいまち", [D(30000000)] * 3),
                ("環境", [D(-1000000)] * 3),
            ],
            "千円",
        ),
        grades_spec("評価の分布", [("A", 12), ("B", 7), ("C", 3), ("D", 1), ("−", 4)]),
    ]


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_draw_in_pool_without_missing_glyphs(tmp_path: Path, fmt: str) -> None:
    specs = sample_specs()
    drawer, problems = draw_charts(
        specs,
        tmp_path,
        fmt,  # type: ignore[arg-type]
        max_workers=2,
        pool_threshold=0,
    )
    # a character no font has would be reported here (see the next test)
    assert problems == []
    assert drawer.drawn == drawer.pooled == len(specs)
    for spec in specs:
        data = (tmp_path / cache_name(spec.key(), fmt)).read_bytes()
        if fmt == "svg":
            assert data.startswith(b"<?xml") and b"<svg" in data
            # text as glyph outlines (svg.fonttype "path"): no font needed
            # in the browser
            assert b"<text" not in data
            assert b'<g id="keikaku-ytick">' in data
        else:
            assert data.startswith(b"%PDF-1.4") and data.endswith(b"%%EOF\n")
            # the glyphs used, embedded as a Type 3 font: no TrueType subset
            assert b"/Subtype /Type3" in data and b"IPAexGothic" in data
            assert b"/FontFile" not in data
        # nothing that changes from run to run or machine to machine
        assert b"Matplotlib v" not in data and b"Date" not in data
    assert not list(tmp_path.glob(".*tmp*"))


def test_missing_glyph_is_reported(tmp_path: Path) -> None:
    # neither IPAexGothic nor DejaVu Sans (2016) has this emoji (2021): it is
    # drawn as an empty box, and reported
    spec = grades_spec("評価 \N{MELTING FACE}", [("A", 1)], object_id="I-x")
    _drawer, problems = draw_charts(
        [spec], tmp_path, "svg", max_workers=1, pool_threshold=0
    )
    assert len(problems) == 1
    assert not problems[0].failed and problems[0].object_ids == ("I-x",)
    assert "U+1FAE0" in problems[0].message
    assert "missing from font" in problems[0].message
    assert (tmp_path / cache_name(spec.key(), "svg")).exists()


def test_failure_is_reported_not_raised(tmp_path: Path) -> None:
    bad = ChartSpec(
        kind="pie",  # type: ignore[arg-type]
        title="x",
        unit="",
        x_ticks=(0.0,),
        x_labels=("a",),
        series=(Series("bar", "", ((0.0, 1.0),)),),
        object_id="I-bad",
    )
    good = spec_of(indicator())
    _drawer, problems = draw_charts(
        [bad, good], tmp_path, "svg", max_workers=2, pool_threshold=0
    )
    assert [(p.object_ids, p.failed) for p in problems] == [(("I-bad",), True)]
    assert "pie" in problems[0].message
    assert "Traceback" not in problems[0].message
    assert not (tmp_path / cache_name(bad.key(), "svg")).exists()
    assert (tmp_path / cache_name(good.key(), "svg")).exists()


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_drawing_is_reproducible(tmp_path: Path, fmt: str) -> None:
    specs = sample_specs()
    draw_charts(specs, tmp_path / "a", fmt, pool_threshold=0)  # type: ignore[arg-type]
    draw_charts(specs, tmp_path / "b", fmt, in_process=True)  # type: ignore[arg-type]
    for spec in specs:
        name = cache_name(spec.key(), fmt)
        assert (tmp_path / "a" / name).read_bytes() == (
            tmp_path / "b" / name
        ).read_bytes()


def test_cached_charts_are_not_drawn_again(tmp_path: Path) -> None:
    specs = sample_specs()
    first, _problems = draw_charts(specs, tmp_path, "svg", pool_threshold=0)
    assert first.drawn == first.pooled == len(specs)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    second, problems = draw_charts(specs, tmp_path, "svg", pool_threshold=0)
    assert problems == []
    assert (second.drawn, second.pooled, second.reused) == (0, 0, len(specs))
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == mtimes
    # a changed value is a new file; the old one stays for other builds
    changed = spec_of(indicator(actual={2024: D(18)}))
    third, _problems = draw_charts([*specs, changed], tmp_path, "svg")
    assert (third.drawn, third.reused) == (1, len(specs))
    # one chart is drawn here: starting worker processes would take longer
    assert third.pooled == 0


def test_svg_and_pdf_are_well_formed(tmp_path: Path) -> None:
    from defusedxml import ElementTree

    svg_ns, xlink = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
    # matplotlib writes each text in an XML comment too
    hostile = grades_spec("<!-- --> <script>x</script> & ]]>", [("A", 1)])
    specs = [*sample_specs(), hostile]
    draw_charts(specs, tmp_path, "svg", in_process=True)
    draw_charts(specs, tmp_path, "pdf", in_process=True)
    for spec in specs:
        root = ElementTree.parse(tmp_path / cache_name(spec.key(), "svg")).getroot()
        assert root.tag == f"{svg_ns}svg"
        # in points: the <img> gives the size in CSS pixels (96 per inch)
        width, height = (f"{inches * 72:g}pt" for inches in spec.size)
        assert (root.get("width"), root.get("height")) == (width, height)
        assert [f"{px * 72 / 96:g}pt" for px in spec.pixel_size] == [width, height]
        # every marker placed is defined in the file itself
        defined = {path.get("id") for path in root.iter(f"{svg_ns}path")}
        placed = {use.get(f"{xlink}href", "")[1:] for use in root.iter(f"{svg_ns}use")}
        assert placed <= defined
        # and every tick label is drawn, as glyph outlines placed from there
        labels = [
            group
            for group in root.iter(f"{svg_ns}g")
            if group.get("id") in (XTICK_GID, YTICK_GID)
        ]
        assert labels
        assert all(list(group.iter(f"{svg_ns}use")) for group in labels)

        data = (tmp_path / cache_name(spec.key(), "pdf")).read_bytes()
        match = re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)
        assert match is not None
        table = data[int(match[1]) :].split(b"\n")
        assert table[0] == b"xref"
        count = int(table[1].split()[1])
        for number in range(1, count):
            offset = int(table[2 + number][:10])
            assert data[offset:].startswith(f"{number} 0 obj".encode())
        size = re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", data)
        assert size is not None
        assert (float(size[1]), float(size[2])) == (
            spec.size[0] * 72,
            spec.size[1] * 72,
        )


def test_pdf_fonts_are_embedded(tmp_path: Path) -> None:
    require_tools("pdffonts")
    specs = sample_specs()
    draw_charts(specs, tmp_path, "pdf", in_process=True)
    for spec in specs:
        listing = subprocess.run(
            ["pdffonts", str(tmp_path / cache_name(spec.key(), "pdf"))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = [row.split() for row in listing.splitlines()[2:]]
        assert rows
        assert any(row[0].endswith("+IPAexGothic") for row in rows)
        # name, type (Type 3), encoding, emb, sub, uni, object id
        assert all(row[1:3] == ["Type", "3"] and row[-5] == "yes" for row in rows)


def tick_labels(ax: Any, gid: str) -> list[Any]:
    """The tick labels of one axis of a chart, as drawn, in order (texts of
    the figure, see ticks.py)."""
    from matplotlib.text import Text

    fig = ax.get_figure(root=True)
    return [a for a in fig.get_children() if isinstance(a, Text) and a.get_gid() == gid]


def axis_labels(spec: ChartSpec) -> tuple[list[str], list[str]]:
    """The x and y tick labels of the chart of *spec*, as drawn."""
    from sphinxcontrib_keikaku.output.charts.draw import _draw, chart_style

    with chart_style():
        (ax,) = _draw(spec).axes
        return (
            [label.get_text() for label in tick_labels(ax, XTICK_GID)],
            [label.get_text() for label in tick_labels(ax, YTICK_GID)],
        )


def numbers(labels: list[str]) -> list[float]:
    return [float(label.replace(",", "").replace("−", "-")) for label in labels]


def test_y_axis_labels() -> None:
    # a flat series (維持: 109 → 109) with round ticks around it, not a
    # magnified hair's breadth
    flat = spec_of(indicator(baseline=(2023, D(109)), target={2027: D(109)}, actual={}))
    _x, y = axis_labels(flat)
    assert len(y) >= 3 and all("." not in label for label in y)
    assert min(numbers(y)) < 109 < max(numbers(y))
    # thousands separators, no exponent, no offset
    budget = sample_specs()[3]
    _x, y = axis_labels(budget)
    assert "100,000,000" in y
    # as many decimals as the ticks need, all alike; a real minus sign
    small = spec_of(indicator(baseline=None, target={}, actual={2024: D("0.0012")}))
    small = replace(
        small,
        series=(Series("actual", "実績値", ((2024.0, 0.0012), (2025.0, -0.0031))),),
    )
    _x, y = axis_labels(small)
    assert len({len(label.partition(".")[2]) for label in y}) == 1
    assert any(label.startswith("−0.00") for label in y)
    assert "-" not in "".join(y) and "−0" not in [label.rstrip("0.") for label in y]


def test_layout_nothing_overlaps() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sphinxcontrib_keikaku.output.charts.draw import HEADER_GID, _draw, chart_style
    from sphinxcontrib_keikaku.output.charts.legend import LEGEND_GID

    long_legend = budget_spec(
        "政策別予算",
        ["2024年度"],
        [("とても長い政策の名前" * 4, [D(1)]), ("子育て", [D(2)])],
        "千円",
    )
    for spec in [*sample_specs(), long_legend]:
        with chart_style():
            fig = _draw(spec)
            renderer = FigureCanvasAgg(fig).get_renderer()
            (ax,) = fig.axes
            plot = ax.get_window_extent(renderer)
            shown = [label for label in tick_labels(ax, XTICK_GID) if label.get_text()]
            x_boxes = [label.get_window_extent(renderer) for label in shown]
            header = [a for a in fig.get_children() if a.get_gid() == HEADER_GID]
            # title, unit and direction of an indicator; a title otherwise
            assert [a.get_text() != "" for a in header] == [True] * (
                1 + bool(spec.unit) + bool(spec.direction_label)
            )
            texts = [text.get_window_extent(renderer) for text in header]
            # the legend: a handle and a label per series, drawn as artists
            legend_artists = [
                a for a in fig.get_children() if a.get_gid() == LEGEND_GID
            ]
            legends = [artist.get_window_extent(renderer) for artist in legend_artists]
        width, height = spec.size[0] * 72, spec.size[1] * 72
        # everything inside the picture
        for box in [*x_boxes, *texts, *legends]:
            assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height
        # x labels: the first one shown, at least a few points apart
        assert shown[0].get_text() == spec.x_labels[0]
        assert all(b.x0 - a.x1 >= 5 for a, b in pairwise(x_boxes))
        # the legend beside the plot, never over the data
        assert all(legend.x0 > plot.x1 for legend in legends)
        series = spec.series if spec.kind != "grades" else ()
        assert len(legends) == 2 * len(series)
        assert not any(a.overlaps(b) for a, b in combinations(legends[1::2], 2))
        # title, direction and unit above the plot, apart from each other
        assert all(box.y0 >= plot.y1 for box in texts)
        assert not any(a.overlaps(b) for a, b in combinations(texts, 2))
    # twelve fiscal years on 5 inches: not every label; four: all of them
    spec = sample_specs()[2]
    with chart_style():
        labels = [
            label.get_text() for label in tick_labels(_draw(spec).axes[0], XTICK_GID)
        ]
    assert 1 < len([label for label in labels if label]) < len(labels) == 12
    x, _y = axis_labels(spec_of(indicator()))
    assert x == ["2023年度", "2024年度", "2025年度", "2027年度"]


def test_matplotlib_only_where_charts_are_drawn(tmp_path: Path) -> None:
    # Importing the module and building specs imports no matplotlib; workers
    # draw with it. Drawing a few charts in the Sphinx process imports it
    # there, and leaves its settings (font, style, backend) as they were.
    code = (
        "import sys\n"
        "from sphinxcontrib_keikaku.output.charts import draw_charts, grades_spec\n"
        "spec = grades_spec('評価の分布', [('A', 1)])\n"
        "assert 'matplotlib' not in sys.modules\n"
        f"_, problems = draw_charts([spec], {str(tmp_path / 'pool')!r},"
        " pool_threshold=0)\n"
        "assert problems == [], problems\n"
        "assert 'matplotlib' not in sys.modules\n"
        "import matplotlib\n"
        "matplotlib.rcParams['lines.linewidth'] = 9\n"
        "before = matplotlib.rcParams.copy()\n"
        f"_, problems = draw_charts([spec], {str(tmp_path / 'here')!r},"
        " in_process=True)\n"
        "assert problems == [], problems\n"
        "assert dict(dict.items(matplotlib.rcParams)) == dict(dict.items(before))\n"
        "assert matplotlib.rcParams['font.family'] == ['sans-serif']\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    env.pop("MPLBACKEND", None)
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr
    assert output.stdout.strip() == "False"
    for where in ("pool", "here"):
        assert len(list((tmp_path / where).glob("*.svg.cache"))) == 1


# --- builds --------------------------------------------------------------------------

IMG = re.compile(r'<figure class="keikaku-chart"><img src="([^"]+)" alt="([^"]*)"')


def images(outdir: Path) -> list[tuple[Path, Path, str]]:
    """(page, picture, alt) of every chart in the HTML output."""
    found = []
    for page in sorted(outdir.rglob("*.html")):
        for src, alt in IMG.findall(page.read_text(encoding="utf8")):
            found.append((page, (page.parent / html.unescape(src)).resolve(), alt))
    return found


def cache(base: Path) -> dict[Path, int]:
    """The chart cache of a build with ``-d base/doctrees``: file -> mtime."""
    directory = base / "doctrees" / CACHE_DIRNAME
    return {p: p.stat().st_mtime_ns for p in directory.iterdir()}


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "pool"])
def test_html_build_shows_charts(
    copy_root: Callable[[str], Path],
    build: Build,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pool: bool,
) -> None:
    from sphinxcontrib_keikaku.output.charts import pool as charts_pool

    if pool:  # the root has three charts: too few to start workers
        monkeypatch.setattr(charts_pool, "POOL_THRESHOLD", 0)
    src = copy_root("charts")
    doctrees = tmp_path / "doctrees"
    result = build(src, "-d", str(doctrees))
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    found = images(result.outdir)
    # I-1 and I-3 show their charts under their directives (keikaku_charts),
    # the test directive adds I-1 twice (two pages), I-3 and the grade chart;
    # I-2 is qualitative: six pictures, three files
    assert len(found) == 6
    assert len({picture for _, picture, _ in found}) == 3
    assert {page.name for page, _, _ in found} == {"measures.html", "more.html"}
    for page, picture, _alt in found:
        assert picture.is_file(), (page, picture)
        assert picture.parent == (result.outdir / "_images" / "keikaku").resolve()
        assert picture.read_bytes().startswith(b"<?xml")
    # the picture of a page in a subdirectory is found from there
    assert any(
        'src="../_images/keikaku/' in page.read_text(encoding="utf8")
        for page, _, _ in found
        if page.parent.name == "sub"
    )
    measures = result.html("measures")
    alt = html.unescape(IMG.search(measures)[2])  # type: ignore[index]
    assert alt.startswith("自主防災組織数")
    for piece in (
        "基準値 16組織",
        "目標値 19組織",
        "実績値 17組織",
        "2023年度",
        "2027年度",
    ):
        assert piece in alt
    tag = re.search(r"<img [^>]+>", measures)[0]  # type: ignore[index]
    assert 'loading="lazy"' in tag
    assert 'width="480"' in tag and 'height="264"' in tag

    # an unchanged rebuild, even a full one, draws nothing
    drawn = cache(tmp_path)
    assert len(drawn) == 3
    again = build(src, "-d", str(doctrees), "-E")
    assert again.status == 0, again.warnings
    assert cache(tmp_path) == drawn
    assert images(again.outdir) == found


def test_hostile_title_is_escaped(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("charts"))
    page = result.html("sub/more")
    assert "<script>alert(1)</script>" not in page
    tags = re.findall(r"<img [^>]+>", page)
    hostile = [t for t in tags if "alert(1)" in t]
    assert len(hostile) == 2  # under the indicator, and the test directive
    for tag in hostile:
        assert (
            'alt="&lt;script&gt;alert(1)&lt;/script&gt; &quot;引用&quot; &amp; $x$'
            in tag
        )


def test_parallel_html_build(
    copy_root: Callable[[str], Path],
    build: Build,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sphinxcontrib_keikaku.output.charts import pool as charts_pool

    # were a pool started, it would run beside Sphinx's own forked writers
    monkeypatch.setattr(charts_pool, "POOL_THRESHOLD", 0)
    src = copy_root("charts")
    serial = build(src, "-d", str(tmp_path / "d1"), out="serial")
    parallel = build(src, "-j", "2", "-d", str(tmp_path / "d2"), out="parallel")
    assert parallel.status == 0, parallel.warnings
    assert parallel.warnings == ""
    for page in ("measures", "sub/more"):
        assert IMG.findall(parallel.html(page)) == IMG.findall(serial.html(page))
    assert all(picture.is_file() for _, picture, _ in images(parallel.outdir))


def test_failed_chart_is_a_warning_not_a_crash(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("charts")
    page = src / "measures.md"
    page.write_text(
        page.read_text(encoding="utf8") + "\n```{test-chart} I-1\n:broken:\n```\n",
        encoding="utf8",
    )
    result = build(src)
    assert result.status == 0, result.warnings  # a warning, not an error
    assert "Traceback" not in result.warnings
    (line,) = result.warnings.strip().splitlines()
    assert "measures.md:" in line  # the indicator's own location
    assert "I-1" in line and "pie" in line
    assert line.endswith("[keikaku.chart]")
    # the other charts are there; the broken one's <img> shows its alt text
    found = [picture.is_file() for _, picture, _ in images(result.outdir)]
    assert sorted(found) == [False] + [True] * 6


def test_latex_build_includes_pdf_charts(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("charts"), builder="latex")
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    (tex,) = result.outdir.glob("*.tex")
    keys = re.findall(
        r"\\begin\{center\}\\sphinxincludegraphics\[width=0\.7\\linewidth\]"
        r"\{\{keikaku-([0-9a-f]{32})\}\.pdf\}\\end\{center\}",
        tex.read_text(encoding="utf8"),
    )
    assert len(keys) == 6 and len(set(keys)) == 3
    for key in keys:
        assert (result.outdir / f"keikaku-{key}.pdf").read_bytes().startswith(b"%PDF")


def test_text_build_shows_alt_and_draws_nothing(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    result = build(
        copy_root("charts"), "-d", str(tmp_path / "doctrees"), builder="text"
    )
    assert result.status == 0, result.warnings
    text = (result.outdir / "measures.txt").read_text(encoding="utf8")
    assert "基準値 16組織" in text
    assert not (tmp_path / "doctrees" / CACHE_DIRNAME).exists()


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_reused_figure_draws_the_same_bytes(fmt: str) -> None:
    # one figure per kind is emptied and drawn again for the next chart: the
    # file must be the one a new figure gives, whatever was drawn before
    import io

    from sphinxcontrib_keikaku.output.charts.draw import _draw, chart_style
    from sphinxcontrib_keikaku.output.charts.style import METADATA

    def save(spec: ChartSpec, *, reuse: bool) -> bytes:
        out = io.BytesIO()
        _draw(spec, reuse=reuse).savefig(out, format=fmt, metadata=METADATA[fmt])
        return out.getvalue()

    specs = sample_specs()
    flat = spec_of(indicator(baseline=(2023, D(109)), target={2027: D(109)}))
    with chart_style():
        for spec in [*specs, flat, *reversed(specs), specs[0]]:
            assert save(spec, reuse=True) == save(spec, reuse=False), spec.title


def test_ticks_do_not_widen_the_view() -> None:
    # a budget chart's y range is the data's with matplotlib's 5% margin (from
    # the zero line); the tick marks and grid lines drawn after must not
    # change it, and every y tick is in view
    import io

    from sphinxcontrib_keikaku.output.charts.draw import _draw, chart_style

    spec = budget_spec("b", ["2024", "2025"], [("a", [D(7), D(3)])], "千円")
    with chart_style():
        fig = _draw(spec)
        fig.savefig(io.BytesIO(), format="svg")
        (ax,) = fig.axes
        assert ax.get_ylim() == pytest.approx((0.0, 7.35))
        low, high = ax.get_ylim()
        ys = [text.get_position()[1] for text in tick_labels(ax, YTICK_GID)]
        assert ys and all(low <= y <= high for y in ys)
