"""needflow diagrams in a plan: Graphviz, and a clear warning without it.

keikaku makes Graphviz sphinx-needs' needflow engine unless the project
chose one (:func:`~.needs_bridge.default_flow_engine`). When Graphviz's
``dot`` cannot be found, the first needflow of the build is reported as a
``keikaku.chart`` warning at the directive, naming the program and its
install line (:func:`~.programs.report_missing`), and every page with a
needflow gets one line saying the diagram is missing, instead of Sphinx's
generic "dot command cannot be run" and the diagram's source text in the
page. Once Graphviz is found, those pages are written again
(:mod:`~.programs`).
"""

from __future__ import annotations

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
from sphinxcontrib_keikaku.sphinxext.programs import (
    GRAPHVIZ,
    Program,
    install_line,
    is_found,
)
from sphinxcontrib_keikaku.sphinxext.reporting import report_once

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Builders whose needflow visitor runs ``dot``: sphinx-needs 9.1 draws a
#: Graphviz needflow in HTML only (and warns in any other builder itself).
_DRAWING_FORMATS = ("html",)


def report_missing(
    app: Sphinx, program: Program, purpose: str, docname: str, lineno: int | None
) -> None:
    """Warn that *program* is missing, once per build (at the first page
    that needs it): the other pages show their note without a warning."""
    report_once(
        app,
        f"program:{program.name}",
        Finding(
            Rule.CHART,
            _(
                "%(purpose)s needs %(program)s, and its program %(command)r "
                "was not found: install it (%(install)s) or set %(setting)s "
                "to its path; every page that needs it shows a note instead, "
                "and is written again once it is found"
            )
            % {
                "purpose": purpose,
                "program": program.name,
                "command": program.command(app.config),
                "install": install_line(program),
                "setting": program.setting,
            },
            docname=docname,
            lineno=lineno,
        ),
    )


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
    if not diagrams or is_found(app, GRAPHVIZ):
        return
    for node in diagrams:
        report_missing(app, GRAPHVIZ, _("the needflow diagram"), docname, node.line)
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
