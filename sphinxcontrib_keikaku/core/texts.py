"""What every value parser shares: the error it raises, the normal form of
what people type, and how their input is echoed back in a message.

Pure: no Sphinx state, only the message catalog.
"""

from __future__ import annotations

import unicodedata

from sphinxcontrib_keikaku.core.i18n import message

__all__ = ["ECHO_LIMIT", "PlanValueError", "error", "normalize", "shorten"]

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
