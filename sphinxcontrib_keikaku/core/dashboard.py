"""The figures of ``plan-dashboard``: the plan at a glance, per vision.

Pure (no Sphinx). Every figure is read from what the other tables read, so
the dashboard can never disagree with them:

* measures: :func:`~.analysis.measures_under` (as ``plan-coverage``);
* grades: ``plan.measure_grades`` and ``plan.vision_grades``, counted with
  :func:`~.grades.grade_distribution` (as ``plan-evaluation``);
* indicators achieved: ``plan.evaluations``, an indicator counting as
  achieved when its rate *as shown* (:func:`~.grades.round_rate`) is at
  least 100 %, out of the indicators that could be evaluated;
* budget execution: the rows of :func:`~.analysis.budget_table` (as
  ``plan-budget``), for the latest fiscal year with a settlement;
* data completeness: the indicators with an actual for the evaluation year
  (:func:`evaluation_year`), out of those measured that year: a survey
  indicator (``:measured:``) in a year without a survey is *not measured
  this year*, as in the history (:func:`~.asof.is_measured`), not missing.
* progress against the schedule: ``plan.measure_progress`` and
  ``plan.progress`` (:mod:`.progress`), a measure or indicator counting as
  on track at the best level of ``keikaku_progress``, out of those whose
  progress could be told; shown only before the plan's final year (the
  plan holds no progress from then on).

Cards follow ``plan-budget``'s rows: the visions at ``level`` under the
scope; without a level, a scope of one vision with children (a plan with a
single root vision, 将来像) is shown by its children, so the dashboard never
collapses into one card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sphinxcontrib_keikaku.core import analysis, asof
from sphinxcontrib_keikaku.core.grades import grade_distribution, round_rate
from sphinxcontrib_keikaku.core.model import Measure, Plan, Vision
from sphinxcontrib_keikaku.core.progress import is_on_track
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_GRADES,
    DEFAULT_PROGRESS,
    NOT_EVALUABLE,
    Basis,
    GradesInput,
    normalise_progress,
)

__all__ = [
    "Dashboard",
    "DashboardRow",
    "dashboard",
    "default_level",
    "evaluation_year",
    "is_achieved",
]

_HUNDRED = Decimal(100)


def evaluation_year(
    plan: Plan, basis: Basis = "final", setting: int | None = None
) -> int | None:
    """The fiscal year the plan is evaluated as of, as every table asks it
    (``keikaku_evaluation_year``, else a year basis, else the latest fiscal
    year with an actual; see :func:`.asof.evaluation_year`)."""
    return asof.evaluation_year(plan, setting, basis)


def is_achieved(rate: float | None) -> bool:
    """Whether a rate, as it is shown (one decimal, half up), is 100 % or more."""
    shown = round_rate(rate)
    return shown is not None and shown >= _HUNDRED


def _share(count: int, total: int) -> float | None:
    return None if not total else 100.0 * count / total


@dataclass
class DashboardRow:
    """One card: a vision (with everything below it) or the whole scope."""

    #: The vision of the card; None for the card of the whole plan.
    vision: Vision | None
    measures: int = 0
    #: The vision's rolled-up grade (``plan.vision_grades``), or ``−``.
    grade: str = NOT_EVALUABLE
    #: Grade label -> number of measures, in grade order, ``−`` last.
    measure_grades: dict[str, int] = field(default_factory=dict)
    indicators: int = 0
    #: Indicators with a rate; of those, the ones at 100 % or more.
    evaluable: int = 0
    achieved: int = 0
    #: Indicators with an actual for the evaluation year.
    with_actual: int = 0
    #: Survey indicators not measured in the evaluation year (and without
    #: an actual for it): neither entered nor missing.
    unmeasured: int = 0
    #: Budget and settlement of the settlement year (None: no settlement).
    budget: Decimal | None = None
    settlement: Decimal | None = None
    execution: float | None = None
    #: Progress level -> number of measures, in level order, ``−`` last.
    measure_progress: dict[str, int] = field(default_factory=dict)
    #: Measures / indicators whose progress could be told, and of those the
    #: ones on track (the best level).
    measures_timed: int = 0
    measures_on_track: int = 0
    indicators_timed: int = 0
    indicators_on_track: int = 0

    @property
    def measures_on_track_share(self) -> float | None:
        """Measures on track as a percentage of those with a progress."""
        return _share(self.measures_on_track, self.measures_timed)

    @property
    def indicators_on_track_share(self) -> float | None:
        """Indicators on track as a percentage of those with a progress."""
        return _share(self.indicators_on_track, self.indicators_timed)

    @property
    def achieved_share(self) -> float | None:
        """Achieved indicators as a percentage of the evaluable ones."""
        return _share(self.achieved, self.evaluable)

    @property
    def not_evaluable(self) -> int:
        return self.indicators - self.evaluable

    @property
    def measured(self) -> int:
        """Indicators measured in the evaluation year."""
        return self.indicators - self.unmeasured

    @property
    def completeness(self) -> float | None:
        """Indicators with an actual for the evaluation year, in percent of
        those measured that year."""
        return _share(self.with_actual, self.measured)

    @property
    def missing_actual(self) -> int:
        return self.measured - self.with_actual


@dataclass
class Dashboard:
    """Everything one ``plan-dashboard`` shows for one scope."""

    #: The vision the scope is limited to (None: the whole plan).
    under: Vision | None
    #: The card of the whole scope, then one card per vision.
    total: DashboardRow
    rows: list[DashboardRow]
    #: The fiscal year of the data completeness (None: no actual at all).
    evaluation_year: int | None
    #: The fiscal year of the execution rates (None: nothing settled yet).
    settlement_year: int | None
    #: The level the cards are at (as ``plan-budget``'s ``:level:``).
    level: int
    #: Whether the plan has progress (a year before its final year).
    progress: bool = False


def default_level(plan: Plan, under: str | None = None) -> int:
    """The level of the cards when ``:level:`` is not given: 1, or 2 when the
    scope is one vision with children (a single root vision, 将来像)."""
    if under is not None:
        return 2 if plan.child_visions(under) else 1
    roots = analysis.root_visions(plan)
    return 2 if len(roots) == 1 and plan.child_visions(roots[0].id) else 1


def dashboard(
    plan: Plan,
    *,
    level: int | None = None,
    under: str | None = None,
    basis: Basis = "final",
    grades: GradesInput = DEFAULT_GRADES,
    year_setting: int | None = None,
    progress: GradesInput = DEFAULT_PROGRESS,
) -> Dashboard:
    """The dashboard of the visions at *level* under *under* (None: the plan)."""
    if level is None:
        level = default_level(plan, under)
    year = evaluation_year(plan, basis, year_setting)
    money = analysis.budget_table(plan, by="vision", level=level, under=under)
    settled = max(money.totals.settlement, default=None)
    scope = analysis.measures_under(plan, under) if under else plan.of_kind(Measure)
    under_vision = plan.get(under, Vision) if under else None
    total = _card(plan, under_vision, scope, year, grades)
    _progress(plan, total, scope, progress)
    if under_vision is None:
        # the whole plan has no rolled-up grade: its measures' grades are shown
        total.grade = NOT_EVALUABLE
    _money(total, money.totals, settled)
    rows: list[DashboardRow] = []
    for budget_row in money.rows:
        vision = budget_row.vision
        assert vision is not None  # rows by vision always have one
        measures = analysis.measures_under(plan, vision.id)
        row = _card(plan, vision, measures, year, grades)
        _progress(plan, row, measures, progress)
        _money(row, budget_row, settled)
        rows.append(row)
    return Dashboard(
        under_vision, total, rows, year, settled, level, progress=bool(plan.progress)
    )


def _card(
    plan: Plan,
    vision: Vision | None,
    measures: Sequence[Measure],
    year: int | None,
    grades: GradesInput,
) -> DashboardRow:
    row = DashboardRow(vision, measures=len(measures))
    if vision is not None:
        row.grade = plan.vision_grades.get(vision.id, NOT_EVALUABLE)
    row.measure_grades = grade_distribution(
        [plan.measure_grades.get(m.id, NOT_EVALUABLE) for m in measures], grades
    )
    indicators = analysis.indicators_of_measures(plan, measures)
    row.indicators = len(indicators)
    for indicator in indicators:
        evaluation = plan.evaluations.get(indicator.id)
        if evaluation is not None and evaluation.rate is not None:
            row.evaluable += 1
            row.achieved += is_achieved(evaluation.rate)
        if year is not None and year in indicator.actual:
            row.with_actual += 1
        elif year is not None and not asof.is_measured(indicator, year):
            row.unmeasured += 1
    return row


def _progress(
    plan: Plan, row: DashboardRow, measures: Sequence[Measure], levels: GradesInput
) -> None:
    if not plan.progress:
        return
    levels = normalise_progress(levels)
    found = [plan.measure_progress.get(m.id, NOT_EVALUABLE) for m in measures]
    row.measure_progress = grade_distribution(found, levels)
    row.measures_timed = sum(level != NOT_EVALUABLE for level in found)
    row.measures_on_track = sum(is_on_track(level, levels) for level in found)
    for indicator in analysis.indicators_of_measures(plan, measures):
        step = plan.progress.get(indicator.id)
        if step is not None and step.rate is not None:
            row.indicators_timed += 1
            row.indicators_on_track += is_on_track(step.grade, levels)


def _money(row: DashboardRow, budget: analysis.BudgetRow, year: int | None) -> None:
    if year is None:
        return
    row.budget = budget.budget.get(year)
    row.settlement = budget.settlement.get(year)
    row.execution = budget.execution(year)
