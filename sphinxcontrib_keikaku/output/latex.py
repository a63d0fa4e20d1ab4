"""What a Japanese plan book needs from Sphinx's LaTeX builder.

With ``language = "ja"`` Sphinx already uses ``uplatex``; keikaku adds the
HaranoAji fonts through ``pxchfon`` so that every font is embedded in the
PDF (Debian's default maps Japanese to non-embedded Ryumin/GothicBBB), unless
the project chose its own Japanese fonts.  ``sphinxkeikaku.sty`` styles the
plan objects.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.output.assets import STATIC

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STY = STATIC / "sphinxkeikaku.sty"

#: Packages that show a project already chose its Japanese fonts.
_JAPANESE_FONT_PACKAGES = ("pxchfon", "pxjafont", "luatexja", "otf", "jfontmaps")


def _chose_own_fonts(config: Config) -> bool:
    elements = config.latex_elements or {}
    return any(
        package in str(value)
        for value in elements.values()
        for package in _JAPANESE_FONT_PACKAGES
    )


def configure(app: Sphinx, config: Config) -> None:
    """Add the fonts and the style package (config-inited)."""
    app.add_latex_package("sphinxkeikaku")
    engine = config.latex_engine
    # also an English edition of a Japanese plan, built with
    # -D latex_engine=uplatex for its untranslated Japanese text
    if engine in ("uplatex", "platex") and not (_chose_own_fonts(config)):
        app.add_latex_package("pxchfon", "haranoaji")


def copy_style(app: Sphinx, exception: BaseException | None) -> None:
    """Put sphinxkeikaku.sty beside the .tex files (build-finished)."""
    if exception is None and app.builder.format == "latex":
        shutil.copyfile(STY, Path(app.outdir) / STY.name)
