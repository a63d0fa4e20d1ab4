"""The PDF plan book: builds through uplatex, embeds every font, survives
LaTeX special characters, and prints every row of every keikaku table (the
rows counted in the PDF's text against the HTML, for the example plan and a
generated plan of 200 measures).  Skips without TeX, except in CI where it
must run."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TEX_TOOLS, latexpdf, require_tools, run_build
from helpers.largeplan import write_large_plan
from helpers.pdftables import book_docs, html_tables, missing_rows, pdf_text

EXAMPLE = Path(__file__).parent.parent / "example_plan"
TOOLS = (*TEX_TOOLS, "pdftotext", "pdffonts")


def _require_tex() -> None:
    require_tools(*TOOLS)


def _books(src: Path, build: Path) -> dict[str, Path]:
    """The books of ``latex_documents`` by file name, beside the chart
    figures and logic-model diagrams (keikaku-<digest>.pdf) and any
    Graphviz diagrams (graphviz-<digest>.pdf) they include."""
    latexpdf(src, build, "-W", "--keep-going")
    return {
        p.name: p
        for p in (build / "latex").glob("*.pdf")
        if not p.name.startswith(("keikaku-", "graphviz-"))
    }


def _latexpdf(src: Path, build: Path) -> Path:
    pdfs = list(_books(src, build).values())
    assert len(pdfs) == 1
    return pdfs[0]


def _text(pdf: Path) -> str:
    """The PDF's text without white space: uplatex puts space between Japanese
    and Latin letters or digits, which pdftotext reports."""
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return "".join(out.stdout.split())


def _fonts_embedded(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    # columns: name type encoding emb sub uni object ID; "emb" is 3rd from the end
    # of the fixed part, so read it from the right
    return [line for line in out if line.split()[-5] != "yes"]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], Path]:
    """The example's two books and its HTML site, built once for the module."""
    _require_tex()
    tmp_path = tmp_path_factory.mktemp("example")
    src = tmp_path / "example_plan"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    books = _books(src, tmp_path / "build")
    html = tmp_path / "html"
    assert run_build(src, html).status == 0
    return books, html


def _rows_missing(html: Path, start: str, pdf: Path) -> tuple[int, list[str]]:
    """How many rows the keikaku tables of the book at *start* have in the
    HTML, and those of them the PDF lacks."""
    tables = html_tables(html, book_docs(html / ".doctrees", start))
    return sum(len(t.keys) for t in tables), missing_rows(tables, pdf_text(pdf))


def test_example_books_print_every_row(
    example: tuple[dict[str, Path], Path],
) -> None:
    """Issue 29: the history table lost M4-2-1 to M4-2-3 at a page's foot."""
    books, html = example
    for start, book in (
        ("index", "mizuhodai-plan.pdf"),
        ("evaluation/report-r7", "mizuhodai-hyoka-r7.pdf"),
    ):
        rows, missing = _rows_missing(html, start, books[book])
        assert rows > 50, book  # the tables were found at all
        assert missing == [], f"{book}: {len(missing)} of {rows} rows missing"
    # (built with -W: no table of the example is reported too wide)


def test_large_plan_prints_every_row(tmp_path: Path) -> None:
    """200 measures: every plan-wide table runs over pages, none loses a row."""
    _require_tex()
    src = write_large_plan(tmp_path / "src", measures=200)
    html = tmp_path / "html"
    result = run_build(src, html, "-W")
    assert result.status == 0, result.warnings
    pdf = _latexpdf(src, tmp_path / "build")
    rows, missing = _rows_missing(html, "index", pdf)
    # each measure's evaluation and history rows, its indicator's and
    # budget link's own tables: far more than a page holds
    assert rows > 4 * 200
    assert missing == [], f"{len(missing)} of {rows} rows missing: {missing[:10]}"


def test_example_plan_book(example: tuple[dict[str, Path], Path]) -> None:
    books, _html = example
    # the plan book and the year's evaluation report (a second
    # latex_documents entry over evaluation/report-r7)
    assert sorted(books) == ["mizuhodai-hyoka-r7.pdf", "mizuhodai-plan.pdf"]
    report = _text(books["mizuhodai-hyoka-r7.pdf"])
    for expected in (
        "令和7年度施策評価報告書",
        "令和7年度施策評価の結果",
        "地域防災力の向上（令和7年度一次評価）",
        "行政評価推進本部",
    ):
        assert expected in report, expected
    # the report is the year's, not the plan: no plan-wide budget table
    assert "計画の網羅状況" not in report
    assert _fonts_embedded(books["mizuhodai-hyoka-r7.pdf"]) == []
    pdf = books["mizuhodai-plan.pdf"]
    text = _text(pdf)
    # names and numbers from the plan
    for expected in (
        "みずほ台市第6次総合計画",
        "M1-1-1",
        "保育所等運営事業",
        "486,250",
        # from data/budget_r8.xlsx and data/actuals_r7.csv
        "507,756",
        "97.1",
        "計画の網羅状況",
        "施策評価",
        # plan-dashboard on the front page, plan-logic-model of goal 1
        "計画の進み具合（基本目標別）",
        "詳しい表",
        "ロジックモデル：V1",
        # plan-opinions in the 資料編, every row kept, and its totals
        "パブリックコメントの結果",
        "ふるさと納税は金額",
        "意見提出件数46件（20項目）、計画に反映した数9件（4項目）",
        # every opinion's number (the page's, then the sheet's)
        *("O-1-1", "O-1-2", "O-1-3", "O-2-1", "O-2-2", "O-3-1", "O-3-2"),
        *("O-11", "O-12", "O-13", "O-14", "O-15", "O-16", "O-20", "O-23"),
    ):
        assert expected in text, expected
    assert _fonts_embedded(pdf) == []


def test_latex_specials_do_not_break_the_pdf(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    _require_tex()
    pdf = _latexpdf(copy_root("latex-specials"), tmp_path / "build")
    text = _text(pdf)
    for expected in (
        "50% & more_{x} #1 $5 {a} ~b ^c \\d",
        "<script>alert(1)</script>",
        "千円 & 100%",
        "\\textbf{x}",
    ):
        assert "".join(expected.split()) in text, expected


def test_english_plan_with_default_settings(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    """Every default works in every language: an English edition is made by
    pdfLaTeX, which has no Japanese fonts, so no default may print 千円."""
    require_tools("pdflatex", "latexmk", "make", "pdftotext", "pdffonts")
    src = copy_root("pdf-english")
    assert "keikaku_" not in (src / "conf.py").read_text(encoding="utf8")
    pdf = _latexpdf(src, tmp_path / "build")
    log = pdf.with_suffix(".log").read_text(encoding="latin-1")
    assert "pdfTeX" in log  # the engine Sphinx chooses for English
    text = _text(pdf)
    for expected in (
        "PlanofMizuhodai",
        "IndicatorI1Voluntarygroups",
        "Total(thousandyen)",
        "12,345",
        "11,980",
        "20.0%",
        "FY2027",
    ):
        assert expected in text, expected
    assert "千円" not in text
    assert _fonts_embedded(pdf) == []
