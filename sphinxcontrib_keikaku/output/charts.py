"""Charts of indicators and summaries, drawn off the main path.

The main process only builds :class:`ChartSpec` values: small, frozen, picklable
descriptions of everything a picture shows, named by a content hash
(:meth:`ChartSpec.key`).  Drawing happens in worker processes, started on
``write-started`` (when the plan is final) so that it overlaps with Sphinx
writing the pages, and joined on ``build-finished``:

* each picture lives in a cache, ``<doctreedir>/keikaku-charts/<key>.<fmt>``
  (``svg`` for HTML builders, ``pdf`` for LaTeX), and is drawn only when that
  file is missing: a rebuild with unchanged data draws nothing;
* the files a build needs are hard-linked (or copied) into the output, as
  ``<outdir>/_images/keikaku/<key>.svg`` or ``<outdir>/keikaku-<key>.pdf``;
* a chart that cannot be drawn is a ``keikaku.value`` warning naming the
  indicator; the build goes on.

Worker processes are started with the ``forkserver`` method where the platform
has it, ``spawn`` elsewhere; never ``fork``: the Sphinx process is large, may
run threads, and with ``-j N`` forks its own writers while the pool is alive,
so forking it again is neither cheap nor safe.  A fork server is one small
fresh process that forks the workers.  (Like every ``spawn``/``forkserver``
user, workers import the ``__main__`` module of a build *script*; a script
that runs Sphinx must do so under ``if __name__ == "__main__":``.  If the
workers cannot start, the charts are drawn in the main process.)

The pictures are drawn by matplotlib (Agg backend, no pyplot), which costs
40-50 ms of CPU per chart and about 0.4 s to import (matplotlib 3.11).
That is why it runs in the worker processes, each importing it once, beside
Sphinx writing the pages, and why nothing is drawn twice (the cache): the
Sphinx process does not import matplotlib at all unless it draws the few
charts of a small rebuild itself.  Text is set in IPAexGothic, the font of
``matplotlib-fontja`` (installed by pip, no system font needed; DejaVu Sans
for what it lacks), as glyph outlines in SVG and an embedded Type 3 font in
PDF, so Japanese shows right everywhere.  Output is byte-for-byte
reproducible: no dates, no versions, a fixed SVG hash salt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import importlib.util
import logging as stdlib_logging
import multiprocessing
import os
import re
import shutil
import warnings
import weakref
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from docutils import nodes

from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.core.values import Value, YearStyle

__all__ = [
    "CHART_STYLE_VERSION",
    "ChartDrawer",
    "ChartProblem",
    "ChartSpec",
    "Series",
    "budget_spec",
    "chart_format",
    "chart_node",
    "grades_spec",
    "indicator_spec",
    "plan_chart",
    "setup_charts",
]

#: Part of every key: bump it whenever the look of the charts changes, so
#: that cached pictures of the old look are not reused.
CHART_STYLE_VERSION = "2"

ChartKind = Literal["indicator", "budget", "grades"]
ChartFormat = Literal["svg", "pdf"]

#: CSS pixels per inch: ``<img>`` sizes are given in pixels, figures in inches.
_PX_PER_INCH = 96

#: Figure sizes in inches, chosen to be whole pixels at 96 px/in.
_SIZES: dict[str, tuple[float, float]] = {
    "indicator": (5.0, 2.75),  # 480 × 264 px
    "budget": (6.0, 3.0),  # 576 × 288 px
    "grades": (4.0, 2.25),  # 384 × 216 px
}

#: The cache directory under the doctree directory.
CACHE_DIRNAME = "keikaku-charts"

#: With fewer missing charts than this, a build draws them in its own process
#: (importing matplotlib, about 0.4 s of CPU, then 40-50 ms a chart) instead
#: of starting worker processes (each importing matplotlib again, about half a
#: second of CPU before its first chart).
POOL_THRESHOLD = 40


# --- specs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    """One data series of a chart.

    ``role`` says how it is drawn: ``baseline`` (one filled square),
    ``target`` (dashed path from the baseline through the targets),
    ``actual`` (solid line with filled markers, from the baseline),
    ``estimate`` (hollow markers, dotted from the last actual) or ``bar``.
    ``points`` are ``(x, y)``: fiscal years for indicators, category
    positions (0, 1, …) for bar charts.
    """

    role: str
    label: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Everything a chart shows; cheap to build, to hash and to pickle.

    ``alt`` (the picture in words) and ``object_id`` (whose chart it is, for
    warnings) are not drawn and do not enter :meth:`key`.
    """

    kind: ChartKind
    title: str
    unit: str
    #: Positions of the x ticks and their labels (fiscal years already
    #: formatted in the project's year style, or category names).
    x_ticks: tuple[float, ...]
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    #: ``up`` / ``down`` / ``keep`` for indicators, ``""`` otherwise.
    direction: str = ""
    #: The translated direction (``higher is better``…), drawn in a corner.
    direction_label: str = ""
    #: Bar charts: stack the series (True) or group them side by side.
    stacked: bool = False
    #: Width and height in inches.
    size: tuple[float, float] = _SIZES["indicator"]
    alt: str = ""
    object_id: str = ""

    def key(self) -> str:
        """A content hash of what is drawn: the same data gives the same name."""
        drawn = (
            CHART_STYLE_VERSION,
            self.kind,
            self.title,
            self.unit,
            self.x_ticks,
            self.x_labels,
            tuple((s.role, s.label, s.points) for s in self.series),
            self.direction,
            self.direction_label,
            self.stacked,
            self.size,
        )
        # repr of tuples of str, float, bool is stable across processes and
        # Python versions (floats repr as the shortest round-tripping form).
        return hashlib.blake2b(repr(drawn).encode("utf-8"), digest_size=16).hexdigest()

    @property
    def pixel_size(self) -> tuple[int, int]:
        """``(width, height)`` in CSS pixels."""
        width, height = self.size
        return round(width * _PX_PER_INCH), round(height * _PX_PER_INCH)


def _direction_label(direction: str) -> str:
    # The same message ids as render.direction_label (one translation).
    labels = {
        "up": _("higher is better"),
        "down": _("lower is better"),
        "keep": _("keep"),
    }
    return str(labels[direction]) if direction in labels else ""


def _with_unit(value: Value, unit: str) -> str:
    from sphinxcontrib_keikaku.core.values import format_value

    text = format_value(value)
    return f"{text}{unit}" if isinstance(value, Decimal) else text


@functools.lru_cache(maxsize=1024)
def _year_label(year: int, style: YearStyle, language: str | None) -> str:
    from sphinxcontrib_keikaku.core.values import format_fiscal_year

    return format_fiscal_year(year, style=style, language=language)


class _Words:
    """The translated pieces of alt texts, looked up once per spec."""

    _ENGLISH: ClassVar[dict[str, str]] = {
        "whole": "%(title)s: %(values)s",
        "group": "%(label)s %(values)s",
        "at": "%(value)s (%(year)s)",
    }

    def __init__(self) -> None:
        self.templates = {
            "whole": str(_("%(title)s: %(values)s")),
            "group": str(_("%(label)s %(values)s")),
            "at": str(_("%(value)s (%(year)s)")),
        }

    def _fill(self, name: str, **values: str) -> str:
        try:
            return self.templates[name] % values
        except (KeyError, TypeError, ValueError):
            # a translation with broken placeholders must not break the build
            return self._ENGLISH[name] % values

    def describe(self, title: str, groups: Iterable[tuple[str, Sequence[str]]]) -> str:
        """``title: label v1 (y1), v2 (y2), label2 …``."""
        parts = [
            self._fill("group", label=label, values=", ".join(values))
            for label, values in groups
            if values
        ]
        if not parts:
            return title
        return self._fill("whole", title=title, values=", ".join(parts))

    def at(self, value: str, year: str) -> str:
        return self._fill("at", value=value, year=year)


def indicator_spec(
    indicator: Indicator,
    *,
    year_style: YearStyle,
    language: str | None,
    describe: bool = True,
) -> ChartSpec | None:
    """The chart of *indicator*, or None when it has no number to draw.

    Qualitative values (``設置``) are not drawn but are named in the alt text
    of an indicator that also has numbers.  Without *describe* the alt text
    is left empty (it does not change the picture or its key).
    """

    def year(value: int) -> str:
        return _year_label(value, year_style, language)

    baseline = dict([indicator.baseline]) if indicator.baseline is not None else {}
    groups: list[tuple[str, str, dict[int, Value]]] = [
        ("baseline", str(_("Baseline")), baseline),
        ("target", str(_("Target")), indicator.target),
        ("actual", str(_("Actual")), indicator.actual),
        ("estimate", str(_("Estimate")), indicator.estimate),
    ]
    series: list[Series] = []
    years: set[int] = set()
    for role, label, values in groups:
        points = tuple(
            (float(y), float(v))
            for y, v in sorted(values.items())
            if isinstance(v, Decimal) and v.is_finite()
        )
        if points:
            series.append(Series(role, label, points))
            years.update(int(x) for x, _y in points)
    if not series:
        return None
    ticks = sorted(years)
    alt = ""
    if describe:
        words = _Words()
        alt = words.describe(
            indicator.title or indicator.id,
            [
                (
                    label,
                    [
                        words.at(_with_unit(v, indicator.unit), year(y))
                        for y, v in sorted(values.items())
                    ],
                )
                for _role, label, values in groups
            ],
        )
    return ChartSpec(
        kind="indicator",
        title=indicator.title,
        unit=indicator.unit,
        x_ticks=tuple(float(y) for y in ticks),
        x_labels=tuple(year(y) for y in ticks),
        series=tuple(series),
        direction=indicator.direction,
        direction_label=_direction_label(indicator.direction),
        size=_SIZES["indicator"],
        alt=alt,
        object_id=indicator.id,
    )


def budget_spec(
    title: str,
    years: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    unit: str,
    *,
    stacked: bool = True,
    object_id: str = "",
) -> ChartSpec:
    """Bars of amounts per fiscal year (*years*, already formatted), one
    series per vision (or account…), stacked or grouped side by side.

    A value of ``None`` is a year without an amount (no bar, not in the alt).
    """
    words = _Words()
    drawn: list[Series] = []
    described: list[tuple[str, list[str]]] = []
    for label, values in series:
        points: list[tuple[float, float]] = []
        said: list[str] = []
        for index, (year, value) in enumerate(zip(years, values, strict=False)):
            if value is None or not value.is_finite():
                continue
            points.append((float(index), float(value)))
            said.append(words.at(_with_unit(value, unit), year))
        drawn.append(Series("bar", label, tuple(points)))
        described.append((label, said))
    return ChartSpec(
        kind="budget",
        title=title,
        unit=unit,
        x_ticks=tuple(float(i) for i in range(len(years))),
        x_labels=tuple(years),
        series=tuple(drawn),
        stacked=stacked,
        size=_SIZES["budget"],
        alt=words.describe(title, described),
        object_id=object_id,
    )


def grades_spec(
    title: str, distribution: Sequence[tuple[str, int]], *, object_id: str = ""
) -> ChartSpec:
    """Bars of how many indicators (or measures) got each grade."""
    labels = tuple(label for label, _count in distribution)
    points = tuple(
        (float(index), float(count)) for index, (_l, count) in enumerate(distribution)
    )
    alt = _Words().describe(
        title, [(label, [str(count)]) for label, count in distribution]
    )
    return ChartSpec(
        kind="grades",
        title=title,
        unit="",
        x_ticks=tuple(float(i) for i in range(len(labels))),
        x_labels=labels,
        series=(Series("bar", "", points),),
        size=_SIZES["grades"],
        alt=alt,
        object_id=object_id,
    )


# --- drawing (runs in worker processes) ----------------------------------------
#
# matplotlib is imported here only, by the process that draws: a worker
# (_init_worker), or the Sphinx process itself for a few charts (at join).
# Figures are lean: a Figure without pyplot, one Axes, margins computed from
# measured text widths instead of tight or constrained layout (which draw the
# figure once more), few artists.

#: rcParams of every chart, applied over matplotlib's defaults (so that a
#: chart drawn in the Sphinx process, whose rcParams a project may have
#: changed, is the same as one drawn by a worker), and only while drawing.
_RC: dict[RcKeyType, Any] = {
    # IPAexGothic (matplotlib-fontja) has kana, kanji, Latin, digits, −, △,
    # arrows; DejaVu Sans (bundled with matplotlib) has what it lacks.
    "font.family": ["IPAexGothic", "DejaVu Sans"],
    "font.size": 8.0,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.pad": 2.5,
    "ytick.major.pad": 2.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "xtick.labelcolor": "#222222",
    "ytick.labelcolor": "#222222",
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "lines.linewidth": 1.4,
    "text.color": "#222222",
    "text.usetex": False,
    # titles are literal text: "$x$" must not become mathtext
    "text.parse_math": False,
    # text as glyph outlines: shown right without any Japanese font in the
    # browser (and in an <img>, which loads no web font); about 1.3 times the
    # CPU of "none" (text left to the browser's fonts), files 4 times larger
    "svg.fonttype": "path",
    # ids in the SVG are hashes salted by this: the same bytes every run
    "svg.hashsalt": "sphinxcontrib-keikaku",
    # the glyphs used, embedded as a Type 3 font; Type 42 (a TrueType
    # subset) costs about five times as much per file
    "pdf.fonttype": 3,
}

#: savefig metadata: no dates and no versions, so that the bytes depend on
#: the data only.
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}

#: Font sizes in points.
_TITLE_PT = 10.0
_SMALL_PT = 8.0

_INK = "#222222"
_MUTED = "#555555"
_AXIS = "#444444"
_COLORS = {
    "baseline": "#555555",
    "target": "#d9534f",
    "actual": "#1f6fb4",
    "estimate": "#1f6fb4",
}
_BAR_COLORS = (
    "#1f6fb4",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
#: Grades from best to worst; "not evaluable" is grey.
_GRADE_COLORS = ("#2e8b57", "#7cb342", "#f0ad4e", "#d9534f", "#8e44ad", "#6d4c41")
_NO_GRADE = {"-", "−", "–", "—", "―", "ー", ""}
_ARROWS = {"up": "↑", "down": "↓", "keep": "→"}
#: Line and marker of each indicator series: (linestyle, marker, markersize).
_STYLES: dict[str, tuple[Any, str, float]] = {
    "baseline": ("none", "s", 4.5),
    "target": ((0, (4.0, 2.5)), "D", 4.0),
    "actual": ("-", "o", 4.5),
    "estimate": ((0, (1.0, 1.8)), "o", 4.5),
}
_LINE_WIDTHS = {"target": 1.2, "actual": 1.4, "estimate": 1.1}

#: Set once this process has matplotlib and the chart font.
_ready = False


def _init_matplotlib(*, worker: bool = False) -> None:
    """Import matplotlib and register IPAexGothic, once per process.

    Importing ``matplotlib_fontja`` also sets the font family globally; that
    is undone, so that drawing in the Sphinx process changes nothing there.
    """
    global _ready
    if _ready:
        return
    import matplotlib

    if worker:
        matplotlib.use("Agg")
    with matplotlib.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib_fontja  # type: ignore[import-untyped]  # noqa: F401
    _ready = True


@contextlib.contextmanager
def _chart_style() -> Iterator[None]:
    """matplotlib's defaults and :data:`_RC`, restored afterwards."""
    import matplotlib

    _init_matplotlib()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(_RC)
        yield


@functools.lru_cache(maxsize=4096)
def _width(text: str, size: float) -> float:
    """The width of *text* in points at *size*, as the chart font sets it
    (under :func:`_chart_style`: the same font every time)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    if not text:
        return 0.0
    width, _height, _descent = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False
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


def _draw(spec: ChartSpec) -> Figure:
    """The figure of *spec* (under :func:`_chart_style`)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    if spec.kind not in ("indicator", "budget", "grades"):
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    width, height = spec.size[0] * 72, spec.size[1] * 72  # points
    fig = Figure(figsize=spec.size, dpi=72)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))  # placed once the margins are known
    ax.grid(axis="y")
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
    ax.set_yticks(y_ticks, y_labels)

    # margins in points: the y labels on the left, the legend on the right,
    # title and unit above, x labels below
    labels = [_fit(label, _SMALL_PT, 120) for _handle, label in legend]
    legend_width = max((_width(label, _SMALL_PT) for label in labels), default=0)
    left = max((_width(label, _SMALL_PT) for label in y_labels), default=0) + 10
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
        widest = max(_width(label, _SMALL_PT) for label in spec.x_labels)
        while step < len(ticks) and widest + _SMALL_PT > gap * step:
            step += 1
    ax.set_xticks(
        list(spec.x_ticks),
        [label if i % step == 0 else "" for i, label in enumerate(spec.x_labels)],
    )

    # header: title (left), direction (right), unit above the y axis
    direction = ""
    if spec.direction_label:
        direction = f"{_ARROWS.get(spec.direction, '')} {spec.direction_label}".strip()
        fig.text(
            1 - 6 / width,
            1 - 6 / height,
            direction,
            ha="right",
            va="top",
            fontsize=_SMALL_PT,
            color=_MUTED,
        )
    if spec.title:
        room = width - 12 - (_width(direction, _SMALL_PT) + 16 if direction else 0)
        fig.text(
            6 / width,
            1 - 5 / height,
            _fit(spec.title, _TITLE_PT, room),
            ha="left",
            va="top",
            fontsize=_TITLE_PT,
        )
    if spec.unit:
        fig.text(
            6 / width,
            1 - (top - 5) / height,
            _unit_label(spec.unit),
            ha="left",
            va="baseline",
            fontsize=_SMALL_PT,
            color=_AXIS,
        )
    if legend:
        # beside the plot, centred on it: never over the data
        fig.legend(
            [handle for handle, _label in legend],
            labels,
            loc="center left",
            bbox_to_anchor=(
                1 - (right - 10) / width,
                (bottom + (height - top - bottom) / 2) / height,
            ),
            handlelength=2.4,
            handletextpad=0.6,
            borderaxespad=0.0,
            borderpad=0.0,
            labelspacing=0.7,
        )
    return fig


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
        linestyle, marker, size = _STYLES[role]
        style: dict[str, Any] = {
            "color": _COLORS[role],
            "linestyle": linestyle,
            "linewidth": _LINE_WIDTHS.get(role, 1.0),
            "marker": marker,
            "markersize": size,
        }
        if role == "estimate":
            style |= {"markerfacecolor": "white", "markeredgewidth": 1.1}
        ax.plot(
            *_xy(borrowed + points),
            markevery=slice(len(borrowed), None),
            zorder=3 if role == "baseline" else 2,
            **style,
        )
        legend[role] = (Line2D([], [], **style), series.label)
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
            if label.strip() in _NO_GRADE:
                colors.append("#9e9e9e")
            else:
                colors.append(_GRADE_COLORS[min(len(colors), len(_GRADE_COLORS) - 1)])
        points = spec.series[0].points if spec.series else ()
        xs, ys = _xy(points)
        bars = ax.bar(xs, ys, width=0.6, color=[colors[int(x)] for x in xs])
        ax.bar_label(
            bars, labels=[_number(y, 0) for y in ys], padding=2, fontsize=_SMALL_PT
        )
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
        color = _BAR_COLORS[index % len(_BAR_COLORS)]
        bars = ax.bar(xs, ys, width=width, bottom=bottoms, color=color, linewidth=0)
        legend.append((bars, series.label))
    if any(y < 0 for series in spec.series for _x, y in series.points):
        ax.axhline(0, color=_AXIS, linewidth=0.6)
    return legend


def _save(spec: ChartSpec, path: Path, fmt: str) -> None:
    fig = _draw(spec)
    # write beside the target and rename: a file under the final name is
    # always complete, even if a worker dies or two builds share the cache
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            fig.savefig(out, format=fmt, metadata=_METADATA[fmt])
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()


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
    return f"glyph {char!r} (U+{ord(char):04X}) missing from font(s) {match[2]}"


#: What drawing one chart gave: an error, or None and the warnings.
_Outcome = tuple[str | None, list[str]]


def _draw_one(spec: ChartSpec, path: Path, fmt: str) -> _Outcome:
    """Draw one chart (under :func:`_chart_style`); never raise."""
    handler = _Collect()
    mpl_logger = stdlib_logging.getLogger("matplotlib")
    mpl_logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                _save(spec, path, fmt)
            except Exception as err:
                return f"{type(err).__name__}: {err}", []
        # what the reader of the build log can act on: not matplotlib's
        # deprecations (for the developers of this module)
        messages = [
            str(w.message)
            for w in caught
            if not issubclass(
                w.category, (DeprecationWarning, PendingDeprecationWarning)
            )
        ] + handler.messages
        return None, list(dict.fromkeys(_message(m) for m in messages))
    finally:
        mpl_logger.removeHandler(handler)


def _draw_batch(jobs: Sequence[tuple[ChartSpec, str]], fmt: str) -> list[_Outcome]:
    """Draw several charts (one round trip to a worker); never raise."""
    if not jobs:
        return []
    try:
        with _chart_style():
            return [_draw_one(spec, Path(path), fmt) for spec, path in jobs]
    except Exception as err:  # matplotlib or the font cannot be loaded
        return [(f"{type(err).__name__}: {err}", [])] * len(jobs)


def _draw_job(spec: ChartSpec, path: str, fmt: str) -> _Outcome:
    """Draw one chart; return ``(error, warnings)``; never raise."""
    return _draw_batch([(spec, path)], fmt)[0]


def _init_worker() -> None:
    """Once per worker process: matplotlib (Agg) and the chart font."""
    _init_matplotlib(worker=True)


# --- scheduling -----------------------------------------------------------------


@dataclass(frozen=True)
class ChartProblem:
    """A chart that could not be drawn, or was drawn with a warning."""

    key: str
    spec: ChartSpec
    #: Every plan object whose chart this is.
    object_ids: tuple[str, ...]
    message: str
    #: The file was not written (else: drawn, with a warning such as a glyph
    #: missing from the font).
    failed: bool


def default_workers(parallel: int = 1) -> int:
    """Sphinx's ``-j`` when given, else the CPU count bounded to 2–4."""
    if parallel > 1:
        return min(parallel, 8)
    return max(2, min(os.cpu_count() or 2, 4))


def _mp_context() -> multiprocessing.context.BaseContext:
    # forkserver: a small fresh process forks the workers; never the Sphinx
    # process itself (large, possibly threaded, forked again by ``-j``).
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


@dataclass
class ChartDrawer:
    """Draws missing charts of one format into *directory* in worker processes.

    :meth:`request` returns at once; :meth:`join` waits for every chart
    requested and reports the problems.  A chart whose file exists is never
    drawn again.  Worker processes start once ``pool_threshold`` charts are
    missing; fewer are drawn in this process at :meth:`join` (quicker than
    starting processes), and a build whose charts are all cached draws
    nothing and starts nothing.
    """

    directory: Path
    fmt: ChartFormat
    max_workers: int = field(default_factory=default_workers)
    #: Draw serially in this process at :meth:`join` (no worker processes).
    in_process: bool = False
    #: Start worker processes only for at least this many missing charts.
    pool_threshold: int = POOL_THRESHOLD
    #: Charts drawn (of them, by worker processes) / found in the cache.
    drawn: int = 0
    pooled: int = 0
    reused: int = 0
    #: The worker processes died and the rest was drawn in this process.
    broken: bool = False
    specs: dict[str, ChartSpec] = field(default_factory=dict)
    _ids: dict[str, list[str]] = field(default_factory=dict)
    #: Missing charts not yet handed to the pool.
    _pending: list[str] = field(default_factory=list)
    _futures: list[tuple[tuple[str, ...], Future[list[_Outcome]]]] = field(
        default_factory=list
    )
    _local: list[str] = field(default_factory=list)
    _cached: set[str] | None = None
    _pool: ProcessPoolExecutor | None = None
    _pid: int = field(default_factory=os.getpid)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.{self.fmt}"

    def request(self, spec: ChartSpec, *, defer: bool = False) -> str:
        """Make sure the chart of *spec* will exist after :meth:`join`; its key.

        A missing chart is handed on at once (see :meth:`flush`), or with
        *defer* at the next :meth:`flush`, in batches: far fewer round trips
        to the workers for many charts.
        """
        key = spec.key()
        ids = self._ids.setdefault(key, [])
        if spec.object_id and spec.object_id not in ids:
            ids.append(spec.object_id)
        if key in self.specs:
            return key
        self.specs[key] = spec
        if self._cached is None:
            # one directory listing instead of a stat per chart
            self._cached = _listdir(self.directory)
        if f"{key}.{self.fmt}" in self._cached:
            self.reused += 1
            return key
        self.drawn += 1
        self._pending.append(key)
        if not defer:
            self.flush()
        return key

    def flush(self, *, final: bool = False) -> None:
        """Hand the pending charts to the worker processes.

        The pool is started only for at least ``pool_threshold`` charts: a
        few charts (an edited indicator) are drawn faster in this process, at
        :meth:`join`, than worker processes start.
        """
        if not self._pending:
            return
        if os.getpid() != self._pid:
            # A forked copy (a Sphinx -j writer): the pool belongs to the
            # parent, which will not hear of these charts. Draw them now.
            keys, self._pending = self._pending, []
            self.directory.mkdir(parents=True, exist_ok=True)
            _draw_batch([(self.specs[k], str(self.path(k))) for k in keys], self.fmt)
            return
        if self._pool is None and not self.in_process:
            if len(self._pending) < self.pool_threshold:
                if final:
                    self._local += self._pending
                    self._pending = []
                return
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.max_workers,
                    mp_context=_mp_context(),
                    initializer=_init_worker,
                )
            except (OSError, RuntimeError, NotImplementedError, ImportError):
                self.in_process = True
        keys, self._pending = self._pending, []
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._pool is None:
            self._local += keys
            return
        # about four batches per worker, so that they finish together
        size = max(1, min(32, -(-len(keys) // (self.max_workers * 4))))
        for start in range(0, len(keys), size):
            batch = tuple(keys[start : start + size])
            jobs = [(self.specs[key], str(self.path(key))) for key in batch]
            try:
                future = self._pool.submit(_draw_batch, jobs, self.fmt)
            except (OSError, RuntimeError, BrokenProcessPool):
                # no process support here (sandbox, no sem_open): draw here
                self._local += keys[start:]
                return
            self._futures.append((batch, future))
            self.pooled += len(batch)

    def join(self) -> list[ChartProblem]:
        """Wait for every requested chart; the problems, in request order.

        If the worker processes die (killed, or unable to start, e.g. a build
        script that runs Sphinx without ``if __name__ == "__main__":``), the
        charts they left are drawn here, serially: slower, never missing.
        """
        self.flush(final=True)
        outcomes: dict[str, _Outcome] = {}
        for batch, future in self._futures:
            try:
                outcomes.update(zip(batch, future.result(), strict=True))
            except BrokenProcessPool:
                self.broken = True
                self._local += batch
            except Exception as err:
                outcomes.update(
                    dict.fromkeys(batch, (f"{type(err).__name__}: {err}", []))
                )
        self._futures.clear()
        self.shutdown()
        if self._local:
            self.directory.mkdir(parents=True, exist_ok=True)
        jobs = [(self.specs[key], str(self.path(key))) for key in self._local]
        outcomes.update(zip(self._local, _draw_batch(jobs, self.fmt), strict=True))
        self._local.clear()
        problems: list[ChartProblem] = []
        for key, spec in self.specs.items():
            if key not in outcomes:
                continue
            error, messages = outcomes[key]
            ids = tuple(self._ids.get(key, ()))
            if error is not None:
                problems.append(ChartProblem(key, spec, ids, error, failed=True))
            problems += (
                ChartProblem(key, spec, ids, message, failed=False)
                for message in messages
            )
        return problems

    def shutdown(self, *, cancel: bool = False) -> None:
        """Stop the worker processes (after waiting for them, unless *cancel*)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=cancel)


def _listdir(directory: Path) -> set[str]:
    try:
        with os.scandir(directory) as entries:
            return {entry.name for entry in entries}
    except OSError:
        return set()


def draw_charts(
    specs: Iterable[ChartSpec],
    directory: Path,
    fmt: ChartFormat = "svg",
    *,
    max_workers: int | None = None,
    in_process: bool = False,
    pool_threshold: int = POOL_THRESHOLD,
) -> tuple[ChartDrawer, list[ChartProblem]]:
    """Draw the missing charts of *specs* into *directory* and wait for them."""
    drawer = ChartDrawer(
        Path(directory),
        fmt,
        max_workers=max_workers or default_workers(),
        in_process=in_process,
        pool_threshold=pool_threshold,
    )
    try:
        for spec in specs:
            drawer.request(spec, defer=True)
        return drawer, drawer.join()
    finally:
        drawer.shutdown(cancel=True)


# --- the node ---------------------------------------------------------------------


class plan_chart(nodes.General, nodes.Element):
    """One chart: attributes ``key``, ``alt``, ``kind``, ``width``, ``height``."""


def chart_format(builder: Builder) -> ChartFormat | None:
    """The chart file format *builder* needs, or None if it draws no charts."""
    if builder.format == "html":
        return "svg"
    if builder.format == "latex":
        return "pdf"
    return None


def _html_path(builder: Any, key: str) -> str:
    return f"{getattr(builder, 'imagedir', '_images')}/keikaku/{key}.svg"


def _latex_name(key: str) -> str:
    return f"keikaku-{key}.pdf"


def visit_chart_html(self: HTML5Translator, node: plan_chart) -> None:
    from sphinx.util.osutil import relative_uri

    builder = self.builder
    page = builder.get_target_uri(builder.current_docname)
    src = relative_uri(page, _html_path(builder, node["key"]))
    self.body.append(self.starttag(node, "figure", "", CLASS="keikaku-chart"))
    self.body.append(
        f'<img src="{html.escape(src, quote=True)}"'
        f' alt="{html.escape(node["alt"], quote=True)}" loading="lazy"'
        f' width="{int(node["width"])}" height="{int(node["height"])}"'
        ' style="max-width: 100%; height: auto" />'
    )
    self.body.append("</figure>\n")
    raise nodes.SkipNode


def visit_chart_latex(self: LaTeXTranslator, node: plan_chart) -> None:
    width = "0.85" if node["kind"] == "budget" else "0.7"
    name = _latex_name(node["key"]).removesuffix(".pdf")
    self.body.append(
        f"\n\n\\begin{{center}}\\sphinxincludegraphics[width={width}\\linewidth]"
        f"{{{{{name}}}.pdf}}\\end{{center}}\n\n"
    )
    raise nodes.SkipNode


def visit_chart_text(self: Any, node: plan_chart) -> None:
    # Builders without pictures show the chart in words: the children added
    # here are visited next, with the builder's own paragraph handling.
    if not node.children:
        node += nodes.paragraph("", node["alt"], classes=["keikaku-chart-alt"])


def depart_chart_text(self: Any, node: plan_chart) -> None:
    pass


# --- Sphinx wiring ------------------------------------------------------------------

logger_name = __name__
_drawers: weakref.WeakKeyDictionary[Sphinx, ChartDrawer] = weakref.WeakKeyDictionary()
_set_up: weakref.WeakSet[Sphinx] = weakref.WeakSet()
#: Applications whose builder draws no charts in this build.
_no_drawing: weakref.WeakSet[Sphinx] = weakref.WeakSet()


def _say(template: Any, *args: object) -> str:
    """*template* (translated) with *args*; a translation with broken
    placeholders shows the arguments after the text instead of failing."""
    text = str(template)
    try:
        return text % args
    except (TypeError, ValueError, KeyError):
        return "{} ({})".format(text, ", ".join(str(a) for a in args))


def _logger() -> Any:
    from sphinx.util import logging

    return logging.getLogger(logger_name)


def chart_node(app: Sphinx, spec: ChartSpec) -> plan_chart:
    """The node showing *spec*; its picture is drawn before the build ends.

    Call it at resolve time (``doctree-resolved``, in the main process);
    charts not requested on ``write-started`` start drawing here.
    """
    width, height = spec.pixel_size
    key = spec.key()
    drawer = _drawer_for(app)
    if drawer is not None:
        drawer.request(spec)
        if os.getpid() != drawer._pid:
            # drawn in this forked process: its parent will not publish it
            _publish(app, drawer, {key})
    return plan_chart(
        "", key=key, alt=spec.alt, kind=spec.kind, width=width, height=height
    )


def _drawer_for(app: Sphinx) -> ChartDrawer | None:
    """The drawer of this build, made on first use; None if the builder
    shows no pictures (or the font is missing: said once)."""
    drawer = _drawers.get(app)
    if drawer is not None or app in _no_drawing:
        return drawer
    fmt = chart_format(app.builder)
    missing = [
        package
        for package, module in (
            ("matplotlib", "matplotlib"),
            ("matplotlib-fontja", "matplotlib_fontja"),
        )
        if importlib.util.find_spec(module) is None
    ]
    if fmt is None or missing:
        _no_drawing.add(app)
        if fmt is not None:
            _logger().warning(
                _say(_("charts are not drawn: install %s"), ", ".join(missing)),
                type="keikaku",
                subtype="value",
            )
        return None
    drawer = _drawers[app] = ChartDrawer(
        Path(app.doctreedir) / CACHE_DIRNAME,
        fmt,
        max_workers=default_workers(app.parallel),
        pool_threshold=POOL_THRESHOLD,
    )
    return drawer


def _on_write_started(app: Sphinx, builder: Builder) -> None:
    """Request every indicator's chart as soon as the plan is final."""
    old = _drawers.pop(app, None)
    if old is not None:  # an earlier build of the same application
        old.shutdown(cancel=True)
    _no_drawing.discard(app)
    drawer = _drawer_for(app)
    if drawer is None or not app.config.keikaku_charts:
        return
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    style = app.config.keikaku_year_style
    language = app.config.language
    for indicator in get_plan(app.env).of_kind(Indicator):
        try:
            spec = indicator_spec(
                indicator, year_style=style, language=language, describe=False
            )
        except Exception as err:
            _warn(app, [indicator.id], f"{type(err).__name__}: {err}")
            continue
        if spec is not None:
            drawer.request(spec, defer=True)
    drawer.flush()


def _warn(
    app: Sphinx, object_ids: Sequence[str], message: str, title: str = ""
) -> None:
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    location: tuple[str, int | None] | None = None
    if object_ids:
        obj = get_plan(app.env).objects.get(object_ids[0])
        if obj is not None:
            location = (obj.docname, obj.lineno)
        subject = ", ".join(object_ids)
    else:
        subject = title
    _logger().warning(
        _say(_("chart of %s: %s"), subject, message),
        type="keikaku",
        subtype="value",
        location=location,
    )


def _publish(app: Sphinx, drawer: ChartDrawer, keys: Iterable[str]) -> None:
    """Link (or copy) the charts *keys* from the cache into the output."""
    outdir = Path(app.outdir)
    if drawer.fmt == "svg":
        directory = outdir / Path(_html_path(app.builder, "x")).parent
        directory.mkdir(parents=True, exist_ok=True)
        names = {key: f"{key}.svg" for key in keys}
    else:
        directory = outdir
        names = {key: _latex_name(key) for key in keys}
    present = _listdir(directory)
    for key, name in names.items():
        if name in present:
            continue  # the same name is the same picture
        source, target = drawer.path(key), directory / name
        try:
            os.link(source, target)
        except FileNotFoundError:
            continue  # not drawn: reported already
        except OSError:
            try:
                shutil.copyfile(source, target)
            except FileNotFoundError:
                continue


def _finish(app: Sphinx) -> None:
    """Wait for the charts, report problems, put the pictures in the output."""
    drawer = _drawers.pop(app, None)
    if drawer is None:
        return
    if drawer.drawn:
        _logger().info(
            _say(
                _("keikaku: drawing %d chart(s) (%d reused)"),
                drawer.drawn,
                drawer.reused,
            )
        )
    problems = drawer.join()
    if drawer.broken:
        _logger().info(
            _(
                "keikaku: the chart worker processes stopped; charts were drawn "
                "in the main process"
            )
        )
    for problem in problems:
        _warn(app, problem.object_ids, problem.message, problem.spec.title)
    failed = {p.key for p in problems if p.failed}
    _publish(app, drawer, [key for key in drawer.specs if key not in failed])


def _on_html_collect_pages(app: Sphinx) -> list[Any]:
    # HTML builders package their output (epub, htmlhelp…) after this event
    # and before build-finished: the pictures must be there by then.
    _finish(app)
    return []


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    _no_drawing.discard(app)
    if exception is not None:
        drawer = _drawers.pop(app, None)
        if drawer is not None:
            drawer.shutdown(cancel=True)
        return
    _finish(app)


def setup_charts(app: Sphinx) -> None:
    """Register the chart node and the drawing events (call from ``setup``).

    Calling it again for the same application does nothing.
    """
    if app in _set_up:
        return
    _set_up.add(app)
    other = (visit_chart_text, depart_chart_text)
    app.add_node(
        plan_chart,
        html=(visit_chart_html, None),
        # sphinx-data-viewer (via sphinx-needs) registers nodes for "epub" by
        # name, after which the epub builder no longer falls back to "html"
        epub=(visit_chart_html, None),
        latex=(visit_chart_latex, None),
        text=other,
        man=other,
        texinfo=other,
    )
    app.connect("write-started", _on_write_started)
    app.connect("html-collect-pages", _on_html_collect_pages)
    # before the keikaku summary (900) and before LaTeX's make runs
    app.connect("build-finished", _on_build_finished, priority=400)
