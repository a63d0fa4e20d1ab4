#!/usr/bin/env python3
"""One entry point for working on sphinxcontrib-keikaku, with nothing but Python.

    python3 dev.py plan    set up .venv and build the example plan and the
                           sectoral plan that serves it (HTML)
    python3 dev.py plan-en the example plan's English edition (HTML, its
                           partial catalogue in example_plan/locales/en)
    python3 dev.py external  refresh the two examples' copies of each other's
                           plan.json (after changing either)
    python3 dev.py test    set up .venv and run the linters and the test suite
    python3 dev.py docs    set up .venv and build the documentation
    python3 dev.py pdf     set up .venv and build the example plan's PDF plan book
                           and its 令和7年度 evaluation report

The virtual environment ``.venv`` is created on first use and refreshed when
``pyproject.toml`` changes; nothing is installed outside it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".keikaku-installed"


def run(*args: str | os.PathLike[str], **kwargs: object) -> int:
    print("$", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def setup() -> None:
    """Create .venv and install the package with its test and lint extras."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"creating {VENV.relative_to(ROOT)} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if run(*pip, "--upgrade", "pip") or run(*pip, "-e", ".[test,lint]"):
        sys.exit("installing the dependencies failed (see the messages above)")
    STAMP.write_text(wanted)


def sphinx(source: str, builder: str, out: Path, *extra: str) -> int:
    return run(
        PYTHON,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-W",
        "--keep-going",
        "-j",
        "auto",
        source,
        out,
        *extra,
    )


def cmd_plan(args: argparse.Namespace) -> int:
    setup()
    out = ROOT / "example_plan" / "_build" / "html"
    status = sphinx("example_plan", "html", out)
    if status == 0:
        print(f"\nThe example plan is built: open {out / 'index.html'}")
    else:
        return status
    # the sectoral plan reads a checked-in copy of the example plan's
    # plan.json (see cmd_external), so a fresh clone builds it at once
    sectoral = ROOT / "example_sectoral" / "_build" / "html"
    status = sphinx("example_sectoral", "html", sectoral)
    if status == 0:
        print(f"The sectoral plan is built: open {sectoral / 'index.html'}")
    return status


def cmd_plan_en(args: argparse.Namespace) -> int:
    """The English edition: the same sources with -D language=en, translated
    by example_plan/locales/en (Sphinx compiles the .po files itself)."""
    setup()
    out = ROOT / "example_plan" / "_build" / "html-en"
    status = sphinx(
        "example_plan",
        "html",
        out,
        "-D",
        "language=en",
        "-D",
        "html_title=The 6th Comprehensive Plan of Mizuhodai City",
    )
    if status == 0:
        print(f"\nThe English edition is built: open {out / 'index.html'}")
    return status


def cmd_external(args: argparse.Namespace) -> int:
    """Build both examples and refresh each one's copy of the other's plan.json."""
    setup()
    for source, copy in (
        ("example_plan", ROOT / "example_sectoral" / "_external" / "sogo-plan.json"),
        ("example_sectoral", ROOT / "example_plan" / "_external" / "toshi-plan.json"),
    ):
        out = ROOT / source / "_build" / "html"
        status = sphinx(source, "html", out)
        if status:
            return status
        shutil.copyfile(out / "keikaku" / "plan.json", copy)
        print(f"copied {source}'s plan.json to {copy.relative_to(ROOT)}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    setup()
    out = ROOT / "docs" / "_build" / "html"
    status = sphinx("docs", "html", out)
    if status == 0:
        print(f"\nThe documentation is built: open {out / 'index.html'}")
    return status


#: How to install what the PDF needs, per platform (README "What you need").
TEX_INSTALL = {
    "linux": "sudo apt-get install -y --no-install-recommends texlive-lang-japanese "
    "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
    "tex-gyre latexmk make",
    "darwin": "brew install --cask mactex-no-gui",
    "win32": "winget install --id TeXLive.TeXLive -e",
}


def missing_tex() -> list[str]:
    # on Windows, sphinx-build -M latexpdf runs the make.bat it writes
    tools = (
        ("uplatex", "latexmk") if os.name == "nt" else ("uplatex", "latexmk", "make")
    )
    return [tool for tool in tools if not shutil.which(tool)]


def cmd_pdf(args: argparse.Namespace) -> int:
    missing = missing_tex()
    if missing:
        platform = next((p for p in TEX_INSTALL if sys.platform.startswith(p)), "linux")
        print(
            f"The PDF needs TeX, and {', '.join(missing)} is not installed.\n"
            "Install it with:\n\n"
            f"    {TEX_INSTALL[platform]}\n\n"
            "(the HTML plan needs none of it: python3 dev.py plan)",
            file=sys.stderr,
        )
        return 1
    setup()
    status = run(
        PYTHON,
        "-m",
        "sphinx",
        "-M",
        "latexpdf",
        "example_plan",
        "example_plan/_build",
        "-W",
        "--keep-going",
    )
    if status == 0:
        latex = ROOT / "example_plan" / "_build" / "latex"
        print(f"\nThe plan book is built: {latex / 'mizuhodai-plan.pdf'}")
        print(f"The evaluation report is built: {latex / 'mizuhodai-hyoka-r7.pdf'}")
    return status


def cmd_test(args: argparse.Namespace) -> int:
    setup()
    for step in (
        (PYTHON, "-m", "ruff", "check", "."),
        (PYTHON, "-m", "ruff", "format", "--check", "."),
        (PYTHON, "-m", "mypy"),
        (PYTHON, "-m", "pytest", *args.pytest_args),
    ):
        status = run(*step)
        if status:
            return status
    return 0


def main() -> int:
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py runs on any python3
        sys.exit("sphinxcontrib-keikaku needs Python 3.10 or newer")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("plan", help="build the example plans to HTML").set_defaults(
        func=cmd_plan
    )
    commands.add_parser(
        "plan-en", help="build the example plan's English edition"
    ).set_defaults(func=cmd_plan_en)
    commands.add_parser(
        "external", help="refresh the examples' copies of each other's plan.json"
    ).set_defaults(func=cmd_external)
    commands.add_parser("docs", help="build the documentation").set_defaults(
        func=cmd_docs
    )
    commands.add_parser("pdf", help="build the example plan's PDF").set_defaults(
        func=cmd_pdf
    )
    test = commands.add_parser("test", help="run the linters and the tests")
    test.add_argument("pytest_args", nargs="*", help="passed on to pytest")
    test.set_defaults(func=cmd_test)
    args = parser.parse_args()
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
