"""Yes/no options: how ``:cumulative:``, ``:gaps:`` and ``:no-chart:`` read.

reStructuredText writes a flag with no value (``:cumulative:``), but MyST
users write YAML-like values (``:cumulative: false``), and a value that
silently meant "on" whatever it said turned ``false`` into a cumulative
indicator.  The usual spellings are read here, and anything else is refused
with the list of what is accepted.
"""

from __future__ import annotations

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.values import PlanValueError, normalize

#: Read as "on": no value at all, and the usual words for yes.
TRUE_WORDS: tuple[str, ...] = ("", "true", "yes", "1", "はい")
#: Read as "off".
FALSE_WORDS: tuple[str, ...] = ("false", "no", "0", "いいえ")


def parse_flag(text: str | None) -> bool:
    """Whether a flag option is on; ``None`` or ``""`` (the bare flag) is on.

    Case and width do not matter (``TRUE``, ``ｙｅｓ``); anything else raises
    :class:`~.values.PlanValueError` naming the accepted spellings.
    """
    key = normalize(text or "").lower()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise PlanValueError(
        _(
            "%r is not a yes/no value: leave the value out or write true, yes, "
            "1 or はい to turn it on, or false, no, 0 or いいえ to turn it off"
        )
        % text
    )
