"""The accessible structure of keikaku's tables, in every builder, without a
browser: headers with ``scope``, row names as ``<th scope="row">``, no empty
header, a caption for every table, a scroll region around each one; the
same in the raw-HTML and the node path; LaTeX and text unchanged in kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.output import htmltables

Build = Callable[..., BuildResult]

_TABLE = re.compile(r"<table class=\"keikaku-table.*?</table>", re.S)
_REGION = re.compile(
    r'<div aria-label="([^"]*)" class="keikaku-scroll" role="region" tabindex="0">\n'
    r'(?:<div class="no-search">)?<table class="keikaku-table'
)


def _tables(result: BuildResult) -> dict[str, list[str]]:
    return {
        str(path.relative_to(result.outdir)): _TABLE.findall(
            path.read_text(encoding="utf8")
        )
        for path in sorted(result.outdir.rglob("*.html"))
    }


def _check_table(table: str) -> list[str]:
    problems: list[str] = []
    head = table[table.index("<thead>") : table.index("</thead>")]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    if re.search(r"<td\b", head):
        problems.append("a data cell in the head")
    for cell in re.findall(r"<th\b[^>]*>", head):
        if 'scope="col"' not in cell:
            problems.append(f"head cell without scope: {cell}")
    for cell_text in re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S):
        if not re.sub(r"<[^>]+>", "", cell_text).strip():
            problems.append("an empty header cell")
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S):
        first = re.match(r"\s*<(t[dh])\b([^>]*)>", row)
        if (
            first is None
            or first.group(1) != "th"
            or 'scope="row"' not in first.group(2)
        ):
            problems.append(f"a row without its header: {row[:80]}")
    if "<caption" not in table:
        problems.append("no caption")
    return problems


@pytest.mark.parametrize("nodes_only", [False, True], ids=["raw", "nodes"])
@pytest.mark.parametrize("root", ["tables", "basic", "rst"])
def test_every_table_has_headers_scopes_caption_and_region(
    root: str,
    nodes_only: bool,
    copy_root: Callable[[str], Path],
    build: Build,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if nodes_only:
        monkeypatch.setattr(
            htmltables.HTMLTableWriter, "for_builder", classmethod(lambda cls, b: None)
        )
    result = build(copy_root(root))
    assert result.status == 0, result.warnings
    tables = _tables(result)
    count = sum(len(found) for found in tables.values())
    assert count >= 2, tables.keys()
    problems = [
        f"{page}: {problem}"
        for page, found in tables.items()
        for table in found
        for problem in _check_table(table)
    ]
    assert not problems, "\n".join(problems)
    regions = sum(
        len(_REGION.findall(path.read_text(encoding="utf8")))
        for path in result.outdir.rglob("*.html")
    )
    assert regions == count  # every table in its own scroll region, named
    for path in result.outdir.rglob("*.html"):
        for label in _REGION.findall(path.read_text(encoding="utf8")):
            assert label.strip(), path


def test_value_table_names_itself_for_screen_readers_in_japanese(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("basic"))
    page = result.html("measures")
    assert (
        '<caption class="keikaku-sr-only no-search">'
        "I1-1-1-a 自主防災組織数 の年度別の値</caption>"
    ) in page
    assert 'aria-label="I1-1-1-a 自主防災組織数 の年度別の値"' in page
    assert '<th class="head" scope="col"><p>区分</p></th>' in page
    assert '<th scope="row"><p>基準値（組織）</p></th>' in page
    # the hidden caption is no search title of the page
    index = (result.outdir / "searchindex.js").read_text(encoding="utf8")
    assert "年度別の値" not in index


def test_latex_gets_no_hidden_caption_and_the_same_cells(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("basic"), builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "年度別の値" not in tex
    assert "予算事業の当初予算額" not in tex
    assert "区分" in tex and "基準値（組織）" in tex


def test_text_builder_writes_the_cells(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("basic"), builder="text")
    assert result.status == 0, result.warnings
    text = (result.outdir / "measures.txt").read_text(encoding="utf8")
    assert "区分" in text and "基準値（組織）" in text
    assert "年度別の値" not in text
