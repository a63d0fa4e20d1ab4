"""The saved environment between builds: a damaged one is repaired, one
duplicate-id winner in every kind of build, only pages with need views are
rewritten for any change."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.builds import assert_same_as_fresh, edit_source, html_pages

Build = Callable[..., BuildResult]

#: A second measure M9, first defined on page b.
DUPLICATE = """
```{measure} 施策A2
:id: M9
:vision: V1
```
"""


def _href(result: BuildResult, docname: str, object_id: str) -> list[str]:
    import re

    return re.findall(rf'href="([^"]*#{object_id})"', result.html(docname))


@pytest.mark.parametrize("page", ["a", "index"])
def test_duplicate_id_incremental_same_as_fresh(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path, page: str
) -> None:
    """A second M9 on page a (read after page b here, but first by docname)
    wins; one on page index (after b by docname) loses."""
    winner = min(page, "b")
    src = copy_root("env-pages")
    first = build(src)
    assert first.status == 0, first.warnings
    assert _href(first, "links", "M9") == ["b.html#M9"]

    with (src / f"{page}.md").open("a", encoding="utf8") as file:
        file.write(DUPLICATE)
    second = build(src)
    assert "[keikaku.duplicate-id]" in second.warnings
    # the first by docname is the object links go to: in keikaku's plan and
    # in sphinx-needs' need role alike, whichever page was read first
    assert _href(second, "links", "M9") == [f"{winner}.html#M9"]
    assert f"{'b' if winner == page else page}.md" in second.warnings
    assert_same_as_fresh(src, second, tmp_path)

    # and back: with the new definition gone, page b holds M9 again
    path = src / f"{page}.md"
    path.write_text(path.read_text("utf8").replace(DUPLICATE, ""), "utf8")
    third = build(src)
    assert third.status == 0, third.warnings
    assert _href(third, "links", "M9") == ["b.html#M9"]
    assert_same_as_fresh(src, third, tmp_path)


def test_duplicate_id_parallel_same_as_serial(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("env-pages")
    with (src / "a.md").open("a", encoding="utf8") as file:
        file.write(DUPLICATE)
    serial = build(src, "-j", "1", out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    assert _href(serial, "links", "M9") == ["a.html#M9"]
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)
    assert parallel.warnings.count("duplicate") == serial.warnings.count("duplicate")


def _drop_plan_data(pickled: Path, docnames: set[str]) -> None:
    """What two builds writing one environment at once left: documents
    Sphinx knows, without their keikaku data."""
    import sphinx.environment  # noqa: F401  (the classes the pickle names)

    with pickled.open("rb") as file:
        env = pickle.load(file)
    data = env.domaindata["keikaku"]
    for key in ("objects", "plan_pages", "read", "views", "tables"):
        for docname in docnames:
            data.get(key, {}).pop(docname, None)
    assert docnames <= set(env.all_docs)
    with pickled.open("wb") as file:
        pickle.dump(env, file, pickle.HIGHEST_PROTOCOL)


def test_environment_missing_plan_data_is_read_again(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("env-pages")
    first = build(src)
    assert first.status == 0, first.warnings
    _drop_plan_data(first.outdir / ".doctrees" / "environment.pickle", {"b", "links"})

    second = build(src)
    assert second.status == 0, second.warnings
    # the budget table holds both budget links again: page b was read again
    assert "3,000" in second.html("tables")
    assert 'href="b.html#M9"' in second.html("index")
    assert_same_as_fresh(src, second, tmp_path)


def test_plan_data_still_missing_after_reading_is_an_error(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    """Should a document still lack plan data once reading is done (here:
    another extension takes it off the list to read), the build stops with
    a message saying how to repair it, instead of publishing a partial plan."""
    from sphinx.errors import ExtensionError
    from sphinx.testing.util import SphinxTestApp

    src = copy_root("env-pages")
    out = tmp_path / "app"
    _written(src, out)
    _drop_plan_data(out / "doctrees" / "environment.pickle", {"b"})
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    try:
        app.connect(
            "env-before-read-docs",
            lambda _app, _env, docnames: docnames.remove("b"),
        )
        with pytest.raises(ExtensionError, match=r"no plan data for 1 document.*-E"):
            app.build()
    finally:
        app.cleanup()


def _written(src: Path, out: Path) -> tuple[int, set[str]]:
    """Build *src* into *out* as a new application; the pages written."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    status = StringIO()
    app = SphinxTestApp("html", srcdir=src, builddir=out, status=status)
    try:
        written: set[str] = set()
        app.connect("html-page-context", lambda _app, name, *_: written.add(name))
        app.build()
        return app.statuscode, written
    finally:
        app.cleanup()


def test_only_pages_with_need_views_follow_every_change(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    src = copy_root("env-pages")
    out = tmp_path / "out"
    status, written = _written(src, out)
    assert status == 0
    assert {"a", "b", "index", "links", "notes", "tables"} <= written
    edit_source(src / "a.md", "施策A", "施策A（改）")
    status, written = _written(src, out)
    assert status == 0
    # a.md changed; the needtable page and the page with the need role show
    # MA; the root vision's block lists it. notes.md has a plan object but no
    # need view and shows nothing of MA, nor does b.md
    assert {"a", "tables", "links", "index"} <= written
    assert not written & {"notes", "b"}
    html = out / "html"
    assert "施策A（改）" in (html / "tables.html").read_text("utf8")
    assert "施策A（改）" in (html / "links.html").read_text("utf8")
    _written(src, tmp_path / "fresh")
    assert html_pages(tmp_path / "fresh" / "html") == html_pages(html)
