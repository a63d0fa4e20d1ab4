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
    HTMLTableWriter,
    table_node,
    table_raw,
)
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class PlanTables(Renderer):
    """Renders the plan-wide tables of one document."""

    def __init__(
        self, app: Sphinx, plan: Plan, fromdocname: str, doctree: nodes.document
    ) -> None:
        super().__init__(app, plan, fromdocname)
        self.doctree = doctree
        self.html_writer = (
            HTMLTableWriter.for_builder(app.builder)
            if app.builder.format == "html"
            else None
        )
        self._number = 0
        self._year_notes: dict[int, nodes.inline] = {}

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
