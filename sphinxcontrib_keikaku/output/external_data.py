"""The ``external_plans`` entry of ``plan.json``.

A plan that serves another (a sectoral plan serving the comprehensive plan)
exports, beside each object's ``serves`` (``name:ID``), what each name
stands for: the other plan's project name and base URL. The plan that is
served reads them to tell which ``serves`` entries point to itself
(:meth:`~sphinxcontrib_keikaku.core.planfile.PlanFile.serving`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.sphinxext.external import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def external_plans_data(app: Sphinx) -> dict[str, Any]:
    """name -> {project, base_url, schema_version} of every external plan."""
    state = get_state(app.env)
    result: dict[str, Any] = {}
    for name, (entry, plan_file) in state.plans.items():
        result[name] = {
            "project": plan_file.project if plan_file is not None else None,
            "base_url": entry.base_url or None,
            "schema_version": plan_file.schema_version if plan_file else None,
        }
    return result
