"""How keikaku's tables reach LaTeX (issue 29), without TeX: every table a
longtable with columns sized by its cells, a table too wide for the page a
located ``keikaku.layout`` warning, A4 for a Japanese book, a measure (and
here a vision) on a new page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult


def _tex(result: BuildResult) -> str:
    return (result.outdir / "layout.tex").read_text(encoding="utf8")


def test_too_wide_table_is_located_and_printed_whole(
    copy_root: Callable[[str], Path], build: Callable[..., BuildResult]
) -> None:
    src = copy_root("pdf-layout")
    result = build(src, builder="latex")
    warnings = result.warnings.splitlines()
    # one warning, at the line of plan-evaluation (its nine columns and the
    # address do not fit; plan-coverage's fewer columns do)
    assert len(warnings) == 1, result.warnings
    line = 1 + src.joinpath("index.md").read_text(encoding="utf8").splitlines().index(
        "```{plan-evaluation}"
    )
    assert warnings[0].startswith(f"{src / 'index.md'}:{line}: WARNING: ")
    assert warnings[0].endswith("[keikaku.layout]")
    assert "47" in warnings[0]  # the line it had to fit
    assert result.status == 0
    tex = _tex(result)
    # the rest of the plan is there: both measures in the coverage table and
    # the evaluation table, every keikaku table a longtable (it breaks
    # across pages), none a tabular or tabulary
    assert tex.count("ikusei\\sphinxhyphen{}shien") >= 2
    assert "地域防災力の向上" in tex
    assert "\\begin{tabulary}" not in tex and "\\begin{tabular}" not in tex
    tables = tex.count("\\begin{longtable}")
    assert tables >= 4
    # each with explicit column widths, ids unbroken inside it
    assert len(re.findall(r"\\begin\{longtable\}(\[[a-z]\])?\{\|", tex)) == tables
    assert tex.count("\\let\\sphinxhyphen\\sphinxhyphennobreak") == tables


def test_japanese_book_is_a4_with_pages_per_object(
    copy_root: Callable[[str], Path], build: Callable[..., BuildResult]
) -> None:
    src = copy_root("pdf-layout")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf8") + 'suppress_warnings = ["keikaku.layout"]\n',
        encoding="utf8",
    )
    result = build(src, "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = _tex(result)
    assert re.search(r"\\documentclass\[a4paper", tex)
    # keikaku_latex_new_page = ["vision", "measure"]: a page before the
    # headings of 防災 (its vision) and of 施策1 and 施策2 (their measures)
    for heading in ("防災", "施策1", "施策2"):
        assert re.search(
            r"\\clearpage\s*\\(chapter|(sub)*section)\{" + heading + "}", tex
        ), heading
    assert tex.count("\\clearpage\n") >= 3


def test_invalid_new_page_setting_is_located_and_the_default_used(
    copy_root: Callable[[str], Path], build: Callable[..., BuildResult]
) -> None:
    src = copy_root("pdf-layout")
    conf = src / "conf.py"
    lines = conf.read_text(encoding="utf8").splitlines()
    at = next(
        number
        for number, line in enumerate(lines, start=1)
        if line.startswith("keikaku_latex_new_page")
    )
    lines[at - 1] = 'keikaku_latex_new_page = ["measure", "page"]'
    conf.write_text("\n".join(lines) + "\n", encoding="utf8")
    result = build(src, builder="latex")
    config = [
        line for line in result.warnings.splitlines() if "[keikaku.config]" in line
    ]
    assert len(config) == 1, result.warnings
    assert config[0].startswith(f"{conf}:{at}: ERROR: ")
    assert "'page'" in config[0] and "vision, measure" in config[0]
    # the default (each measure on a new page), the rest of the book written
    tex = _tex(result)
    for heading in ("施策1", "施策2"):
        assert re.search(r"\\clearpage\s*\\section\{" + heading + "}", tex), heading
    assert not re.search(r"\\clearpage\s*\\chapter\{防災}", tex)
    assert "地域防災力の向上" in tex
