"""The implementation plan in the open data: ``budget.csv`` and ``plan.json``.

:mod:`.opendata` writes the files; this module gives it what the
implementation plan adds, from the same computation as the ``plan-budget``
table (:func:`~sphinxcontrib_keikaku.core.budgetplan.plan_budget` with its
default rows), so a number in a file is the number on the page:

* each budget link's ``plan``, ``funding_*``, ``staff`` and ``hours``
  series (in ``plan.json`` and, in the data-file long form, in
  ``values.csv``), and in ``plan.json`` its ``staff_cost`` and
  ``total_cost`` (:mod:`~sphinxcontrib_keikaku.core.staffcost`);
* ``budget.csv``: one line per table row and fiscal year, with planned
  cost, budget, settlement, execution rate, the funding sources, on the
  totals lines the financial frame and the margins, and the staff time,
  staff cost and total cost;
* ``plan.json``'s ``implementation_plan``: the same rows, the frame and the
  margins.

It does not import :mod:`.opendata` (which calls it): the JSON number
writer is handed in.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.budgetplan import (
    PlanBudgetRow,
    PlanBudgetTable,
    plan_budget,
)
from sphinxcontrib_keikaku.core.funding import FUNDING_FIELDS
from sphinxcontrib_keikaku.core.grades import round_rate
from sphinxcontrib_keikaku.core.model import BudgetLink, PlanObject
from sphinxcontrib_keikaku.core.staffcost import (
    STAFF_FIELDS,
    StaffRates,
    staff_costs,
    total_costs,
)

if TYPE_CHECKING:
    from sphinx.config import Config

    from sphinxcontrib_keikaku.core.model import Plan

#: The amount series a budget link adds to the exports, beside budget and
#: settlement: the data-file field names.
LINK_SERIES: tuple[str, ...] = ("plan", *FUNDING_FIELDS, *STAFF_FIELDS)

#: The columns of ``budget.csv``.
CSV_COLUMNS: tuple[str, ...] = (
    "vision",
    "title",
    "row",
    "fiscal_year",
    "plan",
    "budget",
    "settlement",
    "execution_rate",
    *FUNDING_FIELDS,
    "frame",
    "margin_plan",
    "margin_budget",
    # last, so that a reader of the 0.2 columns by position still reads them
    *STAFF_FIELDS,
    "staff_cost",
    "total_cost",
)

Number = Callable[[Decimal], Any]


def link_series(obj: PlanObject) -> list[tuple[str, dict[int, Decimal]]]:
    """``(field, amounts)`` of the series *obj* adds, if it is a budget link."""
    if not isinstance(obj, BudgetLink):
        return []
    return [(name, getattr(obj, name)) for name in LINK_SERIES]


def rates(config: Config) -> StaffRates | None:
    """``keikaku_staff_cost`` as rates, None when it is not set."""
    found = StaffRates.of(config.keikaku_staff_cost)
    return found if found.given else None


def link_costs(config: Config, obj: PlanObject) -> dict[str, dict[int, Decimal]]:
    """``staff_cost`` and ``total_cost`` of a budget link per fiscal year;
    empty without ``keikaku_staff_cost`` or for another object."""
    priced = rates(config)
    if not isinstance(obj, BudgetLink) or priced is None:
        return {}
    return {
        "staff_cost": staff_costs(obj, priced),
        "total_cost": total_costs(obj, priced),
    }


def table(config: Config, plan: Plan) -> PlanBudgetTable:
    """The default ``plan-budget`` table of the whole plan."""
    return plan_budget(plan, frame=config.keikaku_fiscal_frame, rates=rates(config))


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _row_key(row: PlanBudgetRow) -> tuple[str, str]:
    if row.role in ("untraced", "total"):
        return row.role, ""
    return (row.vision.id if row.vision else ""), row.label


def budget_rows(config: Config, plan: Plan) -> list[list[str]]:
    """The lines of ``budget.csv``, header first, every cell as text."""
    data = table(config, plan)
    lines: list[list[str]] = [list(CSV_COLUMNS)]
    for row in [*data.rows, data.untraced, data.totals]:
        vision, label = _row_key(row)
        figures = row.figures
        for year in data.years:
            total = row.role == "total"
            margins = (
                (data.margin([year], "plan"), data.margin([year], "budget"))
                if total
                else (None, None)
            )
            lines.append(
                [
                    vision,
                    label,
                    row.role,
                    str(year),
                    _text(figures.plan.get(year)),
                    _text(figures.budget.get(year)),
                    _text(figures.settlement.get(year)),
                    _text(round_rate(figures.execution(year))),
                    *(
                        _text(figures.funding.get(f, {}).get(year))
                        for f in FUNDING_FIELDS
                    ),
                    _text(data.frame.get(year) if total else None),
                    _text(margins[0]),
                    _text(margins[1]),
                    *(
                        _text(getattr(figures, name).get(year))
                        for name in (*STAFF_FIELDS, "staff_cost", "total_cost")
                    ),
                ]
            )
    return lines


def implementation_plan(config: Config, plan: Plan, number: Number) -> dict[str, Any]:
    """``plan.json``'s ``implementation_plan``: rows, frame and margins."""
    data = table(config, plan)

    def series(values: dict[int, Decimal]) -> dict[str, Any]:
        return {str(year): number(v) for year, v in sorted(values.items())}

    def row_data(row: PlanBudgetRow) -> dict[str, Any]:
        figures = row.figures
        rates = {str(y): round_rate(figures.execution(y)) for y in data.years}
        return {
            "vision": row.vision.id if row.vision else None,
            "label": row.label,
            "row": row.role,
            "depth": row.depth,
            "plan": series(figures.plan),
            "budget": series(figures.budget),
            "settlement": series(figures.settlement),
            "execution": {y: None if r is None else float(r) for y, r in rates.items()},
            "funding": {
                name: series(figures.funding.get(name, {}))
                for name in FUNDING_FIELDS
                if figures.funding.get(name)
            },
            "staff": series(figures.staff),
            "hours": series(figures.hours),
            "staff_cost": series(figures.staff_cost),
            "total_cost": series(figures.total_cost),
        }

    frame: dict[int, Decimal] = config.keikaku_fiscal_frame
    # the margins of the years the plan has amounts for (as the table)
    margins: dict[str, dict[str, Any]] = {}
    for year in sorted(data.frame):
        shown = {figure: data.margin([year], figure) for figure in ("plan", "budget")}
        margins[str(year)] = {
            figure: None if value is None else number(value)
            for figure, value in shown.items()
        }
    return {
        "years": data.years,
        "rows": [row_data(row) for row in data.rows],
        "untraced": row_data(data.untraced),
        "totals": row_data(data.totals),
        "frame": series(frame),
        "margin": margins,
    }
