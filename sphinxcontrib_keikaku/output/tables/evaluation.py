"""``plan-evaluation``: every measure's grade and its indicators' achievement.

One row per measure and one per indicator under it (baseline, target,
actual, achievement rate, grade and, for a year before the plan's final
year, progress against the schedule), the notes of the evaluations, the
grade distribution and, with charts on, a chart of the indicators by grade.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import format_rate, grade_distribution
from sphinxcontrib_keikaku.core.progress import (
    PlanProgress,
    plan_final_year,
    progress_as_of,
    progress_text,
)
from sphinxcontrib_keikaku.core.values import format_value
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.records import RecordColumns
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.output.tables.history import (
    as_of,
    grade_text,
    year_evaluation,
)
from sphinxcontrib_keikaku.sphinxext.history import scheme_of
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
    progress = year_progress(r, year)
    if progress.shown:
        headers.append(_("Progress"))
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
                *(
                    [r.cell_strong(progress_text(progress.measures[measure.id]))]
                    if progress.shown
                    else []
                ),
                *records.cells(measure),
            ]
        )
        for indicator in r.plan.indicators_of(measure.id):
            ev = evaluations[indicator.id]
            indicator_grades.append(ev.grade)
            mark = note_mark(notes, ev.note)
            shown = []
            if progress.shown:
                step = progress.indicators[indicator.id]
                words = progress_text(step.grade)
                if step.rate is not None:
                    words += " " + format_rate(step.rate)
                shown.append(words + note_mark(notes, step.note))
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
                    *shown,
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
    if progress.shown:
        result.append(progress_legend(r))
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


def note_mark(notes: list[str], note: str) -> str:
    """The footnote mark of *note* (added to *notes*), or ``""``."""
    if not note:
        return ""
    if note not in notes:
        notes.append(note)
    return f"*{notes.index(note) + 1}"


def year_progress(r: PlanTables, year: int | None) -> PlanProgress:
    """Progress as of *year*: the plan's own for its evaluation year (the
    same cached result), empty from the plan's final year on."""
    config = r.app.config
    final = plan_final_year(r.plan, config.keikaku_plan_period)
    return progress_as_of(r.plan, year, final, scheme_of(config))


def progress_legend(r: PlanTables) -> nodes.paragraph:
    """What the progress column compares, and each level in words."""
    parts: list[str] = []
    previous: float | None = None
    for label, minimum in r.app.config.keikaku_progress:
        if minimum is not None:
            parts.append(
                _("%(level)s: %(rate)s or more")
                % {"level": progress_text(label), "rate": format_rate(minimum)}
            )
        else:
            parts.append(
                _("%(level)s: below %(rate)s")
                % {"level": progress_text(label), "rate": format_rate(previous)}
            )
        previous = minimum
    text = _(
        "Progress: the latest actual against the target due in its fiscal year "
        "(the target given for that year, else the straight line from the "
        "baseline to the final target)."
    )
    sep = " ／ " if r.japanese else " / "
    return nodes.paragraph(
        "",
        text + (" " if not r.japanese else "") + sep.join(parts),
        classes=["keikaku-notes", "keikaku-progress-legend"],
    )


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
