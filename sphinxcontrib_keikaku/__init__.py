"""A Sphinx extension to write, check and publish a city's comprehensive plan."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Bumped whenever the stored plan data changes shape: old environments are
#: then read afresh instead of being misread.
ENV_VERSION = 3

_STATIC = Path(__file__).parent / "static"


def _add_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("keikaku.css")
        # in place before any page is written, so that every page links it
        # with the same checksum (``keikaku.css?v=…``), fresh or incremental
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_STATIC / "keikaku.css", static / "keikaku.css")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the plan directives, sphinx-needs integration and checks."""
    from . import config, export, latex, needs_bridge, plan, render, reporting
    from .charts import setup_charts
    from .domain import KeikakuDomain
    from .heap import setup_heap
    from .htmltables import setup_html_tables
    from .i18n import LOCALE_DIR, MESSAGE_CATALOG_NAME
    from .nodes import setup_nodes
    from .tables import setup_tables

    app.setup_extension("sphinx_needs")
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
    config.register(app)
    app.add_domain(KeikakuDomain)
    setup_nodes(app)
    setup_tables(app)
    setup_charts(app)
    setup_heap(app)
    setup_html_tables(app)

    app.connect("config-inited", needs_bridge.configure, priority=20)
    app.connect("config-inited", plan.on_config_inited)
    app.connect("config-inited", latex.configure)
    # after sphinx-needs registered its own directive under each type's name
    app.connect("config-inited", _register_directives, priority=900)
    app.connect("builder-inited", _add_assets)
    app.connect("env-get-outdated", plan.on_env_get_outdated)
    app.connect("env-merge-info", needs_bridge.drop_duplicate_needs, priority=400)
    app.connect("env-updated", plan.on_env_updated)
    app.connect("needs-before-post-processing", needs_bridge.apply_plan_values)
    app.connect("doctree-resolved", render.resolve_parts)
    app.connect("build-finished", latex.copy_style)
    app.connect("build-finished", export.write_exports)
    app.connect("build-finished", reporting.finish, priority=900)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _register_directives(app: Sphinx, _config: Any) -> None:
    from .directives import DIRECTIVES

    for kind, directive in DIRECTIVES.items():
        app.add_directive(kind.value, directive, override=True)
