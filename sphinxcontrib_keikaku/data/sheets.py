"""One reading path for the sheets with one record per row.

Evaluation sheets (:mod:`.evaluation_sheets`) and any other sheet that a
department fills in row by row (opinion sheets, …) are read here, the way
data files are: the file by :func:`~.formats.read_tables` (encodings with
the row where one changes, size limits, damaged or oversized workbooks,
formulas), the header row by :class:`SheetColumns` (names in English or
Japanese, compared as :func:`~.cells.key` forms them), at most
``keikaku_data_error_limit`` problems a file (:class:`~.records.ErrorLimit`),
and an unchanged file kept between builds (:class:`~.cache.DataCache`).

A kind of sheet gives its columns and a :class:`RecordReader` subclass that
turns one row into a record (:meth:`RecordReader.read_row`); everything
else is said of every sheet alike:

- a header cell that is none of the columns but close to a column the
  sheet lacks (評価段落 for 評価段階) is a warning at its cell, naming the
  column meant: a column silently ignored loses a whole column of values;
- a header without a required column is an error at the header row that
  names the column, and the sheet's rows are not read;
- a sheet without a header row is an error at the sheet.

Pure: no Sphinx.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    ErrorLimit,
    location_text,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import shorten
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
from sphinxcontrib_keikaku.data.header import (
    HEADER_SCAN_ROWS,
    Candidate,
    misspelt_header,
    nearest_name,
)
from sphinxcontrib_keikaku.data.reader import Outcome, Table

__all__ = ["RecordReader", "SheetColumns", "read_sheets"]

#: A record read from a row (EvaluationRecord, …).
R = TypeVar("R")
#: The reader of a kind of sheet.
ReaderT = TypeVar("ReaderT", bound="RecordReader")


@dataclass(frozen=True)
class SheetColumns:
    """The columns of a kind of sheet: each column's header names, in the
    order messages show them (the first is how a message names it)."""

    names: Mapping[str, tuple[str, ...]]
    #: The columns without which no row can be read.
    required: tuple[str, ...]

    def shown(self, column: str) -> str:
        """How a message names *column*: ``of (対象)``."""
        names = self.names[column]
        japanese = [n for n in names if not n.isascii()]
        return f"{names[0]} ({japanese[0]})" if japanese else names[0]

    def column_of(self, text: str) -> str | None:
        """The column a header cell names, if any."""
        wanted = key(text)
        for column, names in self.names.items():
            if any(key(name) == wanted for name in names):
                return column
        return None

    def nearest(self, text: str, absent: Iterable[str]) -> tuple[str, str] | None:
        """(column, header name) of the *absent* columns that *text* is
        closest to, if it is close enough to be a misspelling of it."""
        return nearest_name(text, self.names, absent)


class RecordReader(ABC):
    """The records and findings of one sheet file of one record per row; a
    :class:`~.formats.TableReader`. A subclass reads a row
    (:meth:`read_row`) and names the columns (:attr:`columns`)."""

    columns: SheetColumns

    def __init__(self, path: str, error_limit: int = DEFAULT_ERROR_LIMIT) -> None:
        self.path = path
        self.limit = ErrorLimit(error_limit)
        self.findings: list[Finding] = []
        # Whether a table of the file was reported: the other sheets of a
        # workbook without a header are then not reported too.
        self._reported = False

    def finding(
        self,
        rule: Rule,
        sheet: str | None,
        row: int | None,
        text: str,
        *,
        warning: bool = False,
    ) -> Finding:
        return Finding(
            rule,
            f"{location_text(self.path, sheet, row)}: {text}",
            lineno=row,
            path=self.path,
            max_severity="warning" if warning else None,
        )

    def problem(
        self,
        sheet: str | None,
        row: int | None,
        message: str,
        *args: object,
        rule: Rule = Rule.DATA,
        warning: bool = False,
    ) -> None:
        """A problem of the file, unless over the limit (then counted); a
        *warning* does not fail the build whatever its rule."""
        if self.limit.admit(self.path, sheet, row, warning=warning):
            text = _msg(message, *args) if args else message
            self.findings.append(self.finding(rule, sheet, row, text, warning=warning))

    def finish(self) -> None:
        self.findings += self.limit.summary()

    @abstractmethod
    def read_row(
        self,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
        formulas: dict[int, Uncomputed],
    ) -> None:
        """Read the row *number* (*cells* stripped, *formulas* the cells
        saved without a value) under a header naming *columns*."""

    def no_header(self) -> str:
        """What to write when a table has no header row."""
        return _msg(
            _("no header row: put a header row naming the columns %s above the rows"),
            ", ".join(self.columns.shown(c) for c in self.columns.names),
        )

    def report_header(self, table: Table, candidate: Candidate) -> None:
        """A sheet without a header, in a workbook in which no sheet has one."""
        if not self._reported:
            self._reported = True
            self.problem(table.sheet, candidate.row, "%s", self.no_header())

    def read_table(
        self,
        table: Table,
        rows: Iterable[Sequence[object] | RowError],
        *,
        report_unrelated: bool,
    ) -> Outcome:
        """Read one table (a CSV file or a sheet). Its header is the first
        row naming a required column or two columns, among the first
        non-empty rows. A table without one is reported when it is the
        whole file (*report_unrelated*); otherwise (a workbook's notes) its
        first row is returned, for the workbook to report when no sheet has
        a header."""
        columns: dict[str, int] | None = None
        first: Candidate | None = None
        scanned = 0
        for number, row in enumerate(rows, 1):
            if isinstance(row, RowError):
                self.problem(
                    table.sheet,
                    number,
                    _("cannot read this row (%s): check its quotes"),
                    row.reason,
                )
                continue
            cells = [cell_text(c).strip() for c in row]
            if not any(cells) and not any(isinstance(c, Uncomputed) for c in row):
                continue
            if columns is None:
                if first is None:
                    first = Candidate(number, cells, {}, {}, [], [])
                columns = self._header(table, number, cells)
                if columns is None:
                    scanned += 1
                    if scanned >= HEADER_SCAN_ROWS:
                        break
                elif not columns:
                    return "reported"  # a required column missing: said
                continue
            formulas = {
                index: cell
                for index, cell in enumerate(row)
                if isinstance(cell, Uncomputed)
            }
            self.read_row(table.sheet, number, columns, cells, formulas)
        if columns is not None:
            return "read"
        if first is None:
            return "empty"
        if report_unrelated:
            self.report_header(table, first)
            return "reported"
        return first

    def _header(
        self, table: Table, number: int, cells: Sequence[str]
    ) -> dict[str, int] | None:
        """The columns of the header row *cells*; ``None`` when it is no
        header, and an empty mapping when it lacks a required column (said
        here). A repeated column and a misspelt one are reported at their
        cells."""
        spec = self.columns
        columns: dict[str, int] = {}
        repeated: list[tuple[int, int]] = []
        unknown: list[int] = []
        for index, text in enumerate(cells):
            if not text:
                continue
            column = spec.column_of(text)
            if column is None:
                unknown.append(index)
            elif column in columns:
                repeated.append((index, columns[column]))
            else:
                columns[column] = index
        if len(columns) < 2 and not set(spec.required) & columns.keys():
            return None
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
        absent = [c for c in spec.names if c not in columns]
        meant: dict[str, int] = {}
        for index in unknown:
            near = spec.nearest(cells[index], absent)
            if near is None:
                continue  # 備考, 担当課: the sheet's own columns
            meant.setdefault(near[0], index)
            self.problem(
                table.sheet,
                number,
                "%s",
                misspelt_header(index, number, cells[index], near[1]),
                warning=True,
            )
        missing = [c for c in spec.required if c not in columns]
        if missing:
            self.problem(
                table.sheet,
                number,
                _(
                    "the header row has no column %s, so no row of this "
                    "table is read: add the column (or correct its header)"
                ),
                ", ".join(spec.shown(c) for c in missing),
            )
            self._reported = True
            return {}
        return columns


def read_sheets(
    srcdir: Path,
    paths: Sequence[str],
    reader: Callable[[str], ReaderT],
    records: Callable[[ReaderT], list[R]],
    *,
    kind: type[R],
    texts: FileTexts,
    settings: tuple[object, ...] = (),
    max_bytes: int = 50_000_000,
    error_limit: int = DEFAULT_ERROR_LIMIT,
    cache_dir: Path | None = None,
) -> tuple[list[R], list[Finding]]:
    """The records of every sheet of *paths* and the problems of the files:
    *reader* makes the reader of a path, *records* gives what it read. With
    *cache_dir*, a sheet that has not changed (nor *settings*, the values
    that the reading depends on) is not read again."""
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        text = _msg(texts.unreadable(), err)
        return [], [Finding(Rule.DATA, f"{path}: {text}", path=path) for path in paths]
    cache = DataCache(cache_dir, kind)
    found: list[R] = []
    findings: list[Finding] = []
    for path in paths:

        def parse(path: str = path) -> tuple[list[R], list[Finding]]:
            sheet = reader(path)
            try:
                read_tables(sheet, root, path, max_bytes=max_bytes, texts=texts)
            except Exception as err:
                # a bug here costs this sheet, not the build
                sheet.problem(
                    None,
                    None,
                    _(
                        "cannot read the sheet (%s): open it in Excel and save "
                        "it again as .xlsx, or export it as CSV"
                    ),
                    describe(err),
                )
            sheet.finish()
            return records(sheet), sheet.findings

        parsed = cache.read(root, path, parse, max_bytes, error_limit, *settings)
        found += parsed[0]
        findings += parsed[1]
    return found, findings
