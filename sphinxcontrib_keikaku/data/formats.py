"""Reading one data file: a CSV file or an Excel workbook, into tables.

A CSV file may be UTF-8 (with or without a BOM) or Shift_JIS/cp932, as
Japanese Excel saves it; a workbook (``.xlsx``, ``.xlsm``) is read sheet by
sheet with openpyxl, which never runs macros and parses XML with defusedxml
when it is installed.  Each table goes to :class:`~.reader.FileReader`.
Pure: no Sphinx.
"""

from __future__ import annotations

import importlib
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from itertools import zip_longest
from pathlib import Path, PurePath
from typing import Any, Protocol

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.records import DEFAULT_ERROR_LIMIT, DataRecord
from sphinxcontrib_keikaku.core.values import shorten
from sphinxcontrib_keikaku.data import sheets_layout as layout
from sphinxcontrib_keikaku.data.cells import (
    RowError,
    csv_rows,
    describe,
    holds_formula,
    sheet_rows,
)
from sphinxcontrib_keikaku.data.encodings import EncodingBreak, decode
from sphinxcontrib_keikaku.data.header import Candidate
from sphinxcontrib_keikaku.data.reader import FileReader, Outcome, Table
from sphinxcontrib_keikaku.data.sources import EXTENSIONS_CSV, EXTENSIONS_XLSX, resolve

__all__ = ["FileTexts", "TableReader", "parse_file", "read_tables"]


class TableReader(Protocol):
    """What reads the tables of a file: :class:`~.reader.FileReader` for
    data files, :class:`~.evaluation_sheets.SheetReader` for evaluation
    sheets."""

    def problem(
        self, sheet: str | None, row: int | None, message: str, *args: object
    ) -> None: ...

    def read_table(
        self,
        table: Table,
        rows: Iterable[Sequence[object] | RowError],
        *,
        report_unrelated: bool,
    ) -> Outcome: ...

    def report_header(self, table: Table, candidate: Candidate) -> None: ...


class FileTexts:
    """The messages about a whole file that name its setting: those of a
    data file (``keikaku_data_files``) here; an evaluation sheet's in
    :mod:`.evaluation_sheets`. Everything else about reading a file (its
    encoding, its size, a damaged workbook) is said the same of both."""

    #: The sheets of a ``keikaku-sheets`` workbook this reader reads: a
    #: workbook without one of them had a sheet renamed or deleted.
    expected_sheets: tuple[str, ...] = (layout.SHEET_INDICATORS, layout.SHEET_PROJECTS)

    def unreadable(self) -> str:
        return _("cannot read the data file (%s)")

    def spaced(self) -> str:
        return _(
            "the path %r begins or ends with a space: remove the "
            "space in keikaku_data_files"
        )

    def unsupported(self) -> str:
        return _(
            "unsupported data file type %r: save the data as CSV "
            "(.csv) or as an Excel workbook (.xlsx)"
        )

    def missing(self) -> str:
        return _(
            "the data file does not exist: check keikaku_data_files; "
            "paths are relative to the source directory"
        )

    def not_a_file(self) -> str:
        return _("this is not a file: name a CSV or XLSX file in keikaku_data_files")

    def too_large(self) -> str:
        return _(
            "the data file has %d bytes, more than the limit of %d: "
            "split it into several files"
        )

    def grew(self) -> str:
        return _("the data file is larger than the limit of %d bytes: split it")

    def empty(self) -> str:
        return _(
            "the data file is empty: export the data again, or remove it from keikaku_data_files"
        )

    def no_data(self) -> str:
        return _(
            "the workbook has no data: export the data again, "
            "or remove it from keikaku_data_files"
        )


def read_tables(
    reader: TableReader,
    root: Path,
    path: str,
    *,
    max_bytes: int,
    texts: FileTexts | None = None,
) -> None:
    """Read the file *path* (relative to the resolved source directory
    *root*), giving each of its tables to *reader*; every problem of the
    file goes to ``reader.problem``. Raises only for a bug."""
    _File(reader, max_bytes, texts or FileTexts()).read_file(root, path)


# An XLSX file is a zip archive; its sheets may unpack to far more than the
# file's size.  Ordinary workbooks unpack to 5 to 15 times their size (a
# sheet of one row repeated 100,000 times: 14 times); a zip bomb unpacks to
# up to a thousand times, and is refused from the declared sizes of its
# members before openpyxl unpacks anything.  A small workbook may unpack
# further (its fixed parts compress well), so a floor applies; the cap on
# the data file's size bounds the total.
_XLSX_MAX_RATIO = 100
_XLSX_MIN_UNPACKED = 10_000_000
_XLSX_MAX_EXPANSION = 20


def parse_file(
    root: Path,
    path: str,
    *,
    max_bytes: int,
    error_limit: int = DEFAULT_ERROR_LIMIT,
) -> tuple[list[DataRecord], list[Finding]]:
    """Read the data file *path* (relative to the resolved source directory
    *root*): its records, each (id, field, year) once, and its problems.

    Never raises for anything in the file or the file system.
    """
    reader = FileReader(path, error_limit=error_limit)
    try:
        read_tables(reader, root, path, max_bytes=max_bytes)
    except Exception as err:
        # A bug here must cost one file, not the whole build; the message
        # asks for a report so that it does get fixed.
        reader.problem(
            None,
            None,
            _(
                "the data file could not be read because of an error in "
                "keikaku (%s): please report it"
            ),
            describe(err),
        )
    reader.finish()
    return reader.records, reader.findings


class _File:
    """Reads one file's tables into its :class:`~.reader.FileReader`."""

    def __init__(self, reader: TableReader, max_bytes: int, texts: FileTexts) -> None:
        self.reader = reader
        self.max_bytes = max_bytes
        self.texts = texts
        # Whether a sheet of the workbook holds a formula (see _check_archive).
        self.formulas = False

    def read_file(self, root: Path, path: str) -> None:
        try:
            target, refused = resolve(root, path)
        except (OSError, RuntimeError, ValueError) as err:
            # resolve() fails on symlink loops (RuntimeError before 3.13).
            self.reader.problem(None, None, self.texts.unreadable(), err)
            return
        if target is None:
            self.reader.problem(None, None, "%s", refused)
            return
        suffix = PurePath(path).suffix.lower()
        if suffix not in EXTENSIONS_CSV | EXTENSIONS_XLSX:
            if path != path.strip():
                # keikaku_data_files is stripped; a caller's path may not be.
                self.reader.problem(
                    None,
                    None,
                    self.texts.spaced(),
                    shorten(path),
                )
            elif suffix == ".xls":
                self.reader.problem(
                    None,
                    None,
                    _(
                        "the old Excel format .xls cannot be read: save the "
                        "workbook as .xlsx (Excel workbook) or as CSV"
                    ),
                )
            else:
                self.reader.problem(
                    None,
                    None,
                    self.texts.unsupported(),
                    shorten(suffix or path),
                )
            return
        try:
            stat = target.stat()
        except FileNotFoundError:
            self.reader.problem(
                None,
                None,
                self.texts.missing(),
            )
            return
        except OSError as err:
            self.reader.problem(None, None, self.texts.unreadable(), err)
            return
        if not target.is_file():
            self.reader.problem(
                None,
                None,
                self.texts.not_a_file(),
            )
            return
        if stat.st_size > self.max_bytes:
            self.reader.problem(
                None,
                None,
                self.texts.too_large(),
                stat.st_size,
                self.max_bytes,
            )
            return
        if suffix in EXTENSIONS_CSV:
            self.read_csv(target, path)
        else:
            self.read_xlsx(target, path)

    def read_csv(self, target: Path, path: str) -> None:
        try:
            with target.open("rb") as stream:
                # One byte more than allowed tells a file that grew since
                # stat() from one that is exactly at the limit.
                data = stream.read(self.max_bytes + 1)
        except OSError as err:
            self.reader.problem(None, None, self.texts.unreadable(), err)
            return
        if len(data) > self.max_bytes:
            self.reader.problem(
                None,
                None,
                self.texts.grew(),
                self.max_bytes,
            )
            return
        text = decode(data)
        if isinstance(text, EncodingBreak):
            self.reader.problem(
                None,
                text.row,
                _(
                    "the encoding changes in this row: the rows above are %s, "
                    "this row is %s (perhaps pasted from another file), so the "
                    "file was not read; save the whole file as UTF-8 (in Excel: "
                    "CSV UTF-8) and check the text of this row"
                ),
                text.before,
                text.here,
            )
            return
        if text is None:
            self.reader.problem(
                None,
                None,
                _(
                    "unknown encoding; save as UTF-8 or Shift_JIS "
                    "(in Excel: CSV UTF-8 or CSV)"
                ),
            )
            return
        if "\0" in text:
            # UTF-16 ("Unicode text" in Excel) decodes as UTF-8 with a NUL
            # after every ASCII character.
            self.reader.problem(
                None,
                None,
                _(
                    "the file contains NUL characters, so it is not a text CSV "
                    "(perhaps UTF-16 'Unicode text'): save as UTF-8 or Shift_JIS"
                ),
            )
            return
        outcome = self.reader.read_table(
            Table(path, None), csv_rows(text), report_unrelated=True
        )
        if outcome == "empty":
            self.reader.problem(
                None,
                None,
                self.texts.empty(),
            )

    def read_xlsx(self, target: Path, path: str) -> None:
        try:
            # Imported here: only projects with workbooks need openpyxl.
            # Loaded through importlib because openpyxl ships no type hints.
            openpyxl: Any = importlib.import_module("openpyxl")
        except ImportError:
            self.reader.problem(
                None,
                None,
                _(
                    "reading Excel workbooks needs openpyxl: install it "
                    "(pip install openpyxl) or save the data as CSV"
                ),
            )
            return
        try:
            with target.open("rb") as stream:
                if not self._check_archive(stream, path):
                    return
                stream.seek(0)
                # Warnings about features openpyxl drops (styles, data
                # validation, ...) do not concern the values read here.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._read_workbook(openpyxl, stream, path)
        except OSError as err:
            self.reader.problem(None, None, self.texts.unreadable(), err)

    def _damaged_workbook(self, path: str, err: BaseException) -> None:
        self.reader.problem(
            None,
            None,
            _(
                "cannot read the workbook (%s): it is damaged or not an "
                "Excel .xlsx file; open it in Excel and save it again as "
                "Excel workbook (.xlsx), or export it as CSV"
            ),
            describe(err),
        )

    def _check_archive(self, stream: io.BufferedIOBase, path: str) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                members = archive.infolist()
                unpacked = sum(info.file_size for info in members)
                if unpacked <= self._expansion_limit(stream):
                    self.formulas = any(
                        holds_formula(archive, info)
                        for info in members
                        if info.filename.startswith("xl/worksheets/")
                    )
        except Exception as err:
            # zipfile raises BadZipFile, but also ValueError, EOFError,
            # OSError... for damaged archives.
            self._damaged_workbook(path, err)
            return False
        # zipfile stops at the declared size of each member, so the declared
        # total bounds what openpyxl can unpack.
        limit = self._expansion_limit(stream)
        if unpacked > limit:
            self.reader.problem(
                None,
                None,
                _(
                    "the workbook unpacks to %d bytes, more than the limit of "
                    "%d (%d times its size, at most %d): it is damaged or "
                    "made to exhaust memory; open it in Excel and save it "
                    "again, split it into several files, or export it as CSV"
                ),
                unpacked,
                limit,
                _XLSX_MAX_RATIO,
                self.max_bytes * _XLSX_MAX_EXPANSION,
            )
            return False
        return True

    def _expansion_limit(self, stream: io.BufferedIOBase) -> int:
        size = stream.seek(0, io.SEEK_END)
        return min(
            self.max_bytes * _XLSX_MAX_EXPANSION,
            max(size * _XLSX_MAX_RATIO, _XLSX_MIN_UNPACKED),
        )

    def _read_workbook(
        self, openpyxl: Any, stream: io.BufferedIOBase, path: str
    ) -> None:
        # openpyxl parses XML with defusedxml when it is installed (and the
        # OPENPYXL_DEFUSEDXML variable is not "False"), which refuses entity
        # expansion attacks in a hostile workbook.
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            # Only the formulas tell a formula saved without its value from
            # an empty cell; they are read only when there are formulas.
            formula_book = (
                openpyxl.load_workbook(stream, read_only=True, data_only=False)
                if self.formulas
                else None
            )
        except Exception as err:
            # openpyxl raises many kinds for a damaged workbook (BadZipFile,
            # InvalidFileException, KeyError, ValueError, XML errors, ...);
            # all of them mean the same to the author.
            self._damaged_workbook(path, err)
            return
        try:
            # Sheets whose header names none of the columns, not yet reported.
            unrelated: list[tuple[str, Candidate]] = []
            recognised = reported = False
            formula_sheets = formula_book.worksheets if formula_book is not None else []
            for sheet, formula_sheet in zip_longest(
                workbook.worksheets, formula_sheets[: len(workbook.worksheets)]
            ):
                name = str(sheet.title)
                try:
                    outcome = self.reader.read_table(
                        Table(path, name),
                        sheet_rows(sheet, formula_sheet),
                        report_unrelated=False,
                    )
                except Exception as err:
                    # Cells are parsed while iterating, so a damaged sheet
                    # fails here; the other sheets are still read.
                    self.reader.problem(
                        name,
                        None,
                        _(
                            "cannot read the sheet (%s): open the workbook in "
                            "Excel and save it again, or export the sheet as CSV"
                        ),
                        describe(err),
                    )
                    reported = True
                    continue
                if isinstance(outcome, Candidate):
                    unrelated.append((name, outcome))
                elif outcome == "read":
                    recognised = True
                elif outcome == "reported":
                    reported = True
            self._check_sheet_names(workbook)
            # A workbook commonly carries sheets that are not data (notes, a
            # pivot, a printed summary); they are skipped quietly.  When no
            # sheet at all could be read, though, the header is surely wrong.
            if not recognised:
                for name, candidate in unrelated:
                    self.reader.report_header(Table(path, name), candidate)
                if not unrelated and not reported:
                    self.reader.problem(
                        None,
                        None,
                        self.texts.no_data(),
                    )
        finally:
            workbook.close()
            if formula_book is not None:
                formula_book.close()

    def _check_sheet_names(self, workbook: Any) -> None:
        """A workbook written by ``-b keikaku-sheets`` keeps its sheets'
        names: a sheet renamed or deleted by a department is said, since
        its rows may have gone with it."""
        if getattr(workbook.properties, "keywords", None) != layout.MARK:
            return
        names = [str(sheet.title) for sheet in workbook.worksheets]
        missing = [name for name in self.texts.expected_sheets if name not in names]
        if missing:
            # Located at the sheet that took the name's place, if only one did.
            unexpected = [name for name in names if name not in layout.SHEET_NAMES]
            renamed = unexpected[0] if len(unexpected) == 1 else None
            self.reader.problem(
                renamed,
                None if renamed is None else 1,
                _(
                    "the workbook written by keikaku-sheets has no sheet %s "
                    "(its sheets: %s): give the sheets back their names %s"
                ),
                "、".join(missing),
                "、".join(names),
                "、".join(layout.SHEET_NAMES),
            )

    # -- tables --
