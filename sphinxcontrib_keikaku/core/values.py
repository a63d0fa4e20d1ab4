"""Reading and writing the values a plan author types into directive options.

Plan values come from people and from spreadsheets: fiscal years in Western
or Japanese-era form (``2025``, ``R7``, ``令和7年度``), numbers with
thousands separators, full-width digits or the accounting minus ``△``,
year–value lists (``2025: 19, 2027: 21``), periods (``R6-R9``), directions
(``up`` / ``増加``) and object ids.

Everything here is pure: no Sphinx state, only the message catalog. Every
parser raises :class:`PlanValueError` and nothing else for any ``str`` input,
so a directive can turn a bad value into a ``keikaku.value`` warning without
guarding against surprises. The error text is a complete sentence for the
author: what could not be read and how to write it instead.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Literal

from sphinxcontrib_keikaku.core.i18n import _, message

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
    "normalize",
    "parse_direction",
    "parse_fiscal_year",
    "parse_id_list",
    "parse_number",
    "parse_period",
    "parse_value",
    "parse_year_value",
    "parse_year_values",
    "split_year_values",
]

Direction = Literal["up", "down", "keep"]

#: A number, or a qualitative text such as ``設置`` / ``策定``.
Value = Decimal | str

YearStyle = Literal["western", "era"]

#: A valid object id. ``\Z`` rather than ``$`` so that a trailing newline is
#: not accepted as part of an id.
ID_PATTERN: re.Pattern[str] = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")


class PlanValueError(ValueError):
    """A value that cannot be read; ``str(err)`` is a complete, user-facing message."""


def _error(text: str, *args: object) -> PlanValueError:
    return PlanValueError(message(text, *args))


# --- normalization ---------------------------------------------------------


def normalize(text: str) -> str:
    """Return ``text`` in NFKC form (full-width digits, letters and punctuation
    become half-width), without surrounding whitespace.

    ``△`` and ``▲`` (the Japanese accounting minus) are not compatibility
    characters, so NFKC leaves them as they are.
    """
    if text.isascii():
        # Most values are plain ASCII; skip the Unicode tables for them.
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


# --- fiscal years ----------------------------------------------------------

_MIN_YEAR = 1900
_MAX_YEAR = 2200

_ERA_NAMES = {
    "令和": "R",
    "平成": "H",
    "昭和": "S",
    "r": "R",
    "h": "H",
    "s": "S",
}
# (kanji name, first Gregorian year, last valid era year or None).
_ERAS: dict[str, tuple[str, int, int | None]] = {
    "R": ("令和", 2019, None),
    "H": ("平成", 1989, 31),
    "S": ("昭和", 1926, 64),
}

_WESTERN_YEAR = re.compile(r"(?:FY\s*)?(?P<year>[0-9]+)(?:\s*年度)?", re.IGNORECASE)
_ERA_YEAR = re.compile(
    r"(?P<era>令和|平成|昭和|[RHS])\s*(?P<year>[0-9]+|元)(?:\s*年度)?", re.IGNORECASE
)
# The shape of a year, used where years must be found inside longer text.
_YEAR_TOKEN = (
    r"(?:(?:FY\s*)?[0-9]+|(?:令和|平成|昭和|[RHS])\s*(?:[0-9]+|元))(?:\s*年度)?"
)
_YEAR_TOKEN_RE = re.compile(_YEAR_TOKEN, re.IGNORECASE)


def _check_year_range(year: int, text: str) -> int:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _error(
            _("fiscal year %r is out of range: write a year between %d and %d"),
            text,
            _MIN_YEAR,
            _MAX_YEAR,
        )
    return year


def parse_fiscal_year(text: str) -> int:
    """Return the Gregorian year in which the fiscal year ``text`` starts.

    Fiscal years start in April, so ``令和7年度`` and ``FY2025`` are both
    2025. Accepted: ``2025``, ``FY2025``, ``2025年度``, ``R7``, ``R07``,
    ``令和7年度``, ``令和元年度``, ``H28``, ``平成28年度``, ``S63``, in half-
    or full-width characters.
    """
    raw = text.strip()
    s = normalize(text)
    if not s:
        raise _error(
            _(
                "a fiscal year is missing: "
                "write a year such as 2025, FY2025, R7 or 令和7年度"
            )
        )
    m = _WESTERN_YEAR.fullmatch(s)
    if m:
        digits = m.group("year").lstrip("0")
        # Checking the length first keeps int() away from absurdly long
        # digit strings, which it refuses to convert.
        if len(digits) > 4:
            return _check_year_range(_MAX_YEAR + 1, raw)
        return _check_year_range(int(digits or "0"), raw)
    m = _ERA_YEAR.fullmatch(s)
    if m:
        letter = _ERA_NAMES.get(m.group("era").casefold())
        if letter is None:  # pragma: no cover - the pattern only admits known eras
            raise _error(_("cannot read %r as a fiscal year"), raw)
        name, first, last = _ERAS[letter]
        year_text = m.group("year")
        if year_text == "元":
            era_year = 1
        else:
            digits = year_text.lstrip("0")
            if len(digits) > 3:
                return _check_year_range(_MAX_YEAR + 1, raw)
            era_year = int(digits or "0")
        if era_year == 0:
            raise _error(
                _(
                    "%r has era year 0: "
                    "era years start at 1 (元), as in 令和元年度 or R1"
                ),
                raw,
            )
        if last is not None and era_year > last:
            raise _error(
                _(
                    "%r does not exist: %s (%s) ended in its year %d; "
                    "write the year in the next era or as a Western year such as %d"
                ),
                raw,
                name,
                letter,
                last,
                first + era_year - 1,
            )
        return _check_year_range(first + era_year - 1, raw)
    raise _error(
        _(
            "cannot read %r as a fiscal year: "
            "write a year such as 2025, FY2025, R7 or 令和7年度"
        ),
        raw,
    )


# --- numbers ---------------------------------------------------------------

# These patterns are written so that no two adjacent parts can match the
# same character: the project supports Python 3.10 (no possessive
# quantifiers), and overlapping repeats backtrack quadratically on long runs
# of digits or spaces from a spreadsheet. A digit is required separately.
_NUMBER = re.compile(
    r"(?P<sign>[-+−△▲])?\s*"
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?"
)
_NONFINITE = re.compile(r"[-+−]?\s*(?:s?nan|inf|infinity)", re.IGNORECASE)
_EXPONENT = re.compile(
    r"[-+−△▲]?\s*[0-9][0-9,]*(?:\.[0-9]*)?e[-+−]?[0-9]+", re.IGNORECASE
)
_BAD_GROUPING = re.compile(r"[-+−△▲]?\s*[0-9,]+(?:\.[0-9]+)?")
# Anything built from digits, signs, separators and a trailing % is an
# attempt at a number, never a qualitative target such as 設置.
_LOOKS_NUMERIC = re.compile(
    r"[-+−△▲]?(?P<mantissa>[0-9.,\s]*)(?:e[-+−]?[0-9]*)?%?", re.IGNORECASE
)
_DIGIT = re.compile(r"[0-9]")
_MAX_INTEGER_DIGITS = 15  # |value| < 10**15


def parse_number(text: str) -> Decimal:
    """Return the number written in ``text``, exactly as written.

    Accepts ``1234``, ``1,234``, ``12.5``, ``-3``, ``+3``, ``−3``, full-width
    ``１，２３４``, and ``△3`` / ``▲3`` for ``-3``.
    """
    raw = text.strip()
    s = normalize(text)
    if not s:
        raise _error(
            _("a number is missing: write one such as 1234, 1,234, 12.5 or △3")
        )
    m = _NUMBER.fullmatch(s)
    if m:
        integer = m.group("int").replace(",", "")
        if len(integer.lstrip("0")) > _MAX_INTEGER_DIGITS:
            raise _error(
                _(
                    "%r is too large: "
                    "numbers must be smaller than 10^15 in absolute value"
                ),
                raw,
            )
        sign = "-" if m.group("sign") in ("-", "−", "△", "▲") else ""
        frac = m.group("frac")
        return Decimal(sign + integer + ("." + frac if frac else ""))
    if _NONFINITE.fullmatch(s):
        raise _error(
            _("%r is not a finite number: write digits such as 1234"),
            raw,
        )
    if _EXPONENT.fullmatch(s):
        raise _error(
            _(
                "%r uses an exponent: "
                "write the number in full, e.g. 100000 instead of 1e5"
            ),
            raw,
        )
    if "," in s and _BAD_GROUPING.fullmatch(s) and _DIGIT.search(s):
        raise _error(
            _(
                "%r has misplaced thousands separators: "
                "group digits by three, as in 1,234,567"
            ),
            raw,
        )
    raise _error(
        _(
            "cannot read %r as a number: write digits only (no unit), "
            "such as 1234, 1,234, 12.5, -3 or △3"
        ),
        raw,
    )


#: A number followed by words, or "about" and a number: not a valid value.
_NUMBER_WITH_WORDS = re.compile(r"(?:約|およそ)?\s?[-+−△▲]?[0-9]")


def _looks_numeric(normalized: str) -> bool:
    m = _LOOKS_NUMERIC.fullmatch(normalized)
    if m and _DIGIT.search(m.group("mantissa")):
        return True
    return bool(_NONFINITE.fullmatch(normalized))


def parse_value(text: str, *, allow_text: bool) -> Value:
    """Return ``text`` as a number, or (with ``allow_text``) as a qualitative
    text such as ``設置``.

    Text that looks like an attempt at a number (``12,34``, ``1e5``,
    ``100%``) is an error even with ``allow_text``: accepting it as text would
    silently make the indicator qualitative.
    """
    try:
        return parse_number(text)
    except PlanValueError:
        stripped = text.strip()
        if not allow_text or not stripped or _looks_numeric(normalize(text)):
            raise
        if _NUMBER_WITH_WORDS.match(normalize(text)):
            # "21人", "20以上", "約20": a number with words would silently
            # become a qualitative target that no actual can ever meet
            raise _error(
                _(
                    "%r mixes a number with words: write the number alone "
                    "(the unit goes in :unit:), or a text target without digits "
                    "in front, such as 設置"
                ),
                stripped,
            ) from None
        return stripped


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
_RUN_ON_PAIR = re.compile(rf"(?:^|\s){_YEAR_TOKEN}\s*:", re.IGNORECASE)


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


def _is_year_token(text: str) -> bool:
    return bool(_YEAR_TOKEN_RE.fullmatch(normalize(text)))


def split_year_values(text: str) -> list[tuple[str, str]]:
    """Split ``"2025: 19, 2027: 21"`` into ``[("2025", "19"), ("2027", "21")]``
    without parsing either part.

    Commas also group digits (``2024: 12,345, 2025: 12,000``), so a new pair
    starts only where a separator (``,`` ``、`` ``;`` or a line break, in any
    width) is followed by a year and a colon. The parts are returned as
    written, stripped.
    """
    body = _strip_junk(text)
    if not body:
        raise _error(
            _("no 'year: value' pair given: write pairs such as %s"), _PAIR_EXAMPLE
        )
    colons = [m.start() for m in _COLON.finditer(body)]
    if not colons:
        raise _error(
            _("%r has no 'year: value' pair: write pairs such as %s"),
            text.strip(),
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
        if _is_year_token(body[sep + 1 : colon]):
            starts.append(sep + 1)
    pairs: list[tuple[str, str]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(body)
        piece = body[start:end]
        found = _COLON.search(piece)
        if found is None:
            raise _error(
                _("%r has no colon: write each pair as year: value, such as %s"),
                piece.strip(),
                _PAIR_EXAMPLE,
            )
        year = piece[: found.start()].strip()
        value = _strip_junk(piece[found.end() :])
        if not year:
            raise _error(
                _("%r has no year before the colon: write pairs such as %s"),
                piece.strip(),
                _PAIR_EXAMPLE,
            )
        if not value:
            raise _error(
                _("%r has no value after the colon: write pairs such as %s"),
                piece.strip(),
                _PAIR_EXAMPLE,
            )
        if _RUN_ON_PAIR.search(normalize(value)):
            # Without this, "19 2027: 21" would pass as a qualitative text.
            raise _error(
                _(
                    "%r holds more than one pair: "
                    "separate pairs with commas, such as %s"
                ),
                piece.strip(),
                _PAIR_EXAMPLE,
            )
        pairs.append((year, value))
    return pairs


def parse_year_values(text: str, *, allow_text: bool = False) -> dict[int, Value]:
    """Parse a year–value list into ``{fiscal year: value}``, sorted by year."""
    values: dict[int, Value] = {}
    spelled: dict[int, str] = {}
    for year_text, value_text in split_year_values(text):
        year = parse_fiscal_year(year_text)
        if year in values:
            raise _error(
                _("fiscal year %d is given twice (%r and %r): give each year once"),
                year,
                spelled[year],
                year_text,
            )
        values[year] = parse_value(value_text, allow_text=allow_text)
        spelled[year] = year_text
    return dict(sorted(values.items()))


def parse_year_value(text: str, *, allow_text: bool = False) -> tuple[int, Value]:
    """Parse exactly one ``year: value`` pair (as used by ``:baseline:``)."""
    values = parse_year_values(text, allow_text=allow_text)
    if len(values) != 1:
        raise _error(
            _("%r gives %d years: write exactly one pair such as 2023: 16"),
            text.strip(),
            len(values),
        )
    return next(iter(values.items()))


# --- periods ---------------------------------------------------------------

# Year tokens contain no dash, so the dash between them cannot be mistaken
# for a minus sign.
_PERIOD = re.compile(
    rf"(?P<start>{_YEAR_TOKEN})\s*[-~〜–—―−‐‑‒]\s*(?P<end>{_YEAR_TOKEN})",
    re.IGNORECASE,
)


def parse_period(text: str) -> tuple[int, int]:
    """Parse ``2024-2027`` / ``R6-R9`` / ``令和6年度～令和9年度`` into the
    inclusive ``(start, end)`` fiscal years."""
    raw = text.strip()
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

DIRECTION_WORDS: dict[str, Direction] = {
    **dict.fromkeys(
        ["up", "increase", "higher", "増加", "増", "上昇", "向上", "拡大"], "up"
    ),
    **dict.fromkeys(
        ["down", "decrease", "lower", "減少", "減", "低下", "削減", "縮小"], "down"
    ),
    **dict.fromkeys(["keep", "maintain", "維持", "現状維持"], "keep"),
}


def parse_direction(text: str) -> Direction:
    """Return ``"up"``, ``"down"`` or ``"keep"`` for an English or Japanese word."""
    direction = DIRECTION_WORDS.get(normalize(text).casefold())
    if direction is None:
        raise _error(
            _("unknown direction %r: write one of %s"),
            text.strip(),
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
            text.strip(),
        )
    return s


# --- formatting ------------------------------------------------------------


def format_number(value: Decimal, *, decimals: int | None = None) -> str:
    """Format ``value`` with thousands separators and never in scientific
    notation; with ``decimals``, round half-up to exactly that many places."""
    if not value.is_finite():
        raise _error(_("cannot show %r as a number: it is not finite"), str(value))
    if decimals is not None:
        # Enough precision for every digit kept, so quantize never fails on
        # large values.
        context = Context(
            prec=max(28, value.adjusted() + decimals + 3), rounding=ROUND_HALF_UP
        )
        try:
            value = value.quantize(Decimal(1).scaleb(-decimals), context=context)
        except InvalidOperation as exc:
            raise _error(
                _("cannot show %r with %d decimals"), str(value), decimals
            ) from exc
    if value.is_zero():
        # "-0" and "-0.0" are artefacts of rounding or of "△0", not values.
        value = value.copy_abs()
    return format(value, ",f")


def format_value(value: Value) -> str:
    """Format a number with :func:`format_number`; return a text unchanged."""
    if isinstance(value, Decimal):
        return format_number(value)
    return value


def _is_japanese(language: str | None) -> bool:
    return language is not None and (
        language == "ja" or language.startswith(("ja_", "ja-"))
    )


def _era(year: int) -> tuple[str, str, int] | None:
    """Return (kanji name, letter, era year) for a fiscal year, or None before 昭和."""
    # A fiscal year takes the era of its start in April; 2019 is 令和元年度 by
    # the convention every municipality follows.
    for letter in ("R", "H", "S"):
        name, first, _last = _ERAS[letter]
        if year >= first:
            return name, letter, year - first + 1
    return None


def format_fiscal_year(
    year: int, *, style: YearStyle = "western", language: str | None = None
) -> str:
    """Format a fiscal year: ``2025年度`` / ``令和7年度`` in Japanese,
    ``FY2025`` / ``FY2025 (R7)`` otherwise."""
    era = _era(year) if style == "era" else None
    if _is_japanese(language):
        if era is None:
            return f"{year}年度"
        name, _letter, era_year = era
        return f"{name}{'元' if era_year == 1 else era_year}年度"
    if era is None:
        return f"FY{year}"
    _name, letter, era_year = era
    return f"FY{year} ({letter}{era_year})"


def format_period(
    start: int, end: int, *, style: YearStyle = "western", language: str | None = None
) -> str:
    """Format an inclusive period: ``2024年度～2027年度`` or ``FY2024–FY2027``."""
    first = format_fiscal_year(start, style=style, language=language)
    last = format_fiscal_year(end, style=style, language=language)
    joiner = "～" if _is_japanese(language) else "–"
    return f"{first}{joiner}{last}"
