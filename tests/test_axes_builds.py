"""Classification axes in a build (issue 16): options, badges, ``plan-axis``,
needtable filters, exports, warnings, incremental and parallel builds.

The root ``test-axes`` has measures in MyST (``measures.md``) and
reStructuredText (``more.rst``), ``plan-axis`` pages in both, a matrix and
needtables filtering on the axis fields; the plan data are small enough to
check every number by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.builds import assert_same_as_fresh, edit_source, html_pages
from helpers.tables import TableParser

Build = Callable[..., BuildResult]


def _tables(html: str) -> list[tuple[str, list[list[str]]]]:
    parser = TableParser()
    parser.feed(html)
    return parser.tables


def _rows_by_key(html: str) -> dict[str, list[str]]:
    """The first axis table of a page, by the first word of its first cell."""
    _caption, rows = next(t for t in _tables(html) if t[1] and len(t[1][0]) == 7)
    return {row[0].split()[0]: row for row in rows[1:]}


@pytest.fixture
def axes_root(copy_root: Callable[[str], Path]) -> Path:
    return copy_root("axes")


@pytest.fixture
def built(axes_root: Path, build: Build) -> BuildResult:
    result = build(axes_root, "-W")
    assert result.status == 0, result.warnings
    return result


# --- badges ----------------------------------------------------------------------


def test_sdg_badges_in_the_goals_colours(built: BuildResult) -> None:
    html = built.html("measures")
    badges = re.findall(
        r'<span class="keikaku-badge keikaku-sdg" style="background-color: '
        r'(#[0-9A-F]{6}); color: (#[0-9A-F]{6})">([^<]*)</span>',
        html,
    )
    assert badges == [
        ("#FD9D24", "#000000", "11 住み続けられるまちづくりを"),
        ("#3F7E44", "#FFFFFF", "13 気候変動に具体的な対策を (13.1)"),
        ("#4C9F38", "#000000", "3 すべての人に健康と福祉を"),
        ("#C5192D", "#FFFFFF", "4 質の高い教育をみんなに"),
        # goal 7's yellow takes dark text (WCAG AA)
        ("#FCC30B", "#000000", "7 エネルギーをみんなに そしてクリーンに"),
    ]
    # custom axes as labelled values, on measures and indicators alike
    assert '<span class="keikaku-badge">P2 防災先進都市</span>' in html
    assert '<span class="keikaku-badge">2 人の流れ</span>' in html  # indicator I1
    # the reST page: a budget link with an SDG
    more = built.html("more")
    assert "8 働きがいも経済成長も</span>" in more
    assert '<span class="keikaku-badge">1 稼ぐ地域</span>' in more


def test_sdg_names_follow_the_language(axes_root: Path, build: Build) -> None:
    result = build(axes_root, "-W", "-D", "language=en")
    assert result.status == 0, result.warnings
    html = result.html("measures")
    assert "11 Sustainable Cities and Communities</span>" in html
    assert "住み続けられる" not in html
    assert "SDGs:" in html


def test_badges_in_latex(axes_root: Path, build: Build) -> None:
    result = build(axes_root, "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text("utf8")
    assert (
        r"\colorbox[HTML]{FD9D24}{\textcolor[HTML]{000000}"
        "{11 住み続けられるまちづくりを}}" in tex
    )
    assert r"\colorbox[HTML]{FCC30B}{\textcolor[HTML]{000000}{7 " in tex
    assert r"\fbox{P2 防災先進都市}" in tex
    # the plan-axis table: the same numbers as in HTML
    assert "2,200" in tex
    assert "3,000" in tex


# --- plan-axis -------------------------------------------------------------------


def test_plan_axis_table(built: BuildResult) -> None:
    rows = _rows_by_key(built.html("axis-sdgs"))
    assert list(rows)[:17] == [str(n) for n in range(1, 18)]
    # value, measures, count, indicators, flagged indicators, budget, grades
    assert rows["11"] == [
        "11 住み続けられるまちづくりを",
        "M1 地域防災力の向上",
        "1",
        "1",
        "0",
        "2,200",
        "D 1",
    ]
    assert rows["13"][1] == "M1 地域防災力の向上（13.1）"
    assert rows["8"][1:6] == ["M3 観光の振興", "1", "1", "0", "300"]
    assert rows["5"][1:] == ["—", "0", "0", "0", "0", "—"]
    # totals count each measure once: M1, M2, M3; 2,200 + 500 + 300
    assert rows["合計"][2:6] == ["3", "3", "0", "3,000"]
    assert rows["合計"][1] == "値のある施策 3件（全3件中）"
    html = built.html("axis-sdgs")
    gaps = html[html.index("対応する施策のない値") :][:3000]
    assert "5 ジェンダー平等を実現しよう" in gaps
    assert "11 住み続けられる" not in gaps
    assert 'href="measures.html#M1"' in html
    assert "keikaku/axes.csv" in html
    assert "<img" in html  # the chart of measures per goal


def test_plan_axis_of_a_vision_counts_kpis(built: BuildResult) -> None:
    """reST, ``:vision: V2``: M2 and M3 only, and the indicators flagged
    with a 総合戦略 value (its KPIs)."""
    rows = _rows_by_key(built.html("axis-strategy"))
    assert rows["1"][1:6] == ["M3 観光の振興", "1", "1", "1", "300"]
    assert rows["2"][1:6] == ["M3 観光の振興", "1", "1", "0", "300"]
    assert rows["3"][1:6] == ["M2 子育て支援の充実", "1", "1", "1", "500"]
    assert rows["合計"][2:6] == ["2", "2", "2", "800"]


def test_plan_axis_matrix(built: BuildResult) -> None:
    _caption, rows = next(t for t in _tables(built.html("axis-matrix")) if t[1])
    assert rows[0] == ["施策", *(str(n) for n in range(1, 18))]
    by_measure = {row[0].split()[0]: row[1:] for row in rows[1:]}
    assert [i + 1 for i, c in enumerate(by_measure["M1"]) if c == "●"] == [11, 13]
    assert [i + 1 for i, c in enumerate(by_measure["M2"]) if c == "●"] == [3, 4, 7]
    assert [i + 1 for i, c in enumerate(by_measure["M3"]) if c == "●"] == [8, 12]
    assert by_measure["施策数"][10] == "1"


# --- sphinx-needs ------------------------------------------------------------------


def test_needtable_filters_on_axis_fields(built: BuildResult) -> None:
    tables = [rows for _c, rows in _tables(built.html("needs")) if rows]
    sdg11, strategy3 = tables[:2]
    # "11" in sdgs: a list membership, so goal 1 is not goal 11
    assert [row[0] for row in sdg11[1:]] == ["M1"]
    assert [row[0] for row in strategy3[1:]] == ["I2"]


def test_needs_json_has_the_axis_fields(axes_root: Path, build: Build) -> None:
    result = build(axes_root, builder="needs")
    assert result.status == 0, result.warnings
    data = json.loads((result.outdir / "needs.json").read_text("utf8"))
    needs = next(iter(data["versions"].values()))["needs"]
    assert needs["M1"]["sdgs"] == ["11", "13", "13.1"]
    assert needs["M2"]["sdgs"] == ["3", "4", "7"]
    assert needs["M1"]["pledge"] == ["P2"]
    assert needs["I1"]["strategy"] == ["2"]
    assert needs["I1"]["sdgs"] == []


def test_options_are_per_project(built: BuildResult) -> None:
    """The package's own directive classes are never given a project's axes."""
    from sphinxcontrib_keikaku.sphinxext.directives import DIRECTIVES

    for directive in DIRECTIVES.values():
        assert "sdgs" not in directive.option_spec
        assert "pledge" not in directive.option_spec


# --- exports -------------------------------------------------------------------------


def test_exports(built: BuildResult) -> None:
    data = json.loads((built.outdir / "keikaku" / "plan.json").read_text("utf8"))
    objects = {o["id"]: o for o in data["objects"]}
    assert objects["M1"]["axes"]["sdgs"] == {
        "values": ["11", "13"],
        "targets": ["13.1"],
    }
    assert "axes" not in objects["V1"]
    axes = {a["name"]: a for a in data["axes"]}
    assert list(axes) == ["sdgs", "strategy", "pledge"]
    goal7 = axes["sdgs"]["values"][6]
    assert goal7["key"] == "7"
    assert (goal7["colour"], goal7["text_colour"]) == ("#FCC30B", "#000000")
    assert goal7["measures"] == ["M2"]
    assert axes["sdgs"]["totals"]["budget"] == 3000
    assert axes["strategy"]["totals"]["flagged_indicators"] == ["I1", "I2", "I3"]
    assert axes["strategy"]["unassigned_measures"] == ["M1"]
    assert "5" in axes["sdgs"]["gaps"]
    text = (built.outdir / "keikaku" / "axes.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["axis", "axis_label", "value", "value_label", "kind", "id"]
    assert ["sdgs", "SDGs", "13", "気候変動に具体的な対策を", "measure", "M1"] in [
        r[:6] for r in rows
    ]
    assert ["sdgs", "8", "budget-link", "B3"] in [
        [r[0], r[2], r[4], r[5]] for r in rows
    ]


# --- warnings ------------------------------------------------------------------------


def test_unknown_values_are_located_with_a_hint(axes_root: Path, build: Build) -> None:
    edit_source(axes_root / "measures.md", ":sdgs: 11, 13.1", ":sdgs: 11, 18, 11.9")
    edit_source(axes_root / "measures.md", ":pledge: P2", ":pledge: P3")
    edit_source(axes_root / "more.rst", ":strategy: 1, 2", ":strategy: 1, 稼ぐ地域")
    result = build(axes_root, "-D", "language=en")
    warnings = result.warnings
    assert re.search(r"measures\.md:6: ERROR: :sdgs: there is no goal 18", warnings)
    assert re.search(r"measures\.md:6: ERROR: :sdgs: goal 11 has no target", warnings)
    assert re.search(r"measures\.md:7: ERROR: :pledge: 'P3' .*'P2'", warnings)
    assert re.search(
        r"more\.rst:8: ERROR: :strategy: '稼ぐ地域' is a label.*'1'", warnings
    )
    assert warnings.count("[keikaku.value]") == 4
    assert "Traceback" not in warnings
    # the values that could be read still count
    assert _rows_by_key(result.html("axis-sdgs"))["11"][2] == "1"


def test_plan_axis_needs_a_declared_axis(axes_root: Path, build: Build) -> None:
    edit_source(axes_root / "axis-sdgs.md", ":axis: sdgs", ":axis: sdg")
    edit_source(axes_root / "axis-matrix.md", ":axis: sdgs\n", "")
    result = build(axes_root, "-D", "language=en")
    assert re.search(
        r"axis-sdgs\.md:4: ERROR: plan-axis: :axis: 'sdg' is not declared in "
        r"keikaku_axes; the declared axes are: sdgs, strategy, pledge",
        result.warnings,
    )
    assert re.search(
        r"axis-matrix\.md:3: ERROR: plan-axis needs :axis:", result.warnings
    )
    assert result.status == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('{"Strategy": {"values": {"1": "a"}}}', "not a valid option name"),
        ('{"vision": {"values": {"1": "a"}}}', "already an option"),
        ('{"type": {"values": {"1": "a"}}}', "sphinx-needs"),
        ('{"s": "sdg"}', "not a built-in axis"),
        ('{"s": {"values": {}}}', "has no values"),
        ('["sdgs"]', "write a dict"),
    ],
)
def test_bad_settings_are_config_at_the_conf_line(
    axes_root: Path, build: Build, value: str, expected: str
) -> None:
    conf = axes_root / "conf.py"
    text = conf.read_text("utf8")
    conf.write_text(text + f"keikaku_axes = {value}\n", "utf8")
    line = len(text.splitlines()) + 1
    result = build(axes_root, "-D", "language=en")
    assert re.search(
        rf"conf\.py:{line}: ERROR: setting keikaku_axes is invalid: .*{expected}",
        result.warnings,
    ), result.warnings
    assert "[keikaku.config]" in result.warnings
    assert "Traceback" not in result.warnings


def test_one_bad_axis_keeps_the_others(axes_root: Path, build: Build) -> None:
    conf = axes_root / "conf.py"
    conf.write_text(
        conf.read_text("utf8").replace(
            '"sdgs": "sdgs",', '"sdgs": "sdgs", "Bad Axis": "sdgs",'
        ),
        "utf8",
    )
    result = build(axes_root, "-D", "language=en")
    assert result.warnings.count("[keikaku.config]") == 1
    assert "Bad Axis" in result.warnings
    assert "unknown option" not in result.warnings
    assert "11 Sustainable Cities and Communities" in result.html("measures")


def test_a_needs_field_of_the_same_name_is_refused(
    axes_root: Path, build: Build
) -> None:
    conf = axes_root / "conf.py"
    conf.write_text(
        conf.read_text("utf8")
        + 'needs_fields = {"pledge": {"description": "mine", "schema": {"type": "string"}}}\n',
        "utf8",
    )
    result = build(axes_root, "-D", "language=en")
    assert re.search(
        r"axis 'pledge': sphinx-needs already has a field", result.warnings
    )
    assert "11 Sustainable Cities and Communities" in result.html("measures")


# --- incremental and parallel -------------------------------------------------------


def test_adding_a_value_updates_the_axis_table_elsewhere(
    axes_root: Path, build: Build, tmp_path: Path
) -> None:
    first = build(axes_root)
    assert first.status == 0, first.warnings
    assert _rows_by_key(first.html("axis-sdgs"))["5"][2] == "0"
    # the reST page gains an SDG: the MyST axis page must follow
    edit_source(axes_root / "more.rst", "   :sdgs: 8, 12\n", "   :sdgs: 8, 12, 5\n")
    second = build(axes_root)
    assert second.status == 0, second.warnings
    rows = _rows_by_key(second.html("axis-sdgs"))
    assert rows["5"][1:3] == ["M3 観光の振興", "1"]
    assert_same_as_fresh(axes_root, second, tmp_path)
    # a measure gains an axis it had none of
    edit_source(
        axes_root / "measures.md", ":pledge: P2\n", ":pledge: P2\n:strategy: 1\n"
    )
    third = build(axes_root)
    assert _rows_by_key(third.html("axis-strategy"))["1"][2] == "1"  # V2 only
    assert "M1" in json.dumps(
        json.loads((third.outdir / "keikaku" / "plan.json").read_text("utf8"))["axes"]
    )
    assert_same_as_fresh(axes_root, third, tmp_path)


def test_parallel_build_equals_serial(axes_root: Path, build: Build) -> None:
    serial = build(axes_root, "-j", "1", out="serial")
    parallel = build(axes_root, "-j", "2", out="parallel")
    assert serial.status == parallel.status == 0, parallel.warnings
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)
    for name in ("plan.json", "axes.csv"):
        assert (parallel.outdir / "keikaku" / name).read_bytes() == (
            serial.outdir / "keikaku" / name
        ).read_bytes()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("vision-back", "is the name sphinx-needs gives the backlinks"),
        ("measure-back", "is the name sphinx-needs gives the backlinks"),
        ("parent-back", "is the name sphinx-needs gives the backlinks"),
        ("evaluates-back", "is the name sphinx-needs gives the backlinks"),
        ("measure_back", "is not a valid option name: .* such as 'measure-axis'"),
    ],
)
def test_a_backlink_name_is_refused_and_no_need_is_lost(
    axes_root: Path, build: Build, name: str, reason: str
) -> None:
    """``<link>-back`` is the field sphinx-needs gives a link type's
    backlinks: as an axis it made sphinx-needs drop the link type and every
    need using it from needs.json, with exit 0 (issue 32)."""
    options = ("-D", "language=en", "-D", "needs_build_json=1")
    fresh = build(axes_root, *options, out="fresh")
    assert fresh.status == 0, fresh.warnings
    conf = axes_root / "conf.py"
    conf.write_text(
        conf.read_text("utf8").replace(
            '"sdgs": "sdgs",', f'"sdgs": "sdgs", "{name}": "sdgs",'
        ),
        "utf8",
    )
    result = build(axes_root, *options)
    assert re.search(
        rf"conf\.py:\d+: ERROR: setting keikaku_axes is invalid: axis name "
        rf"'{name}' {reason}",
        result.warnings,
    ), result.warnings
    assert result.warnings.count("[keikaku.config]") == 1
    needs = json.loads((result.outdir / "needs.json").read_text("utf8"))
    kept = needs["versions"][needs["current_version"]]["needs"]
    before = json.loads((fresh.outdir / "needs.json").read_text("utf8"))
    assert sorted(kept) == sorted(
        before["versions"][before["current_version"]]["needs"]
    )
    assert "11 Sustainable Cities and Communities" in result.html("measures")


def test_a_link_type_of_the_project_is_not_an_axis(
    axes_root: Path, build: Build
) -> None:
    conf = axes_root / "conf.py"
    conf.write_text(
        conf.read_text("utf8")
        + 'needs_extra_links = [{"option": "pledge", "incoming": "pledged by"}]\n',
        "utf8",
    )
    result = build(axes_root, "-D", "language=en")
    assert re.search(r"axis 'pledge'.*needs_extra_links", result.warnings), (
        result.warnings
    )
    assert "11 Sustainable Cities and Communities" in result.html("measures")
