"""Axis badges in each object's block, in every builder (issue 16).

An object's block shows a line per axis with values: for the SDGs a badge
per goal, its number and name on the goal's official colour, the text in
white or black as :func:`~sphinxcontrib_keikaku.core.sdgs.text_colour`
chose for WCAG AA contrast (goal 7's yellow takes black); for a custom axis
its labelled values, framed. The badge is a node of its own
(:class:`axis_badge`), made at resolve time, never pickled: HTML gets a
``<span>`` with the colours inline (they are data, not theme), LaTeX a
``\\colorbox`` (``xcolor`` is loaded by Sphinx's own style), text builders
the words in brackets. No icon images.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core.axisvalues import Badge, badges
from sphinxcontrib_keikaku.output.visitors import visitors
from sphinxcontrib_keikaku.sphinxext.axisdirective import setup_axis_directives
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.plan_catalogue import shown_axes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

    from sphinxcontrib_keikaku.core.axes import Axis
    from sphinxcontrib_keikaku.core.model import PlanObject
    from sphinxcontrib_keikaku.output.render import Renderer

__all__ = ["axis_badge", "badge_lines", "badge_node", "setup_axes"]


class axis_badge(nodes.inline):
    """One value of an axis; ``background`` and ``foreground`` are
    ``#RRGGBB`` for an SDG, absent for a custom axis."""


def badge_text(badge: Badge) -> str:
    """What a badge says: ``11 住み続けられるまちづくりを`` (with the
    targets named, ``(11.2)``), ``P2 防災先進都市``."""
    text = f"{badge.key} {badge.label}"
    if badge.targets:
        text += f" ({', '.join(badge.targets)})"
    return text


def badge_node(badge: Badge) -> axis_badge:
    node = axis_badge("", badge_text(badge), classes=["keikaku-badge"])
    if badge.background and badge.foreground:
        node["classes"].append("keikaku-sdg")
        node["background"] = badge.background
        node["foreground"] = badge.foreground
    return node


def axis_line(axis: Axis, shown: tuple[Badge, ...]) -> nodes.paragraph:
    para = nodes.paragraph(classes=["keikaku-axis", f"keikaku-axis-{axis.name}"])
    para += nodes.inline("", _("%s:") % axis.label, classes=["keikaku-label"])
    for badge in shown:
        para += nodes.Text(" ")
        para += badge_node(badge)
    return para


def badge_lines(r: Renderer, obj: PlanObject, part: str) -> list[nodes.Node]:
    """The axis lines of ``obj``'s block, below its head."""
    if part != "head" or not obj.axes:
        return []
    result: list[nodes.Node] = []
    for axis in shown_axes(r.app):
        values = obj.axes.get(axis.name)
        if values is not None and values.keys:
            result.append(axis_line(axis, badges(axis, values)))
    return result


# --- visitors ------------------------------------------------------------------


def visit_badge_html(self: HTML5Translator, node: axis_badge) -> None:
    attributes: dict[str, Any] = {}
    if node.get("background"):
        attributes["style"] = (
            f"background-color: {node['background']}; color: {node['foreground']}"
        )
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_badge_html(self: HTML5Translator, node: axis_badge) -> None:
    self.body.append("</span>")


#: Where a line may end before a badge, ragged: a box cannot stretch, and a
#: justified line of long badges would run past the margin instead.
_LATEX_BREAK = r"\hskip0pt plus 1fil\penalty0\hskip0pt plus -1fil\relax "


def visit_badge_latex(self: LaTeXTranslator, node: axis_badge) -> None:
    background = str(node.get("background", "")).lstrip("#")
    if self.table is not None:
        # in a table cell the words wrap, after a square of the SDG's colour:
        # a box as wide as "7 エネルギーをみんなに そしてクリーンに" would
        # squeeze the cell beside it to a few characters a line
        if background:
            self.body.append(
                rf"\textcolor[HTML]{{{background}}}{{\rule{{.7em}}{{.7em}}}}\,"
            )
        return
    self.body.append(_LATEX_BREAK)
    if background:
        foreground = str(node["foreground"]).lstrip("#")
        self.body.append(
            rf"\colorbox[HTML]{{{background}}}{{\textcolor[HTML]{{{foreground}}}{{"
        )
    else:
        self.body.append(r"\fbox{")


def depart_badge_latex(self: LaTeXTranslator, node: axis_badge) -> None:
    if self.table is None:
        self.body.append("}}" if node.get("background") else "}")


def visit_badge_text(self: Any, node: axis_badge) -> None:
    # the text writer brackets a badge; man and texinfo show the words only
    if hasattr(self, "add_text"):
        self.add_text("[")


def depart_badge_text(self: Any, node: axis_badge) -> None:
    if hasattr(self, "add_text"):
        self.add_text("]")


def setup_axes(app: Sphinx) -> None:
    """Register everything of the classification axes with Sphinx."""
    setup_axis_directives(app)
    app.add_node(
        axis_badge,
        **visitors(
            (visit_badge_html, depart_badge_html),
            (visit_badge_latex, depart_badge_latex),
            (visit_badge_text, depart_badge_text),
        ),
    )
