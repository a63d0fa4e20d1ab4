"""Citizens' voice out: ``opinions`` in ``plan.json`` and ``opinions.csv``.

Called from :mod:`.opendata`, which writes the files. One entry (row) per
opinion, in the order of ``plan-opinions`` (the pages', then the sheets'),
with the disposition as its code and label and the channel as the setting
names it. ``opinions.csv`` has the columns of an opinion sheet first, so
that the file can be edited and read back through ``keikaku_opinion_files``.
There is no field for a person: opinion sheets refuse such columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.opinions import Opinion, all_opinions, tally
from sphinxcontrib_keikaku.sphinxext.opinions import opinion_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_keikaku.core.model import Plan

#: The header of ``opinions.csv``: an opinion sheet's columns, then more.
COLUMNS = (
    "id",
    "channel",
    "date",
    "district",
    "about",
    "summary",
    "count",
    "disposition",
    "answer",
    "changed",
    "disposition_label",
    "reflected",
    "document",
    "line",
    "sheet_file",
    "sheet_row",
)


def opinion_entry(app: Sphinx, opinion: Opinion) -> dict[str, Any]:
    """One opinion as ``plan.json`` holds it."""
    settings = opinion_settings(app.config)
    code = settings.code_of(opinion)
    url = None
    if not opinion.path:
        url = f"{app.builder.get_target_uri(opinion.docname)}#{opinion.id}"
    return {
        "id": opinion.id,
        "channel": settings.channel_of(opinion),
        "date": opinion.date or None,
        "district": settings.district_of(opinion) or None,
        "about": list(opinion.about),
        "summary": opinion.title,
        "count": opinion.count,
        "disposition": code or None,
        "disposition_label": settings.label_of(code) if code else opinion.disposition,
        "reflected": bool(code) and settings.reflecting(code),
        "answer": opinion.text,
        "changed": list(opinion.changed),
        "document": opinion.docname or None,
        "line": None if opinion.path else opinion.lineno,
        "url": url,
        "sheet_file": opinion.path or None,
        "sheet_row": opinion.lineno if opinion.path else None,
    }


def opinions_json(app: Sphinx, plan: Plan) -> dict[str, Any]:
    """``opinions`` of ``plan.json``: the entries and the counts the table
    shows (意見提出件数, 計画に反映した数, per disposition and channel)."""
    opinions = all_opinions(plan)
    counts = tally(opinions, opinion_settings(app.config))
    return {
        "entries": [opinion_entry(app, o) for o in opinions],
        "points": counts.points,
        "opinions": counts.opinions,
        "reflected_points": counts.reflected_points,
        "reflected_opinions": counts.reflected_opinions,
        "by_disposition": {
            code: {"points": p, "opinions": n}
            for code, (p, n) in counts.by_disposition.items()
        },
        "by_channel": {
            name: {"points": p, "opinions": n}
            for name, (p, n) in counts.by_channel.items()
        },
    }


def opinions_rows(app: Sphinx, plan: Plan) -> list[list[Any]]:
    """The rows of ``opinions.csv``, header first."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for opinion in all_opinions(plan):
        entry = opinion_entry(app, opinion)
        entry["about"] = ", ".join(entry["about"])
        entry["changed"] = ", ".join(entry["changed"])
        entry["reflected"] = "yes" if entry["reflected"] else "no"
        rows.append(["" if entry[c] is None else entry[c] for c in COLUMNS])
    return rows
