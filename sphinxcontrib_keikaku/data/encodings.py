"""Telling the encoding of a CSV file, and where a mixed file breaks.

Japanese offices send CSV files in UTF-8 (Excel's "CSV UTF-8", often with a
BOM) or in Shift_JIS/cp932 (Excel's plain "CSV").  Japanese text in cp932 is
practically never valid UTF-8, so UTF-8 is tried first.  A file pasted
together from two exports may hold both; decoding it whole in either
encoding would turn the other part into mojibake and blame rows that are
fine, so the row where the encoding changes is found instead.  Pure: no
Sphinx.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["EncodingBreak", "decode"]

_UTF8 = "UTF-8"
_SJIS = "Shift_JIS"
_CODECS = MappingProxyType({_UTF8: "utf-8-sig", _SJIS: "cp932"})


@dataclass(frozen=True)
class EncodingBreak:
    """A file whose rows change encoding at *row*."""

    #: The 1-based row (as the CSV reader counts them) where it changes.
    row: int
    #: The encoding of the rows above (``UTF-8`` or ``Shift_JIS``).
    before: str
    #: The encoding of this row.
    here: str


def decode(data: bytes) -> str | EncodingBreak | None:
    """The text of *data*; where the encoding changes in a mixed file; or
    ``None`` when it is neither UTF-8 nor Shift_JIS."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    found = _break(data)
    if found is not None:
        return found
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        return None


def _encoding_of(line: bytes) -> str | None:
    """The encoding of one line with non-ASCII bytes, or ``None``."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _UTF8
    try:
        line.decode("cp932")
    except UnicodeDecodeError:
        return None
    return _SJIS


def _break(data: bytes) -> EncodingBreak | None:
    """The first line whose encoding differs from the first non-ASCII line's."""
    first: str | None = None
    offset = 0
    for line in data.split(b"\n"):
        if not line.isascii():
            encoding = _encoding_of(line)
            if encoding is not None:
                if first is None:
                    first = encoding
                elif encoding != first:
                    return EncodingBreak(_row_at(data, offset, first), first, encoding)
        offset += len(line) + 1
    return None


def _row_at(data: bytes, offset: int, encoding: str) -> int:
    """The CSV row that starts at byte *offset*: a quoted cell may hold line
    breaks, so the rows above are counted as the reader counts them."""
    try:
        above = data[:offset].decode(_CODECS[encoding])
        return sum(1 for _row in csv.reader(io.StringIO(above, newline=""))) + 1
    except (UnicodeDecodeError, csv.Error):
        return data.count(b"\n", 0, offset) + 1
