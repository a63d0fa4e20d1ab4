"""Drawing a diagram of boxes and arrows (the logic model) with matplotlib.

The PDF twin of :mod:`sphinxcontrib_keikaku.output.logicmodel_svg`: the same
:class:`~.spec.Diagram`, the same colours (:mod:`.style`), drawn as a chart
of kind ``logicmodel`` through :func:`.draw.draw_batch` (cached, drawn by the
chart workers like every chart). matplotlib is imported when drawing only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.output.charts.spec import ChartSpec
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

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_diagram"]


def draw_diagram(spec: ChartSpec) -> Figure:
    """The boxes and arrows of *spec*'s diagram, one point per pixel of its
    layout: the same picture as the inline SVG of the HTML pages."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
    from matplotlib.path import Path as Curve

    diagram = spec.diagram
    if diagram is None:
        raise ValueError("a logicmodel chart without its diagram")
    fig = Figure(figsize=spec.size, dpi=72)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(0.0, diagram.width)
    ax.set_ylim(diagram.height, 0.0)  # y downwards, as in the layout
    size = diagram.font_size
    ax.add_patch(
        Rectangle((0, 0), diagram.width, diagram.height, color=DIAGRAM_CARD, lw=0)
    )
    for heading in diagram.headings:
        ax.add_patch(
            Rectangle(
                (heading.x, heading.y),
                heading.w,
                heading.h,
                facecolor=DIAGRAM_BAND,
                edgecolor=DIAGRAM_BAND_EDGE,
                linewidth=0.8,
            )
        )
        ax.text(
            heading.text_x,
            heading.baseline,
            heading.text,
            fontsize=size,
            color=DIAGRAM_HEADING,
            va="baseline",
        )
    codes = [Curve.MOVETO, Curve.CURVE4, Curve.CURVE4, Curve.CURVE4]
    for edge in diagram.edges:
        color = DIAGRAM_WARNING if edge.dashed else DIAGRAM_ARROW
        ax.add_patch(
            FancyArrowPatch(
                path=Curve(edge.points, codes),
                arrowstyle="-|>,head_length=0.6,head_width=0.3",
                mutation_scale=10,
                color=color,
                linewidth=1.0,
                linestyle=(0, (4.0, 3.0)) if edge.dashed else "-",
                shrinkA=0,
                shrinkB=0,
            )
        )
    for box in diagram.boxes:
        ax.add_patch(
            FancyBboxPatch(
                (box.x, box.y),
                box.w,
                box.h,
                boxstyle="round,pad=0,rounding_size=4",
                facecolor=box.fill,
                edgecolor=DIAGRAM_BOX_EDGE,
                linewidth=2.0 if box.emphasised else 0.8,
            )
        )
        warning_from = len(box.lines) - box.warning_lines
        for index, (line, baseline) in enumerate(
            zip(box.lines, box.baselines, strict=True)
        ):
            ax.text(
                box.text_x,
                baseline,
                line,
                fontsize=size,
                color=DIAGRAM_WARNING if index >= warning_from else DIAGRAM_INK,
                va="baseline",
            )
    return fig
