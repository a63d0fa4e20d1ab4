"""``plan-dashboard``: the plan at a glance, a card per vision.

The figures come from :func:`~sphinxcontrib_keikaku.core.dashboard.dashboard`,
which reads what ``plan-coverage``, ``plan-evaluation`` and ``plan-budget``
read, so the numbers are theirs. Every figure is written in words and
numbers; the bars (:mod:`~sphinxcontrib_keikaku.output.dashboardbars`) only
repeat them. Each figure links to the page holding the detailed table, found
from the presentation directives the domain noted while reading.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri

from sphinxcontrib_keikaku.core import dashboard as figures
from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.model import Vision
from sphinxcontrib_keikaku.core.progress import progress_text
from sphinxcontrib_keikaku.core.settings import (
    NOT_EVALUABLE,
    Grades,
    normalise_basis,
    normalise_grades,
    normalise_progress,
)
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.dashboardbars import grade_bar, rate_bar
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.opinions import opinions_summary
from sphinxcontrib_keikaku.output.tables.alerts import alerts
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.output.tables.evaluation import progress_legend
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _

#: The LaTeX columns of the dashboard table: the vision, the count, then
#: four figures in words, ragged right.
LATEX_COLUMNS = (
    r"|>{\raggedright\arraybackslash}\X{6}{30}|>{\raggedleft\arraybackslash}\X{3}{30}"
    + r"|>{\raggedright\arraybackslash}\X{21}{120}" * 4
    + "|"
)
#: The same with progress against the schedule: five figures in words.
LATEX_COLUMNS_PROGRESS = (
    r"|>{\raggedright\arraybackslash}\X{6}{30}|>{\raggedleft\arraybackslash}\X{3}{30}"
    + r"|>{\raggedright\arraybackslash}\X{16}{120}" * 5
    + "|"
)

#: The detailed tables each figure links to, by directive name.
DETAIL_TABLES = ("plan-coverage", "plan-evaluation", "plan-budget")


def detail_pages(r: PlanTables) -> dict[str, list[tuple[str, list[str]]]]:
    """directive -> ``(docname, vision ids)`` of each such table, in page order."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for docname, refs in sorted(get_domain(r.app.env).table_refs.items()):
        for _line, directive, ids, _kind in refs:
            if directive in DETAIL_TABLES:
                found.setdefault(directive, []).append((docname, list(ids)))
    return found


class DashboardRenderer:
    """The cards of the dashboards of one page."""

    def __init__(self, r: PlanTables) -> None:
        self.r = r
        self.pages = detail_pages(r)
        self.grades = normalise_grades(r.app.config.keikaku_grades)
        self.levels = normalise_progress(r.app.config.keikaku_progress)

    # -- links --------------------------------------------------------------

    def detail_link(
        self, directive: str, text: str, vision: Vision | None
    ) -> nodes.Node | None:
        """A link to the page of the *directive* table showing *vision*: one
        limited to the vision or one of its ancestors, else one of the whole
        plan; None when the project has no such table."""
        candidates = self.pages.get(directive, [])
        path = {v.id for v in self.r.plan.vision_path(vision.id)} if vision else set()
        chosen = next(
            (doc for doc, ids in candidates if path.intersection(ids)), None
        ) or next((doc for doc, ids in candidates if not ids), None)
        if chosen is None:
            return None
        builder = self.r.app.builder
        if chosen == self.r.fromdocname:
            return None  # the table is on this page, a few lines away
        try:
            uri = builder.get_relative_uri(self.r.fromdocname, chosen)
        except NoUri:
            return None
        return nodes.reference(
            "", text, internal=True, refuri=uri, classes=["keikaku-dash-more"]
        )

    # -- cards --------------------------------------------------------------

    def render(self, options: dict[str, Any]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        config = self.r.app.config
        for under in self.r.scope(options):
            if under is not None and self.r.plan.get(under, Vision) is None:
                continue  # reported as keikaku.unknown-id by the check pass
            data = figures.dashboard(
                self.r.plan,
                level=options.get("level"),
                under=under,
                basis=normalise_basis(config.keikaku_evaluation_basis),
                grades=self.grades,
                year_setting=config.keikaku_evaluation_year,
                progress=self.levels,
            )
            result.append(self.board(data, options))
            result += opinions_summary(self.r, under)  # 市民の声, when heard
        return result

    def board(self, data: figures.Dashboard, options: dict[str, Any]) -> nodes.Node:
        board = nodes.container(classes=["keikaku-dashboard"])
        title = options.get("caption") or _("The plan at a glance")
        if data.under is not None and "caption" not in options:
            title = f"{title}: {data.under.id} {data.under.title}"
        board += nodes.paragraph(
            "", "", nodes.strong("", title), classes=["keikaku-dash-caption"]
        )
        board += self.as_of(data)
        if self.r.app.builder.format != "html":
            # a page of cards does not print: one compact table, same figures
            region = self.table(data)  # the table inside its scroll region
            table = next(iter(region.findall(nodes.table)))
            # text columns ragged right, the count right-aligned (keikaku's
            # default column types right-align every column after the first)
            del table["keikaku_numeric_from"]
            board += addnodes.tabular_col_spec(
                spec=LATEX_COLUMNS_PROGRESS if data.progress else LATEX_COLUMNS
            )
            board += region
            board += self.legend()
            if data.progress:
                board += progress_legend(self.r)
            return board
        cards = nodes.container(classes=["keikaku-dash-cards"])
        cards += self.card(data, data.total, total=True)
        for row in data.rows:
            cards += self.card(data, row, total=False)
        board += cards
        board += self.legend()
        if data.progress:
            board += progress_legend(self.r)
        return board

    def as_of(self, data: figures.Dashboard) -> nodes.paragraph:
        r = self.r
        parts: list[str] = []
        if data.evaluation_year is not None:
            parts.append(
                _("Indicators as of the actuals of %s.") % r.year(data.evaluation_year)
            )
        else:
            parts.append(_("No indicator has an actual yet."))
        if data.settlement_year is not None:
            parts.append(
                _("Budget execution as of the settlement of %s.")
                % r.year(data.settlement_year)
            )
        else:
            parts.append(_("No budget has been settled yet."))
        sep = "" if r.japanese else " "
        return nodes.paragraph("", sep.join(parts), classes=["keikaku-dash-asof"])

    def card(
        self, data: figures.Dashboard, row: figures.DashboardRow, total: bool
    ) -> nodes.container:
        r = self.r
        card = nodes.container(
            classes=["keikaku-dash-card", *(["keikaku-dash-total"] if total else [])]
        )
        head = nodes.paragraph(classes=["keikaku-dash-title"])
        if row.vision is None:
            head += nodes.strong("", _("Whole plan"))
        elif total:
            head += nodes.strong("", "", r.ref(row.vision))
        else:
            head += r.ref(row.vision)
        if row.vision is not None:
            head += nodes.Text(" ")
            head += nodes.inline(
                "",
                _("grade %s") % row.grade,
                classes=["keikaku-dash-grade", self.grade_class(row.grade)],
            )
        card += head
        vision = row.vision
        if data.progress:
            # "is it on track?" comes first, before the final targets' grades
            card += self.metric(
                self.progress_label(data),
                self.on_track_text(row),
                rate_bar(row.measures_on_track_share) if row.measures_timed else None,
                self.detail_link("plan-evaluation", _("evaluation"), vision),
            )
        card += self.metric(
            _("Measures"),
            [nodes.strong("", str(row.measures))],
            None,
            self.detail_link("plan-coverage", _("coverage"), vision),
        )
        counts = [
            (label, count, self.grade_class(label))
            for label, count in row.measure_grades.items()
        ]
        card += self.metric(
            _("Grades of measures"),
            self.grade_counts(counts),
            grade_bar(counts) if row.measures else None,
            self.detail_link("plan-evaluation", _("evaluation"), vision),
        )
        card += self.metric(
            _("Indicators achieved"),
            self.achieved_text(row),
            rate_bar(row.achieved_share) if row.evaluable else None,
            self.detail_link("plan-evaluation", _("evaluation"), vision),
        )
        card += self.metric(
            self.execution_label(data),
            self.execution_text(row),
            rate_bar(row.execution) if row.execution is not None else None,
            self.detail_link("plan-budget", _("budget"), vision),
        )
        card += self.metric(
            self.completeness_label(data),
            self.completeness_text(row),
            rate_bar(row.completeness) if row.indicators else None,
            self.detail_link("plan-evaluation", _("evaluation"), vision),
        )
        return card

    def table(self, data: figures.Dashboard) -> nodes.Element:
        """The dashboard as one table (LaTeX, text): a row per card."""
        r = self.r
        headers = [
            _("Vision"),
            _("Measures"),
            *([self.progress_label(data)] if data.progress else []),
            _("Grades of measures"),
            _("Indicators achieved"),
            self.execution_label(data),
            self.completeness_label(data),
        ]
        rows: list[list[Cell]] = []
        for row in [data.total, *data.rows]:
            label: Cell = (
                nodes.strong("", _("Whole plan"))
                if row.vision is None
                else [r.ref(row.vision), nodes.Text(" " + _("grade %s") % row.grade)]
            )
            counts = [
                (grade, count, self.grade_class(grade))
                for grade, count in row.measure_grades.items()
            ]
            rows.append(
                [
                    label,
                    str(row.measures),
                    *(
                        [
                            self.cell(
                                self.on_track_text(row),
                                rate_bar(row.measures_on_track_share, 18)
                                if row.measures_timed
                                else None,
                            )
                        ]
                        if data.progress
                        else []
                    ),
                    self.cell(self.grade_counts(counts), grade_bar(counts, 18)),
                    self.cell(
                        self.achieved_text(row),
                        rate_bar(row.achieved_share, 18) if row.evaluable else None,
                    ),
                    self.cell(
                        self.execution_text(row),
                        rate_bar(row.execution, 18)
                        if row.execution is not None
                        else None,
                    ),
                    self.cell(
                        self.completeness_text(row),
                        rate_bar(row.completeness, 18) if row.indicators else None,
                    ),
                ]
            )
        links: list[Cell] = [nodes.Text(_("Details"))]
        for directive, text in (
            ("plan-coverage", _("coverage")),
            *([("plan-evaluation", _("evaluation"))] if data.progress else []),
            ("plan-evaluation", _("evaluation")),
            ("plan-evaluation", _("evaluation")),
            ("plan-budget", _("budget")),
            ("plan-evaluation", _("evaluation")),
        ):
            link = self.detail_link(directive, text, None)
            links.append(link if link is not None else "")
        if any(not isinstance(cell, str) for cell in links[1:]):
            rows.append(links)
        return r.wide_table(
            headers, rows, numeric_from=1, classes=["keikaku-dashboard-table"]
        )

    def cell(self, words: list[nodes.Node], bar: nodes.Node | None) -> Cell:
        """A figure in words: the rate, its bar below, then the counts."""
        if bar is None:
            return words
        newline = nodes.raw("", r"\newline ", format="latex")
        if isinstance(words[0], nodes.strong):
            return [words[0], newline, bar, newline.deepcopy(), *words[1:]]
        return [*words, newline, bar]

    def progress_label(self, data: figures.Dashboard) -> str:
        if data.evaluation_year is None:
            return _("On schedule")
        return _("On schedule (%s)") % self.r.year(data.evaluation_year)

    def on_track_text(self, row: figures.DashboardRow) -> list[nodes.Node]:
        """The share of measures and of indicators on track, then the
        measures by level, all in words."""
        if not row.measures_timed and not row.indicators_timed:
            return [nodes.Text(_("no progress can be told yet"))]
        sep = " ・ " if self.r.japanese else " · "
        result: list[nodes.Node] = []
        for share, on, timed, words in (
            (
                row.measures_on_track_share,
                row.measures_on_track,
                row.measures_timed,
                _("of measures on track (%(on)d of %(timed)d)"),
            ),
            (
                row.indicators_on_track_share,
                row.indicators_on_track,
                row.indicators_timed,
                _("of indicators on track (%(on)d of %(timed)d)"),
            ),
        ):
            if not timed:
                continue
            if result:
                result.append(nodes.Text(sep))
            result.append(nodes.strong("", format_rate(share)))
            result.append(nodes.Text(" " + words % {"on": on, "timed": timed}))
        counts = [
            (progress_text(label), count, self.grade_class(label, self.levels))
            for label, count in row.measure_progress.items()
        ]
        japanese = self.r.japanese
        result.append(nodes.Text(("（" if japanese else " (") + _("measures:") + " "))
        result += self.grade_counts(counts)
        result.append(nodes.Text("）" if japanese else ")"))
        return result

    def execution_label(self, data: figures.Dashboard) -> str:
        if data.settlement_year is None:
            return _("Budget execution")
        return _("Budget execution (%s)") % self.r.year(data.settlement_year)

    def completeness_label(self, data: figures.Dashboard) -> str:
        if data.evaluation_year is None:
            return _("Actuals entered")
        return _("Actuals entered (%s)") % self.r.year(data.evaluation_year)

    def metric(
        self,
        label: str,
        value: list[nodes.Node],
        bar: nodes.Node | None,
        link: nodes.Node | None,
    ) -> nodes.paragraph:
        """One figure: its label, the figure in words, a bar, the link."""
        para = nodes.paragraph(classes=["keikaku-dash-metric"])
        para += nodes.inline("", label, classes=["keikaku-label"])
        para += nodes.Text(" ")
        para += nodes.inline("", "", *value, classes=["keikaku-dash-value"])
        if bar is not None:
            para += nodes.Text(" ")
            para += bar
        if link is not None:
            para += nodes.Text(" ")
            para += nodes.inline("", "", link, classes=["keikaku-dash-link"])
        return para

    # -- the figures in words ---------------------------------------------

    def grade_class(self, label: str, levels: Grades | None = None) -> str:
        labels = [name for name, _minimum in (levels or self.grades)]
        if label in labels:
            return f"keikaku-grade-{min(labels.index(label), 4)}"
        return "keikaku-grade-none"

    def grade_counts(self, counts: list[tuple[str, int, str]]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for index, (label, count, cls) in enumerate(counts):
            if index:
                result.append(nodes.Text(" ・ " if self.r.japanese else " · "))
            result.append(
                nodes.inline(
                    "",
                    _("%(grade)s %(count)d") % {"grade": label, "count": count},
                    classes=["keikaku-dash-gradecount", cls],
                )
            )
        return result

    def achieved_text(self, row: figures.DashboardRow) -> list[nodes.Node]:
        if not row.indicators:
            return [nodes.Text(_("no indicator"))]
        if not row.evaluable:
            return [
                nodes.Text(
                    _("none of %d indicators can be evaluated yet") % row.indicators
                )
            ]
        text = _("%(achieved)d of %(evaluable)d evaluated indicators") % {
            "achieved": row.achieved,
            "evaluable": row.evaluable,
        }
        if row.not_evaluable:
            text += self.r.parenthesised(_("%d not evaluable") % row.not_evaluable)
        return [
            nodes.strong("", format_rate(row.achieved_share)),
            nodes.Text(" " + text),
        ]

    def execution_text(self, row: figures.DashboardRow) -> list[nodes.Node]:
        if row.execution is None:
            if row.budget is None and row.settlement is None:
                return [nodes.Text(_("no settled budget"))]
            return [nodes.Text(NOT_EVALUABLE)]
        unit = self.r.unit
        text = _("settlement %(settlement)s / budget %(budget)s %(unit)s") % {
            "settlement": format_number(row.settlement or Decimal(0)),
            "budget": format_number(row.budget or Decimal(0)),
            "unit": unit,
        }
        return [nodes.strong("", format_rate(row.execution)), nodes.Text(" " + text)]

    def completeness_text(self, row: figures.DashboardRow) -> list[nodes.Node]:
        if not row.indicators:
            return [nodes.Text(_("no indicator"))]
        text = _("%(entered)d of %(indicators)d indicators") % {
            "entered": row.with_actual,
            "indicators": row.measured,
        }
        if row.missing_actual:
            text += self.r.parenthesised(_("%d missing") % row.missing_actual)
        if row.unmeasured:
            # survey indicators in a year without a survey: not missing
            text += self.r.parenthesised(
                _("%d not measured this year") % row.unmeasured
            )
        return [nodes.strong("", format_rate(row.completeness)), nodes.Text(" " + text)]

    def legend(self) -> nodes.paragraph:
        """What each grade means, in words (the colours only repeat it)."""
        parts: list[str] = []
        previous: float | None = None
        for label, minimum in self.grades:
            if minimum is not None:
                parts.append(
                    _("%(grade)s: achievement %(rate)s or more")
                    % {"grade": label, "rate": format_rate(minimum)}
                )
            else:
                parts.append(
                    _("%(grade)s: below %(rate)s")
                    % {"grade": label, "rate": format_rate(previous)}
                )
            previous = minimum
        parts.append(_("%s: cannot be evaluated yet") % NOT_EVALUABLE)
        para = nodes.paragraph(classes=["keikaku-dash-legend"])
        para += nodes.inline("", _("Grades:"), classes=["keikaku-label"])
        japanese = self.r.japanese
        para += nodes.Text(
            " "
            + (" ／ " if japanese else " / ").join(parts)
            + ("。" if japanese else ". ")
            + _("An indicator is achieved when its achievement is 100.0% or more.")
        )
        return para


def dashboard(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """``plan-dashboard``: one board per scope; with ``:alerts:``, then
    what needs attention in the same scope (``plan-alerts``)."""
    result = DashboardRenderer(r).render(options)
    if "alerts" in options:
        result += alerts(r, {"vision": options.get("vision") or []})
    return result
