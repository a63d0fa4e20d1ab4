"""One HTML id per anchor (issue 19, item 5): a plan object keeps its id as
its anchor, a heading or label that would take it gets another, and ids are
unique ignoring case."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from conftest import BuildResult

Build = Callable[..., BuildResult]


class _Page(HTMLParser):
    """Every element with an id (tag, classes) and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.elements: dict[str, tuple[str, list[str]]] = {}
        self.links: list[tuple[str, list[str], str]] = []  # href, classes, text
        self._open: list[tuple[str, list[str]]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if values.get("id"):
            self.ids.append(values["id"] or "")
            self.elements[values["id"] or ""] = (tag, classes)
        if tag == "a" and values.get("href"):
            self._open.append((values["href"] or "", classes))
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, classes = self._open.pop()
            self.links.append((href, classes, "".join(self._text).strip()))


def _page(result: BuildResult, docname: str) -> _Page:
    page = _Page()
    page.feed(result.html(docname))
    return page


def _unique_ids(page: _Page) -> None:
    repeated = [i for i, n in Counter(page.ids).items() if n > 1]
    assert repeated == []


def test_every_id_is_unique_and_links_land_on_their_target(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("anchors"))
    pages = {name: _page(result, name) for name in ("index", "rst", "links")}
    for page in pages.values():
        _unique_ids(page)
    index, rst = pages["index"], pages["rst"]
    # the objects own their ids: blocks, not sections
    for object_id in ("plan", "m1", "later", "V1", "I1"):
        _tag, classes = index.elements[object_id]
        assert "keikaku-object" in classes, object_id
    for object_id in ("fires", "drills"):
        assert "keikaku-object" in rst.elements[object_id][1], object_id
    # the headings and labels moved aside, and are still sections
    for moved in ("plan-1", "m1-1", "later-1"):
        assert index.elements[moved][0] == "section", moved
    assert rst.elements["fires-1"][0] == "section"
    assert rst.elements["drills-1"][0] == "section"

    def target(href: str) -> tuple[str, list[str]]:
        doc, _, anchor = href.partition("#")
        return pages[doc.removesuffix(".html") or "links"].elements[anchor]

    links = pages["links"].links
    # sphinx-needs' need role and keikaku's own links land on the objects
    by_text = {text: href for href, _classes, text in links}
    for object_id in ("plan", "m1", "later", "fires", "drills"):
        # sphinx-needs writes "Title (id)"
        href = next(h for t, h in by_text.items() if t.endswith(f"({object_id})"))
        assert href.endswith(f"#{object_id}")
        assert "keikaku-object" in target(href)[1], (object_id, href)
    keikaku_refs = [h for h, classes, _t in links if "keikaku-ref" in classes]
    assert keikaku_refs
    for href in keikaku_refs:
        assert "keikaku-object" in target(href)[1], href
    # {ref} lands on the section the label names (the sidebar's toctree
    # links to whole pages)
    refs = {t: h for h, _c, t in links if "#" in h and t in ("Measures", "Fires")}
    assert refs == {"Measures": "index.html#m1-1", "Fires": "rst.html#fires-1"}
    for href in refs.values():
        assert target(href)[0] == "section"
    # the toctree links to the moved heading
    toc = [h for h, _c, t in pages["index"].links if t == "Drills"]
    assert toc == ["rst.html#drills-1"]
    assert target(toc[0])[0] == "section"


def test_collisions_are_reported_at_the_heading_or_label(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("anchors"))
    assert result.status == 0  # a warning: both anchors work
    warnings = result.warnings
    for line, what, object_id, fresh in (
        ("index.md:1", "the heading 'Plan'", "plan", "plan-1"),
        ("index.md:12", "the label 'm1'", "m1", "m1-1"),
        ("index.md:30", "the heading 'Later'", "later", "later-1"),
        ("rst.rst:1", "the label 'fires'", "fires", "fires-1"),
        ("rst.rst:17", "the heading 'Drills'", "drills", "drills-1"),
    ):
        assert re.search(
            rf"{re.escape(line)}: WARNING: {what} has the HTML id {object_id} of "
            rf".*; the object keeps #{object_id}, {what} gets #{fresh}: .*"
            r"\[keikaku\.duplicate-id\]",
            warnings,
        ), (line, warnings)
    # reported on every build, like every finding
    src = result.srcdir
    assert build(src).warnings.count("duplicate-id") == 5


def test_two_objects_with_one_id_on_a_page_give_one_anchor(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("anchors")
    page = src / "index.md"
    page.write_text(
        page.read_text() + "\n```{vision} Again\n:id: V1\n```\n", encoding="utf8"
    )
    result = build(src)
    assert result.status == 1
    assert "[keikaku.duplicate-id]" in result.warnings
    index = _page(result, "index")
    _unique_ids(index)
    # the first keeps it: the plan and every link hold the first
    assert "keikaku-object" in index.elements["V1"][1]
    html = result.html("index")
    assert html.index('id="V1"') < html.index("Safe city") < html.index("Again")


def test_ids_differing_only_in_case_are_duplicates(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("anchors")
    page = src / "links.md"
    text = page.read_text()
    start = text.count("\n") + 2
    page.write_text(
        text + "\n```{measure} Shouting\n:id: M1\n:vision: V1\n```\n", encoding="utf8"
    )
    result = build(src)
    assert result.status == 1
    assert re.search(
        rf"links\.md:{start}: ERROR: the id M1 of Measure M1 \"Shouting\" differs "
        r"only in case from m1 of Measure m1 \"Preparedness\" \(document index, "
        r"line \d+\); ids are unique ignoring case.* \[keikaku\.duplicate-id\]",
        result.warnings,
    ), result.warnings


def test_a_link_in_the_wrong_case_suggests_the_id(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("anchors")
    page = src / "links.md"
    page.write_text(
        page.read_text()
        + "\n```{indicator} Shouting\n:id: I9\n:measure: PLAN\n:target: 2027: 1\n```\n",
        encoding="utf8",
    )
    result = build(src)
    assert re.search(
        r"ERROR: :measure: of Indicator I9 \"Shouting\" names PLAN, which does not "
        r"exist; did you mean plan\? \[keikaku\.unknown-id\]",
        result.warnings,
    ), result.warnings
