"""Staff time and full cost (人件費, トータルコスト): ``:staff:``/``:hours:`` on
``budget-link``, the data-file fields, ``keikaku_staff_cost``, the block,
``plan-budget :cost:`` and the exports.

The root ``test-staff-cost`` prices an hour at 4 and a person-year at 8,000
(thousand yen). Worked out by hand:

* B1 (V1): 2024 hours 100 → staff cost 400 (hours win over its 0.5
  persons), total = settlement 950 + 400 = 1,350; 2025 hours 120 → 480,
  total = budget 1,100 + 480 = 1,580.
* B2 (V1): 2024 0.2 persons → 1,600, total 1,800 + 1,600 = 3,400; 2025
  0.25 persons from the data file (従事人数, R7) → 2,000, no budget: total
  2,000.
* B3 (V2): no staff time; total = budget 500 (2024), 600 (2025).

So V1: 2024 persons 0.7, hours 100, staff cost 2,000, total 4,750; 2025
persons 0.25, hours 120, staff cost 2,480, total 3,580. The plan: 2024
staff cost 2,000, total 5,250; 2025 2,480 and 4,180; the period 4,480 and
9,430.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from helpers.tables import tables

from sphinxcontrib_keikaku.core.budgetplan import plan_budget
from sphinxcontrib_keikaku.core.model import BudgetLink, Measure, Vision, build_plan
from sphinxcontrib_keikaku.core.staffcost import (
    StaffRates,
    missing_rates,
    staff_costs,
    total_costs,
)

Build = Callable[..., BuildResult]
COST = "Staff time and total cost (thousand yen): "


def _table(result: BuildResult, page: str, caption: str) -> list[list[str]]:
    found = tables(result.html(page))
    matches = [rows for name, rows in found.items() if name.rstrip("¶") == caption]
    assert matches, f"no table {caption!r} in {page}: {list(found)}"
    return matches[0]


def _set_conf(src: Path, old: str, new: str) -> None:
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf8")
    assert old in text
    conf.write_text(text.replace(old, new), encoding="utf8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    import shutil

    from conftest import ROOTS, run_build

    root = tmp_path_factory.mktemp("staff-cost")
    src = root / "src"
    shutil.copytree(ROOTS / "test-staff-cost", src)
    return run_build(src, root / "out")


# --- the computation -------------------------------------------------------------


def test_pure_computation_matches_the_hand_computation() -> None:
    b1 = BudgetLink(
        "B1",
        "Group support",
        "plan",
        1,
        measures=("M1",),
        budget={2024: Decimal(1000), 2025: Decimal(1100)},
        settlement={2024: Decimal(950)},
        staff={2024: Decimal("0.5")},
        hours={2024: Decimal(100), 2025: Decimal(120)},
    )
    b2 = BudgetLink(
        "B2",
        "Drills",
        "plan",
        2,
        measures=("M1",),
        budget={2024: Decimal(2000)},
        settlement={2024: Decimal(1800)},
        staff={2024: Decimal("0.2"), 2025: Decimal("0.25")},
    )
    rates = StaffRates(per_hour=Decimal(4), per_person=Decimal(8000))
    assert staff_costs(b1, rates) == {2024: Decimal(400), 2025: Decimal(480)}
    assert total_costs(b1, rates) == {2024: Decimal(1350), 2025: Decimal(1580)}
    assert staff_costs(b2, rates) == {2024: Decimal(1600), 2025: Decimal(2000)}
    assert total_costs(b2, rates) == {2024: Decimal(3400), 2025: Decimal(2000)}
    # per_person only: B1's persons, not its hours, are priced
    persons = StaffRates(per_person=Decimal(8000))
    assert staff_costs(b1, persons) == {2024: Decimal(4000)}
    plan = build_plan(
        [
            Vision("V1", "Safe city", "plan", 0),
            Measure("M1", "m", "plan", 0, visions=("V1",)),
            b1,
            b2,
        ]
    )
    totals = plan_budget(plan, rates=rates).totals.figures
    assert totals.staff_cost == {2024: Decimal(2000), 2025: Decimal(2480)}
    assert totals.total_cost == {2024: Decimal(4750), 2025: Decimal(3580)}
    assert totals.staff == {2024: Decimal("0.7"), 2025: Decimal("0.25")}
    # without rates: time only, no cost
    bare = plan_budget(plan).totals.figures
    assert (bare.staff_cost, bare.total_cost) == ({}, {})
    assert bare.hours == {2024: Decimal(100), 2025: Decimal(120)}
    unset = missing_rates(plan, StaffRates())
    assert unset is not None and "keikaku_staff_cost" in unset.message
    assert missing_rates(plan, rates) is None


# --- the pages -------------------------------------------------------------------


def test_cost_table_per_row_year_and_period(built: BuildResult) -> None:
    assert built.status == 0, built.warnings
    assert "keikaku" not in built.warnings, built.warnings
    header = ["Vision", "Staff (persons)", "Staff hours", "Staff cost", "Total cost"]
    assert _table(built, "budget", COST + "FY2024 to FY2025") == [
        header,
        ["V1 Safe city", "0.95", "220", "4,480", "8,330"],
        ["V2 Green city", "", "", "", "1,100"],
        ["Total", "0.95", "220", "4,480", "9,430"],
    ]
    assert _table(built, "budget", COST + "FY2024") == [
        header,
        ["V1 Safe city", "0.7", "100", "2,000", "4,750"],
        ["V2 Green city", "", "", "", "500"],
        ["Total", "0.7", "100", "2,000", "5,250"],
    ]
    assert _table(built, "budget", COST + "FY2025")[-1] == [
        "Total",
        "0.25",
        "120",
        "2,480",
        "4,180",
    ]


def test_block_shows_staff_time_and_costs(built: BuildResult) -> None:
    amounts = _table(built, "plan", "Amounts of B1 Group support")
    assert amounts[0][-4:] == [
        "Staff (persons)",
        "Staff hours",
        "Staff cost (thousand yen)",
        "Total cost (thousand yen)",
    ]
    assert amounts[1][0] == "FY2024" and amounts[1][-4:] == [
        "0.5",
        "100",
        "400",
        "1,350",
    ]
    assert amounts[2][-4:] == ["", "120", "480", "1,580"]
    assert amounts[3][0] == "Total" and amounts[3][-4:] == [
        "0.5",
        "220",
        "880",
        "2,930",
    ]
    # a project without staff time keeps its 0.2 table
    b3 = _table(built, "plan", "Amounts of B3 Park renewal")
    assert b3[0] == [
        "Fiscal year",
        "Budget (thousand yen)",
        "Settlement (thousand yen)",
        "Execution rate",
    ]


# --- the exports -----------------------------------------------------------------


def _csv(built: BuildResult, name: str) -> list[dict[str, str]]:
    raw = (built.outdir / "keikaku" / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw, newline="")))


def test_budget_csv(built: BuildResult) -> None:
    rows = {(r["vision"], r["fiscal_year"]): r for r in _csv(built, "budget.csv")}
    v1 = rows[("V1", "2024")]
    assert (v1["staff"], v1["hours"], v1["staff_cost"], v1["total_cost"]) == (
        "0.7", "100", "2000", "4750"
    )  # fmt: skip
    total = rows[("total", "2025")]
    assert (total["staff_cost"], total["total_cost"]) == ("2480", "4180")
    assert rows[("V2", "2024")]["staff_cost"] == ""


def test_plan_json(built: BuildResult) -> None:
    data: dict[str, Any] = json.loads(
        (built.outdir / "keikaku" / "plan.json").read_text("utf8")
    )
    assert data["staff_cost"] == {"per_hour": 4, "per_person": 8000}
    objects = {o["id"]: o for o in data["objects"]}
    assert objects["B1"]["hours"] == {"2024": 100, "2025": 120}
    assert objects["B1"]["staff_cost"] == {"2024": 400, "2025": 480}
    assert objects["B1"]["total_cost"] == {"2024": 1350, "2025": 1580}
    # the data file's persons reach the export
    assert objects["B2"]["staff"] == {"2024": 0.2, "2025": 0.25}
    assert objects["B2"]["total_cost"] == {"2024": 3400, "2025": 2000}
    totals = data["implementation_plan"]["totals"]
    assert totals["staff_cost"] == {"2024": 2000, "2025": 2480}
    assert totals["total_cost"] == {"2024": 5250, "2025": 4180}


def test_values_csv_round_trips_staff_time(built: BuildResult) -> None:
    values = {
        (r["id"], r["field"], r["fiscal_year"]): r["value"]
        for r in _csv(built, "values.csv")
    }
    assert values[("B2", "staff", "2025")] == "0.25"
    assert values[("B1", "hours", "2024")] == "100"


def test_needs_json(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("staff-cost"), builder="needs")
    versions = json.loads((result.outdir / "needs.json").read_text("utf8"))["versions"]
    needs = next(iter(versions.values()))["needs"]
    assert needs["B1"]["hours"] == "2024: 100, 2025: 120"
    assert needs["B1"]["staff_cost"] == "2024: 400, 2025: 480"
    assert needs["B1"]["total_cost"] == "2024: 1,350, 2025: 1,580"
    assert needs["B2"]["staff"] == "2024: 0.2, 2025: 0.25"
    assert needs["B2"]["total_cost"] == "2024: 3,400, 2025: 2,000"


def test_latex_has_the_same_numbers(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("staff-cost"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "Staff time and total cost (thousand yen): FY2024 to FY2025" in tex
    for number in ("9,430", "4,480", "1,350", "2,930"):
        assert number in tex, number


# --- without a unit cost, and bad input -------------------------------------------


def test_staff_time_without_the_setting_is_time_only_and_one_warning(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    _set_conf(src, 'keikaku_staff_cost = {"per_hour": 4, "per_person": 8000}', "")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if "keikaku_staff_cost" in w]
    assert len(found) == 1, result.warnings
    assert "plan.md:23:" in found[0] and "[keikaku.config]" in found[0]
    assert "2 budget links" in found[0]
    assert result.status == 0  # a warning, not an error
    # time only: persons and hours, no cost columns
    assert _table(result, "budget", COST + "FY2024") == [
        ["Vision", "Staff (persons)", "Staff hours"],
        ["V1 Safe city", "0.7", "100"],
        ["V2 Green city", "", ""],
        ["Total", "0.7", "100"],
    ]
    assert _table(result, "plan", "Amounts of B1 Group support")[0][-2:] == [
        "Staff (persons)",
        "Staff hours",
    ]
    plan = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    b1 = next(o for o in plan["objects"] if o["id"] == "B1")
    assert "staff_cost" not in b1 and b1["hours"] == {"2024": 100, "2025": 120}


def test_invalid_setting_is_config_at_its_line(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    _set_conf(src, '{"per_hour": 4, "per_person": 8000}', '{"per_day": 30}')
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "per_day" in w)
    assert "conf.py:8:" in line and "[keikaku.config]" in line
    assert "per_hour" in line  # names the keys to write
    # the rest of the plan is built: the budget, time only
    assert _table(result, "budget", COST + "FY2024")[1] == [
        "V1 Safe city",
        "0.7",
        "100",
    ]


def test_hours_without_per_hour_are_reported_at_the_project(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    _set_conf(src, '{"per_hour": 4, "per_person": 8000}', '{"per_person": 8000}')
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "no unit cost" in w)
    assert "plan.md:23:" in line and "B1" in line and "2025" in line
    assert "per_hour" in line and "[keikaku.config]" in line
    # 2024 is priced by its persons: 0.5 × 8,000 + 0.2 × 8,000
    assert _table(result, "budget", COST + "FY2024")[-1] == [
        "Total",
        "0.7",
        "100",
        "5,600",
        "8,850",
    ]


def test_negative_hours_are_located(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":hours: 2024: 100,", ":hours: 2024: △100,"),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "is negative" in w)
    assert "plan.md:23:" in line and "[keikaku.value]" in line and "B1" in line
    # every other project is still there
    assert _table(result, "plan", "Amounts of B3 Park renewal")[1][:2] == [
        "FY2024",
        "500",
    ]


def test_unreadable_staff_time_in_a_data_file_is_located(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    (src / "data" / "staff.csv").write_text(
        "id,年度,項目,値\nB2,R7,従事人数,未定\nB3,R6,延べ業務時間,40\n", encoding="utf8"
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "未定" in w)
    assert "staff.csv" in line and "row 2" in line and "[keikaku.data]" in line
    # the next row is read: B3 gets 40 hours, 160 of staff cost
    amounts = _table(result, "plan", "Amounts of B3 Park renewal")
    assert amounts[1][-4:] == ["", "40", "160", "660"]


def test_staff_years_outside_the_period_are_period(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":staff: 2024: 0.2", ":staff: 2024: 0.2, 2031: 1"),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if ":staff: of" in w)
    assert "plan.md:32:" in line and "[keikaku.period]" in line and "2031" in line


def test_unreadable_staff_in_the_directive_is_located(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("staff-cost")
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":staff: 2024: 0.2", ":staff: 2024: two"),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "two" in w)
    assert "plan.md:" in line and "[keikaku.value]" in line and ":staff:" in line
    # B2 keeps its money and the data file's 2025 persons; B1 and B3 are whole
    assert _table(result, "budget", COST + "FY2025")[-1] == [
        "Total",
        "0.25",
        "120",
        "2,480",
        "4,180",
    ]
