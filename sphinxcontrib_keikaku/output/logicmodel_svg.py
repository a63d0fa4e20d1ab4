"""The logic model as an inline SVG in HTML pages (``plan-logic-model``).

:class:`logic_model_svg` carries the :class:`~.charts.spec.Diagram` (laid
out by :mod:`sphinxcontrib_keikaku.core.logicmodel_layout`), the link of
each box, resolved when the placeholder is (so right in ``html``,
``dirhtml``, ``singlehtml`` and ``epub`` alike), and the alt text. Its HTML
visitor writes the ``<svg>`` into the page: no program, no picture file, the
text real text (found by the browser's search, read by screen readers), each
box a link named by its ``<title>``. Other builders write nothing for it:
LaTeX gets the same diagram as a PDF chart instead, and every builder the
list that follows it.

Plan titles are text from the plan's authors: everything is escaped.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_keikaku.output.charts.spec import Diagram, DiagramEdge
from sphinxcontrib_keikaku.output.charts.style import (
    DIAGRAM_ARROW,
    DIAGRAM_BAND,
    DIAGRAM_BAND_EDGE,
    DIAGRAM_BOX_EDGE,
    DIAGRAM_CARD,
    DIAGRAM_HEADING,
    DIAGRAM_INK,
    DIAGRAM_WARNING,
)
from sphinxcontrib_keikaku.output.visitors import skip, visitors

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["logic_model_svg", "setup_logic_model_svg", "svg_markup"]

#: The arrowhead: its length and half its width, in pixels.
_HEAD = (7.0, 3.5)


class logic_model_svg(nodes.General, nodes.Element):
    """The diagram of a logic model: attributes ``diagram``
    (:class:`~.charts.spec.Diagram`), ``links`` (the ``href`` of each box,
    ``""`` for none) and ``alt``."""


def _n(value: float) -> str:
    """A coordinate as short as it is exact (the layout rounds to tenths)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _arrow(edge: DiagramEdge) -> str:
    """The curve of *edge* and its head, pointing along the curve's end."""
    start, first, second, end = edge.points
    colour = DIAGRAM_WARNING if edge.dashed else DIAGRAM_ARROW
    dash = ' stroke-dasharray="4 3"' if edge.dashed else ""
    curve = (
        f'<path d="M{_n(start[0])} {_n(start[1])} C{_n(first[0])} {_n(first[1])} '
        f'{_n(second[0])} {_n(second[1])} {_n(end[0])} {_n(end[1])}" fill="none" '
        f'stroke="{colour}" stroke-width="1"{dash}/>'
    )
    dx, dy = end[0] - second[0], end[1] - second[1]
    length = math.hypot(dx, dy)
    # the head points from the last control point to the end (rightwards
    # when they coincide)
    ux, uy = (dx / length, dy / length) if length else (1.0, 0.0)
    long, half = _HEAD
    base = (end[0] - ux * long, end[1] - uy * long)
    corners = [
        end,
        (base[0] - uy * half, base[1] + ux * half),
        (base[0] + uy * half, base[1] - ux * half),
    ]
    points = " ".join(f"{_n(round(x, 1))},{_n(round(y, 1))}" for x, y in corners)
    return f'{curve}<polygon points="{points}" fill="{colour}"/>'


def svg_markup(diagram: Diagram, links: tuple[str, ...], alt: str) -> str:
    """The ``<svg>`` element of *diagram*: scaled to the width of the page
    up to its natural size, a white card in every theme, each box a link
    (*links*, one per box) with its id and title as its name."""
    width, height = _n(diagram.width), _n(diagram.height)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" class="keikaku-logic-svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="width: 100%; max-width: {width}px; height: auto" role="group" '
        f'aria-label="{_attr(alt)}">',
        f"<title>{escape(alt)}</title>",
        f'<rect width="{width}" height="{height}" rx="6" fill="{DIAGRAM_CARD}"/>',
        f'<g font-family="sans-serif" font-size="{_n(diagram.font_size)}">',
    ]
    for heading in diagram.headings:
        out.append(
            f'<rect x="{_n(heading.x)}" y="{_n(heading.y)}" width="{_n(heading.w)}" '
            f'height="{_n(heading.h)}" rx="4" fill="{DIAGRAM_BAND}" '
            f'stroke="{DIAGRAM_BAND_EDGE}" stroke-width="0.8"/>'
            f'<text x="{_n(heading.text_x)}" y="{_n(heading.baseline)}" '
            f'fill="{DIAGRAM_HEADING}" font-weight="bold">{escape(heading.text)}</text>'
        )
    out += [_arrow(edge) for edge in diagram.edges]
    for box, link in zip(diagram.boxes, links, strict=True):
        name = f"{box.object_id} {box.title}".strip()
        # xlink:href beside href for the EPUB readers that know SVG 1.1 only
        opening = (
            f'<a href="{_attr(link)}" xlink:href="{_attr(link)}">' if link else "<g>"
        )
        out.append(f"{opening}<title>{escape(name)}</title>")
        out.append(
            f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" '
            f'height="{_n(box.h)}" rx="4" fill="{box.fill}" '
            f'stroke="{DIAGRAM_BOX_EDGE}" '
            f'stroke-width="{"2" if box.emphasised else "0.8"}"/>'
        )
        warning_from = len(box.lines) - box.warning_lines
        for index, (line, baseline) in enumerate(
            zip(box.lines, box.baselines, strict=True)
        ):
            colour = DIAGRAM_WARNING if index >= warning_from else DIAGRAM_INK
            out.append(
                f'<text x="{_n(box.text_x)}" y="{_n(baseline)}" '
                f'fill="{colour}">{escape(line)}</text>'
            )
        out.append("</a>" if link else "</g>")
    out.append("</g></svg>")
    return "\n".join(out)


def visit_svg_html(self: HTML5Translator, node: logic_model_svg) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS="keikaku-logic-diagram"))
    self.body.append(svg_markup(node["diagram"], node["links"], node["alt"]))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_logic_model_svg(app: Sphinx) -> None:
    """Register the node: HTML writes the SVG, every other builder nothing
    (the renderer makes the node for HTML builders only)."""
    app.add_node(
        logic_model_svg,
        **visitors((visit_svg_html, None), (skip, None), (skip, None)),
    )
