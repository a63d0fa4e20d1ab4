"""Evaluation records out: their entries in ``plan.json`` and
``evaluations.csv``.

Called from :mod:`.opendata`, which writes the files; the values are the
ones the pages show (the recorded grade beside the computed one).
``evaluations.csv`` has one row per record, in the order of fiscal year,
stage and evaluated id, with the columns of an evaluation sheet first, so
that the file can be edited and read back through
``keikaku_evaluation_files``.
"""

from __future__ import annotations

from typing import Any

from sphinxcontrib_keikaku.core.asof import Scheme, evaluate_year
from sphinxcontrib_keikaku.core.evaluation_records import all_records
from sphinxcontrib_keikaku.core.model import BudgetLink, EvaluationRecord, Measure, Plan

#: The header of ``evaluations.csv``.
COLUMNS = (
    "of",
    "year",
    "stage",
    "grade",
    "direction",
    "evaluator",
    "text",
    "id",
    "title",
    "evaluation",
    "computed_grade",
    "document",
    "line",
    "sheet_file",
    "sheet_row",
)


def _evaluation_kind(plan: Plan, record: EvaluationRecord) -> str:
    if plan.get(record.of, BudgetLink) is not None:
        return "project"
    return "measure" if plan.get(record.of, Measure) is not None else ""


def computed_grade(
    plan: Plan, object_id: str, year: int | None, scheme: Scheme
) -> str | None:
    """The grade computed for *object_id* as of fiscal *year*, as a record's
    block shows it: a measure's own grade, or for a budget link the grade of
    each measure it serves (``M1 B, M2 A``); ``None`` when there is none."""
    grades = evaluate_year(plan, year, scheme).measure_grades
    if plan.get(object_id, Measure) is not None:
        return grades.get(object_id)
    link = plan.get(object_id, BudgetLink)
    if link is None:
        return None
    text = ", ".join(f"{m} {grades[m]}" for m in link.measures if m in grades)
    return text or None


def _computed(plan: Plan, record: EvaluationRecord, scheme: Scheme) -> str | None:
    return computed_grade(plan, record.of, record.year, scheme)


def record_fields(
    plan: Plan, record: EvaluationRecord, scheme: Scheme
) -> dict[str, Any]:
    """What ``plan.json`` holds of *record* beyond every object's fields."""
    data: dict[str, Any] = {
        "of": record.of,
        "year": record.year,
        "stage": record.stage,
        "grade": record.grade,
        "direction": record.direction,
        "evaluator": record.evaluator,
        "text": record.text,
        "evaluation": _evaluation_kind(plan, record),
        "computed_grade": _computed(plan, record, scheme),
    }
    if record.path:
        # read from an evaluation sheet: no page, the file and row instead
        data.update(
            document=None,
            url=None,
            sheet={
                "file": record.path,
                "sheet": record.sheet or None,
                "row": record.lineno,
            },
            line=None,
        )
    return data


def evaluations_rows(plan: Plan, scheme: Scheme) -> list[list[Any]]:
    """The rows of ``evaluations.csv``, header first."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for record in all_records(plan):
        rows.append(
            [
                record.of,
                record.year if record.year is not None else "",
                record.stage,
                record.grade,
                record.direction,
                record.evaluator,
                record.text,
                record.id,
                record.title,
                _evaluation_kind(plan, record),
                _computed(plan, record, scheme) or "",
                "" if record.path else record.docname,
                "" if record.path else record.lineno,
                record.path,
                record.lineno if record.path else "",
            ]
        )
    return rows
