"""The names a data file may use, and finding its header row.

Column names and field words are matched after NFKC normalisation, ignoring
case, spaces, ``_`` and ``-``, in English or Japanese.  A header row decides
the table's shape: the long form (``id, fiscal_year, field, value``) or the
wide form (``id, field`` and one column per fiscal year).  Pure: no Sphinx.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeVar

from sphinxcontrib_keikaku.core.funding import FUNDING_FIELDS, SOURCES
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.staffcost import STAFF_FIELDS
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    normalize,
    parse_fiscal_year,
    shorten,
)
from sphinxcontrib_keikaku.data.cells import cell_text, column_letter, key

__all__ = [
    "FIELDS",
    "FIELD_ALIASES",
    "FIELD_BY_KEY",
    "HEADER_ALIASES",
    "HEADER_SCAN_ROWS",
    "NUMERIC_FIELDS",
    "Candidate",
    "Column",
    "Header",
    "field_list",
    "header_candidate",
    "misspelt_header",
    "nearest_name",
]

#: The fields a data file can give, in the order they are shown.
FIELDS: tuple[str, ...] = (
    "baseline",
    "target",
    "actual",
    "estimate",
    "budget",
    "settlement",
    "plan",
    *FUNDING_FIELDS,
    *STAFF_FIELDS,
)

#: Fields that are amounts (of money, or staff time): a text such as 未定 is
#: an error for them.
NUMERIC_FIELDS: frozenset[str] = frozenset(
    {"budget", "settlement", "plan", *FUNDING_FIELDS, *STAFF_FIELDS}
)

#: Field words accepted in a field cell (matched like header names).
FIELD_ALIASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        # 現状値 is how most 総合計画 KPI tables label the baseline.
        "baseline": ("baseline", "基準", "基準値", "現状値"),
        "target": ("target", "目標", "目標値"),
        "actual": ("actual", "実績", "実績値"),
        "estimate": ("estimate", "見込", "見込み", "見込値", "見込み値"),
        "budget": ("budget", "予算", "当初予算", "予算額", "当初予算額"),
        "settlement": ("settlement", "決算", "決算額"),
        # 計画額 of the rolling implementation plan (実施計画)
        "plan": ("plan", "計画", "計画額", "実施計画額", "計画事業費"),
        **{s.field: (s.field, s.label_en, *s.aliases) for s in SOURCES},
        # staff time as a 事務事業評価 sheet heads it
        "staff": ("staff", "persons", "従事人数", "正規職員従事人数", "職員従事人数"),
        "hours": ("hours", "延べ業務時間", "業務時間", "延べ従事時間", "従事時間"),
    }
)

# The words shown in messages: the English name and its usual Japanese label.
_FIELD_SHOWN: MappingProxyType[str, str] = MappingProxyType(
    {
        "baseline": "基準値",
        "target": "目標値",
        "actual": "実績値",
        "estimate": "見込値",
        "budget": "予算額",
        "settlement": "決算額",
        "plan": "計画額",
        **{s.field: s.label_ja for s in SOURCES},
        "staff": "従事人数",
        "hours": "延べ業務時間",
    }
)

Column = Literal["id", "fiscal_year", "field", "value"]

#: Column names accepted in a header row.  No bare コード or 番号: in a
#: budget export those are the accounting system's codes, not plan ids.
HEADER_ALIASES: MappingProxyType[Column, tuple[str, ...]] = MappingProxyType(
    {
        "id": ("id", "object_id", "識別子", "事業ID", "指標ID", "施策ID"),
        "fiscal_year": ("fiscal_year", "year", "FY", "年度"),
        "field": ("field", "項目", "区分", "種別"),
        "value": ("value", "値", "数値"),
    }
)

# How many non-empty rows may stand above the header (a title, a date, a
# unit note) before a table is declared to have no recognisable header.
HEADER_SCAN_ROWS = 10

# A header cell that starts like a fiscal year (2024年, R6見込, H32): in the
# wide form such a column is probably a year the author wanted read.  Four
# digits or an era are required, so that 4月 or 1位 are not taken for years.
_YEARISH = re.compile(
    r"(?:fy\s*)?[0-9]{4}|(?:令和|平成|昭和|[rhs])\s*[0-9元]", re.IGNORECASE
)

FIELD_BY_KEY: MappingProxyType[str, str] = MappingProxyType(
    {key(alias): name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
)
COLUMN_BY_KEY: MappingProxyType[str, Column] = MappingProxyType(
    {key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
)


#: A column of a kind of sheet (a data file's Column, an evaluation sheet's name).
_K = TypeVar("_K", bound=str)

# How close an unknown header must be to a column's name to be taken for
# it (difflib's ratio): 所感 for 所見, 方向 for 方向性 and 数字 for 数値 are;
# 備考 and 担当課 are close to nothing.
_CLOSE = 0.5


def nearest_name(
    text: str, names: Mapping[_K, Sequence[str]], absent: Iterable[_K]
) -> tuple[_K, str] | None:
    """(column, header name) of the *absent* columns of *names* that the
    header cell *text* is closest to, if close enough to be a misspelling.

    >>> nearest_name("評価段落", {"stage": ("stage", "評価段階")}, ["stage"])
    ('stage', '評価段階')
    """
    by_key = {key(name): (column, name) for column in absent for name in names[column]}
    close = difflib.get_close_matches(key(text), list(by_key), n=1, cutoff=_CLOSE)
    return by_key[close[0]] if close else None


def misspelt_header(index: int, row: int, text: str, meant: str) -> str:
    """The message for the header cell *text* (column *index*, row *row*)
    that names no column but looks like *meant*: the same for every kind
    of sheet."""
    return _msg(
        _(
            "cell %s%d (%r) is not a column keikaku reads, so the column is "
            "ignored: did you mean %s? Correct the header"
        ),
        column_letter(index),
        row,
        shorten(text),
        meant,
    )


def field_list() -> str:
    """The field words, as a message lists them."""
    return ", ".join(f"{name} ({label})" for name, label in _FIELD_SHOWN.items())


@dataclass
class Header:
    """The columns of a recognised table."""

    shape: Literal["long", "wide"]
    columns: dict[Column, int]
    #: Wide form: column index → fiscal year.
    years: dict[int, int] = field(default_factory=dict)


@dataclass
class Candidate:
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
    def header(self) -> Header | None:
        have = self.columns.keys()
        if {"id", "fiscal_year", "field", "value"} <= have:
            return Header("long", self.columns)
        if {"id", "field"} <= have and self.years:
            return Header("wide", self.columns, self.years)
        return None

    def unknown(self) -> list[tuple[int, str]]:
        """(column index, text) of the cells that name no column and no year."""
        known = {*self.columns.values(), *self.years}
        known.update(i for i, _t, _e in self.yearish)
        return [
            (index, text.strip())
            for index, text in enumerate(self.cells)
            if text.strip() and index not in known
        ]

    def misspellings(self) -> list[str]:
        """The messages for the cells that name no column but look like one
        the row lacks (年 for 年度), in a row with a mistake in it (two
        columns named): 年齢 in a table of names is no misspelt 年度."""
        if self.score < 2:
            return []
        absent = [c for c in HEADER_ALIASES if c not in self.columns]
        found: list[str] = []
        for index, text in self.unknown():
            near = nearest_name(text, HEADER_ALIASES, absent)
            if near is not None:
                found.append(misspelt_header(index, self.row, text, near[1]))
        return found

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


def header_candidate(row_number: int, cells: Sequence[object]) -> Candidate:
    """What the row *cells* would be as a header."""
    texts = [cell_text(cell) for cell in cells]
    columns: dict[Column, int] = {}
    years: dict[int, int] = {}
    year_columns: dict[int, int] = {}
    repeated: list[tuple[int, str, str]] = []
    yearish: list[tuple[int, str, str]] = []
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        column = COLUMN_BY_KEY.get(key(text))
        if column is not None:
            if column in columns:
                repeated.append((index, text.strip(), column_letter(columns[column])))
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
            repeated.append((index, text.strip(), column_letter(year_columns[year])))
        else:
            year_columns[year] = index
            years[index] = year
    return Candidate(row_number, texts, columns, years, repeated, yearish)
