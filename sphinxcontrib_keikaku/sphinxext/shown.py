"""What a page of plan-wide tables shows, to decide whether to write it again.

A page with a plan-wide table shows the whole plan, so it is written again
whenever any plan object changed (:func:`~.hooks.on_env_updated`). Some
tables show much less than everything they are computed from: the history
(``plan-history``) shows grades, records and trends, not the actuals behind
them, and a new actual mostly leaves every grade as it was. For such a
table, :data:`SHOWN` gives a function of exactly what it shows; a page whose
plan-wide tables all have one is written again when what they show
changes, and not when only what they are computed from changes. The page's
own objects and the settings still make it stale as for any page.

The functions compute what the tables will show with the same functions
the tables use, and the results stay in the plan's cache, so a page written
again costs nothing more, and one left alone saves its whole rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.sphinxext.history import history_of, plan_year

if TYPE_CHECKING:
    from sphinx.config import Config

    from sphinxcontrib_keikaku.core.model import Plan

__all__ = ["SHOWN", "page_digest"]


def history_shown(plan: Plan, config: Config, options: dict[str, Any]) -> object:
    """Everything one ``plan-history`` shows (see
    :func:`~sphinxcontrib_keikaku.output.tables.history.history_table`): its
    rows and cells, the summaries, and each row's object as its link shows
    it (id, title, page)."""
    data = history_of(plan, config, options)
    linked = [
        (obj.id, obj.title, obj.docname)
        for obj in (plan.objects[row.object_id] for row in data.rows)
    ]
    return (plan_year(plan, config), data, linked)


#: Plan-wide table -> what it shows, for the tables that show less than the
#: whole plan. A table not named here makes its page show the whole plan.
SHOWN: MappingProxyType[str, Callable[[Plan, Config, dict[str, Any]], object]] = (
    MappingProxyType(
        {
            "history": history_shown,
        }
    )
)


def page_digest(
    plan: Plan, config: Config, tables: Sequence[tuple[str, dict[str, Any]]]
) -> str | None:
    """A digest of what the plan-wide *tables* of one page show, or None
    when one of them shows the whole plan (or the page has none known)."""
    if not tables or any(table not in SHOWN for table, _options in tables):
        return None
    shown = [
        (table, sorted(options.items()), SHOWN[table](plan, config, options))
        for table, options in tables
    ]
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
