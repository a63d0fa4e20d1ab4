"""What the browser tests share: Debian's Chromium, headless, and a quiet
HTTP server for a built site (test_browser, test_a11y, test_themes)."""

from __future__ import annotations

import os
import re
import shutil
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from conftest import missing_programs_line, unavailable

__all__ = [
    "CHROMIUM_ARGS",
    "DESKTOP",
    "EXAMPLE",
    "PHONE",
    "SCHEME",
    "QuietHandler",
    "chromium",
]

EXAMPLE = Path(__file__).resolve().parents[2] / "example_plan"

#: What Debian's chromium needs to run headless in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: An href with a scheme (https:, mailto:, javascript:) leaves the site.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def chromium() -> str:
    """The Chromium to drive (``KEIKAKU_CHROMIUM``, else Debian's); the test
    skips (fails in CI) without it."""
    wanted = os.environ.get("KEIKAKU_CHROMIUM")
    path = shutil.which(wanted) if wanted else shutil.which("chromium")
    if path is None and not wanted and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    if path is None:
        if wanted:
            unavailable(f"KEIKAKU_CHROMIUM names no program: {wanted}")
        unavailable(
            (missing_programs_line("chromium") or "needs chromium")
            + "; or set KEIKAKU_CHROMIUM"
        )
    return path


# --- the site --------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a directory without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass
