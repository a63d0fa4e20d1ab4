"""A budget link's amounts in its own block: the implementation plan.

One row per fiscal year: planned cost (計画額, when given), budget,
settlement and the execution rate, then the totals; when the project gives
staff time, its persons and hours and, with ``keikaku_staff_cost``, its
staff cost (人件費) and total cost (トータルコスト); and, when the project
has a funding split (財源内訳), a table of its sources per fiscal year. The
numbers are those of ``plan-budget`` and of the exports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_keikaku.core.budgetplan import Figures
from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.funding import SOURCES, funding_years, split
from sphinxcontrib_keikaku.core.staffcost import (
    StaffRates,
    has_staff_time,
    staff_costs,
    total_costs,
)
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.model import BudgetLink
    from sphinxcontrib_keikaku.output.htmltables import Cell
    from sphinxcontrib_keikaku.output.render import Renderer


def source_label(field: str) -> str:
    """The column heading of a funding source, in the build's language (the
    Japanese words are those of the budget book: 国庫支出金, 県支出金 …)."""
    return {
        "funding_national": _("National treasury"),
        "funding_prefectural": _("Prefecture"),
        "funding_bonds": _("Local bonds"),
        "funding_other": _("Other"),
        "funding_general": _("General revenue"),
    }[field]


def _amount(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _total(values: dict[int, Decimal]) -> str:
    return format_number(sum(values.values(), Decimal(0))) if values else ""


def budget_tail(r: Renderer, link: BudgetLink) -> list[nodes.Node]:
    """The amounts table and, if given, the funding table of *link*."""
    years = link.years
    if not years:
        return []
    figures = Figures(link.plan, link.budget, link.settlement)
    with_plan = bool(link.plan)
    headers = [_("Fiscal year")]
    if with_plan:
        headers.append(_("Planned cost (%s)") % r.unit)
    headers += [
        _("Budget (%s)") % r.unit,
        _("Settlement (%s)") % r.unit,
        _("Execution rate"),
    ]
    # staff time, priced where keikaku_staff_cost is set (core.staffcost)
    timed = has_staff_time(link)
    rates = StaffRates.of(r.app.config.keikaku_staff_cost)
    priced = timed and rates.given
    costs = staff_costs(link, rates) if priced else {}
    totals = total_costs(link, rates) if priced else {}
    if timed:
        headers += [_("Staff (persons)"), _("Staff hours")]
    if priced:
        headers += [_("Staff cost (%s)") % r.unit, _("Total cost (%s)") % r.unit]
    rows: list[list[Cell]] = []
    for year in years:
        row: list[Cell] = [r.year(year)]
        if with_plan:
            row.append(_amount(link.plan.get(year)))
        row += [
            _amount(link.budget.get(year)),
            _amount(link.settlement.get(year)),
            format_rate(figures.execution(year)),
        ]
        if timed:
            row += [_amount(link.staff.get(year)), _amount(link.hours.get(year))]
        if priced:
            row += [_amount(costs.get(year)), _amount(totals.get(year))]
        rows.append(row)
    total: list[Cell] = [_("Total")]
    if with_plan:
        total.append(format_number(sum(link.plan.values(), Decimal(0))))
    total += [
        format_number(sum(link.budget.values(), Decimal(0))),
        format_number(sum(link.settlement.values(), Decimal(0))),
        format_rate(figures.period_execution(years)),
    ]
    if timed:
        total += [_total(link.staff), _total(link.hours)]
    if priced:
        total += [_total(costs), _total(totals)]
    rows.append(total)
    result: list[nodes.Node] = [
        r.table(
            headers,
            rows,
            classes=["keikaku-amounts"],
            caption=_("Amounts of %s") % f"{link.id} {link.title}".strip(),
        )
    ]
    given = funding_years(link)
    if given:
        result += _funding(r, link, given)
    return result


def _funding(r: Renderer, link: BudgetLink, years: list[int]) -> list[nodes.Node]:
    headers = [
        _("Fiscal year"),
        *(source_label(s.field) for s in SOURCES),
        _("Total"),
    ]
    rows: list[list[Cell]] = []
    for year in years:
        parts = split(link, year)
        rows.append(
            [
                r.year(year),
                *(_amount(getattr(link, s.field).get(year)) for s in SOURCES),
                format_number(sum(parts.values(), Decimal(0))),
            ]
        )
    # a label, not a caption: a captioned table needs an id of the page,
    # which only the plan-wide tables are given
    label = nodes.paragraph(classes=["keikaku-funding-label"])
    label += nodes.inline(
        "", _("Funding sources (%s)") % r.unit, classes=["keikaku-label"]
    )
    caption = _("Funding sources of %s") % f"{link.id} {link.title}".strip()
    return [
        label,
        r.table(headers, rows, classes=["keikaku-funding"], caption=caption),
    ]
