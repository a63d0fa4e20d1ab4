"""The plan-wide tables: ``plan-coverage``, ``plan-matrix``,
``plan-evaluation`` and ``plan-budget``, rendered at resolve time.

Each presentation directive (:mod:`~sphinxcontrib_keikaku.sphinxext.presentation`)
leaves a :class:`~sphinxcontrib_keikaku.sphinxext.nodes.plan_table`
placeholder; at resolve time the placeholder becomes tables computed from
the current plan (:mod:`.analysis`, :mod:`.evaluation`), so a table on one
page is rewritten whenever an object on any other page changes (see
:func:`~sphinxcontrib_keikaku.sphinxext.hooks.on_env_updated`).

One module per table (:mod:`.coverage` with the matrix, :mod:`.evaluation`,
:mod:`.budget`); what they share is in :mod:`.common`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core.model import Indicator, Plan
from sphinxcontrib_keikaku.output.latex import note_origin
from sphinxcontrib_keikaku.output.opinions import opinions_table
from sphinxcontrib_keikaku.output.tables.alerts import alerts
from sphinxcontrib_keikaku.output.tables.axis import axis
from sphinxcontrib_keikaku.output.tables.budget import budget
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.output.tables.coverage import coverage, matrix
from sphinxcontrib_keikaku.output.tables.dashboard import dashboard
from sphinxcontrib_keikaku.output.tables.evaluation import evaluation
from sphinxcontrib_keikaku.output.tables.external import alignment, changes
from sphinxcontrib_keikaku.output.tables.history import history_table
from sphinxcontrib_keikaku.output.tables.logicmodel import render_logic_model
from sphinxcontrib_keikaku.sphinxext.nodes import plan_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["PlanTables", "resolve_tables", "setup_tables"]


def chart(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """``indicator-chart``: the chart of one indicator, anywhere."""
    indicator = r.plan.get(options["id"].strip(), Indicator)
    if indicator is None:
        return []  # reported as keikaku.unknown-id by the check pass
    return r.indicator_chart(indicator)


#: What each ``plan_table`` placeholder (its ``table``) becomes.
RENDER: MappingProxyType[
    str, Callable[[PlanTables, dict[str, Any]], list[nodes.Node]]
] = MappingProxyType(
    {
        "coverage": coverage,
        "matrix": matrix,
        "evaluation": evaluation,
        "budget": budget,
        "chart": chart,
        "axis": axis,
        "history": history_table,
        "dashboard": dashboard,
        "logic-model": render_logic_model,
        "alignment": alignment,
        "changes": changes,
        "alerts": alerts,
        "opinions": opinions_table,
    }
)

#: Tables that mirror an open data file, linked below them in HTML.
OPEN_DATA = ("coverage", "evaluation", "budget")


def resolve_tables(
    app: Sphinx, doctree: nodes.document, docname: str, plan: Plan
) -> None:
    """Replace every :class:`plan_table` of *doctree* (doctree-resolved)."""
    placeholders = list(doctree.findall(plan_table))
    if not placeholders:
        return
    renderer = PlanTables(app, plan, docname, doctree)
    for node in placeholders:
        kind = node["table"]
        rendered = RENDER[kind](renderer, node["options"])
        if app.builder.format == "html" and kind in OPEN_DATA:
            rendered.append(renderer.open_data_links(f"{kind}.csv"))
        if app.builder.format == "latex":
            note_origin(rendered, node["docname"], node["lineno"])
        node.replace_self(rendered)


def setup_tables(app: Sphinx) -> None:
    from sphinxcontrib_keikaku.output.visitors import skip, visitors

    app.add_node(plan_table, **visitors((skip, None), (skip, None), (skip, None)))
