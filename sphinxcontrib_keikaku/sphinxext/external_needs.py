"""The external plans' objects as sphinx-needs external needs.

Each object of each plan in ``keikaku_external_plans`` becomes an external
need of its kind (``vision``, ``measure``, …) with the id ``name:ID`` and a
link to its page under the plan's base URL, through sphinx-needs' public
``add_external_need``, so that ``needtable`` and filter strings see them
(``is_external``). They are added at the start of every build, as
sphinx-needs adds its own ``needs_external_needs``; the ones added by the
previous build are removed first (their ids are kept in the domain), so that
an object gone from the file leaves no need behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.needs_bridge import (
    PLAN_TYPES,
    add_external,
    held_need,
    remove_need,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_keikaku.sphinxext.external import ExternalState

logger = logging.getLogger(__name__)


def register_needs(app: Sphinx, env: BuildEnvironment, state: ExternalState) -> None:
    """Replace last build's external plan needs by this build's."""
    domain = get_domain(env)
    for need_id in domain.data.get("external_needs", []):
        need = held_need(env, need_id)
        if need is not None and need["is_external"]:
            remove_need(app, need_id)
    added: list[str] = []
    for entry, plan_file in state.plans.values():
        if plan_file is None:
            continue
        for obj in plan_file.objects.values():
            if obj.kind not in PLAN_TYPES:
                continue
            need_id = f"{entry.name}:{obj.id}"
            if held_need(env, need_id) is not None:
                continue  # a need of this project's own sources holds the id
            url = f"{entry.base_url}{obj.url}" if entry.base_url and obj.url else None
            problem = add_external(app, obj.kind, need_id, obj.title, url)
            if problem is not None:
                logger.warning(
                    "external plan %r: %s cannot be added as a need: %s",
                    entry.name,
                    need_id,
                    problem,
                    type="keikaku",
                    subtype="data",
                )
                continue
            added.append(need_id)
    domain.data["external_needs"] = added
