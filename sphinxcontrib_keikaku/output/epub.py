"""An epub of a plan holds what the book needs, and nothing of the build.

Sphinx's epub builder packs every file under the output directory whose
suffix it knows. ``sphinx-build -b epub`` (without ``-d``) keeps the
doctrees in ``<outdir>/.doctrees``, and with them keikaku's chart cache
(``.doctrees/keikaku-charts/<key>.svg.cache`` and the SVGs drawn from it):
the pictures were packed twice, once as the cache, and every pickle was an
"unknown mimetype" warning. sphinx-needs' ``permalink.html`` is a redirect
page reading ``needs.json``, which an epub has not (and its suffix is no
epub page's), and Graphviz's ``.map`` files beside needflow's pictures
are written into the pages already. So before the book is packed (``html-collect-pages``, after
the charts are published there) every file of the doctree directory inside
the output directory, and ``permalink.html``, are added to the files the
builder leaves out (``epub_exclude_files``, kept as the project set it
apart from these additions).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.sphinxext import priorities

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Pages of other extensions that an epub cannot use.
NOT_IN_BOOK = ("permalink.html",)


def build_files(outdir: Path, doctreedir: Path) -> list[str]:
    """The files under *outdir* that belong to the build, not to the book:
    everything under *doctreedir* when it is inside *outdir* (as paths
    relative to *outdir*, the form ``epub_exclude_files`` takes)."""
    outdir, doctreedir = outdir.resolve(), doctreedir.resolve()
    if not doctreedir.is_relative_to(outdir):
        return []
    found: list[str] = []
    for root, _dirs, files in os.walk(doctreedir):
        for name in files:
            found.append((Path(root) / name).relative_to(outdir).as_posix())
    return sorted(found)


def leave_out_build_files(app: Sphinx) -> list[tuple[str, dict[str, str], str]]:
    """Add the build's own files to ``epub_exclude_files`` (html-collect-pages,
    epub only); no pages of its own."""
    if app.builder.name != "epub":
        return []
    outdir = Path(app.outdir)
    extra = build_files(outdir, Path(app.doctreedir))
    extra += [name for name in NOT_IN_BOOK if (outdir / name).exists()]
    # Graphviz's image maps (needflow): the page holds the map itself
    extra += sorted(
        path.relative_to(outdir).as_posix()
        for path in (outdir / "_images").glob("*.map")
    )
    wanted = list(app.config.epub_exclude_files)
    app.config.epub_exclude_files = wanted + [f for f in extra if f not in wanted]
    return []


def setup_epub(app: Sphinx) -> None:
    app.connect(
        "html-collect-pages",
        leave_out_build_files,
        priority=priorities.AFTER_CHARTS_PUBLISHED,
    )
