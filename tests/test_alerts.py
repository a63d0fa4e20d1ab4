"""What needs attention: ``plan-alerts``, ``keikaku_alerts``, the
dashboard's ``:alerts:`` section and ``plan.json``'s ``alerts``.

The root ``test-alerts`` is a hand-made plan (evaluation year 2025, the
default thresholds) with exactly one case of each kind:

* ``worse``: I-worse (up) 10 → 9 → 8 in 2023–2025, worse two years running;
* ``execution``: B-low settled 600 of 1,000 in 2024, 60 % < 70 %;
* ``swing``: B-swing 1,000 → 1,500 from 2024 to 2025, +50 % > 30 %;
* ``general-fund``: B-gf's 一般財源 share 40 → 50 → 60 % in 2022–2024;
* ``repeated``: M2's last-stage direction 改善 in 2022, 2023 and 2024;
* ``mismatch``: M3's 2024 last stage (二次評価) says 拡充, its budget falls
  800 → 700 in 2025 (its 一次評価 said 縮小: the last stage counts);
* ``missing``: I-missing has no actual for 2025;
* ``new`` / ``ended``: B-new first budgeted, B-ended last budgeted in 2025.

Every other object is clear of every kind (equal budgets, rising or flat
actuals, execution 99 %, a 12.5 % move).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from helpers.tables import tables

Build = Callable[..., BuildResult]

HEADER = ["Alert", "Object", "Fiscal year", "Why"]
EXPECTED = [
    HEADER,
    [
        "Getting worse",
        "I-worse Visitors",
        "FY2025",
        "worse than the year before 2 years running: FY2023 10 → FY2024 9 → FY2025 8",
    ],
    [
        "Low execution rate",
        "B-low Low execution",
        "FY2024",
        "execution rate 60.0% in FY2024 (settlement 600 ÷ budget 1,000), below 70.0%",
    ],
    [
        "Budget swing",
        "B-swing Swing",
        "FY2025",
        "budget 1,000 in FY2024, 1,500 in FY2025 (+50.0%), a move of more than 30.0%",
    ],
    [
        "Rising share of general revenue",
        "B-gf General fund",
        "FY2024",
        "the share of general revenue (一般財源) rose two years running: "
        "FY2022 40.0% → FY2023 50.0% → FY2024 60.0%",
    ],
    [
        "Same direction repeated",
        "M2 Care",
        "FY2024",
        "direction 改善 in the last-stage evaluation 3 years running (FY2022–FY2024)",
    ],
    [
        "Direction and budget disagree",
        "M3 Health",
        "FY2025",
        "direction 拡充 in FY2024, but the budget falls from 800 (FY2024) "
        "to 700 (FY2025)",
    ],
    [
        "No actual",
        "I-missing Satisfaction",
        "FY2025",
        "no actual for FY2025, the evaluation year",
    ],
    [
        "New project",
        "B-new New",
        "FY2025",
        "first budgeted in FY2025, the evaluation year",
    ],
    [
        "Ended project",
        "B-ended Ended",
        "FY2025",
        "last budgeted in FY2025, the evaluation year",
    ],
]


def _table(result: BuildResult, page: str, caption: str) -> list[list[str]]:
    found = tables(result.html(page))
    matches = [rows for name, rows in found.items() if name.rstrip("¶") == caption]
    assert matches, f"no table {caption!r} in {page}: {list(found)}"
    return matches[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    import shutil

    from conftest import ROOTS, run_build

    root = tmp_path_factory.mktemp("alerts")
    src = root / "src"
    shutil.copytree(ROOTS / "test-alerts", src)
    return run_build(src, root / "out")


def test_the_list_matches_the_hand_made_plan(built: BuildResult) -> None:
    assert built.status == 0, built.warnings
    assert built.warnings == ""
    assert _table(built, "alerts", "All alerts (as of FY2025)") == EXPECTED


def test_each_alert_links_to_its_object(built: BuildResult) -> None:
    html = built.html("alerts")
    for target in ("plan.html#I-worse", "plan.html#B-gf", "plan.html#M3"):
        assert f'href="{target}"' in html, target


def test_department_and_kinds(built: BuildResult) -> None:
    # Welfare: M2 and M3 and their projects, none of Planning's
    assert [row[1] for row in _table(built, "alerts", "Welfare (as of FY2025)")] == [
        "Object",
        "M2 Care",
        "M3 Health",
    ]
    assert _table(built, "alerts", "New and ended (as of FY2025)") == [
        HEADER,
        EXPECTED[8],
        EXPECTED[9],
    ]


def test_dashboard_section(built: BuildResult) -> None:
    assert _table(built, "dashboard", "What needs attention (as of FY2025)") == EXPECTED


def test_plan_json(built: BuildResult) -> None:
    data: dict[str, Any] = json.loads(
        (built.outdir / "keikaku" / "plan.json").read_text("utf8")
    )
    alerts = data["alerts"]
    assert alerts["evaluation_year"] == 2025
    assert alerts["thresholds"] == {
        "worse_years": 2,
        "execution_rate": 70,
        "swing": 30,
        "repeated": 3,
    }
    assert [(a["kind"], a["object"], a["year"]) for a in alerts["items"]] == [
        ("worse", "I-worse", 2025),
        ("execution", "B-low", 2024),
        ("swing", "B-swing", 2025),
        ("general-fund", "B-gf", 2024),
        ("repeated", "M2", 2024),
        ("mismatch", "M3", 2025),
        ("missing", "I-missing", 2025),
        ("new", "B-new", 2025),
        ("ended", "B-ended", 2025),
    ]
    assert [a["message"] for a in alerts["items"]] == [row[3] for row in EXPECTED[1:]]


def test_latex(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("alerts"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "All alerts (as of FY2025)" in tex
    assert "Direction and budget disagree" in tex
    assert "first budgeted in FY2025, the evaluation year" in tex


def test_japanese_with_era_years(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("alerts")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"en"', '"ja"') + 'keikaku_year_style = "era"\n',
        encoding="utf8",
    )
    result = build(src)
    assert result.status == 0, result.warnings
    html = result.html("alerts")
    assert "令和7年度" in html and "FY2025" not in html
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    ended = data["alerts"]["items"][-1]["message"]
    assert "令和7年度" in ended, ended


def test_thresholds_are_read_from_the_setting(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("alerts")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + 'keikaku_alerts = {"execution_rate": 50, "swing": 60}\n',
        encoding="utf8",
    )
    result = build(src)
    kinds = [row[0] for row in _table(result, "alerts", "All alerts (as of FY2025)")]
    assert "Low execution rate" not in kinds and "Budget swing" not in kinds
    assert len(kinds) == len(EXPECTED) - 2


def test_bad_setting_is_config_and_defaults_are_used(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("alerts")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + 'keikaku_alerts = {"swing": "a lot"}\n', encoding="utf8"
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "keikaku_alerts" in w)
    assert "conf.py:8:" in line and "[keikaku.config]" in line and "swing" in line
    assert _table(result, "alerts", "All alerts (as of FY2025)") == EXPECTED


def test_unknown_kind_is_located_and_the_rest_is_listed(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("alerts")
    page = src / "alerts.md"
    page.write_text(
        page.read_text().replace(":kinds: new, ended", ":kinds: new, endd"),
        encoding="utf8",
    )
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "endd" in w)
    assert "alerts.md:13:" in line and "[keikaku.value]" in line
    assert "ended" in line  # the kinds to choose from
    assert _table(result, "alerts", "New and ended (as of FY2025)") == [
        HEADER,
        EXPECTED[8],
    ]
    assert _table(result, "alerts", "All alerts (as of FY2025)") == EXPECTED


def test_find_alerts_scope_thresholds_and_keep() -> None:
    from decimal import Decimal

    from sphinxcontrib_keikaku.core.alerts import DEFAULT_THRESHOLDS, find_alerts
    from sphinxcontrib_keikaku.core.model import Indicator, Measure, Vision, build_plan

    def d(value: int) -> Decimal:
        return Decimal(value)

    plan = build_plan(
        [
            Vision("V1", "a", "p", 1),
            Vision("V2", "b", "p", 2),
            Measure("M1", "m1", "p", 3, visions=("V1",)),
            Measure("M2", "m2", "p", 4, visions=("V2",)),
            # keep at 100: 99 → 97 → 94 moves away from the target each year
            Indicator(
                "I1",
                "kept",
                "p",
                5,
                measures=("M1",),
                direction="keep",
                target={2026: d(100)},
                actual={2023: d(99), 2024: d(97), 2025: d(94)},
            ),
            # down: rising is worse
            Indicator(
                "I2",
                "fewer",
                "p",
                6,
                measures=("M2",),
                direction="down",
                target={2026: d(10)},
                actual={2023: d(20), 2024: d(21), 2025: d(22)},
            ),
        ]
    )
    found = find_alerts(plan, DEFAULT_THRESHOLDS, 2025, kinds=["worse"])
    assert [(a.object_id, a.years) for a in found] == [
        ("I1", (2023, 2024, 2025)),
        ("I2", (2023, 2024, 2025)),
    ]
    assert [
        a.object_id for a in find_alerts(plan, DEFAULT_THRESHOLDS, 2025, visions=["V2"])
    ] == ["I2"]
    # three years running asked: two steps are not enough
    longer = {**DEFAULT_THRESHOLDS, "worse_years": 3}
    assert find_alerts(plan, longer, 2025, kinds=["worse"]) == []
    # as of 2024 only one step is seen
    assert find_alerts(plan, DEFAULT_THRESHOLDS, 2024, kinds=["worse"]) == []
