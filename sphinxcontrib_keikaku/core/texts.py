"""What every value parser shares: the error it raises, the normal form of
what people type, and how their input is echoed back in a message.

Pure: no Sphinx state, only the message catalog.
"""

from __future__ import annotations

import unicodedata

from sphinxcontrib_keikaku.core.i18n import message

__all__ = [
    "ECHO_LIMIT",
    "PlanValueError",
    "error",
    "normalize",
    "shorten",
    "visible",
]

#: How many characters of the author's input a message repeats.  A cell or
#: an option may hold thousands of characters (a pasted column, a 400-digit
#: number); a message that echoes all of them is unreadable.
ECHO_LIMIT = 40


class PlanValueError(ValueError):
    """A value that cannot be read; ``str(err)`` is a complete, user-facing message."""


def error(text: str, *args: object) -> PlanValueError:
    """A :class:`PlanValueError` with the translated *text* and its *args*."""
    return PlanValueError(message(text, *args))


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """*text* as a message repeats it: at most *limit* characters, then ``…``."""
    return text if len(text) <= limit else text[:limit] + "…"


#: Characters that reorder the text around them on a terminal (bidirectional
#: embeddings, overrides and isolates): a title could show other ids.
_BIDI_CONTROLS = frozenset(
    [
        chr(0x200E),
        chr(0x200F),
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
    ]
)


def visible(text: str) -> str:
    r"""*text* safe to print on a terminal: each control character (C0, DEL,
    C1, the line and paragraph separators, the bidirectional controls) is
    shown as its Python escape: ESC as ``\x1b``, CR as ``\x0d``, the
    right-to-left override as ``\u202e``.

    Text read from another project's file (a title with ESC ``[2J``) would
    otherwise move the cursor, clear the screen or overwrite the line.

    >>> visible("A\x1b[2J\r\u202eB")
    'A\\x1b[2J\\x0d\\u202eB'
    >>> visible("防災　計画")
    '防災\u3000計画'
    """
    if text.isprintable() and not any(c in _BIDI_CONTROLS for c in text):
        return text
    return "".join(_visible_char(c) for c in text)


def _visible_char(char: str) -> str:
    code = ord(char)
    if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


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


def is_japanese(language: str | None) -> bool:
    """Whether *language* (Sphinx's ``language``) is Japanese."""
    return language is not None and (
        language == "ja" or language.startswith(("ja_", "ja-"))
    )
