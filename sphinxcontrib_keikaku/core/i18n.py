"""Translatable messages for the Sphinx-free core.

The core's messages are written in English and marked with :func:`_`, so the
catalog tools find them beside the Sphinx glue's. Sphinx keeps one
translator per message catalog for the whole process (``sphinx.locale``);
the glue lends it to the core once, through :func:`use_translator`, so that
the core can be imported and tested without Sphinx, where its messages
simply stay in English.
"""

from __future__ import annotations

from collections.abc import Callable

#: The translator lent by the glue; English (the identity) until then.
_translate: list[Callable[[str], object]] = [str]


def use_translator(translate: Callable[[str], object]) -> None:
    """Translate the core's messages with *translate* from now on."""
    _translate[0] = translate


def _(text: str) -> str:
    """*text* translated into the language of the build that is running."""
    return str(_translate[0](text))


def message(text: object, *args: object) -> str:
    """The translated *text* with ``%`` *args*, as a plain ``str``.

    A plain str pickles cleanly for parallel builds and compares equal across
    builds. A translation with broken placeholders must not turn the
    translator's mistake into a crash, so the arguments are then shown after
    the text.
    """
    result = str(text)
    if args:
        try:
            result = result % args
        except (TypeError, ValueError, KeyError):
            result = "{} ({})".format(result, ", ".join(repr(a) for a in args))
    return result
