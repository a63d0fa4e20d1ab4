"""The rows of keikaku's tables, and writing them to HTML without a node each.

A reference-scale plan has thousands of small value tables (one per
indicator and budget link) and a plan-wide evaluation table of thousands of
rows. Made as docutils nodes, every cell is an entry, a paragraph and its
text, built in Sphinx's main process even under ``-j``, sent to a writer
process, then visited node by node through Sphinx's translator and its
generic ``starttag``: together a large share of a build.

So in an HTML build a keikaku table body is a :class:`plan_tbody` that keeps
its rows as cells (strings and small inline nodes, ``keikaku_rows``), and
its HTML visitor writes the markup of each row directly. Other builders get
an ordinary ``tbody`` of ordinary rows (:func:`table_row`).

The markup is not guessed: the first row of every shape on a page is also
made into nodes and written by the translator itself, and the direct markup
of that row must be the same, character for character, or that shape is
left to the translator for the rest of the page. A theme's own translator,
another docutils version or an unusual cell (an id, a mailto link) therefore
costs speed, never correctness. The rows' words are not in the search index:
the titles in them are indexed on the objects' own pages, and the rest is
numbers and fiscal years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: What a table cell holds: text, an inline node, or several.
Cell: TypeAlias = "str | nodes.Node | list[nodes.Node]"


def cell_content(cell: Cell) -> nodes.Node | list[nodes.Node]:
    """The nodes of a cell: a string becomes text, a list stays a list."""
    return nodes.Text(cell) if isinstance(cell, str) else cell


def table_row(cells: Sequence[Cell], numeric_from: int) -> nodes.row:
    """A row whose cells from *numeric_from* on hold numbers."""
    row = nodes.row()
    for index, cell in enumerate(cells):
        entry = nodes.entry(classes=["keikaku-num"] if index >= numeric_from else [])
        para = nodes.paragraph()
        para += cell_content(cell)
        entry += para
        row += entry
    return row


class plan_tbody(nodes.tbody):
    """The body of a keikaku table in an HTML build.

    ``keikaku_rows`` holds the rows as cells and ``keikaku_numeric_from`` the
    first numeric column; rows become child nodes only when the translator
    has to write them.
    """


class _Unsupported(Exception):
    """A row the direct writer does not know: the translator writes it."""


_WHITESPACE = re.compile("[\n\r\t\v\f]")
#: Attributes every element has; an element with any other attribute than
#: these (and a reference's own) is left to the translator.
_COMMON = frozenset(("ids", "classes", "names", "dupnames", "backrefs"))
_REFERENCE = _COMMON | {"refuri", "refid", "internal", "reftitle"}
_TAGS: dict[type[nodes.Node], str] = {
    nodes.inline: "span",
    nodes.strong: "strong",
    nodes.emphasis: "em",
    nodes.superscript: "sup",
}


def _start(
    t: HTML5Translator,
    node: nodes.Element | None,
    tag: str,
    shape: list[Any],
    extra_class: str = "",
    atts: tuple[tuple[str, str], ...] = (),
) -> str:
    """``starttag`` for an element without ids (attributes in sorted order).

    Records in *shape* what of the element decides its markup."""
    classes: list[str] = []
    if node is not None:
        if node["ids"]:
            raise _Unsupported
        for cls in node["classes"]:
            if cls.startswith("language-"):
                raise _Unsupported
            if cls.strip() and cls not in classes:
                classes.append(cls)
    for cls in extra_class.split():
        if cls not in classes:
            classes.append(cls)
    pairs = list(atts)
    if classes:
        pairs.append(("class", " ".join(classes)))
    pairs.sort()
    shape.append(tag)
    shape.extend(name for name, _value in pairs)
    parts = [tag]
    parts.extend(
        f'{name}="{t.encode(_WHITESPACE.sub(" ", value))}"' for name, value in pairs
    )
    return f"<{' '.join(parts)}>"


def _inline(
    t: HTML5Translator, node: nodes.Node, out: list[str], shape: list[Any]
) -> None:
    """Append the markup of an inline node (in a paragraph) and its children."""
    if isinstance(node, nodes.Text):
        out.append(t.encode(node.astext()))
        return
    assert isinstance(node, nodes.Element)
    cls = type(node)
    tag = _TAGS.get(cls)
    if tag is not None:
        if node.attributes.keys() - _COMMON or (
            cls is nodes.inline
            and any(c in t.supported_inline_tags for c in node["classes"])
        ):
            raise _Unsupported
        out.append(_start(t, node, tag, shape))
    elif cls is nodes.reference:
        tag = "a"
        if "refuri" in node:
            href = node["refuri"] or "#"
        elif "refid" in node:
            href = f"#{node['refid']}"
        else:
            raise _Unsupported
        # a cell's own nodes get their paragraph when the translator needs it
        parent = node.parent
        if (
            node.attributes.keys() - _REFERENCE
            or href.startswith("mailto:")
            or not (parent is None or isinstance(parent, nodes.TextElement))
        ):
            raise _Unsupported
        atts = [("href", href)]
        if "reftitle" in node:
            atts.append(("title", node["reftitle"]))
        kind = "internal" if node.get("internal") else "external"
        out.append(_start(t, node, tag, shape, f"reference {kind}", tuple(atts)))
    else:
        raise _Unsupported
    for child in node.children:
        _inline(t, child, out, shape)
    out.append(f"</{tag}>")
    shape.append("/")


def _row(
    t: HTML5Translator, cells: Sequence[Cell], numeric_from: int, parity: str
) -> tuple[str, tuple[Any, ...]]:
    """The markup ``walkabout`` writes for :func:`table_row` of *cells* in a
    table body, and the row's shape: its tags, attribute names and nesting,
    without the text."""
    shape: list[Any] = []
    out = [_start(t, None, "tr", shape, parity)]
    for index, cell in enumerate(cells):
        out.append(
            _start(t, None, "td", shape, "keikaku-num" if index >= numeric_from else "")
        )
        out.append("<p>")
        if isinstance(cell, str):
            out.append(t.encode(cell))
        elif isinstance(cell, list):
            for node in cell:
                _inline(t, node, out, shape)
        else:
            _inline(t, cell, out, shape)
        out.append("</p></td>\n")
        shape.append("/")
    out.append("</tr>\n")
    return "".join(out), tuple(shape)


def _write_node(t: HTML5Translator, tbody: plan_tbody, row: nodes.row) -> str:
    """Let the translator write *row* in *tbody*; the markup it wrote.

    The row is a child of *tbody* only while it is written (the translator
    looks up the table from it), so that writing a doctree twice (a builder
    that does) writes the same rows again."""
    tbody += row
    start = len(t.body)
    try:
        row.walkabout(t)
    finally:
        tbody.remove(row)
    return "".join(t.body[start:])


def visit_tbody_html(self: HTML5Translator, node: plan_tbody) -> None:
    self.visit_tbody(node)
    if (
        getattr(self, "protect_literal_text", False)
        or getattr(self, "in_mailto", False)
        or not hasattr(self, "_table_row_indices")
        or any(getattr(node.parent, "stubs", ()))
    ):
        # the translator writes every row, as it would any table
        _materialise(node)
        return
    rows: list[Sequence[Cell]] = node.get("keikaku_rows", [])
    numeric_from: int = node.get("keikaku_numeric_from", 1)
    body = self.body
    # shapes checked on this page: its many small tables share a few shapes
    checked: dict[tuple[Any, ...], bool] = self.__dict__.setdefault(
        "_keikaku_shapes", {}
    )
    for cells in rows:
        index = self._table_row_indices[-1] + 1
        parity = "row-even" if index % 2 == 0 else "row-odd"
        try:
            markup, shape = _row(self, cells, numeric_from, parity)
        except _Unsupported:
            _write_node(self, node, table_row(cells, numeric_from))
            continue
        good = checked.get(shape)
        if good:
            self._table_row_indices[-1] = index
            body.append(markup)
            continue
        written = _write_node(self, node, table_row(cells, numeric_from))
        if good is None:
            checked[shape] = written == markup
    for child in node.children:
        child.walkabout(self)  # rows that were made nodes before
    self.depart_tbody(node)
    raise nodes.SkipNode


def _materialise(node: plan_tbody) -> None:
    """Make the rows kept as cells into child nodes, once."""
    numeric_from = node.get("keikaku_numeric_from", 1)
    for cells in node.attributes.pop("keikaku_rows", []):
        node += table_row(cells, numeric_from)


def visit_tbody_other(self: Any, node: plan_tbody) -> None:
    # a builder that is not HTML never gets a plan_tbody from keikaku; one
    # that somehow does writes the rows as nodes
    _materialise(node)
    self.visit_tbody(node)


def depart_tbody_other(self: Any, node: plan_tbody) -> None:
    self.depart_tbody(node)


def setup_html_tables(app: Sphinx) -> None:
    from sphinxcontrib_keikaku.output.visitors import visitors

    app.add_node(
        plan_tbody,
        **visitors(
            (visit_tbody_html, depart_tbody_other),
            (visit_tbody_other, depart_tbody_other),
            (visit_tbody_other, depart_tbody_other),
        ),
    )
