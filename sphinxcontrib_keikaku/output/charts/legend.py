"""The legend of a chart, beside the plot: a handle and a label per series.

Drawn as a few plain artists, not a matplotlib ``Legend``, whose boxes and
packers cost as much CPU as the rest of an indicator chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.output.charts.style import SMALL_PT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["LEGEND_GID", "draw_legend"]

#: The legend, in points: handle length, gap to the label, row pitch (a
#: line of small text and 0.7 of its size between rows), bar handle height.
_HANDLE = 2.4 * SMALL_PT
_HANDLE_PAD = 0.6 * SMALL_PT
_ROW = 1.74 * SMALL_PT
_BAR_HANDLE = 0.7 * SMALL_PT
#: The ``gid`` of the legend's artists.
LEGEND_GID = "keikaku-legend"


def draw_legend(
    fig: Figure, entries: list[tuple[dict[str, Any], str]], at: tuple[float, float]
) -> None:
    """A legend of *entries* (a line style, or ``{"bar": color}``, and a
    label), left-aligned at *at* (points) and centred on it vertically.

    Drawn as a few plain artists, not a matplotlib ``Legend``, whose boxes
    and packers cost as much CPU as the rest of an indicator chart.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    width, height = fig.get_size_inches() * 72
    x, middle = at
    top = middle + _ROW * (len(entries) - 1) / 2
    for row, (style, label) in enumerate(entries):
        y = top - row * _ROW
        if "bar" in style:
            handle: Any = Rectangle(
                (x / width, (y - _BAR_HANDLE / 2) / height),
                _HANDLE / width,
                _BAR_HANDLE / height,
                facecolor=style["bar"],
                linewidth=0,
                transform=fig.transFigure,
            )
        else:
            # the marker in the middle of the line, as matplotlib's legend
            xs = [x / width, (x + _HANDLE / 2) / width, (x + _HANDLE) / width]
            handle = Line2D(
                xs, [y / height] * 3, markevery=[1], transform=fig.transFigure, **style
            )
        handle.set_gid(LEGEND_GID)
        fig.add_artist(handle)
        fig.text(
            (x + _HANDLE + _HANDLE_PAD) / width,
            y / height,
            label,
            ha="left",
            va="center_baseline",
            fontsize=SMALL_PT,
            gid=LEGEND_GID,
        )
