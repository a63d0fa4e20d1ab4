"""Evaluation sheets: the records departments fill in, read from CSV or Excel.

Each department (担当課) fills in its 施策評価 or 事務事業評価 sheet in Excel;
the files are named in ``keikaku_evaluation_files``. One row is one record,
under a header row naming the columns (in English or Japanese, compared
like the data files' headers: NFKC, ignoring case, spaces, ``_`` and ``-``)::

    of,     year, stage,    grade, direction, evaluator,  text
    M1-1-1, R6,   一次評価, B,     拡充,      危機管理課, 成果：…

Only ``of`` is required as a column; ``id`` and ``title`` may be given too,
other columns (備考, …) are ignored, and a few title rows may stand above the
header. CSV is read in UTF-8 (with or without a BOM) or Shift_JIS/cp932; a
workbook sheet by sheet (sheets without such a header are skipped). Blank
rows give nothing. Every problem is a finding located at the file (and
sheet) and row; reading never raises. Pure: no Sphinx.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any

from sphinxcontrib_keikaku.core.evaluation_records import read_stage, record_id
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import EvaluationRecord, fingerprint
from sphinxcontrib_keikaku.core.records import location_text
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    format_fiscal_year,
    parse_fiscal_year,
)
from sphinxcontrib_keikaku.data.cells import (
    RowError,
    cell_text,
    csv_rows,
    describe,
    key,
)
from sphinxcontrib_keikaku.data.encodings import EncodingBreak, decode
from sphinxcontrib_keikaku.data.sources import EXTENSIONS_CSV, EXTENSIONS_XLSX, resolve

#: Column → the header names that mean it (as :func:`~.cells.key` forms them).
COLUMNS: dict[str, frozenset[str]] = {
    "of": frozenset({"of", "対象", "対象id", "評価対象", "施策id", "事業id"}),
    "id": frozenset({"id", "評価id", "recordid"}),
    "title": frozenset({"title", "名称", "件名"}),
    "year": frozenset({"year", "fiscalyear", "年度", "評価年度"}),
    "stage": frozenset({"stage", "段階", "評価段階"}),
    "grade": frozenset({"grade", "評価", "評定"}),
    "direction": frozenset({"direction", "方向性", "今後の方向性"}),
    "evaluator": frozenset({"evaluator", "評価者"}),
    "text": frozenset({"text", "narrative", "所見", "評価内容", "内容", "コメント"}),
}
#: How many rows above the header a sheet may have (titles, notes).
_HEADER_ROWS = 10
_MAX_BYTES = 50_000_000


class _Sheets:
    """The records and findings of the evaluation sheets read so far."""

    def __init__(self, stages: Sequence[str], language: str | None) -> None:
        self.stages = tuple(stages)
        self.language = language
        self.records: list[EvaluationRecord] = []
        self.findings: list[Finding] = []

    def problem(
        self,
        rule: Rule,
        path: str,
        sheet: str | None,
        row: int | None,
        text: str,
        object_id: str | None = None,
    ) -> Finding:
        finding = Finding(
            rule,
            f"{location_text(path, sheet, row)}: {text}",
            lineno=row,
            object_id=object_id,
            path=path,
        )
        return finding

    def file_problem(self, path: str, text: str) -> None:
        self.findings.append(self.problem(Rule.DATA, path, None, None, text))

    def read(self, root: Path, path: str) -> None:
        target, refused = resolve(root, path)
        if target is None:
            self.file_problem(path, refused or "")
            return
        suffix = PurePath(path).suffix.lower()
        if suffix not in EXTENSIONS_CSV | EXTENSIONS_XLSX:
            self.file_problem(
                path,
                _msg(
                    _(
                        "unsupported evaluation sheet type %r: save the sheet as "
                        "CSV (.csv) or as an Excel workbook (.xlsx)"
                    ),
                    suffix or path,
                ),
            )
            return
        if not target.is_file():
            self.file_problem(
                path,
                _(
                    "the evaluation sheet does not exist: check "
                    "keikaku_evaluation_files; paths are relative to the "
                    "source directory"
                ),
            )
            return
        if target.stat().st_size > _MAX_BYTES:
            self.file_problem(
                path, _msg(_("the file is larger than %d bytes: split it"), _MAX_BYTES)
            )
            return
        if suffix in EXTENSIONS_CSV:
            self.read_csv(target, path)
        else:
            self.read_xlsx(target, path)

    def read_csv(self, target: Path, path: str) -> None:
        text = decode(target.read_bytes())
        if isinstance(text, EncodingBreak) or text is None or "\0" in text:
            self.file_problem(
                path,
                _(
                    "unknown or mixed encoding; save the whole sheet as UTF-8 or "
                    "Shift_JIS (in Excel: CSV UTF-8 or CSV)"
                ),
            )
            return
        if not self.read_table(path, None, csv_rows(text)):
            self.file_problem(path, self.no_header())

    def read_xlsx(self, target: Path, path: str) -> None:
        try:
            # openpyxl ships no type hints; only projects with workbooks need it
            openpyxl: Any = importlib.import_module("openpyxl")
        except ImportError:
            self.file_problem(
                path,
                _(
                    "reading Excel workbooks needs openpyxl: install it "
                    "(pip install openpyxl) or save the sheet as CSV"
                ),
            )
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(target, read_only=True, data_only=True)
        try:
            found = False
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()
                rows = sheet.iter_rows(values_only=True)
                found = self.read_table(path, str(sheet.title), rows) or found
            if not found:
                self.file_problem(path, self.no_header())
        finally:
            workbook.close()

    def no_header(self) -> str:
        return _(
            "no header row with an 'of' column (対象): put a header row such "
            "as 'of, year, stage, grade, direction, evaluator, text' above "
            "the records"
        )

    def read_table(
        self,
        path: str,
        sheet: str | None,
        rows: Iterable[Sequence[object] | RowError],
    ) -> bool:
        """Read one table; whether it had a header naming the ``of`` column."""
        columns: dict[str, int] | None = None
        for number, row in enumerate(rows, 1):
            if isinstance(row, RowError):
                if columns is not None:
                    self.findings.append(
                        self.problem(Rule.DATA, path, sheet, number, row.reason)
                    )
                continue
            cells = [cell_text(c).strip() for c in row]
            if columns is None:
                columns = _header(cells)
                if columns is None and number >= _HEADER_ROWS:
                    return False
                continue
            if not any(cells):
                continue
            self.read_row(path, sheet, number, columns, cells)
        return columns is not None

    def read_row(
        self,
        path: str,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
    ) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        problems: list[Finding] = []

        def problem(rule: Rule, text: str) -> None:
            problems.append(self.problem(rule, path, sheet, number, text))

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
            text=cell("text"),
            path=path,
            sheet=sheet or "",
            problems=[
                Finding(p.rule, p.message, None, p.lineno, object_id or None, p.path)
                for p in problems
            ],
        )
        fingerprint(record)
        self.records.append(record)


def _header(cells: Sequence[str]) -> dict[str, int] | None:
    """The columns a header row names, if it names the ``of`` column."""
    columns: dict[str, int] = {}
    for index, text in enumerate(cells):
        name = key(text)
        for column, names in COLUMNS.items():
            if name in names and column not in columns:
                columns[column] = index
    return columns if "of" in columns else None


def read_evaluation_sheets(
    srcdir: Path,
    paths: Sequence[str],
    *,
    stages: Sequence[str],
    language: str | None = None,
) -> tuple[list[EvaluationRecord], list[Finding]]:
    """The records of every evaluation sheet and the problems of the files
    (a record's own problems are kept with it, like a directive's)."""
    sheets = _Sheets(stages, language)
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        for path in paths:
            sheets.file_problem(path, _msg(_("cannot read the file (%s)"), err))
        return [], sheets.findings
    for path in paths:
        try:
            sheets.read(root, path)
        except Exception as err:
            # a damaged workbook (openpyxl raises many kinds) or an unreadable
            # file costs this file, not the build
            sheets.file_problem(
                path,
                _msg(
                    _(
                        "cannot read the evaluation sheet (%s): open it in Excel "
                        "and save it again as .xlsx, or export it as CSV"
                    ),
                    describe(err),
                ),
            )
    return sheets.records, sheets.findings
