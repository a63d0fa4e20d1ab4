"""Evaluation records on the pages: their own block, the listings on the
measures and budget links they evaluate, and the columns of
``plan-evaluation``.

A record's block shows what it evaluates (linked), the fiscal year, the
stage, the recorded grade with the grade computed from the indicators as
of that fiscal year beside it, the direction and the evaluator; its narrative is the
directive's content. A record read from an evaluation sheet has no page of
its own, so the listings show its narrative instead of a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core.evaluation_records import (
    all_records,
    latest_record,
    record_years,
    records_of,
)
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Measure,
    PlanObject,
)
from sphinxcontrib_keikaku.core.values import PlanValueError, parse_fiscal_year
from sphinxcontrib_keikaku.output import records_export
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.sphinxext.history import scheme_of
from sphinxcontrib_keikaku.sphinxext.i18n import _


def evaluation_kind(renderer: Renderer, record: EvaluationRecord) -> str:
    """施策評価 or 事務事業評価: what a record is, by what it evaluates."""
    if renderer.plan.get(record.of, BudgetLink) is not None:
        return _("Project evaluation")
    return _("Measure evaluation")


def computed_grade(renderer: Renderer, object_id: str, year: int | None) -> str:
    """The grade computed from the indicators of *object_id* (a measure), or
    of the measures a budget link serves, as of the record's fiscal *year*:
    what the evaluators had before them, not this year's grade."""
    plan = renderer.plan
    # the same text as plan.json and evaluations.csv hold
    computed = records_export.computed_grade(
        plan, object_id, year, scheme_of(renderer.app.config)
    )
    if plan.get(object_id, Measure) is not None:
        text = computed or "−"
    elif plan.get(object_id, BudgetLink) is None:
        return ""
    else:
        text = computed or ""
    if text and year is not None:
        text += renderer.parenthesised(_("as of %s") % renderer.year(year))
    return text


def record_part(
    renderer: Renderer, record: EvaluationRecord, part: str
) -> list[nodes.Node]:
    """The head of a record's block (its tail is empty: the narrative is the
    directive's own content)."""
    if part != "head":
        return []
    target = renderer.plan.objects.get(record.of)
    result: list[nodes.Node] = [
        renderer.line(
            _("Evaluates:"),
            [renderer.ref_or_missing(record.of) if record.of else _("none")],
        )
    ]
    result += renderer.facts(
        [
            (_("Evaluation:"), evaluation_kind(renderer, record) if target else ""),
            (_("Fiscal year:"), renderer.year(record.year) if record.year else ""),
            (_("Stage:"), record.stage),
            (_("Grade:"), record.grade),
            (
                _("Computed grade:"),
                computed_grade(renderer, record.of, record.year) if target else "",
            ),
            (_("Next direction:"), record.direction),
            (_("Evaluator:"), record.evaluator),
        ]
    )
    return result


def record_cell(renderer: Renderer, record: EvaluationRecord) -> Cell:
    """A link to a directive's record; a sheet's record shows its text."""
    if not record.path:
        return renderer.ref(record, with_title=False)
    text = record.text or record.id
    # one line in a table cell: a blank line (a sheet's narrative in parts,
    # 成果：… 課題：…, or a cell with empty lines) inside an inline is a
    # paragraph break where LaTeX allows none
    text = " ".join(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())
    return nodes.inline("", text, classes=["keikaku-record-text"])


def records_listing(renderer: Renderer, obj: PlanObject) -> list[nodes.Node]:
    """The records evaluating *obj*, by fiscal year and stage; nothing for an
    object without records (so a plan without records looks as before)."""
    records = records_of(renderer.plan, obj.id)
    if not records:
        return []
    label = (
        _("Project evaluations:")
        if isinstance(obj, BudgetLink)
        else _("Evaluation records:")
    )
    headers = [
        _("Fiscal year"),
        _("Stage"),
        _("Grade"),
        _("Direction"),
        _("Evaluator"),
        _("Record"),
    ]
    rows: list[list[Cell]] = [
        [
            renderer.year(r.year) if r.year else "",
            # the words of the plan's own language, lang-marked if untranslated
            renderer.source_text(r.stage),
            r.grade,
            renderer.source_text(r.direction),
            renderer.source_text(r.evaluator),
            record_cell(renderer, r),
        ]
        for r in records
    ]
    return [
        renderer.line(label, []),
        renderer.table(
            headers,
            rows,
            numeric_from=6,
            classes=["keikaku-records"],
            caption=_("Evaluation records of %s") % f"{obj.id} {obj.title}".strip(),
        ),
    ]


class RecordColumns:
    """The columns ``plan-evaluation`` gains for the records of its year:
    each stage's recorded grade (``一次評価 B ／ 二次評価 C``, each linked to
    its record) and the direction of the last stage. No columns when that
    year has no records, so a plan without records shows the table as
    before."""

    def __init__(self, renderer: Renderer, options: dict[str, Any]) -> None:
        self.renderer = renderer
        self.year = table_year(renderer, options)
        self.headers: list[str] = []
        if self.year is not None and any(
            r.year == self.year for r in all_records(renderer.plan)
        ):
            year = renderer.year(self.year)
            self.headers = [
                _("Recorded grades (%s)") % year,
                _("Next direction (%s)") % year,
            ]

    def cells(self, measure: Measure) -> list[Cell]:
        if not self.headers or self.year is None:
            return []
        records = [
            r for r in records_of(self.renderer.plan, measure.id) if r.year == self.year
        ]
        grades: list[nodes.Node] = []
        for index, record in enumerate(records):
            if index:
                grades.append(nodes.Text(" ／ " if self.renderer.japanese else " / "))
            grades.append(self._grade(record))
        latest = latest_record(records, self.year)
        return [grades or "", latest.direction if latest is not None else ""]

    def _grade(self, record: EvaluationRecord) -> nodes.Node:
        text = f"{record.stage} {record.grade or '—'}"
        if record.path:
            return nodes.Text(text)
        ref = self.renderer.ref(record, with_title=False)
        assert isinstance(ref, nodes.reference)
        ref.children = []
        ref.append(nodes.Text(text))
        return ref

    def blank(self) -> list[Cell]:
        return ["" for _header in self.headers]


def table_year(renderer: Renderer, options: dict[str, Any]) -> int | None:
    """The fiscal year whose records a table shows: the table's ``:year:``,
    else ``keikaku_evaluation_year``, else the latest year with records."""
    for raw in (
        options.get("year"),
        getattr(renderer.app.config, "keikaku_evaluation_year", None),
    ):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip():
            try:
                return parse_fiscal_year(raw)
            except PlanValueError:
                continue
    years = record_years(renderer.plan)
    return years[-1] if years else None


__all__: Sequence[str] = [
    "RecordColumns",
    "record_part",
    "records_listing",
    "table_year",
]
