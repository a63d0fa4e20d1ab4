"""The evaluation year, plan-evaluation :year:, plan-history and survey
indicators (issue 14 part B), built with Sphinx."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.tables import TableParser, tables

Build = Callable[..., BuildResult]


def table_rows(result: BuildResult, page: str, caption: str) -> list[list[str]]:
    found = tables(result.html(page))
    matches = [rows for name, rows in found.items() if name.startswith(caption)]
    assert matches, f"no table {caption!r} in {page}: {list(found)}"
    return matches[0]


def _rows(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0].split()[0]: row[1:] for row in rows[1:]}


@pytest.fixture
def built(copy_root: Callable[[str], Path], build: Build) -> BuildResult:
    return build(copy_root("history"))


def test_history_grades_per_year(built: BuildResult) -> None:
    rows = table_rows(built, "history", "Grades by fiscal year (as of FY2025)")
    assert rows[0] == [
        "Measure / indicator",
        "FY2024",
        "FY2025",
        "FY2026",
        "FY2027",
        "Trend",
    ]
    by_id = _rows(rows)
    # I1 40% → D, 85% → B; I2 (survey) 100% → A in R6; M1 = B, then B
    assert by_id["M1"] == [
        "B",
        "B",
        "not yet",
        "not yet",
        "→ unchanged (FY2024 → FY2025)",
    ]
    assert by_id["I1"][:2] == ["D", "B"]
    assert by_id["I1"][-1] == "↑ improved (FY2024 → FY2025)"
    # not measured in R7: shown as such, its last grade carried with a note
    assert by_id["I2"][:2] == ["A", "not measured† (A, FY2024)"]
    assert by_id["I2"][-1] == "—"  # one measured year: no trend yet
    # the data file's 2025 actual (12) lowers the park area: 80% → 20%
    assert by_id["M2"][:2] == ["B", "D"]
    assert by_id["M2"][-1] == "↓ declined (FY2024 → FY2025)"
    html = built.html("history")
    assert "Not measured this year" in html
    assert built.warnings == ""


def test_history_distribution_and_vision(built: BuildResult) -> None:
    parser = TableParser()
    parser.feed(built.html("history"))
    distributions = [
        rows
        for caption, rows in parser.tables
        if caption.startswith("Measures by grade and fiscal year")
    ]
    assert len(distributions) == 2  # one per plan-history
    assert distributions[1][1:] == [
        ["FY2024", "0", "1", "0", "0", "0", "1"],
        ["FY2025", "0", "0", "0", "1", "0", "1"],
    ]
    assert distributions[0][1:] == [
        ["FY2024", "0", "2", "0", "0", "0", "2"],
        ["FY2025", "0", "1", "0", "1", "0", "2"],
    ]
    parks = _rows(table_rows(built, "history", "Parks history"))
    assert list(parks) == ["M2"]  # :vision: V2 only, no indicator rows
    assert parks["M2"] == ["B", "D", "↓ declined (FY2024 → FY2025)"]
    # no records in this plan: no summary of directions
    assert "Directions decided" not in built.html("history")


def test_evaluation_tables_say_their_year(built: BuildResult) -> None:
    current = table_rows(built, "evaluation", "Evaluation of measures (as of FY2025)")
    # progress against the schedule last: the plan ends in FY2027
    assert current[0][-2:] == ["Grade (as of FY2025)", "Progress"]
    by_id = _rows(current)
    # 85 against 50 due in FY2025 on the line 0 (2023) → 100 (2027)
    assert by_id["I1"][3:] == ["85.0%", "B", "On track 170.0%"]
    # a survey year without a measurement is not failing: not measured,
    # and not behind schedule either
    assert by_id["I2"][2:5] == ["70% (FY2024)", "−", "not measured"]
    assert by_id["I2"][-1].startswith("−*")
    assert by_id["M1"][-2:] == ["B", "On track"]
    older = _rows(table_rows(built, "evaluation", "Evaluation of FY2024"))
    assert older["I1"][2:] == ["40 (FY2024)", "40.0%", "D", "On track 160.0%"]
    # 70 against 55 due in FY2024 on the line 50 (2023) → 70 (2027)
    assert older["I2"][3:] == ["100.0%", "A", "On track 400.0%"]
    assert older["I3"][3:] == ["80.0%", "B", "On track 320.0%"]
    assert older["M1"][-2:] == ["B", "On track"]
    # the indicator's own block says so too
    plan = built.html("plan")
    assert "Measured in:" in plan
    assert "not measured" in plan


def test_plan_json_history(built: BuildResult) -> None:
    data = json.loads((built.outdir / "keikaku" / "plan.json").read_text())
    assert data["evaluation_year"] == 2025
    history = data["history"]
    assert history["years"] == [2024, 2025, 2026, 2027]
    assert history["measures"]["M1"]["years"] == {
        "2024": {"grade": "B"},
        "2025": {"grade": "B"},
    }
    assert history["measures"]["M2"]["trend"] == "declined"
    assert history["indicators"]["I2"]["years"]["2025"] == {
        "grade": "A",
        "measured": False,
        "carried_from": 2024,
    }
    assert history["grade_distribution"]["2025"]["D"] == 1
    by_id = {obj["id"]: obj for obj in data["objects"]}
    assert by_id["I2"]["measured"] == [2024, 2027]
    assert by_id["I2"]["evaluation"]["measured"] is False
    assert by_id["I2"]["evaluation"]["grade"] == "−"
    assert by_id["I1"]["evaluation"]["measured"] is True


def test_history_in_latex(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("history"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    for text in (
        "Grades by fiscal year",
        "not measured",
        "improved",
        "declined",
        "Measures by grade and fiscal year",
        "Evaluation of FY2024",
    ):
        assert text in tex
    assert "Traceback" not in result.warnings


def test_history_in_japanese(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("history"), "-D", "language=ja")
    rows = _rows(table_rows(result, "history", "年度別の評価の推移"))
    assert rows["M2"][-1].startswith("↓ 低下")
    assert rows["M1"][2] == "未評価"
    assert rows["I2"][1].startswith("評価対象外")
    assert "2025年度時点" in result.html("evaluation")


def test_history_rst(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("history-rst"))
    assert result.warnings == ""
    rows = _rows(table_rows(result, "index", "Grades by fiscal year (as of FY2027)"))
    assert rows["M1"][:4] == ["C", "B", "A", "A"]
    assert rows["I1"][:4] == ["D", "B", "A", "A* (FY2026)"]
    assert rows["I1"][-1] == "↑ improved (FY2025 → FY2026)"
    assert rows["I2"] == [
        "C",
        "not measured† (C, FY2024)",
        "not measured† (C, FY2024)",
        "B",
        "↑ improved (FY2024 → FY2027)",
    ]
    evaluation = _rows(
        table_rows(result, "index", "Evaluation of measures (as of FY2025)")
    )
    assert evaluation["I1"][3:] == ["85.0%", "B", "On track 170.0%"]
    assert evaluation["I2"][-2] == "not measured"


@pytest.mark.parametrize(
    ("page", "text", "line", "hint"),
    [
        ("history.md", "```{plan-history}\n:years: R6-Rx\n```\n", 4, "R6-Rx"),
        ("history.md", "```{plan-history}\n:years: R9-R6\n```\n", 4, "ends before"),
        ("evaluation.md", "```{plan-evaluation}\n:year: next\n```\n", 4, "next"),
        ("evaluation.md", "```{plan-evaluation}\n:year:\n```\n", 4, "fiscal year"),
    ],
)
def test_bad_year_options(
    page: str,
    text: str,
    line: int,
    hint: str,
    copy_root: Callable[[str], Path],
    build: Build,
) -> None:
    src = copy_root("history")
    (src / page).write_text(f"# Page\n\n{text}", encoding="utf8")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if f"{page}:{line}:" in w]
    assert found, result.warnings
    assert "[keikaku.value]" in found[0]
    assert hint in found[0]
    assert "Traceback" not in result.warnings


def test_bad_measured_option(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("history")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":measured: R6, R9", ":measured: R6, soon"),
        encoding="utf8",
    )
    result = build(src)
    found = [w for w in result.warnings.splitlines() if ":measured:" in w]
    assert found, result.warnings
    assert "plan.md:" in found[0]
    assert "[keikaku.value]" in found[0]
    assert "soon" in found[0]
    # unreadable: measured every year, so evaluated as of FY2025 from its 2024 actual
    rows = _rows(table_rows(result, "evaluation", "Evaluation of measures"))
    assert rows["I2"][-2:] == ["A", "On track 400.0%"]


def test_evaluation_year_setting(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write('keikaku_evaluation_year = "R6"\n')
    result = build(src)
    assert result.warnings == ""
    rows = table_rows(result, "history", "Grades by fiscal year (as of FY2024)")
    by_id = _rows(rows)
    assert by_id["M2"] == ["B", "not yet", "not yet", "not yet", "—"]
    current = _rows(
        table_rows(result, "evaluation", "Evaluation of measures (as of FY2024)")
    )
    # the 2025 actuals do not count
    assert current["I1"][2:] == ["40 (FY2024)", "40.0%", "D", "On track 160.0%"]


@pytest.mark.parametrize(
    ("lines", "hint"),
    [
        ('keikaku_evaluation_year = "soon"\n', "keikaku_evaluation_year = 'soon'"),
        (
            'keikaku_evaluation_year = "R6"\nkeikaku_evaluation_basis = 2025\n',
            "name different fiscal years",
        ),
    ],
)
def test_evaluation_year_setting_problems(
    lines: str, hint: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    conf = src / "conf.py"
    before = conf.read_text(encoding="utf8").count("\n")
    conf.write_text(conf.read_text(encoding="utf8") + lines, encoding="utf8")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if hint in w]
    assert found, result.warnings
    assert f"conf.py:{before + 1}:" in found[0]
    assert "[keikaku.config]" in found[0]


def test_data_file_edit_updates_history(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    build(src)
    (src / "data" / "actuals.csv").write_text(
        "id,fiscal_year,field,value\nI3,2025,actual,20\n", encoding="utf8"
    )
    result = build(src)
    # history.md did not change, but the park area reached its target
    by_id = _rows(table_rows(result, "history", "Grades by fiscal year"))
    assert by_id["M2"][:2] == ["B", "A"]
    assert by_id["M2"][-1] == "↑ improved (FY2024 → FY2025)"
    fresh = build(src, "-E", out="fresh")
    assert result.html("history") == fresh.html("history")


def test_page_edit_updates_history(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    build(src)
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":actual: 2024: 40, 2025: 85", ":actual: 2024: 40"),
        encoding="utf8",
    )
    result = build(src)
    by_id = _rows(table_rows(result, "history", "Grades by fiscal year"))
    assert by_id["I1"][:2] == ["D", "D* (FY2024)"]
    fresh = build(src, "-E", out="fresh")
    assert result.html("history") == fresh.html("history")
    assert result.html("evaluation") == fresh.html("evaluation")


def test_edit_that_changes_no_grade_leaves_history_alone(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The history shows grades, not actuals: an actual that changes no
    grade leaves the history page as it is (not written again), while the
    evaluation page, which shows the actual, is written again; both are the
    pages a fresh build writes."""
    src = copy_root("history")
    first = build(src)
    written = (first.outdir / "history.html").stat().st_mtime_ns
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace("2024: 40, 2025: 85", "2024: 40, 2025: 86"),
        encoding="utf8",
    )
    result = build(src)
    assert (result.outdir / "history.html").stat().st_mtime_ns == written
    assert "86" in result.html("evaluation")
    fresh = build(src, "-E", out="fresh")
    for page in ("history", "evaluation"):
        assert result.html(page) == fresh.html(page), page
    # and one that changes a grade writes it again
    plan.write_text(
        plan.read_text().replace("2025: 86", "2025: 100"),
        encoding="utf8",
    )
    result = build(src)
    assert (result.outdir / "history.html").stat().st_mtime_ns != written
    by_id = _rows(table_rows(result, "history", "Grades by fiscal year"))
    assert by_id["I1"][1] == "A"
    fresh = build(src, "-E", out="fresh2")
    assert result.html("history") == fresh.html("history")


def test_parallel_equals_serial(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("history")
    serial = build(src, out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    for page in ("history", "evaluation", "plan"):
        assert serial.html(page) == parallel.html(page)


def test_history_chart(copy_root: Callable[[str], Path], build: Build) -> None:
    pytest.importorskip("matplotlib")
    src = copy_root("history")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf8").replace(
            "keikaku_charts = False", "keikaku_charts = True"
        ),
        encoding="utf8",
    )
    result = build(src)
    html = result.html("history")
    # one chart for the first table; the second has its own distribution too
    assert html.count("keikaku-chart") >= 1
    assert "Measures by grade and fiscal year: " in html  # the chart in words
    shutil.rmtree(result.outdir)


def test_recorded_cells_shown_beside_computed(
    copy_root: Callable[[str], Path], build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records are joined in elsewhere; given directly, the history shows
    the recorded grade and direction, linked, and counts the directions."""
    from sphinxcontrib_keikaku.core.history import RecordedCell
    from sphinxcontrib_keikaku.sphinxext import history as history_glue

    cells = {
        ("M1", 2024): RecordedCell("A", "継続", "plan", "M1", "一次評価"),
        ("M1", 2025): RecordedCell("B", "拡充", "plan", "M1"),
        ("M2", 2025): RecordedCell("", "改善"),
    }
    monkeypatch.setattr(history_glue, "recorded_cells", lambda plan: cells)
    src = copy_root("history")
    result = build(src)
    by_id = _rows(table_rows(result, "history", "Grades by fiscal year"))
    assert by_id["M1"][:2] == ["B recorded A · 継続", "B recorded B · 拡充"]
    assert by_id["M2"][1] == "D 改善"
    html = result.html("history")
    assert 'href="plan.html#M1"' in html
    parser = TableParser()
    parser.feed(html)
    directions = [
        rows
        for caption, rows in parser.tables
        if caption.startswith("Directions decided per fiscal year")
    ]
    # the second history (:vision: V2) counts its own measure only
    assert directions[1] == [["Fiscal year", "改善", "Total"], ["FY2025", "1", "1"]]
    assert directions[0] == [
        ["Fiscal year", "拡充", "継続", "改善", "Total"],
        ["FY2024", "0", "1", "0", "1"],
        ["FY2025", "1", "0", "1", "2"],
    ]
    latex = build(src, builder="latex", out="latex")
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "recorded A" in tex and "Directions decided per fiscal year" in tex


def test_actual_in_a_year_not_measured(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    (src / "data" / "actuals.csv").write_text(
        "id,fiscal_year,field,value\nI3,2025,actual,12\nI2,2025,actual,66\n",
        encoding="utf8",
    )
    result = build(src)
    found = [w for w in result.warnings.splitlines() if "[keikaku.period]" in w]
    assert len(found) == 1, result.warnings
    assert "plan.md:24:" in found[0]  # the indicator's own line
    assert "I2" in found[0] and "2025" in found[0] and ":measured:" in found[0]
    # the value is kept, but not evaluated as of 2025
    rows = _rows(table_rows(result, "evaluation", "Evaluation of measures"))
    assert rows["I2"][-2] == "not measured"
    assert rows["I2"][-1].startswith("−*")  # nor is it behind schedule


def test_unknown_vision_in_history(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("history")
    (src / "history.md").write_text(
        "# History\n\n```{plan-history}\n:vision: V9\n```\n", encoding="utf8"
    )
    result = build(src)
    assert "history.md:3: ERROR: :vision: of plan-history names V9" in result.warnings
    assert "[keikaku.unknown-id]" in result.warnings
    # no measure under an unknown vision: an empty history, not a crash
    rows = table_rows(result, "history", "Grades by fiscal year")
    assert rows[1:] == []
