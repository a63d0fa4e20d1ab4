"""needflow in a plan: Graphviz with no settings, type names in the plan's
language, a located keikaku warning without Graphviz, the project's own
engine kept; and an epub of a plan holding what the book needs only."""

from __future__ import annotations

import html
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, fake_dot, path_without, require_tools, run_build

from sphinxcontrib_keikaku.output.epub import build_files
from sphinxcontrib_keikaku.sphinxext.programs import GRAPHVIZ, install_line

Build = Callable[..., BuildResult]


@pytest.fixture
def needs_dot() -> None:
    """Skip without Graphviz (fail in CI, where .ci/run installs it)."""
    require_tools("dot")


def _diagrams(result: BuildResult) -> list[str]:
    return [
        html.unescape(path.read_text(encoding="utf8"))
        for path in sorted((result.outdir / "_images").glob("needflow-*.svg"))
    ]


@pytest.mark.usefixtures("needs_dot")
def test_needflow_draws_with_graphviz_and_japanese_type_names(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("needflow"), "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    diagrams = _diagrams(result)
    assert len(diagrams) == 2  # the MyST page's and the reStructuredText page's
    whole, rst = diagrams if "V1-1" in diagrams[0] else diagrams[::-1]
    for name in ("ビジョン", "施策", "成果指標", "予算事業"):
        assert name in whole, name
    assert "施策" in rst and "成果指標" in rst and "ビジョン" not in rst
    assert "Vision" not in whole and "Budget link" not in whole
    for page in ("index", "flow_rst"):
        text = result.html(page)
        assert "PlantUML is not available" not in text
        assert re.search(r'<img src="_images/needflow-[0-9a-f]+\.svg" alt=', text) or (
            re.search(r'<img src="_images/needflow-[0-9a-f]+\.svg"', text)
        )
    assert 'alt="計画の体系図"' in result.html("index")


@pytest.mark.usefixtures("needs_dot")
def test_needflow_type_names_in_english_plan(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("needflow"), "-D", "language=en")
    assert result.status == 0, result.warnings
    whole = next(d for d in _diagrams(result) if "V1-1" in d)
    assert "Vision" in whole and "Budget link" in whole
    assert "ビジョン" not in whole


def test_missing_graphviz_is_a_located_keikaku_warning(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("needflow")
    result = build(src, "-D", "graphviz_dot=/nonexistent/dot")
    lines = [line for line in result.warnings.splitlines() if line.strip()]
    keikaku = [line for line in lines if "[keikaku.chart]" in line]
    # once per build, at the first page that needs Graphviz, not per page
    assert len(keikaku) == 1, result.warnings
    assert re.search(r"(index\.md|flow_rst\.rst):\d+: WARNING: ", keikaku[0])
    # the program, what it is for, and the install line of this platform
    assert "/nonexistent/dot" in keikaku[0] and "Graphviz" in keikaku[0]
    assert "needflow" in keikaku[0]
    assert install_line(GRAPHVIZ) in keikaku[0]
    # no second, generic warning from Sphinx's graphviz
    assert "cannot be run" not in result.warnings
    for docname in ("index", "flow_rst"):
        page = result.html(docname)
        assert "Graphviz がインストールされていません" in page
        assert "PlantUML is not available" not in page
        assert "digraph" not in page  # not the diagram's source text either
    # nothing else on the page is lost
    assert "体系図 (MyST)" in result.html("index")
    assert not list((result.outdir / "_images").glob("needflow-*"))


@pytest.mark.usefixtures("needs_dot")
def test_diagram_is_drawn_once_graphviz_is_there(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The replacement is made when writing, never kept in the environment."""
    src = copy_root("needflow")
    first = build(src, "-D", "graphviz_dot=/nonexistent/dot")
    assert "[keikaku.chart]" in first.warnings
    second = build(src)
    assert second.status == 0, second.warnings
    assert "[keikaku.chart]" not in second.warnings
    assert len(_diagrams(second)) == 2
    assert "Graphviz がインストールされていません" not in second.html("index")


def _pages(outdir: Path) -> dict[str, str]:
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf8")
        for path in sorted(outdir.rglob("*.html"))
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pages_are_written_again_once_graphviz_is_found(
    copy_root: Callable[[str], Path], tmp_path: Path, jobs: str
) -> None:
    """Whether ``dot`` is found is part of what makes a page current: built
    without it, then incrementally with it (nothing else changed), the
    pages equal a fresh build with it, and the other way round."""
    src = copy_root("needflow")
    bare = path_without(tmp_path / "bare", "dot")
    with_dot = fake_dot(tmp_path / "fake").as_posix() + os.pathsep + bare
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", bare)
        first = run_build(src, tmp_path / "inc", "-j", jobs)
        assert "[keikaku.chart]" in first.warnings
        assert "Graphviz がインストールされていません" in first.html("index")
        patch.setenv("PATH", with_dot)
        second = run_build(src, tmp_path / "inc", "-j", jobs)
        assert "[keikaku.chart]" not in second.warnings, second.warnings
        fresh = run_build(src, tmp_path / "fresh", "-j", jobs)
        assert _pages(second.outdir) == _pages(fresh.outdir)
        assert "Graphviz がインストールされていません" not in second.html("index")
        assert len(_diagrams(second)) == 2
        # and back: Graphviz removed, the pages say so again
        patch.setenv("PATH", bare)
        third = run_build(src, tmp_path / "inc", "-j", jobs)
        assert "Graphviz がインストールされていません" in third.html("flow_rst")
        assert "[keikaku.chart]" in third.warnings


def test_a_projects_own_engine_is_kept(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("needflow")
    result = build(src, "-D", "needs_flow_engine=plantuml")
    # sphinx-needs' own behaviour for PlantUML without sphinxcontrib.plantuml,
    # the project's choice; keikaku's Graphviz check stays out of it
    assert "PlantUML is not available" in result.html("index")
    assert "[keikaku.chart]" not in result.warnings


# --- epub -------------------------------------------------------------------


def test_build_files_are_the_doctrees_inside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".doctrees" / "keikaku-charts").mkdir(parents=True)
    (out / ".doctrees" / "index.doctree").write_bytes(b"x")
    (out / ".doctrees" / "keikaku-charts" / "abc.svg.cache").write_bytes(b"x")
    (out / ".doctrees" / "keikaku-charts" / "abc.svg").write_bytes(b"x")
    assert build_files(out, out / ".doctrees") == [
        ".doctrees/index.doctree",
        ".doctrees/keikaku-charts/abc.svg",
        ".doctrees/keikaku-charts/abc.svg.cache",
    ]
    assert build_files(out, tmp_path / "doctrees") == []


def _epub(result: BuildResult) -> zipfile.ZipFile:
    books = list(result.outdir.glob("*.epub"))
    assert len(books) == 1
    return zipfile.ZipFile(books[0])


@pytest.mark.parametrize("root", ["basic", "needflow"])
def test_epub_holds_what_the_book_needs(
    root: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    """``-b epub`` without ``-d`` keeps the doctrees and the chart cache in
    the output directory: none of it is packed, and -W passes."""
    src = copy_root(root)
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        # EPUB 3 wants both (the example plan sets them)
        conf.write('\nversion = "1"\ncopyright = "2024, test"\n')
    args = ("-W",) if shutil.which("dot") or root == "basic" else ()
    result = build(src, *args, builder="epub")
    assert result.status == 0, result.warnings
    assert (result.outdir / ".doctrees" / "keikaku-charts").is_dir()
    book = _epub(result)
    names = book.namelist()
    assert not [n for n in names if n.startswith(".doctrees") or n.endswith(".map")]
    assert "permalink.html" not in names
    charts = [n for n in names if n.startswith("_images/keikaku/")]
    assert charts and all(n.endswith(".svg") for n in charts)
    # every picture a page shows is in the book, and nothing else is
    shown: set[str] = set()
    for name in names:
        if name.endswith(".xhtml"):
            text = book.read(name).decode("utf8")
            base = Path(name).parent
            for src_attr in re.findall(r'<img[^>]* src="([^"]+)"', text):
                shown.add((base / src_attr).as_posix().replace("../", ""))
    pictures = {n for n in names if n.startswith("_images/")}
    assert pictures == shown
