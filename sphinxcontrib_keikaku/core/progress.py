"""Progress against the schedule (順調か): is an indicator on track?

Pure: no Sphinx state. The grade (:mod:`.evaluation`) says how far an
indicator is towards its target on ``keikaku_evaluation_basis``; in the
middle of a plan that reads as failure, since the final target is years
away. Progress compares the latest actual with the target *due* in that
actual's fiscal year instead, and labels the rate with the levels of
``keikaku_progress`` (same form as ``keikaku_grades``).

Rules
=====

- The due target (:func:`due_target`) of the actual's fiscal year *Y* is the
  target given for *Y* (an interim target, 中間目標); else, before the final
  target's year, the point of year *Y* on the straight line from the
  baseline (year, value) to the final target (year, value), the baseline
  itself up to the baseline's year; from the final target's year on, the
  final target.
- No numeric baseline (or a baseline year not before the final target's)
  and no target for *Y*: no line can be drawn, so no progress (``−``) with a
  note saying what to add. A text final target has no line either.
- The rate is the achievement rate of ``keikaku_achievement`` against the
  due target (:func:`~.evaluation.evaluate_indicator` with that target as
  the only one): direction, the baseline, ``gap``/``ratio``, a target equal
  to the baseline and ``keep`` all behave as for the grade.
- Progress is taken as of the plan's evaluation year, like the grade, and
  only for a year before the plan's final year (:func:`plan_final_year`):
  from then on the due target is the final target, and the grade says it.
- A measure's progress rolls up from its indicators' with
  ``keikaku_rollup``, as its grade does.

Worked examples
===============

>>> from decimal import Decimal as D
>>> from sphinxcontrib_keikaku.core.model import Indicator
>>> def indicator(baseline, target, actual, direction="up"):
...     return Indicator(id="I1", title="t", docname="d", lineno=1,
...         direction=direction, baseline=baseline, target=target, actual=actual)

Baseline 16 (2023), final target 21 (2027): the line gives 17.25 for 2024,
and an actual of 17 is (17 − 16) ÷ (17.25 − 16) = 80 % of the way due:

>>> p = evaluate_progress(indicator((2023, D(16)), {2027: D(21)}, {2024: D(17)}))
>>> p.target_year, p.target, p.rate, p.grade
(2024, Decimal('17.25'), 80.0, 'slightly_behind')

An interim target of the actual's year wins over the line:

>>> i = indicator((2023, D(16)), {2025: D(19), 2027: D(21)}, {2025: D(19)})
>>> p = evaluate_progress(i, levels=DEFAULT_PROGRESS_JA)
>>> p.target_year, p.target, p.rate, p.grade
(2025, Decimal('19'), 100.0, '順調')

Lower is better: 120 → 100 over four years is 115 due in 2024; 118 is 40 %:

>>> down = indicator((2023, D(120)), {2027: D(100)}, {2024: D(118)}, "down")
>>> p = evaluate_progress(down)
>>> p.target, p.rate, p.grade
(Decimal('115'), 40.0, 'behind')

Without a baseline (and no target of that year) there is no schedule:

>>> p = evaluate_progress(indicator(None, {2027: D(21)}, {2024: D(17)}))
>>> p.rate, p.grade, p.target
(None, '−', None)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.asof import (
    DEFAULT_SCHEME,
    Scheme,
    actuals_up_to,
    is_measured,
)
from sphinxcontrib_keikaku.core.evaluation import (
    Evaluation,
    evaluate_indicator,
    rollup,
)
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.model import Indicator, Measure, Plan
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_ACHIEVEMENT,
    DEFAULT_PROGRESS,
    DEFAULT_PROGRESS_JA,
    NOT_EVALUABLE,
    Achievement,
    GradesInput,
    normalise_progress,
)

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.values import Value

__all__ = [
    "DEFAULT_PROGRESS",
    "DEFAULT_PROGRESS_JA",
    "PlanProgress",
    "due_target",
    "evaluate_progress",
    "is_on_track",
    "plan_final_year",
    "progress_as_of",
    "progress_text",
    "shown_target",
]

# As in .evaluation: exact enough that the float shown is exact, and no
# plan value can overflow it.
_ARITHMETIC = Context(prec=34, rounding=ROUND_HALF_EVEN)


def due_target(indicator: Indicator, year: int) -> tuple[int, Value] | str:
    """The target due in fiscal *year*, as ``(year, value)``; or, when none
    can be told, the reason (translated).

    >>> from decimal import Decimal as D
    >>> i = Indicator(id="I", title="t", docname="d", lineno=1,
    ...     baseline=(2023, D(10)), target={2025: D(14), 2027: D(20)})
    >>> due_target(i, 2025), due_target(i, 2026), due_target(i, 2023)
    ((2025, Decimal('14')), (2026, Decimal('17.5')), (2023, Decimal('10')))
    >>> due_target(i, 2029)
    (2027, Decimal('20'))
    """
    targets = indicator.target
    if not targets:
        return _text(_("no target"))
    if year in targets:
        return year, targets[year]
    final_year = max(targets)
    final = targets[final_year]
    if year > final_year:
        return final_year, final
    if not isinstance(final, Decimal) or not final.is_finite():
        return _text(
            _(
                "the final target %r is not a number, so no schedule leads to "
                "it: give a target for fiscal year %d"
            ),
            final,
            year,
        )
    start_year, start = indicator.baseline or (final_year, None)
    if (
        not isinstance(start, Decimal)
        or not start.is_finite()
        or start_year >= final_year
    ):
        return _text(
            _(
                "no numeric baseline before the final target and no target for "
                "fiscal year %d: give a baseline (year, value) or a target of "
                "that year to show progress"
            ),
            year,
        )
    if year <= start_year:
        return year, start
    with localcontext(_ARITHMETIC):
        # multiplied before dividing, so that exact quotients stay exact
        due = start + (final - start) * (year - start_year) / (final_year - start_year)
    return year, due


def shown_target(value: Value) -> Value:
    """A due target as pages show it: a point on the line rounded half-up to
    two decimals (the rate is computed from the exact value).

    >>> from decimal import Decimal as D
    >>> shown_target(D(53) / D(3)), shown_target(D("17.25")), shown_target("設置")
    (Decimal('17.67'), Decimal('17.25'), '設置')
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return value
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluate_progress(
    indicator: Indicator,
    *,
    method: Achievement = DEFAULT_ACHIEVEMENT,
    levels: GradesInput = DEFAULT_PROGRESS,
) -> Evaluation:
    """The progress of *indicator*'s latest actual against the target due in
    its year: an :class:`~.evaluation.Evaluation` whose ``grade`` is a level
    of *levels* (or ``−``) and whose ``target_year`` and ``target`` are the
    due target's. Never raises for any indicator values."""
    table = normalise_progress(levels)
    latest = max(indicator.actual, default=None)
    if latest is None:
        return _none(indicator, method, _text(_("no actual yet")))
    due = due_target(indicator, latest)
    if isinstance(due, str):
        return _none(indicator, method, due, latest)
    scheduled = dataclasses.replace(indicator, target={due[0]: due[1]}, digest="")
    return evaluate_indicator(scheduled, method=method, basis="final", grades=table)


def _none(
    indicator: Indicator, method: Achievement, note: str, year: int | None = None
) -> Evaluation:
    baseline_year, baseline = indicator.baseline or (None, None)
    return Evaluation(
        rate=None,
        grade=NOT_EVALUABLE,
        method=method,
        note=note,
        actual_year=year,
        actual=indicator.actual[year] if year is not None else None,
        baseline=baseline,
        baseline_year=baseline_year,
    )


def is_on_track(label: str, levels: GradesInput = DEFAULT_PROGRESS) -> bool:
    """Whether *label* is the best level of *levels* (on track, 順調).

    >>> is_on_track("on_track"), is_on_track("behind"), is_on_track("−")
    (True, False, False)
    """
    return label == normalise_progress(levels)[0][0]


def progress_text(label: str) -> str:
    """*label* as a page shows it: the default levels, written in English or
    in Japanese, in the build's language ("On track" / 順調); any other label
    as the plan writes it.

    >>> progress_text("on_track"), progress_text("順調"), progress_text("概ね順調")
    ('On track', 'On track', '概ね順調')
    """
    if label in ("on_track", "順調"):
        return _("On track")
    if label in ("slightly_behind", "やや遅れ"):
        return _("Slightly behind")
    if label in ("behind", "遅れ"):
        return _("Behind")
    return label


def plan_final_year(plan: Plan, period: tuple[int, int] | None) -> int | None:
    """The plan's final fiscal year: the end of ``keikaku_plan_period``, else
    the latest year any indicator has a target for (None: no target)."""
    if period is not None:
        return period[1]
    return max(
        (year for i in plan.of_kind(Indicator) for year in i.target), default=None
    )


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """Every indicator's and measure's progress as of one fiscal year; empty
    for no year, or a year not before the plan's final year."""

    year: int | None
    indicators: dict[str, Evaluation]
    measures: dict[str, str]

    @property
    def shown(self) -> bool:
        """Whether pages show progress (a year before the final year)."""
        return bool(self.indicators)


def progress_as_of(
    plan: Plan,
    year: int | None,
    final_year: int | None,
    scheme: Scheme = DEFAULT_SCHEME,
) -> PlanProgress:
    """Progress of every indicator (actuals up to *year*) and measure, or
    none when *year* is None or not before *final_year*. Kept in
    ``plan.cache``: pages, tables and exports ask for the same year."""
    if year is None or (final_year is not None and year >= final_year):
        return PlanProgress(year, {}, {})
    key = (
        "progress.year",
        year,
        final_year,
        scheme.method,
        repr(scheme.progress),
        scheme.rollup,
    )
    cached = plan.cache.get(key)
    if isinstance(cached, PlanProgress):
        return cached
    levels = normalise_progress(scheme.progress)
    indicators: dict[str, Evaluation] = {}
    for indicator in plan.of_kind(Indicator):
        found = evaluate_progress(
            actuals_up_to(indicator, year), method=scheme.method, levels=levels
        )
        if not is_measured(indicator, year):
            # a survey's year without a measurement is not behind schedule
            note = _text(_("not measured in this fiscal year (a survey)"))
            found = dataclasses.replace(
                found, rate=None, grade=NOT_EVALUABLE, measured=False, note=note
            )
        indicators[indicator.id] = found
    measures = {
        measure.id: rollup(
            [indicators[i.id] for i in plan.indicators_of(measure.id)],
            rule=scheme.rollup,
            grades=levels,
        )
        for measure in plan.of_kind(Measure)
    }
    result = PlanProgress(year, indicators, measures)
    plan.cache[key] = result
    return result
