"""The lines of an object's block about other plans.

A vision or measure with ``:serves:`` shows the external objects it serves,
each with its title and a link to its page under the other plan's base
URL; an object of the plan that is served shows the external objects that
serve it (read from the serving plans' ``plan.json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.model import Measure, PlanObject, Vision
from sphinxcontrib_keikaku.output.tables.external import external_ref
from sphinxcontrib_keikaku.sphinxext.external import get_state
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from docutils import nodes

    from sphinxcontrib_keikaku.output.render import Renderer


def external_lines(r: Renderer, obj: PlanObject) -> list[nodes.Node]:
    """ "Serves (other plans):" and "Served by (other plans):" of *obj*."""
    if not isinstance(obj, (Vision, Measure)):
        return []
    state = get_state(r.app.env)
    if not state.plans:
        return []
    result: list[nodes.Node] = []
    if obj.serves:
        items: list[nodes.Node] = []
        for entry in obj.serves:
            found = state.lookup(entry)
            if found is None:
                items.append(r.ref_or_missing(entry))  # reported as unknown-id
            else:
                items.append(external_ref(r, *found))
        result.append(r.line(_("Serves (other plans):"), items))
    serving = state.served_by(r.app.config.project).get(obj.id, [])
    if serving:
        result.append(
            r.line(
                _("Served by (other plans):"),
                [external_ref(r, entry, ext) for entry, ext in serving],
            )
        )
    return result
