"""The evaluation year, the plan evaluated as of each fiscal year, and the
history of grades across years (``plan-history``).

Pure: no Sphinx state. The Sphinx glue passes the settings in.

The evaluation year
===================

The plan is evaluated *as of* a fiscal year *Y*: only actuals of *Y* and
earlier count, as when the evaluation of *Y* was written. *Y* is
``keikaku_evaluation_year``; without it, a fiscal year given as
``keikaku_evaluation_basis`` (which always meant "actuals up to that year");
without either, the latest fiscal year with an actual
(:func:`evaluation_year`).

How the year combines with the basis (:func:`basis_as_of`): ``final`` and
``prorated`` keep their meaning (the final target, or the target prorated
to the actual's year); a year basis means "that year's target", so as of
*Y* it becomes *Y*: each year is measured against its own milestone. A year
basis other than the evaluation year is a conflict, reported as
``keikaku.config`` by the settings check; the evaluation year wins.

Indicators measured in some years only
======================================

An indicator whose value comes from a survey (市民意識調査) run every few
years names its years with ``:measured:`` (:func:`parse_measured`). As of a
year without a measurement it is *not measured this year* (評価対象外):
not evaluable, left out of its measure's grade, never failing
(:func:`evaluate_as_of`); the history carries its last measured grade
forward with a note (:class:`HistoryCell` ``carried_from``).

The history
===========

:func:`history` gives, per measure (and per indicator when asked), the
computed grade of each fiscal year evaluated as of that year, the recorded
grade and direction of each year (from a mapping the caller gives, empty
while a plan has no evaluation records) and the :data:`Trend` between the
last two evaluated years.

>>> from decimal import Decimal as D
>>> from sphinxcontrib_keikaku.core.model import Indicator, Measure, build_plan
>>> m = Measure(id="M1", title="m", docname="d", lineno=1, visions=("V1",))
>>> i = Indicator(id="I1", title="i", docname="d", lineno=2, measures=("M1",),
...     baseline=(2023, D(0)), target={2027: D(100)},
...     actual={2024: D(50), 2025: D(90)})
>>> plan = build_plan([m, i])
>>> h = history(plan, [2024, 2025, 2026], evaluated_up_to=2025)
>>> [(c.year, c.grade) for c in h.rows[0].cells]
[(2024, 'C'), (2025, 'B'), (2026, '−')]
>>> h.rows[0].trend, h.rows[0].trend_years
('improved', (2024, 2025))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sphinxcontrib_keikaku.core.asof import (
    DEFAULT_SCHEME,
    Scheme,
    YearEvaluation,
    basis_as_of,
    check_measured,
    evaluate_as_of,
    evaluate_year,
    evaluation_year,
    is_measured,
    latest_actual_year,
    parse_measured,
    settings_conflict,
)
from sphinxcontrib_keikaku.core.evaluation import (
    NOT_EVALUABLE,
    grade_distribution,
    normalise_grades,
)
from sphinxcontrib_keikaku.core.evaluation_records import DEFAULT_DIRECTIONS
from sphinxcontrib_keikaku.core.model import Indicator, Measure, Plan

__all__ = [
    "DEFAULT_DIRECTIONS",
    "History",
    "HistoryCell",
    "HistoryRow",
    "RecordedCell",
    "Records",
    "Scheme",
    "Trend",
    "YearEvaluation",
    "basis_as_of",
    "check_measured",
    "direction_summary",
    "evaluate_as_of",
    "evaluate_year",
    "evaluation_year",
    "history",
    "history_years",
    "is_measured",
    "latest_actual_year",
    "parse_measured",
    "settings_conflict",
]

#: Between the last two evaluated years: a better grade, the same, a worse.
Trend = Literal["improved", "unchanged", "declined"]


@dataclass(frozen=True, slots=True)
class RecordedCell:
    """What an evaluation record says of one object in one fiscal year.

    The history takes these as input, per (object id, fiscal year): the
    grade the evaluators gave, their direction for the next years, and
    where the record is (a document and an anchor) for the link.
    """

    grade: str = ""
    direction: str = ""
    docname: str = ""
    anchor: str = ""
    #: What the link says (e.g. the record's stage, 二次評価).
    label: str = ""


#: Recorded grades and directions by (object id, fiscal year).
Records = Mapping[tuple[str, int], RecordedCell]


def history_years(
    plan: Plan, period: tuple[int, int] | None, up_to: int | None
) -> list[int]:
    """The fiscal years a history shows: *period* (``:years:`` or the plan
    period), else the years with an actual up to the evaluation year."""
    if period:
        return list(range(period[0], period[1] + 1))
    return sorted(
        {
            year
            for indicator in plan.of_kind(Indicator)
            for year in indicator.actual
            if up_to is None or year <= up_to
        }
    )


@dataclass(frozen=True, slots=True)
class HistoryCell:
    """One object in one fiscal year of the history."""

    year: int
    #: The computed grade as of the year (for an unmeasured survey year, the
    #: last measured grade, carried forward); ``−`` when not evaluable.
    grade: str
    #: False for a year after the evaluation year (not evaluated yet).
    evaluated: bool = True
    #: An indicator whose grade comes from an earlier year's actual: that
    #: year (a survey's last measurement, or an older actual).
    carried_from: int | None = None
    #: False in a year a survey indicator is not measured.
    measured: bool = True
    recorded: RecordedCell | None = None

    @property
    def fresh(self) -> bool:
        """Whether the grade was evaluated in this year from this year's data
        (what a trend compares)."""
        return (
            self.evaluated
            and self.grade != NOT_EVALUABLE
            and self.carried_from is None
            and self.measured
        )


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """The history of one measure or indicator."""

    object_id: str
    kind: Literal["measure", "indicator"]
    cells: tuple[HistoryCell, ...]
    trend: Trend | None = None
    #: The two years the trend compares.
    trend_years: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class History:
    """The history table of a set of measures over fiscal years."""

    years: tuple[int, ...]
    rows: tuple[HistoryRow, ...]
    #: Per year, how many measures got each grade (evaluated years only).
    distribution: dict[int, dict[str, int]]
    #: Per year, how many measures got each recorded direction.
    directions: dict[int, dict[str, int]]
    #: Whether any record stands in the table (the recorded columns show).
    has_records: bool


def _trend(
    cells: Sequence[HistoryCell], labels: Sequence[str]
) -> tuple[Trend | None, tuple[int, int] | None]:
    fresh = [c for c in cells if c.fresh and c.grade in labels]
    if len(fresh) < 2:
        return None, None
    before, last = fresh[-2], fresh[-1]
    # a smaller index is a better grade
    change = labels.index(before.grade) - labels.index(last.grade)
    trend: Trend = (
        "improved" if change > 0 else "declined" if change < 0 else "unchanged"
    )
    return trend, (before.year, last.year)


def _indicator_cell(
    indicator: Indicator, year: int, ye: YearEvaluation, records: Records
) -> HistoryCell:
    shown = ye.evaluations[indicator.id]
    recorded = records.get((indicator.id, year))
    carried = ye.carried.get(indicator.id)
    if carried is not None:
        return HistoryCell(
            year,
            carried.grade,
            carried_from=carried.actual_year,
            measured=False,
            recorded=recorded,
        )
    stale = shown.actual_year is not None and shown.actual_year < year
    return HistoryCell(
        year,
        shown.grade,
        carried_from=shown.actual_year if stale else None,
        recorded=recorded,
    )


def _measure_cell(
    plan: Plan, measure: Measure, year: int, ye: YearEvaluation, records: Records
) -> HistoryCell:
    grade = ye.measure_grades[measure.id]
    used = [
        ye.evaluations[i.id]
        for i in plan.indicators_of(measure.id)
        if ye.evaluations[i.id].evaluable
    ]
    # graded without any actual of this year: the latest year it rests on
    latest = max((e.actual_year or 0 for e in used), default=0)
    carried = latest if used and latest < year else None
    return HistoryCell(
        year, grade, carried_from=carried, recorded=records.get((measure.id, year))
    )


def history(
    plan: Plan,
    years: Iterable[int],
    *,
    evaluated_up_to: int | None,
    scheme: Scheme = DEFAULT_SCHEME,
    measures: Sequence[Measure] | None = None,
    indicators: bool = False,
    records: Records | None = None,
) -> History:
    """The history of *measures* (default: every measure) over *years*.

    Years after *evaluated_up_to* (the evaluation year) are shown as not
    evaluated yet; with no evaluation year (a plan without actuals) no
    year is evaluated.
    """
    records = records or {}
    shown_years = tuple(sorted(set(years)))
    labels = [label for label, _minimum in normalise_grades(scheme.grades)]
    chosen = plan.of_kind(Measure) if measures is None else list(measures)
    by_year = {
        year: evaluate_year(plan, year, scheme)
        for year in shown_years
        if evaluated_up_to is not None and year <= evaluated_up_to
    }
    rows: list[HistoryRow] = []
    distribution: dict[int, dict[str, int]] = {}
    directions: dict[int, dict[str, int]] = {}
    for year in shown_years:
        if year in by_year:
            distribution[year] = grade_distribution(
                [by_year[year].measure_grades[m.id] for m in chosen], scheme.grades
            )
    for measure in chosen:
        cells = tuple(
            _measure_cell(plan, measure, year, by_year[year], records)
            if year in by_year
            else HistoryCell(
                year,
                NOT_EVALUABLE,
                evaluated=False,
                recorded=records.get((measure.id, year)),
            )
            for year in shown_years
        )
        trend, trend_years = _trend(cells, labels)
        rows.append(HistoryRow(measure.id, "measure", cells, trend, trend_years))
        if not indicators:
            continue
        for indicator in plan.indicators_of(measure.id):
            icells = tuple(
                _indicator_cell(indicator, year, by_year[year], records)
                if year in by_year
                else HistoryCell(
                    year,
                    NOT_EVALUABLE,
                    evaluated=False,
                    measured=is_measured(indicator, year),
                    recorded=records.get((indicator.id, year)),
                )
                for year in shown_years
            )
            itrend, itrend_years = _trend(icells, labels)
            rows.append(
                HistoryRow(indicator.id, "indicator", icells, itrend, itrend_years)
            )
    wanted = {m.id for m in chosen}
    for year in shown_years:
        said = [
            cell.direction
            for (object_id, cell_year), cell in records.items()
            if cell_year == year and object_id in wanted and cell.direction
        ]
        if said:
            directions[year] = direction_summary(said)
    has_records = any(cell.recorded is not None for row in rows for cell in row.cells)
    return History(shown_years, tuple(rows), distribution, directions, has_records)


def direction_summary(
    directions: Iterable[str], known: Sequence[str] = DEFAULT_DIRECTIONS
) -> dict[str, int]:
    """How many measures got each direction: the *known* directions in
    their order (those given at least once), then any other in first-seen
    order.

    >>> direction_summary(["継続", "拡充", "継続", "見直し"])
    {'拡充': 1, '継続': 2, '見直し': 1}
    """
    counts: dict[str, int] = {}
    for direction in directions:
        counts[direction] = counts.get(direction, 0) + 1
    ordered = {d: counts[d] for d in known if d in counts}
    ordered.update({d: n for d, n in counts.items() if d not in ordered})
    return ordered
