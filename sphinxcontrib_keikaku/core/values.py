"""Reading and writing the values a plan author types into directive options.

Plan values come from people and from spreadsheets: fiscal years in Western
or Japanese-era form (``2025``, ``R7``, ``令和7年度``), numbers with
thousands separators, full-width digits or the accounting minus ``△``,
year–value lists (``2025: 19, 2027: 21``), periods (``R6-R9``), directions
(``up`` / ``増加``) and object ids.

The parsers of single fiscal years and numbers live in :mod:`.years` and
:mod:`.numbers`; every name is importable from here, as it always was.

Everything here is pure: no Sphinx state, only the message catalog. Every
parser raises :class:`PlanValueError` and nothing else for any ``str`` input,
so a directive can turn a bad value into a ``keikaku.value`` warning without
guarding against surprises. The error text is a complete sentence for the
author: what could not be read and how to write it instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from types import MappingProxyType
from typing import Literal

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.numbers import (
    Value,
    format_number,
    format_value,
    is_excel_error,
    is_no_value,
    parse_number,
    parse_value,
)
from sphinxcontrib_keikaku.core.texts import PlanValueError, normalize, shorten
from sphinxcontrib_keikaku.core.texts import error as _error
from sphinxcontrib_keikaku.core.years import (
    YEAR_TOKEN,
    YearStyle,
    format_fiscal_year,
    format_period,
    is_year_token,
    parse_fiscal_year,
)

__all__ = [
    "ID_PATTERN",
    "Direction",
    "PlanValueError",
    "Value",
    "YearStyle",
    "check_id",
    "format_fiscal_year",
    "format_number",
    "format_period",
    "format_value",
    "is_excel_error",
    "is_no_value",
    "normalize",
    "parse_direction",
    "parse_fiscal_year",
    "parse_id_list",
    "parse_number",
    "parse_period",
    "parse_value",
    "parse_year_value",
    "parse_year_values",
    "read_year_values",
    "shorten",
    "split_year_values",
]

Direction = Literal["up", "down", "keep"]

#: A valid object id. ``\Z`` rather than ``$`` so that a trailing newline is
#: not accepted as part of an id.
ID_PATTERN: re.Pattern[str] = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")


# --- year–value lists ------------------------------------------------------

# Every character whose NFKC form is one of , 、 ; : or a line break, so that
# full-width and small-form punctuation split lists like the ASCII forms.
_SEPARATOR_CHARS = (
    ",\ufe10\ufe50\uff0c"  # ,
    "、\ufe11\ufe51\uff64"  # 、
    ";\u037e\ufe14\ufe54\uff1b"  # ;
    "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # line breaks
)
_COLON_CHARS = ":\ufe13\ufe55\uff1a"
_SEPARATOR = re.compile("[" + re.escape(_SEPARATOR_CHARS) + "]")
_COLON = re.compile("[" + re.escape(_COLON_CHARS) + "]")
_PAIR_EXAMPLE = "2025: 19, 2027: 21"
_RUN_ON_PAIR = re.compile(rf"(?:^|\s){YEAR_TOKEN}\s*:", re.IGNORECASE)


def _strip_junk(text: str) -> str:
    # Trailing commas and blank lines ("2025: 19,\n2027: 21,") are common in
    # hand-edited lists and carry no meaning. A plain loop, not a regex, so
    # long whitespace runs cannot make this quadratic.
    start, end = 0, len(text)
    while end > start and (
        text[end - 1].isspace() or text[end - 1] in _SEPARATOR_CHARS
    ):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in _SEPARATOR_CHARS):
        start += 1
    return text[start:end]


def _pieces(text: str) -> list[tuple[str, str] | PlanValueError]:
    """The pairs of a year–value list, each as written or as the error that
    makes it unreadable; an error for the whole text is raised."""
    body = _strip_junk(text)
    if not body:
        raise _error(
            _("no 'year: value' pair given: write pairs such as %s"), _PAIR_EXAMPLE
        )
    colons = [m.start() for m in _COLON.finditer(body)]
    if not colons:
        raise _error(
            _("%r has no 'year: value' pair: write pairs such as %s"),
            shorten(text.strip()),
            _PAIR_EXAMPLE,
        )
    separators = [m.start() for m in _SEPARATOR.finditer(body)]
    starts = [0]
    for k, sep in enumerate(separators):
        i = bisect_right(colons, sep)
        if i == len(colons):
            break
        colon = colons[i]
        # With another separator before the colon, that later separator is
        # the only candidate boundary; skipping here keeps the scan linear.
        if k + 1 < len(separators) and separators[k + 1] < colon:
            continue
        if is_year_token(body[sep + 1 : colon]):
            starts.append(sep + 1)
    pieces: list[tuple[str, str] | PlanValueError] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(body)
        pieces.append(_piece(body[start:end]))
    return pieces


def _piece(piece: str) -> tuple[str, str] | PlanValueError:
    found = _COLON.search(piece)
    if found is None:
        return _error(
            _("%r has no colon: write each pair as year: value, such as %s"),
            shorten(piece.strip()),
            _PAIR_EXAMPLE,
        )
    year = piece[: found.start()].strip()
    value = _strip_junk(piece[found.end() :])
    if not year:
        return _error(
            _("%r has no year before the colon: write pairs such as %s"),
            shorten(piece.strip()),
            _PAIR_EXAMPLE,
        )
    if not value:
        return _error(
            _("%r has no value after the colon: write pairs such as %s"),
            shorten(piece.strip()),
            _PAIR_EXAMPLE,
        )
    if _RUN_ON_PAIR.search(normalize(value)):
        # Without this, "19 2027: 21" would pass as a qualitative text.
        return _error(
            _("%r holds more than one pair: separate pairs with commas, such as %s"),
            shorten(piece.strip()),
            _PAIR_EXAMPLE,
        )
    return year, value


def split_year_values(text: str) -> list[tuple[str, str]]:
    """Split ``"2025: 19, 2027: 21"`` into ``[("2025", "19"), ("2027", "21")]``
    without parsing either part.

    Commas also group digits (``2024: 12,345, 2025: 12,000``), so a new pair
    starts only where a separator (``,`` ``、`` ``;`` or a line break, in any
    width) is followed by a year and a colon. The parts are returned as
    written, stripped.  The first unreadable pair raises.
    """
    pairs: list[tuple[str, str]] = []
    for piece in _pieces(text):
        if isinstance(piece, PlanValueError):
            raise piece
        pairs.append(piece)
    return pairs


def read_year_values(
    text: str, *, allow_text: bool = False
) -> tuple[dict[int, Value], list[PlanValueError]]:
    """Read a year–value list as far as it can be read.

    Returns the readable pairs as ``{fiscal year: value}``, sorted by year,
    and one error for each pair that cannot be read (or, when nothing in
    *text* is a pair, the one error saying so), so that a directive keeps
    ``2024: 100, 2026: 300`` of ``2024: 100, 2025: x, 2026: 300`` and
    reports ``2025: x`` alone.  A year given twice keeps its first value.
    A value that is only a dash (``2025: －``) means no value, as in a data
    file's cell (:func:`~.numbers.is_no_value`): the year is left out.
    """
    try:
        pieces = _pieces(text)
    except PlanValueError as err:
        return {}, [err]
    values: dict[int, Value] = {}
    spelled: dict[int, str] = {}
    errors: list[PlanValueError] = []
    for piece in pieces:
        if isinstance(piece, PlanValueError):
            errors.append(piece)
            continue
        year_text, value_text = piece
        try:
            year = parse_fiscal_year(year_text)
            if year in values:
                raise _error(
                    _("fiscal year %d is given twice (%r and %r): give each year once"),
                    year,
                    shorten(spelled[year]),
                    shorten(year_text),
                )
            if is_no_value(value_text):
                continue  # no value yet, as a dash in a data file's cell
            values[year] = parse_value(value_text, allow_text=allow_text)
        except PlanValueError as err:
            errors.append(err)
            continue
        spelled[year] = year_text
    return dict(sorted(values.items())), errors


def parse_year_values(text: str, *, allow_text: bool = False) -> dict[int, Value]:
    """Parse a year–value list into ``{fiscal year: value}``, sorted by year;
    the first unreadable pair raises (see :func:`read_year_values`)."""
    values, errors = read_year_values(text, allow_text=allow_text)
    if errors:
        raise errors[0]
    return values


def parse_year_value(text: str, *, allow_text: bool = False) -> tuple[int, Value]:
    """Parse exactly one ``year: value`` pair (as used by ``:baseline:``)."""
    values = parse_year_values(text, allow_text=allow_text)
    if len(values) != 1:
        raise _error(
            _("%r gives %d years: write exactly one pair such as 2023: 16"),
            shorten(text.strip()),
            len(values),
        )
    return next(iter(values.items()))


# --- periods ---------------------------------------------------------------

# Year tokens contain no dash, so the dash between them cannot be mistaken
# for a minus sign.
_PERIOD = re.compile(
    rf"(?P<start>{YEAR_TOKEN})\s*[-~〜–—―−‐‑‒]\s*(?P<end>{YEAR_TOKEN})",
    re.IGNORECASE,
)


def parse_period(text: str) -> tuple[int, int]:
    """Parse ``2024-2027`` / ``R6-R9`` / ``令和6年度～令和9年度`` into the
    inclusive ``(start, end)`` fiscal years."""
    raw = shorten(text.strip())  # for messages only
    m = _PERIOD.fullmatch(normalize(text))
    if m is None:
        raise _error(
            _(
                "cannot read %r as a period: write two fiscal years joined by "
                "a dash or a tilde, such as 2024-2027 or R6-R9"
            ),
            raw,
        )
    start = parse_fiscal_year(m.group("start"))
    end = parse_fiscal_year(m.group("end"))
    if start > end:
        raise _error(
            _("the period %r ends before it starts: write the earlier year first"),
            raw,
        )
    return start, end


# --- directions ------------------------------------------------------------

DIRECTION_WORDS: MappingProxyType[str, Direction] = MappingProxyType(
    {
        **dict.fromkeys(
            ["up", "increase", "higher", "増加", "増", "上昇", "向上", "拡大"], "up"
        ),
        **dict.fromkeys(
            ["down", "decrease", "lower", "減少", "減", "低下", "削減", "縮小"], "down"
        ),
        **dict.fromkeys(["keep", "maintain", "維持", "現状維持"], "keep"),
    }
)


def parse_direction(text: str) -> Direction:
    """Return ``"up"``, ``"down"`` or ``"keep"`` for an English or Japanese word."""
    direction = DIRECTION_WORDS.get(normalize(text).casefold())
    if direction is None:
        raise _error(
            _("unknown direction %r: write one of %s"),
            shorten(text.strip()),
            ", ".join(DIRECTION_WORDS),
        )
    return direction


# --- ids -------------------------------------------------------------------

_ID_SEPARATOR = re.compile(r"[\s,、;]+")


def parse_id_list(text: str) -> list[str]:
    """Split ``"V1, V1-2"`` (or ``、``/space separated) into ids, keeping the
    first occurrence of each. The ids are not validated; see :func:`check_id`.
    """
    return list(dict.fromkeys(p for p in _ID_SEPARATOR.split(normalize(text)) if p))


#: Ids are labels people type and read; a longer one is a mistake (and very
#: long digit runs break sphinx-needs' natural sort of ids).
MAX_ID_LENGTH = 100


def check_id(text: str) -> str:
    """Return the id written in ``text`` (stripped, full-width folded to ASCII)."""
    s = normalize(text)
    if not s:
        raise _error(_("an id is missing: write one such as M1-2-3"))
    if len(s) > MAX_ID_LENGTH:
        raise _error(
            _("an id of %d characters is too long: use at most %d"),
            len(s),
            MAX_ID_LENGTH,
        )
    if ID_PATTERN.fullmatch(s) is None:
        raise _error(
            _(
                "%r is not a valid id: use ASCII letters, digits, '-', '_' and '.', "
                "starting with a letter or digit, such as M1-2-3"
            ),
            shorten(text.strip()),
        )
    return s
