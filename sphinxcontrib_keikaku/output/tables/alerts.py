"""``plan-alerts``: what needs attention, one row per alert.

Each row names the kind of alert in words, links to the object concerned
(an indicator, a budget link or a measure), gives the fiscal year and
explains in one line why (:mod:`sphinxcontrib_keikaku.output.alerts`). The
same list is a section of ``plan-dashboard`` with ``:alerts:``, and
``plan.json``'s ``alerts``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.output.alerts import explain, kind_label, plan_alerts
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _


def alerts(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """``plan-alerts`` (and the dashboard's section): one list per call."""
    config = r.app.config
    year, found = plan_alerts(
        config,
        r.plan,
        visions=list(options.get("vision") or []),
        department=str(options.get("department") or ""),
        kinds=list(options.get("kinds") or []),
    )
    title = options.get("caption") or _("What needs attention")
    if year is not None:
        title = _("%s (as of %s)") % (title, r.year(year))
    if not found:
        return [
            nodes.paragraph(
                "",
                "",
                nodes.strong("", title),
                nodes.Text(" "),
                nodes.Text(_("Nothing needs attention.")),
                classes=["keikaku-alerts-none"],
            )
        ]
    rows: list[list[Cell]] = []
    for alert in found:
        obj = r.plan.objects.get(alert.object_id)
        rows.append(
            [
                kind_label(alert.kind),
                r.cell_ref(obj) if obj is not None else alert.object_id,
                r.year(alert.year),
                explain(alert, r.plan, config.keikaku_alerts, r.year),
            ]
        )
    headers = [_("Alert"), _("Object"), _("Fiscal year"), _("Why")]
    return [
        r.wide_table(
            headers,
            rows,
            numeric_from=len(headers),
            classes=["keikaku-alerts"],
            title=title,
        )
    ]
