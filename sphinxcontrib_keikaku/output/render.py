"""Resolve-time rendering: the pieces every block and table is made of.

At ``doctree-resolved`` keikaku's placeholders become plain docutils nodes
(paragraphs, references, lists, tables) made from the whole plan, so every
builder can write them and the numbers are the same in HTML and LaTeX.
:class:`Renderer` makes the pieces: links to objects, labelled lines,
facts, lists, tables, amounts with their unit. The objects' blocks are in
:mod:`.blocks`, the plan-wide tables in :mod:`.tables`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri

from sphinxcontrib_keikaku.core.model import Indicator, Plan, PlanObject
from sphinxcontrib_keikaku.core.values import format_fiscal_year, format_value
from sphinxcontrib_keikaku.output.a11y import scrolling
from sphinxcontrib_keikaku.output.htmltables import (
    Cell,
    HTMLTableWriter,
    cell_content,
    table_node,
    table_raw,
)
from sphinxcontrib_keikaku.output.lang import is_source_text, part_language, source_text
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_keikaku.core.values import Value


#: What :meth:`Renderer.ref` notes for a page that has no URI in this output.
_OUTSIDE = "\0outside"


class Renderer:
    """Makes the nodes of one document's placeholders."""

    def __init__(self, app: Sphinx, plan: Plan, fromdocname: str) -> None:
        self.app = app
        self.plan = plan
        self.fromdocname = fromdocname
        self.style = app.config.keikaku_year_style
        self.language = app.config.language
        self.unit = app.config.keikaku_amount_unit
        self.japanese = (self.language or "").split("_")[0] == "ja"
        self._uris: dict[str, str] = {}
        #: lang of the plan's untranslated text, in HTML (:mod:`.lang`)
        self.part_language = (
            part_language(app.config) if app.builder.format == "html" else None
        )
        #: writes tables as raw HTML, where the builder allows
        self.html_writer = (
            HTMLTableWriter.for_builder(app.builder)
            if app.builder.format == "html"
            else None
        )

    # -- small pieces -----------------------------------------------------

    def year(self, year: int) -> str:
        return format_fiscal_year(year, style=self.style, language=self.language)

    def ref(self, obj: PlanObject, with_title: bool = True) -> nodes.Node:
        """A link to *obj*, as :func:`sphinx.util.nodes.make_refnode` makes it."""
        text = f"{obj.id} {obj.title}" if with_title and obj.title else obj.id
        content: list[nodes.Node] = [nodes.Text(text)]
        if text != obj.id and is_source_text(obj.title, self.part_language):
            content = [nodes.Text(f"{obj.id} "), self.source_text(obj.title)]
        target = self.ref_target(obj)
        if target is None:
            return nodes.inline("", "", *content, classes=["keikaku-ref"])
        kind, value = target
        return nodes.reference(
            "",
            "",
            *content,
            internal=True,
            reftitle=obj.id,
            classes=["keikaku-ref"],
            **{kind: value},
        )

    def ref_target(self, obj: PlanObject) -> tuple[str, str] | None:
        """Where :meth:`ref` links: ``("refid", id)`` on this page, else
        ``("refuri", uri)``; None for a page outside this output."""
        if obj.docname == self.fromdocname:
            return ("refid", obj.id)
        uri = self._uris.get(obj.docname)
        if uri is None:
            # once per target page: a plan-wide table links to thousands
            # of objects on a few dozen pages
            try:
                uri = self.app.builder.get_relative_uri(self.fromdocname, obj.docname)
            except NoUri:
                # a page outside this book (a second latex_documents
                # entry, such as an evaluation report): text, no link
                uri = _OUTSIDE
            self._uris[obj.docname] = uri
        if uri is _OUTSIDE:
            return None
        # A URI that is a fragment only is this very page (singlehtml
        # puts every document on one): there the object's id is its
        # anchor, and "#document-x#id" would be no anchor at all.
        if uri.startswith("#"):
            return ("refid", obj.id)
        return ("refuri", f"{uri}#{obj.id}")

    def source_text(self, text: str) -> nodes.Node:
        """The plan's *text*, marked with its language if untranslated."""
        return source_text(text, self.part_language)

    def ref_or_missing(self, object_id: str) -> nodes.Node:
        obj = self.plan.objects.get(object_id)
        if obj is None:
            return nodes.inline(
                "", _("%s (unknown)") % object_id, classes=["keikaku-missing"]
            )
        return self.ref(obj)

    def line(
        self,
        label: str,
        items: Iterable[Cell],
        sep: str = ", ",
        classes: Sequence[str] = ("keikaku-nav",),
    ) -> nodes.paragraph:
        para = nodes.paragraph(classes=list(classes))
        if label:
            para += nodes.inline("", label, classes=["keikaku-label"])
            para += nodes.Text(" ")
        for index, item in enumerate(items):
            if index:
                para += nodes.Text(sep)
            para += cell_content(item)
        return para

    def facts(self, pairs: Iterable[tuple[str, str]]) -> list[nodes.Node]:
        shown = [(label, value) for label, value in pairs if value]
        if not shown:
            return []
        para = nodes.paragraph(classes=["keikaku-facts"])
        for index, (label, value) in enumerate(shown):
            if index:
                para += nodes.Text(" ／ " if self.japanese else " / ")
            para += nodes.inline("", label, classes=["keikaku-label"])
            if is_source_text(value, self.part_language):
                para += nodes.Text(" ")
                para += self.source_text(value)
            else:
                para += nodes.Text(f" {value}")  # one text, as the search sees it
        return [para]

    def bullets(self, items: Iterable[nodes.Node]) -> nodes.bullet_list:
        bullet_list = nodes.bullet_list(classes=["keikaku-list"])
        for item in items:
            list_item = nodes.list_item()
            list_item += (
                item
                if isinstance(item, nodes.paragraph)
                else nodes.paragraph("", "", item)
            )
            bullet_list += list_item
        return bullet_list

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        numeric_from: int = 1,
        classes: Sequence[str] = (),
        title: str = "",
        caption: str = "",
    ) -> nodes.Element:
        """A table whose columns from *numeric_from* on hold numbers, in its
        scroll region; *caption* names it for screen readers (no *title*).

        In an HTML page it is the markup the nodes would give, as one raw
        node that search indexes (an edit writes its page again, and the
        nodes of a page's dozens of small tables were most of its doctree)."""
        table: nodes.Element | None = None
        if self.html_writer is not None:
            table = table_raw(
                self.html_writer,
                headers,
                rows,
                numeric_from,
                classes,
                title,
                "",
                caption,
                searched=True,
            )
        if table is None:
            table = table_node(
                headers, rows, numeric_from, classes, title, caption=caption
            )
        return scrolling(table, title or caption)

    def with_unit(self, value: Value, unit: str) -> str:
        """``21組織`` in Japanese, ``21 groups`` (but ``80.0%``) otherwise."""
        text = format_value(value)
        if not isinstance(value, Decimal) or not unit:
            return text
        if self.japanese or unit in ("%", "‰", "％"):
            return f"{text}{unit}"
        return f"{text} {unit}"

    def parenthesised(self, text: str) -> str:
        """Full-width brackets in Japanese; pdflatex cannot typeset them."""
        return f"（{text}）" if self.japanese else f" ({text})"

    def indicator_chart(self, indicator: Indicator) -> list[nodes.Node]:
        """The chart of *indicator*, if it has numbers to draw."""
        from sphinxcontrib_keikaku.output.charts import chart_node, indicator_spec

        spec = indicator_spec(indicator, year_style=self.style, language=self.language)
        return [] if spec is None else [chart_node(self.app, spec)]
