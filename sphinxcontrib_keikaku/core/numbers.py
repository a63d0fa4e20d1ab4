"""Numbers as people and spreadsheets write them, and as a plan shows them.

Thousands separators, full-width digits and the accounting minus ``△`` /
``▲`` are read; a value is kept as an exact :class:`~decimal.Decimal`, never
a float.  A qualitative value (``設置``, ``策定``) is a text.

Pure: no Sphinx state, only the message catalog.  Every parser raises
:class:`~.texts.PlanValueError` and nothing else for any ``str`` input.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.texts import PlanValueError, normalize, shorten
from sphinxcontrib_keikaku.core.texts import error as _error

__all__ = [
    "EXCEL_ERRORS",
    "Value",
    "format_number",
    "format_value",
    "is_excel_error",
    "is_no_value",
    "parse_number",
    "parse_value",
]

#: A number, or a qualitative text such as ``設置`` / ``策定``.
Value = Decimal | str

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

# A value holding only a dash or dots means "no value" in Japanese tables
# (－, ―, ー, …), whether typed in a directive or in a spreadsheet cell; read
# as text it would silently make an actual qualitative.
_NO_VALUE = re.compile(r"[-‐‑‒–—―−ー─…・.]+")

#: What Excel shows in a cell whose formula failed. Such a value is never
#: a qualitative text: the number it stands for is unknown.
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#BUSY!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)


def is_no_value(text: str) -> bool:
    """Whether *text* gives no value: blank, or only a dash or dots.

    >>> [is_no_value(t) for t in ("", " － ", "…", "-5", "設置")]
    [True, True, True, False, False]
    """
    stripped = normalize(text)
    return not stripped or _NO_VALUE.fullmatch(stripped) is not None


def is_excel_error(text: str) -> bool:
    """Whether *text* is one of Excel's error values (``#DIV/0!``, ``#N/A``…).

    >>> is_excel_error(" #REF! "), is_excel_error("#n/a"), is_excel_error("#1")
    (True, True, False)
    """
    return normalize(text).upper() in EXCEL_ERRORS


def parse_number(text: str) -> Decimal:
    """Return the number written in ``text``, exactly as written.

    Accepts ``1234``, ``1,234``, ``12.5``, ``-3``, ``+3``, ``−3``, full-width
    ``１，２３４``, and ``△3`` / ``▲3`` for ``-3``.
    """
    # Only for messages, which repeat at most the first characters.
    raw = shorten(text.strip())
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
    silently make the indicator qualitative.  So is an Excel error value
    (``#DIV/0!``) and a lone dash, which means no value (:func:`is_no_value`:
    a caller leaves such a value out before parsing).
    """
    if is_excel_error(text):
        raise _error(
            _(
                "%r is an Excel error value (a formula that failed), not a "
                "value: correct the formula in the spreadsheet, or leave the "
                "value out"
            ),
            shorten(text.strip()),
        )
    if text.strip() and is_no_value(text):
        raise _error(
            _("%r means no value: leave the value out until there is one"),
            shorten(text.strip()),
        )
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
                shorten(stripped),
            ) from None
        return stripped


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
