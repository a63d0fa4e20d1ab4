"""The build events of plans that hold together (see :mod:`.external`).

Kept apart from :mod:`.external`, which the plan's own build
(:mod:`.hooks`) calls, so that the two import each other in one direction
only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.external import (
    begin_build,
    external_pages,
    get_state,
)
from sphinxcontrib_keikaku.sphinxext.external_needs import register_needs
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def on_env_before_read_docs(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    """Read the files at the start of the build, and give sphinx-needs the
    external objects (:mod:`.external_needs`)."""
    state = begin_build(app)
    register_needs(app, env, state)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to write again because an external file changed (or one that
    was missing appeared): those showing anything of it now or before."""
    domain = get_domain(env)
    state = get_state(env)
    plan = get_plan(env)
    pages = external_pages(env, plan)
    old_digest = domain.data.get("external_digest")
    old_pages: list[str] = domain.data.get("external_pages", [])
    domain.data["external_digest"] = state.digest
    domain.data["external_pages"] = sorted(pages)
    if old_digest is None or old_digest == state.digest:
        return []
    return sorted(d for d in pages | set(old_pages) if d in env.found_docs)
