"""Charts in the plan: every indicator's, ``indicator-chart``, summaries."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult

Build = Callable[..., BuildResult]


def _images(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def test_indicator_chart_directive(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("chart-directive"))
    html = result.html("index")
    images = _images(html)
    # I1 has numbers: one chart; I3 is qualitative (策定): none; M1 is no indicator
    assert len(images) == 1
    assert (result.outdir / images[0]).is_file()
    assert 'alt="' in html
    assert (
        "index.md:15: ERROR: :id: of indicator-chart names M1, which is not an "
        "indicator" in result.warnings
    )
    # keikaku_charts = False: the indicators' own blocks show no chart
    assert _images(result.html("plan")) == []


def test_every_indicator_shows_its_chart(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("chart-directive")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("keikaku_charts = False", ""))
    (src / "index.md").write_text("# Charts\n\n```{toctree}\nplan\n```\n")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    images = _images(result.html("plan"))
    # I1, I2, I4 and I5 have numbers; I3 (策定) has none
    assert len(images) == 4
    assert all((result.outdir / src_).is_file() for src_ in images)


def test_summary_charts(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("tables")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("keikaku_charts = False", ""))
    result = build(src)
    assert len(_images(result.html("evaluation"))) == 1
    assert len(_images(result.html("budget"))) == 1
    (src / "budget.md").write_text(
        "# Budget\n\n```{plan-budget}\n:no-chart:\n```\n", encoding="utf8"
    )
    result = build(src)
    assert _images(result.html("budget")) == []


def test_latex_includes_chart_pdfs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("chart-directive"), builder="latex")
    tex = next(result.outdir.glob("*.tex")).read_text("utf8")
    names = re.findall(
        r"\\sphinxincludegraphics\[[^\]]*\]\{\{(keikaku-[0-9a-f]+)\}\.pdf\}", tex
    )
    assert len(names) == 1
    assert (result.outdir / f"{names[0]}.pdf").is_file()
