"""Tests for :mod:`sphinxcontrib_keikaku.core.evaluation`."""

from __future__ import annotations

import dataclasses
import doctest
import math
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core import evaluation
from sphinxcontrib_keikaku.core.evaluation import (
    DEFAULT_ACHIEVEMENT,
    DEFAULT_BASIS,
    DEFAULT_GRADES,
    DEFAULT_ROLLUP,
    NOT_EVALUABLE,
    Evaluation,
    evaluate_indicator,
    format_rate,
    grade_distribution,
    grade_for,
    mean_rate,
    normalise_achievement,
    normalise_basis,
    normalise_grades,
    normalise_rollup,
    rollup,
    round_rate,
)
from sphinxcontrib_keikaku.core.model import Indicator
from sphinxcontrib_keikaku.core.values import Value

D = Decimal
SYMBOLS = {"◎": 100, "○": 80, "△": 50, "×": None}


def make(
    *,
    baseline: tuple[int, Value] | None = (2023, D(16)),
    target: dict[int, Value] | None = None,
    actual: dict[int, Value] | None = None,
    direction: Any = "up",
) -> Indicator:
    return Indicator(
        id="I1",
        title="t",
        docname="d",
        lineno=1,
        measures=("M1",),
        direction=direction,
        baseline=baseline,
        target={2027: D(21)} if target is None else target,
        actual={2024: D(17)} if actual is None else actual,
    )


def ev(
    baseline: Value | None,
    target: Value,
    actual: Value | None,
    direction: Any = "up",
    **kwargs: Any,
) -> Evaluation:
    """Evaluate baseline (2023) → target (2027) with an actual (2024)."""
    return evaluate_indicator(
        make(
            baseline=None if baseline is None else (2023, baseline),
            target={2027: target},
            actual={} if actual is None else {2024: actual},
            direction=direction,
        ),
        **kwargs,
    )


def test_module_examples() -> None:
    result = doctest.testmod(evaluation)
    assert result.attempted > 10
    assert result.failed == 0


# --- settings ----------------------------------------------------------------


def test_defaults_are_normal() -> None:
    assert normalise_achievement(DEFAULT_ACHIEVEMENT) == "gap"
    assert normalise_basis(DEFAULT_BASIS) == "final"
    assert normalise_rollup(DEFAULT_ROLLUP) == "points"
    assert normalise_grades(DEFAULT_GRADES) == DEFAULT_GRADES
    assert DEFAULT_GRADES == (("A", 100.0), ("B", 80.0), ("C", 50.0), ("D", None))
    assert NOT_EVALUABLE == "\u2212"


@pytest.mark.parametrize(
    ("value", "expected"), [("gap", "gap"), ("ratio", "ratio"), (" Ratio ", "ratio")]
)
def test_normalise_achievement(value: str, expected: str) -> None:
    assert normalise_achievement(value) == expected


@pytest.mark.parametrize("value", ["mean", "", None, 1, ["gap"]])
def test_normalise_achievement_rejects(value: object) -> None:
    with pytest.raises(ValueError, match=r"'gap'.*'ratio'") as info:
        normalise_achievement(value)
    assert type(info.value.args[0]) is str


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("final", "final"),
        ("prorated", "prorated"),
        (" Final ", "final"),
        (2025, 2025),
        ("2025", 2025),
        ("FY2025", 2025),
        ("R7", 2025),
        ("令和７年度", 2025),
    ],
)
def test_normalise_basis(value: object, expected: object) -> None:
    assert normalise_basis(value) == expected


@pytest.mark.parametrize(
    "value", ["latest", "", None, True, 1800, 2201, 2025.0, "R0", [2025]]
)
def test_normalise_basis_rejects(value: object) -> None:
    with pytest.raises(ValueError, match=r"'final'.*'prorated'.*fiscal year"):
        normalise_basis(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("points", "points"), ("worst", "worst"), ("mean-rate", "mean-rate")],
)
def test_normalise_rollup(value: str, expected: str) -> None:
    assert normalise_rollup(value) == expected


@pytest.mark.parametrize("value", ["mean", "best", None, 0])
def test_normalise_rollup_rejects(value: object) -> None:
    with pytest.raises(ValueError, match=r"'points'.*'worst'.*'mean-rate'"):
        normalise_rollup(value)


def test_normalise_grades_forms() -> None:
    assert normalise_grades(SYMBOLS) == (
        ("◎", 100.0),
        ("○", 80.0),
        ("△", 50.0),
        ("×", None),
    )
    assert normalise_grades([["A", 90], [" B ", D("49.5")], ("C", None)]) == (
        ("A", 90.0),
        ("B", 49.5),
        ("C", None),
    )
    # Negative minimums are fine: a gap rate can be negative.
    assert normalise_grades({"good": 0, "bad": None}) == (("good", 0.0), ("bad", None))
    for _label, minimum in normalise_grades({"A": 100, "B": None}):
        assert minimum is None or type(minimum) is float


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("A", "from best to worst"),
        (5, "from best to worst"),
        (None, "from best to worst"),
        ([], "at least two grades"),
        ({}, "at least two grades"),
        ([("A", None)], "at least two grades"),
        ([("A", 100, 1), ("D", None)], "pair"),
        (["AB", ("D", None)], "pair"),
        ([("", 100), ("D", None)], "non-empty"),
        ([("  ", 100), ("D", None)], "non-empty"),
        ([(1, 100), ("D", None)], "non-empty"),
        ([("A", 100), ("−", None)], "reserved"),
        ([("A", 100), ("A", None)], "twice"),
        ([("A", None), ("D", None)], "only the last"),
        ([("A", None), ("B", 50), ("D", None)], "only the last"),
        ([("A", 100), ("D", 0)], "must have minimum None"),
        ([("A", True), ("D", None)], "must be a rate"),
        ([("A", "80"), ("D", None)], "must be a rate"),
        ([("A", math.nan), ("D", None)], "finite"),
        ([("A", math.inf), ("D", None)], "finite"),
        ([("A", D("NaN")), ("D", None)], "finite"),
        ([("A", D("sNaN")), ("D", None)], "finite"),
        ([("A", 10**400), ("D", None)], "finite"),
        ([("A", 80), ("B", 80), ("D", None)], "decrease strictly"),
        ([("A", 50), ("B", 80), ("D", None)], "decrease strictly"),
    ],
)
def test_normalise_grades_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        normalise_grades(value)
    assert type(info.value.args[0]) is str


def test_invalid_settings_raise_in_evaluate() -> None:
    with pytest.raises(ValueError):
        evaluate_indicator(make(), method="mean")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        evaluate_indicator(make(), basis="latest")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        evaluate_indicator(make(), grades=[("A", 100)])


# --- gap and ratio -----------------------------------------------------------


def test_worked_example_gap() -> None:
    e = evaluate_indicator(make(target={2025: D(19), 2027: D(21)}))
    assert e == Evaluation(
        rate=20.0,
        grade="D",
        method="gap",
        note="",
        actual_year=2024,
        actual=D(17),
        target_year=2027,
        target=D(21),
        baseline=D(16),
        baseline_year=2023,
    )
    assert e.evaluable


def test_worked_example_ratio() -> None:
    e = evaluate_indicator(make(), method="ratio")
    assert e.rate == pytest.approx(17 / 21 * 100)
    assert (format_rate(e.rate), e.grade, e.method, e.note) == (
        "81.0%",
        "B",
        "ratio",
        "",
    )


def test_latest_actual_against_final_target() -> None:
    e = evaluate_indicator(
        make(
            target={2027: D(21), 2025: D(19)},
            actual={2025: D(19), 2024: D(17), 2023: D(16)},
        )
    )
    assert (e.actual_year, e.actual, e.target_year, e.target) == (
        2025,
        D(19),
        2027,
        D(21),
    )
    assert e.rate == 60.0


def test_lower_is_better_gap() -> None:
    e = ev(D(120), D(100), D(104), "down")
    assert (e.rate, e.grade, e.method) == (80.0, "B", "gap")


def test_lower_is_better_ratio_is_inverted() -> None:
    e = ev(D(120), D(100), D(104), "down", method="ratio")
    assert e.rate == pytest.approx(100 / 104 * 100)
    assert (format_rate(e.rate), e.grade) == ("96.2%", "B")


def test_lower_is_better_with_target_zero() -> None:
    # Gap divides by target − baseline, never by the target itself.
    e = ev(D(5), D(0), D(2), "down")
    assert (e.rate, e.grade) == (60.0, "C")
    e = ev(D(5), D(0), D(3), "down", method="ratio")
    assert (e.rate, e.grade, e.method) == (0.0, "D", "ratio")


def test_overshoot_is_not_capped() -> None:
    e = ev(D(10), D(12), D("22.37"))
    assert (e.rate, format_rate(e.rate), e.grade) == (618.5, "618.5%", "A")
    e = ev(D(120), D(100), D(40), "down")
    assert e.rate == 400.0


def test_going_backwards_is_negative() -> None:
    e = ev(D(16), D(21), D(15))
    assert (e.rate, e.grade) == (-20.0, "D")
    e = ev(D(16), D(21), D(16))
    assert e.rate == 0.0
    assert math.copysign(1, e.rate) == 1  # not -0.0
    e = ev(D(120), D(100), D(120), "down")
    assert math.copysign(1, e.rate or 1) == 1
    assert format_rate(e.rate) == "0.0%"


def test_gap_without_baseline_uses_ratio() -> None:
    e = ev(None, D(21), D(17))
    assert e.method == "ratio"
    assert e.rate == pytest.approx(17 / 21 * 100)
    assert e.note == "no baseline: evaluated as actual ÷ target"
    assert e.baseline is None and e.baseline_year is None


def test_gap_with_text_baseline_uses_ratio() -> None:
    e = ev("－", D(20), D(15))
    assert (e.rate, e.method) == (75.0, "ratio")
    assert "'－'" in e.note and "actual ÷ target" in e.note
    assert e.baseline == "－"


def test_ratio_without_baseline_has_no_note() -> None:
    e = ev(None, D(20), D(15), method="ratio")
    assert (e.rate, e.method, e.note) == (75.0, "ratio", "")


def test_ratio_with_zero_target_is_not_evaluable() -> None:
    e = ev(D(3), D(0), D(2), method="ratio")
    assert (e.rate, e.grade, e.method) == (None, NOT_EVALUABLE, "ratio")
    assert "target is 0" in e.note
    # Gap without a baseline falls back to ratio and meets the same zero.
    e = ev(None, D(0), D(2))
    assert (e.rate, e.grade) == (None, NOT_EVALUABLE)
    assert "no baseline" in e.note and "target is 0" in e.note


def test_ratio_down_with_zero_actual_is_not_evaluable() -> None:
    e = ev(D(5), D(2), D(0), "down", method="ratio")
    assert (e.rate, e.grade) == (None, NOT_EVALUABLE)
    assert "actual is 0" in e.note


# --- target equal to baseline, direction keep -------------------------------


@pytest.mark.parametrize(
    ("direction", "actual", "rate"),
    [
        ("up", D(110), 100.0),
        ("up", D(109), 100.0),
        ("up", D("108.9"), 0.0),
        ("down", D(108), 100.0),
        ("down", D(109), 100.0),
        ("down", D(110), 0.0),
    ],
)
def test_target_equals_baseline(direction: str, actual: Decimal, rate: float) -> None:
    e = ev(D(109), D(109), actual, direction)
    assert (e.rate, e.method) == (rate, "keep")
    assert e.grade == ("A" if rate else "D")
    assert (
        e.note == "target equals baseline: achieved if the actual is at least as good"
    )


def test_target_equals_baseline_under_ratio_is_plain_ratio() -> None:
    e = ev(D(109), D(109), D(100), method="ratio")
    assert e.method == "ratio"
    assert e.rate == pytest.approx(100 / 109 * 100)


@pytest.mark.parametrize("method", ["gap", "ratio"])
@pytest.mark.parametrize(
    ("baseline", "target", "actual", "rate"),
    [
        (D(109), D(109), D(109), 100.0),
        (D(100), D(100), D(99), 99.0),
        (D(100), D(100), D(101), 99.0),
        (D(90), D(100), D(100), 100.0),  # target ≠ baseline: the same rule
        (None, D(100), D(80), 80.0),  # no baseline needed, no note about it
        (D(100), D(100), D(300), -100.0),  # not bounded below
        (D(0), D(0), D(0), 100.0),
        (D(0), D(0), D("0.1"), 0.0),
    ],
)
def test_direction_keep(
    method: str,
    baseline: Decimal | None,
    target: Decimal,
    actual: Decimal,
    rate: float,
) -> None:
    e = ev(baseline, target, actual, "keep", method=method)
    assert (e.rate, e.method) == (rate, "keep")
    assert "baseline" not in e.note
    assert ("kept at 0" in e.note) == target.is_zero()
    assert ("direction keep" in e.note) == (not target.is_zero())


# --- qualitative and mismatched values --------------------------------------


@pytest.mark.parametrize("method", ["gap", "ratio"])
@pytest.mark.parametrize(
    ("target", "actual", "rate"),
    [
        ("設置", "設置", 100.0),
        ("設置", " 設置 ", 100.0),
        ("設置", "未設置", 0.0),
        ("ＩＣＴ計画策定", "ICT計画策定", 100.0),
        ("ICT計画策定", "ＩＣＴ計画策定　", 100.0),
        ("ICT計画策定", "ict計画策定", 0.0),
    ],
)
def test_qualitative(method: str, target: str, actual: str, rate: float) -> None:
    e = ev(None, target, actual, method=method)
    assert (e.rate, e.method) == (rate, "qualitative")
    assert e.grade == ("A" if rate else "D")
    assert "qualitative target" in e.note
    assert (e.target, e.actual) == (target, actual)


def test_qualitative_ignores_baseline_and_proration() -> None:
    e = ev("未設置", "設置", "設置", basis="prorated")
    assert (e.rate, e.method, e.target_year) == (100.0, "qualitative", 2027)
    assert "prorate" not in e.note


def test_qualitative_target_with_numeric_actual() -> None:
    e = ev(None, "設置", D(1))
    assert (e.rate, e.grade, e.method) == (None, NOT_EVALUABLE, "qualitative")
    assert "number" in e.note and "'設置'" in e.note


def test_numeric_target_with_text_actual() -> None:
    e = ev(D(16), D(21), "集計中")
    assert (e.rate, e.grade, e.method) == (None, NOT_EVALUABLE, "gap")
    assert "'集計中'" in e.note and "text" in e.note
    assert e.actual == "集計中"


def test_missing_actual() -> None:
    e = ev(D(16), D(21), None)
    assert (e.rate, e.grade, e.note) == (None, NOT_EVALUABLE, "no actual yet")
    assert (e.target_year, e.target, e.actual_year, e.actual) == (
        2027,
        D(21),
        None,
        None,
    )
    e = ev(None, "設置", None)
    assert (e.method, e.note) == ("qualitative", "no actual yet")


def test_missing_target() -> None:
    e = evaluate_indicator(make(target={}))
    assert (e.rate, e.grade, e.note) == (None, NOT_EVALUABLE, "no target")
    assert (e.actual_year, e.actual) == (2024, D(17))


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
@pytest.mark.parametrize("where", ["baseline", "target", "actual"])
def test_non_finite_values_are_not_evaluable(bad: Decimal, where: str) -> None:
    values: dict[str, Value] = {"baseline": D(16), "target": D(21), "actual": D(17)}
    values[where] = bad
    for basis in ("final", "prorated"):
        e = ev(values["baseline"], values["target"], values["actual"], basis=basis)
        assert (e.rate, e.grade) == (None, NOT_EVALUABLE)
        assert e.note


def test_rate_too_large_for_a_float() -> None:
    e = ev(D(0), D("1E-400"), D(1))
    assert (e.rate, e.grade) == (None, NOT_EVALUABLE)
    assert "too large" in e.note


# --- bases -------------------------------------------------------------------


def test_prorated_basis() -> None:
    e = evaluate_indicator(make(), basis="prorated")
    assert (e.target_year, e.target) == (2024, D("17.25"))
    assert (e.rate, e.grade, e.method, e.note) == (80.0, "B", "gap", "")
    e = evaluate_indicator(make(), basis="prorated", method="ratio")
    assert e.rate == pytest.approx(17 / 17.25 * 100)


def test_prorated_ignores_intermediate_targets() -> None:
    e = evaluate_indicator(
        make(target={2025: D(30), 2027: D(21)}, actual={2025: D("18.5")}),
        basis="prorated",
    )
    assert (e.target_year, e.target, e.rate) == (2025, D("18.5"), 100.0)


def test_prorated_with_repeating_fraction() -> None:
    e = evaluate_indicator(
        make(baseline=(2024, D(10)), target={2027: D(20)}, actual={2025: D(13)}),
        basis="prorated",
    )
    assert isinstance(e.target, Decimal)
    assert float(e.target) == pytest.approx(10 + 10 / 3)
    assert e.rate == pytest.approx(90.0)
    assert format_rate(e.rate) == "90.0%"


def test_prorated_after_final_year_uses_final_target() -> None:
    e = evaluate_indicator(make(actual={2028: D(21)}), basis="prorated")
    assert (e.target_year, e.target, e.rate, e.note) == (2028 - 1, D(21), 100.0, "")


def test_prorated_at_baseline_year_expects_the_baseline() -> None:
    e = evaluate_indicator(make(actual={2023: D(16)}), basis="prorated")
    assert (e.target_year, e.target, e.rate, e.method) == (2023, D(16), 100.0, "keep")
    e = evaluate_indicator(make(actual={2022: D(15)}), basis="prorated")
    assert (e.target_year, e.target, e.rate) == (2022, D(16), 0.0)


def test_prorated_without_baseline_is_final() -> None:
    e = evaluate_indicator(make(baseline=None), basis="prorated", method="ratio")
    assert (e.target_year, e.target, e.method) == (2027, D(21), "ratio")
    assert (
        e.note
        == "no numeric baseline to prorate from: evaluated against the final target"
    )
    e = evaluate_indicator(make(baseline=None), basis="prorated")
    assert e.method == "ratio"
    assert "prorate" in e.note and "no baseline" in e.note


def test_prorated_with_baseline_year_not_before_target() -> None:
    e = evaluate_indicator(make(baseline=(2027, D(16))), basis="prorated")
    assert (e.target_year, e.target, e.rate) == (2027, D(21), 20.0)
    assert "baseline year is not before" in e.note


def test_prorated_without_actual() -> None:
    e = evaluate_indicator(make(actual={}), basis="prorated")
    assert (e.rate, e.target_year, e.note) == (None, 2027, "no actual yet")


def test_year_basis_exact_target() -> None:
    i = make(target={2025: D(19), 2027: D(21)}, actual={2024: D(17), 2025: D(18)})
    e = evaluate_indicator(i, basis=2025)
    assert (e.actual_year, e.target_year, e.target) == (2025, 2025, D(19))
    assert e.rate == pytest.approx(200 / 3)
    assert evaluate_indicator(i, basis=normalise_basis("R7")) == e


def test_year_basis_uses_latest_actual_up_to_the_year() -> None:
    i = make(target={2025: D(19), 2027: D(21)}, actual={2024: D(17), 2026: D(20)})
    e = evaluate_indicator(i, basis=2025)
    assert (e.actual_year, e.actual, e.target_year) == (2024, D(17), 2025)


def test_year_basis_without_target_uses_next_later_target() -> None:
    i = make(target={2025: D(19), 2027: D(21)}, actual={2026: D(20)})
    e = evaluate_indicator(i, basis=2026)
    assert (e.actual_year, e.target_year, e.target, e.rate) == (2026, 2027, D(21), 80.0)


def test_year_basis_after_all_targets_uses_final_target() -> None:
    i = make(target={2025: D(19), 2027: D(21)}, actual={2028: D(22)})
    e = evaluate_indicator(i, basis=2029)
    assert (e.actual_year, e.target_year, e.rate) == (2028, 2027, 120.0)


def test_year_basis_without_actual_up_to_the_year() -> None:
    e = evaluate_indicator(make(actual={2026: D(20)}), basis=2025)
    assert (e.rate, e.grade, e.actual_year) == (None, NOT_EVALUABLE, None)
    assert e.note == "no actual up to fiscal year 2025"


# --- the Evaluation object ---------------------------------------------------


def test_evaluation_is_frozen_and_picklable() -> None:
    e = ev(None, D(21), D(17))
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.rate = 1.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(e)) == e
    assert type(e.note) is str
    assert not hasattr(e, "__dict__")


def test_custom_grades() -> None:
    assert ev(D(16), D(21), D(17), grades=SYMBOLS).grade == "×"
    assert ev(D(16), D(21), D(21), grades=SYMBOLS).grade == "◎"
    assert ev(D(16), D(21), None, grades=SYMBOLS).grade == NOT_EVALUABLE


# --- rates and grades --------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (12.25, "12.3%"),
        (12.35, "12.4%"),
        (12.24, "12.2%"),
        (618.55, "618.6%"),
        (618.5, "618.5%"),
        (100.0, "100.0%"),
        (0.05, "0.1%"),
        (0.0, "0.0%"),
        (-0.04, "0.0%"),
        (-12.25, "-12.3%"),
        (1234.56, "1,234.6%"),
        (1e20, "100,000,000,000,000,000,000.0%"),
        (None, NOT_EVALUABLE),
        (math.nan, NOT_EVALUABLE),
        (math.inf, NOT_EVALUABLE),
    ],
)
def test_format_rate(rate: float | None, text: str) -> None:
    assert format_rate(rate) == text


def test_round_rate() -> None:
    assert round_rate(12.25) == D("12.3")
    assert round_rate(-0.01) == D("0.0")
    assert str(round_rate(-0.01)) == "0.0"
    assert round_rate(None) is None


@pytest.mark.parametrize(
    ("rate", "grade"),
    [
        (None, NOT_EVALUABLE),
        (math.nan, NOT_EVALUABLE),
        (618.5, "A"),
        (100.0, "A"),
        (99.96, "A"),  # shown as 100.0%
        (99.94, "B"),
        (80.0, "B"),
        (79.95, "B"),
        (79.9, "C"),
        (50.0, "C"),
        (49.9, "D"),
        (0.0, "D"),
        (-50.0, "D"),
    ],
)
def test_grade_for(rate: float | None, grade: str) -> None:
    assert grade_for(rate) == grade
    assert grade_for(rate, DEFAULT_GRADES) == grade


def test_grade_for_custom_grades() -> None:
    assert grade_for(80.0, SYMBOLS) == "○"
    assert grade_for(10.0, SYMBOLS) == "×"
    grades = [("good", 66.67), ("poor", None)]
    assert grade_for(66.67, grades) == "good"
    assert grade_for(66.6, grades) == "poor"


def test_every_evaluation_is_graded_by_its_shown_rate() -> None:
    e = ev(D(0), D(3), D("2.3999"))
    assert e.rate is not None and e.rate < 80
    assert (format_rate(e.rate), e.grade) == ("80.0%", "B")


# --- roll-up -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "grade"),
    [
        (["A"], "A"),
        (["A", "B"], "A"),  # 3.5 points: a tie goes to the better grade
        (["A", "D"], "B"),  # 2.5 points: B rather than C
        (["C", "D"], "C"),  # 1.5 points
        (["A", "C"], "B"),  # 3 points exactly
        (["A", "A", "D"], "B"),  # 3 points
        (["A", "A", "A", "D"], "B"),  # 3.25 points
        (["A", "A", "A", "C"], "A"),  # 3.5 points
        (["B", "C", "C"], "C"),  # 2.33 points
        (["D", "D", "C"], "D"),  # 1.33 points
        (["A", "−", "−"], "A"),
        (["−", "−"], NOT_EVALUABLE),
        ([], NOT_EVALUABLE),
    ],
)
def test_rollup_points(labels: list[str], grade: str) -> None:
    assert rollup(labels) == grade
    assert rollup(labels, rule="points", grades=DEFAULT_GRADES) == grade


@pytest.mark.parametrize(
    ("labels", "grade"),
    [
        (["A", "B", "D"], "D"),
        (["A", "B"], "B"),
        (["A", "−"], "A"),
        (["−"], NOT_EVALUABLE),
        ([], NOT_EVALUABLE),
    ],
)
def test_rollup_worst(labels: list[str], grade: str) -> None:
    assert rollup(labels, rule="worst") == grade


def test_rollup_accepts_evaluations_and_custom_grades() -> None:
    evaluations = [
        ev(D(16), D(21), D(21), grades=SYMBOLS),
        ev(D(16), D(21), D(17), grades=SYMBOLS),
    ]
    assert [e.grade for e in evaluations] == ["◎", "×"]
    assert rollup(evaluations, grades=SYMBOLS) == "○"
    assert rollup(evaluations, rule="worst", grades=SYMBOLS) == "×"
    assert rollup(iter(["◎", "△"]), grades=SYMBOLS) == "○"


def test_rollup_mean_rate() -> None:
    evaluations = [
        ev(D(16), D(21), D(21)),  # 100
        ev(D(16), D(21), D("18.5")),  # 50
        ev(D(16), D(21), None),  # not evaluable: ignored
        ev(None, "設置", "設置"),  # 100
    ]
    assert mean_rate(evaluations) == pytest.approx(250 / 3)
    assert rollup(evaluations, rule="mean-rate") == "B"
    assert rollup(evaluations[:2], rule="mean-rate") == "C"
    assert rollup([*evaluations[:2], NOT_EVALUABLE], rule="mean-rate") == "C"


def test_rollup_all_not_evaluable() -> None:
    evaluations = [ev(D(16), D(21), None), ev(D(16), D(21), "集計中")]
    for rule in ("points", "worst", "mean-rate"):
        assert rollup(evaluations, rule=rule) == NOT_EVALUABLE
        assert rollup([], rule=rule) == NOT_EVALUABLE
    assert mean_rate(evaluations) is None


def test_rollup_mean_rate_needs_rates() -> None:
    with pytest.raises(ValueError, match=r"mean-rate.*'A'"):
        rollup(["A", "B"], rule="mean-rate")


def test_rollup_rejects_unknown_grades_and_rules() -> None:
    with pytest.raises(ValueError, match="'Z' is not a grade"):
        rollup(["A", "Z"])
    with pytest.raises(ValueError, match="'points'"):
        rollup(["A"], rule="best")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        rollup(["A"], grades={"A": None})


def test_grade_distribution() -> None:
    counts = grade_distribution(["A", "B", NOT_EVALUABLE, "A"])
    assert counts == {"A": 2, "B": 1, "C": 0, "D": 0, NOT_EVALUABLE: 1}
    assert list(counts) == ["A", "B", "C", "D", NOT_EVALUABLE]
    assert grade_distribution([]) == dict.fromkeys(["A", "B", "C", "D", "−"], 0)
    evaluations = [ev(D(16), D(21), D(21), grades=SYMBOLS), ev(D(16), D(21), None)]
    assert grade_distribution(evaluations, SYMBOLS) == {
        "◎": 1,
        "○": 0,
        "△": 0,
        "×": 0,
        "−": 1,
    }
    with pytest.raises(ValueError, match="'◎' is not a grade"):
        grade_distribution(["◎"])


# --- properties --------------------------------------------------------------

YEARS = st.integers(min_value=2015, max_value=2035)
NUMBERS = st.decimals(
    min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
)
VALUES = st.one_of(
    NUMBERS, NUMBERS, NUMBERS, st.sampled_from(["設置", "ＩＣＴ", "－", ""])
)
ANY_DECIMALS = st.decimals(allow_nan=True, allow_infinity=True)
BASES = st.one_of(st.sampled_from(["final", "prorated"]), YEARS)
LABELS = {label for label, _minimum in DEFAULT_GRADES} | {NOT_EVALUABLE}


def indicators(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Indicator]:
    return st.builds(
        make,
        baseline=st.none() | st.tuples(YEARS, values),
        target=st.dictionaries(YEARS, values, max_size=3),
        actual=st.dictionaries(YEARS, values, max_size=3),
        direction=st.sampled_from(["up", "down", "keep"]),
    )


def check(indicator: Indicator, method: Any, basis: Any) -> Evaluation:
    e = evaluate_indicator(indicator, method=method, basis=basis)
    assert e.grade in LABELS
    assert (e.rate is None) == (e.grade == NOT_EVALUABLE)
    assert e.rate is None or math.isfinite(e.rate)
    assert e.grade == grade_for(e.rate)
    assert isinstance(format_rate(e.rate), str)
    assert type(e.note) is str
    if e.rate is None:
        assert e.note  # a reader is always told why
    return e


@settings(max_examples=300)
@given(indicators(VALUES), st.sampled_from(["gap", "ratio"]), BASES)
def test_evaluate_never_raises(indicator: Indicator, method: Any, basis: Any) -> None:
    e = check(indicator, method, basis)
    if all(isinstance(v, Decimal) for v in indicator.target.values()):
        assert e.method != "qualitative"


@settings(max_examples=200)
@given(indicators(ANY_DECIMALS), st.sampled_from(["gap", "ratio"]), BASES)
def test_evaluate_never_raises_for_extreme_decimals(
    indicator: Indicator, method: Any, basis: Any
) -> None:
    check(indicator, method, basis)


@given(st.lists(st.sampled_from(sorted(LABELS)), max_size=8))
def test_rollup_stays_within_the_grades(labels: list[str]) -> None:
    evaluable = [label for label in labels if label != NOT_EVALUABLE]
    order = [label for label, _minimum in DEFAULT_GRADES]
    for rule in ("points", "worst"):
        grade = rollup(labels, rule=rule)
        if not evaluable:
            assert grade == NOT_EVALUABLE
        else:
            ranks = [order.index(label) for label in evaluable]
            assert min(ranks) <= order.index(grade) <= max(ranks)
    assert sum(grade_distribution(labels).values()) == len(labels)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_format_and_grade_any_float(rate: float) -> None:
    text = format_rate(rate)
    assert text == NOT_EVALUABLE or text.endswith("%")
    assert grade_for(rate) in LABELS
