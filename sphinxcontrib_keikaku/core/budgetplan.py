"""The implementation plan (実施計画) against the budget: ``plan-budget``.

Pure functions over a :class:`~.model.Plan`: the rows of ``plan-budget``
(planned cost, budget, settlement, execution rate, the funding sources,
staff time, staff cost and total cost of each row and fiscal year), the
financial frame (財政フレーム) and its margin, and the ``frame`` rule. The tables (HTML and LaTeX) and the
exports (``budget.csv``, ``plan.json``) read their numbers from here.

Counting follows :mod:`.analysis`: a budget link's full amount counts under
every vision row its measures lead to; a subtotal counts each budget link
under its vision once, and the totals row each budget link of the table's
scope once. So a subtotal can be less than the sum of its rows when a
project serves two of them, and a reader can check each row against the
budget book.

Which rows: visions at ``level`` (1 = the roots, or the vision of
``:vision:``), each branch above them closed by a subtotal row. Without a
level, a table whose start is one vision (the usual single 将来像 of a
plan) shows that vision's children: the table never collapses into one
row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from sphinxcontrib_keikaku.core.analysis import (
    add_amounts,
    budget_links_in_scope,
    budget_links_of_measures,
    department_of,
    measures_under,
    root_visions,
    walk_visions,
)
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.funding import SOURCES
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Measure, Plan, Vision
from sphinxcontrib_keikaku.core.numbers import format_number
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.staffcost import StaffRates, staff_costs, total_costs

Role = Literal["row", "subtotal", "untraced", "total"]
#: The four figures of a row and year, in the order of the table's columns.
FIGURES: tuple[str, ...] = ("plan", "budget", "settlement")


@dataclass
class Figures:
    """The amounts of one row, per fiscal year."""

    plan: dict[int, Decimal] = field(default_factory=dict)
    budget: dict[int, Decimal] = field(default_factory=dict)
    settlement: dict[int, Decimal] = field(default_factory=dict)
    #: Funding source field -> fiscal year -> amount.
    funding: dict[str, dict[int, Decimal]] = field(default_factory=dict)
    #: Staff time (persons, hours) and, with ``keikaku_staff_cost``, the
    #: staff cost (人件費) and total cost (トータルコスト): :mod:`.staffcost`.
    staff: dict[int, Decimal] = field(default_factory=dict)
    hours: dict[int, Decimal] = field(default_factory=dict)
    staff_cost: dict[int, Decimal] = field(default_factory=dict)
    total_cost: dict[int, Decimal] = field(default_factory=dict)

    def execution(self, year: int) -> float | None:
        """Settlement ÷ budget of *year* in percent, when both are known."""
        budget = self.budget.get(year)
        settlement = self.settlement.get(year)
        if budget is None or settlement is None or budget == 0:
            return None
        return float(settlement / budget * 100)

    def sum(self, figure: str, years: Iterable[int]) -> Decimal | None:
        """The sum of *figure* over *years*; None if no year has one."""
        amounts: dict[int, Decimal] = getattr(self, figure)
        found = [amounts[y] for y in years if y in amounts]
        return sum(found, Decimal(0)) if found else None

    def period_execution(self, years: Iterable[int]) -> float | None:
        """Settlement ÷ budget over the settled years among *years*: a year
        not yet settled does not lower the rate of the period."""
        settled = [y for y in years if y in self.settlement and y in self.budget]
        budget = sum((self.budget[y] for y in settled), Decimal(0))
        if not settled or budget == 0:
            return None
        settlement = sum((self.settlement[y] for y in settled), Decimal(0))
        return float(settlement / budget * 100)

    def funding_sum(self, source: str, years: Iterable[int]) -> Decimal | None:
        amounts = self.funding.get(source, {})
        found = [amounts[y] for y in years if y in amounts]
        return sum(found, Decimal(0)) if found else None


@dataclass
class PlanBudgetRow:
    """One row of ``plan-budget``."""

    label: str
    vision: Vision | None
    role: Role
    #: Nesting below the table's first level (0 for a top row).
    depth: int
    figures: Figures


@dataclass
class PlanBudgetTable:
    """Everything one ``plan-budget`` table shows."""

    #: The rows in the order shown: rows, subtotals, untraced, total.
    rows: list[PlanBudgetRow]
    untraced: PlanBudgetRow
    totals: PlanBudgetRow
    #: The fiscal years with an amount, in order.
    years: list[int]
    #: The financial frame of the years shown that have one.
    frame: dict[int, Decimal]

    def margin(self, years: Iterable[int], figure: str = "plan") -> Decimal | None:
        """Frame − the total *figure* over *years* (negative: over the frame);
        None unless every year has a frame and an amount (a year not yet
        budgeted has no margin to its budget)."""
        wanted = list(years)
        amounts: dict[int, Decimal] = getattr(self.totals.figures, figure)
        if not wanted or any(y not in self.frame or y not in amounts for y in wanted):
            return None
        return sum((self.frame[y] - amounts[y] for y in wanted), Decimal(0))

    @property
    def has_plan(self) -> bool:
        return bool(self.totals.figures.plan)

    @property
    def has_funding(self) -> bool:
        return any(self.totals.figures.funding.values())


def _figures(
    links: Iterable[BudgetLink],
    years: set[int] | None,
    rates: StaffRates | None = None,
) -> Figures:
    figures = Figures()
    for link in links:
        for name in FIGURES:
            add_amounts(getattr(figures, name), getattr(link, name), years)
        add_amounts(figures.staff, link.staff, years)
        add_amounts(figures.hours, link.hours, years)
        if rates is not None:
            add_amounts(figures.staff_cost, staff_costs(link, rates), years)
            add_amounts(figures.total_cost, total_costs(link, rates), years)
        for source in SOURCES:
            add_amounts(
                figures.funding.setdefault(source.field, {}),
                getattr(link, source.field),
                years,
            )
    return figures


def plan_budget(
    plan: Plan,
    *,
    by: str = "vision",
    level: int | None = None,
    under: str | None = None,
    years: set[int] | None = None,
    department: str | None = None,
    frame: Mapping[int, Decimal] | None = None,
    rates: StaffRates | None = None,
) -> PlanBudgetTable:
    """The rows of ``plan-budget`` (see the module's docstring); *rates*
    (``keikaku_staff_cost``) give the staff cost and total cost."""
    frame = dict(frame or {})
    key = (
        "plan-budget",
        by,
        level,
        under,
        None if years is None else frozenset(years),
        department,
        tuple(sorted(frame.items())),
        rates,
    )
    if key not in plan.cache:
        plan.cache[key] = _plan_budget(
            plan, by, level, under, years, department, frame, rates
        )
    result = plan.cache[key]
    assert isinstance(result, PlanBudgetTable)
    return result


def _plan_budget(
    plan: Plan,
    by: str,
    level: int | None,
    under: str | None,
    years: set[int] | None,
    department: str | None,
    frame: dict[int, Decimal],
    rates: StaffRates | None,
) -> PlanBudgetTable:
    links = budget_links_in_scope(plan, under, department)
    rows: list[PlanBudgetRow] = []
    if by == "vision":
        rows = _vision_rows(plan, links, level, under, years, rates)
    else:
        groups: dict[str, list[BudgetLink]] = {}
        for link in links:
            name = link.account if by == "account" else department_of(plan, link)
            groups.setdefault(name or "", []).append(link)
        rows = [
            PlanBudgetRow(name, None, "row", 0, _figures(group, years, rates))
            for name, group in groups.items()
        ]
    untraced = PlanBudgetRow(
        "",
        None,
        "untraced",
        0,
        _figures([lk for lk in links if not _reaches_vision(plan, lk)], years, rates),
    )
    totals = PlanBudgetRow("", None, "total", 0, _figures(links, years, rates))
    shown = totals.figures
    all_years = sorted(
        set(shown.plan)
        | set(shown.budget)
        | set(shown.settlement)
        | set(shown.staff)
        | set(shown.hours)
    )
    return PlanBudgetTable(
        rows,
        untraced,
        totals,
        all_years,
        # the frame is for the whole plan: a part of it has no margin to it
        {}
        if under or department
        else {year: frame[year] for year in all_years if year in frame},
    )


def _vision_rows(
    plan: Plan,
    links: Sequence[BudgetLink],
    level: int | None,
    under: str | None,
    years: set[int] | None,
    rates: StaffRates | None,
) -> list[PlanBudgetRow]:
    start = plan.get(under, Vision) if under else None
    starts = [start] if start is not None else ([] if under else root_visions(plan))
    single = len(starts) == 1
    if level is None:
        level = 2 if single and plan.child_visions(starts[0].id) else 1
    scope = {link.id for link in links}
    rows: list[PlanBudgetRow] = []

    def figures(vision: Vision) -> Figures:
        ids = {
            link.id
            for link in budget_links_of_measures(plan, measures_under(plan, vision.id))
        }
        return _figures(
            [lk for lk in links if lk.id in ids and lk.id in scope], years, rates
        )

    for start_vision in starts:
        for event, vision, depth, children in walk_visions(plan, start_vision, level):
            if not children:
                if event == "enter":
                    rows.append(
                        PlanBudgetRow(
                            vision.title, vision, "row", depth, figures(vision)
                        )
                    )
            elif event == "exit" and not (single and depth == 1):
                # the single start's subtotal would repeat the totals row
                rows.append(
                    PlanBudgetRow(
                        vision.title, vision, "subtotal", depth, figures(vision)
                    )
                )
    # depth counts from the first level shown
    top = min((row.depth for row in rows), default=1)
    for row in rows:
        row.depth -= top
    return rows


def _reaches_vision(plan: Plan, link: BudgetLink) -> bool:
    return any(
        m is not None and any(plan.get(v, Vision) for v in m.visions)
        for m in (plan.get(mid, Measure) for mid in link.measures)
    )


def check_frame(plan: Plan, frame: Mapping[int, Decimal]) -> list[Finding]:
    """``frame``: the planned or budgeted total of a fiscal year (every
    budget link of the plan, each once) exceeds that year's frame. The
    findings have no place: the glue puts them at the setting's line."""
    if not frame:
        return []
    totals = _figures(plan.of_kind(BudgetLink), set(frame))
    findings: list[Finding] = []
    for year, available in sorted(frame.items()):
        for figure, what in (("plan", _("planned")), ("budget", _("budgeted"))):
            amount = getattr(totals, figure).get(year)
            if amount is None or amount <= available:
                continue
            findings.append(
                Finding(
                    Rule.FRAME,
                    _(
                        "the %s total of fiscal year %d, %s, exceeds the "
                        "financial frame %s by %s; reduce the projects' amounts "
                        "or revise keikaku_fiscal_frame"
                    )
                    % (
                        what,
                        year,
                        format_number(amount),
                        format_number(available),
                        format_number(amount - available),
                    ),
                )
            )
    return findings
