"""Reading the rows of one table (a CSV file or a sheet) into records.

The header row decides the shape (see :mod:`.header`); then every row is read
cell by cell.  Every problem becomes a :class:`~.findings.Finding` of rule
``keikaku.data`` naming the file, the sheet, the row and the fix; reading
goes on, so one bad cell never hides the rest of the file.  At most
``keikaku_data_error_limit`` problems are reported per file (see
:class:`~.records.ErrorLimit`).  Pure: no Sphinx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    DataRecord,
    ErrorLimit,
    location_text,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    Value,
    check_id,
    is_excel_error,
    parse_fiscal_year,
    parse_value,
    shorten,
)
from sphinxcontrib_keikaku.data.cells import (
    RowError,
    Uncomputed,
    cell_text,
    column_letter,
    get,
    is_empty,
    is_total,
    key,
)
from sphinxcontrib_keikaku.data.header import (
    FIELD_BY_KEY,
    HEADER_SCAN_ROWS,
    NUMERIC_FIELDS,
    Candidate,
    Header,
    field_list,
    header_candidate,
)

__all__ = ["FileReader", "Outcome", "Table", "conflict", "uncomputed"]

_T = TypeVar("_T")


@dataclass
class Table:
    """Where the rows being read come from, for records and messages."""

    path: str
    sheet: str | None


Outcome = Literal["read", "empty", "reported"] | Candidate


class FileReader:
    """Collects the records and findings of one data file."""

    def __init__(self, path: str, *, error_limit: int = DEFAULT_ERROR_LIMIT) -> None:
        self.path = path
        self.records: list[DataRecord] = []
        self.findings: list[Finding] = []
        self.limit = ErrorLimit(error_limit)
        # (id, field, year) → the record that first gave it.
        self.seen: dict[tuple[str, str, int], DataRecord] = {}
        # Parsing caches: ids, field words and years repeat on every row.
        self._ids: dict[str, str | PlanValueError] = {}
        self._fields: dict[str, str | None] = {}
        self._years: dict[str, int | PlanValueError] = {}

    # -- findings --

    def problem(
        self,
        sheet: str | None,
        row: int | None,
        message: str,
        *args: object,
        rule: Rule = Rule.DATA,
    ) -> None:
        """Report a problem of this file (unless over the limit: then count it)."""
        if not self.limit.admit(self.path, sheet, row):
            return
        text = _msg(message, *args)
        self.findings.append(
            Finding(
                rule,
                f"{location_text(self.path, sheet, row)}: {text}",
                path=self.path,
                lineno=row,
            )
        )

    def finish(self) -> None:
        """Add the count of the problems over the limit, once the file is read."""
        self.findings += self.limit.summary()

    # -- tables --

    def read_table(
        self,
        table: Table,
        rows: Iterable[Sequence[object] | RowError],
        *,
        report_unrelated: bool,
    ) -> Outcome:
        """Read one table (a CSV file or a sheet).

        Returns ``"read"`` when a header was recognised, ``"empty"`` for a
        table without a non-empty row, ``"reported"`` when its unrecognised
        header was reported, or, without *report_unrelated*, the best header
        candidate of a table that names none of the expected columns (left to
        the caller to report).
        """
        iterator = iter(rows)
        header: Header | None = None
        candidates: list[Candidate] = []
        for row_number, cells in enumerate(iterator, 1):
            if isinstance(cells, RowError):
                self._row_error(table, row_number, cells)
                continue
            if not any(cell_text(cell).strip() for cell in cells):
                continue
            candidate = header_candidate(row_number, cells)
            found = candidate.header
            if found is not None:
                header = found
                self._report_header_columns(table, candidate)
                break
            candidates.append(candidate)
            if len(candidates) >= HEADER_SCAN_ROWS:
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
                self.report_header(table, best)
                return "reported"
            return best
        if header.shape == "long":
            self._read_long(table, header, iterator, row_number)
        else:
            self._read_wide(table, header, iterator, row_number)
        return "read"

    def report_header(self, table: Table, candidate: Candidate) -> None:
        for text in candidate.misspellings():  # 数字 for 数値: the column meant
            self.problem(table.sheet, candidate.row, "%s", text)
        shown = ", ".join(c.strip() for c in candidate.cells if c.strip())
        if len(shown) > 200:
            shown = shown[:200] + "…"
        self.problem(
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

    def _report_header_columns(self, table: Table, candidate: Candidate) -> None:
        for index, text, first in candidate.repeated:
            self.problem(
                table.sheet,
                candidate.row,
                _(
                    "column %s (%r) repeats column %s, so it is ignored: "
                    "remove one of the two"
                ),
                column_letter(index),
                shorten(text),
                first,
            )
        if candidate.header is not None and candidate.header.shape == "wide":
            for index, text, error in candidate.yearish:
                self.problem(
                    table.sheet,
                    candidate.row,
                    _(
                        "column %s (%r) is ignored: %s; "
                        "write the fiscal year alone, such as 2024 or R6"
                    ),
                    column_letter(index),
                    shorten(text),
                    error,
                )

    def _read_long(
        self,
        table: Table,
        header: Header,
        rows: Iterator[Sequence[object] | RowError],
        header_row: int,
    ) -> None:
        col_id = header.columns["id"]
        col_field = header.columns["field"]
        col_year = header.columns["fiscal_year"]
        col_value = header.columns["value"]
        for row_number, cells in enumerate(rows, header_row + 1):
            if isinstance(cells, RowError):
                self._row_error(table, row_number, cells)
                continue
            self._uncomputed(
                table, row_number, cells, (col_id, col_field, col_year, col_value)
            )
            value_cell = get(cells, col_value)
            if is_empty(cell_text(value_cell)):
                # An empty value is a row prepared for a later year.
                continue
            id_text = cell_text(get(cells, col_id))
            field_text = cell_text(get(cells, col_field))
            if (not id_text.strip() and not field_text.strip()) or is_total(id_text):
                # A total or a note, as in the wide form.
                continue
            year_text = cell_text(get(cells, col_year))
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
        table: Table,
        header: Header,
        rows: Iterator[Sequence[object] | RowError],
        header_row: int,
    ) -> None:
        col_id = header.columns["id"]
        col_field = header.columns["field"]
        years = sorted(header.years.items())
        used = (col_id, col_field, *header.years)
        for row_number, cells in enumerate(rows, header_row + 1):
            if isinstance(cells, RowError):
                self._row_error(table, row_number, cells)
                continue
            self._uncomputed(table, row_number, cells, used)
            filled = [
                (index, year, cell)
                for index, year in years
                if not is_empty(cell_text(cell := get(cells, index)))
            ]
            if not filled:
                # Blank, a heading or a row prepared for later years.
                continue
            id_text = cell_text(get(cells, col_id))
            field_text = cell_text(get(cells, col_field))
            if (not id_text.strip() and not field_text.strip()) or is_total(id_text):
                # Totals (合計, 小計) carry numbers but name no object, or
                # name the total in the id column; they are the
                # spreadsheet's, not the plan's.
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

    def _uncomputed(
        self,
        table: Table,
        row: int,
        cells: Sequence[object],
        columns: Iterable[int],
    ) -> None:
        """Report the formulas without a computed value in *columns*: read
        as empty, they would drop a value without a word."""
        for index in columns:
            cell = get(cells, index)
            if isinstance(cell, Uncomputed):
                self.problem(table.sheet, row, "%s", uncomputed(index, cell))

    def _row_error(self, table: Table, row_number: int, error: RowError) -> None:
        self.problem(
            table.sheet,
            row_number,
            _("cannot read this row (%s): check its quotes"),
            error.reason,
        )

    # -- cells --

    def _parsed(
        self,
        table: Table,
        row: int,
        text: str,
        cache: dict[str, _T | PlanValueError],
        parse: Callable[[str], _T],
    ) -> _T | None:
        """*parse* of *text*, once a text; a problem (and ``None``) if it fails."""
        result = cache.get(text)
        if result is None:
            try:
                result = parse(text)
            except PlanValueError as err:
                result = err
            cache[text] = result
        if isinstance(result, PlanValueError):
            self.problem(table.sheet, row, "%s", result)
            return None
        return result

    def _object_id(self, table: Table, row: int, text: str) -> str | None:
        return self._parsed(table, row, text, self._ids, check_id)

    def _field(self, table: Table, row: int, text: str) -> str | None:
        if text in self._fields:
            name = self._fields[text]
        else:
            name = self._fields[text] = FIELD_BY_KEY.get(key(text))
        if name is None:
            if not text.strip():
                self.problem(
                    table.sheet,
                    row,
                    _("the field is missing: write one of %s"),
                    field_list(),
                )
            else:
                self.problem(
                    table.sheet,
                    row,
                    _("unknown field %r: write one of %s"),
                    shorten(text.strip()),
                    field_list(),
                )
        return name

    def _year(self, table: Table, row: int, text: str) -> int | None:
        return self._parsed(table, row, text, self._years, parse_fiscal_year)

    def _value(
        self,
        table: Table,
        row: int,
        column: int | None,
        object_id: str,
        field_name: str,
        year: int,
        cell: object,
    ) -> Value | None:
        text = cell_text(cell)
        if is_excel_error(text):
            where = (
                ""
                if column is None
                else _msg(_("column %s (FY%d): "), column_letter(column), year)
            )
            self.problem(
                table.sheet,
                row,
                _(
                    "%s%r is an Excel error value (a formula that failed), "
                    "not the %s of %s for FY%d: correct the formula in the "
                    "spreadsheet, or leave the cell empty"
                ),
                where,
                shorten(text.strip()),
                field_name,
                object_id,
                year,
                rule=Rule.VALUE,
            )
            return None
        try:
            return parse_value(text, allow_text=field_name not in NUMERIC_FIELDS)
        except PlanValueError as err:
            where = (
                ""
                if column is None
                else _msg(_("column %s (FY%d): "), column_letter(column), year)
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
                        shorten(text.strip()),
                    )
                    return None
            self.problem(table.sheet, row, "%s%s", where, err)
            return None

    def _add(
        self,
        table: Table,
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
        text = conflict(first, record)
        if text is not None:
            self.problem(table.sheet, row, "%s", text)


def uncomputed(index: int, cell: Uncomputed) -> str:
    """The message for a formula cell saved without its value."""
    return _msg(
        _(
            "cell %s holds the formula %r without a computed value, so it is "
            "read as empty: open and save the file in Excel, which stores the "
            "value (keikaku never calculates formulas)"
        ),
        column_letter(index),
        shorten(cell.formula),
    )


def conflict(first: DataRecord, record: DataRecord) -> str | None:
    """What is wrong with *record* giving the (id, field, year) of *first*
    again, or ``None`` when it gives the same value (harmless: one is kept)."""
    if type(first.value) is type(record.value) and first.value == record.value:
        return None
    return _msg(
        _(
            "the %s of %s for FY%d is given again with a different value "
            "(%s here, %s at %s): keep one of the two"
        ),
        record.field,
        record.object_id,
        record.year,
        shorten(str(record.value)),
        shorten(str(first.value)),
        first.location,
    )
