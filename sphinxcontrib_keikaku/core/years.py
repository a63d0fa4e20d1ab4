"""Fiscal years as people write them and as a plan shows them.

A Japanese fiscal year (年度) starts in April and is named by its start: in
Western form (``2025``, ``FY2025``, ``2025年度``) or by era (``R7``,
``令和7年度``, ``令和元年度``, ``H28``), in half- or full-width characters.

Pure: no Sphinx state, only the message catalog.  Every parser raises
:class:`~.texts.PlanValueError` and nothing else for any ``str`` input.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Literal

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.texts import error as _error
from sphinxcontrib_keikaku.core.texts import is_japanese, normalize, shorten

__all__ = [
    "YEAR_TOKEN",
    "YearStyle",
    "format_fiscal_year",
    "format_period",
    "is_year_token",
    "parse_fiscal_year",
]

YearStyle = Literal["western", "era"]

_MIN_YEAR = 1900
_MAX_YEAR = 2200

_ERA_NAMES = MappingProxyType(
    {
        "令和": "R",
        "平成": "H",
        "昭和": "S",
        "r": "R",
        "h": "H",
        "s": "S",
    }
)
# (kanji name, first Gregorian year, last valid era year or None).
_ERAS: MappingProxyType[str, tuple[str, int, int | None]] = MappingProxyType(
    {
        "R": ("令和", 2019, None),
        "H": ("平成", 1989, 31),
        "S": ("昭和", 1926, 64),
    }
)

_WESTERN_YEAR = re.compile(r"(?:FY\s*)?(?P<year>[0-9]+)(?:\s*年度)?", re.IGNORECASE)
_ERA_YEAR = re.compile(
    r"(?P<era>令和|平成|昭和|[RHS])\s*(?P<year>[0-9]+|元)(?:\s*年度)?", re.IGNORECASE
)
# The shape of a year, used where years must be found inside longer text.
YEAR_TOKEN = (
    r"(?:(?:FY\s*)?[0-9]+|(?:令和|平成|昭和|[RHS])\s*(?:[0-9]+|元))(?:\s*年度)?"
)
YEAR_TOKEN_RE = re.compile(YEAR_TOKEN, re.IGNORECASE)


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
    # Only for messages, which repeat at most the first characters.
    raw = shorten(text.strip())
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
        if 1 <= len(digits) <= 2 and s[:2].upper() != "FY":
            # A bare 6 is the era year a department means (令和6年度), not
            # the year 6: say which spelling is read.
            era_year = int(digits)
            raise _error(
                _(
                    "fiscal year %r lacks its era: write 令和%d年度 or R%d "
                    "(FY%d), or the year in the era meant"
                ),
                raw,
                era_year,
                era_year,
                2018 + era_year,
            )
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


def is_year_token(text: str) -> bool:
    """Whether *text* is one fiscal year and nothing else."""
    return bool(YEAR_TOKEN_RE.fullmatch(normalize(text)))


# --- formatting ------------------------------------------------------------


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
    if is_japanese(language):
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
    joiner = "～" if is_japanese(language) else "–"
    return f"{first}{joiner}{last}"
