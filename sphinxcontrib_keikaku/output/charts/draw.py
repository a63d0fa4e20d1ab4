"""Drawing one chart with matplotlib (Agg, no pyplot); never raising.

:func:`draw_batch` is what a worker process or a Sphinx writer runs: it draws
the charts it is given, each written beside its final name and renamed into
place (a file under the final name is always complete), and returns for each
an error or the warnings matplotlib gave (a glyph missing from the fonts…).
"""

from __future__ import annotations

import contextlib
import io
import logging as stdlib_logging
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.output.charts.diagram import draw_diagram
from sphinxcontrib_keikaku.output.charts.legend import draw_legend
from sphinxcontrib_keikaku.output.charts.spec import ChartSpec
from sphinxcontrib_keikaku.output.charts.style import (
    ARROWS,
    AXIS,
    BAR_COLORS,
    COLORS,
    GRADE_COLORS,
    LINE_WIDTHS,
    METADATA,
    MUTED,
    NO_GRADE,
    SMALL_PT,
    STYLES,
    TITLE_PT,
    chart_font,
    chart_style,
    init_matplotlib,
)
from sphinxcontrib_keikaku.output.charts.ticks import draw_bar_labels, draw_ticks

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _width(text: str, size: float) -> float:
    """The width of *text* in points at *size* in the chart font, measured
    as the SVG renderer lays it out (its glyph outlines: ``svg.fonttype``
    ``path``)."""
    from matplotlib.textpath import text_to_path

    if not text:
        return 0.0
    width, _height, _descent = text_to_path.get_text_width_height_descent(
        text, chart_font(size), ismath=False
    )
    return float(width)


def _fit(text: str, size: float, room: float) -> str:
    """*text* on one line, shortened with ``…`` to at most *room* points."""
    text = " ".join(text.split())
    if _width(text, size) <= room:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits, text[:high] + "…" not
    while high - low > 1:
        middle = (low + high) // 2
        if _width(text[:middle] + "…", size) <= room:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + "…"


def _decimals(values: Iterable[float]) -> int:
    """The fewest decimals that show every tick value exactly."""
    values = list(values)
    for decimals in range(7):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return decimals
    return 6


def _number(x: float, decimals: int) -> str:
    """A tick label: thousands separators, a real minus sign, no ``−0``."""
    text = f"{x:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return text.replace("-", "−")


def _unit_label(unit: str) -> str:
    return f"（{unit}）" if not unit.isascii() else f"({unit})"


def _xy(points: Iterable[tuple[float, float]]) -> tuple[list[float], list[float]]:
    pairs = list(points)
    return [x for x, _y in pairs], [y for _x, y in pairs]


#: One figure per kind and size, drawn again for every chart of that kind:
#: making a Figure and its Axes (spines, axes, ticks) is about half the CPU
#: of a chart.  Per process (a worker, a Sphinx writer), only ever used
#: under :func:`chart_style`.
_FIGURES: dict[tuple[str, tuple[float, float]], tuple[Figure, Axes]] = {}


def _canvas(spec: ChartSpec, *, reuse: bool) -> tuple[Figure, Axes]:
    """An empty figure of *spec*'s size with one Axes, as a new one would be."""
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    key = (spec.kind, spec.size)
    if reuse and key in _FIGURES:
        fig, ax = _FIGURES[key]
        drawn = [*fig.texts, *fig.artists, *fig.lines, *fig.patches, *fig.legends]
        for artist in [*drawn, *ax.lines, *ax.patches, *ax.texts]:
            artist.remove()
        ax.containers.clear()
        # forget the limits of the last chart: as in a new Axes
        ax.dataLim.set_points(Bbox.null().get_points())
        ax.ignore_existing_data_limits = True
        ax.set_autoscale_on(True)
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.0)
        ax.set_autoscale_on(True)
        return fig, ax
    fig = Figure(figsize=spec.size, dpi=72)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))  # placed once the margins are known
    # ticks and grid lines are drawn by draw_ticks
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    if reuse:
        _FIGURES[key] = fig, ax
    return fig, ax


def _draw(spec: ChartSpec, *, reuse: bool = True) -> Figure:
    """The figure of *spec* (under :func:`chart_style`).

    With *reuse* the figure is the one of the last chart of the same kind,
    emptied, and it is emptied again by the next one: save it first.
    """
    from matplotlib.ticker import MaxNLocator

    if spec.kind == "logicmodel":
        return draw_diagram(spec)
    if spec.kind not in ("indicator", "budget", "grades"):
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    width, height = spec.size[0] * 72, spec.size[1] * 72  # points
    fig, ax = _canvas(spec, reuse=reuse)
    if spec.kind == "indicator":
        legend = _draw_indicator(ax, spec)
    else:
        legend = _draw_bars(ax, spec)

    # y: a few round ticks with the decimals they need, thousands separators
    values = [y for series in spec.series for _x, y in series.points]
    integral = all(v.is_integer() for v in values)
    locator = MaxNLocator(
        nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integral, min_n_ticks=3
    )
    bottom_y, top_y = ax.get_ylim()
    slack = 1e-9 * (top_y - bottom_y)
    # only the ticks in view: matplotlib makes an object for every tick
    y_ticks = [
        float(t)
        for t in locator.tick_values(bottom_y, top_y)
        if bottom_y - slack <= t <= top_y + slack
    ]
    decimals = _decimals(y_ticks)
    y_labels = [_number(t, decimals) for t in y_ticks]

    # margins in points: the y labels on the left, the legend on the right,
    # title and unit above, x labels below
    labels = [_fit(label, SMALL_PT, 120) for _handle, label in legend]
    legend_width = max((_width(label, SMALL_PT) for label in labels), default=0)
    left = max((_width(label, SMALL_PT) for label in y_labels), default=0) + 10
    right = legend_width + 38 if legend else 12
    header = bool(spec.title or spec.direction_label)
    top = 34.0 if header else 16.0
    bottom = 20.0
    ax.set_position(
        (
            left / width,
            bottom / height,
            (width - left - right) / width,
            (height - top - bottom) / height,
        )
    )

    # x: the given ticks, labelled every n-th when labels would come closer
    # than a character
    ticks = sorted(spec.x_ticks)
    step = 1
    if ticks:
        first, last = ticks[0], ticks[-1]
        pad = 0.5 if spec.kind != "indicator" else max(0.4, (last - first) * 0.06)
        ax.set_xlim(first - pad, last + pad)
        per_unit = (width - left - right) / (last - first + 2 * pad)  # points
        gap = min((b - a for a, b in pairwise(ticks)), default=0) * per_unit
        widest = max(_width(label, SMALL_PT) for label in spec.x_labels)
        while step < len(ticks) and widest + SMALL_PT > gap * step:
            step += 1
    draw_ticks(
        ax,
        (
            spec.x_ticks,
            [label if i % step == 0 else "" for i, label in enumerate(spec.x_labels)],
        ),
        (y_ticks, y_labels),
    )

    # header: title (left), direction (right), unit above the y axis
    direction = ""
    if spec.direction_label:
        direction = f"{ARROWS.get(spec.direction, '')} {spec.direction_label}".strip()
        _text(
            fig,
            1 - 6 / width,
            1 - 6 / height,
            direction,
            ha="right",
            va="top",
            fontsize=SMALL_PT,
            color=MUTED,
        )
    if spec.title:
        room = width - 12 - (_width(direction, SMALL_PT) + 16 if direction else 0)
        _text(
            fig,
            6 / width,
            1 - 5 / height,
            _fit(spec.title, TITLE_PT, room),
            ha="left",
            va="top",
            fontsize=TITLE_PT,
        )
    if spec.unit:
        _text(
            fig,
            6 / width,
            1 - (top - 5) / height,
            _unit_label(spec.unit),
            ha="left",
            va="baseline",
            fontsize=SMALL_PT,
            color=AXIS,
        )
    if legend:
        # beside the plot, centred on it: never over the data
        draw_legend(
            fig,
            [
                (style, label)
                for (style, _label), label in zip(legend, labels, strict=True)
            ],
            (width - right + 10, bottom + (height - top - bottom) / 2),
        )
    return fig


#: The ``gid`` of the title, the direction and the unit above the plot.
HEADER_GID = "keikaku-chart-header"


def _text(fig: Figure, x: float, y: float, text: str, **style: Any) -> None:
    """*text* above the plot at (*x*, *y*) in figure coordinates."""
    fig.text(x, y, text, transform=fig.transFigure, gid=HEADER_GID, **style)


def _draw_indicator(ax: Axes, spec: ChartSpec) -> list[tuple[Any, str]]:
    """Lines and markers of an indicator; the legend entries."""
    from matplotlib.lines import Line2D

    by_role = {series.role: series for series in spec.series}
    baseline = by_role.get("baseline")
    start = list(baseline.points[:1]) if baseline else []
    actual = by_role.get("actual")
    last_actual = list(actual.points[-1:]) if actual else start
    legend: dict[str, tuple[Any, str]] = {}
    # baseline last: its square on top of the lines that start from it
    for role in ("target", "actual", "estimate", "baseline"):
        series = by_role.get(role)
        if series is None:
            continue
        points = list(series.points)
        # the targets and the actuals start from the baseline, the estimates
        # from the last actual: one line, no marker on the borrowed point
        before = {"target": start, "actual": start, "estimate": last_actual}
        borrowed = [p for p in before.get(role, []) if p[0] < points[0][0]]
        linestyle, marker, size = STYLES[role]
        style: dict[str, Any] = {
            "color": COLORS[role],
            "linestyle": linestyle,
            "linewidth": LINE_WIDTHS.get(role, 1.0),
            "marker": marker,
            "markersize": size,
        }
        if role == "estimate":
            style |= {"markerfacecolor": "white", "markeredgewidth": 1.1}
        # a Line2D as Axes.plot makes it, without parsing plot's arguments
        # (a third of the cost of the line)
        line = Line2D(
            *_xy(borrowed + points),
            markevery=slice(len(borrowed), None),
            zorder=3 if role == "baseline" else 2,
            **style,
        )
        ax.add_line(line)
        legend[role] = (style, series.label)
    # the limits the lines need, as plot would ask for them
    ax.autoscale_view()
    # a flat series (維持: 109 → 109) sits in the middle, not on a magnified
    # hair's breadth
    values = [y for series in spec.series for _x, y in series.points]
    if values:
        low, high = min(values), max(values)
        span = high - low
        margin = span * 0.1 if span > 1e-9 * abs(high) else abs(high) * 0.25 or 1.0
        ax.set_ylim(low - margin, high + margin)
    # the order a reader expects, whatever the drawing order
    order = ("baseline", "target", "actual", "estimate")
    return [legend[role] for role in order if role in legend]


def _draw_bars(ax: Axes, spec: ChartSpec) -> list[tuple[Any, str]]:
    """Bars of a budget (stacked or grouped) or grade chart; the legend."""
    if spec.kind == "grades":
        colors: list[str] = []
        for label in spec.x_labels:
            if label.strip() in NO_GRADE:
                colors.append("#9e9e9e")
            else:
                colors.append(GRADE_COLORS[min(len(colors), len(GRADE_COLORS) - 1)])
        points = spec.series[0].points if spec.series else ()
        xs, ys = _xy(points)
        ax.bar(xs, ys, width=0.6, color=[colors[int(x)] for x in xs])
        draw_bar_labels(ax, xs, ys, [_number(y, 0) for y in ys])
        top = max(ys, default=0.0)
        ax.set_ylim(0, top * 1.18 if top > 0 else 1)
        return []
    legend: list[tuple[Any, str]] = []
    count = max(len(spec.series), 1)
    width = 0.7 if spec.stacked else 0.8 / count
    positive: dict[float, float] = {}
    negative: dict[float, float] = {}
    for index, series in enumerate(spec.series):
        xs, ys = _xy(series.points)
        bottoms = [0.0] * len(xs)
        if spec.stacked:
            for i, (x, y) in enumerate(series.points):
                stack = positive if y >= 0 else negative
                bottoms[i] = stack.get(x, 0.0)
                stack[x] = bottoms[i] + y
        else:
            xs = [x - 0.4 + width * (index + 0.5) for x in xs]
        color = BAR_COLORS[index % len(BAR_COLORS)]
        ax.bar(xs, ys, width=width, bottom=bottoms, color=color, linewidth=0)
        legend.append(({"bar": color}, series.label))
    if any(y < 0 for series in spec.series for _x, y in series.points):
        ax.axhline(0, color=AXIS, linewidth=0.6)
    return legend


#: The suffix of the cache files: not an image type, so that an EPUB build
#: whose doctree directory is inside its output does not pack the cache (it
#: warns about these files as about Sphinx's own ``.doctree`` files there).
CACHE_SUFFIX = ".cache"
#: Beside a chart: the warnings drawing it gave, one a line.
LOG_SUFFIX = ".log"
#: Instead of a chart: why it could not be drawn.
ERROR_SUFFIX = ".err"


def cache_name(key: str, fmt: str) -> str:
    """The name of the chart *key* in the cache: ``<key>.<fmt>.cache``."""
    return f"{key}.{fmt}{CACHE_SUFFIX}"


def _write(path: Path, data: bytes) -> None:
    # write beside the target and rename: a file under the final name is
    # always complete, even if a process dies or two draw the same chart
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _render(spec: ChartSpec, fmt: str) -> bytes:
    fig = _draw(spec)
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata=METADATA[fmt])
    return out.getvalue()


class _Collect(stdlib_logging.Handler):
    """matplotlib's log warnings (a font not found…) while drawing a chart."""

    def __init__(self) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_MISSING_GLYPH = re.compile(r"Glyph (\d+) \(.*?\) missing from font\(s\) (.*?)\.?$")


def _message(text: str) -> str:
    """A warning of matplotlib, with the character of a missing glyph."""
    match = _MISSING_GLYPH.match(text)
    if match is None:
        return text
    char = chr(int(match[1]))
    # matplotlib names the fonts in no fixed order: the same words every run
    fonts = ", ".join(sorted(match[2].split(", ")))
    return f"glyph {char!r} (U+{ord(char):04X}) missing from font(s) {fonts}"


#: What drawing one chart gave: an error, or None and the warnings.
Outcome = tuple[str | None, list[str]]


def _draw_one(spec: ChartSpec, fmt: str) -> tuple[bytes, Outcome]:
    """The file of one chart and what drawing it gave (under
    :func:`chart_style`); never raise."""
    handler = _Collect()
    mpl_logger = stdlib_logging.getLogger("matplotlib")
    mpl_logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                data = _render(spec, fmt)
            except Exception as err:
                return b"", (f"{type(err).__name__}: {err}", [])
        # what the reader of the build log can act on: not matplotlib's
        # deprecations (for the developers of this module)
        messages = [
            str(w.message)
            for w in caught
            if not issubclass(
                w.category, (DeprecationWarning, PendingDeprecationWarning)
            )
        ] + handler.messages
        return data, (None, list(dict.fromkeys(_message(m) for m in messages)))
    finally:
        mpl_logger.removeHandler(handler)


def _store(path: Path, data: bytes, outcome: Outcome) -> None:
    """Keep a chart and what came of it in the cache, for whoever reports."""
    error, messages = outcome
    if error is not None:
        _write(path.with_name(path.name + ERROR_SUFFIX), error.encode("utf-8"))
        return
    log = path.with_name(path.name + LOG_SUFFIX)
    if messages:
        # before the chart: a chart in the cache has its log beside it
        _write(log, "".join(f"{m}\n" for m in messages).encode("utf-8"))
    else:
        log.unlink(missing_ok=True)
    _write(path, data)


def draw_batch(jobs: Sequence[tuple[ChartSpec, str]], fmt: str) -> list[Outcome]:
    """Draw several charts into their cache files (one round trip to a
    worker); what each gave, also kept beside it; never raise."""
    if not jobs:
        return []
    outcomes: list[Outcome] = []
    try:
        with chart_style():
            for spec, name in jobs:
                data, outcome = _draw_one(spec, fmt)
                _store(Path(name), data, outcome)
                outcomes.append(outcome)
    except Exception as err:  # matplotlib or the font cannot be loaded
        failed: Outcome = (f"{type(err).__name__}: {err}", [])
        for _spec, name in jobs[len(outcomes) :]:
            with contextlib.suppress(OSError):
                _store(Path(name), b"", failed)
            outcomes.append(failed)
    return outcomes


def init_worker() -> None:
    """Once per worker process: matplotlib (Agg) and the chart font."""
    init_matplotlib(worker=True)
