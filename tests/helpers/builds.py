"""Comparing builds: an incremental or parallel build against a fresh one."""

from __future__ import annotations

from pathlib import Path

from conftest import BuildResult, run_build


def html_pages(outdir: Path) -> dict[str, str]:
    """Every HTML page of *outdir*, by its path in it."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf8")
        for path in sorted(outdir.rglob("*.html"))
    }


def assert_same_as_fresh(src: Path, incremental: BuildResult, tmp_path: Path) -> None:
    """*incremental* wrote the pages a fresh build of *src* writes."""
    fresh = run_build(src, tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}", "-E")
    assert fresh.status == incremental.status
    expected = html_pages(fresh.outdir)
    # Sphinx leaves the pages of deleted documents behind; compare the others
    actual = {
        name: page
        for name, page in html_pages(incremental.outdir).items()
        if name in expected
    }
    assert actual == expected


def edit_source(path: Path, old: str, new: str) -> None:
    """Replace *old* (which must be there) by *new* in the file *path*."""
    text = path.read_text(encoding="utf8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf8")
