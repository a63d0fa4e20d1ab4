"""Filling in the plan's placeholder nodes once the whole plan is known.

Directives leave placeholders (:class:`~.nodes.plan_part` for an object's
own block, :class:`~.nodes.plan_table` for the plan-wide tables); on
``doctree-resolved`` they are replaced from the plan built after reading, so
a change anywhere in the plan reaches every page that shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_keikaku.output.axisbadges import badge_lines
from sphinxcontrib_keikaku.output.blocks import BlockRenderer
from sphinxcontrib_keikaku.output.latex import (
    break_pages,
    note_origin,
    prepare_tables,
)
from sphinxcontrib_keikaku.output.tables import resolve_tables
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan
from sphinxcontrib_keikaku.sphinxext.nodes import plan_object, plan_part, plan_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


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
        rendered = renderer.render(obj, node["part"]) + badge_lines(
            renderer, obj, node["part"]
        )
        if app.builder.format == "latex":
            note_origin(rendered, node["docname"], node["lineno"])
        node.replace_self(rendered)
    prepare_tables(app, doctree)
    break_pages(app, doctree)
