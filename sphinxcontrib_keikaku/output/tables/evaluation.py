"""``plan-evaluation``: every measure's grade and its indicators' achievement.

One row per measure and one per indicator under it (baseline, target,
actual, achievement rate, grade), the notes of the evaluations, the grade
distribution and, with charts on, a chart of the indicators by grade.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import format_rate, grade_distribution
from sphinxcontrib_keikaku.core.values import format_value
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.records import RecordColumns
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.output.tables.history import (
    as_of,
    grade_text,
    year_evaluation,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _


def evaluation(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    year, evaluations, grades_of = year_evaluation(r, options)
    measures = analysis.select_measures(
        r.plan, options.get("vision") or [], options.get("department") or ""
    )
    headers = [
        _("Measure / indicator"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Achievement"),
        _("Grade") + r.parenthesised(as_of(r, year)) if year else _("Grade"),
    ]
    # the records of the year the table shows stand beside its grades
    records = RecordColumns(r, {**options, "year": year} if year else options)
    headers += records.headers
    rows: list[list[Cell]] = []
    indicator_grades: list[str] = []
    measure_grades: list[str] = []
    notes: list[str] = []
    for measure in measures:
        grade = grades_of.get(measure.id, "−")
        measure_grades.append(grade)
        rows.append(
            [
                r.cell_strong(r.cell_ref(measure)),
                "",
                "",
                "",
                "",
                r.cell_strong(grade),
                *records.cells(measure),
            ]
        )
        for indicator in r.plan.indicators_of(measure.id):
            ev = evaluations[indicator.id]
            indicator_grades.append(ev.grade)
            mark = ""
            if ev.note:
                if ev.note not in notes:
                    notes.append(ev.note)
                mark = f"*{notes.index(ev.note) + 1}"
            rows.append(
                [
                    # an indent that every LaTeX engine can typeset
                    r.cell_label(
                        "　" if r.japanese else "\u00a0\u00a0", indicator, mark
                    ),
                    value_at(
                        r,
                        indicator.baseline[1] if indicator.baseline else None,
                        indicator.baseline[0] if indicator.baseline else None,
                        indicator.unit,
                    ),
                    value_at(r, ev.target, ev.target_year, indicator.unit),
                    value_at(r, ev.actual, ev.actual_year, indicator.unit),
                    format_rate(ev.rate),
                    grade_text(ev),
                    *records.blank(),
                ]
            )
    title = options.get("caption") or _("Evaluation of measures")
    if year is not None and "caption" not in options:
        title += r.parenthesised(as_of(r, year))
    result: list[nodes.Node] = [
        r.wide_table(headers, rows, classes=["keikaku-evaluation"], title=title)
    ]
    if notes:
        result.append(
            nodes.paragraph(
                "",
                " ".join(f"*{i + 1} {note}" for i, note in enumerate(notes)),
                classes=["keikaku-notes"],
            )
        )
    result.append(distribution(r, indicator_grades, measure_grades))
    if r.summary_charts_wanted(options) and indicator_grades:
        from sphinxcontrib_keikaku.output.charts import chart_node, grades_spec

        counts = grade_distribution(indicator_grades, r.app.config.keikaku_grades)
        result.append(
            chart_node(
                r.app, grades_spec(_("Indicators by grade"), list(counts.items()))
            )
        )
    return result


def value_at(r: PlanTables, value: Any, year: int | None, unit: str) -> Cell:
    """A value with its unit, and its fiscal year in smaller type below."""
    if value is None:
        return "—"
    text = format_value(value)
    if isinstance(value, Decimal):
        text = r.with_unit(value, unit)
    return r.cell_value(text, year)


def distribution(
    r: PlanTables, indicator_grades: list[str], measure_grades: list[str]
) -> nodes.Element:
    """How many indicators and measures got each grade."""
    grades = r.app.config.keikaku_grades
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
    return r.wide_table(
        headers, rows, classes=["keikaku-distribution"], title=_("Grade distribution")
    )
