"""What a Japanese plan book needs from Sphinx's LaTeX builder.

With ``language = "ja"`` Sphinx already uses ``uplatex``; keikaku adds the
HaranoAji fonts through ``pxchfon`` so that every font is embedded in the
PDF (Debian's default maps Japanese to non-embedded Ryumin/GothicBBB), unless
the project chose its own Japanese fonts.  ``sphinxkeikaku.sty`` styles the
plan objects.

Every keikaku table is a ``longtable`` in the PDF (:func:`prepare_tables`):
it breaks across pages with its head repeated, so that no row is lost at
the foot of a page (a ``tabular`` cannot break, and what does not fit is
printed over the footer or not at all). Its columns are sized by
:mod:`~sphinxcontrib_keikaku.core.layout`; a table that cannot fit the line
is reported as ``keikaku.layout`` at its directive.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinxcontrib_keikaku.core import layout
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.output.assets import STATIC
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_object
from sphinxcontrib_keikaku.sphinxext.reporting import report_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STY = STATIC / "sphinxkeikaku.sty"

#: The class of every table keikaku makes (:func:`.htmltables.table_node`).
TABLE_CLASS = "keikaku-table"
#: The attribute naming where a table was asked for: ``(docname, lineno)``.
ORIGIN = "keikaku_origin"

#: Packages that show a project already chose its Japanese fonts.
_JAPANESE_FONT_PACKAGES = ("pxchfon", "pxjafont", "luatexja", "otf", "jfontmaps")


def _japanese(language: str | None) -> bool:
    return (language or "").replace("-", "_").split("_")[0].lower() == "ja"


def _chose_own_fonts(config: Config) -> bool:
    elements = config.latex_elements or {}
    return any(
        package in str(value)
        for value in elements.values()
        for package in _JAPANESE_FONT_PACKAGES
    )


def configure(app: Sphinx, config: Config) -> None:
    """Add the fonts and the style package, and print a Japanese plan on
    A4 (config-inited)."""
    app.add_latex_package("sphinxkeikaku")
    elements = dict(config.latex_elements or {})
    if _japanese(config.language) and "papersize" not in elements:
        # Sphinx prints on US Letter; a Japanese plan book is A4
        elements["papersize"] = "a4paper"
        config.latex_elements = elements
    engine = config.latex_engine
    # also an English edition of a Japanese plan, built with
    # -D latex_engine=uplatex for its untranslated Japanese text
    if engine in ("uplatex", "platex") and not (_chose_own_fonts(config)):
        app.add_latex_package("pxchfon", "haranoaji")


def copy_style(app: Sphinx, exception: BaseException | None) -> None:
    """Put sphinxkeikaku.sty beside the .tex files (build-finished)."""
    if exception is None and app.builder.format == "latex":
        shutil.copyfile(STY, Path(app.outdir) / STY.name)


def note_origin(rendered: list[nodes.Node], docname: str, lineno: int | None) -> None:
    """Mark the tables of *rendered* as shown by the directive at *docname*,
    *lineno*: where a table that cannot be printed is reported."""
    for node in rendered:
        for table in node.findall(nodes.table):
            table[ORIGIN] = (docname, lineno)


#: Hyphens that do not break a line, up to the ``\\endgroup`` after the table.
_UNBROKEN_IDS = "\\begingroup\\let\\sphinxhyphen\\sphinxhyphennobreak\n"


def _columns(table: nodes.table) -> list[list[str]]:
    """The texts of each column, head included (keikaku's tables span no
    cells: one entry a column in every row). A badge in a cell wraps as
    text does (:func:`.axisbadges.visit_badge_latex`)."""
    columns: list[list[str]] = []
    for row in table.findall(nodes.row):
        for index, entry in enumerate(row.children):
            while len(columns) <= index:
                columns.append([])
            columns[index].append(entry.astext())
    return columns


def colspec(table: nodes.table, parts: list[int]) -> str:
    r"""The column types: each column its *parts* of the line, numbers
    right-aligned.

    Without explicit widths LaTeX's tabulary squeezes short Japanese columns
    to one character per line."""
    numeric_from = int(table.get("keikaku_numeric_from", 1))
    scale = sum(parts)
    specs = [
        (r">{\raggedleft\arraybackslash}" if index >= numeric_from else "")
        + rf"\X{{{part}}}{{{scale}}}"
        for index, part in enumerate(parts)
    ]
    return "|" + "|".join(specs) + "|"


def prepare_tables(app: Sphinx, doctree: nodes.document) -> None:
    """Make every keikaku table of *doctree* a ``longtable`` whose columns
    fit their cells; report one whose columns cannot fit the line."""
    if app.builder.format != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if TABLE_CLASS not in table["classes"]:
            continue
        if "longtable" not in table["classes"]:
            # Sphinx's LaTeX writer writes a longtable for this class (a
            # table inside another one stays a tabular, as it must)
            table["classes"].append("longtable")
        if "keikaku_numeric_from" not in table:
            continue  # its own column types (the dashboard's)
        numeric_from = int(table["keikaku_numeric_from"])
        columns = _columns(table)
        least, wanted = layout.column_needs(columns, numeric_from)
        names = [index < numeric_from for index in range(len(columns))]
        parts = layout.share_line(least, wanted, names)
        if parts is None:
            _report_too_wide(app, table, least)
            # every row still printed, each column its share of what it needs
            parts = [round(need * layout.PARTS / sum(least)) for need in least]
        parent = table.parent
        at = parent.index(table)
        # an id (M4-1-2) is one word, as the widths above count it: Sphinx's
        # hyphen may start a new line, which in a narrow column splits an id
        parent.insert(at + 1, nodes.raw("", "\\endgroup\n", format="latex"))
        parent.insert(at, addnodes.tabular_col_spec(spec=colspec(table, parts)))
        parent.insert(at, nodes.raw("", _UNBROKEN_IDS, format="latex"))


def _report_too_wide(app: Sphinx, table: nodes.table, needs: list[float]) -> None:
    docname, lineno = table.get(ORIGIN, (None, None))
    if docname is None:
        return  # not from a directive of the plan (cannot happen)
    need = f"{sum(needs):.0f}"
    title = next(iter(table.findall(nodes.title)), None)
    name = _("the table “%s”") % title.astext() if title else _("this table")
    message = _(
        "%(table)s does not fit the width of the printed page: its %(columns)d "
        "columns need at least %(need)s full-width characters, a line holds "
        "%(line)d; the PDF prints it with its widest entries running into the "
        "next column. Show fewer columns (for example one table per vision "
        "with :vision:) or shorten its longest numbers and words"
    ) % {"table": name, "columns": len(needs), "need": need, "line": layout.LINE_WIDTH}
    # a page in both books of latex_documents is resolved twice
    key = f"layout:{docname}:{lineno}:{message}"
    report_once(app, key, Finding(Rule.LAYOUT, message, docname=docname, lineno=lineno))


def break_pages(app: Sphinx, doctree: nodes.document) -> None:
    """Start a new page of the book at each plan object of the kinds
    ``keikaku_latex_new_page`` names: at its heading when it is the first
    object under it (the heading belongs to it), else at the object."""
    if app.builder.format != "latex":
        return
    kinds = set(app.config.keikaku_latex_new_page)
    if not kinds:
        return
    for block in list(doctree.findall(plan_object)):
        if block.get("kind") not in kinds:
            continue
        page = nodes.raw("", "\\clearpage\n", format="latex")
        section = block.parent
        if (
            isinstance(section, nodes.section)
            and next(iter(section.findall(plan_object)), None) is block
        ):
            # inside the section, before its title: the heading goes along
            section.insert(0, page)
        else:
            section.insert(section.index(block), page)
