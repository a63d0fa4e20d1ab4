"""Sphinx configuration of the sphinxcontrib-keikaku documentation."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
# Build from the working tree even when the package is not installed.
sys.path.insert(0, str(HERE.parent))

from sphinxcontrib_keikaku import __version__  # noqa: E402

project = "sphinxcontrib-keikaku"
author = "sphinxcontrib-keikaku developers"
copyright = "2024, sphinxcontrib-keikaku developers"
version = release = __version__
language = "en"

extensions = ["myst_parser", "sphinxcontrib_keikaku", "keikaku_docs"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The example projects are built by tests/test_docs.py, not as pages here;
# pages include them with literalinclude (and one plan with include).
exclude_patterns = ["_build", "examples", "_ext"]

# Every cross-reference must resolve.
nitpicky = True

# The docs show a live mini plan (reference/example-plan): it is checked
# like any plan, so it must stay clean.
keikaku_plan_period = (2024, 2027)

html_theme = "alabaster"
html_title = "sphinxcontrib-keikaku"
html_theme_options = {
    "description": "Write, check and publish a comprehensive plan (総合計画)",
    "page_width": "1100px",
    "sidebar_width": "240px",
}
