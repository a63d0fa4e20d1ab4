"""Writing the rows of keikaku's tables to HTML without a visitor per node.

The evaluation table of a large plan has thousands of rows of a few cells
each, and Sphinx's HTML translator visits every node of them through
``walkabout`` and builds every start tag through the generic ``starttag``:
on the benchmark plan that was a fifth of a one-page rebuild. The rows of a
keikaku table come in a handful of shapes (a measure row, an indicator row,
a total row), so the body of such a table is a :class:`plan_tbody`, whose
HTML visitor writes the markup of each row directly.

The markup is not guessed: the first row of every shape is written by the
translator itself, and the direct markup of that row must be the same,
character for character, or that shape is left to the translator for the
rest of the table. A theme's own translator, another docutils version or an
unusual cell (an id, a mailto link, a literal) therefore costs speed, never
correctness. Builders other than HTML never see a :class:`plan_tbody`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class plan_tbody(nodes.tbody):
    """The body of a keikaku table in an HTML build."""


class _Unsupported(Exception):
    """A row the direct writer does not know: the translator writes it."""


_WHITESPACE = re.compile("[\n\r\t\v\f]")
#: Attributes every element has; an element with any other attribute than
#: these (and a reference's own) is left to the translator.
_COMMON = frozenset(("ids", "classes", "names", "dupnames", "backrefs"))
_REFERENCE = _COMMON | {"refuri", "refid", "internal", "reftitle"}
_TAGS: dict[type[nodes.Element], str] = {
    nodes.inline: "span",
    nodes.strong: "strong",
    nodes.emphasis: "em",
    nodes.superscript: "sup",
}


def _start(
    t: HTML5Translator,
    node: nodes.Element,
    tag: str,
    shape: list[Any],
    extra_class: str = "",
    atts: tuple[tuple[str, str], ...] = (),
) -> str:
    """``starttag`` for an element without ids (attributes in sorted order).

    Records in *shape* what of the element decides its markup."""
    if node["ids"]:
        raise _Unsupported
    classes: list[str] = []
    for cls in node["classes"] + extra_class.split():
        if cls.startswith("language-"):
            raise _Unsupported
        if cls.strip() and cls not in classes:
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
    """Append the markup of an inline node and its children."""
    cls = type(node)
    if cls is nodes.Text:
        out.append(t.encode(node.astext()))
        return
    assert isinstance(node, nodes.Element)
    tag = _TAGS.get(type(node))
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
        if (
            node.attributes.keys() - _REFERENCE
            or href.startswith("mailto:")
            or not isinstance(node.parent, nodes.TextElement)
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
    t: HTML5Translator, row: nodes.row, parity: str
) -> tuple[str, tuple[Any, ...]]:
    """The markup ``walkabout`` writes for *row* of a table body, and the
    row's shape: its tags, attribute names and nesting, without the text."""
    shape: list[Any] = []
    if row.attributes.keys() - _COMMON:
        raise _Unsupported
    out = [_start(t, row, "tr", shape, parity)]
    for entry in row.children:
        if (
            not isinstance(entry, nodes.entry)
            or entry.attributes.keys() - _COMMON
            or len(entry.children) != 1
            or not isinstance(entry[0], nodes.paragraph)
            or entry[0].attributes.keys() - _COMMON
        ):
            raise _Unsupported
        out.append(_start(t, entry, "td", shape))
        para = entry[0]
        out.append(_start(t, para, "p", shape))
        for child in para.children:
            _inline(t, child, out, shape)
        out.append("</p></td>\n")
        shape.append("/")
    out.append("</tr>\n")
    return "".join(out), tuple(shape)


def visit_tbody_html(self: HTML5Translator, node: plan_tbody) -> None:
    tgroup = node.parent
    if (
        getattr(self, "protect_literal_text", False)
        or getattr(self, "in_mailto", False)
        or not hasattr(self, "_table_row_indices")
        or any(getattr(tgroup, "stubs", ()))
    ):
        self.visit_tbody(node)
        return  # the translator writes the rows
    self.visit_tbody(node)
    body = self.body
    # shapes checked on this page: its many small tables share a few shapes
    checked: dict[tuple[Any, ...], bool] = self.__dict__.setdefault(
        "_keikaku_shapes", {}
    )
    for row in node.children:
        if not isinstance(row, nodes.row):
            row.walkabout(self)
            continue
        index = self._table_row_indices[-1] + 1
        parity = "row-even" if index % 2 == 0 else "row-odd"
        try:
            markup, shape = _row(self, row, parity)
        except _Unsupported:
            row.walkabout(self)
            continue
        good = checked.get(shape)
        if good:
            self._table_row_indices[-1] = index
            body.append(markup)
            continue
        start = len(body)
        row.walkabout(self)
        if good is None:
            checked[shape] = "".join(body[start:]) == markup
    self.depart_tbody(node)
    raise nodes.SkipNode


def visit_tbody_other(self: Any, node: plan_tbody) -> None:
    self.visit_tbody(node)


def depart_tbody_other(self: Any, node: plan_tbody) -> None:
    self.depart_tbody(node)


def setup_html_tables(app: Sphinx) -> None:
    from .nodes import visitors

    app.add_node(
        plan_tbody,
        **visitors(
            (visit_tbody_html, depart_tbody_other),
            (visit_tbody_other, depart_tbody_other),
            (visit_tbody_other, depart_tbody_other),
        ),
    )
