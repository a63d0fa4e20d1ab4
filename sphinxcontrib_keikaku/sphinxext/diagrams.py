"""needflow diagrams in a plan: Graphviz, and a clear warning without it.

keikaku makes Graphviz sphinx-needs' needflow engine unless the project
chose one (:func:`~.needs_bridge.default_flow_engine`). When Graphviz's
``dot`` cannot be found, every needflow of a page written is reported as a
``keikaku.chart`` warning at the directive, naming the fix, and the page
gets one line saying the diagram is missing, instead of Sphinx's generic
"dot command cannot be run" and the diagram's source text in the page.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext import priorities
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.needs_bridge import (
    FLOW_ENGINE,
    graphviz_needflows,
    register_needflow_visitors,
)
from sphinxcontrib_keikaku.sphinxext.reporting import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Builders whose needflow visitor runs ``dot``: sphinx-needs 9.1 draws a
#: Graphviz needflow in HTML only (and warns in any other builder itself).
_DRAWING_FORMATS = ("html",)


def dot_available(app: Sphinx) -> bool:
    """Whether ``graphviz_dot`` names a program that can be found."""
    return shutil.which(str(app.config.graphviz_dot)) is not None


def check_needflows(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Report and replace the needflows Graphviz cannot draw (doctree-resolved,
    before sphinx-needs processes them)."""
    if app.builder.name == "gettext":
        # gettext draws nothing, and reads every ``only`` block (to extract
        # all messages), where sphinx-needs would warn that a Graphviz
        # needflow is HTML only
        for node in graphviz_needflows(doctree):
            node.replace_self([])
        return
    if app.builder.format not in _DRAWING_FORMATS:
        return
    if app.config.needs_flow_engine != FLOW_ENGINE:
        return
    diagrams = graphviz_needflows(doctree)
    if not diagrams or dot_available(app):
        return
    for node in diagrams:
        report(
            app,
            Finding(
                Rule.CHART,
                _(
                    "needflow cannot be drawn: Graphviz's %r was not found; "
                    "install Graphviz (Debian: apt-get install graphviz) or "
                    "set graphviz_dot to its path"
                )
                % str(app.config.graphviz_dot),
                docname=docname,
                lineno=node.line,
            ),
        )
        missing = nodes.paragraph(
            "",
            _("(The diagram is not drawn: Graphviz is not installed.)"),
            classes=["keikaku-missing"],
        )
        # the figure sphinx-needs puts around an untitled diagram goes too
        target = node.parent if isinstance(node.parent, nodes.figure) else node
        target.replace_self(missing)


def setup_diagrams(app: Sphinx, html_builders: tuple[str, ...]) -> None:
    """Connect the check; *html_builders* are the builders that take HTML
    visitors (``output.visitors.HTML_BUILDERS``, passed by extension.py:
    this layer cannot import the output layer)."""
    register_needflow_visitors(app, html_builders)
    app.connect(
        "doctree-resolved", check_needflows, priority=priorities.BEFORE_SPHINX_NEEDS
    )
