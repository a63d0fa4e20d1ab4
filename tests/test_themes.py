"""The example plan in the themes Sphinx users pick, light and dark.

Built with -W in alabaster, furo, pydata-sphinx-theme, sphinx-book-theme,
sphinx-rtd-theme and sphinx-immaterial, and looked at in Chromium at 1280 px: the page never
scrolls sideways (a wide table scrolls in its own region), numbers are
right-aligned, keikaku's ink follows the theme's scheme (dark where the
theme is dark, light where it has no dark mode), and a chart sits on its
light card. Screenshots of every theme in light and dark are taken
(``KEIKAKU_SCREENSHOTS`` keeps them). Skips without a theme, Playwright or
Chromium, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult, run_build, unavailable
from helpers.browser import CHROMIUM_ARGS, DESKTOP, EXAMPLE, QuietHandler, chromium

#: theme (html_theme) → whether it has a dark mode
THEMES = {
    "alabaster": False,
    "furo": True,
    "pydata_sphinx_theme": True,
    "sphinx_book_theme": True,
    "sphinx_rtd_theme": False,
    "sphinx_immaterial": True,
}
#: what a theme needs in conf.py beyond html_theme
THEME_CONF = {
    # an extension as well as a theme; no web fonts (CI has no network);
    # the light and dark palettes follow the system's scheme
    "sphinx_immaterial": """
extensions.append("sphinx_immaterial")
html_theme_options = {"font": False, "palette": [
    {"media": "(prefers-color-scheme: light)", "scheme": "default"},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
]}
""",
}
#: themes built in a process of their own: sphinx-immaterial starts a
#: multiprocessing manager in the process that loads it, which outlives the
#: build and keeps Playwright from shutting down in this one
OWN_PROCESS = {"sphinx_immaterial"}
#: an object page, the widest table, a table of numbers
PAGES = ("goals/goal1.html", "reports/matrix.html", "reports/evaluation.html")
LIGHT_INK = "rgb(89, 89, 89)"
DARK_INK = "rgb(184, 184, 184)"


@pytest.fixture(scope="module")
def browser_api() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(
            "playwright is not installed (pip install 'sphinxcontrib-keikaku[test]')"
        )
    with sync_playwright() as playwright:
        yield playwright


def _build_apart(srcdir: Path, outdir: Path) -> BuildResult:
    warnings = outdir.parent / "warnings.txt"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W"]
    done = subprocess.run(
        [*command, "-w", str(warnings), str(srcdir), str(outdir)],
        check=False,
        capture_output=True,
        text=True,
    )
    text = warnings.read_text(encoding="utf8") if warnings.exists() else ""
    if done.returncode:  # a crash says why on stderr (which otherwise holds
        text += done.stderr  # Python's deprecation warnings of the libraries)
    return BuildResult(done.returncode, text, srcdir, outdir)


def _serve(outdir: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(outdir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


_LOOK = """() => {
  const nums = Array.from(document.querySelectorAll('table.keikaku-table td.keikaku-num'));
  const regions = Array.from(document.querySelectorAll('div.keikaku-scroll'), r => ({
    width: r.getBoundingClientRect().width,
    parent: r.parentElement.getBoundingClientRect().width,
    overflowX: getComputedStyle(r).overflowX,
  }));
  const label = document.querySelector('.keikaku-label');
  const chart = document.querySelector('figure.keikaku-chart img');
  return {
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    notRight: nums.filter(td => getComputedStyle(td).textAlign !== 'right').length,
    nums: nums.length,
    regions: regions,
    tables: document.querySelectorAll('table.keikaku-table').length,
    ink: label ? getComputedStyle(label).color : '',
    card: chart ? getComputedStyle(chart).backgroundColor : '',
  };
}"""


@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_light_and_dark(
    theme: str,
    browser_api: Any,
    tmp_path: Path,
) -> None:
    if importlib.util.find_spec(theme) is None and theme != "alabaster":
        unavailable(
            f"{theme} is not installed (pip install 'sphinxcontrib-keikaku[test]')"
        )
    src = tmp_path / "example_plan"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    if theme != "alabaster":
        with (src / "conf.py").open("a", encoding="utf8") as conf:
            conf.write(f"\nhtml_theme = {theme!r}\nhtml_theme_options = {{}}\n")
            conf.write(THEME_CONF.get(theme, ""))
    if theme in OWN_PROCESS:
        result = _build_apart(src, tmp_path / "html")
    else:
        result = run_build(src, tmp_path / "html", "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""

    shots = Path(os.environ.get("KEIKAKU_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    server = _serve(result.outdir)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems: list[str] = []
    numbers = 0
    executable = chromium()
    try:
        for scheme in ("light", "dark"):
            context = browser_api.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{scheme}"),
                executable_path=executable,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport=DESKTOP,
                color_scheme=scheme,
            )
            try:
                for name in PAGES:
                    page = context.new_page()
                    page.goto(base + name, wait_until="load")
                    look = page.evaluate(_LOOK)
                    where = f"{theme} {scheme} {name}"
                    if look["scrollWidth"] > look["width"] + 1:
                        problems.append(
                            f"{where}: the page is {look['scrollWidth']}px wide"
                        )
                    numbers += look["nums"]
                    if look["notRight"]:
                        problems.append(
                            f"{where}: {look['notRight']} of {look['nums']} "
                            "numbers not right-aligned"
                        )
                    if len(look["regions"]) != look["tables"]:
                        problems.append(f"{where}: a table without its region")
                    for region in look["regions"]:
                        if region["width"] > region["parent"] + 1 or region[
                            "overflowX"
                        ] not in ("auto", "scroll"):
                            problems.append(f"{where}: a region does not scroll")
                    dark = scheme == "dark" and THEMES[theme]
                    if look["ink"] and look["ink"] != (DARK_INK if dark else LIGHT_INK):
                        problems.append(f"{where}: label ink {look['ink']}")
                    if look["card"] and look["card"] != "rgb(255, 255, 255)":
                        problems.append(f"{where}: chart card {look['card']}")
                    stem = name.replace("/", "-").removesuffix(".html")
                    page.screenshot(
                        path=str(shots / f"theme-{theme}-{scheme}-{stem}.png")
                    )
                    page.close()
            finally:
                context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert numbers > 100  # the number cells were seen
    assert not problems, "\n".join(problems)
