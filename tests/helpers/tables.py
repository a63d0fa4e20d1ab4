"""Reading the tables of a built HTML page as rows of cell texts."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from conftest import BuildResult


class TableParser(HTMLParser):
    """Collects every table as (caption, [[cell text]])."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            caption = " ".join("".join(self._caption).split())
            self.tables[-1] = (caption, self.tables[-1][1])
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """The captioned tables of *html*: caption -> rows of cell texts."""
    parser = TableParser()
    parser.feed(html)
    return {caption: rows for caption, rows in parser.tables if caption}


def table_rows(result: BuildResult, page: str, caption: str) -> list[list[str]]:
    """The rows of the table of *page* whose caption starts with *caption*."""
    found = tables(result.html(page))
    matches = [rows for name, rows in found.items() if name.startswith(caption)]
    assert matches, f"no table {caption!r} in {page}: {list(found)}"
    return matches[0]
