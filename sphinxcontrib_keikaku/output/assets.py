"""The stylesheet every HTML page of a plan links."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent.parent / "static"


def add_assets(app: Sphinx) -> None:
    """Link ``keikaku.css`` (builder-inited, HTML builders)."""
    if app.builder.format == "html":
        app.add_css_file("keikaku.css")
        # in place before any page is written, so that every page links it
        # with the same checksum (``keikaku.css?v=…``), fresh or incremental
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STATIC / "keikaku.css", static / "keikaku.css")
