"""Counting the rows of keikaku's tables in a PDF against the HTML site
(issue 29: the PDF is the official copy, and must never lose a row).

The HTML of a book's pages, in the order the LaTeX builder puts them
(the start document, then its toctree, depth first), gives every keikaku
table and the rows of its body. In the PDF's text (``pdftotext``, white
space removed) the tables must come in the same order, and each row shows
the start of its first cell: an id such as ``M4-1-2`` or a label such as
``基準値``. A row is counted when its key is found after the previous row
of its table, within the table's reach (twice its HTML text, and a margin
for the head repeated on each page); a row printed beyond the page, where
``pdftotext`` does not see it, or not at all, is missing.
"""

from __future__ import annotations

import pickle
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

__all__ = ["Table", "book_docs", "html_tables", "missing_rows", "pdf_text"]

#: Characters of the first cell that make a row's key (one line of a
#: readable name column holds at least four).
KEY_CHARS = 3
#: What may stand between two rows beyond twice the first one's text and
#: the table's head (repeated on a new page): the foot and head of a page.
MARGIN = 200
#: How many places of a table's first key are tried as its start.
CANDIDATES = 50


@dataclass
class Table:
    """One keikaku table of the HTML: where it is, its rows' keys."""

    docname: str
    index: int
    keys: list[str]
    #: each row's text in characters (white space removed)
    lengths: list[int]
    #: the text of the table's head, in characters
    head: int = 0
    found: list[bool] = field(default_factory=list)


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _key(cell_text: str) -> str:
    words = cell_text.split()
    if not words:
        return ""
    first = unicodedata.normalize("NFKC", words[0])
    if all(unicodedata.east_asian_width(c) in "NaH" for c in first):
        return first  # an id or a number: one unbreakable word
    return first[:KEY_CHARS]


def book_docs(doctrees: Path, start: str) -> list[str]:
    """The documents of the book that starts at *start*, in its order."""
    with (doctrees / "environment.pickle").open("rb") as file:
        env = pickle.load(file)
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(start)
    return order


def html_tables(html_dir: Path, docnames: list[str]) -> list[Table]:
    """Every keikaku table of the pages, in order, with its body rows."""
    tables: list[Table] = []
    for docname in docnames:
        page = BeautifulSoup(
            (html_dir / f"{docname}.html").read_text(encoding="utf8"), "html.parser"
        )
        main = page.find(attrs={"role": "main"}) or page
        assert isinstance(main, Tag)
        for index, table in enumerate(main.select("table.keikaku-table")):
            if table.find_parent("table") is not None:
                continue  # a table in a cell is counted with its own
            rows = [row for row in table.select("tbody > tr") if row.find(["th", "td"])]
            keys = [_key(row.find(["th", "td"]).get_text(" ")) for row in rows]  # type: ignore[union-attr]
            lengths = [len(_squeeze(row.get_text())) for row in rows]
            thead = table.find("thead")
            head = len(_squeeze(thead.get_text())) if thead is not None else 0
            tables.append(Table(docname, index, keys, lengths, head))
    return tables


def pdf_text(pdf: Path) -> str:
    """The PDF's text, white space removed, in NFKC."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return _squeeze(out.stdout)


def _chain(table: Table, text: str, first: int) -> tuple[list[bool], int]:
    """Which rows of *table* follow its first row found at *first*, each
    within reach of the row before it; and where the table ends."""
    found = [True]
    last = cursor = first + len(table.keys[0])
    room = table.head + MARGIN
    reach = 2 * table.lengths[0] + room
    for key, length in zip(table.keys[1:], table.lengths[1:], strict=True):
        at = text.find(key, cursor) if key else cursor
        if at < 0 or at - last > reach:
            found.append(False)
            reach += 2 * length  # the next row may come after this one's room
            continue
        found.append(True)
        last = at
        cursor = at + len(key)
        reach = 2 * length + room
    return found, cursor


def missing_rows(tables: list[Table], text: str) -> list[str]:
    """Each row of *tables* not found in *text* in its place, as
    ``docname table n: row m (key)``; an empty list when all are there.

    A table's first key may also stand earlier in the text (an id in a
    paragraph): of its next :data:`CANDIDATES` places, the one after which
    most of its rows follow is the table's."""
    cursor = 0
    missing: list[str] = []
    for table in tables:
        if not table.keys:
            continue
        best: tuple[list[bool], int] | None = None
        at = cursor
        for _ in range(CANDIDATES):
            at = text.find(table.keys[0], at) if table.keys[0] else at
            if at < 0:
                break
            chain = _chain(table, text, at)
            if best is None or sum(chain[0]) > sum(best[0]):
                best = chain
            at += 1
        if best is None:
            best = ([False] * len(table.keys), cursor)
        table.found, cursor = best
        missing += [
            f"{table.docname} table {table.index + 1}: row {number} ({key})"
            for number, (key, found) in enumerate(
                zip(table.keys, table.found, strict=True), start=1
            )
            if not found
        ]
    return missing
