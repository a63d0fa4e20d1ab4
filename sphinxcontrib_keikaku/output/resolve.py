"""Filling in the plan's placeholder nodes once the whole plan is known.

Directives leave placeholders (:class:`~.nodes.plan_part` for an object's
own block, :class:`~.nodes.plan_table` for the plan-wide tables); on
``doctree-resolved`` they are replaced from the plan built after reading, so
a change anywhere in the plan reaches every page that shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinxcontrib_keikaku.output.axisbadges import badge_lines
from sphinxcontrib_keikaku.output.blocks import BlockRenderer
from sphinxcontrib_keikaku.output.tables import resolve_tables
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan
from sphinxcontrib_keikaku.sphinxext.nodes import plan_object, plan_part, plan_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def latex_colspec(table: nodes.table) -> str:
    """Column types giving Japanese text room and right-aligning numbers.

    Without explicit widths LaTeX's tabulary squeezes short Japanese columns
    to one character per line.
    """
    tgroup = next(iter(table.findall(nodes.tgroup)))
    columns = int(tgroup["cols"])
    numeric_from = int(table.get("keikaku_numeric_from", 1))
    weights = [3 if index < numeric_from else 2 for index in range(columns)]
    scale = sum(weights)
    specs = [
        (r">{\raggedleft\arraybackslash}" if index >= numeric_from else "")
        + rf"\X{{{weight}}}{{{scale}}}"
        for index, weight in enumerate(weights)
    ]
    return "|" + "|".join(specs) + "|"


def _add_latex_colspecs(app: Sphinx, doctree: nodes.document) -> None:
    if app.builder.format != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if "keikaku_numeric_from" in table:
            table.parent.insert(
                table.parent.index(table),
                addnodes.tabular_col_spec(spec=latex_colspec(table)),
            )


def resolve_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in every placeholder of *doctree* (doctree-resolved)."""
    parts = list(doctree.findall(plan_part))
    has_tables = any(True for _ in doctree.findall(plan_table))
    if not parts and not has_tables:
        return
    plan = get_plan(app.env)
    resolve_tables(app, doctree, docname, plan)
    renderer = BlockRenderer(app, plan, docname)
    for node in parts:
        obj = plan.objects.get(node["object_id"])
        if obj is None or (obj.docname, obj.lineno) != (
            node["docname"],
            node["lineno"],
        ):
            # A duplicate id: the plan holds the other object. Show nothing of
            # it here and give up the anchor, which belongs to the first one.
            if isinstance(node.parent, plan_object):
                node.parent["ids"] = []
            node.replace_self([])
            continue
        node.replace_self(
            renderer.render(obj, node["part"])
            + badge_lines(renderer, obj, node["part"])
        )
    _add_latex_colspecs(app, doctree)
