"""``plan-budget``: the budget per fiscal year, and its settlement.

Rows by vision, department or account; one table of the budget per fiscal
year, one of settlement and execution rate for the years already settled
(one wide table is unreadable), the share of the budget traced to a vision
and, with charts on, a chart of the budget per year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.model import Vision
from sphinxcontrib_keikaku.core.values import format_number
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
        data = analysis.budget_table(
            r.plan,
            by=by,
            level=options.get("level", 1),
            under=under,
            years=years,
            department=options.get("department"),
        )
        result += budget_nodes(r, data, by, options, under)
    return result


def budget_nodes(
    r: PlanTables,
    data: analysis.BudgetTable,
    by: str,
    options: dict[str, Any],
    under: str | None,
) -> list[nodes.Node]:
    """The tables of one scope: budget per year, then settlement."""
    first = {
        "vision": _("Vision"),
        "department": _("Department"),
        "account": _("Account"),
    }[by]
    labelled: list[tuple[Cell, analysis.BudgetRow]] = [
        (r.ref(row.vision) if row.vision else (row.label or _("(none)")), row)
        for row in data.rows
    ]
    if by == "vision" and (data.untraced.budget or data.untraced.settlement):
        labelled.append((_("Not traced to a vision"), data.untraced))
    labelled.append((nodes.strong("", _("Total")), data.totals))

    budget_years = sorted(data.totals.budget)
    rows: list[list[Cell]] = [
        [
            label,
            *(format_number(row.budget.get(year, Decimal(0))) for year in budget_years),
            format_number(sum(row.budget.values(), Decimal(0))),
        ]
        for label, row in labelled
    ]
    title = options.get("caption") or _("Budget by fiscal year (%s)") % r.unit
    if under and "caption" not in options:
        title = f"{title}: {under}"
    result: list[nodes.Node] = [
        r.wide_table(
            [first, *(r.year(y) for y in budget_years), _("Total")],
            rows,
            classes=["keikaku-budget"],
            title=title,
        )
    ]
    settled = sorted(data.totals.settlement)
    if settled:
        result.append(settlement_table(r, first, labelled, settled))
    if by == "vision":
        result += r.facts(
            [
                (
                    _("Share of the budget traced to a vision:"),
                    format_rate(data.traced_share()),
                )
            ]
        )
    if r.summary_charts_wanted(options) and budget_years and data.rows:
        from sphinxcontrib_keikaku.output.charts import budget_spec, chart_node

        series = [
            (
                row.vision.title if row.vision else (row.label or _("(none)")),
                [row.budget.get(year) for year in budget_years],
            )
            for row in data.rows
        ]
        result.append(
            chart_node(
                r.app,
                budget_spec(
                    _("Budget by fiscal year (%s)") % r.unit,
                    [r.year(y) for y in budget_years],
                    series,
                    r.unit,
                ),
            )
        )
    return result


def settlement_table(
    r: PlanTables,
    first: str,
    labelled: list[tuple[Cell, analysis.BudgetRow]],
    settled: list[int],
) -> nodes.Element:
    """Settlement and execution rate of each settled year."""
    headers = [first]
    for year in settled:
        headers += [_("%s settlement") % r.year(year), _("Execution rate")]
    rows: list[list[Cell]] = []
    for label, row in labelled:
        # a node is in one place of a doctree: the budget table has this one
        cells: list[Cell] = [
            label.deepcopy() if isinstance(label, nodes.Element) else label
        ]
        for year in settled:
            settlement = row.settlement.get(year)
            cells += [
                format_number(settlement) if settlement is not None else "",
                format_rate(row.execution(year)),
            ]
        rows.append(cells)
    return r.wide_table(
        headers,
        rows,
        classes=["keikaku-settlement"],
        title=_("Settlement and execution rate (%s)") % r.unit,
    )
