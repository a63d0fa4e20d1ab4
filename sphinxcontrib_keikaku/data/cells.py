"""Cells as a spreadsheet user reads them, and the CSV rows they come in.

A cell arrives as openpyxl gives it (``None``, a number, a date, a text) or
as a CSV text; :func:`cell_text` turns every one into the text the author
sees in Excel, so that one reader serves both; :func:`sheet_rows` gives a
workbook's rows, with a formula saved without its value told from an empty
cell.  Pure: no Sphinx.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from typing import Any

from sphinxcontrib_keikaku.core.numbers import is_no_value
from sphinxcontrib_keikaku.core.texts import normalize

__all__ = [
    "RowError",
    "Uncomputed",
    "cell_text",
    "column_letter",
    "csv_rows",
    "describe",
    "float_text",
    "get",
    "holds_formula",
    "is_empty",
    "is_total",
    "key",
    "sheet_rows",
]

# Separators ignored when matching names, so that "Fiscal Year",
# "fiscal-year" and "fiscal_year" are one name.
_NAME_NOISE = re.compile(r"[\s_\-]+")


# What a total row (合計, 小計, Total) holds in its id column, as keys: the
# spreadsheet's sums, not plan objects, so they are skipped like blank rows.
_TOTAL_WORDS = frozenset(
    {"合計", "計", "小計", "総計", "累計", "total", "subtotal", "grandtotal"}
)


def key(text: str) -> str:
    """The form in which header names and field words are compared."""
    return _NAME_NOISE.sub("", normalize(text).casefold())


def is_total(text: str) -> bool:
    """Whether an id cell holds a total row's label (合計, 小計, Total)."""
    return len(text) <= 20 and key(text) in _TOTAL_WORDS


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Uncomputed:
    """A formula cell saved without its computed value.

    Excel stores the value of every formula beside it; a workbook written by
    a program (openpyxl, some exporters) may hold the formula alone.  keikaku
    never calculates formulas, so such a cell has no value to read: it reads
    as empty, and the readers report it where its value is used.
    """

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula


def cell_text(cell: object) -> str:
    """The text of a cell as a spreadsheet user would read it."""
    if cell is None or isinstance(cell, Uncomputed):
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
        return float_text(cell)
    if isinstance(cell, datetime | date | time | timedelta):
        return cell.isoformat() if not isinstance(cell, timedelta) else str(cell)
    return str(cell)


def float_text(number: float) -> str:
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


def is_empty(text: str) -> bool:
    """Whether a cell gives no value: the same rule as a directive's values."""
    return is_no_value(text)


class RowError:
    """A CSV record the csv module could not split (e.g. a huge field)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def csv_rows(text: str) -> Iterator[Sequence[object] | RowError]:
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            # The reader resumes after the bad record; the error stands in
            # for it so that row numbers stay right.
            yield RowError(str(err))
            continue
        yield row


def describe(err: BaseException) -> str:
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


def get(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


# The start of a formula element (<f> or <x:f ...>) in a sheet's XML.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def sheet_rows(sheet: Any, formula_sheet: Any) -> Iterator[Sequence[object]]:
    """The values of a workbook's sheet, row by row; with *formula_sheet*
    (the same sheet read for its formulas), a formula cell saved without its
    value is an :class:`Uncomputed` instead of an empty cell."""
    # The dimensions stored in the file may be wrong (some exporters write
    # A1:A1); without this, read-only mode would silently stop at them.
    sheet.reset_dimensions()
    values: Iterator[Sequence[object]] = sheet.iter_rows(values_only=True)
    if formula_sheet is None:
        yield from values
        return
    formula_sheet.reset_dimensions()
    formulas: Iterator[Sequence[object]] = formula_sheet.iter_rows(values_only=True)
    for row, written in zip_longest(values, formulas, fillvalue=()):
        if any(
            value is None and formula is not None
            for value, formula in zip_longest(row, written)
        ):
            row = tuple(
                Uncomputed(str(getattr(formula, "text", None) or formula))
                if value is None and formula is not None
                else value
                for value, formula in zip_longest(row, written)
            )
        yield row


def holds_formula(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the archive's member *info* (a sheet) holds a formula element,
    read in chunks so that a large sheet costs no memory."""
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False
