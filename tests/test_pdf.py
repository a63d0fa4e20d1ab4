"""The PDF plan book: builds through uplatex, embeds every font, survives
LaTeX special characters.  Skips without TeX, except in CI where it must run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "example_plan"
TOOLS = ("uplatex", "latexmk", "make", "pdftotext", "pdffonts")


def _require_tex() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"TeX tools missing: {', '.join(missing)} (see .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _latexpdf(src: Path, build: Path) -> Path:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-M",
            "latexpdf",
            str(src),
            str(build),
            "-q",
            "-W",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    # the book, beside the chart figures (keikaku-<digest>.pdf) it includes
    pdfs = [
        p for p in (build / "latex").glob("*.pdf") if not p.name.startswith("keikaku-")
    ]
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


def test_example_plan_book(tmp_path: Path) -> None:
    _require_tex()
    src = tmp_path / "example_plan"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    pdf = _latexpdf(src, tmp_path / "build")
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
