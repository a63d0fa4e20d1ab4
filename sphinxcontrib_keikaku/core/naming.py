"""How messages and pages name plan objects, in the project's language."""

from __future__ import annotations

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import Kind


def kind_noun(kind: Kind) -> str:
    """*kind* as a noun inside a sentence: "a measure", "an indicator"."""
    return {
        Kind.VISION: _("a vision"),
        Kind.MEASURE: _("a measure"),
        Kind.INDICATOR: _("an indicator"),
        Kind.BUDGET_LINK: _("a budget link"),
        Kind.EVALUATION: _("an evaluation record"),
        Kind.OPINION: _("an opinion"),
    }[kind]


def describe_object(kind: Kind, object_id: str, title: str) -> str:
    """``施策 M1「title」`` / ``Measure M1 "title"``: how messages name an object."""
    if not object_id:
        return _('%(kind)s "%(title)s"') % {"kind": kind_label(kind), "title": title}
    return _('%(kind)s %(id)s "%(title)s"') % {
        "kind": kind_label(kind),
        "id": object_id,
        "title": title,
    }


def kind_label(kind: Kind) -> str:
    """The reader-facing name of *kind* in the project's language."""
    return {
        Kind.VISION: _("Vision"),
        Kind.MEASURE: _("Measure"),
        Kind.INDICATOR: _("Indicator"),
        Kind.BUDGET_LINK: _("Budget link"),
        Kind.EVALUATION: _("Evaluation record"),
        Kind.OPINION: _("Opinion"),
    }[kind]


def clean_text(text: str) -> str:
    """*text* with lone surrogates replaced.

    MyST turns an escaped ``\\ud83d`` into a lone surrogate, which no file
    can hold: pairs are joined into their character, and what is left alone
    becomes U+FFFD, so that no writer fails on it later.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
