"""keikaku's tables: docutils nodes for every builder, and one block of HTML
per table in an HTML page.

Every table keikaku makes (an indicator's values, a budget link's amounts,
a measure's budget overview, the plan-wide tables) is made from rows of
cells (:data:`Cell`), so the numbers are the same in every builder and in
the open data files.

:func:`table_node` makes an ordinary docutils table, which every builder,
the search index and other extensions see as they see any table.

A plan-wide table of a reference-scale plan has thousands of rows, and an
object page dozens of small tables; made as nodes, every cell is an entry,
a paragraph and its text, each a handful of objects that Python's cycle
collector walks until the page is written, visited one by one through the
translator, and an edit writes such pages again. So for the ``html`` and
``dirhtml`` builders with Sphinx's own translator, :class:`HTMLTableWriter`
writes a table as the markup the translator would write, into one
:class:`docutils.nodes.raw` node, escaped with the translator's own
character table; the links in it are the URIs the renderer got from
``builder.get_relative_uri``. A plan-wide table's raw node carries the
class ``no-search`` (the translator wraps it in a ``<div
class="no-search">``): its words are indexed on the objects' own pages. An
object's own tables are indexed from their text, as Sphinx indexes raw
HTML. Any other builder (``singlehtml`` and ``epub`` rewrite links in the
doctree, a theme may bring its own translator) and any cell the writer
does not know get nodes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

from docutils import nodes

from sphinxcontrib_keikaku.output.a11y import (
    SR_ONLY_CLASS,
    keikaku_caption,
    keikaku_cell,
)

if TYPE_CHECKING:
    from sphinx.builders import Builder


class Markup(str):
    """A cell's content as HTML markup, written into a raw HTML table as it is.

    Made only by a table maker that has an :class:`HTMLTableWriter` (see
    :meth:`~sphinxcontrib_keikaku.output.tables.common.PlanTables.cell_ref`),
    with the writer's own escaping and tags, so the table is the markup the
    nodes would have given. A plan-wide table's cells are written at once and
    never enter the doctree: as nodes, each link or value with its year was
    a handful of objects that Python's cycle collector walked for the rest of
    the build, thousands of them per table. A string is none (no
    ``__dict__``: the collector does not track it).
    """

    __slots__ = ()


#: What a table cell holds: text (or :class:`Markup`), an inline node, or
#: several.
Cell: TypeAlias = "str | nodes.Node | list[nodes.Node]"

#: The builders whose pages may hold a table as raw HTML: they write the
#: doctree as it is, without rewriting its links afterwards.
RAW_HTML_BUILDERS = ("html", "dirhtml")


def cell_content(cell: Cell) -> nodes.Node | list[nodes.Node]:
    """The nodes of a cell: a string becomes text, a list stays a list.

    A table maker may give many cells the same nodes (a history table has
    thousands of cells that say the same grade); a node already placed in
    a table is copied, so that every node of the doctree has one parent.
    """
    if isinstance(cell, Markup):
        # a raw HTML table fell back to nodes (a cell it did not know): the
        # markup stays markup, in the HTML page the table is for
        return nodes.raw("", cell, format="html")
    if isinstance(cell, str):
        return nodes.Text(cell)
    if isinstance(cell, list):
        return [_placed_once(node) for node in cell]
    return _placed_once(cell)


def _placed_once(node: nodes.Node) -> nodes.Node:
    return node.deepcopy() if node.parent is not None else node


def cell_scope(head: bool, column: int, numeric_from: int) -> str:
    """What a cell heads: its column (in the head), its row (the first cell of
    a body row, which names the row), or nothing."""
    if head:
        return "col"
    return "row" if column == 0 and numeric_from > 0 else ""


def table_row(
    cells: Sequence[Cell], numeric_from: int, head: bool = False
) -> nodes.row:
    """A row whose cells from *numeric_from* on hold numbers."""
    row = nodes.row()
    for index, cell in enumerate(cells):
        entry = keikaku_cell(classes=["keikaku-num"] if index >= numeric_from else [])
        scope = cell_scope(head, index, numeric_from)
        if scope:
            entry["scope"] = scope
        para = nodes.paragraph()
        para += cell_content(cell)
        entry += para
        row += entry
    return row


def table_node(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    numeric_from: int = 1,
    classes: Sequence[str] = (),
    title: str = "",
    table_id: str = "",
    caption: str = "",
) -> nodes.table:
    """A docutils table whose columns from *numeric_from* on hold numbers.

    *title* is its visible caption; without one, *caption* is a caption for
    screen readers only (HTML)."""
    table = nodes.table(classes=["keikaku-table", *classes])
    if table_id:
        table["ids"] = [table_id]
    if title:
        table += nodes.title("", title)
    elif caption:
        table += keikaku_caption("", caption, classes=[SR_ONLY_CLASS, "no-search"])
    tgroup = nodes.tgroup(cols=len(headers))
    table += tgroup
    for index in range(len(headers)):
        # character widths: the text builder uses them as they are, HTML
        # ignores them, LaTeX sizes its columns from the cells (output/latex.py)
        tgroup += nodes.colspec(colwidth=24 if index < numeric_from else 12)
    thead = nodes.thead()
    tgroup += thead
    thead += table_row(headers, numeric_from, head=True)
    tbody = nodes.tbody()
    tgroup += tbody
    for row in rows:
        tbody += table_row(row, numeric_from)
    table["keikaku_numeric_from"] = numeric_from
    return table


class Unsupported(Exception):
    """A cell :class:`HTMLTableWriter` does not know: the table gets nodes."""


_WHITESPACE = re.compile("[\n\r\t\v\f]")
#: Attributes every element has; an element with any other attribute than
#: these (and a reference's own) gets nodes.
_COMMON = frozenset(("ids", "classes", "names", "dupnames", "backrefs"))
_REFERENCE = _COMMON | {"refuri", "refid", "internal", "reftitle"}
_TAGS: MappingProxyType[type[nodes.Element], str] = MappingProxyType(
    {
        nodes.inline: "span",
        nodes.strong: "strong",
        nodes.emphasis: "em",
        nodes.superscript: "sup",
    }
)


class HTMLTableWriter:
    """Writes a table as the markup of Sphinx's HTML5 translator.

    Made by :meth:`for_builder` only for a builder whose translator is its
    default one, with docutils' default table style.
    """

    def __init__(
        self,
        special_characters: dict[int, str],
        supported_inline_tags: frozenset[str],
        permalink: str,
        permalink_title: str,
    ) -> None:
        self.special_characters = special_characters
        self.supported_inline_tags = supported_inline_tags
        #: the icon of a caption's permalink; empty for none
        self.permalink = permalink
        self.permalink_title = permalink_title
        self._shared: dict[int, str] = {}
        self._tags: dict[tuple[int, int, bool], tuple[str, str]] = {}

    @classmethod
    def for_builder(cls, builder: Builder) -> HTMLTableWriter | None:
        """The writer for *builder*, or None if its tables must be nodes."""
        if builder.name not in RAW_HTML_BUILDERS:
            return None
        translator = builder.get_translator_class()
        if translator is not getattr(builder, "default_translator_class", None):
            return None  # a theme's or an extension's own translator
        # docutils settings of the pages, read from docutils.conf as well
        settings = getattr(builder, "docsettings", None)
        if settings is None or getattr(settings, "table_style", None) != "":
            return None
        special = getattr(translator, "special_characters", None)
        if not isinstance(special, dict) or ord("<") not in special:
            return None  # no escaping known: nodes, which the translator escapes
        from sphinx.locale import _ as sphinx_gettext

        config = builder.config
        permalinks = config.html_permalinks and getattr(
            builder, "add_permalinks", False
        )
        return cls(
            dict(special),
            frozenset(getattr(translator, "supported_inline_tags", ())),
            str(config.html_permalinks_icon) if permalinks else "",
            sphinx_gettext("Link to this table"),
        )

    def encode(self, text: str) -> str:
        return text.translate(self.special_characters)

    def link_start(
        self, classes: Sequence[str], href: str, title: str | None = None
    ) -> str:
        """The start tag of a reference node's link (its classes given)."""
        attributes = [("href", href)]
        if title is not None:
            attributes.append(("title", title))
        return self.tag("a", classes, attributes)

    def element(self, tag: str, content: str, classes: Sequence[str] = ()) -> str:
        """``<tag class=…>content</tag>``: *content* is markup already."""
        return f"{self.tag(tag, classes)}{content}</{tag}>"

    def tag(
        self,
        name: str,
        classes: Sequence[str] = (),
        attributes: Sequence[tuple[str, str]] = (),
    ) -> str:
        """A start tag as docutils' ``starttag`` writes it (sorted attributes)."""
        unique: list[str] = []
        languages: list[str] = []
        for cls in classes:
            if cls.startswith("language-"):
                languages.append(cls.removeprefix("language-"))  # lang="ja"
            elif cls.strip() and cls not in unique:
                unique.append(cls)
        pairs = list(attributes)
        if languages:
            pairs.append(("lang", languages[0]))
        if unique:
            pairs.append(("class", " ".join(unique)))
        pairs.sort()
        parts = [name]
        parts.extend(
            f'{key}="{self.encode(_WHITESPACE.sub(" ", value))}"'
            for key, value in pairs
        )
        return f"<{' '.join(parts)}>"

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        numeric_from: int,
        classes: Sequence[str],
        title: str,
        table_id: str,
        caption: str = "",
    ) -> str:
        """The markup of :func:`table_node` of the same arguments.

        Raises :class:`Unsupported` for a cell it does not know."""
        # per table: the ids of the cells' nodes are only theirs while
        # the rows are alive, and a node is not changed while they are
        self._shared = {}
        attributes = [("id", table_id)] if table_id else []
        table_classes = ["keikaku-table", *classes, "docutils", "align-default"]
        out = [self.tag("table", table_classes, attributes), "\n"]
        if title:
            out.append('<caption><span class="caption-text">')
            out.append(self.encode(title))
            out.append("</span>")
            if self.permalink and table_id:
                out.append(
                    f'<a class="headerlink" href="#{table_id}" '
                    f'title="{self.permalink_title}">{self.permalink}</a>'
                )
            out.append("</caption>\n")
        elif caption:
            # as a11y.visit_caption_html writes a keikaku_caption
            out.append(self.tag("caption", [SR_ONLY_CLASS, "no-search"]))
            out.append(self.encode(caption))
            out.append("</caption>\n")
        out.append("<thead>\n")
        self.row(out, headers, numeric_from, 1, head=True)
        out.append("</thead>\n<tbody>\n")
        for index, cells in enumerate(rows, start=2):
            self.row(out, cells, numeric_from, index, head=False)
        out.append("</tbody>\n</table>\n")
        return "".join(out)

    def row(
        self,
        out: list[str],
        cells: Sequence[Cell],
        numeric_from: int,
        index: int,
        head: bool,
    ) -> None:
        """Append the markup of :func:`table_row`, the *index*-th of its table."""
        out.append(self.tag("tr", ["row-even" if index % 2 == 0 else "row-odd"]))
        for column, cell in enumerate(cells):
            start, end = self._cell_tags(column, numeric_from, head)
            out.append(start)
            if isinstance(cell, Markup):
                out.append(cell)
            elif isinstance(cell, str):
                out.append(self.encode(cell))
            else:
                for node in cell if isinstance(cell, list) else (cell,):
                    self._node(out, node)
            out.append(end)
        out.append("</tr>\n")

    def _node(self, out: list[str], node: nodes.Node) -> None:
        """Append the markup of *node*; a node given to many cells (a history
        table's thousands of equal grades) is written once."""
        if isinstance(node, nodes.Text):
            out.append(self.encode(node.astext()))
            return
        key = id(node)
        markup = self._shared.get(key)
        if markup is None:
            parts: list[str] = []
            self.inline(parts, node)
            markup = self._shared[key] = "".join(parts)
        out.append(markup)

    def _cell_tags(self, column: int, numeric_from: int, head: bool) -> tuple[str, str]:
        """The start and end markup of a cell and its paragraph."""
        key = (column, numeric_from, head)
        tags = self._tags.get(key)
        if tags is None:
            classes = ["head"] if head else []
            if column >= numeric_from:
                classes.append("keikaku-num")
            scope = cell_scope(head, column, numeric_from)
            cell_tag = "th" if scope else "td"
            # as a11y.visit_cell_html writes it: scope after the sorted rest
            start = self.tag(cell_tag, classes)[:-1]
            start += f' scope="{scope}">' if scope else ">"
            tags = self._tags[key] = (start + "<p>", f"</p></{cell_tag}>\n")
        return tags

    def inline(self, out: list[str], node: nodes.Node) -> None:
        """Append the markup of an inline node (in a paragraph) and its children."""
        if isinstance(node, nodes.Text):
            out.append(self.encode(node.astext()))
            return
        if not isinstance(node, nodes.Element) or node["ids"]:
            raise Unsupported
        cls = type(node)
        tag = _TAGS.get(cls)
        if tag is not None:
            if node.attributes.keys() - _COMMON or (
                cls is nodes.inline
                and any(c in self.supported_inline_tags for c in node["classes"])
            ):
                raise Unsupported
            out.append(self.tag(tag, node["classes"]))
        elif cls is nodes.reference:
            tag = "a"
            if "refuri" in node:
                href = node["refuri"] or "#"
            elif "refid" in node:
                href = f"#{node['refid']}"
            else:
                raise Unsupported
            if node.attributes.keys() - _REFERENCE or href.startswith("mailto:"):
                raise Unsupported
            kind = "internal" if node.get("internal") else "external"
            classes = [*node["classes"], "reference", kind]
            out.append(self.link_start(classes, href, node.get("reftitle")))
        else:
            raise Unsupported
        for child in node.children:
            self.inline(out, child)
        out.append(f"</{tag}>")


def table_raw(
    writer: HTMLTableWriter,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    numeric_from: int,
    classes: Sequence[str],
    title: str,
    table_id: str,
    caption: str = "",
    searched: bool = False,
) -> nodes.raw | None:
    """The table as one raw HTML node, or None if a cell needs nodes.

    A plan-wide table is kept out of search; a *searched* one (an object's
    own values) is indexed from its text, as Sphinx indexes raw HTML."""
    try:
        markup = writer.table(
            headers, rows, numeric_from, classes, title, table_id, caption
        )
    except Unsupported:
        return None
    return nodes.raw(
        "", markup, format="html", classes=[] if searched else ["no-search"]
    )
