"""Message translation for everything keikaku puts on a page or in a warning.

All user-visible text goes through :data:`_`, which follows the project's
``language`` setting (Sphinx's ``general`` namespace), so a Japanese plan gets
Japanese table headers *and* Japanese warnings.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The gettext domain of our catalogs (``locale/<lang>/LC_MESSAGES/<name>.mo``).
MESSAGE_CATALOG_NAME = "sphinxcontrib-keikaku"

#: Where the compiled catalogs live inside the package.
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG_NAME)


def message(text: str, *args: object) -> str:
    """The translated *text* with ``%`` *args*, as a plain ``str``.

    ``text`` is the lazy proxy ``_`` returns; a plain str pickles cleanly for
    parallel builds and compares equal across builds.  A translation with
    broken placeholders must not turn the author's mistake into a crash, so
    the arguments are then shown after the text.
    """
    result = str(text)
    if args:
        try:
            result = result % args
        except (TypeError, ValueError, KeyError):
            result = "{} ({})".format(result, ", ".join(repr(a) for a in args))
    return result
