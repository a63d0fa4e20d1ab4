"""Chart text from the caches (output/charts/text.py): placed as matplotlib
places text, drawn as an outline in SVG and as real text in PDF, the
warnings given again on a cache hit, the caches bounded."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_keikaku.output.charts import draw_charts, grades_spec
from sphinxcontrib_keikaku.output.charts.draw import chart_style

TEXTS = [
    "2023年度",
    "自主防災組織数",
    "−1,234.5",
    "Baseline",
    "gjpq",
    "↑ higher is better",
    "（組織）",
]
ALIGNMENTS = [
    (ha, va)
    for ha in ("left", "center", "right")
    for va in ("top", "bottom", "center", "baseline", "center_baseline")
]


@pytest.fixture
def style() -> Iterator[None]:
    with chart_style():
        yield


def figure() -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(4, 3), dpi=72)


def saved(fig: Any, fmt: str) -> bytes:
    out = io.BytesIO()
    metadata = {
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
        "png": {"Software": None},
    }[fmt]
    fig.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


@pytest.mark.usefixtures("style")
@pytest.mark.parametrize("size", [8.0, 10.0])
def test_svg_layout_is_the_one_of_matplotlib(size: float) -> None:
    """The box of each text (from the cached measures and the font's line
    height) is the box matplotlib's Text lays out, for every alignment."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.text import Text

    from sphinxcontrib_keikaku.output.charts.text import (
        baseline_offset,
        chart_font,
        font_lines,
        text_metrics,
    )

    fig = figure()
    renderer = RendererSVG(4, 3, io.StringIO(), image_dpi=72)
    prop = chart_font(size)
    for text in TEXTS:
        metrics = text_metrics(text, prop)
        lines = font_lines(prop)
        ascent = max(metrics.height - metrics.descent, lines[0])
        descent = max(metrics.descent, lines[1])
        for ha, va in ALIGNMENTS:
            plain = Text(100, 100, text, ha=ha, va=va, fontproperties=prop)
            plain.set_figure(fig)
            expected = plain.get_window_extent(renderer).extents
            dx, dy = baseline_offset(metrics, lines, ha, va)
            box = (
                100 + dx,
                100 + dy - descent,
                100 + dx + metrics.width,
                100 + dy + ascent,
            )
            assert box == pytest.approx(tuple(expected), abs=1e-9), (text, ha, va)


@pytest.mark.usefixtures("style")
@pytest.mark.parametrize(("ha", "va"), ALIGNMENTS[::2])
def test_pdf_is_what_matplotlib_draws(ha: str, va: str) -> None:
    """In a PDF the text is real text where Text puts it: the same bytes."""
    from matplotlib.text import Text

    from sphinxcontrib_keikaku.output.charts.text import ChartText, chart_font

    for text in TEXTS[:3]:
        files = []
        for kind in (ChartText, Text):
            fig = figure()
            if kind is ChartText:
                item = ChartText(0.5, 0.5, text, fontsize=8.0, ha=ha, va=va)
            else:
                item = Text(
                    0.5, 0.5, text, fontproperties=chart_font(8.0), ha=ha, va=va
                )
            item.set_transform(fig.transFigure)
            fig.add_artist(item)
            # twice: the second from the cache
            files.append((saved(fig, "pdf"), saved(fig, "pdf")))
        (first, again), (plain, _plain) = files
        assert first == again == plain
        assert b"/Subtype /Type3" in first


@pytest.mark.usefixtures("style")
def test_png_and_what_is_not_one_plain_line_are_drawn_by_text() -> None:
    """PNG, and several lines or a rotated text in SVG: matplotlib's Text."""
    from matplotlib.text import Text

    from sphinxcontrib_keikaku.output.charts.text import ChartText, chart_font

    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("png", "自主防災組織数", {}),
        ("svg", "二行の\nテキスト", {}),
        ("svg", "回転", {"rotation": 90}),
    ]
    for fmt, text, extra in cases:
        files = []
        for kind in (ChartText, Text):
            fig = figure()
            if kind is ChartText:
                item = ChartText(0.5, 0.5, text, fontsize=8.0, **extra)
            else:
                item = Text(0.5, 0.5, text, fontproperties=chart_font(8.0), **extra)
            item.set_transform(fig.transFigure)
            fig.add_artist(item)
            files.append(saved(fig, fmt))
        assert files[0] == files[1], (fmt, text)


@pytest.mark.usefixtures("style")
def test_svg_text_is_one_outline_where_matplotlib_lays_it_out() -> None:
    """Every point of the glyph outlines, where Text puts the line, to
    1/100 pt; no <text>, no glyph definitions."""
    import numpy as np
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    from sphinxcontrib_keikaku.output.charts.text import (
        ChartText,
        chart_font,
        font_lines,
        text_metrics,
    )

    fig = figure()
    fig.add_artist(
        ChartText(0.5, 0.5, "2025年度", fontsize=8.0, ha="right", va="top",
                  color="#222222", gid="probe", transform=fig.transFigure)
    )  # fmt: skip
    data = saved(fig, "svg").decode()
    assert "<text" not in data and "<use" not in data
    match = re.search(r'<g id="probe">\s*<path d="([^"]+)" style="fill: #222222"', data)
    assert match is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", match[1])]
    # at most 2 decimals: the files stay small
    assert all(round(n, 2) == n for n in numbers)
    drawn = np.array(numbers).reshape(-1, 2)

    prop = chart_font(8.0)
    outline = TextPath((0, 0), "2025年度", prop=prop)
    corners = outline.vertices[outline.codes != MplPath.CLOSEPOLY]
    width = text_metrics("2025年度", prop).width  # the same measures
    metrics = text_metrics("2025年度", prop)
    ascent = max(metrics.height - metrics.descent, font_lines(prop)[0])
    # right-aligned and top-aligned at the centre (144, 108) of a 288 x 216
    # pt figure; SVG's y grows downwards
    expected = np.column_stack(
        [144 - width + corners[:, 0], 216 - (108 - ascent + corners[:, 1])]
    )
    assert drawn.shape == expected.shape
    assert np.abs(drawn - expected).max() <= 0.005 + 1e-9


def test_missing_glyph_is_reported_for_every_chart(tmp_path: Path) -> None:
    """A label seen before comes from the cache, and still warns."""
    specs = [
        grades_spec("評価 \N{MELTING FACE}", [("A", count)], object_id=f"I-{count}")
        for count in (1, 2, 3)
    ]
    _drawer, problems = draw_charts(specs, tmp_path, "svg", in_process=True)
    assert sorted(p.object_ids for p in problems) == [("I-1",), ("I-2",), ("I-3",)]
    assert all("U+1FAE0" in p.message for p in problems)
    assert len({p.message for p in problems}) == 1


@pytest.mark.usefixtures("style")
def test_warnings_are_given_again_on_a_cache_hit() -> None:
    from sphinxcontrib_keikaku.output.charts.text import ChartText

    messages = []
    for _run in range(2):
        fig = figure()
        fig.add_artist(ChartText(0.1, 0.5, "x \N{MELTING FACE} y", fontsize=8.0))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            saved(fig, "svg")
        messages.append([str(w.message) for w in caught])
    assert messages[0] == messages[1]
    assert any("missing from font" in m for m in messages[0])


def test_caches_are_bounded() -> None:
    from sphinxcontrib_keikaku.output.charts import text

    for cached in (text._metrics, text._outline):
        assert cached.cache_info().maxsize == text.CACHE_SIZE
    bounded = text._Bounded(2)
    made: list[str] = []

    def make(name: str) -> text.Metrics:
        made.append(name)
        return text.Metrics(float(len(made)), 0.0, 0.0)

    key: Any = lambda name: ("pdf", name, ())  # noqa: E731
    for name in ("a", "b", "a", "c", "b", "a"):
        bounded.get(key(name), lambda name=name: make(name))
    # a kept (used again), b pushed out by c, then b pushed out a
    assert made == ["a", "b", "c", "b", "a"]
