"""Shared fixtures: Sphinx's testing fixtures and a command-line build helper."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import settings

pytest_plugins = ("sphinx.testing.fixtures",)

# Speed is the benchmark's business, not the tests': Hypothesis' default
# 200 ms deadline per example failed property tests on a loaded 2-core CI
# machine while every example was correct.
settings.register_profile("keikaku", deadline=None)
settings.load_profile("keikaku")

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>``."""
    return ROOTS


@dataclass
class BuildResult:
    """The outcome of one ``sphinx-build`` run, as a user would see it."""

    status: int
    warnings: str
    srcdir: Path
    outdir: Path

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf8")


def run_build(
    srcdir: Path, outdir: Path, *args: str, builder: str = "html"
) -> BuildResult:
    """Run Sphinx as ``sphinx-build`` does, in-process; return status and warnings."""
    from sphinx.cmd.build import build_main

    # a build starts in its own language, as sphinx-build in a new process
    # does (a module's fixture builds before the tests' autouse fixtures run)
    forget_translations()
    warnings_file = outdir.parent / f"{outdir.name}-warnings.txt"
    outdir.parent.mkdir(parents=True, exist_ok=True)
    status = build_main(
        ["-b", builder, "-q", "-w", str(warnings_file), *args, str(srcdir), str(outdir)]
    )
    text = warnings_file.read_text(encoding="utf8") if warnings_file.exists() else ""
    plan = outdir / "keikaku" / "plan.json"
    if builder == "html" and plan.is_file():
        validate_plan_json(plan)  # every export follows the schema
    return BuildResult(status, text, srcdir, outdir)


def validate_plan_json(path: Path) -> None:
    """Fail unless *path* follows ``schemas/plan.schema.json`` (issue 17)."""
    import json

    import jsonschema

    schema_path = (
        Path(__file__).parent.parent
        / "sphinxcontrib_keikaku"
        / "schemas"
        / "plan.schema.json"
    )
    schema = json.loads(schema_path.read_text(encoding="utf8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(
            json.loads(path.read_text(encoding="utf8"))
        ),
        key=str,
    )
    assert not errors, f"{path}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/roots/test-<name>`` to a fresh directory and return it."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a source directory into ``tmp_path/out`` (reused across calls)."""

    def _build(
        srcdir: Path, *args: str, builder: str = "html", out: str = "out"
    ) -> BuildResult:
        return run_build(srcdir, tmp_path / out, *args, builder=builder)

    return _build


def forget_translations() -> None:
    """Leave keikaku's messages untranslated, as in a new process.

    Sphinx keeps one translator per catalog for the whole process and adds a
    later build's language to it as a fallback: after a Japanese build,
    ``_()`` would go on answering in Japanese in an English build in the same
    process, and in unit tests that call it without an application.
    """
    from sphinx.locale import translators

    from sphinxcontrib_keikaku.sphinxext.i18n import MESSAGE_CATALOG_NAME

    translators.pop(("general", MESSAGE_CATALOG_NAME), None)


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """Start every test with keikaku's messages untranslated."""
    forget_translations()


#: What ``sphinx-build -M latexpdf`` needs besides Python.
TEX_TOOLS = ("uplatex", "latexmk", "make")

#: The Debian packages that bring each program a test may need (``.ci/run``
#: installs them); keikaku's HTML needs none of them.
PACKAGES = {
    "uplatex": "texlive-lang-japanese texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended tex-gyre",
    "pdflatex": "texlive-latex-recommended texlive-fonts-recommended",
    "latexmk": "latexmk",
    "make": "make",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "dot": "graphviz",
    "chromium": "chromium fonts-noto-cjk",
    "npm": "npm",
}


def missing_programs_line(*tools: str) -> str | None:
    """One line naming the missing *tools* and what installs them, or None.

    >>> missing_programs_line("python3") is None
    True
    """
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return None
    packages = dict.fromkeys(
        word for tool in missing for word in PACKAGES.get(tool, tool).split()
    )
    return (
        f"needs {', '.join(missing)}: "
        f"sudo apt-get install {' '.join(packages)} (.ci/run installs them)"
    )


def unavailable(reason: str) -> NoReturn:
    """Skip the test for *reason*; fail it in CI (``CI=true``), where
    ``.ci/run`` installs every program the tests need."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def require_tools(*tools: str) -> None:
    """Skip the test without these programs (one line naming what to
    install); fail it in CI, where ``.ci/run`` installs them."""
    reason = missing_programs_line(*tools)
    if reason is not None:
        unavailable(reason)


#: The programs a machine with only Python lacks (issue 27): HTML must not
#: need them.
OPTIONAL_PROGRAMS = ("dot", "uplatex", "latexmk", "chromium", "npm")


def path_without(shadow: Path, *programs: str) -> str:
    """A ``PATH`` that finds every program of this one except *programs*:
    *shadow* gets a link to each (the first found on ``PATH``, as a shell
    finds it), so that a build sees the machine as one without them."""
    shadow.mkdir(parents=True, exist_ok=True)
    hidden = set(programs)
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        try:
            entries = sorted(Path(directory).iterdir())
        except OSError:
            continue
        for entry in entries:
            link = shadow / entry.name
            if entry.name in hidden or link.exists() or link.is_symlink():
                continue
            if entry.is_file() and os.access(entry, os.X_OK):
                link.symlink_to(entry)
    # the interpreter running the tests, even when it is not on PATH
    python = shadow / Path(sys.executable).name
    if not python.exists():
        python.symlink_to(sys.executable)
    assert all(shutil.which(p, path=str(shadow)) is None for p in programs)
    return str(shadow)


#: A stand-in for Graphviz's ``dot``, for the tests of what happens when
#: it appears: it writes a small picture naming a digest of its input to each
#: ``-T<format> -o<file>`` pair, as sphinx.ext.graphviz calls ``dot``.
FAKE_DOT = """\
import hashlib, sys
source = sys.stdin.buffer.read()
digest = hashlib.sha256(source).hexdigest()[:12]
args = sys.argv[1:]
formats = [a[2:] for a in args if a.startswith("-T")]
outputs = [a[2:] for a in args if a.startswith("-o")]
for fmt, out in zip(formats, outputs):
    with open(out, "w", encoding="utf8") as f:
        if fmt == "cmapx":
            f.write('<map id="%s" name="%s"></map>' % (digest, digest))
        else:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" width="8" '
                    'height="8"><title>%s</title></svg>' % digest)
"""


def fake_dot(directory: Path) -> Path:
    """*directory* holding an executable ``dot`` that is :data:`FAKE_DOT`."""
    directory.mkdir(parents=True, exist_ok=True)
    dot = directory / "dot"
    dot.write_text(f"#!{sys.executable}\n{FAKE_DOT}", encoding="utf8")
    dot.chmod(0o755)
    return directory


def latexpdf(src: Path, build: Path, *args: str, cwd: Path | None = None) -> None:
    """Run ``sphinx-build -M latexpdf`` as a user would; fail on an error."""
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(build),
         "-q", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
