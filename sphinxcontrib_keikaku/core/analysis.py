"""Plan-wide figures: coverage, the matrix, budget roll-ups.

Pure functions over a :class:`~.model.Plan`.  The tables (HTML and LaTeX)
and the exported data read their numbers from here, so the same question
always gets the same answer.

Counting rules, documented in the explanation pages:

* A vision row covers the vision and all visions below it.  A measure that
  serves visions in two rows is counted in both; the totals row counts each
  measure, indicator and budget link once.
* A budget link's full amount is counted under every vision row its
  measures lead to (no proportional split, so a reader can check each row
  against the budget book); totals count each budget link once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    Plan,
    Vision,
)


def root_visions(plan: Plan) -> list[Vision]:
    """Visions without a (known) parent vision, in document order."""
    return [
        v
        for v in plan.of_kind(Vision)
        if not v.parents or plan.get(v.parents[0], Vision) is None
    ]


def visions_at_level(plan: Plan, level: int, under: str | None = None) -> list[Vision]:
    """Visions *level* steps below the roots (1 = the roots), optionally only
    those at or below vision *under*.  A branch shallower than *level* is
    represented by its deepest vision so that no measure drops out."""
    starts = [plan.get(under, Vision)] if under else root_visions(plan)
    result: list[Vision] = []
    for start in starts:
        if start is None:
            continue
        for event, vision, _depth, children in walk_visions(plan, start, level):
            if event == "enter" and not children:
                result.append(vision)
    return result


#: One step of :func:`walk_visions`: ``"enter"`` or ``"exit"``, the vision,
#: its depth (the start is 1) and the children walked below it.
VisionStep = tuple[str, Vision, int, list[Vision]]


def walk_visions(
    plan: Plan, start: Vision, level: int | None = None
) -> Iterator[VisionStep]:
    """*start* and the visions below it, depth first in document order: an
    ``"enter"`` step before a vision's children, an ``"exit"`` step after.

    A child that is already on the path from *start* (a ``:parent:`` cycle)
    is left out; a vision with two parents is walked under each. The walk
    goes no deeper than *level* (its visions there are walked without
    children). It keeps its own stack instead of recursing, so that a
    hierarchy thousands of levels deep is no ``RecursionError``, and the
    path as one set, so that each step costs the same at any depth."""
    on_path: set[str] = set()
    stack: list[tuple[Vision, int, list[Vision] | None]] = [(start, 1, None)]
    while stack:
        vision, depth, walked = stack.pop()
        if walked is not None:
            on_path.discard(vision.id)
            yield "exit", vision, depth, walked
            continue
        on_path.add(vision.id)
        children = (
            []
            if level is not None and depth >= level
            else [c for c in plan.child_visions(vision.id) if c.id not in on_path]
        )
        yield "enter", vision, depth, children
        stack.append((vision, depth, children))
        stack.extend((child, depth + 1, None) for child in reversed(children))


def subtree(plan: Plan, vision_id: str) -> set[str]:
    """The ids of *vision_id* and every vision below it (cycle-safe)."""
    found = {vision_id}
    pending = [vision_id]
    while pending:
        for child in plan.child_visions(pending.pop()):
            if child.id not in found:
                found.add(child.id)
                pending.append(child.id)
    return found


def traced_measures(plan: Plan) -> list[Measure]:
    """Measures that name at least one existing vision."""
    return [
        m
        for m in plan.of_kind(Measure)
        if any(plan.get(v, Vision) is not None for v in m.visions)
    ]


def measures_under(plan: Plan, vision_id: str) -> list[Measure]:
    """Measures serving *vision_id* or a vision below it, in document order."""
    ids = subtree(plan, vision_id)
    return [m for m in plan.of_kind(Measure) if ids.intersection(m.visions)]


def budget_links_of_measures(
    plan: Plan, measures: Iterable[Measure]
) -> list[BudgetLink]:
    """Distinct budget links of *measures*, in document order."""
    wanted = {link.id for m in measures for link in plan.budget_links_of(m.id)}
    return [link for link in plan.of_kind(BudgetLink) if link.id in wanted]


def indicators_of_measures(plan: Plan, measures: Iterable[Measure]) -> list[Indicator]:
    wanted = {i.id for m in measures for i in plan.indicators_of(m.id)}
    return [i for i in plan.of_kind(Indicator) if i.id in wanted]


def total(
    amounts: Iterable[dict[int, Decimal]], years: Iterable[int] | None = None
) -> Decimal:
    """The sum of *amounts* over *years* (all years if None)."""
    wanted = None if years is None else set(years)
    return sum(
        (v for a in amounts for y, v in a.items() if wanted is None or y in wanted),
        Decimal(0),
    )


@dataclass
class CoverageRow:
    """One row of ``plan-coverage``."""

    #: The vision of the row; None for the totals row.
    vision: Vision | None
    measures: int = 0
    traced: int = 0
    with_indicator: int = 0
    with_budget: int = 0
    covered: int = 0
    indicators: int = 0
    budget_links: int = 0
    budget: Decimal = Decimal(0)

    def share(self, count: int) -> float | None:
        """*count* as a percentage of the row's measures."""
        return None if not self.measures else 100.0 * count / self.measures


@dataclass
class Coverage:
    """Everything ``plan-coverage`` shows."""

    rows: list[CoverageRow]
    totals: CoverageRow
    #: Measures that trace to no existing vision.
    untraced: list[Measure] = field(default_factory=list)
    #: Measures without an indicator / without a budget link.
    unmeasured: list[Measure] = field(default_factory=list)
    unfunded: list[Measure] = field(default_factory=list)
    #: Indicators and budget links that serve no existing measure.
    orphans: list[Indicator | BudgetLink] = field(default_factory=list)


def _row(plan: Plan, vision: Vision | None, measures: Sequence[Measure]) -> CoverageRow:
    row = CoverageRow(vision)
    row.measures = len(measures)
    for m in measures:
        traced = any(plan.get(v, Vision) is not None for v in m.visions)
        has_indicator = bool(plan.indicators_of(m.id))
        has_budget = bool(plan.budget_links_of(m.id))
        row.traced += traced
        row.with_indicator += has_indicator
        row.with_budget += has_budget
        row.covered += traced and has_indicator and has_budget
    row.indicators = len(indicators_of_measures(plan, measures))
    links = budget_links_of_measures(plan, measures)
    row.budget_links = len(links)
    row.budget = total(link.budget for link in links)
    return row


def coverage(
    plan: Plan, level: int = 1, under: str | None = None, department: str | None = None
) -> Coverage:
    """Coverage per vision at *level* (see :func:`visions_at_level`), of the
    measures under vision *under* and of *department*, if given."""
    key = ("coverage", level, under, department)
    if key not in plan.cache:
        plan.cache[key] = _coverage(plan, level, under, department)
    result = plan.cache[key]
    assert isinstance(result, Coverage)
    return result


def _coverage(
    plan: Plan, level: int, under: str | None, department: str | None
) -> Coverage:

    def keep(measures: list[Measure]) -> list[Measure]:
        return [m for m in measures if department is None or m.department == department]

    visions = visions_at_level(plan, level, under)
    rows = [_row(plan, v, keep(measures_under(plan, v.id))) for v in visions]
    scope = keep(measures_under(plan, under) if under else plan.of_kind(Measure))
    totals = _row(plan, None, scope)
    result = Coverage(rows, totals)
    result.untraced = [
        m for m in scope if not any(plan.get(v, Vision) for v in m.visions)
    ]
    result.unmeasured = [m for m in scope if not plan.indicators_of(m.id)]
    result.unfunded = [m for m in scope if not plan.budget_links_of(m.id)]
    if not under and department is None:
        candidates: list[Indicator | BudgetLink] = [
            *plan.of_kind(Indicator),
            *plan.of_kind(BudgetLink),
        ]
        result.orphans = [
            obj
            for obj in candidates
            if not any(plan.get(m, Measure) for m in obj.measures)
        ]
        # orphans' money counts in the plan total, untraced
        totals.budget_links += sum(isinstance(o, BudgetLink) for o in result.orphans)
        totals.indicators += sum(isinstance(o, Indicator) for o in result.orphans)
        totals.budget += total(
            o.budget for o in result.orphans if isinstance(o, BudgetLink)
        )
    return result


@dataclass
class BudgetRow:
    """One row of ``plan-budget``: a vision, a department or an account."""

    label: str
    vision: Vision | None
    budget: dict[int, Decimal] = field(default_factory=dict)
    settlement: dict[int, Decimal] = field(default_factory=dict)

    def execution(self, year: int) -> float | None:
        """Settlement ÷ budget in percent, when both are known."""
        budget = self.budget.get(year)
        settlement = self.settlement.get(year)
        if budget is None or settlement is None or budget == 0:
            return None
        return float(settlement / budget * 100)


def add_amounts(
    target: dict[int, Decimal], amounts: Mapping[int, Decimal], years: set[int] | None
) -> None:
    """Add *amounts* (fiscal year → amount) into *target*, only *years* if given."""
    for year, value in amounts.items():
        if years is None or year in years:
            target[year] = target.get(year, Decimal(0)) + value


def _budget_row(
    label: str,
    vision: Vision | None,
    links: Iterable[BudgetLink],
    years: set[int] | None,
) -> BudgetRow:
    row = BudgetRow(label, vision)
    for link in links:
        add_amounts(row.budget, link.budget, years)
        add_amounts(row.settlement, link.settlement, years)
    return row


@dataclass
class BudgetTable:
    rows: list[BudgetRow]
    #: Budget links whose measures reach no vision.
    untraced: BudgetRow
    totals: BudgetRow
    years: list[int]

    def traced_share(self) -> float | None:
        """The share of all budget that is traced to a vision, in percent."""
        all_budget = sum(self.totals.budget.values(), Decimal(0))
        if not all_budget:
            return None
        untraced = sum(self.untraced.budget.values(), Decimal(0))
        return float((all_budget - untraced) / all_budget * 100)


def _reaches_vision(plan: Plan, link: BudgetLink) -> bool:
    return any(
        m is not None and any(plan.get(v, Vision) for v in m.visions)
        for m in (plan.get(mid, Measure) for mid in link.measures)
    )


def budget_table(
    plan: Plan,
    *,
    by: str = "vision",
    level: int = 1,
    under: str | None = None,
    years: set[int] | None = None,
    department: str | None = None,
) -> BudgetTable:
    """Budget and settlement per row and fiscal year (``plan-budget``)."""
    key = (
        "budget",
        by,
        level,
        under,
        frozenset(years or ()),
        years is None,
        department,
    )
    if key not in plan.cache:
        plan.cache[key] = _budget_table(plan, by, level, under, years, department)
    result = plan.cache[key]
    assert isinstance(result, BudgetTable)
    return result


def _budget_table(
    plan: Plan,
    by: str,
    level: int,
    under: str | None,
    years: set[int] | None,
    department: str | None,
) -> BudgetTable:
    links = budget_links_in_scope(plan, under, department)
    rows: list[BudgetRow] = []
    if by == "vision":
        for vision in visions_at_level(plan, level, under):
            ids = {
                link.id
                for link in budget_links_of_measures(
                    plan, measures_under(plan, vision.id)
                )
            }
            rows.append(
                _budget_row(
                    vision.title, vision, [lk for lk in links if lk.id in ids], years
                )
            )
    else:
        groups: dict[str, list[BudgetLink]] = {}
        for link in links:
            key = link.account if by == "account" else department_of(plan, link)
            groups.setdefault(key or "", []).append(link)
        rows = [_budget_row(key, None, group, years) for key, group in groups.items()]
    untraced = _budget_row(
        "", None, [lk for lk in links if not _reaches_vision(plan, lk)], years
    )
    totals = _budget_row("", None, links, years)
    all_years = sorted(set(totals.budget) | set(totals.settlement))
    return BudgetTable(rows, untraced, totals, all_years)


def budget_links_in_scope(
    plan: Plan, under: str | None, department: str | None
) -> list[BudgetLink]:
    """The budget links a table of *under* (a vision, or the plan) and of
    *department* (or every department) counts, in document order."""
    links = plan.of_kind(BudgetLink)
    if department:
        links = [link for link in links if department_of(plan, link) == department]
    if under:
        scope = {
            link.id
            for link in budget_links_of_measures(plan, measures_under(plan, under))
        }
        links = [link for link in links if link.id in scope]
    return links


def department_of(plan: Plan, link: BudgetLink) -> str:
    """The budget link's department, else its first measure's."""
    if link.department:
        return link.department
    for measure_id in link.measures:
        measure = plan.get(measure_id, Measure)
        if measure is not None and measure.department:
            return measure.department
    return ""


def select_measures(
    plan: Plan, vision_ids: Sequence[str] = (), department: str = ""
) -> list[Measure]:
    """The measures a plan-wide table shows: every measure, or those under any of
    *vision_ids* (``:vision:``), of *department* (``:department:``) if given;
    in document order."""
    measures = plan.of_kind(Measure)
    if vision_ids:
        wanted = {
            m.id
            for u in vision_ids
            if plan.get(u, Vision) is not None
            for m in measures_under(plan, u)
        }
        measures = [m for m in measures if m.id in wanted]
    if department:
        measures = [m for m in measures if m.department == department]
    return measures
