"""``plan-budget``: planned cost, budget, settlement and execution rate.

One row per row object (a vision, a department or an account) with its
planned cost (計画額), budget (当初予算), settlement (決算) and execution
rate side by side, so that a reader compares them without hunting across
tables. Fiscal years are row groups, each a table of its own: a plan period
of five years would otherwise need twenty number columns, unreadable on a
screen and impossible on an A4 page. Above them, when several years are
shown, one table sums the period (the 富士市 layout: 計画額 | 予算額 |
決算額 | 執行率 per chapter).

Each table has subtotal rows for visions with children, a row for money
traced to no vision, the totals row and, with ``keikaku_fiscal_frame``, the
frame and the margin. With ``:funding:``, each group is followed by its
funding sources (財源内訳); with ``:cost:``, by its staff time and, with
``keikaku_staff_cost``, its staff cost (人件費) and total cost (トータル
コスト). The numbers come from
:func:`~sphinxcontrib_keikaku.core.budgetplan.plan_budget`, as in the
exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.budgetplan import PlanBudgetRow, PlanBudgetTable
from sphinxcontrib_keikaku.core.budgetplan import plan_budget as compute
from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.funding import SOURCES
from sphinxcontrib_keikaku.core.model import Vision
from sphinxcontrib_keikaku.core.staffcost import StaffRates
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.budgetblock import source_label
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _


def budget(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    years_opt = options.get("years")
    years = set(range(years_opt[0], years_opt[1] + 1)) if years_opt else None
    by = options.get("by", "vision")
    result: list[nodes.Node] = []
    for under in r.scope(options):
        if under is not None and r.plan.get(under, Vision) is None:
            continue  # reported as keikaku.unknown-id by the check pass
        data = compute(
            r.plan,
            by=by,
            level=options.get("level"),
            under=under,
            years=years,
            department=options.get("department"),
            frame=r.app.config.keikaku_fiscal_frame,
            rates=staff_rates(r),
        )
        result += budget_nodes(r, data, by, options, under)
    return result


def staff_rates(r: PlanTables) -> StaffRates | None:
    """``keikaku_staff_cost`` as rates, None when it is not set."""
    rates = StaffRates.of(r.app.config.keikaku_staff_cost)
    return rates if rates.given else None


def _amount(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _label(r: PlanTables, row: PlanBudgetRow) -> Cell:
    """The first cell: a link, indented by depth; subtotals and totals marked."""
    indent = "\u3000" * row.depth
    if row.role == "total":
        return nodes.strong("", _("Total"))
    if row.role == "untraced":
        return _("Not traced to a vision")
    if row.vision is None:
        return row.label or _("(none)")
    cells: list[nodes.Node] = []
    if indent:
        cells.append(nodes.Text(indent))
    if row.role == "subtotal":
        cells += [r.ref(row.vision), nodes.Text(" "), nodes.strong("", _("subtotal"))]
    else:
        cells.append(r.ref(row.vision))
    return cells


def _shown(data: PlanBudgetTable, by: str) -> list[PlanBudgetRow]:
    rows = list(data.rows)
    untraced = data.untraced.figures
    # staff time counts too: the cost table's rows must add up to its total
    given = (untraced.budget, untraced.settlement, untraced.plan)
    if by == "vision" and any((*given, untraced.staff, untraced.hours)):
        rows.append(data.untraced)
    rows.append(data.totals)
    return rows


def budget_nodes(
    r: PlanTables,
    data: PlanBudgetTable,
    by: str,
    options: dict[str, Any],
    under: str | None,
) -> list[nodes.Node]:
    """The tables of one scope: the period, then each fiscal year."""
    first = {
        "vision": _("Vision"),
        "department": _("Department"),
        "account": _("Account"),
    }[by]
    base = options.get("caption") or _("Implementation plan and budget (%s)") % r.unit
    if under and "caption" not in options:
        base = f"{base}: {under}"
    rows = _shown(data, by)
    funding = "funding" in options
    groups: list[tuple[str, list[int]]] = []
    if len(data.years) > 1:
        groups.append(
            (
                _("%s to %s") % (r.year(data.years[0]), r.year(data.years[-1])),
                data.years,
            )
        )
    groups += [(r.year(year), [year]) for year in data.years]
    result: list[nodes.Node] = []
    if not data.years:
        result.append(
            r.wide_table(
                [first, _("Budget")],
                [[_label(r, row), ""] for row in rows],
                classes=["keikaku-budget"],
                title=base,
            )
        )
    for name, years in groups:
        result.append(_money_table(r, data, rows, first, years, f"{base}: {name}"))
        if funding and any(
            data.totals.figures.funding_sum(s.field, years) is not None for s in SOURCES
        ):
            title = _("Funding sources (%s)") % r.unit
            result.append(_funding_table(r, rows, first, years, f"{title}: {name}"))
        if "cost" in options:
            title = _("Staff time and total cost (%s)") % r.unit
            result.append(
                _cost_table(r, rows, first, years, f"{title}: {name}", staff_rates(r))
            )
    if by == "vision":
        years_opt = options.get("years")
        table = analysis.budget_table(
            r.plan,
            under=under,
            years=set(range(years_opt[0], years_opt[1] + 1)) if years_opt else None,
            department=options.get("department"),
        )
        result += r.facts(
            [
                (
                    _("Share of the budget traced to a vision:"),
                    format_rate(table.traced_share()),
                ),
                (
                    _("Execution rate of a period:"),
                    _("settlement ÷ budget of its settled years")
                    if len(data.years) > 1
                    else "",
                ),
            ]
        )
    if r.summary_charts_wanted(options) and data.years and data.rows:
        result.append(_chart(r, data))
    return result


def _money_table(
    r: PlanTables,
    data: PlanBudgetTable,
    rows: Sequence[PlanBudgetRow],
    first: str,
    years: list[int],
    title: str,
) -> nodes.Element:
    """Planned cost, budget, settlement and rate of each row over *years*."""
    with_plan = data.has_plan
    headers = [first]
    if with_plan:
        headers.append(_("Planned cost"))
    headers += [_("Budget"), _("Settlement"), _("Execution rate")]
    body: list[list[Cell]] = []
    for row in rows:
        figures = row.figures
        cells: list[Cell] = [_label(r, row)]
        if with_plan:
            cells.append(_amount(figures.sum("plan", years)))
        cells += [
            _amount(figures.sum("budget", years)),
            _amount(figures.sum("settlement", years)),
            format_rate(
                figures.execution(years[0])
                if len(years) == 1
                else figures.period_execution(years)
            ),
        ]
        body.append(cells)
    if all(year in data.frame for year in years):
        frame = sum((data.frame[y] for y in years), Decimal(0))
        frame_row: list[Cell] = [_("Financial frame")]
        margin_row: list[Cell] = [_("Margin (frame − total)")]
        for figure in ("plan", "budget") if with_plan else ("budget",):
            frame_row.append(format_number(frame))
            margin_row.append(_amount(data.margin(years, figure)))
        body += [[*frame_row, "", ""], [*margin_row, "", ""]]
    return r.wide_table(headers, body, classes=["keikaku-budget"], title=title)


def _funding_table(
    r: PlanTables,
    rows: Sequence[PlanBudgetRow],
    first: str,
    years: list[int],
    title: str,
) -> nodes.Element:
    """The funding sources of each row over *years*, and their sum."""
    headers = [
        first,
        *(source_label(s.field) for s in SOURCES),
        _("Total"),
    ]
    body: list[list[Cell]] = []
    for row in rows:
        amounts = [row.figures.funding_sum(s.field, years) for s in SOURCES]
        given = [a for a in amounts if a is not None]
        label = _label(r, row)
        body.append(
            [
                label,
                *(_amount(a) for a in amounts),
                _amount(sum(given, Decimal(0)) if given else None),
            ]
        )
    return r.wide_table(headers, body, classes=["keikaku-funding"], title=title)


def _cost_table(
    r: PlanTables,
    rows: Sequence[PlanBudgetRow],
    first: str,
    years: list[int],
    title: str,
    rates: StaffRates | None,
) -> nodes.Element:
    """Staff time of each row over *years* and, with rates, its staff cost
    and total cost (without rates, time only: see core.staffcost)."""
    headers = [first, _("Staff (persons)"), _("Staff hours")]
    if rates is not None:
        headers += [_("Staff cost"), _("Total cost")]
    body: list[list[Cell]] = []
    for row in rows:
        figures = row.figures
        cells: list[Cell] = [
            _label(r, row),
            _amount(figures.sum("staff", years)),
            _amount(figures.sum("hours", years)),
        ]
        if rates is not None:
            cells += [
                _amount(figures.sum("staff_cost", years)),
                _amount(figures.sum("total_cost", years)),
            ]
        body.append(cells)
    return r.wide_table(headers, body, classes=["keikaku-cost"], title=title)


def _chart(r: PlanTables, data: PlanBudgetTable) -> nodes.Node:
    from sphinxcontrib_keikaku.output.charts import budget_spec, chart_node

    series = [
        (
            row.vision.title if row.vision else (row.label or _("(none)")),
            [row.figures.budget.get(year) for year in data.years],
        )
        for row in data.rows
        if row.role == "row"
    ]
    return chart_node(
        r.app,
        budget_spec(
            _("Budget by fiscal year (%s)") % r.unit,
            [r.year(y) for y in data.years],
            series,
            r.unit,
        ),
    )
