"""Evaluation sheets: the records departments fill in, read from CSV or Excel.

Each department (担当課) fills in its 施策評価 or 事務事業評価 sheet in Excel;
the files are named in ``keikaku_evaluation_files``. One row is one record,
under a header row naming the columns (in English or Japanese, compared
like the data files' headers: NFKC, ignoring case, spaces, ``_`` and ``-``)::

    of,     year, stage,    grade, direction, evaluator,  text
    M1-1-1, R6,   一次評価, B,     拡充,      危機管理課, 成果：…

Only ``of`` is required as a column; ``id`` and ``title`` may be given too,
other columns (備考, …) are ignored, and a few title rows may stand above the
header. A sheet is read as a data file is (:func:`~.formats.read_tables`):
CSV in UTF-8 (with or without a BOM) or Shift_JIS/cp932, with the same
checks of encoding (a change of encoding is located at its row), size and
damaged or oversized workbooks, and a workbook sheet by sheet (sheets
without such a header are skipped); :class:`SheetReader` reads the tables.
Blank rows give nothing. Every problem is a finding located at the file
(and sheet) and row, at most ``keikaku_data_error_limit`` of them per
file; reading never raises. A sheet's records are kept between builds
while it does not change (:mod:`.cache`). Pure: no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType

from sphinxcontrib_keikaku.core.evaluation_records import read_stage, record_id
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import EvaluationRecord, fingerprint
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    ErrorLimit,
    location_text,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    format_fiscal_year,
    is_excel_error,
    parse_fiscal_year,
    shorten,
)
from sphinxcontrib_keikaku.data.cache import DataCache
from sphinxcontrib_keikaku.data.cells import (
    RowError,
    Uncomputed,
    cell_text,
    column_letter,
    describe,
    key,
)
from sphinxcontrib_keikaku.data.formats import FileTexts, read_tables
from sphinxcontrib_keikaku.data.header import Candidate
from sphinxcontrib_keikaku.data.reader import Outcome, Table, uncomputed
from sphinxcontrib_keikaku.data.sheets_layout import NARRATIVE_COLUMNS, SHEET_EVALUATION
from sphinxcontrib_keikaku.data.sources import file_fingerprint

#: Column → the header names that mean it (as :func:`~.cells.key` forms them).
COLUMNS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "of": frozenset({"of", "対象", "対象id", "評価対象", "施策id", "事業id"}),
        "id": frozenset({"id", "評価id", "recordid"}),
        "title": frozenset({"title", "名称", "件名"}),
        "year": frozenset({"year", "fiscalyear", "年度", "評価年度"}),
        "stage": frozenset({"stage", "段階", "評価段階"}),
        "grade": frozenset({"grade", "評価", "評定"}),
        "direction": frozenset({"direction", "方向性", "今後の方向性"}),
        "evaluator": frozenset({"evaluator", "評価者"}),
        "text": frozenset(
            {"text", "narrative", "所見", "評価内容", "内容", "コメント"}
        ),
        # The narrative in parts, as the builder's workbooks ask for it
        # (:data:`~.sheets_layout.NARRATIVE_COLUMNS`): joined into the text.
        "results": frozenset({"results", "成果"}),
        "issues": frozenset({"issues", "課題"}),
        "improvement": frozenset({"improvement", "改善案"}),
    }
)
#: The narrative parts, in the order they are joined, with their labels.
_PARTS: tuple[tuple[str, str], ...] = tuple(
    zip(("results", "issues", "improvement"), NARRATIVE_COLUMNS, strict=True)
)
#: The cells that make a row a record: a row of a builder's workbook that
#: the department left without them (only its id, year and evaluator,
#: written in advance) is not an evaluation.
_CONTENT = ("grade", "direction", "text", *(name for name, _label in _PARTS))
#: How many rows above the header a sheet may have (titles, notes).
_HEADER_ROWS = 10
_MAX_BYTES = 50_000_000


class SheetTexts(FileTexts):
    """What is said of a whole evaluation sheet (see :class:`~.formats.FileTexts`)."""

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

    #: The sheet of a builder's workbook this reader reads.
    expected_sheets = (SHEET_EVALUATION,)

    def no_data(self) -> str:
        return _(
            "no header row with an 'of' column (対象): put a header row such "
            "as 'of, year, stage, grade, direction, evaluator, text' above "
            "the records"
        )


class SheetReader:
    """The records and findings of one evaluation sheet, read table by table
    by :func:`~.formats.read_tables` (as a data file is, with its encoding,
    size and workbook checks)."""

    def __init__(
        self,
        path: str,
        stages: Sequence[str],
        language: str | None,
        error_limit: int = DEFAULT_ERROR_LIMIT,
    ) -> None:
        self.path = path
        self.stages = tuple(stages)
        self.language = language
        self.limit = ErrorLimit(error_limit)
        self.records: list[EvaluationRecord] = []
        self.findings: list[Finding] = []

    def finding(
        self, rule: Rule, sheet: str | None, row: int | None, text: str
    ) -> Finding:
        return Finding(
            rule,
            f"{location_text(self.path, sheet, row)}: {text}",
            lineno=row,
            path=self.path,
        )

    def problem(
        self, sheet: str | None, row: int | None, message: str, *args: object
    ) -> None:
        """A problem of the file (``keikaku.data``), unless over the limit."""
        if self.limit.admit(self.path, sheet, row):
            text = _msg(message, *args) if args else message
            self.findings.append(self.finding(Rule.DATA, sheet, row, text))

    def finish(self) -> None:
        self.findings += self.limit.summary()

    def report_header(self, table: Table, candidate: Candidate) -> None:
        """Not called: :meth:`read_table` returns no header candidates."""

    def read_table(
        self,
        table: Table,
        rows: Iterable[Sequence[object] | RowError],
        *,
        report_unrelated: bool,
    ) -> Outcome:
        """Read one table (the CSV file or a sheet). A table without the
        header is reported when it is the whole file (*report_unrelated*);
        a workbook's sheet without it (instructions, a summary) is skipped,
        and the workbook reported only when no sheet has one."""
        columns: dict[str, int] | None = None
        seen = False
        for number, row in enumerate(rows, 1):
            if isinstance(row, RowError):
                if columns is not None:
                    self.problem(table.sheet, number, "%s", row.reason)
                continue
            cells = [cell_text(c).strip() for c in row]
            if not any(cells) and not any(isinstance(c, Uncomputed) for c in row):
                continue
            seen = True
            if columns is None:
                columns = self._header(table, number, cells)
                if columns is None and number >= _HEADER_ROWS:
                    break
                continue
            formulas = {
                index: cell
                for index, cell in enumerate(row)
                if isinstance(cell, Uncomputed)
            }
            self.read_row(table.sheet, number, columns, cells, formulas)
        if columns is not None:
            return "read"
        if seen and report_unrelated:
            self.problem(None, None, "%s", SheetTexts().no_data())
            return "reported"
        return "empty"

    def _header(
        self, table: Table, number: int, cells: Sequence[str]
    ) -> dict[str, int] | None:
        """The columns a header row names, if it names the ``of`` column; a
        column named twice (所見 and コメント) is reported, as a data file's."""
        columns, repeated = _header(cells)
        if columns is not None:
            for index, first in repeated:
                self.problem(
                    table.sheet,
                    number,
                    _(
                        "column %s (%r) repeats column %s, so it is ignored: "
                        "remove one of the two"
                    ),
                    column_letter(index),
                    shorten(cells[index]),
                    column_letter(first),
                )
        return columns

    def read_row(
        self,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
        formulas: dict[int, Uncomputed] | None = None,
    ) -> None:
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


def _header(
    cells: Sequence[str],
) -> tuple[dict[str, int] | None, list[tuple[int, int]]]:
    """The columns a header row names, if it names the ``of`` column, and
    the (index, index of the first) of each column that repeats one."""
    columns: dict[str, int] = {}
    repeated: list[tuple[int, int]] = []
    for index, text in enumerate(cells):
        name = key(text)
        for column, names in COLUMNS.items():
            if name in names:
                if column in columns:
                    repeated.append((index, columns[column]))
                else:
                    columns[column] = index
    return (columns, repeated) if "of" in columns else (None, [])


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
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        text = _msg(_("cannot read the file (%s)"), err)
        return [], [Finding(Rule.DATA, f"{path}: {text}", path=path) for path in paths]
    cache = DataCache(cache_dir, EvaluationRecord)
    records: list[EvaluationRecord] = []
    findings: list[Finding] = []
    for path in paths:

        def parse(path: str = path) -> tuple[list[EvaluationRecord], list[Finding]]:
            return _read_sheet(root, path, stages, language, error_limit, max_bytes)

        fingerprint = file_fingerprint(root, path)
        if fingerprint is None or fingerprint.endswith("-unreadable"):
            parsed = parse()  # nothing to keep, and cheap to say
        else:
            key = cache.key(
                path, fingerprint, max_bytes, error_limit, tuple(stages), language
            )
            kept = cache.load(path, key)
            parsed = kept if kept is not None else parse()
            # a sheet that changed while it was read is kept under neither
            if kept is None and file_fingerprint(root, path) == fingerprint:
                cache.store(path, key, parsed)
        records += parsed[0]
        findings += parsed[1]
    return records, findings


def _read_sheet(
    root: Path,
    path: str,
    stages: Sequence[str],
    language: str | None,
    error_limit: int,
    max_bytes: int,
) -> tuple[list[EvaluationRecord], list[Finding]]:
    reader = SheetReader(path, stages, language, error_limit)
    try:
        read_tables(reader, root, path, max_bytes=max_bytes, texts=SheetTexts())
    except Exception as err:
        # a bug here costs this sheet, not the build
        reader.problem(
            None,
            None,
            _(
                "cannot read the evaluation sheet (%s): open it in Excel "
                "and save it again as .xlsx, or export it as CSV"
            ),
            describe(err),
        )
    reader.finish()
    return reader.records, reader.findings
