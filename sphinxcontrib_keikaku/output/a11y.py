"""The accessible structure of keikaku's tables, for every builder.

WCAG 2.1 AA (JIS X 8341-3) asks that a table's headers be marked as
headers, for each direction they head (1.3.1 Info and Relationships), and
that a region wider than the screen scroll by itself, not the page (1.4.10
Reflow). docutils writes neither ``scope`` nor a header cell outside
``thead``, and a theme's table wrapper never reaches keikaku's tables, which
are made at resolve time, after the theme's transforms. So keikaku's tables
are made of three node classes of their own:

- :class:`keikaku_cell`, a table entry whose ``scope`` (``col`` in the head,
  ``row`` for the first cell of a body row) makes it a ``<th scope="…">`` in
  HTML. Its HTML visitor lets the translator (Sphinx's, or a theme's own)
  write the cell first and then only turns the start tag into a header, so
  a theme's own cells are kept. Every other builder walks the class's MRO
  to its ``visit_entry``, so LaTeX and text write the cell as before.
- :class:`keikaku_caption`, a table caption for screen readers only: the
  block's own header already names the table on screen, and LaTeX gets no
  caption (a numbered "Table n" under every indicator).
- :class:`keikaku_scroll`, the container that scrolls: a focusable region
  named after its table, so that keyboard users can scroll it too (WCAG
  2.1.1). Other builders write its children only.

:class:`~sphinxcontrib_keikaku.output.htmltables.HTMLTableWriter` writes
the same markup for the raw-HTML tables (:func:`scroll_start`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The class of the scrolling container (keikaku.css).
SCROLL_CLASS = "keikaku-scroll"
#: The class of text shown to screen readers only (keikaku.css).
SR_ONLY_CLASS = "keikaku-sr-only"


class keikaku_cell(nodes.entry):
    """A table cell; ``scope`` ("col", "row" or absent) makes it a header."""


class keikaku_caption(nodes.Part, nodes.TextElement):
    """A table's caption for screen readers; no caption in LaTeX or text.

    Not a :class:`~docutils.nodes.title`: the search indexer would take it
    for a section title of the page. It carries the class ``no-search``: its
    words are the block's own header, indexed already."""


class keikaku_scroll(nodes.General, nodes.Element):
    """The scrolling container of one table; ``label`` names the region."""


_CELL_START = re.compile(r"^<t[dh]\b")


def visit_cell_html(self: HTML5Translator, node: keikaku_cell) -> None:
    self.visit_entry(node)
    scope = node.get("scope")
    start = self.body[-1] if self.body else ""
    if not scope or not _CELL_START.match(start) or not start.endswith(">"):
        return  # a translator writing cells its own way: left as it wrote them
    self.body[-1] = f'<th{start[3:-1]} scope="{scope}">'
    if self.context and self.context[-1] in ("</td>\n", "</th>\n"):
        self.context[-1] = "</th>\n"


def depart_cell_html(self: HTML5Translator, node: keikaku_cell) -> None:
    self.depart_entry(node)


def visit_caption_html(self: HTML5Translator, node: keikaku_caption) -> None:
    # not the translator's visit_title: a numbered caption needs an id, and
    # the table, named on screen by its block, needs neither number nor link
    self.body.append(self.starttag(node, "caption", ""))


def depart_caption_html(self: HTML5Translator, node: keikaku_caption) -> None:
    self.body.append("</caption>\n")


def scroll_start(label: str, encode: Any) -> str:
    """The start tag of a scrolling region named *label* (already plain text).

    *encode* escapes an attribute value as the translator does."""
    return (
        f'<div aria-label="{encode(label)}" class="{SCROLL_CLASS}" '
        'role="region" tabindex="0">\n'
    )


def visit_scroll_html(self: HTML5Translator, node: keikaku_scroll) -> None:
    self.body.append(scroll_start(node.get("label", ""), self.attval))


def depart_scroll_html(self: HTML5Translator, node: keikaku_scroll) -> None:
    self.body.append("</div>\n")


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def pass_through(self: Any, node: nodes.Element) -> None:
    """Other builders write the table inside as it is."""


def scrolling(table: nodes.Element, label: str) -> keikaku_scroll:
    """*table* (a table, or a raw node holding one) inside its scroll region."""
    node = keikaku_scroll(label=label)
    node += table
    return node


def setup_a11y(app: Sphinx) -> None:
    """Register the nodes and their visitors with every builder keikaku knows."""
    from sphinxcontrib_keikaku.output.visitors import HTML_BUILDERS, visitors

    # keikaku_cell: HTML builders only; every other translator finds
    # visit_entry through the node's MRO (SphinxTranslator.dispatch_visit)
    cell: dict[str, Any] = dict.fromkeys(
        HTML_BUILDERS, (visit_cell_html, depart_cell_html)
    )
    app.add_node(keikaku_cell, **cell)
    caption = visitors(
        (visit_caption_html, depart_caption_html), (skip, None), (skip, None)
    )
    app.add_node(keikaku_caption, **caption)
    app.add_node(
        keikaku_scroll,
        **visitors(
            (visit_scroll_html, depart_scroll_html),
            (pass_through, pass_through),
            (pass_through, pass_through),
        ),
    )
