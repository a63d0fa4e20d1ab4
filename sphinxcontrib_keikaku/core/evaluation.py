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

The settings (``keikaku_achievement``, ``keikaku_evaluation_basis``,
``keikaku_grades``, ``keikaku_rollup``) are normalised by
:mod:`~sphinxcontrib_keikaku.core.settings`; rates are shown, graded and
rolled up by :mod:`~sphinxcontrib_keikaku.core.grades`. Both are re-exported
here.


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
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.grades import (
    format_rate,
    grade_distribution,
    grade_for,
    mean_rate,
    rollup,
    round_rate,
)
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_ACHIEVEMENT,
    DEFAULT_BASIS,
    DEFAULT_GRADES,
    DEFAULT_ROLLUP,
    NOT_EVALUABLE,
    Achievement,
    Basis,
    GradesInput,
    Method,
    normalise_achievement,
    normalise_basis,
    normalise_grades,
    normalise_rollup,
)
from sphinxcontrib_keikaku.core.values import normalize

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.core.values import Value

# What this module defines, and the names of grades and settings that code,
# tests and docs import from here (the settings' other names and types
# are imported from core/settings.py).
__all__ = [
    "DEFAULT_ACHIEVEMENT",
    "DEFAULT_BASIS",
    "DEFAULT_GRADES",
    "DEFAULT_ROLLUP",
    "NOT_EVALUABLE",
    "Evaluation",
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
    #: False as of a fiscal year a survey indicator is not measured in
    #: (評価対象外, see :mod:`.history`): not evaluable, and not failing.
    measured: bool = True

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
