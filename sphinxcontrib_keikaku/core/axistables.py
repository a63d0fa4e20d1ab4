"""The ``plan-axis`` tables as plain data: one row per value, and the matrix.

Cities publish two tables per axis: a list of the goals (or strategies,
projects, pledges) with the measures that serve each, and a measure × goal
matrix (香川県 maps its 72 施策 to the 17 goals so). Both are computed here
from plain mappings the glue builds from the plan model, so they can be
tested without a build:

- :func:`axis_table` → :class:`AxisTable`: a :class:`AxisRow` per value in
  declared order, the values no measure serves (gaps), the measures on no
  value, and a totals row;
- :func:`axis_matrix` → :class:`AxisMatrix`.

The glue passes what it knows of each object: an object's values on the
axis as :class:`~sphinxcontrib_keikaku.core.axisvalues.AxisValues` or as
plain keys; an SDG target (``"11.2"``) among plain keys counts under its
goal. Keys the axis does not have are ignored here: they were reported as
``value`` when the option was read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.axes import Axis
from sphinxcontrib_keikaku.core.axisvalues import AxisValues
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, Measure, Plan
from sphinxcontrib_keikaku.core.sdgs import parse_target, target_sort_key

__all__ = [
    "AxisMatrix",
    "AxisRow",
    "AxisTable",
    "ObjectValues",
    "axis_matrix",
    "axis_table",
    "plan_axis_table",
    "scope_measures",
]

#: An object's values on an axis, as the glue has them.
ObjectValues = AxisValues | Iterable[str]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class AxisRow:
    """One value of the axis (or the totals, with :attr:`key` ``None``)."""

    key: str | None
    label: str
    #: The measures with this value, in the order the glue gave them.
    measures: tuple[str, ...]
    #: The SDG targets these measures name under this goal.
    targets: tuple[str, ...]
    #: The indicators of these measures, each once.
    indicators: tuple[str, ...]
    #: The indicators flagged with this value themselves (e.g. the 総合戦略
    #: KPIs), whichever measure they judge.
    flagged_indicators: tuple[str, ...]
    #: The budget links flagged with this value themselves.
    flagged_budget_links: tuple[str, ...]
    #: The sum of the budget totals of :attr:`measures`.
    budget: Decimal
    #: The sum of the totals of :attr:`flagged_budget_links`.
    flagged_budget: Decimal
    #: ``(grade label, number of measures)`` in grade order, zeros included.
    grades: tuple[tuple[str, int], ...]
    #: Measures with no grade, or a grade not among the labels.
    ungraded: int

    @property
    def measure_count(self) -> int:
        return len(self.measures)

    @property
    def indicator_count(self) -> int:
        return len(self.indicators)

    @property
    def flagged_indicator_count(self) -> int:
        return len(self.flagged_indicators)

    def grade_count(self, label: str) -> int:
        """How many of the measures have grade ``label`` (0 if none)."""
        return dict(self.grades).get(label, 0)


@dataclass(frozen=True)
class AxisTable:
    """The ``plan-axis`` table of one axis."""

    axis: Axis
    #: One row per value, in declared order, gaps included (with no measures).
    rows: tuple[AxisRow, ...]
    #: The totals over distinct objects; see :func:`axis_table`.
    total: AxisRow
    #: The keys of the values no measure serves, in declared order.
    gaps: tuple[str, ...]
    #: The measures with no value on this axis, in the order given.
    unassigned: tuple[str, ...]


@dataclass(frozen=True)
class AxisMatrix:
    """A measure × value matrix: ``cells[i][j]`` is whether measure ``i``
    has value ``columns[j]``."""

    axis: Axis
    #: The keys of the axis, in declared order.
    columns: tuple[str, ...]
    #: The measures, in the order given.
    measures: tuple[str, ...]
    cells: tuple[tuple[bool, ...], ...]
    #: How many measures have each value.
    column_counts: tuple[int, ...]


def _resolve(axis: Axis, values: ObjectValues) -> tuple[set[str], list[str]]:
    """The keys of ``axis`` among ``values``, and the SDG targets named."""
    keys = set(axis.keys)
    if isinstance(values, AxisValues):
        return {k for k in values.keys if k in keys}, list(values.targets)
    if isinstance(values, str):
        # One key, not its characters ("11" is goal 11, not goal 1 twice).
        values = (values,)
    found: set[str] = set()
    targets: list[str] = []
    for item in values:
        if item in keys:
            found.add(item)
        elif axis.builtin == "sdgs":
            try:
                parsed = parse_target(item)
            except LookupError as err:  # a target the goal lacks: the goal
                found.add(err.args[0].key)
                continue
            if parsed is not None:
                found.add(parsed[0].key)
                targets.append(parsed[1])
    return found, targets


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class _Facts:
    """What every row reads beside the axis values."""

    measure_indicators: Mapping[str, Sequence[str]]
    measure_budgets: Mapping[str, Decimal]
    budget_link_totals: Mapping[str, Decimal]
    grades: Mapping[str, str]
    grade_labels: Sequence[str]


def _row(
    key: str | None,
    label: str,
    measures: Sequence[str],
    targets: Iterable[str],
    flagged_indicators: Sequence[str],
    flagged_budget_links: Sequence[str],
    facts: _Facts,
) -> AxisRow:
    counts = dict.fromkeys(facts.grade_labels, 0)
    ungraded = 0
    for measure in measures:
        grade = facts.grades.get(measure)
        if grade in counts:
            counts[grade] += 1
        else:
            ungraded += 1
    return AxisRow(
        key=key,
        label=label,
        measures=tuple(measures),
        targets=tuple(sorted(set(targets), key=target_sort_key)),
        indicators=_unique(
            i for m in measures for i in facts.measure_indicators.get(m, ())
        ),
        flagged_indicators=tuple(flagged_indicators),
        flagged_budget_links=tuple(flagged_budget_links),
        budget=sum((facts.measure_budgets.get(m, _ZERO) for m in measures), _ZERO),
        flagged_budget=sum(
            (facts.budget_link_totals.get(b, _ZERO) for b in flagged_budget_links),
            _ZERO,
        ),
        grades=tuple(counts.items()),
        ungraded=ungraded,
    )


def axis_table(
    axis: Axis,
    measures: Mapping[str, ObjectValues],
    *,
    indicators: Mapping[str, ObjectValues] | None = None,
    budget_links: Mapping[str, ObjectValues] | None = None,
    measure_indicators: Mapping[str, Sequence[str]] | None = None,
    measure_budgets: Mapping[str, Decimal] | None = None,
    budget_link_totals: Mapping[str, Decimal] | None = None,
    grades: Mapping[str, str] | None = None,
    grade_labels: Sequence[str] = (),
) -> AxisTable:
    """The ``plan-axis`` table of ``axis``.

    ``measures`` maps each measure id to its values on the axis, in the
    order the table lists measures (every measure of the table, those with
    no value too, so that they can be listed as :attr:`AxisTable.unassigned`;
    for ``:vision:``, pass only that vision's measures). ``indicators`` and
    ``budget_links`` map ids to the values flagged on those objects
    themselves. ``measure_indicators`` gives each measure's indicator ids,
    ``measure_budgets`` its budget total, ``budget_link_totals`` each budget
    link's, and ``grades`` its grade, one of ``grade_labels`` (in grade
    order; include ``−`` to count measures that cannot be evaluated).

    A measure with two values is in both rows, with its indicators and its
    budget. The totals row therefore counts each measure, indicator and
    budget link once, and sums each budget once: it is **not** the sum of
    the rows, which would count such a measure twice. It covers the
    measures with at least one value. A value served only by flagged
    indicators or budget links, and by no measure, is still a gap.
    """
    facts = _Facts(
        measure_indicators or {},
        measure_budgets or {},
        budget_link_totals or {},
        grades or {},
        tuple(grade_labels),
    )
    measure_keys = {m: _resolve(axis, v) for m, v in measures.items()}
    indicator_keys = {i: _resolve(axis, v)[0] for i, v in (indicators or {}).items()}
    link_keys = {b: _resolve(axis, v)[0] for b, v in (budget_links or {}).items()}
    rows = []
    for key, label in axis.values:
        serving = [m for m, (keys, _t) in measure_keys.items() if key in keys]
        targets = [
            t for m in serving for t in measure_keys[m][1] if t.partition(".")[0] == key
        ]
        rows.append(
            _row(
                key,
                label,
                serving,
                targets,
                [i for i, keys in indicator_keys.items() if key in keys],
                [b for b, keys in link_keys.items() if key in keys],
                facts,
            )
        )
    total = _row(
        None,
        _("Total"),
        [m for m, (keys, _t) in measure_keys.items() if keys],
        [t for _keys, targets in measure_keys.values() for t in targets],
        [i for i, keys in indicator_keys.items() if keys],
        [b for b, keys in link_keys.items() if keys],
        facts,
    )
    return AxisTable(
        axis=axis,
        rows=tuple(rows),
        total=total,
        gaps=tuple(row.key for row in rows if row.key and not row.measures),
        unassigned=tuple(m for m, (keys, _t) in measure_keys.items() if not keys),
    )


def axis_matrix(
    axis: Axis,
    measures: Mapping[str, ObjectValues],
    order: Sequence[str] | None = None,
) -> AxisMatrix:
    """The measure × value matrix of ``axis``: a row per measure of
    ``order`` (default: the order of ``measures``; a measure missing from
    ``measures`` has an empty row), a column per value in declared order."""
    ids = tuple(order) if order is not None else tuple(measures)
    columns = axis.keys
    cells = []
    for measure in ids:
        keys = _resolve(axis, measures.get(measure, ()))[0]
        cells.append(tuple(key in keys for key in columns))
    counts = tuple(sum(row[j] for row in cells) for j in range(len(columns)))
    return AxisMatrix(axis, columns, ids, tuple(cells), counts)


# --- from the plan model -------------------------------------------------------


def scope_measures(
    plan: Plan, under: str | None, department: str | None = None
) -> list[Measure]:
    """The measures of a table: under a vision (and its descendants) or the
    whole plan, in document order; of one department if given."""
    measures = analysis.measures_under(plan, under) if under else plan.of_kind(Measure)
    if department:
        measures = [m for m in measures if m.department == department]
    return measures


def plan_axis_table(
    plan: Plan,
    axis: Axis,
    grade_labels: Sequence[str],
    measures: Sequence[Measure],
    whole_plan: bool = True,
) -> AxisTable:
    """The ``plan-axis`` figures of ``axis`` over ``measures`` of ``plan``
    (the page's table and the exports read the same).

    The indicators and budget links flagged with a value are those of these
    measures (with ``whole_plan``, every one in the plan)."""
    if whole_plan:
        indicators: Sequence[Indicator] = plan.of_kind(Indicator)
        links: Sequence[BudgetLink] = plan.of_kind(BudgetLink)
    else:
        indicators = analysis.indicators_of_measures(plan, measures)
        links = analysis.budget_links_of_measures(plan, measures)
    empty = AxisValues()
    return axis_table(
        axis,
        {m.id: m.axes.get(axis.name, empty) for m in measures},
        indicators={i.id: i.axes[axis.name] for i in indicators if axis.name in i.axes},
        budget_links={b.id: b.axes[axis.name] for b in links if axis.name in b.axes},
        measure_indicators={
            m.id: [i.id for i in plan.indicators_of(m.id)] for m in measures
        },
        measure_budgets={
            m.id: analysis.total(b.budget for b in plan.budget_links_of(m.id))
            for m in measures
        },
        budget_link_totals={b.id: analysis.total([b.budget]) for b in links},
        grades=plan.measure_grades,
        grade_labels=grade_labels,
    )
