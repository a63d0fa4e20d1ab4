"""The implementation plan (実施計画): ``:plan:``, funding sources, the
financial frame and the one-row ``plan-budget`` layout, in every output.

The root ``test-budget-plan`` has a single root vision V0 (so the default
rows are its children V1 and V2), budget links in MyST (B1–B3) and
reStructuredText (B4), a data file giving B2's plan for 2026 and its
funding, and a frame that 2024's planned total (3,600) exceeds (3,500).
Every expected number below is worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from helpers.tables import TableParser, tables

from sphinxcontrib_keikaku.core.budgetplan import check_frame, plan_budget
from sphinxcontrib_keikaku.core.funding import check_funding
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Measure,
    Vision,
    build_plan,
    fingerprint,
)
from sphinxcontrib_keikaku.core.rules import Rule

Build = Callable[..., BuildResult]
CAPTION = "Implementation plan and budget (thousand yen): "


def table_rows(result: BuildResult, page: str, caption: str) -> list[list[str]]:
    found = tables(result.html(page))
    matches = [rows for name, rows in found.items() if name.rstrip("¶") == caption]
    assert matches, f"no table {caption!r} in {page}: {list(found)}"
    return matches[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    import shutil

    from conftest import ROOTS, run_build

    root = tmp_path_factory.mktemp("budget-plan")
    src = root / "src"
    shutil.copytree(ROOTS / "test-budget-plan", src)
    return run_build(src, root / "out")


# --- the table ----------------------------------------------------------------


def test_single_root_shows_its_children_side_by_side(built: BuildResult) -> None:
    assert built.status == 0, built.warnings
    # V1 = B1 + B2 (B2's 2026 plan of 700 from the data file), V2 = B3 + B4
    assert table_rows(built, "budget", CAPTION + "FY2024 to FY2026") == [
        ["Vision", "Planned cost", "Budget", "Settlement", "Execution rate"],
        # plan 1,000+1,100+1,200 + 500+600+700; budget 1,000+1,050+500;
        # rate over the settled year 2024: 1,350 ÷ 1,500
        ["V1 Safe city", "5,100", "2,550", "1,350", "90.0%"],
        # 2,000+900+100; 1,800+1,000+100; 1,700 ÷ 1,900 = 89.47 %
        ["V2 Green city", "3,000", "2,900", "1,700", "89.5%"],
        # 3,050 ÷ 3,400 = 89.71 %; no frame row: 2026 has no frame
        ["Total", "8,100", "5,450", "3,050", "89.7%"],
    ]


def test_each_year_has_frame_and_margin(built: BuildResult) -> None:
    assert table_rows(built, "budget", CAPTION + "FY2024") == [
        ["Vision", "Planned cost", "Budget", "Settlement", "Execution rate"],
        ["V1 Safe city", "1,500", "1,500", "1,350", "90.0%"],
        ["V2 Green city", "2,100", "1,900", "1,700", "89.5%"],
        ["Total", "3,600", "3,400", "3,050", "89.7%"],
        ["Financial frame", "3,500", "3,500", "", ""],
        # 3,500 − 3,600 and 3,500 − 3,400
        ["Margin (frame − total)", "-100", "100", "", ""],
    ]
    # the frame of R7 is written "2,600" in conf.py: exactly met
    assert table_rows(built, "budget", CAPTION + "FY2025")[-2:] == [
        ["Financial frame", "2,600", "2,600", "", ""],
        ["Margin (frame − total)", "0", "550", "", ""],
    ]
    assert table_rows(built, "budget", CAPTION + "FY2026")[1:] == [
        ["V1 Safe city", "1,900", "", "", "−"],
        ["V2 Green city", "", "", "", "−"],
        ["Total", "1,900", "", "", "−"],
    ]


def test_funding_option_sums_the_sources(built: BuildResult) -> None:
    assert table_rows(built, "budget", "Funding sources (thousand yen): FY2024") == [
        [
            "Vision",
            "National treasury",
            "Prefecture",
            "Local bonds",
            "Other",
            "General revenue",
            "Total",
        ],
        # B1 400 + 600, B2 500 (data file)
        ["V1 Safe city", "400", "", "", "", "1,100", "1,500"],
        # B3 1,000 + 800, B4 100 (reStructuredText)
        ["V2 Green city", "", "", "1,000", "100", "800", "1,900"],
        ["Total", "400", "", "1,000", "100", "1,900", "3,400"],
    ]
    # a year without any split gets no funding table
    assert "Funding sources (thousand yen): FY2026" not in built.html("budget")
    # without :funding:, no funding table (more.rst)
    assert "Funding sources (thousand yen): FY" not in built.html("more")


def test_level_gives_subtotals_in_rst(built: BuildResult) -> None:
    """more.rst: ``:level: 3`` and ``:years: 2024`` in reStructuredText."""
    assert table_rows(built, "more", CAPTION + "FY2024") == [
        ["Vision", "Planned cost", "Budget", "Settlement", "Execution rate"],
        ["V1-1 Disaster prevention", "1,000", "1,000", "900", "90.0%"],
        ["V1-2 Community", "500", "500", "450", "90.0%"],
        ["V1 Safe city subtotal", "1,500", "1,500", "1,350", "90.0%"],
        ["V2 Green city", "2,100", "1,900", "1,700", "89.5%"],
        ["Total", "3,600", "3,400", "3,050", "89.7%"],
        ["Financial frame", "3,500", "3,500", "", ""],
        ["Margin (frame − total)", "-100", "100", "", ""],
    ]
    # one year: no period table
    assert "FY2024 to" not in built.html("more")


def test_block_shows_plan_and_funding(built: BuildResult) -> None:
    found = [rows for _, rows in _all_tables(built.html("plan"))]
    amounts = next(
        t for t in found if t[1][0] == "FY2024" and "Planned cost" in t[0][1]
    )
    assert amounts == [
        [
            "Fiscal year",
            "Planned cost (thousand yen)",
            "Budget (thousand yen)",
            "Settlement (thousand yen)",
            "Execution rate",
        ],
        ["FY2024", "1,000", "1,000", "900", "90.0%"],
        ["FY2025", "1,100", "1,050", "", "−"],
        ["FY2026", "1,200", "", "", "−"],
        ["Total", "3,300", "2,050", "900", "90.0%"],
    ]
    funding = next(t for t in found if t[0][1] == "National treasury")
    assert funding[1:] == [
        ["FY2024", "400", "", "", "", "600", "1,000"],
        ["FY2025", "400", "100", "", "", "550", "1,050"],
    ]


def _all_tables(html: str) -> list[tuple[str, list[list[str]]]]:

    parser = TableParser()
    parser.feed(html)
    return parser.tables


# --- the frame rule ------------------------------------------------------------


def test_frame_warning_at_the_setting(built: BuildResult) -> None:
    lines = [w for w in built.warnings.splitlines() if "[keikaku.frame]" in w]
    assert len(lines) == 1, built.warnings
    assert "conf.py:8: WARNING:" in lines[0]
    assert "3,600" in lines[0] and "3,500 by 100" in lines[0]
    assert "keikaku_fiscal_frame" in lines[0]  # names the fix


def test_frame_can_be_silenced_and_builds_with_w(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + 'suppress_warnings = ["keikaku.frame"]\n', encoding="utf8"
    )
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("[3500]", "write a dict of fiscal year to amount"),
        ('{"R9x": 1}', "R9x"),
        ("{2024: 'lots'}", "frame of 2024"),
        ("{2024: 1, 'R6': 2}", "given twice"),
        ("{2024: True}", "is not an amount"),
    ],
)
def test_malformed_frame_is_config(
    value: str, hint: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    conf = src / "conf.py"
    text = re.sub(
        r"keikaku_fiscal_frame = .*",
        f"keikaku_fiscal_frame = {value}",
        conf.read_text(),
    )
    conf.write_text(text, encoding="utf8")
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "[keikaku.config]" in w)
    assert "conf.py:8:" in line
    assert hint in line
    assert "Traceback" not in result.warnings
    # the default (no frame) is used: no frame rows, no frame warning
    assert "Financial frame" not in result.html("budget")
    assert "[keikaku.frame]" not in result.warnings


def test_check_frame_unit() -> None:
    v = Vision("V1", "v", "d", 1)
    m = Measure("M1", "m", "d", 2, visions=("V1",))
    links = [
        BudgetLink("B1", "b", "d", 3, measures=("M1",), plan={2025: Decimal(60)},
                   budget={2025: Decimal(40)}),
        BudgetLink("B2", "b", "d", 4, measures=("M1",), plan={2025: Decimal(50)},
                   budget={2025: Decimal(70)}),
    ]  # fmt: skip
    plan = build_plan([v, m, *links])
    # plan 110 and budget 110 both exceed 100: two findings; 2026 has no amounts
    found = check_frame(plan, {2025: Decimal(100), 2026: Decimal(1)})
    assert [f.rule for f in found] == [Rule.FRAME, Rule.FRAME]
    assert "planned total of fiscal year 2025, 110" in found[0].message
    assert "budgeted total" in found[1].message
    assert check_frame(plan, {2025: Decimal(110)}) == []
    assert Rule.FRAME.default_severity == "warning"


# --- funding -------------------------------------------------------------------


def test_funding_must_add_up_in_the_directive(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(
            ":funding-general: 2024: 600, 2025: 550",
            ":funding-general: 2024: 500, 2025: 550",
        ),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "funding sources of B1" in w)
    # at the directive of B1 (line 33), as an error of the value rule
    assert "plan.md:33: ERROR:" in line
    assert "[keikaku.value]" in line
    assert "add up to 900, but its budget is 1,000" in line
    assert ":funding-general:" in line  # names the fix
    assert result.status == 1


def test_funding_from_a_data_file_is_data(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    data = src / "data" / "plan.csv"
    data.write_text(
        data.read_text().replace("funding_general,500", "funding_general,400")
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "funding sources of B2" in w)
    assert "[keikaku.data]" in line
    assert "add up to 400, but its budget is 500" in line


def test_funding_checks_plan_when_no_budget() -> None:
    link = BudgetLink(
        "B1", "b", "d", 7, plan={2026: Decimal(10)}, funding_general={2026: Decimal(9)}
    )
    plan = build_plan([link])
    written = {fingerprint(link)}
    found = list(check_funding(plan, written))
    assert [(f.rule, f.lineno) for f in found] == [(Rule.VALUE, 7)]
    assert "planned cost is 10" in found[0].message
    # a year with neither budget nor plan has nothing to add up to
    other = BudgetLink("B2", "b", "d", 8, funding_general={2026: Decimal(9)})
    assert list(check_funding(build_plan([other]), {fingerprint(other)})) == []


def test_bad_plan_value_is_located(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":plan: R6: 500, R7: 600", ":plan: R6: 5x0, R7: 600"),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if ":plan: of B2" in w)
    assert "plan.md:50:" in line and "[keikaku.value]" in line
    assert "5x0" in line


# --- data files ----------------------------------------------------------------


def test_plan_in_the_data_file_differs_from_the_directive(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    data = src / "data" / "plan.csv"
    data.write_text(data.read_text() + "B1,2025,plan,1150\n")
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "B1 plan 2025" in w)
    assert "plan.csv, row 4" in line and "[keikaku.data]" in line
    assert "1,150 here but 1,100 in the directive" in line
    # the data file's value is used
    assert table_rows(result, "budget", CAPTION + "FY2025")[1][1] == "1,750"


def test_wide_xlsx_with_japanese_field_words(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The accounting system's export: one row per project and field, fiscal
    years as columns, the budget book's words (計画額, 国庫支出金…)."""
    openpyxl = pytest.importorskip("openpyxl")
    src = copy_root("budget-plan")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["事業ID", "項目", "R6", "R7", "R8"])
    sheet.append(["B3", "計画額", 2000, 900, 400])
    sheet.append(["B3", "国庫支出金", None, 300, None])
    sheet.append(["B3", "一般財源", 800, 700, None])
    book.save(src / "data" / "plan.xlsx")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/plan.csv"]', '["data/plan.csv", "data/plan.xlsx"]'
        ),
        encoding="utf8",
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    # 2026: V2 gets B3's 400 from the workbook
    assert table_rows(result, "budget", CAPTION + "FY2026")[2][:2] == [
        "V2 Green city",
        "400",
    ]
    funding = table_rows(result, "budget", "Funding sources (thousand yen): FY2025")
    assert funding[2] == ["V2 Green city", "300", "", "", "", "700", "1,000"]


def test_shift_jis_csv(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("budget-plan")
    text = 'id,年度,項目,値\nB2,令和8年度,計画額,"800"\nB2,R6,一般財源,500\n'
    (src / "data" / "plan.csv").write_bytes(text.encode("cp932"))
    result = build(src)
    assert "[keikaku.data]" not in result.warnings, result.warnings
    assert table_rows(result, "budget", CAPTION + "FY2026")[1][:2] == [
        "V1 Safe city",
        "2,000",
    ]


# --- exports -------------------------------------------------------------------


def _csv(built: BuildResult, name: str) -> list[dict[str, str]]:
    raw = (built.outdir / "keikaku" / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw, newline="")))


def test_budget_csv(built: BuildResult) -> None:
    rows = {(r["vision"], r["fiscal_year"]): r for r in _csv(built, "budget.csv")}
    v1 = rows[("V1", "2024")]
    assert (v1["row"], v1["plan"], v1["budget"], v1["settlement"]) == (
        "row", "1500", "1500", "1350"
    )  # fmt: skip
    assert v1["execution_rate"] == "90.0"
    assert (v1["funding_national"], v1["funding_general"]) == ("400", "1100")
    total = rows[("total", "2024")]
    assert (total["frame"], total["margin_plan"], total["margin_budget"]) == (
        "3500", "-100", "100"
    )  # fmt: skip
    assert rows[("total", "2026")]["frame"] == ""


def test_plan_json(built: BuildResult) -> None:
    data: dict[str, Any] = json.loads(
        (built.outdir / "keikaku" / "plan.json").read_text("utf8")
    )
    objects = {o["id"]: o for o in data["objects"]}
    assert objects["B1"]["plan"] == {"2024": 1000, "2025": 1100, "2026": 1200}
    assert objects["B2"]["plan"] == {"2024": 500, "2025": 600, "2026": 700}
    assert objects["B1"]["funding_national"] == {"2024": 400, "2025": 400}
    assert objects["B4"]["funding_other"] == {"2024": 100}
    plan = data["implementation_plan"]
    assert plan["frame"] == {"2024": 3500, "2025": 2600}
    assert plan["margin"]["2024"] == {"plan": -100, "budget": 100}
    assert [r["vision"] for r in plan["rows"]] == ["V1", "V2"]
    assert plan["totals"]["plan"] == {"2024": 3600, "2025": 2600, "2026": 1900}
    assert plan["totals"]["settlement"] == {"2024": 3050}
    assert plan["totals"]["funding"]["funding_bonds"] == {"2024": 1000}
    finding = next(f for f in data["findings"] if f["rule"] == "frame")
    assert (finding["path"], finding["line"]) == ("conf.py", 8)


def test_values_csv_round_trips_plan_and_funding(built: BuildResult) -> None:
    values = {
        (r["id"], r["field"], r["fiscal_year"]): r["value"]
        for r in _csv(built, "values.csv")
    }
    assert values[("B2", "plan", "2026")] == "700"
    assert values[("B1", "funding_prefectural", "2025")] == "100"


def test_needs_json(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("budget-plan"), builder="needs")
    versions = json.loads((result.outdir / "needs.json").read_text("utf8"))["versions"]
    needs = next(iter(versions.values()))["needs"]
    assert needs["B1"]["plan"] == "2024: 1,000, 2025: 1,100, 2026: 1,200"
    assert needs["B1"]["funding_national"] == "2024: 400, 2025: 400"
    assert needs["B4"]["funding_other"] == "2024: 100"
    # values from the data file reach the needs too
    assert needs["B2"]["plan"] == "2024: 500, 2025: 600, 2026: 700"
    assert needs["B2"]["funding_general"] == "2024: 500"


# --- LaTeX, Japanese, incremental, parallel ------------------------------------


def test_latex_has_the_same_numbers(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("budget-plan"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    # Sphinx writes a minus as \sphinxhyphen{}
    for number in ("5,100", "8,100", "89.7\\%", "3,500", "\\sphinxhyphen{}100"):
        assert number in tex, number
    assert "Financial frame" in tex
    assert "National treasury" in tex
    assert "Implementation plan and budget (thousand yen): FY2024 to FY2026" in tex


def test_japanese_labels(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("budget-plan")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"en"', '"ja"'), encoding="utf8")
    result = build(src)
    html = result.html("budget")
    for word in (
        "計画額",
        "予算額",
        "決算額",
        "財政フレーム",
        "国庫支出金",
        "一般財源",
    ):
        assert word in html, word
    assert "財政フレーム 3,500 を 100 超えています" in result.warnings


def test_changed_data_file_updates_the_table_on_another_page(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    build(src)
    data = src / "data" / "plan.csv"
    data.write_text(data.read_text().replace("B2,2026,plan,700", "B2,2026,plan,900"))
    result = build(src)
    assert table_rows(result, "budget", CAPTION + "FY2026")[1][:2] == [
        "V1 Safe city",
        "2,100",
    ]
    fresh = build(src, "-E", out="fresh")
    assert result.html("budget") == fresh.html("budget")
    assert result.html("more") == fresh.html("more")


def test_changed_directive_updates_frame_margin(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("budget-plan")
    build(src)
    more = src / "more.rst"
    more.write_text(more.read_text().replace(":plan: 2024: 100", ":plan: 2024: 0"))
    result = build(src)
    # 3,500 − 3,500: the frame is met, the warning is gone
    assert table_rows(result, "budget", CAPTION + "FY2024")[-1][:2] == [
        "Margin (frame − total)",
        "0",
    ]
    assert "[keikaku.frame]" not in result.warnings


def test_parallel_equals_serial(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("budget-plan")
    serial = build(src, "-j", "1", out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    for page in ("budget", "more", "plan"):
        assert parallel.html(page) == serial.html(page), page
    for name in ("budget.csv", "plan.json"):
        assert (parallel.outdir / "keikaku" / name).read_bytes() == (
            serial.outdir / "keikaku" / name
        ).read_bytes()


# --- the analysis without Sphinx -------------------------------------------------


def test_two_roots_keep_level_one_and_single_start_defaults_to_children() -> None:
    objects = [
        Vision("A", "a", "d", 1),
        Vision("A1", "a1", "d", 2, parents=("A",)),
        Vision("A2", "a2", "d", 3, parents=("A",)),
        Vision("B", "b", "d", 4),
        Measure("M1", "m", "d", 5, visions=("A1",)),
        BudgetLink("L1", "l", "d", 6, measures=("M1",), plan={2025: Decimal(5)}),
    ]
    plan = build_plan(objects)
    assert [r.vision.id for r in plan_budget(plan).rows if r.vision] == ["A", "B"]
    # :vision: A alone: its children, no subtotal of A (the totals row)
    rows = plan_budget(plan, under="A").rows
    assert [(r.vision.id if r.vision else "", r.role) for r in rows] == [
        ("A1", "row"),
        ("A2", "row"),
    ]
    # level 2 over two roots: A's children, A's subtotal, then B
    rows = plan_budget(plan, level=2).rows
    assert [(r.vision.id if r.vision else "", r.role, r.depth) for r in rows] == [
        ("A1", "row", 1),
        ("A2", "row", 1),
        ("A", "subtotal", 0),
        ("B", "row", 0),
    ]
    assert rows[2].figures.plan == {2025: Decimal(5)}


@pytest.mark.parametrize(
    ("directive", "option", "hint"),
    [
        ("plan-budget", ":level: two", "write a whole number"),
        ("plan-budget", ":by: ward", "write vision, department or account"),
        ("plan-budget", ":years: R6-R9x", "R9x"),
        ("plan-coverage", ":level: 0", "write a whole number"),
    ],
)
def test_bad_presentation_options_in_rst(
    directive: str,
    option: str,
    hint: str,
    copy_root: Callable[[str], Path],
    build: Build,
) -> None:
    src = copy_root("budget-plan")
    (src / "more.rst").write_text(
        f"More\n====\n\n.. {directive}::\n   :vision: V0\n   {option}\n",
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "more.rst:" in w)
    assert "more.rst:6:" in line  # the option's own line
    assert "[keikaku.value]" in line and hint in line
    assert "the default is used" in line
    assert "Traceback" not in result.warnings
    assert "keikaku-table" in result.html("more")  # the table is still there


def test_rows_by_department_and_account_keep_working() -> None:
    objects = [
        Vision("V1", "v", "d", 1),
        Measure("M1", "m", "d", 2, visions=("V1",), department="防災課"),
        Measure("M2", "m", "d", 3, visions=("V1",), department="公園課"),
        BudgetLink("B1", "b", "d", 4, measures=("M1",), account="一般会計",
                   plan={2025: Decimal(10)}, budget={2025: Decimal(8)}),
        BudgetLink("B2", "b", "d", 5, measures=("M2",), account="特別会計",
                   department="建設課", plan={2025: Decimal(3)}),
        BudgetLink("B3", "b", "d", 6, measures=("M1",), account="一般会計",
                   budget={2026: Decimal(4)}),
    ]  # fmt: skip
    plan = build_plan(objects)
    by_department = plan_budget(plan, by="department")
    # B2's own department wins over its measure's
    assert [
        (r.label, r.figures.plan, r.figures.budget) for r in by_department.rows
    ] == [
        ("防災課", {2025: Decimal(10)}, {2025: Decimal(8), 2026: Decimal(4)}),
        ("建設課", {2025: Decimal(3)}, {}),
    ]
    by_account = plan_budget(plan, by="account", years={2025})
    assert [(r.label, r.figures.plan) for r in by_account.rows] == [
        ("一般会計", {2025: Decimal(10)}),
        ("特別会計", {2025: Decimal(3)}),
    ]
    assert by_account.years == [2025]
    only = plan_budget(plan, department="建設課")
    assert only.totals.figures.plan == {2025: Decimal(3)}


def test_frame_only_for_the_whole_plan() -> None:
    """A table of one vision or one department is part of the plan: the
    frame of the whole plan is not compared with it."""
    objects = [
        Vision("V1", "v", "d", 1),
        Measure("M1", "m", "d", 2, visions=("V1",), department="防災課"),
        BudgetLink("B1", "b", "d", 3, measures=("M1",), plan={2025: Decimal(10)}),
    ]
    plan = build_plan(objects)
    frame = {2025: Decimal(100)}
    assert plan_budget(plan, frame=frame).margin([2025]) == Decimal(90)
    assert plan_budget(plan, under="V1", frame=frame).frame == {}
    assert plan_budget(plan, department="防災課", frame=frame).frame == {}
    assert plan_budget(plan, by="department", frame=frame).frame == frame
