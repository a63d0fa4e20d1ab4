"""Achievement rates (達成率), grades (評価) and their roll-up to measures.

Everything here is pure: no Sphinx state, only the message catalog for the
notes and setting errors. Values are computed with :class:`~decimal.Decimal`
(plan values are exact decimals) and the rate is returned as a ``float``
percentage, neither rounded nor capped: an overshoot shows as such.

API
===

- :func:`evaluate_indicator` (indicator, method, basis, grades) →
  :class:`Evaluation` (rate, grade, method used, note, and the actual,
  target and baseline it was computed from).
- :func:`grade_for` (rate → label), :func:`round_rate` and
  :func:`format_rate` (the shown rate, ``618.6%``, ``−`` for none).
- :func:`rollup` (indicators' evaluations or grades → a measure's grade),
  :func:`mean_rate`, :func:`grade_distribution` (label → count, in grade
  order, ``−`` last).
- Settings support: ``normalise_*``, ``DEFAULT_*``, :data:`NOT_EVALUABLE`.

Settings
========

Each setting has a ``DEFAULT_*`` constant and a ``normalise_*`` function that
returns the canonical value or raises :class:`ValueError` naming what is
allowed; ``config.py`` declares the settings from them.

``keikaku_achievement`` (:func:`normalise_achievement`)
    ``"gap"`` (default): (actual − baseline) ÷ (target − baseline) × 100,
    which works for higher- and lower-is-better alike. ``"ratio"``:
    actual ÷ target × 100, or target ÷ actual × 100 for ``down``.
``keikaku_evaluation_basis`` (:func:`normalise_basis`)
    ``"final"`` (default): the latest actual against the final target (the
    target of the last year given). A fiscal year *N* (``2025``, ``"R7"``…):
    the latest actual of a year ≤ *N* against the target of year *N*; with
    no target for *N*, the first target after *N* (the milestone being worked
    towards), and with none after *N* either, the final target.
    ``"prorated"``: the latest actual against the target prorated linearly
    from the baseline (year, value) to the final target (year, value) at the
    actual's year, clamped to the baseline before the baseline year and to
    the final target from the final year on. Without a numeric baseline, or
    with a baseline year not before the final year, it is the final target.
``keikaku_grades`` (:func:`normalise_grades`)
    ``(label, minimum rate in %)`` pairs from best to worst, the last with
    minimum ``None`` (it takes every rate below the others), as a list or a
    dict: ``{"◎": 100, "○": 80, "△": 50, "×": None}``. At least two grades,
    non-empty unique labels other than ``−``, finite minimums, strictly
    decreasing. A rate is graded as it is shown, i.e. rounded half-up to one
    decimal (:func:`round_rate`), so a table never shows ``80.0%`` beside the
    grade for "below 80".
``keikaku_rollup`` (:func:`normalise_rollup`)
    How a measure's grade follows from its indicators' (indicators that are
    not evaluable are ignored; with none evaluable it is ``−``):
    ``"points"`` (default): of *n* grades the best is worth *n* points and
    the worst 1; the measure gets the grade whose points are nearest the
    mean, a mean exactly between two grades going to the better one (the
    mean rounded half-up). ``"worst"``: the worst grade. ``"mean-rate"``:
    the grade of the arithmetic mean of the rates.

Rules of :func:`evaluate_indicator`
===================================

- Only actuals are evaluated; estimates (見込) never are.
- No actual (up to year *N* for a year basis), or no target: not evaluable
  (rate ``None``, grade :data:`NOT_EVALUABLE`), with a note saying why.
- A text target (``設置``) is qualitative: 100 % when a text actual equals
  it after NFKC normalisation and stripping (full-width and half-width
  spellings match), else 0 %; method ``"qualitative"`` whatever the setting.
- A number against a text (either way round), or a value that is not a
  finite number: not evaluable with a note. No input raises.
- Direction ``keep`` (維持) has no better side, so it never uses the gap or
  the ratio: 100 % when the actual equals the target, otherwise
  100 − |actual − target| ÷ |target| × 100 (1 % off gives 99.0 %; not
  bounded below). With a target of 0 it is 100 % or 0 %. Method ``"keep"``.
- ``gap`` with no baseline, or a text baseline such as ``－``: evaluated as
  ``ratio``, with a note. ``gap`` with target equal to baseline (``109 →
  109``): method ``"keep"``, 100 % when the actual is at least as good as the
  target in the indicator's direction, else 0 %.
- ``ratio`` with target 0 (or actual 0 for ``down``): not evaluable, since
  the quotient does not exist; the note says so.

Worked examples
===============

>>> from decimal import Decimal as D
>>> from sphinxcontrib_keikaku.core.model import Indicator
>>> def indicator(baseline, target, actual, direction="up"):
...     return Indicator(id="I1", title="t", docname="d", lineno=1,
...         direction=direction, baseline=baseline, target=target, actual=actual)
>>> i = indicator((2023, D(16)), {2025: D(19), 2027: D(21)}, {2024: D(17)})
>>> e = evaluate_indicator(i)
>>> format_rate(e.rate), e.grade, e.method, e.target_year, e.target
('20.0%', 'D', 'gap', 2027, Decimal('21'))
>>> e = evaluate_indicator(i, method="ratio")
>>> format_rate(e.rate), e.grade
('81.0%', 'B')
>>> e = evaluate_indicator(i, basis="prorated")  # 16 → 21 over 4 years
>>> e.target_year, e.target, format_rate(e.rate), e.grade
(2024, Decimal('17.25'), '80.0%', 'B')
>>> e = evaluate_indicator(i, basis=2025)  # actual of 2024 against 19
>>> e.target_year, format_rate(e.rate)
(2025, '33.3%')

Lower is better, an overshoot, and a target equal to the baseline:

>>> down = indicator((2023, D(120)), {2027: D(100)}, {2024: D(104)}, "down")
>>> format_rate(evaluate_indicator(down).rate), evaluate_indicator(down).grade
('80.0%', 'B')
>>> e = evaluate_indicator(indicator((2023, D(10)), {2027: D(12)}, {2024: D("22.37")}))
>>> e.rate, format_rate(e.rate), e.grade
(618.5, '618.5%', 'A')
>>> e = evaluate_indicator(indicator((2023, D(109)), {2027: D(109)}, {2024: D(110)}))
>>> e.rate, e.grade, e.method, e.note
(100.0, 'A', 'keep', 'target equals baseline: achieved if the actual is at least as good')

Roll-up and distribution:

>>> rollup(["A", "D"]), rollup(["A", "B"]), rollup(["A", "D"], rule="worst")
('B', 'A', 'D')
>>> grade_distribution(["A", "B", "−", "A"])
{'A': 2, 'B': 1, 'C': 0, 'D': 0, '−': 1}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    format_number,
    normalize,
    parse_fiscal_year,
)

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.core.values import Value

__all__ = [
    "ACHIEVEMENT_METHODS",
    "DEFAULT_ACHIEVEMENT",
    "DEFAULT_BASIS",
    "DEFAULT_GRADES",
    "DEFAULT_ROLLUP",
    "EVALUATION_BASES",
    "NOT_EVALUABLE",
    "ROLLUP_RULES",
    "Achievement",
    "Basis",
    "Evaluation",
    "Grades",
    "GradesInput",
    "Method",
    "RollupRule",
    "evaluate_indicator",
    "format_rate",
    "grade_distribution",
    "grade_for",
    "mean_rate",
    "normalise_achievement",
    "normalise_basis",
    "normalise_grades",
    "normalise_rollup",
    "rollup",
    "round_rate",
]

#: The grade of an indicator or measure that cannot be evaluated (U+2212).
NOT_EVALUABLE = "\u2212"

#: The ``keikaku_achievement`` setting.
Achievement = Literal["gap", "ratio"]
#: The ``keikaku_evaluation_basis`` setting: a keyword or a fiscal year.
Basis = Literal["final", "prorated"] | int
#: The ``keikaku_rollup`` setting.
RollupRule = Literal["points", "worst", "mean-rate"]
#: The method actually used for one indicator.
Method = Literal["gap", "ratio", "qualitative", "keep"]
#: Normalised grades: ``(label, minimum rate in %)``, best first, last ``None``.
Grades = tuple[tuple[str, float | None], ...]
#: What the grade functions accept; it is normalised by :func:`normalise_grades`.
GradesInput = Mapping[str, float | None] | Sequence[tuple[str, float | None]]

ACHIEVEMENT_METHODS: tuple[Achievement, ...] = ("gap", "ratio")
EVALUATION_BASES: tuple[Literal["final", "prorated"], ...] = ("final", "prorated")
ROLLUP_RULES: tuple[RollupRule, ...] = ("points", "worst", "mean-rate")

DEFAULT_ACHIEVEMENT: Achievement = "gap"
DEFAULT_BASIS: Basis = "final"
DEFAULT_GRADES: Grades = (("A", 100.0), ("B", 80.0), ("C", 50.0), ("D", None))
DEFAULT_ROLLUP: RollupRule = "points"

# The year range the value parsers accept, so a year basis cannot name a
# year no plan value can have.
_MIN_YEAR = 1900
_MAX_YEAR = 2200

# Plan values have at most 15 integer digits, but any number of decimals;
# 34 significant digits (IEEE decimal128) keep every quotient far more exact
# than the float it becomes, and the widest exponents mean no input can
# overflow. Only the operations that signal a real problem trap.
_ARITHMETIC = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emin=MIN_EMIN,
    Emax=MAX_EMAX,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


# --- settings ----------------------------------------------------------------


def normalise_achievement(value: object) -> Achievement:
    """Return ``"gap"`` or ``"ratio"`` for ``keikaku_achievement``."""
    if isinstance(value, str):
        key = normalize(value).lower()
        for method in ACHIEVEMENT_METHODS:
            if key == method:
                return method
    raise ValueError(
        _text(
            _(
                "%r is not an achievement method: use 'gap' "
                "((actual − baseline) ÷ (target − baseline)) or 'ratio' "
                "(actual ÷ target)"
            ),
            value,
        )
    )


def normalise_basis(value: object) -> Basis:
    """Return ``"final"``, ``"prorated"`` or a fiscal year (``int``) for
    ``keikaku_evaluation_basis``; a year may be written ``2025``, ``"FY2025"``
    or ``"R7"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if _MIN_YEAR <= value <= _MAX_YEAR:
            return value
    elif isinstance(value, str):
        key = normalize(value).lower()
        for basis in EVALUATION_BASES:
            if key == basis:
                return basis
        try:
            return parse_fiscal_year(value)
        except PlanValueError:
            pass
    raise ValueError(
        _text(
            _(
                "%r is not an evaluation basis: use 'final' (latest actual "
                "against the final target), 'prorated' (against the target "
                "prorated to the actual's year) or a fiscal year between %d "
                "and %d such as 2025 or 'R7'"
            ),
            value,
            _MIN_YEAR,
            _MAX_YEAR,
        )
    )


def normalise_rollup(value: object) -> RollupRule:
    """Return ``"points"``, ``"worst"`` or ``"mean-rate"`` for ``keikaku_rollup``."""
    if isinstance(value, str):
        key = normalize(value).lower()
        for rule in ROLLUP_RULES:
            if key == rule:
                return rule
    raise ValueError(
        _text(
            _(
                "%r is not a roll-up rule: use 'points' (the grade nearest the "
                "mean of the grades), 'worst' (the lowest grade) or "
                "'mean-rate' (the grade of the mean rate)"
            ),
            value,
        )
    )


_GRADES_EXAMPLE = "[('A', 100), ('B', 80), ('C', 50), ('D', None)]"


def normalise_grades(value: object) -> Grades:
    """Return ``keikaku_grades`` as a tuple of ``(label, minimum)`` pairs.

    Accepts a list or tuple of pairs, or a dict (in its order). Labels are
    stripped; minimums become ``float``.
    """
    pairs: list[tuple[object, object]] = []
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, (list, tuple)):
        for item in value:
            if not (isinstance(item, (list, tuple)) and len(item) == 2):
                raise ValueError(
                    _text(
                        _(
                            "each grade must be a (label, minimum rate in %%) "
                            "pair such as ('A', 100), not %r"
                        ),
                        item,
                    )
                )
            pairs.append((item[0], item[1]))
    else:
        raise ValueError(
            _text(
                _(
                    "write the grades from best to worst as (label, minimum "
                    "rate in %%) pairs, the last with minimum None, such as %s, "
                    "or as a dict in that order"
                ),
                _GRADES_EXAMPLE,
            )
        )
    if len(pairs) < 2:
        raise ValueError(
            _text(
                _("give at least two grades, the last with minimum None, such as %s"),
                _GRADES_EXAMPLE,
            )
        )
    result: list[tuple[str, float | None]] = []
    previous: tuple[str, float] | None = None
    for index, (raw_label, minimum) in enumerate(pairs):
        if not isinstance(raw_label, str) or not raw_label.strip():
            raise ValueError(
                _text(
                    _(
                        "grade labels must be non-empty texts such as 'A' or '◎', not %r"
                    ),
                    raw_label,
                )
            )
        label = raw_label.strip()
        if label == NOT_EVALUABLE:
            raise ValueError(
                _text(
                    _(
                        "%r is reserved for indicators that cannot be "
                        "evaluated: choose another grade label"
                    ),
                    label,
                )
            )
        if any(label == seen for seen, _minimum in result):
            raise ValueError(
                _text(_("grade %r is given twice: give each label once"), label)
            )
        last = index == len(pairs) - 1
        if minimum is None:
            if not last:
                raise ValueError(
                    _text(
                        _(
                            "only the last grade may have no minimum (None), "
                            "but %r has none and is not last"
                        ),
                        label,
                    )
                )
            result.append((label, None))
            continue
        if last:
            raise ValueError(
                _text(
                    _(
                        "the last grade %r must have minimum None, so that "
                        "every rate below the other grades gets it"
                    ),
                    label,
                )
            )
        if isinstance(minimum, bool) or not isinstance(minimum, (int, float, Decimal)):
            raise ValueError(
                _text(
                    _(
                        "the minimum of grade %r must be a rate in %% such as "
                        "80, or None for the last grade, not %r"
                    ),
                    label,
                    minimum,
                )
            )
        try:
            number = float(minimum)
        except (OverflowError, ValueError):  # a huge int, a signalling NaN
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(
                _text(
                    _("the minimum of grade %r must be a finite number, not %r"),
                    label,
                    minimum,
                )
            )
        if previous is not None and number >= previous[1]:
            raise ValueError(
                _text(
                    _(
                        "grade minimums must decrease strictly from the best "
                        "grade to the worst, but %r (%s) is not below %r (%s)"
                    ),
                    label,
                    format(number, "g"),
                    previous[0],
                    format(previous[1], "g"),
                )
            )
        previous = (label, number)
        result.append((label, number))
    return tuple(result)


# --- one indicator ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation of one indicator, with the values it was computed from."""

    #: Achievement rate in percent, unrounded and uncapped; ``None`` when the
    #: indicator cannot be evaluated.
    rate: float | None
    #: A grade label, or :data:`NOT_EVALUABLE`.
    grade: str
    #: The method that was used (or would have been, when not evaluable).
    method: Method
    #: Why the evaluation is special (translated), or ``""``.
    note: str = ""
    actual_year: int | None = None
    actual: Value | None = None
    #: For a prorated basis, the actual's year and the prorated target.
    target_year: int | None = None
    target: Value | None = None
    baseline: Value | None = None
    baseline_year: int | None = None

    @property
    def evaluable(self) -> bool:
        """Whether a rate could be computed."""
        return self.rate is not None


def _finite(*values: Value | None) -> bool:
    return all(not isinstance(v, Decimal) or v.is_finite() for v in values)


def _select(
    indicator: Indicator, basis: Basis, notes: list[str]
) -> tuple[int | None, Value | None, int | None, Value | None]:
    """Pick (actual year, actual, target year, target) for ``basis``."""
    years = [y for y in indicator.actual if not isinstance(basis, int) or y <= basis]
    actual_year = max(years, default=None)
    actual = indicator.actual[actual_year] if actual_year is not None else None
    targets = indicator.target
    target_year: int | None
    if not targets:
        target_year = None
    elif isinstance(basis, int):
        if basis in targets:
            target_year = basis
        else:
            target_year = min((y for y in targets if y > basis), default=max(targets))
    else:
        target_year = max(targets)
    target = targets[target_year] if target_year is not None else None
    if basis == "prorated" and actual_year is not None and target_year is not None:
        target_year, target = _prorate(
            indicator.baseline, target_year, target, actual_year, notes
        )
    return actual_year, actual, target_year, target


def _prorate(
    baseline: tuple[int, Value] | None,
    final_year: int,
    final: Value | None,
    year: int,
    notes: list[str],
) -> tuple[int, Value | None]:
    """The target of ``year`` on the line from the baseline to the final target."""
    if not isinstance(final, Decimal) or not final.is_finite():
        # A qualitative target has no line to prorate along.
        return final_year, final
    start_year, start = baseline if baseline is not None else (final_year, None)
    if not isinstance(start, Decimal) or not start.is_finite():
        notes.append(
            _text(
                _(
                    "no numeric baseline to prorate from: evaluated against the final target"
                )
            )
        )
        return final_year, final
    if start_year >= final_year:
        notes.append(
            _text(
                _(
                    "the baseline year is not before the final target year: "
                    "evaluated against the final target"
                )
            )
        )
        return final_year, final
    if year >= final_year:
        return final_year, final
    if year <= start_year:
        return year, start
    # Multiply before dividing so that exact quotients stay exact.
    return year, start + (final - start) * (year - start_year) / (
        final_year - start_year
    )


def _keep_rate(actual: Decimal, target: Decimal, notes: list[str]) -> Decimal:
    """Direction ``keep``: 100 at the target, less the relative deviation."""
    if target.is_zero():
        notes.append(_text(_("kept at 0: achieved only when the actual is 0")))
        return _HUNDRED if actual.is_zero() else _ZERO
    notes.append(
        _text(
            _("direction keep: 100% less the actual's deviation from the target in %")
        )
    )
    return _HUNDRED - abs(actual - target) * _HUNDRED / abs(target)


def _numeric_rate(
    actual: Decimal,
    target: Decimal,
    baseline: Value | None,
    direction: str,
    method: Achievement,
    notes: list[str],
) -> tuple[Decimal | None, Method]:
    if direction == "keep":
        return _keep_rate(actual, target, notes), "keep"
    if method == "gap":
        if baseline is None:
            notes.append(
                _text(_("no baseline: evaluated as target ÷ actual"))
                if direction == "down"
                else _text(_("no baseline: evaluated as actual ÷ target"))
            )
        elif not isinstance(baseline, Decimal):
            # Plans write "－" or "なし" for a new indicator's baseline.
            notes.append(
                _text(
                    _("the baseline %r is not a number: evaluated as actual ÷ target"),
                    baseline,
                )
            )
        elif target == baseline:
            notes.append(
                _text(
                    _(
                        "target equals baseline: achieved if the actual is at least as good"
                    )
                )
            )
            good = actual <= target if direction == "down" else actual >= target
            return (_HUNDRED if good else _ZERO), "keep"
        else:
            return (actual - baseline) * _HUNDRED / (target - baseline), "gap"
    if direction == "down":
        if actual.is_zero():
            notes.append(
                _text(_("the actual is 0: target ÷ actual cannot be computed"))
            )
            return None, "ratio"
        return target * _HUNDRED / actual, "ratio"
    if target.is_zero():
        notes.append(_text(_("the target is 0: actual ÷ target cannot be computed")))
        return None, "ratio"
    return actual * _HUNDRED / target, "ratio"


def _rate(
    actual: Value | None,
    target: Value | None,
    baseline: Value | None,
    direction: str,
    method: Achievement,
    basis: Basis,
    notes: list[str],
) -> tuple[Decimal | None, Method]:
    if target is None:
        notes.append(_text(_("no target")))
        return None, method
    qualitative = isinstance(target, str)
    if actual is None:
        if isinstance(basis, int):
            notes.append(_text(_("no actual up to fiscal year %d"), basis))
        else:
            notes.append(_text(_("no actual yet")))
        return None, "qualitative" if qualitative else method
    if isinstance(target, str):
        if not isinstance(actual, str):
            notes.append(
                _text(
                    _("the actual %s is a number but the target %r is a text"),
                    actual,
                    target,
                )
            )
            return None, "qualitative"
        notes.append(
            _text(_("qualitative target: achieved when the actual equals the target"))
        )
        achieved = normalize(actual) == normalize(target)
        return (_HUNDRED if achieved else _ZERO), "qualitative"
    if isinstance(actual, str):
        notes.append(
            _text(_("the actual %r is a text but the target is a number"), actual)
        )
        return None, method
    if not _finite(actual, target, baseline):
        notes.append(_text(_("a value is not a finite number")))
        return None, method
    return _numeric_rate(actual, target, baseline, direction, method, notes)


def evaluate_indicator(
    indicator: Indicator,
    *,
    method: Achievement = DEFAULT_ACHIEVEMENT,
    basis: Basis = DEFAULT_BASIS,
    grades: GradesInput = DEFAULT_GRADES,
) -> Evaluation:
    """Evaluate ``indicator`` by the module's rules; never raises for any
    indicator values (only for invalid settings, with :class:`ValueError`)."""
    method = normalise_achievement(method)
    basis = normalise_basis(basis)
    table = normalise_grades(grades)
    notes: list[str] = []
    baseline_year, baseline = indicator.baseline or (None, None)
    actual_year, actual, target_year, target = None, None, None, None
    rate: float | None = None
    used: Method = method
    try:
        with localcontext(_ARITHMETIC):
            actual_year, actual, target_year, target = _select(indicator, basis, notes)
            exact, used = _rate(
                actual, target, baseline, indicator.direction, method, basis, notes
            )
        if exact is not None:
            rate = float(exact)
            if math.isfinite(rate):
                rate += 0.0  # -0.0 (from 0 ÷ a negative) becomes 0.0
            else:
                rate = None
                notes.append(
                    _text(_("the rate is too large to compute: check the values"))
                )
    except ArithmeticError:
        # Not reachable with the values the parsers produce; a broken value
        # from elsewhere must still not stop the build.
        rate = None
        notes.append(_text(_("the rate cannot be computed from these values")))
    return Evaluation(
        rate=rate,
        grade=grade_for(rate, table),
        method=used,
        note="; ".join(notes),
        actual_year=actual_year,
        actual=actual,
        target_year=target_year,
        target=target,
        baseline=baseline,
        baseline_year=baseline_year,
    )


# --- rates and grades --------------------------------------------------------


def round_rate(rate: float | None) -> Decimal | None:
    """``rate`` rounded half-up to one decimal, as shown and graded; ``None``
    for ``None`` or a non-finite rate."""
    if rate is None or not math.isfinite(rate):
        return None
    # repr() gives the shortest decimal that is this float, so 12.25 rounds
    # to 12.3 as a reader expects, not by the binary value behind it.
    exact = Decimal(repr(rate))
    context = Context(prec=max(28, exact.adjusted() + 4), rounding=ROUND_HALF_UP)
    shown = exact.quantize(Decimal("0.1"), context=context)
    return shown.copy_abs() if shown.is_zero() else shown


def format_rate(rate: float | None) -> str:
    """``618.6%``: one decimal, half-up, thousands separators; ``−`` for none."""
    shown = round_rate(rate)
    if shown is None:
        return NOT_EVALUABLE
    return format_number(shown) + "%"


def grade_for(rate: float | None, grades: GradesInput = DEFAULT_GRADES) -> str:
    """The grade of ``rate`` (graded as shown, see :func:`round_rate`), or
    :data:`NOT_EVALUABLE` for ``None``."""
    table = normalise_grades(grades)
    shown = round_rate(rate)
    if shown is None:
        return NOT_EVALUABLE
    for label, minimum in table:
        if minimum is None or shown >= Decimal(repr(minimum)):
            return label
    return table[-1][0]  # pragma: no cover - the last grade has no minimum


def mean_rate(evaluations: Iterable[Evaluation]) -> float | None:
    """The arithmetic mean of the evaluable rates, or ``None`` if there are none."""
    rates = [e.rate for e in evaluations if e.rate is not None]
    return math.fsum(rates) / len(rates) if rates else None


def _label_of(item: Evaluation | str) -> str:
    return item if isinstance(item, str) else item.grade


def _unknown(label: str, table: Grades) -> ValueError:
    return ValueError(
        _text(
            _("%r is not a grade: the grades are %s"),
            label,
            ", ".join([label for label, _minimum in table] + [NOT_EVALUABLE]),
        )
    )


def rollup(
    items: Iterable[Evaluation | str],
    *,
    rule: RollupRule = DEFAULT_ROLLUP,
    grades: GradesInput = DEFAULT_GRADES,
) -> str:
    """The grade of a measure from its indicators' evaluations (or grades).

    ``"points"`` and ``"worst"`` accept grade labels, so measures' grades
    can be rolled up to a goal the same way; ``"mean-rate"`` needs
    :class:`Evaluation` objects (a label has no rate) and raises
    :class:`ValueError` for any label other than ``−``. An unknown label
    also raises :class:`ValueError`: it means the grades changed between
    evaluating and rolling up.
    """
    rule = normalise_rollup(rule)
    table = normalise_grades(grades)
    if rule == "mean-rate":
        evaluations: list[Evaluation] = []
        for item in items:
            if isinstance(item, Evaluation):
                evaluations.append(item)
            elif item != NOT_EVALUABLE:
                raise ValueError(
                    _text(
                        _(
                            "the mean-rate roll-up needs evaluations with "
                            "rates, not the grade %r"
                        ),
                        item,
                    )
                )
        return grade_for(mean_rate(evaluations), table)
    labels = [label for label, _minimum in table]
    ranks: list[int] = []
    for item in items:
        label = _label_of(item)
        if label == NOT_EVALUABLE:
            continue
        if label not in labels:
            raise _unknown(label, table)
        ranks.append(labels.index(label))
    if not ranks:
        return NOT_EVALUABLE
    if rule == "worst":
        return labels[max(ranks)]
    n = len(labels)
    mean = Fraction(sum(n - rank for rank in ranks), len(ranks))
    # The nearest whole number of points, a tie (x.5) going up: the better grade.
    points = math.floor(mean + Fraction(1, 2))
    return labels[n - points]


def grade_distribution(
    items: Iterable[Evaluation | str], grades: GradesInput = DEFAULT_GRADES
) -> dict[str, int]:
    """How many of ``items`` have each grade: every label in grade order, then
    :data:`NOT_EVALUABLE`, zeros included."""
    table = normalise_grades(grades)
    counts = dict.fromkeys([label for label, _minimum in table], 0)
    counts[NOT_EVALUABLE] = 0
    for item in items:
        label = _label_of(item)
        if label not in counts:
            raise _unknown(label, table)
        counts[label] += 1
    return counts
