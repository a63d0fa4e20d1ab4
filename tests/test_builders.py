"""Every builder writes the example plan: no traceback, no keikaku warning,
and the plan's objects and numbers in what it writes.

One copy of ``example_plan`` (every keikaku directive, charts on, data files)
is built by each builder; the builders share one doctree directory, so the
plan is read and its charts drawn once per format (gettext needs a doctree
directory of its own: Sphinx says so). The numbers are taken from the HTML
tables and looked for, the same, in every other output.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult, run_build

EXAMPLE_PLAN = Path(__file__).parent.parent / "example_plan"

BUILDERS = [
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "text",
    "man",
    "texinfo",
    "gettext",
    "xml",
    "pseudoxml",
    "needs",
]

#: Warnings a builder gives about the project itself, not about keikaku: the
#: example plan has no version (EPUB3 wants one), and sphinx-needs writes a
#: permalink.html that epub does not know the type of.
NOT_KEIKAKU = re.compile(
    r'conf value "version" should not be empty for EPUB3'
    r"|\[epub\.unknown_project_files\]"
)

#: What each builder writes: files whose text holds the plan (not the open
#: data exports in keikaku/, not the sources or the search index).
OUTPUTS = {
    "html": "**/*.html",
    "dirhtml": "**/*.html",
    "singlehtml": "index.html",
    "epub": "**/*.xhtml",
    "latex": "*.tex",
    "text": "**/*.txt",
    "man": "*.1",
    "texinfo": "*.texi",
    "gettext": "*.pot",
    "xml": "**/*.xml",
    "pseudoxml": "**/*.pseudoxml",
    "needs": "needs.json",
}


class _Tables(HTMLParser):
    """Every table's classes and rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str, css_class: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    found = [rows for classes, rows in parser.tables if css_class in classes.split()]
    assert found, css_class
    return found[0]


@pytest.fixture(scope="module")
def build_with(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], BuildResult]:
    """Build the example plan with a builder (each once per module)."""
    root = tmp_path_factory.mktemp("builders")
    src = root / "example_plan"
    shutil.copytree(EXAMPLE_PLAN, src, ignore=shutil.ignore_patterns("_build"))
    results: dict[str, BuildResult] = {}

    def build(builder: str) -> BuildResult:
        if builder not in results:
            doctrees = root / (
                "doctrees-gettext" if builder == "gettext" else "doctrees"
            )
            results[builder] = run_build(
                src, root / builder, "-d", str(doctrees), builder=builder
            )
        return results[builder]

    return build


@pytest.fixture(scope="module")
def expected(build_with: Callable[[str], BuildResult]) -> dict[str, Any]:
    """Numbers from the HTML tables, to be found in every other output."""
    html = build_with("html")
    assert html.status == 0, html.warnings
    budget = _rows(html.html("reports/budget"), "keikaku-budget")
    evaluation = _rows(html.html("reports/evaluation"), "keikaku-evaluation")
    overview = _rows(html.html("goals/goal1"), "keikaku-budget-overview")
    total_row = next(row for row in budget if row[0] == "合計")
    return {
        # the plan-wide budget table's grand total (the period's budget)
        "budget total": total_row[budget[0].index("予算額")],
        # an indicator's achievement in the plan-wide evaluation table
        "achievement": next(r for r in evaluation if r[0].startswith("I1-1-1-a"))[4],
        # a budget link's amounts per year and in total in its measure's block
        "B-0101": next(r for r in overview if r[0].startswith("B-0101"))[1:],
    }


def _text(result: BuildResult, builder: str) -> str:
    files = [
        path
        for path in sorted(result.outdir.glob(OUTPUTS[builder]))
        if not {"_sources", "_static", "keikaku"} & set(path.parts)
    ]
    assert files, f"{builder} wrote none of {OUTPUTS[builder]}"
    return "\n".join(path.read_text(encoding="utf8") for path in files)


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_writes_the_example_plan(
    builder: str,
    build_with: Callable[[str], BuildResult],
    expected: dict[str, Any],
) -> None:
    result = build_with(builder)
    assert result.status == 0, result.warnings
    assert "Traceback" not in result.warnings
    others = [
        line
        for line in result.warnings.splitlines()
        if line.strip() and not NOT_KEIKAKU.search(line)
    ]
    assert not others, result.warnings
    text = _text(result, builder)
    if builder == "latex":
        # the year's evaluation report, a second book: its records' links to
        # pages outside it (the other year's records) become text
        report = (result.outdir / "mizuhodai-hyoka-r7.tex").read_text("utf8")
        assert "令和7年度 施策評価報告書" in report
        assert "行政評価推進本部" in report
    if builder == "gettext":
        # messages of the sources: an object's title and its body text
        assert "保育・子育て支援サービスの充実" in text
        assert "保育所等の定員拡大と保育人材の確保を進め" in text
        return
    if builder == "needs":
        versions = json.loads(text)["versions"]
        needs = next(iter(versions.values()))["needs"]
        assert needs["I1-1-1-a"]["measure"] == ["M1-1-1"]
        amounts = re.findall(r"\d{4}: (\d+(?:,\d{3})*)", needs["B-0101"]["budget"])
        assert amounts == expected["B-0101"][:-1]
        return
    assert "M1-1-1" in text
    assert "I1-1-1-a" in text
    assert expected["budget total"] in text
    for amount in expected["B-0101"]:
        assert amount in text, amount
    # LaTeX writes "66.7\%"
    assert expected["achievement"].rstrip("%") in text
