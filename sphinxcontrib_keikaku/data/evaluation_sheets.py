"""Evaluation sheets: the records departments fill in, read from CSV or Excel.

Each department (担当課) fills in its 施策評価 or 事務事業評価 sheet in Excel;
the files are named in ``keikaku_evaluation_files``. One row is one record,
under a header row naming the columns (in English or Japanese, compared
like the data files' headers: NFKC, ignoring case, spaces, ``_`` and ``-``)::

    of,     year, stage,    grade, direction, evaluator,  text
    M1-1-1, R6,   一次評価, B,     拡充,      危機管理課, 成果：…

``of`` and ``year`` are required columns; ``id`` and ``title`` may be
given too, other columns (備考, …) are ignored, and a few title rows may
stand above the header. A sheet is read by the one reading path of every
sheet of one record per row (:func:`~.sheets.read_sheets`), as a data file
is: CSV in UTF-8 (with or without a BOM) or Shift_JIS/cp932, with the same
checks of encoding (a change of encoding is located at its row), size and
damaged or oversized workbooks, and a workbook sheet by sheet (sheets
without such a header are skipped); a misspelt header (評価段落) is
reported at its cell with the column meant, a header without a required
column at its row; :class:`SheetReader` reads the rows.
Blank rows give nothing. Every problem is a finding located at the file
(and sheet) and row, at most ``keikaku_data_error_limit`` of them per
file; reading never raises. A sheet's records are kept between builds
while it does not change (:mod:`.cache`). Pure: no Sphinx.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sphinxcontrib_keikaku.core.evaluation_records import read_stage, record_id
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import EvaluationRecord, fingerprint
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    format_fiscal_year,
    is_excel_error,
    parse_fiscal_year,
)
from sphinxcontrib_keikaku.data.cells import (
    Uncomputed,
    column_letter,
)
from sphinxcontrib_keikaku.data.formats import FileTexts
from sphinxcontrib_keikaku.data.reader import uncomputed
from sphinxcontrib_keikaku.data.sheets import RecordReader, SheetColumns, read_sheets
from sphinxcontrib_keikaku.data.sheets_layout import NARRATIVE_COLUMNS, SHEET_EVALUATION

#: Column → the header names that mean it (compared as :func:`~.cells.key`
#: forms them; the first names the column in messages).
COLUMNS = SheetColumns(
    {
        "of": ("of", "対象", "対象ID", "評価対象", "施策ID", "事業ID"),
        "id": ("id", "評価ID", "record_id"),
        "title": ("title", "名称", "件名"),
        "year": ("year", "年度", "fiscal_year", "評価年度"),
        "stage": ("stage", "評価段階", "段階"),
        "grade": ("grade", "評価", "評定"),
        "direction": ("direction", "方向性", "今後の方向性"),
        "evaluator": ("evaluator", "評価者"),
        "text": ("text", "所見", "narrative", "評価内容", "内容", "コメント"),
        # The narrative in parts, as the builder's workbooks ask for it
        # (:data:`~.sheets_layout.NARRATIVE_COLUMNS`): joined into the text.
        "results": ("results", "成果"),
        "issues": ("issues", "課題"),
        "improvement": ("improvement", "改善案"),
    },
    required=("of", "year"),
)
#: The narrative parts, in the order they are joined, with their labels.
_PARTS: tuple[tuple[str, str], ...] = tuple(
    zip(("results", "issues", "improvement"), NARRATIVE_COLUMNS, strict=True)
)
#: The cells that make a row a record: a row of a builder's workbook that
#: the department left without them (only its id, year and evaluator,
#: written in advance) is not an evaluation.
_CONTENT = ("grade", "direction", "text", *(name for name, _label in _PARTS))
_MAX_BYTES = 50_000_000


class SheetTexts(FileTexts):
    """What is said of a whole evaluation sheet (see :class:`~.formats.FileTexts`)."""

    #: The sheet of a builder's workbook this reader reads.
    expected_sheets = (SHEET_EVALUATION,)

    def unreadable(self) -> str:
        return _("cannot read the file (%s)")

    def spaced(self) -> str:
        return _(
            "the path %r begins or ends with a space: remove the space in "
            "keikaku_evaluation_files"
        )

    def unsupported(self) -> str:
        return _(
            "unsupported evaluation sheet type %r: save the sheet as "
            "CSV (.csv) or as an Excel workbook (.xlsx)"
        )

    def missing(self) -> str:
        return _(
            "the evaluation sheet does not exist: check "
            "keikaku_evaluation_files; paths are relative to the "
            "source directory"
        )

    def not_a_file(self) -> str:
        return _(
            "this is not a file: name a CSV or XLSX file in keikaku_evaluation_files"
        )

    def too_large(self) -> str:
        return _(
            "the evaluation sheet has %d bytes, more than the limit of %d: "
            "split it into several files"
        )

    def grew(self) -> str:
        return _("the evaluation sheet is larger than the limit of %d bytes: split it")

    def empty(self) -> str:
        return _(
            "the evaluation sheet is empty: fill it in, or remove it from "
            "keikaku_evaluation_files"
        )

    def no_data(self) -> str:
        return _(
            "no header row with an 'of' column (対象): put a header row such "
            "as 'of, year, stage, grade, direction, evaluator, text' above "
            "the records"
        )


class SheetReader(RecordReader):
    """The records and findings of one evaluation sheet, read table by table
    by :func:`~.sheets.read_sheets` (as every sheet is, with its encoding,
    size, header and workbook checks)."""

    columns = COLUMNS

    def __init__(
        self,
        path: str,
        stages: Sequence[str],
        language: str | None,
        error_limit: int = DEFAULT_ERROR_LIMIT,
    ) -> None:
        super().__init__(path, error_limit)
        self.stages = tuple(stages)
        self.language = language
        self.records: list[EvaluationRecord] = []

    def no_header(self) -> str:
        return SheetTexts().no_data()

    def read_row(
        self,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
        formulas: dict[int, Uncomputed] | None = None,
    ) -> None:
        """One record of the row *number* (see :meth:`.RecordReader.read_row`)."""

        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        problems: list[Finding] = []
        hidden = False

        def problem(rule: Rule, text: str) -> None:
            nonlocal hidden
            # the row's problems count against keikaku_data_error_limit, as
            # a data file's: a sheet exported wrong is not a screen per row
            if self.limit.admit(self.path, sheet, number):
                problems.append(self.finding(rule, sheet, number, text))
            else:
                hidden = True

        for name, index in columns.items():
            if formulas and index in formulas:
                problem(Rule.DATA, uncomputed(index, formulas[index]))
            elif index < len(cells) and is_excel_error(cells[index]):
                problem(
                    Rule.VALUE,
                    _msg(
                        _(
                            "the %s cell (column %s) holds %r, an Excel error "
                            "value (a formula that failed), so it is read as "
                            "empty: correct the formula in the sheet"
                        ),
                        name,
                        column_letter(index),
                        cells[index],
                    ),
                )
                cells[index] = ""

        if (
            columns.keys() & set(_CONTENT)
            and not any(cell(name) for name in _CONTENT)
            and not problems
        ):
            # A row written in advance (its id, year and evaluator, as the
            # builder's workbooks have them) and left unfilled: nothing was
            # evaluated, so there is no record.
            return
        of = ""
        if cell("of"):
            try:
                of = check_id(cell("of"))
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the of cell cannot be read: %s"), err))
        year: int | None = None
        if not cell("year"):
            problem(
                Rule.INCOMPLETE,
                _("the record has no year: write the fiscal year evaluated (R6)"),
            )
        else:
            try:
                year = parse_fiscal_year(cell("year"))
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the year cannot be read: %s"), err))
        stage = self.stages[0]
        try:
            stage = read_stage(cell("stage"), self.stages)
        except PlanValueError as err:
            problem(Rule.VALUE, _msg(_("the stage cannot be read: %s"), err))
        object_id = ""
        if cell("id"):
            try:
                object_id = check_id(cell("id"))
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the id cannot be read: %s"), err))
        elif of and year is not None:
            object_id = record_id(of, year, cell("stage"))
        title = cell("title")
        if not title and of and year is not None:
            year_text = format_fiscal_year(year, language=self.language)
            title = f"{of} {year_text} {stage}"
        record = EvaluationRecord(
            object_id,
            title or _("Evaluation record"),
            "",
            number,
            of=of,
            year=year,
            stage=stage,
            grade=cell("grade"),
            direction=cell("direction"),
            evaluator=cell("evaluator"),
            text=_text(cell("text"), [(label, cell(name)) for name, label in _PARTS]),
            path=self.path,
            sheet=sheet or "",
            problems=[
                Finding(p.rule, p.message, None, p.lineno, object_id or None, p.path)
                for p in problems
            ],
        )
        if hidden:
            return  # over the limit: counted, and the record left out
        fingerprint(record)
        self.records.append(record)


def _text(text: str, parts: Sequence[tuple[str, str]]) -> str:
    """The record's text: the text column, then each narrative part given,
    as a paragraph 「成果：…」."""
    paragraphs = [text] if text else []
    paragraphs += [f"{label}：{value}" for label, value in parts if value]
    return "\n\n".join(paragraphs)


def read_evaluation_sheets(
    srcdir: Path,
    paths: Sequence[str],
    *,
    stages: Sequence[str],
    language: str | None = None,
    error_limit: int = DEFAULT_ERROR_LIMIT,
    max_bytes: int = _MAX_BYTES,
    cache_dir: Path | None = None,
) -> tuple[list[EvaluationRecord], list[Finding]]:
    """The records of every evaluation sheet and the problems of the files
    (a record's own problems are kept with it, like a directive's). With
    *cache_dir*, a sheet that has not changed is not read again
    (:mod:`.cache`)."""

    def reader(path: str) -> SheetReader:
        return SheetReader(path, stages, language, error_limit)

    return read_sheets(
        srcdir,
        paths,
        reader,
        lambda sheet: sheet.records,
        kind=EvaluationRecord,
        texts=SheetTexts(),
        settings=(tuple(stages), language),
        max_bytes=max_bytes,
        error_limit=error_limit,
        cache_dir=cache_dir,
    )
