"""WCAG 2.1 AA inside keikaku's markup, checked by axe-core in real Chromium.

The example plan is built with -W in the default theme (alabaster) and in
furo, served on 127.0.0.1, and every page is checked by axe-core 4 (the npm
package) through Playwright in Debian's ``chromium``: alabaster in light,
furo in light, in dark through the system's colour scheme (furo's "auto"
mode, ``prefers-color-scheme``) and in dark chosen on the page
(``body[data-theme="dark"]``). Only the rules tagged ``wcag2a``,
``wcag2aa``, ``wcag21a`` and ``wcag21aa`` are run, on keikaku's elements
only (every element with a ``keikaku-`` class and what is inside it): the
theme's own markup is the theme's business.

axe-core is installed with ``npm install --prefix <cache> axe-core@4`` on
first use (the cache is ``$KEIKAKU_NPM_CACHE``, or
``~/.cache/sphinxcontrib-keikaku/npm``); ``KEIKAKU_AXE`` names an
``axe.min.js`` to use instead. Without npm, axe-core, furo, Playwright or
Chromium the tests skip, except in CI (``CI=true``), where they fail.
``KEIKAKU_SCREENSHOTS`` names a directory to keep the screenshots in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import missing_programs_line, run_build, unavailable
from helpers.browser import CHROMIUM_ARGS, DESKTOP, EXAMPLE, QuietHandler, chromium

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: keikaku's markup: every element with a class beginning with "keikaku-"
KEIKAKU = '[class^="keikaku-"], [class*=" keikaku-"]'


# --- axe-core ---------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """``axe.min.js`` of axe-core 4, installed with npm into a cache."""
    wanted = os.environ.get("KEIKAKU_AXE")
    if wanted:
        path = Path(wanted)
        if not path.is_file():
            unavailable(f"KEIKAKU_AXE names no file: {wanted}")
        return path
    cache = Path(
        os.environ.get("KEIKAKU_NPM_CACHE")
        or Path.home() / ".cache" / "sphinxcontrib-keikaku" / "npm"
    )
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            unavailable(missing_programs_line("npm") or "needs npm")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                "axe-core@4",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or not script.is_file():
            unavailable(f"npm install axe-core@4 failed: {done.stderr[-2000:]}")
    return script


# --- the sites --------------------------------------------------------------


def _build(tmp: Path, theme: str) -> Path:
    src = tmp / "example_plan"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    if theme != "alabaster":
        with (src / "conf.py").open("a", encoding="utf8") as conf:
            # the example's options are alabaster's
            conf.write(f"\nhtml_theme = {theme!r}\nhtml_theme_options = {{}}\n")
    result = run_build(src, tmp / "html", "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    return result.outdir


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example plan in alabaster and furo, each served on 127.0.0.1."""
    chromium()  # skip at once without a browser: the builds would be for nothing
    try:
        import furo  # noqa: F401
    except ImportError:
        unavailable("furo is not installed (pip install 'sphinxcontrib-keikaku[test]')")
    urls: dict[str, str] = {}
    servers: list[ThreadingHTTPServer] = []
    for theme in ("alabaster", "furo"):
        outdir = _build(tmp_path_factory.mktemp(theme), theme)
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(QuietHandler, directory=str(outdir))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        pages = sorted(
            path.relative_to(outdir).as_posix()
            for path in outdir.rglob("*.html")
            if "_static" not in path.parts
            and "_sources" not in path.parts
            and path.name != "permalink.html"
        )
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        urls.update({f"{theme}:{page}": base + page for page in pages})
    try:
        yield urls
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def playwright_api() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(
            "playwright is not installed (pip install 'sphinxcontrib-keikaku[test]')"
        )
    with sync_playwright() as playwright:
        yield playwright


def _context(playwright: Any, profile: Path, scheme: str) -> Any:
    from playwright.sync_api import Error

    executable = chromium()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=DESKTOP,
            color_scheme=scheme,
        )
    except Error as err:
        unavailable(f"cannot start {executable}: {err}")
    context.set_default_timeout(20_000)
    return context


_RUN = """async ([selector, tags]) => {
  if (!document.querySelector(selector)) return null;
  const result = await axe.run(
    {include: [[selector]]},
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return {
    violations: result.violations.map(v => ({
      id: v.id, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
    })),
    checked: document.querySelectorAll(selector).length,
  };
}"""

#: The colour keikaku's labels have on the page.
_INK = """() => {
  const label = document.querySelector('.keikaku-label');
  return label ? getComputedStyle(label).color : '';
}"""

#: (theme, how the scheme is chosen)
MODES = [
    ("alabaster", "light"),
    ("alabaster", "dark"),  # no dark mode: keikaku keeps its light colours
    ("furo", "light"),
    ("furo", "dark"),  # the system's scheme, furo's default "auto" mode
    ("furo", "dark-chosen"),  # the reader's choice: body[data-theme="dark"]
]


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=[f"{t}-{m}" for t, m in MODES])
def test_no_wcag_violations_in_keikaku_markup(
    theme: str,
    mode: str,
    sites: dict[str, str],
    axe_script: Path,
    playwright_api: Any,
    tmp_path: Path,
) -> None:
    scheme = "dark" if mode == "dark" else "light"
    context = _context(playwright_api, tmp_path / "profile", scheme)
    shots = Path(os.environ.get("KEIKAKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    checked_pages = 0
    inks: set[str] = set()
    try:
        for key, url in sites.items():
            site_theme, page_name = key.split(":", 1)
            if site_theme != theme:
                continue
            page = context.new_page()
            page.goto(url, wait_until="load")
            if mode == "dark-chosen":
                page.evaluate("() => { document.body.dataset.theme = 'dark'; }")
            page.add_script_tag(path=str(axe_script))
            result = page.evaluate(_RUN, [KEIKAKU, WCAG_TAGS])
            if result is not None:
                checked_pages += 1
                inks.add(page.evaluate(_INK))
                for violation in result["violations"]:
                    found.extend(
                        f"{page_name}: {violation['id']} ({violation['help']}): {node}"
                        for node in violation["nodes"]
                    )
            if page_name in ("goals/goal1.html", "reports/coverage.html"):
                name = page_name.replace("/", "-").removesuffix(".html")
                page.screenshot(path=str(shots / f"{theme}-{mode}-{name}.png"))
            page.close()
    finally:
        context.close()
    # every goal page and report page holds keikaku's markup
    assert checked_pages >= 9, checked_pages
    assert not found, "\n".join(found)
    # the scheme was really the one named: keikaku's muted ink follows the
    # page's scheme (alabaster's page stays white in a dark system)
    dark_page = theme == "furo" and mode != "light"
    assert inks - {""} == {"rgb(184, 184, 184)" if dark_page else "rgb(89, 89, 89)"}
