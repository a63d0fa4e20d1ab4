"""Comparing builds: an incremental or parallel build must write the pages
a fresh serial build writes."""

from __future__ import annotations

from pathlib import Path

from conftest import BuildResult, run_build


def html_pages(outdir: Path) -> dict[str, str]:
    """Every HTML page under *outdir*, by path, as text."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf8")
        for path in sorted(outdir.rglob("*.html"))
    }


def assert_same_as_fresh(src: Path, incremental: BuildResult, tmp_path: Path) -> None:
    """The pages of *incremental* equal those of a fresh build (``-E``) of
    *src* (Sphinx leaves the pages of deleted documents behind: only the
    fresh build's pages are compared)."""
    fresh = run_build(src, tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}", "-E")
    assert fresh.status == incremental.status
    expected = html_pages(fresh.outdir)
    actual = {
        name: page
        for name, page in html_pages(incremental.outdir).items()
        if name in expected
    }
    assert actual == expected
