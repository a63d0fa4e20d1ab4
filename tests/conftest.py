"""Shared fixtures: Sphinx's testing fixtures and a command-line build helper."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """Start every test with keikaku's messages untranslated.

    Sphinx keeps one translator per catalog for the whole process: after a
    Japanese build, ``_()`` would go on answering in Japanese in later unit
    tests that call it without an application.
    """
    from sphinx.locale import translators

    from sphinxcontrib_keikaku.sphinxext.i18n import MESSAGE_CATALOG_NAME

    translators.pop(("general", MESSAGE_CATALOG_NAME), None)


#: What ``sphinx-build -M latexpdf`` needs besides Python.
TEX_TOOLS = ("uplatex", "latexmk", "make")


def require_tools(*tools: str) -> None:
    """Skip the test without these programs; fail it in CI, where ``.ci/run``
    installs them."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"TeX tools missing: {', '.join(missing)} (see .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


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
