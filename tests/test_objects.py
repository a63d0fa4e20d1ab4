"""The four plan objects: rendering, anchors and navigation, MyST and reST."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _block(html: str, object_id: str) -> str:
    """The HTML of the block of *object_id*."""
    match = re.search(
        rf'<div class="keikaku-object [^"]*" id="{re.escape(object_id)}">'
        r"(.*?)</div>\s*(?=<div class=\"keikaku-object|</section>)",
        html,
        re.S,
    )
    assert match, f"no block for {object_id}"
    return match.group(1)


@pytest.mark.sphinx("html", testroot="basic")
def test_myst_plan_builds_cleanly(app: Any, warning: Any) -> None:
    app.build()
    assert warning.getvalue() == ""
    assert app.statuscode == 0


def _check_navigation(app: Any) -> None:
    vision = (app.outdir / "vision.html").read_text(encoding="utf8")
    measures = (app.outdir / "measures.html").read_text(encoding="utf8")

    # every object has an anchor equal to its id
    for object_id in ("V1", "V1-1"):
        assert f'id="{object_id}"' in vision
    for object_id in ("M1-1-1", "I1-1-1-a", "B-0123"):
        assert f'id="{object_id}"' in measures

    # a vision lists its child visions and its measures (across documents)
    v1 = _block(vision, "V1")
    assert 'href="#V1-1"' in v1
    v11 = _block(vision, "V1-1")
    assert 'href="measures.html#M1-1-1"' in v11
    assert 'href="#V1"' in v11  # and links up to its parent

    # a measure shows its path up and lists indicators and budget links
    m = _block(measures, "M1-1-1")
    assert m.index('href="vision.html#V1"') < m.index('href="vision.html#V1-1"')
    assert 'href="#I1-1-1-a"' in m
    assert 'href="#B-0123"' in m
    assert "24,345" in m  # budget total of the measure
    assert "危機管理課" in m

    # an indicator and a budget link link up to their measure
    indicator = _block(measures, "I1-1-1-a")
    assert 'href="#M1-1-1"' in indicator
    for cell in ("16", "19", "21", "17"):
        assert f"<p>{cell}</p>" in indicator
    budget = _block(measures, "B-0123")
    assert 'href="#M1-1-1"' in budget
    for cell in ("12,345", "12,000", "11,980", "24,345"):
        assert f"<p>{cell}</p>" in budget


@pytest.mark.sphinx("html", testroot="basic")
def test_myst_navigation(app: Any) -> None:
    app.build()
    _check_navigation(app)


@pytest.mark.sphinx("html", testroot="rst")
def test_rst_navigation(app: Any, warning: Any) -> None:
    app.build()
    assert warning.getvalue() == ""
    _check_navigation(app)


@pytest.mark.sphinx("html", testroot="basic")
def test_japanese_labels(app: Any) -> None:
    app.build()
    measures = (app.outdir / "measures.html").read_text(encoding="utf8")
    assert ">施策<" in measures
    assert ">成果指標<" in measures
    assert ">予算事業<" in measures
    assert "2024年度" in measures


@pytest.mark.sphinx("html", testroot="rst")
def test_english_labels(app: Any) -> None:
    app.build()
    measures = (app.outdir / "measures.html").read_text(encoding="utf8")
    assert ">Measure<" in measures
    assert ">Indicator<" in measures
    assert "FY2024" in measures


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"keikaku_year_style": "era"}
)
def test_era_year_style(app: Any) -> None:
    app.build()
    measures = (app.outdir / "measures.html").read_text(encoding="utf8")
    assert "令和6年度" in measures
    assert "令和5年度" in measures  # the baseline year 2023


@pytest.mark.sphinx("latex", testroot="basic")
def test_latex_has_anchors_and_links(app: Any, warning: Any) -> None:
    app.build()
    assert warning.getvalue() == ""
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert r"\label{\detokenize{measures:M1-1-1}}" in tex
    assert r"\hyperref[\detokenize{vision:V1-1}]" in tex
    assert r"\hyperref[\detokenize{measures:I1-1-1-a}]" in tex
    assert "12,345" in tex and "24,345" in tex


@pytest.mark.sphinx("text", testroot="basic")
def test_text_builder(app: Any, warning: Any) -> None:
    app.build()
    assert warning.getvalue() == ""
    text = (app.outdir / "measures.txt").read_text(encoding="utf8")
    assert "M1-1-1" in text and "12,345" in text
