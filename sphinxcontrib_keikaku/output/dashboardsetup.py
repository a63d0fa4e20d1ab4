"""Wiring of ``plan-dashboard`` and ``plan-logic-model``, in one place.

:func:`setup_dashboard` is called once from
:func:`~sphinxcontrib_keikaku.extension.setup_extension`; it registers the
directives, the bar node, the logic model's SVG node, the stylesheet, the freshness of the dashboards'
links and, when the project loads ``sphinx.ext.graphviz``, that extension's
node for every HTML builder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.output.assets import STATIC
from sphinxcontrib_keikaku.output.dashboardbars import setup_dashboard_bars
from sphinxcontrib_keikaku.output.logicmodel_svg import setup_logic_model_svg
from sphinxcontrib_keikaku.output.visitors import HTML_BUILDERS
from sphinxcontrib_keikaku.sphinxext.dashboarddirective import DASHBOARD_DIRECTIVES
from sphinxcontrib_keikaku.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["CSS", "detail_tables_key", "setup_dashboard"]

CSS = "keikaku-dashboard.css"
#: The tables a dashboard links to (see :mod:`.tables.dashboard`).
_DETAIL_TABLES = ("plan-coverage", "plan-evaluation", "plan-budget")
#: Where the domain keeps the key of the last build's detail tables.
_KEY = "dashboard_links"


def detail_tables_key(env: BuildEnvironment) -> list[list[Any]]:
    """Every detailed table a dashboard may link to: directive, page, visions."""
    return sorted(
        [directive, docname, sorted(ids)]
        for docname, refs in get_domain(env).table_refs.items()
        for _line, directive, ids, _kind in refs
        if directive in _DETAIL_TABLES
    )


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The dashboards to write again when a detailed table came, went or moved.

    Nothing a dashboard counts changes then, so the plan's own freshness
    (:func:`~.hooks._stale_pages`) does not see it; the links do change.
    """
    domain = get_domain(env)
    key = detail_tables_key(env)
    if domain.data.get(_KEY) == key:
        return []
    domain.data[_KEY] = key
    return sorted(
        docname
        for docname, refs in domain.table_refs.items()
        if docname in env.found_docs
        and any(directive == "plan-dashboard" for _l, directive, _i, _k in refs)
    )


def add_stylesheet(app: Sphinx) -> None:
    """Link ``keikaku-dashboard.css`` (builder-inited, HTML builders); its own
    file, beside ``keikaku.css``, so that either can change alone."""
    if app.builder.format != "html":
        return
    app.add_css_file(CSS)
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / CSS, static / CSS)


def graphviz_for_every_html_builder(app: Sphinx) -> None:
    """Give ``sphinx.ext.graphviz``'s node the HTML visitors under every
    name keikaku registers its own under (builder-inited).

    Sphinx looks visitors up by the builder's name before its format;
    sphinx-data-viewer (a sphinx-needs dependency) registers a node under
    ``epub``, so the graphviz node, registered for ``html`` only, would be
    unknown to the epub builder (see ``output.visitors.HTML_BUILDERS``)."""
    if "sphinx.ext.graphviz" not in app.extensions:
        return
    from sphinx.ext.graphviz import graphviz, html_visit_graphviz

    handlers: dict[str, Any] = dict.fromkeys(HTML_BUILDERS, (html_visit_graphviz, None))
    app.add_node(graphviz, override=True, **handlers)


def setup_dashboard(app: Sphinx) -> None:
    for name, directive in DASHBOARD_DIRECTIVES.items():
        app.add_directive(name, directive)
    setup_dashboard_bars(app)
    setup_logic_model_svg(app)
    app.connect("builder-inited", add_stylesheet)
    app.connect("builder-inited", graphviz_for_every_html_builder)
    app.connect("env-updated", on_env_updated)
