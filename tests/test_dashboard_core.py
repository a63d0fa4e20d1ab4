"""core.dashboard and core.logicmodel, without Sphinx: figures checked by hand."""

from __future__ import annotations

from decimal import Decimal as D

from sphinxcontrib_keikaku.core.dashboard import (
    dashboard,
    default_level,
    evaluation_year,
    is_achieved,
)
from sphinxcontrib_keikaku.core.evaluation import evaluate_indicator, rollup
from sphinxcontrib_keikaku.core.logicmodel import logic_model, outline
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    Plan,
    PlanObject,
    Vision,
    build_plan,
)


def _plan(*objects: PlanObject) -> Plan:
    plan = build_plan(objects)
    for indicator in plan.of_kind(Indicator):
        plan.evaluations[indicator.id] = evaluate_indicator(indicator)
    for measure in plan.of_kind(Measure):
        plan.measure_grades[measure.id] = rollup(
            [plan.evaluations[i.id] for i in plan.indicators_of(measure.id)]
        )
    return plan


def _objects() -> list[PlanObject]:
    """将来像 V0 with two goals; M1 under V1 has two indicators (one achieved,
    one not) and a budget link; M2 under V2 has no indicator."""
    return [
        Vision("V0", "Future", "d", 1),
        Vision("V1", "Goal one", "d", 2, parents=("V0",)),
        Vision("V2", "Goal two", "d", 3, parents=("V0",)),
        Measure("M1", "First", "d", 4, visions=("V1",)),
        Measure("M2", "Second", "d", 5, visions=("V2",)),
        Indicator(
            "I1", "Up", "d", 6, measures=("M1",), baseline=(2023, D(10)),
            target={2027: D(20)}, actual={2024: D(20)},
        ),
        Indicator(
            "I2", "Half", "d", 7, measures=("M1",), baseline=(2023, D(0)),
            target={2027: D(10)}, actual={2025: D(5)},
        ),
        BudgetLink(
            "B1", "Money", "d", 8, measures=("M1",),
            budget={2024: D(200), 2025: D(300)}, settlement={2024: D(150)},
        ),
        BudgetLink("B2", "Other", "d", 9, measures=("M2",), budget={2024: D(100)}),
    ]  # fmt: skip


def test_evaluation_year() -> None:
    plan = _plan(*_objects())
    assert evaluation_year(plan) == 2025  # the latest year with an actual
    assert evaluation_year(plan, "prorated") == 2025
    assert evaluation_year(plan, 2024) == 2024  # a year basis is that year
    assert evaluation_year(_plan(Vision("V", "t", "d", 1))) is None


def test_achieved_as_shown() -> None:
    assert is_achieved(100.0) and is_achieved(618.6)
    assert is_achieved(99.95)  # shown as 100.0%
    assert not is_achieved(99.94)  # shown as 99.9%
    assert not is_achieved(None)


def test_default_level() -> None:
    plan = _plan(*_objects())
    assert default_level(plan) == 2  # one root with children: its children
    assert default_level(plan, "V1") == 1  # a vision without children: itself
    assert default_level(plan, "V0") == 2
    two_roots = _plan(Vision("A", "a", "d", 1), Vision("B", "b", "d", 2))
    assert default_level(two_roots) == 1


def test_dashboard_figures() -> None:
    plan = _plan(*_objects())
    board = dashboard(plan)
    assert board.level == 2 and board.evaluation_year == 2025
    assert board.settlement_year == 2024
    assert [row.vision.id for row in board.rows if row.vision] == ["V1", "V2"]
    total, v1, v2 = board.total, board.rows[0], board.rows[1]
    assert total.vision is None and total.measures == 2
    # I1: 100 %, I2: 50 % -> M1 gets B (points), M2 has none
    assert total.measure_grades == {"A": 0, "B": 1, "C": 0, "D": 0, "−": 1}
    assert (total.indicators, total.evaluable, total.achieved) == (2, 2, 1)
    assert total.achieved_share == 50.0
    assert (total.with_actual, total.missing_actual) == (1, 1)  # I2 in 2025
    assert total.completeness == 50.0
    assert (total.budget, total.settlement) == (D(300), D(150))
    assert total.execution == 50.0
    assert (v1.budget, v1.settlement, v1.execution) == (D(200), D(150), 75.0)
    assert v2.indicators == 0 and v2.achieved_share is None
    assert v2.completeness is None
    assert (v2.budget, v2.settlement, v2.execution) == (D(100), None, None)
    under = dashboard(plan, under="V1")
    assert under.under is not None and under.under.id == "V1"
    assert [row.vision.id for row in under.rows if row.vision] == ["V1"]
    assert under.total.measures == 1


def test_a_survey_indicator_is_not_missing_in_a_year_without_a_survey() -> None:
    """I1 is measured by a survey in 2024 and 2027 only: as of 2025 it is
    not measured that year (as in the history), not 未入力 (issue 32)."""
    objects = _objects()
    objects[5] = Indicator(
        "I1", "Survey", "d", 6, measures=("M1",), baseline=(2023, D(10)),
        target={2027: D(20)}, actual={2024: D(20)}, measured=(2024, 2027),
    )  # fmt: skip
    board = dashboard(_plan(*objects))
    assert board.evaluation_year == 2025
    total = board.total
    assert (total.indicators, total.unmeasured, total.measured) == (2, 1, 1)
    assert (total.with_actual, total.missing_actual) == (1, 0)  # I2 entered
    assert total.completeness == 100.0
    # every other figure as before
    assert (total.evaluable, total.achieved) == (2, 1)
    assert (total.budget, total.settlement) == (D(300), D(150))
    # in a survey year, the same indicator without an actual is missing
    later = dashboard(_plan(*objects), year_setting=2027).total
    assert (later.unmeasured, later.with_actual, later.missing_actual) == (0, 0, 2)


def test_logic_model_arrows() -> None:
    plan = _plan(*_objects())
    model = logic_model(plan, plan.objects["V0"])  # type: ignore[arg-type]
    assert [v.id for v in model.visions] == ["V0", "V1", "V2"]
    assert [m.id for m in model.measures] == ["M1", "M2"]
    assert [m.id for m in model.unmeasured] == ["M2"]
    assert model.edges == [
        ("B1", "M1"),
        ("B2", "M2"),
        ("M1", "I1"),
        ("I1", "V1"),
        ("M1", "I2"),
        ("I2", "V1"),
        ("M2", "V2"),  # no indicator: straight to the vision, the gap shows
        ("V1", "V0"),
        ("V2", "V0"),
    ]
    one = logic_model(plan, plan.objects["V2"])  # type: ignore[arg-type]
    assert [o.id for o in one.budget_links] == ["B2"] and not one.indicators


def test_outline() -> None:
    plan = _plan(*_objects())
    model = logic_model(plan, plan.objects["V0"])  # type: ignore[arg-type]

    def flat(item: object, depth: int = 0) -> list[tuple[int, str]]:
        rows = [(depth, item.obj.id)]  # type: ignore[attr-defined]
        for child in item.children:  # type: ignore[attr-defined]
            rows += flat(child, depth + 1)
        return rows

    assert flat(outline(plan, model)) == [
        (0, "V0"),
        (1, "V1"),
        (2, "M1"),
        (3, "I1"),
        (3, "I2"),
        (3, "B1"),
        (1, "V2"),
        (2, "M2"),
        (3, "B2"),
    ]
