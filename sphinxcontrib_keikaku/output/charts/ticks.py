"""The ticks of a chart: marks, labels and grid lines as a few plain artists.

matplotlib's own axes make several artists per tick (two marks, a grid line,
two labels) and measure every label twice to place axis labels a chart does
not have: about half the CPU of drawing an indicator chart.  These artists
look the same: the marks point out of the plot, the labels sit their length
plus the pad away, the grid lines run under the data.  The labels are texts
of the figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.output.charts.style import AXIS, INK, RC, SMALL_PT

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["XTICK_GID", "YTICK_GID", "draw_bar_labels", "draw_ticks"]

#: The ``gid`` of the tick labels of each axis.
XTICK_GID = "keikaku-xtick"
YTICK_GID = "keikaku-ytick"

#: Below the data, as matplotlib puts an axis with ``axes.axisbelow``.
_BELOW = 0.5


def draw_ticks(
    ax: Axes,
    x: tuple[Sequence[float], Sequence[str]],
    y: tuple[Sequence[float], Sequence[str]],
) -> None:
    """Ticks at the positions of *x* and *y* with their labels (``""``: a
    mark without a label); a grid line at every y tick."""
    from matplotlib.lines import Line2D
    from matplotlib.markers import TICKDOWN, TICKLEFT, MarkerStyle
    from matplotlib.transforms import ScaledTranslation

    fig = ax.get_figure(root=True)
    assert fig is not None
    size = float(RC["xtick.major.size"])
    away = (size + float(RC["xtick.major.pad"])) / 72  # inches
    x_at, x_labels = x
    y_at, y_labels = y
    x_axis, y_axis = ax.get_xaxis_transform(), ax.get_yaxis_transform()
    if y_at:
        # one line for all the grid lines (broken by NaN): one artist, as
        # they look the same; not add_line: the limits are final, ticks must
        # not widen them
        nan = float("nan")
        ax.add_artist(
            Line2D(
                [x for _value in y_at for x in (0.0, 1.0, nan)],
                [y for value in y_at for y in (value, value, nan)],
                transform=y_axis,
                color=str(RC["grid.color"]),
                linewidth=float(RC["grid.linewidth"]),
                zorder=_BELOW,
            )
        )
    for xs, ys, transform, marker in (
        (list(x_at), [0.0] * len(x_at), x_axis, TICKDOWN),
        ([0.0] * len(y_at), list(y_at), y_axis, TICKLEFT),
    ):
        # not add_line: the limits are final, ticks must not widen them
        ax.add_artist(
            Line2D(
                xs,
                ys,
                transform=transform,
                marker=MarkerStyle(marker),
                linestyle="none",
                markersize=size,
                markeredgewidth=float(RC["xtick.major.width"]),
                color=AXIS,
                zorder=_BELOW,
                clip_on=False,
            )
        )
    # the labels belong to the figure, not the Axes: Axes.add_artist clips
    # every artist to the Axes (which costs more than making the label) and
    # these are never clipped; they are drawn after the Axes, as they were
    # drawn over everything in it (zorder 3)
    below = x_axis + ScaledTranslation(0, -away, fig.dpi_scale_trans)
    for value, label in zip(x_at, x_labels, strict=True):
        fig.text(value, 0, label, transform=below, ha="center", va="top",
                 fontsize=SMALL_PT, color=INK, gid=XTICK_GID)  # fmt: skip
    left = y_axis + ScaledTranslation(-away, 0, fig.dpi_scale_trans)
    for value, label in zip(y_at, y_labels, strict=True):
        fig.text(0, value, label, transform=left, ha="right",
                 va="center_baseline", fontsize=SMALL_PT, color=INK,
                 gid=YTICK_GID)  # fmt: skip


def draw_bar_labels(
    ax: Axes, xs: Sequence[float], ys: Sequence[float], labels: Sequence[str]
) -> None:
    """A label above each bar (at *xs*, *ys*, never negative), 2 points up,
    as ``Axes.bar_label`` puts it; a text of the figure, as the tick
    labels."""
    from matplotlib.transforms import ScaledTranslation

    fig = ax.get_figure(root=True)
    assert fig is not None
    above = ax.transData + ScaledTranslation(0, 2 / 72, fig.dpi_scale_trans)
    for x, y, label in zip(xs, ys, labels, strict=True):
        fig.text(x, y, label, transform=above, ha="center", va="bottom",
                 fontsize=SMALL_PT)  # fmt: skip
