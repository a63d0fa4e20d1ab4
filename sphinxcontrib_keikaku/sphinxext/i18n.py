"""Message translation for everything keikaku puts on a page or in a warning.

All user-visible text goes through :data:`_`, which follows the project's
``language`` setting (Sphinx's ``general`` namespace), so a Japanese plan gets
Japanese table headers *and* Japanese warnings. The core's messages go
through the same catalog (:mod:`sphinxcontrib_keikaku.core.i18n`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

from sphinxcontrib_keikaku.core.i18n import message, use_translator

__all__ = ["LOCALE_DIR", "MESSAGE_CATALOG_NAME", "_", "message"]

#: The gettext domain of our catalogs (``locale/<lang>/LC_MESSAGES/<name>.mo``).
MESSAGE_CATALOG_NAME = "sphinxcontrib-keikaku"

#: Where the compiled catalogs live inside the package.
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_ = get_translation(MESSAGE_CATALOG_NAME)

use_translator(_)
