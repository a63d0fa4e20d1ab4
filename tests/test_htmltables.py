"""keikaku writes its plan-wide tables to HTML exactly as Sphinx's translator
would, and gives every other builder (and any doubt) docutils nodes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BuildResult
from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from sphinxcontrib_keikaku.output import htmltables

Build = Callable[..., BuildResult]

#: The wrapper the translator writes around a raw node with a class.
_WRAPPED = re.compile(r'<div class="no-search">(<table .*?</table>\n)</div>', re.S)


def _pages(result: BuildResult, unwrap: bool = False) -> dict[str, str]:
    pages = {}
    for path in sorted(result.outdir.rglob("*.*htm*")):
        text = path.read_text(encoding="utf8")
        pages[str(path.relative_to(result.outdir))] = (
            _WRAPPED.sub(r"\1", text) if unwrap else text
        )
    return pages


@pytest.fixture
def count_raw(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many tables were written as raw HTML."""
    calls = [0]
    original = htmltables.table_raw

    def counting(*args: object) -> nodes.raw | None:
        node = original(*args)  # type: ignore[arg-type]
        calls[0] += node is not None
        return node

    monkeypatch.setattr(
        "sphinxcontrib_keikaku.output.tables.common.table_raw", counting
    )
    yield calls


def _nodes_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        htmltables.HTMLTableWriter, "for_builder", classmethod(lambda cls, b: None)
    )


@pytest.mark.parametrize(
    ("root", "builder"),
    [
        ("tables", "html"),
        ("hostile", "html"),
        ("data", "dirhtml"),
        ("history", "html"),
    ],
)
def test_raw_tables_are_the_translators_tables(
    root: str,
    builder: str,
    copy_root: Callable[[str], Path],
    build: Build,
    count_raw: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = copy_root(root)
    fast = build(src, "-E", builder=builder, out="fast")
    assert count_raw[0] >= 2  # plan-wide tables were written as raw HTML
    _nodes_only(monkeypatch)
    slow = build(src, "-E", builder=builder, out="slow")
    assert fast.warnings == slow.warnings
    fast_pages, slow_pages = _pages(fast, unwrap=True), _pages(slow)
    assert fast_pages.keys() == slow_pages.keys()
    wrapped = sum(len(_WRAPPED.findall(text)) for text in _pages(fast).values())
    assert wrapped == count_raw[0]
    for name, text in fast_pages.items():
        assert text == slow_pages[name], name


def _pages_with(result: BuildResult, stem: str) -> set[str]:
    text = (result.outdir / "searchindex.js").read_text(encoding="utf8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    found = index["terms"].get(stem, [])
    return {
        index["docnames"][i] for i in ([found] if isinstance(found, int) else found)
    }


def test_raw_tables_stay_out_of_search(
    copy_root: Callable[[str], Path], build: Build, count_raw: list[int]
) -> None:
    """The raw tables are skipped by the indexer; an object's own page, with
    its value tables made of nodes, is indexed.

    "Grade" heads a column of the evaluation table and of the grade
    distribution, and is a fact of each measure on plan.md; "Baseline" is a
    row of each indicator's values table there.
    """
    result = build(copy_root("tables"))
    assert count_raw[0] >= 2
    assert '<div class="no-search"><table class="keikaku-table' in result.html(
        "evaluation"
    )
    assert _pages_with(result, "grade") == {"plan"}
    assert "plan" in _pages_with(result, "baselin")


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "latex", "text"])
def test_other_builders_get_nodes(
    builder: str,
    copy_root: Callable[[str], Path],
    build: Build,
    count_raw: list[int],
) -> None:
    result = build(copy_root("tables"), builder=builder)
    assert result.status == 0, result.warnings
    assert count_raw[0] == 0


def test_singlehtml_links_in_tables_are_fixed(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """Every document is on the one page: a link to an object is a link to
    its anchor there (Sphinx's "#document-plan#M1" would be no anchor)."""
    result = build(copy_root("tables"), builder="singlehtml")
    html = result.html("index")
    hrefs = re.findall(r'<a class="keikaku-ref[^"]*" href="([^"]*)"', html)
    assert len(hrefs) > 20
    broken = [h for h in hrefs if not h.startswith("#") or f'id="{h[1:]}"' not in html]
    assert not broken


def test_a_translator_of_its_own_is_honoured(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A theme that writes table cells its own way gets its cells, in every row."""
    src = copy_root("tables")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write(
            "\n"
            "from sphinx.writers.html5 import HTML5Translator\n"
            "class CellTranslator(HTML5Translator):\n"
            "    def visit_entry(self, node):\n"
            "        node['classes'].append('themed')\n"
            "        super().visit_entry(node)\n"
            "def setup(app):\n"
            "    app.set_translator('html', CellTranslator)\n"
        )
    result = build(src)
    assert result.status == 0, result.warnings
    html = result.html("evaluation")
    body = html[html.index("keikaku-evaluation") :]
    body = body[: body.index("</table>")]
    cells = re.findall(r"<t[dh]\b[^>]*>", body)
    assert len(cells) > 30
    assert all("themed" in cell for cell in cells), [
        c for c in cells if "themed" not in c
    ]


def test_a_table_style_of_docutils_conf_is_honoured(
    copy_root: Callable[[str], Path], build: Build, count_raw: list[int]
) -> None:
    src = copy_root("tables")
    (src / "docutils.conf").write_text(
        "[html writers]\ntable_style: booktabs\n", encoding="utf8"
    )
    result = build(src)
    assert result.status == 0, result.warnings
    assert count_raw[0] == 0
    assert re.search(
        r'<table class="keikaku-table keikaku-evaluation no-search docutils '
        r'booktabs align-default"',
        result.html("evaluation"),
    )


def _writer() -> htmltables.HTMLTableWriter:
    return htmltables.HTMLTableWriter(
        dict(HTML5Translator.special_characters),
        frozenset(HTML5Translator.supported_inline_tags),
        "¶",
        "Link to this table",
    )


@pytest.mark.parametrize(
    "cell",
    [
        nodes.reference("", "mail", refuri="mailto:city@example.org"),
        nodes.inline("", "x", ids=["an-id"]),
        nodes.image("", uri="logo.png"),
        nodes.literal("", "code"),
        nodes.reference("", "x", name="a name"),
    ],
)
def test_a_cell_the_writer_does_not_know_gets_nodes(cell: nodes.Node) -> None:
    writer = _writer()
    good = htmltables.table_raw(writer, ["a", "b"], [["x", "1"]], 1, [], "", "t1")
    assert good is not None
    bad = htmltables.table_raw(writer, ["a", "b"], [[cell, "1"]], 1, [], "", "t1")
    assert bad is None


def test_markup_is_escaped() -> None:
    writer = _writer()
    raw = htmltables.table_raw(
        writer,
        ["<b>", "&"],
        [['"x" @ <y>', nodes.reference("", "<a>", refuri='a.html#"q"')]],
        1,
        ["c"],
        "<title>",
        "t1",
    )
    assert raw is not None
    markup = raw.astext()
    assert "<b>" not in markup and "<y>" not in markup and "<title>" not in markup
    assert "&lt;b&gt;" in markup and "&amp;" in markup
    assert "&quot;x&quot; &#64; &lt;y&gt;" in markup
    assert 'href="a.html#&quot;q&quot;"' in markup


def test_cells_sharing_nodes() -> None:
    """A table maker may give many cells the same nodes (the history does):
    the raw markup writes each, and a table of nodes copies a node it
    places again, so every node has one parent."""
    shared = [nodes.strong("", "A"), nodes.Text(" ")]
    rows: list[list[htmltables.Cell]] = [["x", shared], ["y", shared], ["z", "B"]]
    raw = htmltables.table_raw(_writer(), ["a", "b"], rows, 1, [], "", "t1")
    assert raw is not None
    assert raw.astext().count("<strong>A</strong> ") == 2
    table = htmltables.table_node(["a", "b"], rows, 1)
    strongs = list(table.findall(nodes.strong))
    assert [s.astext() for s in strongs] == ["A", "A"]
    assert strongs[0] is not strongs[1]
    for node in table.findall():
        for child in node.children if isinstance(node, nodes.Element) else ():
            assert child.parent is node


def test_markup_cells_are_written_as_they_are() -> None:
    """A plan-wide table's links and values come as markup where the table is
    raw HTML; should the table get nodes after all (another cell the writer
    does not know), the markup stays markup in the HTML page."""
    writer = _writer()
    link = htmltables.Markup('<a class="reference internal" href="p.html#M1">M1</a>')
    raw = htmltables.table_raw(writer, ["a", "b"], [[link, "1"]], 1, [], "", "t1")
    assert raw is not None
    assert f'<th scope="row"><p>{link}</p></th>' in raw.astext()
    rows: list[list[htmltables.Cell]] = [[link, "1"], [nodes.literal("", "x"), "2"]]
    assert htmltables.table_raw(writer, ["a", "b"], rows, 1, [], "", "t1") is None
    table = htmltables.table_node(["a", "b"], rows, 1)
    raws = list(table.findall(nodes.raw))
    assert [(node.astext(), node["format"]) for node in raws] == [(link, "html")]
    texts = [
        t for t in table.findall(nodes.Text) if not isinstance(t.parent, nodes.raw)
    ]
    assert texts == ["a", "b", "1", "x", "2"]  # the markup is not text to escape
