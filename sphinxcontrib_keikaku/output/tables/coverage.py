"""``plan-coverage`` and ``plan-matrix``: how completely the plan holds together.

The coverage table counts, per vision, the measures traced to it and those
with an indicator and a budget link; the traceability matrix lists each
measure with its visions, indicators and budget links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, Vision
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.reporting import is_active


def coverage(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for under in r.scope(options):
        if under is not None and r.plan.get(under, Vision) is None:
            continue  # reported as keikaku.unknown-id by the check pass
        data = analysis.coverage(
            r.plan, options.get("level", 1), under, options.get("department")
        )
        result += coverage_table(r, data, options, under)
    return result


def coverage_table(
    r: PlanTables,
    data: analysis.Coverage,
    options: dict[str, Any],
    under: str | None,
) -> list[nodes.Node]:
    headers = [
        _("Vision"),
        _("Measures"),
        _("Traced"),
        _("With indicator"),
        _("With budget"),
        _("Fully covered"),
        _("Indicators"),
        _("Budget links"),
        _("Budget (%s)") % r.unit,
    ]

    def cells(label: Cell, row: analysis.CoverageRow) -> list[Cell]:
        return [
            label,
            str(row.measures),
            r.count_share(row, row.traced),
            r.count_share(row, row.with_indicator),
            r.count_share(row, row.with_budget),
            r.count_share(row, row.covered),
            str(row.indicators),
            str(row.budget_links),
            format_number(row.budget),
        ]

    rows = [cells(r.ref(row.vision) if row.vision else "", row) for row in data.rows]
    if data.untraced:
        rows.append(
            [_("Measures traced to no vision"), str(len(data.untraced)), *[""] * 7]
        )
    orphan_indicators = [o for o in data.orphans if isinstance(o, Indicator)]
    orphan_links = [o for o in data.orphans if isinstance(o, BudgetLink)]
    if data.orphans:
        rows.append(
            [
                _("Indicators and budget links serving no measure"),
                *[""] * 5,
                str(len(orphan_indicators)),
                str(len(orphan_links)),
                format_number(analysis.total(o.budget for o in orphan_links)),
            ]
        )
    rows.append(cells(nodes.strong("", _("Total")), data.totals))
    title = options.get("caption") or (
        _("Coverage of the plan: %s") % under if under else _("Coverage of the plan")
    )
    result: list[nodes.Node] = [
        r.wide_table(headers, rows, classes=["keikaku-coverage"], title=title)
    ]
    if "gaps" in options:
        result += gaps(r, data)
    return result


def gaps(r: PlanTables, data: analysis.Coverage) -> list[nodes.Node]:
    """The lists under a coverage table: what is missing, and the findings."""
    result: list[nodes.Node] = []
    for label, objs in (
        (_("Measures traced to no vision:"), data.untraced),
        (_("Measures without an indicator:"), data.unmeasured),
        (_("Measures without a budget link:"), data.unfunded),
        (_("Indicators and budget links serving no measure:"), data.orphans),
    ):
        if objs:
            result.append(r.line(label, []))
            result.append(r.bullets(r.ref(o) for o in objs))
    findings = [f for f in r.plan.findings if is_active(r.app, f.rule)]
    if findings:
        result.append(r.line(_("Findings of the checks:"), []))
        items = []
        for finding in findings:
            para = nodes.paragraph()
            para += nodes.literal("", f"keikaku.{finding.rule.value}")
            para += nodes.Text(" ")
            obj = r.plan.objects.get(finding.object_id or "")
            if obj is not None:
                para += r.ref(obj, with_title=False)
                para += nodes.Text(": ")
            para += nodes.Text(finding.message)
            items.append(para)
        result.append(r.bullets(items))
    elif not any((data.untraced, data.unmeasured, data.unfunded, data.orphans)):
        result.append(
            r.line(_("No gaps:"), [_("every measure is traced, measured and funded.")])
        )
    return result


def matrix(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    measures = analysis.select_measures(
        r.plan, options.get("vision") or [], options.get("department") or ""
    )
    headers = [_("Vision"), _("Measure"), _("Indicators"), _("Budget links")]
    rows: list[list[Cell]] = []
    for measure in measures:
        visions = [r.plan.get(v, Vision) for v in measure.visions]
        rows.append(
            [
                refs(r, [v for v in visions if v is not None], gap=_("none")),
                r.ref(measure),
                refs(r, r.plan.indicators_of(measure.id), gap=_("none")),
                refs(r, r.plan.budget_links_of(measure.id), gap=_("none")),
            ]
        )
    title = options.get("caption") or _("Traceability matrix")
    return [
        r.wide_table(
            headers,
            rows,
            numeric_from=len(headers),
            classes=["keikaku-matrix"],
            title=title,
        )
    ]


def refs(r: PlanTables, objs: Sequence[Any], gap: str) -> nodes.Node:
    """Links to *objs* by id, or *gap* marked as a gap if there are none."""
    para = nodes.inline()
    if not objs:
        para += nodes.inline("", gap, classes=["keikaku-gap"])
        return para
    for index, obj in enumerate(objs):
        if index:
            para += nodes.Text(", ")
        para += r.ref(obj, with_title=False)
    return para
