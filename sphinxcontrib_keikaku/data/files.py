"""Reading yearly actuals and budget amounts from the files departments keep.

Once a year each department (担当課) sends its indicator actuals and budget
amounts, exported from a spreadsheet or the accounting system.  The files are
named in ``keikaku_data_files`` (paths relative to the source directory) and
may be CSV (UTF-8, UTF-8 with BOM, or Shift_JIS/cp932 as Japanese Excel saves
it) or Excel workbooks (``.xlsx``, ``.xlsm``; every sheet is read).

Two shapes are read; which one a table has is decided from its header row:

long form, one value per row::

    id,     fiscal_year, field,  value
    K1-1-1, 2024,        actual, 1234
    P-001,  令和6年度,   予算,   "12,345"

wide form, as a spreadsheet holds it: one row per object and field, one
column per fiscal year (any spelling :func:`~.values.parse_fiscal_year`
reads: ``2024``, ``FY2024``, ``R6``, ``令和6年度``, full-width digits)::

    事業ID, 名称,       項目, R5,    R6,    R7
    P-001,  子育て支援, 予算, 12000, 12500,
    P-001,  子育て支援, 決算, 11800, －,

Column names are matched after NFKC normalisation, ignoring case, spaces,
``_`` and ``-``, in English or Japanese (see :data:`HEADER_ALIASES`); other
columns (名称, 担当課, 備考, unit, …) are ignored.  Field words are English or
Japanese (see :data:`FIELD_ALIASES`).  As in a printed table, a few title
rows may stand above the header; blank rows, empty value cells, cells holding
only a dash (－, ―) and rows naming neither an id nor a field (合計) give no
value and no finding.

Everything here is pure: no Sphinx state beyond the message catalog.  Every
problem becomes a :class:`~.reporting.Finding` of rule ``keikaku.data`` whose
message names the file, the sheet, the row and the fix; reading goes on, so
one bad cell never hides the rest of the file.  Whether the ids exist in the
plan is not checked here: the caller knows the plan.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from os import PathLike, fspath
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, Literal

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.records import DataRecord, location_text
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    Value,
    check_id,
    normalize,
    parse_fiscal_year,
    parse_value,
)

__all__ = [
    "FIELDS",
    "FIELD_ALIASES",
    "HEADER_ALIASES",
    "NUMERIC_FIELDS",
    "DataRecord",
    "file_fingerprint",
    "normalise_data_files",
    "read_data_files",
]

#: The fields a data file can give, in the order they are shown.
FIELDS: tuple[str, ...] = (
    "baseline",
    "target",
    "actual",
    "estimate",
    "budget",
    "settlement",
)

#: Fields that are amounts of money: a text such as 未定 is an error for them.
NUMERIC_FIELDS: frozenset[str] = frozenset({"budget", "settlement"})

#: Field words accepted in a field cell (matched like header names).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    # 現状値 is how most 総合計画 KPI tables label the baseline.
    "baseline": ("baseline", "基準", "基準値", "現状値"),
    "target": ("target", "目標", "目標値"),
    "actual": ("actual", "実績", "実績値"),
    "estimate": ("estimate", "見込", "見込み", "見込値", "見込み値"),
    "budget": ("budget", "予算", "当初予算", "予算額", "当初予算額"),
    "settlement": ("settlement", "決算", "決算額"),
}

# The words shown in messages: the English name and its usual Japanese label.
_FIELD_SHOWN: dict[str, str] = {
    "baseline": "基準値",
    "target": "目標値",
    "actual": "実績値",
    "estimate": "見込値",
    "budget": "予算額",
    "settlement": "決算額",
}

Column = Literal["id", "fiscal_year", "field", "value"]

#: Column names accepted in a header row.  No bare コード or 番号: in a
#: budget export those are the accounting system's codes, not plan ids.
HEADER_ALIASES: dict[Column, tuple[str, ...]] = {
    "id": ("id", "object_id", "識別子", "事業ID", "指標ID", "施策ID"),
    "fiscal_year": ("fiscal_year", "year", "FY", "年度"),
    "field": ("field", "項目", "区分", "種別"),
    "value": ("value", "値", "数値"),
}

_EXTENSIONS_CSV = frozenset({".csv"})
# .xlsm is what many offices keep their workbooks as; openpyxl reads its
# values and never runs the macros.
_EXTENSIONS_XLSX = frozenset({".xlsx", ".xlsm"})

# An XLSX file is a zip archive; its sheets may unpack to far more than the
# file's size.  Ordinary workbooks stay well below 20 times; a zip bomb does
# not, and is refused before openpyxl unpacks anything.
_XLSX_MAX_EXPANSION = 20

# How many non-empty rows may stand above the header (a title, a date, a
# unit note) before a table is declared to have no recognisable header.
_HEADER_SCAN_ROWS = 10

# Cells holding only a dash or dots mean "no value" in Japanese tables (－,
# ―, ー, …); read as text they would silently make an actual qualitative.
_NO_VALUE = re.compile(r"[-‐‑‒–—―−ー─…・.]+")

# Separators ignored when matching names, so that "Fiscal Year",
# "fiscal-year" and "fiscal_year" are one name.
_NAME_NOISE = re.compile(r"[\s_\-]+")

# A header cell that starts like a fiscal year (2024年, R6見込, H32): in the
# wide form such a column is probably a year the author wanted read.  Four
# digits or an era are required, so that 4月 or 1位 are not taken for years.
_YEARISH = re.compile(
    r"(?:fy\s*)?[0-9]{4}|(?:令和|平成|昭和|[rhs])\s*[0-9元]", re.IGNORECASE
)

_HASH_CHUNK = 1 << 20


def _key(text: str) -> str:
    """The form in which header names and field words are compared."""
    return _NAME_NOISE.sub("", normalize(text).casefold())


_FIELD_BY_KEY: dict[str, str] = {
    _key(alias): name for name, aliases in FIELD_ALIASES.items() for alias in aliases
}
_COLUMN_BY_KEY: dict[str, Column] = {
    _key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


# --- messages --------------------------------------------------------------


def _field_list() -> str:
    return ", ".join(f"{name} ({label})" for name, label in _FIELD_SHOWN.items())


def _column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- the API ---------------------------------------------------------------


def normalise_data_files(value: Any) -> tuple[str, ...]:
    """Return the setting ``keikaku_data_files`` as a tuple of paths.

    Accepted: a list or tuple of paths (``str`` or :class:`os.PathLike`), a
    single path, or ``None`` for none.  A path given twice is kept once, so
    its values are not read twice.  Raises :class:`ValueError` with a message
    that says how to write the setting.
    """
    if value is None:
        return ()
    items: Sequence[Any]
    if isinstance(value, (str, PathLike)):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise ValueError(
            _msg(
                _(
                    "a %s cannot name data files: write a list of paths relative "
                    "to the source directory, such as ['data/actuals.csv']"
                ),
                type(value).__name__,
            )
        )
    paths: dict[str, None] = {}
    for number, item in enumerate(items, 1):
        if isinstance(item, PathLike):
            item = fspath(item)
        if not isinstance(item, str):
            raise ValueError(
                _msg(
                    _(
                        "entry %d (%r) is not a path: write each data file as a "
                        "text such as 'data/actuals.csv'"
                    ),
                    number,
                    item,
                )
            )
        if not item.strip() or "\0" in item:
            raise ValueError(
                _msg(
                    _(
                        "entry %d (%r) is not a usable path: write a file name "
                        "such as 'data/actuals.csv'"
                    ),
                    number,
                    item,
                )
            )
        paths[item] = None
    return tuple(paths)


def read_data_files(
    srcdir: Path, paths: Sequence[str], *, max_bytes: int = 50_000_000
) -> tuple[list[DataRecord], list[Finding]]:
    """Read every data file; return the good records and every problem found.

    Never raises for anything in the files or the file system.  A value given
    twice for the same (id, field, year) is kept once; a second, different
    value is reported and dropped.
    """
    reader = _Reader(max_bytes=max_bytes)
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        # Nothing can be resolved against a broken source directory; say so
        # once per file rather than crash the build.
        for path in paths:
            reader.problem(path, None, None, _("cannot read the data file (%s)"), err)
        return reader.records, reader.findings
    for path in paths:
        try:
            reader.read_file(root, path)
        except Exception as err:
            # A bug here must cost one file, not the whole build; the
            # message asks for a report so that it does get fixed.
            reader.problem(
                path,
                None,
                None,
                _(
                    "the data file could not be read because of an error in "
                    "keikaku (%s): please report it"
                ),
                _describe(err),
            )
    return reader.records, reader.findings


def file_fingerprint(srcdir: Path, path: str) -> str | None:
    """Return a digest that changes when the file's content changes.

    ``None`` when the file does not exist or would not be read (outside the
    source directory).  The digest is the size and the SHA-256 of the
    content; the modification time is left out on purpose, so that a fresh
    checkout or a ``touch`` does not rebuild every page that shows numbers.
    """
    try:
        target, _problem = _resolve(srcdir.resolve(), path)
    except (OSError, RuntimeError, ValueError):
        return None
    if target is None:
        return None
    try:
        stat = target.stat()
    except (OSError, ValueError):
        return None
    if not target.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with target.open("rb") as stream:
            while chunk := stream.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        # The read will report why; this still changes when the file does.
        return f"{stat.st_size}-{stat.st_mtime_ns}-unreadable"
    return f"{stat.st_size}-{digest.hexdigest()}"


# --- locating files --------------------------------------------------------


def _resolve(root: Path, path: str) -> tuple[Path | None, str | None]:
    """Return (the file to read, None) or (None, why it is refused).

    Nothing is opened here: a path that leaves the source directory is
    refused from its text and its resolved form (symlinks followed) alone.
    """
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return None, _msg(
            _(
                "%r is not a usable path: write a file name relative to the "
                "source directory, such as data/actuals.csv"
            ),
            path,
        )
    # A Windows anchor (C:\, \\server\share, \x) is refused on every system,
    # so that a conf.py shared between machines behaves the same everywhere.
    if PurePath(path).is_absolute() or PureWindowsPath(path).anchor:
        return None, str(
            _(
                "the path is absolute, so the file was not read: give a path "
                "relative to the source directory, such as data/actuals.csv"
            )
        )
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None, str(
            _(
                "the file is outside the source directory, so it was not read: "
                "put it inside the source directory (the folder of the plan's "
                "documents) and give a relative path such as data/actuals.csv"
            )
        )
    return target, None


# --- reading ---------------------------------------------------------------


@dataclass
class _Header:
    """The columns of a recognised table."""

    shape: Literal["long", "wide"]
    columns: dict[Column, int]
    #: Wide form: column index → fiscal year.
    years: dict[int, int] = field(default_factory=dict)


@dataclass
class _Candidate:
    """What one row would be as a header."""

    row: int
    cells: list[str]
    columns: dict[Column, int]
    years: dict[int, int]
    #: (column index, text, letter of the first such column) of repeated columns.
    repeated: list[tuple[int, str, str]]
    #: (column index, text, error) of columns that look like unreadable years.
    yearish: list[tuple[int, str, str]]

    @property
    def score(self) -> int:
        return len(self.columns) + (1 if self.years else 0)

    @property
    def header(self) -> _Header | None:
        have = self.columns.keys()
        if {"id", "fiscal_year", "field", "value"} <= have:
            return _Header("long", self.columns)
        if {"id", "field"} <= have and self.years:
            return _Header("wide", self.columns, self.years)
        return None

    def missing(self) -> list[str]:
        """The columns lacking for the shape this row comes closest to."""
        have = set(self.columns)
        long_missing = [
            c for c in ("id", "fiscal_year", "field", "value") if c not in have
        ]
        wide_missing = [c for c in ("id", "field") if c not in have]
        if not self.years:
            wide_missing.append(str(_("fiscal-year columns such as 2024")))
        if "fiscal_year" in have or "value" in have:
            return long_missing
        return wide_missing if len(wide_missing) <= len(long_missing) else long_missing


def _cell_text(cell: object) -> str:
    """The text of a cell as a spreadsheet user would read it."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        # a spreadsheet-safe export writes '=… for text that starts like a
        # formula (see export._cell); the quote is not part of the value
        if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@"):
            return cell[1:]
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return _float_text(cell)
    if isinstance(cell, datetime | date | time | timedelta):
        return cell.isoformat() if not isinstance(cell, timedelta) else str(cell)
    return str(cell)


def _float_text(number: float) -> str:
    """A float cell as Excel shows it: at most 15 significant digits.

    Excel stores doubles but shows 15 significant digits, so ``1234.0`` is
    1234 and ``0.30000000000000004`` (binary noise of a formula) is 0.3.  The
    result is written in full, never with an exponent, so that
    :func:`~.values.parse_number` reads it and applies its limits.
    """
    if number != number or number in (float("inf"), float("-inf")):
        return repr(number)
    try:
        return format(Decimal(format(number, ".15g")), "f")
    except (InvalidOperation, ValueError):  # pragma: no cover - finite floats
        return repr(number)


def _is_empty(text: str) -> bool:
    stripped = text.strip()
    return not stripped or _NO_VALUE.fullmatch(normalize(stripped)) is not None


def _header_candidate(row_number: int, cells: Sequence[object]) -> _Candidate:
    texts = [_cell_text(cell) for cell in cells]
    columns: dict[Column, int] = {}
    years: dict[int, int] = {}
    year_columns: dict[int, int] = {}
    repeated: list[tuple[int, str, str]] = []
    yearish: list[tuple[int, str, str]] = []
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        key = _key(text)
        column = _COLUMN_BY_KEY.get(key)
        if column is not None:
            if column in columns:
                repeated.append((index, text.strip(), _column_letter(columns[column])))
            else:
                columns[column] = index
            continue
        try:
            year = parse_fiscal_year(text)
        except PlanValueError as err:
            if _YEARISH.match(normalize(text)):
                yearish.append((index, text.strip(), str(err)))
            continue
        if year in year_columns:
            repeated.append((index, text.strip(), _column_letter(year_columns[year])))
        else:
            year_columns[year] = index
            years[index] = year
    return _Candidate(row_number, texts, columns, years, repeated, yearish)


@dataclass
class _Table:
    """Where the rows being read come from, for records and messages."""

    path: str
    sheet: str | None


_Outcome = Literal["read", "empty", "reported"] | _Candidate


class _Reader:
    """Collects records and findings over all files, for duplicate checks."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.records: list[DataRecord] = []
        self.findings: list[Finding] = []
        # (id, field, year) → the record that first gave it.
        self.seen: dict[tuple[str, str, int], DataRecord] = {}
        # Parsing caches: ids, field words and years repeat on every row.
        self._ids: dict[str, str | PlanValueError] = {}
        self._fields: dict[str, str | None] = {}
        self._years: dict[str, int | PlanValueError] = {}

    # -- findings --

    def problem(
        self,
        path: str,
        sheet: str | None,
        row: int | None,
        message: str,
        *args: object,
    ) -> None:
        text = _msg(message, *args)
        self.findings.append(
            Finding(
                Rule.DATA,
                f"{location_text(path, sheet, row)}: {text}",
                path=path,
                lineno=row,
            )
        )

    # -- files --

    def read_file(self, root: Path, path: str) -> None:
        try:
            target, refused = _resolve(root, path)
        except (OSError, RuntimeError, ValueError) as err:
            # resolve() fails on symlink loops (RuntimeError before 3.13).
            self.problem(path, None, None, _("cannot read the data file (%s)"), err)
            return
        if target is None:
            self.problem(path, None, None, "%s", refused)
            return
        suffix = PurePath(path).suffix.lower()
        if suffix not in _EXTENSIONS_CSV | _EXTENSIONS_XLSX:
            if suffix == ".xls":
                self.problem(
                    path,
                    None,
                    None,
                    _(
                        "the old Excel format .xls cannot be read: save the "
                        "workbook as .xlsx (Excel workbook) or as CSV"
                    ),
                )
            else:
                self.problem(
                    path,
                    None,
                    None,
                    _(
                        "unsupported data file type %r: save the data as CSV "
                        "(.csv) or as an Excel workbook (.xlsx)"
                    ),
                    suffix or path,
                )
            return
        try:
            stat = target.stat()
        except FileNotFoundError:
            self.problem(
                path,
                None,
                None,
                _(
                    "the data file does not exist: check keikaku_data_files; "
                    "paths are relative to the source directory"
                ),
            )
            return
        except OSError as err:
            self.problem(path, None, None, _("cannot read the data file (%s)"), err)
            return
        if not target.is_file():
            self.problem(
                path,
                None,
                None,
                _("this is not a file: name a CSV or XLSX file in keikaku_data_files"),
            )
            return
        if stat.st_size > self.max_bytes:
            self.problem(
                path,
                None,
                None,
                _(
                    "the data file has %d bytes, more than the limit of %d: "
                    "split it into several files"
                ),
                stat.st_size,
                self.max_bytes,
            )
            return
        if suffix in _EXTENSIONS_CSV:
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
            self.problem(path, None, None, _("cannot read the data file (%s)"), err)
            return
        if len(data) > self.max_bytes:
            self.problem(
                path,
                None,
                None,
                _("the data file is larger than the limit of %d bytes: split it"),
                self.max_bytes,
            )
            return
        text: str | None = None
        # utf-8-sig also reads UTF-8 without a BOM.  Japanese text in cp932
        # is practically never valid UTF-8, so the order cannot mistake one
        # for the other.
        for encoding in ("utf-8-sig", "cp932"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            self.problem(
                path,
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
            self.problem(
                path,
                None,
                None,
                _(
                    "the file contains NUL characters, so it is not a text CSV "
                    "(perhaps UTF-16 'Unicode text'): save as UTF-8 or Shift_JIS"
                ),
            )
            return
        outcome = self.read_table(
            _Table(path, None), _csv_rows(text), report_unrelated=True
        )
        if outcome == "empty":
            self.problem(
                path,
                None,
                None,
                _(
                    "the data file is empty: export the data again, or remove it from keikaku_data_files"
                ),
            )

    def read_xlsx(self, target: Path, path: str) -> None:
        try:
            # Imported here: only projects with workbooks need openpyxl.
            # Loaded through importlib because openpyxl ships no type hints.
            openpyxl: Any = importlib.import_module("openpyxl")
        except ImportError:
            self.problem(
                path,
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
            self.problem(path, None, None, _("cannot read the data file (%s)"), err)

    def _damaged_workbook(self, path: str, err: BaseException) -> None:
        self.problem(
            path,
            None,
            None,
            _(
                "cannot read the workbook (%s): it is damaged or not an "
                "Excel .xlsx file; open it in Excel and save it again as "
                "Excel workbook (.xlsx), or export it as CSV"
            ),
            _describe(err),
        )

    def _check_archive(self, stream: io.BufferedIOBase, path: str) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except Exception as err:
            # zipfile raises BadZipFile, but also ValueError, EOFError,
            # OSError... for damaged archives.
            self._damaged_workbook(path, err)
            return False
        # zipfile stops at the declared size of each member, so the declared
        # total bounds what openpyxl can unpack.
        limit = self.max_bytes * _XLSX_MAX_EXPANSION
        if unpacked > limit:
            self.problem(
                path,
                None,
                None,
                _(
                    "the workbook unpacks to %d bytes, more than the limit of "
                    "%d: split it into several files or export it as CSV"
                ),
                unpacked,
                limit,
            )
            return False
        return True

    def _read_workbook(
        self, openpyxl: Any, stream: io.BufferedIOBase, path: str
    ) -> None:
        # openpyxl parses XML with defusedxml when it is installed (and the
        # OPENPYXL_DEFUSEDXML variable is not "False"), which refuses entity
        # expansion attacks in a hostile workbook.
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception as err:
            # openpyxl raises many kinds for a damaged workbook (BadZipFile,
            # InvalidFileException, KeyError, ValueError, XML errors, ...);
            # all of them mean the same to the author.
            self._damaged_workbook(path, err)
            return
        try:
            # Sheets whose header names none of the columns, not yet reported.
            unrelated: list[tuple[str, _Candidate]] = []
            recognised = reported = False
            for sheet in workbook.worksheets:
                name = str(sheet.title)
                try:
                    # The dimensions stored in the file may be wrong (some
                    # exporters write A1:A1); without this, read-only mode
                    # would silently stop at them.
                    sheet.reset_dimensions()
                    outcome = self.read_table(
                        _Table(path, name),
                        sheet.iter_rows(values_only=True),
                        report_unrelated=False,
                    )
                except Exception as err:
                    # Cells are parsed while iterating, so a damaged sheet
                    # fails here; the other sheets are still read.
                    self.problem(
                        path,
                        name,
                        None,
                        _(
                            "cannot read the sheet (%s): open the workbook in "
                            "Excel and save it again, or export the sheet as CSV"
                        ),
                        _describe(err),
                    )
                    reported = True
                    continue
                if isinstance(outcome, _Candidate):
                    unrelated.append((name, outcome))
                elif outcome == "read":
                    recognised = True
                elif outcome == "reported":
                    reported = True
            # A workbook commonly carries sheets that are not data (notes, a
            # pivot, a printed summary); they are skipped quietly.  When no
            # sheet at all could be read, though, the header is surely wrong.
            if not recognised:
                for name, candidate in unrelated:
                    self._report_header(_Table(path, name), candidate)
                if not unrelated and not reported:
                    self.problem(
                        path,
                        None,
                        None,
                        _(
                            "the workbook has no data: export the data again, "
                            "or remove it from keikaku_data_files"
                        ),
                    )
        finally:
            workbook.close()

    # -- tables --

    def read_table(
        self,
        table: _Table,
        rows: Iterable[Sequence[object] | _RowError],
        *,
        report_unrelated: bool,
    ) -> _Outcome:
        """Read one table (a CSV file or a sheet).

        Returns ``"read"`` when a header was recognised, ``"empty"`` for a
        table without a non-empty row, ``"reported"`` when its unrecognised
        header was reported, or, without *report_unrelated*, the best header
        candidate of a table that names none of the expected columns (left to
        the caller to report).
        """
        iterator = iter(rows)
        header: _Header | None = None
        candidates: list[_Candidate] = []
        for row_number, cells in enumerate(iterator, 1):
            if isinstance(cells, _RowError):
                self._row_error(table, row_number, cells)
                continue
            if not any(_cell_text(cell).strip() for cell in cells):
                continue
            candidate = _header_candidate(row_number, cells)
            found = candidate.header
            if found is not None:
                header = found
                self._report_header_columns(table, candidate)
                break
            candidates.append(candidate)
            if len(candidates) >= _HEADER_SCAN_ROWS:
                break
        if header is None:
            if not candidates:
                return "empty"
            # Two recognised columns make a row a header with a mistake in
            # it; a lone year may be any data row.  Without such a row the
            # first one is the header the author meant.
            best = max(candidates, key=lambda c: c.score)  # the first of the best
            if best.score < 2:
                best = candidates[0]
            if report_unrelated or best.score >= 2:
                # A sheet meant as data: the author must hear about it.
                self._report_header(table, best)
                return "reported"
            return best
        if header.shape == "long":
            self._read_long(table, header, iterator, row_number)
        else:
            self._read_wide(table, header, iterator, row_number)
        return "read"

    def _report_header(self, table: _Table, candidate: _Candidate) -> None:
        shown = ", ".join(c.strip() for c in candidate.cells if c.strip())
        if len(shown) > 200:
            shown = shown[:200] + "…"
        self.problem(
            table.path,
            table.sheet,
            candidate.row,
            _(
                "the header row is not recognised (%s; no column for %s): write "
                "either the long form with the columns id, fiscal_year, field, "
                "value, or the wide form with the columns id, field and one "
                "column per fiscal year (2023, 2024, … or R5, R6, …); Japanese "
                "names such as 事業ID, 年度, 項目, 値 also work"
            ),
            shown,
            ", ".join(candidate.missing()),
        )

    def _report_header_columns(self, table: _Table, candidate: _Candidate) -> None:
        for index, text, first in candidate.repeated:
            self.problem(
                table.path,
                table.sheet,
                candidate.row,
                _(
                    "column %s (%r) repeats column %s, so it is ignored: "
                    "remove one of the two"
                ),
                _column_letter(index),
                text,
                first,
            )
        if candidate.header is not None and candidate.header.shape == "wide":
            for index, text, error in candidate.yearish:
                self.problem(
                    table.path,
                    table.sheet,
                    candidate.row,
                    _(
                        "column %s (%r) is ignored: %s; "
                        "write the fiscal year alone, such as 2024 or R6"
                    ),
                    _column_letter(index),
                    text,
                    error,
                )

    def _read_long(
        self,
        table: _Table,
        header: _Header,
        rows: Iterator[Sequence[object] | _RowError],
        header_row: int,
    ) -> None:
        col_id = header.columns["id"]
        col_field = header.columns["field"]
        col_year = header.columns["fiscal_year"]
        col_value = header.columns["value"]
        for row_number, cells in enumerate(rows, header_row + 1):
            if isinstance(cells, _RowError):
                self._row_error(table, row_number, cells)
                continue
            value_cell = _get(cells, col_value)
            if _is_empty(_cell_text(value_cell)):
                # An empty value is a row prepared for a later year.
                continue
            id_text = _cell_text(_get(cells, col_id))
            field_text = _cell_text(_get(cells, col_field))
            if not id_text.strip() and not field_text.strip():
                # A total or a note, as in the wide form.
                continue
            year_text = _cell_text(_get(cells, col_year))
            object_id = self._object_id(table, row_number, id_text)
            field_name = self._field(table, row_number, field_text)
            year = self._year(table, row_number, year_text)
            if object_id is None or field_name is None or year is None:
                continue
            value = self._value(
                table, row_number, None, object_id, field_name, year, value_cell
            )
            if value is not None:
                self._add(table, row_number, object_id, field_name, year, value)

    def _read_wide(
        self,
        table: _Table,
        header: _Header,
        rows: Iterator[Sequence[object] | _RowError],
        header_row: int,
    ) -> None:
        col_id = header.columns["id"]
        col_field = header.columns["field"]
        years = sorted(header.years.items())
        for row_number, cells in enumerate(rows, header_row + 1):
            if isinstance(cells, _RowError):
                self._row_error(table, row_number, cells)
                continue
            filled = [
                (index, year, cell)
                for index, year in years
                if not _is_empty(_cell_text(cell := _get(cells, index)))
            ]
            if not filled:
                # Blank, a heading or a row prepared for later years.
                continue
            id_text = _cell_text(_get(cells, col_id))
            field_text = _cell_text(_get(cells, col_field))
            if not id_text.strip() and not field_text.strip():
                # Totals (合計) and subtotal rows carry numbers but name no
                # object; they are the spreadsheet's, not the plan's.
                continue
            object_id = self._object_id(table, row_number, id_text)
            field_name = self._field(table, row_number, field_text)
            if object_id is None or field_name is None:
                continue
            for index, year, cell in filled:
                value = self._value(
                    table, row_number, index, object_id, field_name, year, cell
                )
                if value is not None:
                    self._add(table, row_number, object_id, field_name, year, value)

    def _row_error(self, table: _Table, row_number: int, error: _RowError) -> None:
        self.problem(
            table.path,
            table.sheet,
            row_number,
            _("cannot read this row (%s): check its quotes"),
            error.reason,
        )

    # -- cells --

    def _object_id(self, table: _Table, row: int, text: str) -> str | None:
        result = self._ids.get(text)
        if result is None:
            try:
                result = check_id(text)
            except PlanValueError as err:
                result = err
            self._ids[text] = result
        if isinstance(result, PlanValueError):
            self.problem(table.path, table.sheet, row, "%s", result)
            return None
        return result

    def _field(self, table: _Table, row: int, text: str) -> str | None:
        if text in self._fields:
            name = self._fields[text]
        else:
            name = self._fields[text] = _FIELD_BY_KEY.get(_key(text))
        if name is None:
            if not text.strip():
                self.problem(
                    table.path,
                    table.sheet,
                    row,
                    _("the field is missing: write one of %s"),
                    _field_list(),
                )
            else:
                self.problem(
                    table.path,
                    table.sheet,
                    row,
                    _("unknown field %r: write one of %s"),
                    text.strip(),
                    _field_list(),
                )
        return name

    def _year(self, table: _Table, row: int, text: str) -> int | None:
        result = self._years.get(text)
        if result is None:
            try:
                result = parse_fiscal_year(text)
            except PlanValueError as err:
                result = err
            self._years[text] = result
        if isinstance(result, PlanValueError):
            self.problem(table.path, table.sheet, row, "%s", result)
            return None
        return result

    def _value(
        self,
        table: _Table,
        row: int,
        column: int | None,
        object_id: str,
        field_name: str,
        year: int,
        cell: object,
    ) -> Value | None:
        text = _cell_text(cell)
        try:
            return parse_value(text, allow_text=field_name not in NUMERIC_FIELDS)
        except PlanValueError as err:
            where = (
                ""
                if column is None
                else _msg(_("column %s (FY%d): "), _column_letter(column), year)
            )
            if field_name in NUMERIC_FIELDS:
                try:
                    parse_value(text, allow_text=True)
                except PlanValueError:
                    # Looks like a number but is not one: its own message
                    # says what is wrong with it.
                    pass
                else:
                    self.problem(
                        table.path,
                        table.sheet,
                        row,
                        _(
                            "%sthe %s of %s for FY%d must be a number, not %r: "
                            "write the amount in digits, such as 12,345"
                        ),
                        where,
                        field_name,
                        object_id,
                        year,
                        text.strip(),
                    )
                    return None
            self.problem(table.path, table.sheet, row, "%s%s", where, err)
            return None

    def _add(
        self,
        table: _Table,
        row: int,
        object_id: str,
        field_name: str,
        year: int,
        value: Value,
    ) -> None:
        record = DataRecord(
            object_id, field_name, year, value, table.path, row, table.sheet
        )
        key = (object_id, field_name, year)
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = record
            self.records.append(record)
            return
        if type(first.value) is type(value) and first.value == value:
            return  # the same value twice: harmless, keep one
        self.problem(
            table.path,
            table.sheet,
            row,
            _(
                "the %s of %s for FY%d is given again with a different value "
                "(%s here, %s at %s): keep one of the two"
            ),
            field_name,
            object_id,
            year,
            value,
            first.value,
            first.location,
        )


class _RowError:
    """A CSV record the csv module could not split (e.g. a huge field)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _csv_rows(text: str) -> Iterator[Sequence[object] | _RowError]:
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            # The reader resumes after the bad record; the error stands in
            # for it so that row numbers stay right.
            yield _RowError(str(err))
            continue
        yield row


def _describe(err: BaseException) -> str:
    """One short line naming what went wrong inside a library.

    openpyxl wraps the real cause (a defusedxml refusal, an XML syntax
    error) in a generic multi-line ValueError; the cause is what helps.
    """
    inner = err
    for _depth in range(5):
        cause = inner.__cause__ or inner.__context__
        if cause is None:
            break
        inner = cause
    lines = str(inner).strip().splitlines()
    text = f"{type(inner).__name__}: {lines[0]}" if lines else type(inner).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _get(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None
