"""The plan-wide tables: ``plan-coverage``, ``plan-matrix``,
``plan-evaluation`` and ``plan-budget``, rendered at resolve time.

Each presentation directive (:mod:`~sphinxcontrib_keikaku.sphinxext.presentation`)
leaves a :class:`~sphinxcontrib_keikaku.sphinxext.nodes.plan_table`
placeholder; at resolve time the placeholder becomes an ordinary
docutils table computed from the current plan (:mod:`.analysis`,
:mod:`.evaluation`), so a table on one page is rewritten whenever an object
on any other page changes (see :func:`~sphinxcontrib_keikaku.sphinxext.hooks.on_env_updated`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    Plan,
    Vision,
)
from sphinxcontrib_keikaku.core.values import (
    format_number,
    format_value,
)
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_table
from sphinxcontrib_keikaku.sphinxext.reporting import is_active

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _pct(value: float | None) -> str:
    from sphinxcontrib_keikaku.core.evaluation import format_rate

    return format_rate(value)


class TableRenderer(Renderer):
    """Renders the plan-wide tables."""

    def count_share(self, row: analysis.CoverageRow, count: int) -> str:
        share = row.share(count)
        return f"{count} ({_pct(share)})" if share is not None else str(count)

    def scope(self, options: dict[str, Any]) -> list[str | None]:
        visions: list[str] = options.get("vision") or []
        return list(visions) or [None]

    # -- coverage -----------------------------------------------------------

    def coverage(self, options: dict[str, Any]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for under in self.scope(options):
            if under is not None and self.plan.get(under, Vision) is None:
                continue  # reported as keikaku.unknown-id by the check pass
            data = analysis.coverage(
                self.plan, options.get("level", 1), under, options.get("department")
            )
            result += self.coverage_table(data, options, under)
        return result

    def coverage_table(
        self, data: analysis.Coverage, options: dict[str, Any], under: str | None
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
            _("Budget (%s)") % self.unit,
        ]

        def cells(label: Cell, row: analysis.CoverageRow) -> list[Cell]:
            return [
                label,
                str(row.measures),
                self.count_share(row, row.traced),
                self.count_share(row, row.with_indicator),
                self.count_share(row, row.with_budget),
                self.count_share(row, row.covered),
                str(row.indicators),
                str(row.budget_links),
                format_number(row.budget),
            ]

        rows = [cells(self.ref(r.vision) if r.vision else "", r) for r in data.rows]
        gap_rows: list[list[Cell]] = []
        if data.untraced:
            gap_rows.append(
                [_("Measures traced to no vision"), str(len(data.untraced)), *[""] * 7]
            )
        orphan_indicators = [o for o in data.orphans if isinstance(o, Indicator)]
        orphan_links = [o for o in data.orphans if isinstance(o, BudgetLink)]
        if data.orphans:
            gap_rows.append(
                [
                    _("Indicators and budget links serving no measure"),
                    "",
                    "",
                    "",
                    "",
                    "",
                    str(len(orphan_indicators)),
                    str(len(orphan_links)),
                    format_number(analysis.total(o.budget for o in orphan_links)),
                ]
            )
        rows += gap_rows
        rows.append(cells(nodes.strong("", _("Total")), data.totals))
        title = options.get("caption") or (
            _("Coverage of the plan: %s") % under
            if under
            else _("Coverage of the plan")
        )
        table = self.table(headers, rows, classes=["keikaku-coverage"], title=title)
        result: list[nodes.Node] = [table]
        if "gaps" in options:
            result += self.gaps(data)
        return result

    def gaps(self, data: analysis.Coverage) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for label, objs in (
            (_("Measures traced to no vision:"), data.untraced),
            (_("Measures without an indicator:"), data.unmeasured),
            (_("Measures without a budget link:"), data.unfunded),
            (_("Indicators and budget links serving no measure:"), data.orphans),
        ):
            if objs:
                result.append(self.line(label, []))
                result.append(self.bullets(self.ref(o) for o in objs))
        findings = [f for f in self.plan.findings if is_active(self.app, f.rule)]
        if findings:
            result.append(self.line(_("Findings of the checks:"), []))
            items = []
            for finding in findings:
                para = nodes.paragraph()
                para += nodes.literal("", f"keikaku.{finding.rule.value}")
                para += nodes.Text(" ")
                obj = self.plan.objects.get(finding.object_id or "")
                if obj is not None:
                    para += self.ref(obj, with_title=False)
                    para += nodes.Text(": ")
                para += nodes.Text(finding.message)
                items.append(para)
            result.append(self.bullets(items))
        elif not any((data.untraced, data.unmeasured, data.unfunded, data.orphans)):
            result.append(
                self.line(
                    _("No gaps:"), [_("every measure is traced, measured and funded.")]
                )
            )
        return result

    # -- matrix ---------------------------------------------------------------

    def matrix(self, options: dict[str, Any]) -> list[nodes.Node]:
        department = options.get("department")
        under_ids = options.get("vision") or []
        measures = self.plan.of_kind(Measure)
        if under_ids:
            wanted = {
                m.id for u in under_ids for m in analysis.measures_under(self.plan, u)
            }
            measures = [m for m in measures if m.id in wanted]
        if department:
            measures = [m for m in measures if m.department == department]
        headers = [_("Vision"), _("Measure"), _("Indicators"), _("Budget links")]
        rows: list[list[Cell]] = []
        for measure in measures:
            visions = [self.plan.get(v, Vision) for v in measure.visions]
            rows.append(
                [
                    self.refs([v for v in visions if v is not None], gap=_("none")),
                    self.ref(measure),
                    self.refs(self.plan.indicators_of(measure.id), gap=_("none")),
                    self.refs(self.plan.budget_links_of(measure.id), gap=_("none")),
                ]
            )
        title = options.get("caption") or _("Traceability matrix")
        return [
            self.table(
                headers,
                rows,
                numeric_from=len(headers),
                classes=["keikaku-matrix"],
                title=title,
            )
        ]

    def refs(self, objs: Sequence[Any], gap: str) -> nodes.Node:
        para = nodes.inline()
        if not objs:
            para += nodes.inline("", gap, classes=["keikaku-gap"])
            return para
        for index, obj in enumerate(objs):
            if index:
                para += nodes.Text(", ")
            para += self.ref(obj, with_title=False)
        return para

    # -- evaluation -----------------------------------------------------------

    def evaluation(self, options: dict[str, Any]) -> list[nodes.Node]:
        from sphinxcontrib_keikaku.core.evaluation import format_rate

        measures = self.plan.of_kind(Measure)
        under_ids = options.get("vision") or []
        if under_ids:
            wanted = {
                m.id for u in under_ids for m in analysis.measures_under(self.plan, u)
            }
            measures = [m for m in measures if m.id in wanted]
        if options.get("department"):
            measures = [m for m in measures if m.department == options["department"]]
        headers = [
            _("Measure / indicator"),
            _("Baseline"),
            _("Target"),
            _("Actual"),
            _("Achievement"),
            _("Grade"),
        ]
        rows: list[list[Cell]] = []
        indicator_grades: list[str] = []
        measure_grades: list[str] = []
        notes: list[str] = []
        for measure in measures:
            grade = self.plan.measure_grades.get(measure.id, "−")
            measure_grades.append(grade)
            rows.append(
                [
                    nodes.strong("", "", self.ref(measure)),
                    "",
                    "",
                    "",
                    "",
                    nodes.strong("", grade),
                ]
            )
            for indicator in self.plan.indicators_of(measure.id):
                ev = self.plan.evaluations[indicator.id]
                indicator_grades.append(ev.grade)
                # an indent that every LaTeX engine can typeset
                label: list[nodes.Node] = [
                    nodes.Text("　" if self.japanese else "\u00a0\u00a0"),
                    self.ref(indicator),
                ]
                if ev.note:
                    if ev.note not in notes:
                        notes.append(ev.note)
                    label.append(nodes.superscript("", f"*{notes.index(ev.note) + 1}"))
                rows.append(
                    [
                        label,
                        self.value_at(
                            indicator.baseline[1] if indicator.baseline else None,
                            indicator.baseline[0] if indicator.baseline else None,
                            indicator.unit,
                        ),
                        self.value_at(ev.target, ev.target_year, indicator.unit),
                        self.value_at(ev.actual, ev.actual_year, indicator.unit),
                        format_rate(ev.rate),
                        ev.grade,
                    ]
                )
        title = options.get("caption") or _("Evaluation of measures")
        result: list[nodes.Node] = [
            self.table(headers, rows, classes=["keikaku-evaluation"], title=title)
        ]
        if notes:
            result.append(
                nodes.paragraph(
                    "",
                    " ".join(f"*{i + 1} {note}" for i, note in enumerate(notes)),
                    classes=["keikaku-notes"],
                )
            )
        result.append(self.distribution(indicator_grades, measure_grades))
        if self.summary_charts_wanted(options) and indicator_grades:
            from sphinxcontrib_keikaku.core.evaluation import grade_distribution
            from sphinxcontrib_keikaku.output.charts import chart_node, grades_spec

            counts = grade_distribution(
                indicator_grades, self.app.config.keikaku_grades
            )
            result.append(
                chart_node(
                    self.app,
                    grades_spec(_("Indicators by grade"), list(counts.items())),
                )
            )
        return result

    def value_at(self, value: Any, year: int | None, unit: str) -> Cell:
        """A value with its unit, and its fiscal year in smaller type below."""
        if value is None:
            return "—"
        text = format_value(value)
        if isinstance(value, Decimal):
            text = self.with_unit(value, unit)
        if year is None:
            return text
        return [
            nodes.Text(text + " "),
            nodes.inline("", f"({self.year(year)})", classes=["keikaku-year"]),
        ]

    def distribution(
        self, indicator_grades: list[str], measure_grades: list[str]
    ) -> nodes.table:
        from sphinxcontrib_keikaku.core.evaluation import grade_distribution

        grades = self.app.config.keikaku_grades
        by_indicator = grade_distribution(indicator_grades, grades)
        by_measure = grade_distribution(measure_grades, grades)
        headers = [_("Grade"), _("Indicators"), _("Measures")]
        rows: list[list[Cell]] = [
            [label, str(by_indicator.get(label, 0)), str(by_measure.get(label, 0))]
            for label in by_indicator
        ]
        rows.append(
            [
                nodes.strong("", _("Total")),
                str(len(indicator_grades)),
                str(len(measure_grades)),
            ]
        )
        return self.table(
            headers,
            rows,
            classes=["keikaku-distribution"],
            title=_("Grade distribution"),
        )

    # -- budget ---------------------------------------------------------------

    def budget(self, options: dict[str, Any]) -> list[nodes.Node]:
        years_opt = options.get("years")
        years = set(range(years_opt[0], years_opt[1] + 1)) if years_opt else None
        by = options.get("by", "vision")
        result: list[nodes.Node] = []
        for under in self.scope(options):
            if under is not None and self.plan.get(under, Vision) is None:
                continue
            data = analysis.budget_table(
                self.plan,
                by=by,
                level=options.get("level", 1),
                under=under,
                years=years,
                department=options.get("department"),
            )
            result += self.budget_nodes(data, by, options, under)
        return result

    def budget_nodes(
        self,
        data: analysis.BudgetTable,
        by: str,
        options: dict[str, Any],
        under: str | None,
    ) -> list[nodes.Node]:
        """Two tables: budget per fiscal year, then settlement and execution
        rate for the years already settled (one wide table is unreadable)."""
        from sphinxcontrib_keikaku.core.evaluation import format_rate

        first = {
            "vision": _("Vision"),
            "department": _("Department"),
            "account": _("Account"),
        }[by]
        labelled: list[tuple[Cell, analysis.BudgetRow]] = [
            (self.ref(row.vision) if row.vision else (row.label or _("(none)")), row)
            for row in data.rows
        ]
        if by == "vision" and (data.untraced.budget or data.untraced.settlement):
            labelled.append((_("Not traced to a vision"), data.untraced))
        labelled.append((nodes.strong("", _("Total")), data.totals))

        budget_years = sorted(data.totals.budget)
        rows: list[list[Cell]] = [
            [
                label,
                *(
                    format_number(row.budget.get(year, Decimal(0)))
                    for year in budget_years
                ),
                format_number(sum(row.budget.values(), Decimal(0))),
            ]
            for label, row in labelled
        ]
        title = options.get("caption") or _("Budget by fiscal year (%s)") % self.unit
        if under and "caption" not in options:
            title = f"{title}: {under}"
        result: list[nodes.Node] = [
            self.table(
                [first, *(self.year(y) for y in budget_years), _("Total")],
                rows,
                classes=["keikaku-budget"],
                title=title,
            )
        ]
        settled = sorted(data.totals.settlement)
        if settled:
            headers = [first]
            for year in settled:
                headers += [
                    _("%s settlement") % self.year(year),
                    _("Execution rate"),
                ]
            rows = []
            for label, row in labelled:
                cells: list[Cell] = [label]
                for year in settled:
                    settlement = row.settlement.get(year)
                    cells += [
                        format_number(settlement) if settlement is not None else "",
                        format_rate(row.execution(year)),
                    ]
                rows.append(cells)
            result.append(
                self.table(
                    headers,
                    rows,
                    classes=["keikaku-settlement"],
                    title=_("Settlement and execution rate (%s)") % self.unit,
                )
            )
        if by == "vision":
            result += self.facts(
                [
                    (
                        _("Share of the budget traced to a vision:"),
                        format_rate(data.traced_share()),
                    )
                ]
            )
        if self.summary_charts_wanted(options) and budget_years and data.rows:
            from sphinxcontrib_keikaku.output.charts import budget_spec, chart_node

            series = [
                (
                    row.vision.title if row.vision else (row.label or _("(none)")),
                    [row.budget.get(year) for year in budget_years],
                )
                for row in data.rows
            ]
            result.append(
                chart_node(
                    self.app,
                    budget_spec(
                        _("Budget by fiscal year (%s)") % self.unit,
                        [self.year(y) for y in budget_years],
                        series,
                        self.unit,
                    ),
                )
            )
        return result

    # -- charts -------------------------------------------------------------

    def chart(self, options: dict[str, Any]) -> list[nodes.Node]:
        indicator = self.plan.get(options["id"].strip(), Indicator)
        if indicator is None:
            return []  # reported as keikaku.unknown-id by the check pass
        return self.indicator_chart(indicator)

    def summary_charts_wanted(self, options: dict[str, Any]) -> bool:
        return bool(self.app.config.keikaku_charts) and "no-chart" not in options

    def render_table(self, node: plan_table) -> list[nodes.Node]:
        kind = node["table"]
        method = getattr(self, kind)
        rendered: list[nodes.Node] = method(node["options"])
        if self.app.builder.format == "html" and kind in (
            "coverage",
            "evaluation",
            "budget",
        ):
            rendered.append(self.open_data_links(f"{kind}.csv"))
        return rendered

    def open_data_links(self, csv_name: str) -> nodes.paragraph:
        """Links to the open data files this table mirrors (whole plan)."""
        from sphinx.util.osutil import relative_uri

        from sphinxcontrib_keikaku.output.opendata import EXPORT_DIR

        here = self.app.builder.get_target_uri(self.fromdocname)
        para = nodes.paragraph(classes=["keikaku-open-data"])
        para += nodes.inline(
            "", _("Open data (whole plan):"), classes=["keikaku-label"]
        )
        for index, name in enumerate((csv_name, "plan.json")):
            para += nodes.Text(" " if index == 0 else " · ")
            para += nodes.reference(
                "",
                name,
                refuri=relative_uri(here, f"{EXPORT_DIR}/{name}"),
                internal=False,
            )
        return para


def resolve_tables(
    app: Sphinx, doctree: nodes.document, docname: str, plan: Plan
) -> None:
    """Replace every :class:`plan_table` of *doctree* (doctree-resolved)."""
    tables = list(doctree.findall(plan_table))
    if not tables:
        return
    renderer = TableRenderer(app, plan, docname)
    for node in tables:
        rendered = renderer.render_table(node)
        for table in rendered:
            if not isinstance(table, nodes.table):
                continue
            # The words of a plan-wide table are indexed on the objects' own
            # pages; indexing them again makes every search hit the tables
            # page too, and Japanese word splitting of thousands of cells is
            # the costliest part of writing such a page.
            table["classes"].append("no-search")
            if not table["ids"]:
                # A captioned table needs an id for Sphinx's numbering. Not
                # docutils' "id<n>": MyST gives Japanese headings those too,
                # and LaTeX labels would clash.
                number = len(doctree.ids)
                while f"keikaku-table-{number}" in doctree.ids:
                    number += 1
                table["ids"] = [f"keikaku-table-{number}"]
                doctree.ids[table["ids"][0]] = table
        node.replace_self(rendered)


def setup_tables(app: Sphinx) -> None:
    from sphinxcontrib_keikaku.output.visitors import skip, visitors

    app.add_node(plan_table, **visitors((skip, None), (skip, None), (skip, None)))
