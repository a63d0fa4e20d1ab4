"""Charts in every builder, under ``-j``, and their own warning subtype.

* every HTML builder shows the pictures (``dirhtml`` and ``singlehtml`` too),
  an EPUB carries them but not the chart cache;
* a parallel build starts no pool in the Sphinx process: its writers draw,
  and the output is the same as a serial build's, fresh or not;
* chart problems are ``keikaku.chart``: reported at the indicator, in every
  build, silenced by ``suppress_warnings`` without silencing ``keikaku.value``.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

import sphinxcontrib_keikaku.output.charts.node as chart_node_module
import sphinxcontrib_keikaku.output.charts.pool as chart_pool
from sphinxcontrib_keikaku.output.charts import CACHE_DIRNAME

Build = Callable[..., BuildResult]

IMG = re.compile(r'<figure class="keikaku-chart"><img src="([^"]+)"')


def pictures(outdir: Path, suffix: str = ".html") -> list[Path]:
    """Every chart picture the pages of *outdir* show, resolved."""
    found = []
    for page in sorted(outdir.rglob(f"*{suffix}")):
        for src in IMG.findall(page.read_text(encoding="utf8")):
            found.append((page.parent / html.unescape(src)).resolve())
    return found


def digest(outdir: Path) -> str:
    """A hash of every page and picture of an HTML output."""
    sha = hashlib.sha256()
    for path in sorted(outdir.rglob("*")):
        if path.suffix in {".html", ".svg"} and ".doctrees" not in path.parts:
            sha.update(str(path.relative_to(outdir)).encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


# --- every builder -------------------------------------------------------------


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_html_builder_shows_charts(
    copy_root: Callable[[str], Path], build: Build, builder: str
) -> None:
    result = build(copy_root("charts"), builder=builder)
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    found = pictures(result.outdir)
    # singlehtml puts every page in one: the same six charts, three files
    assert len(found) == 6
    assert len(set(found)) == 3
    assert all(picture.is_file() for picture in found)


def test_epub_packs_the_pictures_not_the_cache(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    # the doctree directory inside the output, as `sphinx-build -b epub` has it
    result = build(copy_root("charts"), "-d", str(out / ".doctrees"), builder="epub")
    assert result.status == 0, result.warnings
    assert "Traceback" not in result.warnings
    (book,) = out.glob("*.epub")
    names = zipfile.ZipFile(book).namelist()
    packed = [name for name in names if name.startswith("_images/keikaku/")]
    assert len(packed) == 3 and all(name.endswith(".svg") for name in packed)
    assert not [name for name in names if CACHE_DIRNAME in name]
    assert len(list((out / ".doctrees" / CACHE_DIRNAME).glob("*.svg.cache"))) == 3


# --- -j --------------------------------------------------------------------------


def test_parallel_build_draws_in_the_writers(
    copy_root: Callable[[str], Path],
    build: Build,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = copy_root("charts")
    serial = build(src, "-d", str(tmp_path / "d1"), out="serial")
    assert serial.status == 0, serial.warnings

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool started in a process that Sphinx forks")

    drawers = tmp_path / "drawers.txt"
    draw_batch = chart_node_module.draw_batch

    def noted(jobs: list[tuple[object, str]], fmt: str) -> object:
        with drawers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return draw_batch(jobs, fmt)

    monkeypatch.setattr(chart_pool, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(chart_pool, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(chart_node_module, "draw_batch", noted)
    threads = threading.active_count()
    parallel = build(src, "-j", "2", "-d", str(tmp_path / "d2"), out="parallel")
    assert parallel.status == 0, parallel.warnings
    assert parallel.warnings == ""
    assert threading.active_count() == threads
    # the writer processes drew the charts of their pages
    pids = set(drawers.read_text().split())
    assert pids and str(os.getpid()) not in pids
    assert digest(parallel.outdir) == digest(serial.outdir)
    # again, fresh (-E): nothing drawn, the same output
    drawers.unlink()
    again = build(src, "-j", "2", "-E", "-d", str(tmp_path / "d2"), out="parallel")
    assert again.status == 0, again.warnings
    assert not drawers.exists()
    assert digest(again.outdir) == digest(serial.outdir)


# --- keikaku.chart -------------------------------------------------------------

GLYPH = re.compile(
    r"index\.md:13: WARNING: chart of I1: the character '\U0001fae0' \(U\+1FAE0\) "
    r"is in no chart font \([^)]*\) and is drawn as an empty box: leave it out "
    r"of the title, unit and labels \[keikaku\.chart\]$",
    re.M,
)
VALUE = re.compile(
    r"index\.md:\d+: WARNING: :target: of I2 .*\[keikaku\.value\]$", re.M
)


def test_missing_glyph_is_a_chart_warning_in_every_build(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("charts-glyph")
    result = build(src)
    assert result.status == 0, result.warnings
    # one chart, shown twice: one warning, at the indicator
    assert len(GLYPH.findall(result.warnings)) == 1, result.warnings
    assert len(VALUE.findall(result.warnings)) == 1, result.warnings
    assert "Traceback" not in result.warnings
    # the chart is drawn anyway
    assert len(set(pictures(result.outdir))) == 2
    # the cached chart is not drawn again, its warning is given again
    again = build(src)
    assert len(GLYPH.findall(again.warnings)) == 1, again.warnings
    parallel = build(src, "-j", "2", "-E", out="parallel")
    assert len(GLYPH.findall(parallel.warnings)) == 1, parallel.warnings


@pytest.mark.parametrize(
    "setting",
    ['suppress_warnings = ["keikaku.chart"]', 'keikaku_rules["chart"] = "off"'],
)
def test_chart_warnings_are_silenced_alone(
    copy_root: Callable[[str], Path], build: Build, setting: str
) -> None:
    src = copy_root("charts-glyph")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write(f"\n{setting}\n")
    result = build(src)
    assert result.status == 0, result.warnings
    assert "[keikaku.chart]" not in result.warnings
    assert len(VALUE.findall(result.warnings)) == 1, result.warnings


def test_chart_rule_can_fail_the_build(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("charts-glyph")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write('\nkeikaku_rules["chart"] = "error"\n')
    result = build(src)
    assert result.status == 1
    assert re.search(
        r"index\.md:13: ERROR: chart of I1: .*\[keikaku\.chart\]$",
        result.warnings,
        re.M,
    ), result.warnings


# --- pages kept from an interrupted build ----------------------------------------


@pytest.mark.parametrize("root", ["charts", "axes"])
def test_pages_kept_from_an_interrupted_build_get_their_pictures(
    copy_root: Callable[[str], Path], build: Build, root: str
) -> None:
    """A build stopped while pages were written leaves pages that the next
    build does not write again, without their pictures in the output (they
    are put there at the end of a build). The next build must put every
    page's pictures there, not only those of the pages it writes (issue 32)."""
    src = copy_root(root)
    first = build(src)
    assert first.status == 0, first.warnings
    shown = pictures(first.outdir)
    assert shown and all(picture.is_file() for picture in shown)
    # the state an interrupted build leaves: pages written, pictures not
    for picture in set(shown):
        picture.unlink()
    second = build(src)
    assert second.status == 0, second.warnings
    assert pictures(second.outdir) == shown
    missing = [p for p in shown if not p.is_file()]
    assert missing == []
