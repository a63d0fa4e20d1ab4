"""The published example plan as a web site, in a real headless Chromium.

The example plan is built with -W, served over HTTP on 127.0.0.1 and driven
by Playwright with Debian's ``chromium``: a reader clicks from the index down
to an indicator and a budget link and back up; every internal link on every
page resolves; no page logs a console error or fails a request; the tables
are readable on a phone.

Without Playwright or Chromium the tests skip, except in CI (``CI=true``),
where they must run.  ``KEIKAKU_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from conftest import run_build, unavailable
from helpers.browser import (
    CHROMIUM_ARGS,
    DESKTOP,
    EXAMPLE,
    PHONE,
    SCHEME,
    QuietHandler,
    chromium,
)


@dataclass(frozen=True)
class Site:
    """The built example plan and where it is served."""

    url: str
    outdir: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example plan built with -W and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("site")
    src = tmp / "example_plan"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    result = run_build(src, tmp / "html", "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(result.outdir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}/", result.outdir)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(served: Site) -> str:
    """The base URL of the served site."""
    return served.url


@pytest.fixture(scope="module")
def pages(served: Site) -> list[str]:
    """The URL of every HTML page the build wrote.

    sphinx-needs' ``permalink.html`` is not a page of the plan but a redirect
    that reads ``needs.json``, which HTML builds write only with
    ``needs_build_json = True`` (left to the project: writing it costs a
    no-change rebuild more than keikaku's own work). No page links to it.
    """
    return sorted(
        urljoin(served.url, path.relative_to(served.outdir).as_posix())
        for path in served.outdir.rglob("*.html")
        if "_static" not in path.parts
        and "_sources" not in path.parts
        and path.name != "permalink.html"
    )


# --- the browser -----------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable(
            "playwright is not installed (pip install 'sphinxcontrib-keikaku[test]')"
        )
    executable = chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        try:
            # A persistent context so that the profile is the fresh one named
            # here (Playwright refuses --user-data-dir in args).
            context = playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=executable,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport=DESKTOP,
            )
        except Error as err:
            unavailable(f"cannot start {executable}: {err}")
        context.set_default_timeout(10_000)
        try:
            yield context
        finally:
            context.close()


@dataclass
class Visit:
    """What one page load showed."""

    url: str
    ids: set[str] = field(default_factory=set)
    #: (raw href, absolute URL) of every link on the page
    links: list[tuple[str, str]] = field(default_factory=list)
    #: every plan object block: id attribute, kind, the id it shows
    objects: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


_COLLECT = """() => ({
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
  // new URL(): an <a> of the logic model's inline SVG has no string .href
  links: Array.from(document.querySelectorAll('a[href]'),
                    a => [a.getAttribute('href'),
                          new URL(a.getAttribute('href'), document.baseURI).href]),
  objects: Array.from(document.querySelectorAll('div.keikaku-object'), e => ({
    id: e.id,
    kind: Array.from(e.classList).filter(
      c => c.startsWith('keikaku-') && c !== 'keikaku-object').join(' '),
    shown: (e.querySelector('.keikaku-id') || {}).textContent || '',
  })),
})"""


def _watch(page: Any, site: str, problems: list[str]) -> None:
    """Record console errors, page errors and failed requests of *page*.

    Chromium probes ``/favicon.ico`` at the server root by itself when a page
    names no icon; the site never asks for that URL (a site's own icon would
    be under ``_static/``), so that probe alone is not counted.
    """
    probe = urljoin(site, "/favicon.ico")

    def console(msg: Any) -> None:
        if msg.type == "error" and msg.location.get("url") != probe:
            problems.append(f"console error: {msg.text} ({msg.location['url']})")

    def response(res: Any) -> None:
        if res.status >= 400 and res.url != probe:
            problems.append(f"HTTP {res.status}: {res.url}")

    page.on("console", console)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on(
        "requestfailed",
        lambda req: problems.append(f"request failed: {req.url} ({req.failure})"),
    )
    page.on("response", response)


@pytest.fixture(scope="module")
def crawl(browser: Any, pages: list[str], site: str) -> dict[str, Visit]:
    """Every page, loaded once at desktop width."""
    visits: dict[str, Visit] = {}
    for url in pages:
        # a fresh tab per page: requests of one page are never aborted by
        # navigating to the next, so every failure counted is real
        page = browser.new_page()
        problems: list[str] = []
        _watch(page, site, problems)
        response = page.goto(url, wait_until="load")
        visit = Visit(url)
        if response is None or response.status != 200:
            visit.problems.append(f"page load: {response and response.status}")
        data = page.evaluate(_COLLECT)
        visit.ids = set(data["ids"])
        visit.links = [tuple(link) for link in data["links"]]
        visit.objects = data["objects"]
        # late console messages (scripts run after load)
        page.wait_for_timeout(50)
        visit.problems.extend(problems)
        visits[url] = visit
        page.close()
    return visits


def _path(url: str, site: str) -> str:
    return url[len(site) :] if url.startswith(site) else url


# --- every page, every link --------------------------------------------------


def test_every_internal_link_resolves(crawl: dict[str, Visit], site: str) -> None:
    broken: list[str] = []
    status: dict[str, int] = {}
    fragments = 0
    for visit in crawl.values():
        for raw, absolute in visit.links:
            if SCHEME.match(raw) or raw.startswith("//") or raw in ("", "#"):
                continue
            target, fragment = urldefrag(absolute)
            where = f"{_path(visit.url, site)}: <a href={raw!r}>"
            if target not in crawl:
                # not an HTML page of the build (_sources/…txt, _static/…)
                if target not in status:
                    try:
                        with urllib.request.urlopen(target) as response:
                            status[target] = response.status
                    except urllib.error.HTTPError as err:
                        status[target] = err.code
                if status[target] != 200:
                    broken.append(f"{where}: HTTP {status[target]}")
                elif urlsplit(target).path.endswith(".html"):
                    broken.append(f"{where}: a page outside the build")
                continue
            if fragment:
                fragments += 1
                if unquote(fragment) not in crawl[target].ids:
                    broken.append(f"{where}: no element with id {unquote(fragment)!r}")
    assert fragments > 100  # the plan's cross-links were all seen
    assert not broken, "broken links:\n" + "\n".join(sorted(set(broken)))


def test_no_console_errors_and_no_failed_requests(
    crawl: dict[str, Visit], site: str
) -> None:
    problems = [
        f"{_path(visit.url, site)}: {problem}"
        for visit in crawl.values()
        for problem in visit.problems
    ]
    assert not problems, "\n".join(problems)


def test_every_object_block_has_its_id_as_anchor(
    crawl: dict[str, Visit], site: str
) -> None:
    objects = [obj for visit in crawl.values() for obj in visit.objects]
    kinds = {obj["kind"] for obj in objects}
    assert {
        "keikaku-vision",
        "keikaku-measure",
        "keikaku-indicator",
        "keikaku-budget-link",
    } <= kinds
    wrong = [
        f"{_path(visit.url, site)}: block showing {obj['shown']!r} has id {obj['id']!r}"
        for visit in crawl.values()
        for obj in visit.objects
        if not obj["shown"].strip() or obj["id"] != obj["shown"].strip()
    ]
    assert not wrong, "\n".join(wrong)


# --- clicking through the plan ----------------------------------------------


def _objects(crawl: dict[str, Visit]) -> dict[str, tuple[str, str]]:
    """Every plan object: id → (page URL, kind without the prefix)."""
    return {
        obj["id"]: (visit.url, obj["kind"].removeprefix("keikaku-"))
        for visit in crawl.values()
        for obj in visit.objects
    }


def _block_links(page: Any, block: str) -> list[str]:
    """The absolute URLs of the links inside the block of object *block*."""
    return list(
        page.evaluate(
            "id => Array.from(document.getElementById(id)"
            ".querySelectorAll('a.reference.internal[href]'), a => a.href)",
            block,
        )
    )


def _click_to(page: Any, block: str, target: str, expected_url: str) -> None:
    """Click, inside *block*, the link to object *target*; check where it lands."""
    from playwright.sync_api import expect

    scope = page.locator("div.body") if block == "" else page.locator(f'[id="{block}"]')
    link = scope.locator(f'a.reference.internal[href$="#{target}"]').first
    link.click()
    page.wait_for_url(f"{expected_url}#{target}")
    element = page.locator(f'[id="{target}"]')
    expect(element).to_be_visible()
    expect(element).to_be_in_viewport()


def _first_link(
    page: Any,
    block: str,
    kind: str,
    objects: dict[str, tuple[str, str]],
    *,
    having: str | None = None,
) -> str:
    """The id of the first object of *kind* that *block* links to."""
    for href in _block_links(page, block):
        _, fragment = urldefrag(href)
        target = unquote(fragment)
        if (
            target in objects
            and objects[target][1] == kind
            and (having is None or _has_link_of_kind(target, having, objects, page))
        ):
            return target
    raise AssertionError(f"{page.url}: object {block} links to no {kind}")


def _has_link_of_kind(
    block: str, kind: str, objects: dict[str, tuple[str, str]], page: Any
) -> bool:
    if objects[block][0] != urldefrag(page.url)[0]:
        return False
    return any(
        objects.get(unquote(urldefrag(href)[1]), ("", ""))[1] == kind
        for href in _block_links(page, block)
    )


def test_click_down_to_indicator_and_budget_link_and_back_up(
    browser: Any, crawl: dict[str, Visit], site: str, tmp_path: Path
) -> None:
    objects = _objects(crawl)
    # A goal page: a page with a vision that has sub-visions with measures.
    goal = next(
        (vid, url)
        for vid, (url, kind) in objects.items()
        if kind == "vision"
        and any(
            objects[child][1] == "vision"
            for child in objects
            if child != vid and objects[child][0] == url
        )
        and url != urljoin(site, "vision.html")
    )
    goal_vision, goal_url = goal

    page = browser.new_page()
    problems: list[str] = []
    _watch(page, site, problems)
    page.goto(urljoin(site, "index.html"))

    # index → the goal page, through the table of contents in the body
    page.locator(
        f'div.body a.reference.internal[href="{_path(goal_url, site)}"]'
    ).first.click()
    page.wait_for_url(goal_url)

    # goal → a vision (政策) with measures → a measure with an indicator and
    # a budget link → an indicator
    vision = _first_link(page, goal_vision, "vision", objects, having="measure")
    _click_to(page, goal_vision, vision, goal_url)
    measure = _first_link(page, vision, "measure", objects, having="indicator")
    _click_to(page, vision, measure, objects[measure][0])
    indicator = _first_link(page, measure, "indicator", objects)
    _click_to(page, measure, indicator, objects[indicator][0])

    # … and back up to the measure through the indicator's measure link
    assert _first_link(page, indicator, "measure", objects) == measure
    _click_to(page, indicator, measure, objects[measure][0])

    # the same for a budget link
    budget = _first_link(page, measure, "budget-link", objects)
    _click_to(page, measure, budget, objects[budget][0])
    assert _first_link(page, budget, "measure", objects) == measure
    _click_to(page, budget, measure, objects[measure][0])

    # and from the measure up to its vision
    assert vision in [
        unquote(urldefrag(href)[1]) for href in _block_links(page, measure)
    ]
    _click_to(page, measure, vision, objects[vision][0])

    page.close()
    assert not problems, "\n".join(problems)


# --- a phone ----------------------------------------------------------------

_LAYOUT = """() => {
  const width = window.innerWidth;
  const tables = Array.from(document.querySelectorAll('table.keikaku-table'), t => {
    // a table scrolls inside its own region (div.keikaku-scroll)
    const region = t.closest('div.keikaku-scroll') || t;
    const style = getComputedStyle(region);
    const box = region.getBoundingClientRect();
    return {
      caption: (t.caption && t.caption.textContent.trim())
               || (t.closest('[id]') || {}).id || '',
      left: box.left, right: box.right, scrollWidth: region.scrollWidth,
      overflowX: style.overflowX, display: style.display,
      inRegion: region !== t,
    };
  });
  return {
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    tables: tables,
  };
}"""


def test_tables_are_readable_on_a_phone(
    browser: Any, pages: list[str], site: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    screenshot: Path | None = None
    for url in pages:
        page.goto(url)
        layout = page.evaluate(_LAYOUT)
        where = _path(url, site)
        width = layout["width"]
        assert width == PHONE["width"]
        if layout["scrollWidth"] > width + 1:
            problems.append(
                f"{where}: the page is {layout['scrollWidth']}px wide on a "
                f"{width}px screen"
            )
        for table in layout["tables"]:
            inside = table["left"] >= -1 and table["right"] <= width + 1
            scrolls = table["display"] == "block" and table["overflowX"] in (
                "auto",
                "scroll",
            )
            if not table["inRegion"]:
                problems.append(
                    f"{where}: table {table['caption']!r} has no scroll region"
                )
            if not (inside and scrolls):
                problems.append(
                    f"{where}: table {table['caption']!r} spans "
                    f"{table['left']:.0f}–{table['right']:.0f}px (its region) and does not "
                    f"scroll (display {table['display']}, overflow-x "
                    f"{table['overflowX']})"
                )
        if screenshot is None and page.locator("div.keikaku-measure").count():
            screenshot = tmp_path / "measure-page-390px.png"
            page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    assert screenshot is not None and screenshot.stat().st_size > 0
    assert not problems, "\n".join(problems)
