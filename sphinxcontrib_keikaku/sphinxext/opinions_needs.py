"""The opinions of the opinion sheets as sphinx-needs needs.

As for the evaluation sheets' records (:mod:`.sheet_needs`, whose reasons
hold here too): an opinion written as a directive is a need once its page
is read; a sheet's opinion belongs to no page, so it is added on
``env-updated``, after the plan is built, through sphinx-needs' public
``add_external_need``. Its ``sheet`` field names the file (so needs.json
holds it, :data:`.sheet_needs.JSON_FILTER`), and its link goes to the block
of the first object it concerns, which lists it. Its id joins the sheet
records' ids in the domain, so that :func:`.sheet_needs.forget_sheet_needs`
removes it before the next build reads any page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.opinions import Opinion
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan
from sphinxcontrib_keikaku.sphinxext.needs_bridge import held_need
from sphinxcontrib_keikaku.sphinxext.sheet_needs import SHEET_NEEDS_KEY, add_sheet_need

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def add_opinion_sheet_needs(app: Sphinx, env: BuildEnvironment) -> None:
    """Give sphinx-needs the sheets' opinions of this build's plan (after
    :func:`.sheet_needs.add_sheet_needs`, whose list of ids it extends)."""
    plan = get_plan(env)
    added: list[str] = []
    for opinion in plan.of_kind(Opinion):
        if not opinion.path or held_need(env, opinion.id) is not None:
            continue  # a page's opinion, or an id a project's own need holds
        fields = {
            "channel": opinion.channel,
            "date": opinion.date,
            "count": str(opinion.count),
            "disposition": opinion.disposition,
        }
        links = {"about": list(opinion.about), "changed": list(opinion.changed)}
        # shown in the block of the first object it concerns (or changed)
        shown_at = next(
            (
                plan.objects[i]
                for i in (*opinion.about, *opinion.changed)
                if i in plan.objects
            ),
            None,
        )
        if add_sheet_need(
            app, env, opinion, opinion.path, opinion.text, shown_at, links, fields
        ):
            added.append(opinion.id)
    domain = get_domain(env)
    domain.data[SHEET_NEEDS_KEY] = [*domain.data.get(SHEET_NEEDS_KEY, []), *added]
