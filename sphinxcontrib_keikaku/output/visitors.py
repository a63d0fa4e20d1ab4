"""The visitors of keikaku's nodes, for every builder.

The nodes themselves are in :mod:`sphinxcontrib_keikaku.sphinxext.nodes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.sphinxext.nodes import plan_object, plan_part, plan_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


def visit_object_html(self: HTML5Translator, node: plan_object) -> None:
    self.body.append(self.starttag(node, "div"))


def depart_object_html(self: HTML5Translator, node: plan_object) -> None:
    self.body.append("</div>\n")


def visit_object_latex(self: LaTeXTranslator, node: plan_object) -> None:
    # Anchors for \hyperref from every link to this object; make_refnode's
    # LaTeX references name ``docname:id`` exactly as hypertarget writes it.
    self.body.append("\n\n")
    for node_id in node["ids"]:
        self.body.append(self.hypertarget(node_id, anchor=False))
    self.body.append("\n")


def depart_object_latex(self: LaTeXTranslator, node: plan_object) -> None:
    self.body.append("\n\n\\medskip\n")


def visit_title_html(self: HTML5Translator, node: plan_title) -> None:
    self.body.append(self.starttag(node, "p", CLASS="keikaku-header"))


def depart_title_html(self: HTML5Translator, node: plan_title) -> None:
    self.body.append("</p>\n")


def visit_title_latex(self: LaTeXTranslator, node: plan_title) -> None:
    self.body.append("\n\n\\noindent\\textbf{")


def depart_title_latex(self: LaTeXTranslator, node: plan_title) -> None:
    self.body.append("}\\par\\nopagebreak\n")


def visit_title_text(self: Any, node: plan_title) -> None:
    self.visit_paragraph(node)


def depart_title_text(self: Any, node: plan_title) -> None:
    self.depart_paragraph(node)


def pass_through(self: Any, node: nodes.Element) -> None:
    """Builders without a dedicated look render the children as they are."""


def skip(self: Any, node: nodes.Element) -> None:
    # A placeholder is replaced at resolve time; one that survives (a builder
    # that never resolves) must not print anything.
    raise nodes.SkipNode


#: The names the HTML visitors are registered under. Sphinx takes a
#: builder's visitors from its name, and falls back to its format ("html")
#: only when no extension registered any visitor under the name itself. So
#: "dirhtml" and "singlehtml" are left out: naming them would cut those
#: builders off from every other extension's "html" visitors (Graphviz's,
#: needflow's). "epub" must be named, because sphinx-data-viewer (a
#: sphinx-needs dependency) registers under it and so cuts epub off already.
HTML_BUILDERS = ("html", "epub")
#: Builders that show plain text.
TEXT_BUILDERS = ("text", "man", "texinfo")


def visitors(
    html: tuple[Any, Any], latex: tuple[Any, Any], text: tuple[Any, Any]
) -> dict[str, Any]:
    """The ``app.add_node`` keyword arguments for every builder keikaku knows."""
    result: dict[str, Any] = dict.fromkeys(HTML_BUILDERS, html)
    result["latex"] = latex
    result.update(dict.fromkeys(TEXT_BUILDERS, text))
    return result


def setup_nodes(app: Sphinx) -> None:
    app.add_node(
        plan_object,
        **visitors(
            (visit_object_html, depart_object_html),
            (visit_object_latex, depart_object_latex),
            (pass_through, pass_through),
        ),
    )
    app.add_node(
        plan_title,
        **visitors(
            (visit_title_html, depart_title_html),
            (visit_title_latex, depart_title_latex),
            (visit_title_text, depart_title_text),
        ),
    )
    app.add_node(plan_part, **visitors((skip, None), (skip, None), (skip, None)))
