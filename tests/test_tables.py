"""The plan-wide tables: numbers a reader can check by hand, always fresh."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from helpers.tables import table_rows

Build = Callable[..., BuildResult]


@pytest.fixture
def built(copy_root: Callable[[str], Path], build: Build) -> BuildResult:
    return build(copy_root("tables"))


def test_coverage_numbers(built: BuildResult) -> None:
    rows = table_rows(built, "coverage", "Coverage of the plan")
    assert rows[0][:2] == ["Vision", "Measures"]
    assert rows[1:] == [
        [
            "V1 Safe city",
            "2",
            "2 (100.0%)",
            "2 (100.0%)",
            "1 (50.0%)",
            "1 (50.0%)",
            "3",
            "2",
            "3,100",
        ],
        [
            "V2 Green city",
            "1",
            "1 (100.0%)",
            "1 (100.0%)",
            "1 (100.0%)",
            "1 (100.0%)",
            "1",
            "2",
            "600",
        ],
        ["Measures traced to no vision", "1", "", "", "", "", "", "", ""],
        [
            "Indicators and budget links serving no measure",
            "",
            "",
            "",
            "",
            "",
            "1",
            "0",
            "0",
        ],
        [
            "Total",
            "4",
            "3 (75.0%)",
            "3 (75.0%)",
            "2 (50.0%)",
            "2 (50.0%)",
            "5",
            "3",
            "3,600",
        ],
    ]
    html = built.html("coverage")
    # the gaps are listed with links, and the checks' findings are shown
    assert 'href="plan.html#M4"' in html
    assert 'href="plan.html#I5"' in html
    assert "keikaku.untraced" in html and "keikaku.orphan" in html
    # unfunded is off in conf.py: not a finding, but the gap is still listed
    assert "keikaku.unfunded" not in html


def test_evaluation_numbers(built: BuildResult) -> None:
    rows = table_rows(built, "evaluation", "Evaluation of measures")
    by_name = {row[0].split()[0]: row[1:] for row in rows[1:]}
    # the last column: progress against the schedule as of FY2025, before
    # the plan's final year (FY2027; see test_progress.py)
    assert by_name["M1"][-2:] == ["B", "On track"]
    # I1: 15 against 12.5 due in FY2024 on the line 10 (2023) → 20 (2027)
    assert by_name["I1"] == [
        "10 (FY2023)",
        "20 (FY2027)",
        "15 (FY2024)",
        "50.0%",
        "C",
        "On track 200.0%",
    ]
    # I2 (lower is better): 76 against 90 due in FY2025
    assert by_name["I2"] == [
        "100 (FY2023)",
        "80 (FY2027)",
        "76 (FY2025)",
        "120.0%",
        "A",
        "On track 240.0%",
    ]
    assert by_name["M2"][-2:] == ["A", "−"]
    # a text final target has no line to be on: no progress, with a note
    assert by_name["I3"][1:-1] == ["策定 (FY2026)", "策定 (FY2025)", "100.0%", "A"]
    assert by_name["I3"][-1].startswith("−*")
    assert by_name["M3"][-2:] == ["B", "−"]
    # no baseline: evaluated as actual ÷ target, with a note; no progress
    assert by_name["I4"][3:5] == ["80.0%", "B"]
    assert by_name["I4"][-1].startswith("−*")
    assert by_name["M4"][-2:] == ["−", "−"]
    assert "ratio" in built.html("evaluation") or "÷" in built.html("evaluation")

    distribution = table_rows(built, "evaluation", "Grade distribution")
    assert distribution[1:] == [
        ["A", "2", "1"],
        ["B", "1", "2"],
        ["C", "1", "0"],
        ["D", "0", "0"],
        ["−", "0", "1"],
        ["Total", "4", "4"],
    ]


def test_budget_numbers(built: BuildResult) -> None:
    """Budget, settlement and execution rate side by side in one row; a
    table for the period, then one per fiscal year (two roots: no plan,
    no frame in this root)."""
    period = table_rows(
        built,
        "budget",
        "Implementation plan and budget (thousand yen): FY2024 to FY2025",
    )
    assert period == [
        ["Vision", "Budget", "Settlement", "Execution rate"],
        # the rate of a period is over its settled years: 900 ÷ 1,100
        ["V1 Safe city", "3,100", "900", "81.8%"],
        ["V2 Green city", "600", "500", "83.3%"],
        ["Total", "3,600", "1,400", "87.5%"],
    ]
    assert table_rows(
        built, "budget", "Implementation plan and budget (thousand yen): FY2024¶"
    ) == [
        ["Vision", "Budget", "Settlement", "Execution rate"],
        ["V1 Safe city", "1,100", "900", "81.8%"],
        ["V2 Green city", "600", "500", "83.3%"],
        ["Total", "1,600", "1,400", "87.5%"],
    ]
    assert table_rows(
        built, "budget", "Implementation plan and budget (thousand yen): FY2025"
    ) == [
        ["Vision", "Budget", "Settlement", "Execution rate"],
        ["V1 Safe city", "2,000", "", "−"],
        ["V2 Green city", "", "", "−"],
        ["Total", "2,000", "", "−"],
    ]
    assert "100.0%" in built.html("budget")  # share traced to a vision


def test_matrix_shows_gaps(built: BuildResult) -> None:
    rows = table_rows(built, "budget", "Traceability matrix")
    by_measure = {row[1].split()[0]: row for row in rows[1:]}
    assert by_measure["M1"][2:] == ["I1, I2", "B1, B3"]
    assert by_measure["M2"][3] == "none"
    assert by_measure["M4"][0] == "none"


def _search_index(result: BuildResult) -> dict[str, Any]:
    text = (result.outdir / "searchindex.js").read_text(encoding="utf8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _pages_with_term(index: dict[str, Any], term: str, kind: str = "terms") -> set[str]:
    found = index[kind].get(term, [])
    return {
        index["docnames"][i] for i in ([found] if isinstance(found, int) else found)
    }


def test_plan_tables_are_not_indexed_for_search(built: BuildResult) -> None:
    """A table's words send a search to the object's own page, not the tables.

    "Voluntary groups" is an indicator on plan.md and a row of the evaluation
    table; "Fires" likewise.
    """
    assert 'class="keikaku-table keikaku-evaluation no-search' in built.html(
        "evaluation"
    )
    index = _search_index(built)
    for term in ("voluntari", "fire"):
        assert _pages_with_term(index, term) == {"plan"}, term
    # the page itself is still found by its heading
    assert "evaluation" in _pages_with_term(index, "evalu", "titleterms")


def test_tables_stay_fresh(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("tables")
    build(src)
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text()
        .replace(":actual: 2024: 15", ":actual: 2024: 20")
        .replace(":budget: 2024: 500", ":budget: 2024: 700"),
        encoding="utf8",
    )
    result = build(src)
    # evaluation.md and budget.md did not change, but their numbers did
    rows = table_rows(result, "evaluation", "Evaluation of measures")
    assert {r[0].split()[0]: r for r in rows[1:]}["I1"][4:] == [
        "100.0%",
        "A",
        "On track 400.0%",
    ]
    budget = table_rows(
        result, "budget", "Implementation plan and budget (thousand yen): FY2024¶"
    )
    assert budget[2] == ["V2 Green city", "800", "500", "62.5%"]
    fresh = build(src, "-E", out="fresh")
    assert result.html("budget") == fresh.html("budget")
    assert result.html("evaluation") == fresh.html("evaluation")


def test_unknown_vision_in_table_option(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("tables")
    (src / "coverage.md").write_text(
        "# Coverage\n\n```{plan-coverage}\n:vision: V9\n```\n", encoding="utf8"
    )
    result = build(src)
    assert "coverage.md:3: ERROR: :vision: of plan-coverage names V9" in result.warnings
    assert "[keikaku.unknown-id]" in result.warnings


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (":level: 0", "write a whole number"),
        (":by: ward", "vision"),
        (":years: 20x5", "20x5"),
    ],
)
def test_bad_table_options(
    option: str, hint: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("tables")
    (src / "budget.md").write_text(
        f"# Budget\n\n```{{plan-budget}}\n{option}\n```\n", encoding="utf8"
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "budget.md:" in w)
    assert "budget.md:4" in line  # the option's own line
    assert hint in line
    assert "[keikaku.value]" in line  # not a docutils error: the table is kept
    assert "Implementation plan and budget" in result.html("budget")
    assert "Traceback" not in result.warnings


def test_latex_tables(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("tables"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    # numbers right-aligned, widths given (parts of the line sized by the
    # cells: core/layout.py), the same numbers as in HTML
    assert re.search(r">\{\\raggedleft\\arraybackslash\}\\X\{\d+\}\{1000\}", tex)
    for number in ("3,100", "3,600", "81.8\\%", "87.5\\%", "120.0\\%"):
        assert number in tex
