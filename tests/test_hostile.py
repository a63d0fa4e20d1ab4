"""Hostile text: markup in titles, departments, units, sources, codes, data
values and table captions is text wherever keikaku publishes it (issue 9).

``tests/roots/test-hostile`` writes ``<script>``, attribute-breaking quotes
(``"><img src=x onerror=…>``, ``' onfocus='…'``), ``&`` and ``&amp;`` into
every field an author or a data file fills, in reStructuredText (the value as
written), in MyST (quoted YAML) and in ``data/values.csv``.  Every page is
parsed: no element, attribute or script may come from the plan.  The open
data files hold the same text as data.  The PDF test extends
``test_pdf.py::test_latex_specials_do_not_break_the_pdf`` to table captions,
budget departments, codes, accounts and data-file values.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import TEX_TOOLS, BuildResult, latexpdf, require_tools

Build = Callable[..., BuildResult]

# The captions of tables.md, as the reader must see them.
CAPTIONS = [
    '<script>alert("caption-coverage")</script> "><img src=x '
    'onerror=alert("caption")> 50% & _ # $ { } ~ ^ \\',
    '<script>alert("caption-matrix")</script> 表 % & _ # $ { } ~ ^ \\',
    '"><img src=x onerror=alert("caption-evaluation")>',
    '<script>alert("caption-budget")</script> 予算 % & _ # $',
]
UNIT = '千円<script>alert("unit")</script> & 100%'


class Page(HTMLParser):
    """What a browser would make of a page: its elements and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    @property
    def words(self) -> str:
        """The text with white space collapsed, as a reader sees it."""
        return " ".join("".join(self.text).split())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    from conftest import ROOTS, run_build

    tmp = tmp_path_factory.mktemp("hostile")
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    result = run_build(src, tmp / "html")
    assert result.status == 0, result.warnings
    assert "Traceback" not in result.warnings
    return result


def plan_objects(result: BuildResult) -> dict[str, dict[str, Any]]:
    text = (result.outdir / "keikaku" / "plan.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {o["id"]: o for o in data["objects"]}


def _texts(obj: dict[str, Any]) -> list[str]:
    """Every text an author or a data file gave the object."""
    texts = [
        obj.get(field) or ""
        for field in ("title", "department", "unit", "source", "code", "account")
    ]
    for field in ("target", "actual", "estimate"):
        texts += [v for v in (obj.get(field) or {}).values() if isinstance(v, str)]
    return [" ".join(t.split()) for t in texts if t.strip()]


def injections(page: Page) -> list[str]:
    """Elements, attributes and scripts that can only come from the plan's
    text: event handlers, the payloads' img/svg, inline scripts calling
    alert (Sphinx's own inline scripts do not)."""
    found: list[str] = []
    for tag, attrs in page.tags:
        handler = any(name.startswith("on") for name in attrs) or "autofocus" in attrs
        payload = (tag == "img" and attrs.get("src") == "x") or tag == "svg"
        if handler or payload:
            found.append(f"<{tag} {attrs}>")
    found += [
        body for attrs, body in page.scripts if not attrs.get("src") and "alert" in body
    ]
    return found


@pytest.mark.parametrize(
    ("html", "injected"),
    [
        (
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x&gt;</p>",
            False,
        ),
        ('<a title="&quot; onmouseover=&quot;alert(1)">x</a>', False),
        ('<script src="_static/a.js"></script><script>var a = 1;</script>', False),
        ("<p><script>alert(1)</script></p>", True),
        ('<p>"><img src=x onerror=alert(1)></p>', True),
        ('<a title="" onmouseover="alert(1)">x</a>', True),
        ("<span title='' onfocus='alert(1)' autofocus=''>x</span>", True),
        ("<p><svg/onload=alert(1)></p>", True),
    ],
)
def test_the_page_check_sees_injections(html: str, injected: bool) -> None:
    page = Page()
    page.feed(html)
    page.close()
    assert bool(injections(page)) is injected


def test_no_page_holds_markup_from_the_plan(hostile: BuildResult) -> None:
    pages = sorted(hostile.outdir.rglob("*.html"))
    assert {"plan.html", "more.html", "tables.html", "index.html"} <= {
        p.name for p in pages
    }
    for path in pages:
        assert injections(parse(path)) == [], path.name


def test_every_hostile_text_is_shown_as_text(hostile: BuildResult) -> None:
    """Escaped, not dropped: each text is on the page of its object, as the
    author wrote it (``&amp;`` stays ``&amp;``)."""
    found = plan_objects(hostile)
    assert {"V1", "M1", "I1", "I2", "B1", "V2", "M2", "I3", "B2"} <= found.keys()
    words = {
        path.relative_to(hostile.outdir).with_suffix("").as_posix(): parse(path).words
        for path in hostile.outdir.rglob("*.html")
    }
    checked = 0
    for obj in found.values():
        for text in _texts(obj):
            assert text in words[obj["document"]], (obj["id"], text)
            checked += 1
    assert checked >= 25
    # the values of the data file, on the page of their indicator
    for text in (
        '<script>alert("data-actual")</script>',
        '"><img src=x onerror=alert("data-estimate")>',
        '達成 100% & _#$ {x} ~^\\ </td><script>alert("data")</script>',
    ):
        assert text in words["plan"] + words["more"], text
    assert "' onmouseover='alert(\"indicator\")' &amp;" in words["plan"]
    for caption in CAPTIONS:
        assert caption in words["tables"], caption
    assert UNIT in words["tables"] and UNIT in words["plan"]
    # a hostile "id" in a link is no id: refused while reading (keikaku.value),
    # it is not shown as a link at all
    assert 'alert("link")' not in words["plan"]


def test_chart_pictures_and_their_alt_text_are_safe(hostile: BuildResult) -> None:
    """Charts are pictures: no script in them, and the alt text holds the
    indicator's title as text."""
    svgs = [p for p in hostile.outdir.rglob("*.svg") if "_static" not in p.parts]
    for svg in svgs:
        root = ET.parse(svg).getroot()  # well-formed XML
        for element in root.iter():
            assert not element.tag.endswith("script"), svg
            assert not [a for a in element.attrib if a.lower().startswith("on")], svg
    alts = [
        attrs.get("alt") or ""
        for path in hostile.outdir.rglob("*.html")
        for tag, attrs in parse(path).tags
        if tag == "img"
        and "keikaku" in (attrs.get("src") or "") + (attrs.get("class") or "")
    ]
    # keikaku_charts is on by default: the indicators with numbers have charts
    assert svgs and alts
    assert any('<script>alert("indicator")</script>' in alt for alt in alts)
    assert any('数値指標 <svg onload=alert("svg")>' in alt for alt in alts)


def test_open_data_holds_the_text_as_data(hostile: BuildResult) -> None:
    export = hostile.outdir / "keikaku"

    def refuse(constant: str) -> None:
        raise AssertionError(constant)

    data = json.loads((export / "plan.json").read_text("utf-8"), parse_constant=refuse)
    assert data["amount_unit"] == UNIT
    found = {o["id"]: o for o in data["objects"]}
    assert (
        found["V1"]["title"] == '<script>alert("vision")</script> & "quoted" \'single\''
    )
    assert found["M2"]["department"] == '"><script>alert("myst-department")</script>'
    assert found["I1"]["actual"]["2025"] == '<script>alert("data-actual")</script>'
    assert found["I1"]["title"].endswith("' onmouseover='alert(\"indicator\")' &amp;")
    assert found["B1"]["code"] == '"><img src=x onerror=alert("code")>'

    def rows(name: str) -> list[dict[str, str]]:
        raw = (export / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))

    evaluation = {r["indicator"]: r for r in rows("evaluation.csv")}
    assert evaluation["I1"]["title"] == found["I1"]["title"]
    assert evaluation["I1"]["unit"] == '"><img src=x onerror=alert("unit")>人'
    assert evaluation["I1"]["target"] == '<script>alert("target")</script>'
    assert evaluation["I3"]["actual"] == found["I3"]["actual"]["2025"]
    values = {
        (r["id"], r["field"], r["fiscal_year"]): r["value"] for r in rows("values.csv")
    }
    assert (
        values[("I1", "estimate", "2026")]
        == '"><img src=x onerror=alert("data-estimate")>'
    )
    coverage = {r["vision"]: r for r in rows("coverage.csv")}
    assert coverage["V2"]["title"] == found["V2"]["title"]
    budget = {r["vision"]: r for r in rows("budget.csv")}
    assert budget["V1"]["title"] == found["V1"]["title"]


def test_other_published_data_is_valid(hostile: BuildResult) -> None:
    """The search index and sphinx-needs' files stay parseable with the
    hostile titles in them."""
    index = (hostile.outdir / "searchindex.js").read_text("utf-8")
    start, end = index.index("(") + 1, index.rindex(")")
    assert json.loads(index[start:end])["titles"]
    for name in ("needs.json", "schema_violations.json"):
        path = hostile.outdir / name
        if path.exists():
            json.loads(path.read_text("utf-8"))


def _formula(cell: str) -> bool:
    """Whether a spreadsheet would run *cell* as a formula (CWE-1236)."""
    if not cell or cell[0] not in "=+-@\t\r":
        return False
    try:
        Decimal(cell)
    except InvalidOperation:
        return True
    return False  # a negative number is a number


def test_csv_exports_hold_no_formulas(hostile: BuildResult) -> None:
    for path in sorted((hostile.outdir / "keikaku").glob("*.csv")):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            formulas = [cell for cell in row if _formula(cell)]
            assert formulas == [], (path.name, row)


def test_hostile_text_and_latex_specials_in_the_pdf(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    """Captions, departments of budget tables, codes, accounts and data-file
    values with ``% & _ # $ { } ~ ^ \\`` (and HTML) reach the PDF as text."""
    require_tools(*TEX_TOOLS, "pdftotext")
    build = tmp_path / "build"
    latexpdf(copy_root("hostile"), build)
    pdf = build / "latex" / "hostile.pdf"
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    text = "".join(out.stdout.split())
    for expected in (
        *CAPTIONS[1:],
        "50%&_#${}~^\\",  # the coverage caption, after its HTML
        "課%&_#${}~^\\",  # a department in the budget table by department
        "事業%&_#${}~^\\",  # a budget link's title
        '"><imgsrc=xonerror=alert("code")>',  # a code
        "達成100%&_#${x}~^\\",  # a value from the data file
        '千円<script>alert("unit")</script>&100%',  # the amount unit
    ):
        assert "".join(expected.split()) in text, expected
