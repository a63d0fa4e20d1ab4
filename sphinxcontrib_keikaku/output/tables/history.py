"""``plan-history``: each measure's grade across the fiscal years.

One row per measure (and per indicator with ``:indicators:``), one column
per fiscal year with the grade computed as of that year and, where a record
exists, the recorded grade and direction linked to the record; the trend
between the last two evaluated years in words; the grade distribution per
year as a table and, with charts on, a chart; a summary of the recorded
directions per year when the plan has records. Also the pieces
``plan-evaluation`` shares: the year a table shows and the evaluations as
of that year (:func:`year_evaluation`, :func:`grade_text`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docutils import nodes
from sphinx.errors import NoUri

from sphinxcontrib_keikaku.core.evaluation import NOT_EVALUABLE, Evaluation
from sphinxcontrib_keikaku.core.history import (
    DEFAULT_DIRECTIONS,
    HistoryCell,
    HistoryRow,
    RecordedCell,
    evaluate_year,
)
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.history import (
    history_of,
    plan_year,
    scheme_of,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _

__all__ = ["as_of", "grade_text", "history_table", "year_evaluation"]

_SURVEY_MARK = "†"
_OLDER_MARK = "*"


def year_evaluation(
    r: PlanTables, options: dict[str, Any]
) -> tuple[int | None, dict[str, Evaluation], dict[str, str]]:
    """The year a table shows (``:year:``, else the plan's evaluation year),
    the indicators' evaluations and the measures' grades as of it."""
    plan_as_of = plan_year(r.plan, r.app.config)
    year = options.get("year", plan_as_of)
    if year == plan_as_of:
        # the plan's own evaluation: the numbers every other table shows
        return year, r.plan.evaluations, r.plan.measure_grades
    found = evaluate_year(r.plan, year, scheme_of(r.app.config))
    return year, found.evaluations, found.measure_grades


def as_of(r: PlanTables, year: int | None) -> str:
    """``as of FY2025`` (2025年度時点), or ``""`` for a plan without actuals."""
    return _("as of %s") % r.year(year) if year is not None else ""


def grade_text(ev: Evaluation) -> str:
    """The grade as a table shows it: 評価対象外 in a year a survey indicator
    is not measured in."""
    return ev.grade if ev.measured else _("not measured")


def _recorded(r: PlanTables, cell: RecordedCell) -> nodes.Node:
    words = [
        _("recorded %s") % cell.grade if cell.grade else "",
        cell.direction,
    ]
    text = " · ".join(w for w in words if w) or cell.label or _("record")
    inline = nodes.inline("", "", classes=["keikaku-recorded"])
    uri = None
    if cell.docname:
        try:
            uri = r.app.builder.get_relative_uri(r.fromdocname, cell.docname)
        except NoUri:
            # a page outside this book (a year's evaluation report holds the
            # records of its year only): the text, no link
            uri = None
    if uri is not None:
        anchor = f"#{cell.anchor}" if cell.anchor else ""
        inline += nodes.reference(
            "",
            text,
            internal=True,
            refuri=uri + anchor if not uri.startswith("#") else anchor or uri,
        )
    else:
        inline += nodes.Text(text)
    return inline


#: A cell's content without its record: the same for every cell that says
#: the same grade the same way.
_Shown = tuple[bool, bool, str, "int | None", bool]


def _cell(
    r: PlanTables,
    cell: HistoryCell,
    measure_row: bool,
    shared: dict[_Shown, list[nodes.Node]],
) -> Cell:
    """A year's cell; cells that show the same get the same nodes (the
    table copies a node it places twice), so a table of thousands of
    cells makes a few dozen."""
    key = (cell.evaluated, cell.measured, cell.grade, cell.carried_from, measure_row)
    parts = shared.get(key)
    if parts is None:
        parts = shared[key] = _shown(r, cell, measure_row)
    if cell.recorded is None:
        return parts
    return [*parts, nodes.Text(" "), _recorded(r, cell.recorded)]


def _shown(r: PlanTables, cell: HistoryCell, measure_row: bool) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    if not cell.evaluated:
        parts.append(nodes.inline("", _("not yet"), classes=["keikaku-not-yet"]))
    elif not cell.measured:
        parts.append(nodes.Text(_("not measured")))
        parts.append(nodes.superscript("", _SURVEY_MARK))
        if cell.carried_from is not None and cell.grade != NOT_EVALUABLE:
            parts.append(
                nodes.inline(
                    "",
                    " " + r.parenthesised(f"{cell.grade}, {r.year(cell.carried_from)}"),
                    classes=["keikaku-year"],
                )
            )
    else:
        text = cell.grade
        parts.append(nodes.strong("", text) if measure_row else nodes.Text(text))
        if cell.carried_from is not None:
            parts.append(nodes.superscript("", _OLDER_MARK))
            parts.append(
                nodes.inline(
                    "",
                    " " + r.parenthesised(r.year(cell.carried_from)),
                    classes=["keikaku-year"],
                )
            )
    return parts


def _trend(
    r: PlanTables, row: HistoryRow, shared: dict[object, list[nodes.Node]]
) -> Cell:
    if row.trend is None or row.trend_years is None:
        return "—"
    key = (row.trend, row.trend_years)
    if key not in shared:
        shared[key] = _trend_nodes(r, row.trend, *row.trend_years)
    return shared[key]


def _trend_nodes(r: PlanTables, trend: str, first: int, last: int) -> list[nodes.Node]:
    words = {
        "improved": "↑ " + _("improved"),
        "unchanged": "→ " + _("unchanged"),
        "declined": "↓ " + _("declined"),
    }[trend]
    return [
        nodes.inline("", words, classes=[f"keikaku-trend-{trend}"]),
        nodes.inline(
            "",
            " " + r.parenthesised(f"{r.year(first)} → {r.year(last)}"),
            classes=["keikaku-year"],
        ),
    ]


def history_table(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """The nodes of one ``plan-history``."""
    config = r.app.config
    up_to = plan_year(r.plan, config)
    data = history_of(r.plan, config, options)
    headers = [_("Measure / indicator"), *(r.year(y) for y in data.years), _("Trend")]
    rows: list[list[Cell]] = []
    shared: dict[_Shown, list[nodes.Node]] = {}
    trends: dict[object, list[nodes.Node]] = {}
    survey = older = False
    for row in data.rows:
        obj = r.plan.objects[row.object_id]
        measure_row = row.kind == "measure"
        label: Cell = (
            nodes.strong("", "", r.ref(obj))
            if measure_row
            else [nodes.Text("　" if r.japanese else "\u00a0\u00a0"), r.ref(obj)]
        )
        survey = survey or any(c.evaluated and not c.measured for c in row.cells)
        older = older or any(
            c.evaluated and c.measured and c.carried_from is not None for c in row.cells
        )
        rows.append(
            [
                label,
                *(_cell(r, c, measure_row, shared) for c in row.cells),
                _trend(r, row, trends),
            ]
        )
    title = options.get("caption") or _("Grades by fiscal year")
    if up_to is not None:
        title = f"{title}{r.parenthesised(as_of(r, up_to))}"
    result: list[nodes.Node] = [
        r.wide_table(headers, rows, classes=["keikaku-history"], title=title)
    ]
    notes = _notes(r, up_to, survey=survey, older=older)
    if notes:
        result.append(nodes.paragraph("", " ".join(notes), classes=["keikaku-notes"]))
    result += _summaries(r, data.distribution, data.directions, options)
    return result


def _notes(r: PlanTables, up_to: int | None, *, survey: bool, older: bool) -> list[str]:
    notes: list[str] = []
    if survey:
        notes.append(
            _SURVEY_MARK
            + " "
            + _(
                "Not measured this year: a survey measured in some "
                "years only; its last measured grade and year are in brackets, "
                "carried forward, and it does not count in its measure's grade."
            )
        )
    if older:
        notes.append(
            _OLDER_MARK
            + " "
            + _(
                "No actual for this year: evaluated with the latest earlier "
                "actual, of the year in brackets."
            )
        )
    if up_to is not None:
        notes.append(
            _("Trend: between the last two years evaluated from their own actuals.")
            + " "
            + _("Not yet: a year after the evaluation year (%s).") % r.year(up_to)
        )
    return notes


def _summaries(
    r: PlanTables,
    distribution: dict[int, dict[str, int]],
    directions: dict[int, dict[str, int]],
    options: dict[str, Any],
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    if distribution:
        labels = list(next(iter(distribution.values())))
        rows: list[list[Cell]] = [
            [
                r.year(year),
                *(str(counts[label]) for label in labels),
                str(sum(counts.values())),
            ]
            for year, counts in distribution.items()
        ]
        title = _("Measures by grade and fiscal year")
        result.append(
            r.wide_table(
                [_("Fiscal year"), *labels, _("Total")],
                rows,
                classes=["keikaku-history-distribution"],
                title=title,
            )
        )
        if r.summary_charts_wanted(options):
            from sphinxcontrib_keikaku.output.charts import budget_spec, chart_node

            years = list(distribution)
            series = [
                (label, [Decimal(distribution[y][label]) for y in years])
                for label in labels
            ]
            result.append(
                chart_node(
                    r.app, budget_spec(title, [r.year(y) for y in years], series, "")
                )
            )
    if directions:
        seen: list[str] = []
        for counts in directions.values():
            seen += [d for d in counts if d not in seen]
        # in the order of keikaku_directions; others after them
        known = list(r.app.config.keikaku_directions or DEFAULT_DIRECTIONS)
        seen.sort(key=lambda d: known.index(d) if d in known else len(known))
        rows = [
            [
                r.year(year),
                *(str(directions[year].get(d, 0)) for d in seen),
                str(sum(directions[year].values())),
            ]
            for year in sorted(directions)
        ]
        result.append(
            r.wide_table(
                [_("Fiscal year"), *seen, _("Total")],
                rows,
                classes=["keikaku-history-directions"],
                title=_("Directions decided per fiscal year"),
            )
        )
    return result
