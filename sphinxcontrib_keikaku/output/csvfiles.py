"""The CSV files of the open data: ``values.csv``, ``coverage.csv``,
``evaluation.csv``, and the writer every CSV file of :mod:`.opendata` uses.

UTF-8 with a BOM, so that Excel opens Japanese text correctly, and CRLF
line ends; text that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import round_rate
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    Plan,
)
from sphinxcontrib_keikaku.core.progress import shown_target
from sphinxcontrib_keikaku.output.budgetdata import link_series

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.values import Value


#: Text starting with these is run as a formula by spreadsheets (CWE-1236).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(cell: Any) -> Any:
    """A CSV cell that a spreadsheet shows as written: text that would start a
    formula gets a leading ``'`` (numbers are left alone; the data-file
    reader drops the ``'`` again)."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        try:
            Decimal(cell)
        except ArithmeticError:
            return "'" + cell
    return cell


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """*rows* as the bytes of a CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    # a BOM, so that Excel reads the file as UTF-8 and shows Japanese text
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format(value, "f")


def values_csv(plan: Plan) -> bytes:
    """``values.csv``: every yearly value of the indicators and budget links."""
    rows: list[list[Any]] = [["id", "fiscal_year", "field", "value"]]
    for obj in plan.objects.values():
        if isinstance(obj, Indicator | BudgetLink):
            rows += _value_rows(obj)
    return csv_bytes(rows)


def _value_rows(obj: Indicator | BudgetLink) -> list[list[Any]]:
    series: list[tuple[str, dict[int, Any]]] = []
    if isinstance(obj, Indicator):
        if obj.baseline:
            series.append(("baseline", dict([obj.baseline])))
        series += [
            ("target", obj.target),
            ("actual", obj.actual),
            ("estimate", obj.estimate),
        ]
    else:
        series += [("budget", obj.budget), ("settlement", obj.settlement)]
        series += link_series(obj)
    return [
        [obj.id, year, field, _csv_value(value)]
        for field, values in series
        for year, value in sorted(values.items())
    ]


def coverage_csv(plan: Plan) -> bytes:
    data = analysis.coverage(plan)
    rows: list[list[Any]] = [
        [
            "vision",
            "title",
            "measures",
            "traced",
            "with_indicator",
            "with_budget",
            "covered",
            "covered_share",
            "indicators",
            "budget_links",
            "budget",
        ]
    ]
    for row in [*data.rows, data.totals]:
        rows.append(
            [
                row.vision.id if row.vision else "total",
                row.vision.title if row.vision else "",
                row.measures,
                row.traced,
                row.with_indicator,
                row.with_budget,
                row.covered,
                _csv_value(round_rate(row.share(row.covered))),
                row.indicators,
                row.budget_links,
                _csv_value(row.budget),
            ]
        )
    return csv_bytes(rows)


def evaluation_csv(plan: Plan) -> bytes:
    rows: list[list[Any]] = [
        [
            "measure",
            "measure_grade",
            "indicator",
            "title",
            "unit",
            "baseline_year",
            "baseline",
            "target_year",
            "target",
            "actual_year",
            "actual",
            "rate",
            "grade",
            "method",
            "note",
            "measure_progress",
            "progress",
            "progress_rate",
            "progress_target_year",
            "progress_target",
        ]
    ]
    for measure in plan.of_kind(Measure):
        for indicator in plan.indicators_of(measure.id):
            ev = plan.evaluations[indicator.id]
            step = plan.progress.get(indicator.id)
            rows.append(
                [
                    measure.id,
                    plan.measure_grades.get(measure.id, ""),
                    indicator.id,
                    indicator.title,
                    indicator.unit,
                    indicator.baseline[0] if indicator.baseline else "",
                    _csv_value(indicator.baseline[1] if indicator.baseline else None),
                    ev.target_year,
                    _csv_value(ev.target),
                    ev.actual_year,
                    _csv_value(ev.actual),
                    _csv_value(round_rate(ev.rate)),
                    ev.grade,
                    ev.method,
                    ev.note,
                    plan.measure_progress.get(measure.id, ""),
                    step.grade if step else "",
                    _csv_value(round_rate(step.rate) if step else None),
                    step.target_year if step else "",
                    _csv_value(
                        shown_target(step.target) if step and step.target else None
                    ),
                ]
            )
    return csv_bytes(rows)
