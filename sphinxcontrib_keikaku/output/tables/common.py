"""What every plan-wide table shares: its renderer, its id, its HTML.

:class:`PlanTables` renders the placeholders of one document. Each table is
kept out of the search index (class ``no-search``: the words of a plan-wide
table are indexed on the objects' own pages; indexing them again makes
every search hit the tables page too, and Japanese word splitting of
thousands of cells is the costliest part of writing such a page), gets an
id of its own, and in an HTML page is written as one block of HTML where
:class:`~sphinxcontrib_keikaku.output.htmltables.HTMLTableWriter` allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.model import Plan
from sphinxcontrib_keikaku.output.a11y import scrolling
from sphinxcontrib_keikaku.output.htmltables import (
    Cell,
    Markup,
    table_node,
    table_raw,
)
from sphinxcontrib_keikaku.output.lang import is_source_text
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_keikaku.core.model import PlanObject


class PlanTables(Renderer):
    """Renders the plan-wide tables of one document."""

    def __init__(
        self, app: Sphinx, plan: Plan, fromdocname: str, doctree: nodes.document
    ) -> None:
        super().__init__(app, plan, fromdocname)
        self.doctree = doctree
        self._number = 0
        self._year_notes: dict[int, nodes.inline] = {}
        self._ref_cells: dict[str, Markup] = {}

    def year_note(self, year: int) -> nodes.inline:
        """``(FY2025)`` in smaller type, after a value. One node per year for
        the whole page: a table places a node again as a copy, and its HTML
        markup is made once."""
        note = self._year_notes.get(year)
        if note is None:
            note = self._year_notes[year] = nodes.inline(
                "", f"({self.year(year)})", classes=["keikaku-year"]
            )
        return note

    # -- cells of a plan-wide table -------------------------------------------
    # Where the table is written as raw HTML, its links and values are markup
    # at once (:class:`.Markup`), not nodes: see there why.

    def cell_ref(self, obj: PlanObject) -> Cell:
        """A link to *obj* in a plan-wide table's cell (see :meth:`ref`)."""
        kept = self._ref_cells.get(obj.id)
        if kept is not None:
            return kept
        cell = self._ref_cell(obj)
        if isinstance(cell, Markup):
            # markup, unlike a node, may stand in any number of cells
            self._ref_cells[obj.id] = cell
        return cell

    def _ref_cell(self, obj: PlanObject) -> Cell:
        writer = self.html_writer
        text = f"{obj.id} {obj.title}" if obj.title else obj.id
        target = self.ref_target(obj)
        if (
            writer is None
            or target is None
            or (text != obj.id and is_source_text(obj.title, self.part_language))
        ):
            return self.ref(obj)  # nodes (a title marked with its language)
        kind, value = target
        # the markup HTMLTableWriter.inline writes for the node of ref()
        start = writer.link_start(
            ["keikaku-ref", "reference", "internal"],
            value if kind == "refuri" else f"#{value}",
            obj.id,
        )
        return Markup(f"{start}{writer.encode(text)}</a>")

    def cell_strong(self, content: Cell) -> Cell:
        """*content* (text or :meth:`cell_ref`) in bold."""
        writer = self.html_writer
        if writer is not None and isinstance(content, str):
            text = content if isinstance(content, Markup) else writer.encode(content)
            return Markup(writer.element("strong", text))
        if isinstance(content, str):
            return nodes.strong("", content)
        children = content if isinstance(content, list) else [content]
        return nodes.strong("", "", *children)

    def cell_value(self, text: str, year: int | None) -> Cell:
        """A value and, if given, its fiscal year in smaller type below."""
        if year is None:
            return text
        writer = self.html_writer
        if writer is None:
            return [nodes.Text(text + " "), self.year_note(year)]
        note = writer.element(
            "span", writer.encode(f"({self.year(year)})"), ["keikaku-year"]
        )
        return Markup(writer.encode(text + " ") + note)

    def cell_label(self, indent: str, obj: PlanObject, mark: str = "") -> Cell:
        """An indented link to *obj*, with a footnote *mark* if given."""
        ref = self.cell_ref(obj)
        writer = self.html_writer
        if isinstance(ref, Markup) and writer is not None:
            sup = writer.element("sup", writer.encode(mark)) if mark else ""
            return Markup(writer.encode(indent) + ref + sup)
        assert isinstance(ref, nodes.Node)  # ref()'s node: no writer, or a lang span
        label: list[nodes.Node] = [nodes.Text(indent), ref]
        if mark:
            label.append(nodes.superscript("", mark))
        return label

    def wide_table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        numeric_from: int = 1,
        classes: Sequence[str] = (),
        title: str = "",
    ) -> nodes.Element:
        """A plan-wide table: raw HTML where it may be, a table otherwise."""
        classes = [*classes, "no-search"]
        table_id = self.table_id()
        node: nodes.Element | None = None
        if self.html_writer is not None:
            node = table_raw(
                self.html_writer, headers, rows, numeric_from, classes, title, table_id
            )
        if node is None:
            node = table_node(headers, rows, numeric_from, classes, title, table_id)
        # kept in the document's ids, so that no later id takes this one
        self.doctree.ids[table_id] = node
        return scrolling(node, title)

    def table_id(self) -> str:
        """The next free ``keikaku-table-<n>`` of the page.

        A captioned table needs an id for Sphinx's numbering and its
        permalink. Not docutils' "id<n>": MyST gives Japanese headings those
        too, and LaTeX labels would clash. Counting keikaku's own tables
        keeps an anchor where it was when a heading is added above it."""
        while True:
            self._number += 1
            candidate = f"keikaku-table-{self._number}"
            if candidate not in self.doctree.ids:
                return candidate

    def count_share(self, row: analysis.CoverageRow, count: int) -> str:
        share = row.share(count)
        return f"{count} ({format_rate(share)})" if share is not None else str(count)

    def scope(self, options: dict[str, Any]) -> list[str | None]:
        """The visions a table is made for, one table each (None: the plan)."""
        visions: list[str] = options.get("vision") or []
        return list(visions) or [None]

    def summary_charts_wanted(self, options: dict[str, Any]) -> bool:
        return bool(self.app.config.keikaku_charts) and "no-chart" not in options

    def open_data_links(self, csv_name: str) -> nodes.paragraph:
        """Links to the open data files a table mirrors (whole plan)."""
        from sphinx.util.osutil import relative_uri

        from sphinxcontrib_keikaku.output.opendata import EXPORT_DIR

        here = self.app.builder.get_target_uri(self.fromdocname)
        para = nodes.paragraph(classes=["keikaku-open-data"])
        para += nodes.inline(
            "", _("Open data (whole plan):"), classes=["keikaku-label"]
        )
        for index, name in enumerate((csv_name, "plan.json")):
            para += nodes.Text(" " if index == 0 else " · ")
            para += nodes.reference(
                "",
                name,
                refuri=relative_uri(here, f"{EXPORT_DIR}/{name}"),
                internal=False,
            )
        return para
