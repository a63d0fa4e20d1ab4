"""Classification axes in the open data (issue 16).

:mod:`.opendata` calls in here, so that the axes are in every export:

* ``plan.json``: each object's values per axis (:func:`object_axes`), and a
  top-level ``axes`` list (:func:`axes_json`): each declared axis, its
  values in declared order (with the SDGs' colours) and the ``plan-axis``
  figures of each value (measures, counts, budget, grades), the gaps and
  the totals, computed by the same function as the page's table;
* ``axes.csv`` (:func:`axes_rows`): one row per object and value, in the
  long form (``axis, value, …, id``) that a spreadsheet filters and pivots;
* ``needs.json``: through the need fields (see ``needs_bridge``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.axistables import (
    AxisRow,
    plan_axis_table,
    scope_measures,
)
from sphinxcontrib_keikaku.core.model import Plan, PlanObject
from sphinxcontrib_keikaku.core.settings import NOT_EVALUABLE
from sphinxcontrib_keikaku.sphinxext.plan_catalogue import shown_axes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["AXES_CSV", "axes_json", "axes_rows", "object_axes"]

AXES_CSV = "axes.csv"


def _amount(value: Decimal) -> int | str:
    """An amount as JSON holds it exactly: whole numbers as numbers, the
    others as their digits (as plan.json writes every number it cannot
    hold exactly)."""
    return int(value) if value == value.to_integral_value() else format(value, "f")


def object_axes(obj: PlanObject) -> dict[str, Any]:
    """``{"axes": {name: {"values": [...], "targets": [...]}}}`` for an
    object with axis values, else nothing."""
    if not obj.axes:
        return {}
    return {
        "axes": {
            name: {"values": list(values.keys), "targets": list(values.targets)}
            for name, values in obj.axes.items()
        }
    }


def _row(row: AxisRow) -> dict[str, Any]:
    return {
        "measures": list(row.measures),
        "measure_count": row.measure_count,
        "targets": list(row.targets),
        "indicators": list(row.indicators),
        "indicator_count": row.indicator_count,
        "flagged_indicators": list(row.flagged_indicators),
        "flagged_budget_links": list(row.flagged_budget_links),
        "budget": _amount(row.budget),
        "flagged_budget": _amount(row.flagged_budget),
        "grades": dict(row.grades),
    }


def axes_json(app: Sphinx, plan: Plan) -> list[dict[str, Any]]:
    """The top-level ``axes`` of ``plan.json``."""
    labels = [label for label, _minimum in app.config.keikaku_grades]
    labels.append(NOT_EVALUABLE)
    result = []
    for axis in shown_axes(app):
        data = plan_axis_table(plan, axis, labels, scope_measures(plan, None))
        values = []
        for row in data.rows:
            assert row.key is not None
            value: dict[str, Any] = {"key": row.key, "label": row.label}
            goal = axis.goal(row.key)
            if goal is not None:
                value["colour"] = goal.colour
                value["text_colour"] = goal.text_colour
            value.update(_row(row))
            values.append(value)
        result.append(
            {
                "name": axis.name,
                "field": axis.field,
                "label": axis.label,
                "builtin": axis.builtin,
                "values": values,
                "gaps": list(data.gaps),
                "unassigned_measures": list(data.unassigned),
                "totals": _row(data.total),
            }
        )
    return result


def axes_rows(app: Sphinx, plan: Plan) -> list[list[str]]:
    """The rows of ``axes.csv``: every object's every axis value, one row
    each (:mod:`.opendata` writes them, as every CSV, formula-safe)."""
    header = [
        "axis",
        "axis_label",
        "value",
        "value_label",
        "kind",
        "id",
        "title",
        "targets",
    ]
    rows: list[list[str]] = [header]
    for axis in shown_axes(app):
        for key, label in axis.values:
            for obj in plan.objects.values():
                values = obj.axes.get(axis.name)
                if values is None or key not in values.keys:
                    continue
                targets = [t for t in values.targets if t.partition(".")[0] == key]
                rows.append(
                    [
                        axis.name,
                        axis.label,
                        key,
                        label,
                        obj.kind.value,
                        obj.id,
                        obj.title,
                        " ".join(targets),
                    ]
                )
    return rows
