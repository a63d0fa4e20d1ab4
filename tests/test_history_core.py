"""core.history and core.asof without Sphinx: the evaluation year, the
as-of evaluation, survey indicators, and the history with recorded cells
given directly (the evaluation records are joined in elsewhere)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sphinxcontrib_keikaku.core.evaluation import NOT_EVALUABLE
from sphinxcontrib_keikaku.core.history import (
    RecordedCell,
    Scheme,
    basis_as_of,
    direction_summary,
    evaluate_as_of,
    evaluate_year,
    evaluation_year,
    history,
    history_years,
    parse_measured,
    settings_conflict,
)
from sphinxcontrib_keikaku.core.model import Indicator, Measure, Plan, build_plan
from sphinxcontrib_keikaku.core.values import PlanValueError


def _indicator(id: str, measure: str, **fields: object) -> Indicator:
    defaults: dict[str, object] = {
        "baseline": (2023, D(0)),
        "target": {2027: D(100)},
    }
    defaults.update(fields)
    return Indicator(
        id=id, title=id, docname="d", lineno=1, measures=(measure,), **defaults
    )  # type: ignore[arg-type]


def _plan() -> Plan:
    return build_plan(
        [
            Measure(id="M1", title="m1", docname="d", lineno=1, visions=("V1",)),
            Measure(id="M2", title="m2", docname="d", lineno=2, visions=("V1",)),
            _indicator("I1", "M1", actual={2024: D(40), 2025: D(85), 2026: D(100)}),
            _indicator(
                "I2",
                "M1",
                actual={2024: D(60), 2027: D(90)},
                measured=(2024, 2027),
            ),
            _indicator("I3", "M2", actual={2024: D(80), 2025: D(20)}),
        ]
    )


def test_parse_measured() -> None:
    assert parse_measured("R6, R9") == (2024, 2027)
    assert parse_measured("令和9年度、令和6年度 2024") == (2024, 2027)
    with pytest.raises(PlanValueError, match="soon"):
        parse_measured("R6, soon")
    with pytest.raises(PlanValueError):
        parse_measured(" , ")


def test_evaluation_year_and_basis() -> None:
    plan = _plan()
    assert evaluation_year(plan, None, "final") == 2027  # the latest actual
    assert evaluation_year(plan, 2025, "final") == 2025
    assert evaluation_year(plan, None, 2026) == 2026  # a year basis
    assert evaluation_year(build_plan([]), None, "final") is None
    assert basis_as_of(2026, 2024) == 2024
    assert basis_as_of("prorated", 2024) == "prorated"
    assert settings_conflict(2025, 2026)
    assert not settings_conflict(2025, 2025)
    assert not settings_conflict(2025, "final")
    assert not settings_conflict(None, 2026)


def test_evaluate_as_of_cuts_later_actuals() -> None:
    i1 = _plan().get("I1", Indicator)
    assert i1 is not None
    ev = evaluate_as_of(i1, 2024)
    assert (ev.actual_year, ev.rate, ev.grade) == (2024, 40.0, "D")
    ev = evaluate_as_of(i1, 2025)
    assert (ev.actual_year, ev.grade) == (2025, "B")
    assert evaluate_as_of(i1, None).grade == "A"
    # a year basis measures each year against that year's target
    milestone = _indicator(
        "I9",
        "M1",
        target={2025: D(50), 2027: D(100)},
        actual={2024: D(40), 2025: D(50)},
    )
    ev = evaluate_as_of(milestone, 2025, Scheme(basis=2027))
    assert (ev.target_year, ev.grade) == (2025, "A")


def test_survey_not_measured_is_not_failing() -> None:
    plan = _plan()
    i2 = plan.get("I2", Indicator)
    assert i2 is not None
    ev = evaluate_as_of(i2, 2025)
    assert not ev.measured
    assert ev.rate is None and ev.grade == NOT_EVALUABLE
    assert ev.actual == D(60) and ev.actual_year == 2024  # the last measurement
    assert "not measured" in ev.note
    measured = evaluate_as_of(i2, 2024)
    assert measured.measured and measured.grade == "C"
    year = evaluate_year(plan, 2025, Scheme())
    # the survey is left out of M1's grade: only I1 (85% B) counts
    assert year.measure_grades["M1"] == "B"
    assert year.carried["I2"].grade == "C"
    assert evaluate_year(plan, 2025, Scheme()) is year  # cached on the plan


def test_history_rows_trends_and_distribution() -> None:
    plan = _plan()
    data = history(
        plan, [2024, 2025, 2026, 2027], evaluated_up_to=2026, indicators=True
    )
    rows = {row.object_id: row for row in data.rows}
    assert [c.grade for c in rows["M1"].cells] == ["C", "B", "A", NOT_EVALUABLE]
    assert [c.evaluated for c in rows["M1"].cells] == [True, True, True, False]
    assert rows["M1"].trend == "improved"
    assert rows["M1"].trend_years == (2025, 2026)
    assert rows["M2"].trend == "declined"
    # no 2026 actual below M2: its 2026 grade rests on 2025, and says so
    assert [c.carried_from for c in rows["M2"].cells[:3]] == [None, None, 2025]
    # M2's indicator has no 2026 actual: graded from 2025's, marked, no trend
    i3 = rows["I3"].cells
    assert (i3[2].grade, i3[2].carried_from) == ("D", 2025)
    assert rows["I3"].trend == "declined" and rows["I3"].trend_years == (2024, 2025)
    i2 = rows["I2"].cells
    assert [(c.grade, c.measured, c.carried_from) for c in i2[:3]] == [
        ("C", True, None),
        ("C", False, 2024),
        ("C", False, 2024),
    ]
    assert rows["I2"].trend is None  # one measured year up to 2026
    assert data.distribution[2025] == {"A": 0, "B": 1, "C": 0, "D": 1, "−": 0}
    assert 2027 not in data.distribution
    assert not data.has_records and data.directions == {}


def test_history_with_records() -> None:
    plan = _plan()
    records = {
        ("M1", 2024): RecordedCell(
            grade="B", direction="継続", docname="r", anchor="E1"
        ),
        ("M1", 2025): RecordedCell(grade="A", direction="拡充"),
        ("M2", 2024): RecordedCell(direction="継続"),
        ("M2", 2025): RecordedCell(grade="D", direction="改善"),
        ("I1", 2025): RecordedCell(grade="B"),
        ("M9", 2025): RecordedCell(direction="廃止"),  # not in the table
    }
    data = history(
        plan, [2024, 2025], evaluated_up_to=2025, records=records, indicators=True
    )
    rows = {row.object_id: row for row in data.rows}
    assert data.has_records
    assert rows["M1"].cells[0].recorded == records[("M1", 2024)]
    assert rows["I1"].cells[1].recorded == RecordedCell(grade="B")
    assert rows["M2"].cells[0].grade == "B"  # computed, beside the record
    assert data.directions == {2024: {"継続": 2}, 2025: {"拡充": 1, "改善": 1}}
    only_m2 = history(
        plan,
        [2024, 2025],
        evaluated_up_to=2025,
        records=records,
        measures=[m for m in plan.of_kind(Measure) if m.id == "M2"],
    )
    assert only_m2.directions == {2024: {"継続": 1}, 2025: {"改善": 1}}


def test_direction_summary_order() -> None:
    assert direction_summary(["統合", "継続", "拡充", "継続", "見直し"]) == {
        "拡充": 1,
        "継続": 2,
        "統合": 1,
        "見直し": 1,
    }
    assert list(direction_summary(["b", "a"], known=())) == ["b", "a"]


def test_history_years() -> None:
    plan = _plan()
    assert history_years(plan, (2024, 2026), 2025) == [2024, 2025, 2026]
    assert history_years(plan, None, 2025) == [2024, 2025]
    assert history_years(plan, None, None) == [2024, 2025, 2026, 2027]


def test_history_without_evaluation_year() -> None:
    plan = build_plan(
        [
            Measure(id="M1", title="m", docname="d", lineno=1, visions=("V1",)),
            _indicator("I1", "M1"),
        ]
    )
    data = history(plan, [2024, 2025], evaluated_up_to=None)
    assert all(not c.evaluated for c in data.rows[0].cells)
    assert data.rows[0].trend is None and data.distribution == {}


def test_check_measured() -> None:
    from sphinxcontrib_keikaku.core.history import check_measured
    from sphinxcontrib_keikaku.core.rules import Rule

    assert check_measured(_plan()) == []
    plan = build_plan(
        [_indicator("I2", "M1", actual={2024: D(1), 2025: D(2)}, measured=(2024,))]
    )
    (finding,) = check_measured(plan)
    assert finding.rule is Rule.PERIOD
    assert finding.object_id == "I2" and finding.lineno == 1
    assert "2025" in finding.message and ":measured:" in finding.message
