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

The pictures are drawn by a small vector writer (below), not by matplotlib:
the same chart costs matplotlib 35-70 ms of CPU, this 1-4 ms.  Text is made of
IPAexGothic glyph outlines (the font file of ``matplotlib-fontja``, read with
fontTools; DejaVu Sans from matplotlib for what it lacks), so SVG and PDF show
Japanese correctly with no font installed anywhere.  Output is byte-for-byte
reproducible: no dates, no random ids, glyphs numbered in order of use.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.util
import math
import multiprocessing
import os
import shutil
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils import nodes

from .i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

    from .model import Indicator
    from .values import Value, YearStyle

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
CHART_STYLE_VERSION = "1"

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
#: (about 4 ms each) instead of starting worker processes (about a second).
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
    from .values import format_value

    text = format_value(value)
    return f"{text}{unit}" if isinstance(value, Decimal) else text


@functools.lru_cache(maxsize=1024)
def _year_label(year: int, style: YearStyle, language: str | None) -> str:
    from .values import format_fiscal_year

    return format_fiscal_year(year, style=style, language=language)


class _Words:
    """The translated pieces of alt texts, looked up once per spec."""

    def __init__(self) -> None:
        self.whole = str(_("%(title)s: %(values)s"))
        self.group = str(_("%(label)s %(values)s"))
        self.value_at = str(_("%(value)s (%(year)s)"))

    def describe(self, title: str, groups: Iterable[tuple[str, Sequence[str]]]) -> str:
        """``title: label v1 (y1), v2 (y2), label2 …``."""
        parts = [
            self.group % {"label": label, "values": ", ".join(values)}
            for label, values in groups
            if values
        ]
        if not parts:
            return title
        return self.whole % {"title": title, "values": ", ".join(parts)}

    def at(self, value: str, year: str) -> str:
        return self.value_at % {"value": value, "year": year}


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
# The pictures are simple (lines, markers, bars, a few short texts), so they
# are drawn by a small vector writer of our own rather than by matplotlib:
# matplotlib needs 35-70 ms of CPU per chart (about half of it turning text
# into glyph outlines), this needs 1-3 ms, and the output is reproducible by
# construction. Text is IPAexGothic glyph outlines (from matplotlib-fontja's
# font file, read with fontTools), defined once per file and reused: readable
# without any installed font, in a browser and in the PDF.

#: Font sizes in points.
_TITLE_PT = 9.0
_SMALL_PT = 7.5

#: Glyph outlines are stored in this many units per em.
_UPEM = 1000

_INK = "#222222"
_MUTED = "#555555"
_AXIS = "#444444"
_GRID = "#dddddd"
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
#: Dash patterns in points.
_DASHED = (4.0, 2.5)
_DOTTED = (1.0, 1.8)


def _font_files() -> list[str]:
    """IPAexGothic (matplotlib-fontja), then DejaVu Sans (matplotlib) for
    anything it lacks; found without importing either package."""
    found: list[str] = []
    for package, relative in (
        ("matplotlib_fontja", ("fonts", "ipaexg.ttf")),
        ("matplotlib", ("mpl-data", "fonts", "ttf", "DejaVuSans.ttf")),
    ):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            path = Path(location).joinpath(*relative)
            if path.is_file():
                found.append(str(path))
                break
    return found


@dataclass(frozen=True, slots=True)
class _Glyph:
    #: Unique within a process: which face, which glyph.
    ref: str
    advance: float  # in ems
    #: Outline commands in _UPEM units, y up: (op, coordinates).
    outline: tuple[tuple[str, tuple[float, ...]], ...]


class _Face:
    def __init__(self, index: int, path: str) -> None:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        self.index = index
        self.name = Path(path).stem
        self.font = TTFont(path, lazy=True)
        self.cmap: dict[int, str] = self.font.getBestCmap() or {}
        self.glyph_set = self.font.getGlyphSet()
        self.scale = _UPEM / self.font["head"].unitsPerEm
        self.ascent = self.font["hhea"].ascent * self.scale / _UPEM

    def glyph(self, name: str) -> _Glyph:
        from fontTools.pens.basePen import BasePen  # type: ignore[import-untyped]

        commands: list[tuple[str, tuple[float, ...]]] = []
        scale = self.scale

        def pt(*xy: tuple[float, float]) -> tuple[float, ...]:
            return tuple(round(v * scale) for p in xy for v in p)

        class Pen(BasePen):  # type: ignore[misc]
            def _moveTo(self, p: tuple[float, float]) -> None:
                commands.append(("M", pt(p)))

            def _lineTo(self, p: tuple[float, float]) -> None:
                commands.append(("L", pt(p)))

            def _qCurveToOne(
                self, p1: tuple[float, float], p2: tuple[float, float]
            ) -> None:
                commands.append(("Q", pt(p1, p2)))

            def _curveToOne(
                self,
                p1: tuple[float, float],
                p2: tuple[float, float],
                p3: tuple[float, float],
            ) -> None:
                commands.append(("C", pt(p1, p2, p3)))

            def _closePath(self) -> None:
                commands.append(("Z", ()))

        glyph = self.glyph_set[name]
        glyph.draw(Pen(self.glyph_set))
        return _Glyph(
            f"{self.index}-{name}", glyph.width * scale / _UPEM, tuple(commands)
        )


class _Fonts:
    """The chart font, with a per-process cache of every glyph used."""

    def __init__(self, paths: Sequence[str]) -> None:
        if not paths:
            raise RuntimeError(
                "no font for charts: install matplotlib-fontja (IPAexGothic)"
            )
        self.faces = [_Face(index, path) for index, path in enumerate(paths)]
        self.ascent = self.faces[0].ascent
        self._glyphs: dict[str, _Glyph] = {}
        #: Characters no face has (drawn as the primary face's .notdef).
        self.missing: set[str] = set()

    def glyph(self, char: str) -> _Glyph:
        glyph = self._glyphs.get(char)
        if glyph is None:
            for face in self.faces:
                name = face.cmap.get(ord(char))
                if name is not None:
                    glyph = face.glyph(name)
                    break
            else:
                self.missing.add(char)
                glyph = self.faces[0].glyph(".notdef")
            self._glyphs[char] = glyph
        return glyph

    def width(self, text: str, size: float) -> float:
        return sum(self.glyph(char).advance for char in text) * size

    def fit(self, text: str, size: float, room: float) -> str:
        """*text*, shortened with ``…`` to at most *room* points."""
        if self.width(text, size) <= room:
            return text
        kept = text
        while kept and self.width(kept + "…", size) > room:
            kept = kept[:-1]
        return kept.rstrip() + "…"

    def names(self) -> str:
        return ", ".join(face.name for face in self.faces)


_fonts: _Fonts | None = None


def _get_fonts() -> _Fonts:
    global _fonts
    if _fonts is None:
        _fonts = _Fonts(_font_files())
    return _fonts


def _num(value: float, decimals: int = 2) -> str:
    """A number for SVG and PDF: few decimals, no exponent, no ``-0``."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _rgb(color: str) -> tuple[float, float, float]:
    return (
        int(color[1:3], 16) / 255,
        int(color[3:5], 16) / 255,
        int(color[5:7], 16) / 255,
    )


#: Bézier control distance for a quarter circle.
_KAPPA = 0.5523


@dataclass
class _Canvas:
    """Vector primitives in points, origin top left, written as SVG or PDF."""

    width: float
    height: float
    fonts: _Fonts
    ops: list[tuple[Any, ...]] = field(default_factory=list)
    #: Glyphs used, in order of first use: their ids in the file.
    used: dict[str, _Glyph] = field(default_factory=dict)
    #: Characters drawn that no font has.
    missing: list[str] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        if w > 0 and h != 0:
            self.ops.append(("rect", x, min(y, y + h), w, abs(h), fill))

    def line(
        self,
        points: Sequence[tuple[float, float]],
        stroke: str,
        width: float,
        dash: tuple[float, float] | None = None,
    ) -> None:
        if len(points) >= 2:
            self.ops.append(("line", tuple(points), stroke, width, dash))

    def marker(
        self,
        shape: str,
        x: float,
        y: float,
        size: float,
        color: str,
        hollow: bool = False,
    ) -> None:
        self.ops.append(("marker", shape, x, y, size, color, hollow))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        color: str = _INK,
        anchor: str = "start",
        valign: str = "baseline",
    ) -> None:
        """*text* at *x* (start, middle or end) and *y* (baseline, top or
        middle of the capitals)."""
        text = " ".join(text.split())  # one line, no control characters
        if not text:
            return
        width = self.fonts.width(text, size)
        if anchor == "middle":
            x -= width / 2
        elif anchor == "end":
            x -= width
        if valign == "top":
            y += self.fonts.ascent * size
        elif valign == "middle":
            y += 0.36 * size
        # each glyph's offset from the start, in glyph units (1/_UPEM em)
        placed: list[tuple[str, float]] = []
        offset = 0.0
        for char in text:
            glyph = self.fonts.glyph(char)
            if char in self.fonts.missing and char not in self.missing:
                self.missing.append(char)
            if glyph.outline:
                self.used.setdefault(glyph.ref, glyph)
                placed.append((glyph.ref, offset))
            offset += glyph.advance * _UPEM
        self.ops.append(("text", tuple(placed), x, y, size, color))

    # -- SVG --------------------------------------------------------------------

    def svg(self) -> bytes:
        ids = {ref: f"g{n}" for n, ref in enumerate(self.used)}
        px = _PX_PER_INCH / 72
        out = [
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"'
            ' xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"'
            f' width="{round(self.width * px)}" height="{round(self.height * px)}"'
            f' viewBox="0 0 {_num(self.width)} {_num(self.height)}">\n'
        ]
        if ids:
            out.append("<defs>\n")
            for ref, glyph in self.used.items():
                out.append(f'<path id="{ids[ref]}" d="{_svg_path(glyph.outline)}"/>\n')
            out.append("</defs>\n")
        out.append('<rect width="100%" height="100%" fill="#ffffff"/>\n')
        out.append('<g stroke-linejoin="round" stroke-linecap="butt" fill="none">\n')
        for op in self.ops:
            kind = op[0]
            if kind == "rect":
                _, x, y, w, h, fill = op
                out.append(
                    f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}"'
                    f' height="{_num(h)}" fill="{fill}"/>\n'
                )
            elif kind == "line":
                _, points, stroke, width, dash = op
                coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
                dashes = (
                    f' stroke-dasharray="{_num(dash[0])},{_num(dash[1])}"'
                    if dash
                    else ""
                )
                out.append(
                    f'<polyline points="{coords}" stroke="{stroke}"'
                    f' stroke-width="{_num(width)}"{dashes}/>\n'
                )
            elif kind == "marker":
                _, shape, x, y, size, color, hollow = op
                paint = (
                    f'fill="#ffffff" stroke="{color}" stroke-width="1.1"'
                    if hollow
                    else f'fill="{color}"'
                )
                half = size / 2
                if shape == "circle":
                    out.append(
                        f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(half)}"'
                        f" {paint}/>\n"
                    )
                elif shape == "square":
                    out.append(
                        f'<rect x="{_num(x - half)}" y="{_num(y - half)}"'
                        f' width="{_num(size)}" height="{_num(size)}" {paint}/>\n'
                    )
                else:  # diamond
                    h = half * 1.2
                    out.append(
                        f'<polygon points="{_num(x)},{_num(y - h)} {_num(x + h)},'
                        f'{_num(y)} {_num(x)},{_num(y + h)} {_num(x - h)},{_num(y)}"'
                        f" {paint}/>\n"
                    )
            else:  # text
                _, placed, x, y, size, color = op
                scale = _num(size / _UPEM, 6)
                out.append(
                    f'<g fill="{color}" transform="matrix({scale} 0 0 -{scale}'
                    f' {_num(x)} {_num(y)})">'
                )
                for ref, offset in placed:
                    shift = f' x="{_num(offset, 1)}"' if offset else ""
                    out.append(f'<use xlink:href="#{ids[ref]}"{shift}/>')
                out.append("</g>\n")
        out.append("</g>\n</svg>\n")
        return "".join(out).encode("utf-8")

    # -- PDF --------------------------------------------------------------------

    def pdf(self) -> bytes:
        import zlib

        names = {ref: f"G{n}" for n, ref in enumerate(self.used)}
        content: list[str] = [
            # y down, like the SVG: one flip for the whole page
            f"1 0 0 -1 0 {_num(self.height)} cm 1 j 0 J",
            f"1 1 1 rg 0 0 {_num(self.width)} {_num(self.height)} re f",
        ]
        for op in self.ops:
            kind = op[0]
            if kind == "rect":
                _, x, y, w, h, fill = op
                content.append(
                    f"{_pdf_rgb(fill)} rg {_num(x)} {_num(y)} {_num(w)} {_num(h)} re f"
                )
            elif kind == "line":
                _, points, stroke, width, dash = op
                path = " ".join(
                    f"{_num(x)} {_num(y)} {'m' if i == 0 else 'l'}"
                    for i, (x, y) in enumerate(points)
                )
                dashes = f"[{_num(dash[0])} {_num(dash[1])}] 0 d" if dash else "[] 0 d"
                content.append(
                    f"{_pdf_rgb(stroke)} RG {_num(width)} w {dashes} {path} S"
                )
            elif kind == "marker":
                _, shape, x, y, size, color, hollow = op
                half = size / 2
                if shape == "circle":
                    k = half * _KAPPA
                    path = (
                        f"{_num(x + half)} {_num(y)} m "
                        f"{_num(x + half)} {_num(y + k)} {_num(x + k)} {_num(y + half)}"
                        f" {_num(x)} {_num(y + half)} c "
                        f"{_num(x - k)} {_num(y + half)} {_num(x - half)} {_num(y + k)}"
                        f" {_num(x - half)} {_num(y)} c "
                        f"{_num(x - half)} {_num(y - k)} {_num(x - k)} {_num(y - half)}"
                        f" {_num(x)} {_num(y - half)} c "
                        f"{_num(x + k)} {_num(y - half)} {_num(x + half)} {_num(y - k)}"
                        f" {_num(x + half)} {_num(y)} c h"
                    )
                elif shape == "square":
                    path = f"{_num(x - half)} {_num(y - half)} {_num(size)} {_num(size)} re"
                else:
                    h = half * 1.2
                    path = (
                        f"{_num(x)} {_num(y - h)} m {_num(x + h)} {_num(y)} l "
                        f"{_num(x)} {_num(y + h)} l {_num(x - h)} {_num(y)} l h"
                    )
                if hollow:
                    content.append(
                        f"1 1 1 rg {_pdf_rgb(color)} RG 1.1 w [] 0 d {path} B"
                    )
                else:
                    content.append(f"{_pdf_rgb(color)} rg {path} f")
            else:
                _, placed, x, y, size, color = op
                scale = _num(size / _UPEM, 6)
                content.append(
                    f"{_pdf_rgb(color)} rg q {scale} 0 0 -{scale} {_num(x)} {_num(y)} cm"
                )
                for ref, offset in placed:
                    shift = f"q 1 0 0 1 {_num(offset, 1)} 0 cm " if offset else "q "
                    content.append(f"{shift}/{names[ref]} Do Q")
                content.append("Q")
        objects: list[bytes] = []

        def stream(header: str, data: str) -> bytes:
            packed = zlib.compress(data.encode("ascii"), 6)
            return (
                (
                    f"<< {header} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
                ).encode("ascii")
                + packed
                + b"\nendstream"
            )

        first_glyph = 5
        xobjects = " ".join(
            f"/{names[ref]} {first_glyph + n} 0 R" for n, ref in enumerate(self.used)
        )
        objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
        objects.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R"
                f" /MediaBox [0 0 {_num(self.width)} {_num(self.height)}]"
                f" /Resources << /XObject << {xobjects} >> >> /Contents 4 0 R >>"
            ).encode("ascii")
        )
        objects.append(stream("", "\n".join(content)))
        for glyph in self.used.values():
            objects.append(
                stream(
                    f"/Type /XObject /Subtype /Form /BBox [-{_UPEM} -{_UPEM}"
                    f" {2 * _UPEM} {2 * _UPEM}]",
                    _pdf_path(glyph.outline) + " f",
                )
            )
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
        for offset in offsets:
            out += f"{offset:010d} 00000 n \n".encode("ascii")
        out += (
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        ).encode("ascii")
        return bytes(out)


def _pdf_rgb(color: str) -> str:
    return " ".join(_num(c) for c in _rgb(color))


def _svg_path(outline: Sequence[tuple[str, tuple[float, ...]]]) -> str:
    return "".join(op + " ".join(_num(v) for v in args) for op, args in outline)


def _pdf_path(outline: Sequence[tuple[str, tuple[float, ...]]]) -> str:
    parts: list[str] = []
    current = (0.0, 0.0)
    start = current
    for op, args in outline:
        if op == "M":
            current = start = (args[0], args[1])
            parts.append(f"{_num(args[0])} {_num(args[1])} m")
        elif op == "L":
            current = (args[0], args[1])
            parts.append(f"{_num(args[0])} {_num(args[1])} l")
        elif op == "Q":
            # a quadratic curve as the cubic PDF knows
            (x0, y0), (qx, qy), (x, y) = current, args[:2], args[2:]
            c1 = (x0 + 2 / 3 * (qx - x0), y0 + 2 / 3 * (qy - y0))
            c2 = (x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y))
            parts.append(
                f"{_num(c1[0])} {_num(c1[1])} {_num(c2[0])} {_num(c2[1])}"
                f" {_num(x)} {_num(y)} c"
            )
            current = (x, y)
        elif op == "C":
            parts.append(" ".join(_num(v) for v in args) + " c")
            current = (args[4], args[5])
        else:
            parts.append("h")
            current = start
    return " ".join(parts)


# -- layout ---------------------------------------------------------------------


def _nice_ticks(
    low: float, high: float, *, integer: bool, bins: int = 6
) -> tuple[list[float], int]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) within
    [low, high], about *bins* intervals, and the decimals they need."""
    if high - low < 1e-12:
        spread = abs(high) * 0.1 or 1.0
        low, high = low - spread, high + spread
    raw = (high - low) / bins
    exponent = math.floor(math.log10(raw))
    step = Decimal(1).scaleb(exponent + 2)
    for candidate in (
        Decimal(multiple).scaleb(power)
        for power in (exponent, exponent + 1)
        for multiple in ("1", "2", "2.5", "5")
    ):
        if integer and candidate != candidate.to_integral_value():
            continue
        if float(candidate) >= raw * 0.999:
            step = candidate
            break
    decimals = max(0, -int(step.normalize().as_tuple().exponent))
    first = math.ceil(low / float(step) - 1e-9)
    last = math.floor(high / float(step) + 1e-9)
    ticks = [float(step * n) for n in range(first, last + 1)]
    return ticks or [round((low + high) / 2, 6)], decimals


def _number(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "−0"
    return text.replace("-", "−")


def _unit_label(unit: str) -> str:
    return f"（{unit}）" if not unit.isascii() else f"({unit})"


@dataclass
class _Frame:
    """The plot area in points and the data range it shows."""

    left: float
    top: float
    right: float
    bottom: float
    x0: float
    x1: float
    y0: float
    y1: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (
            self.right - self.left
        )

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (
            self.bottom - self.top
        )


def _render(spec: ChartSpec, fonts: _Fonts) -> _Canvas:
    """Lay out and draw *spec*; all positions computed from text widths."""
    if spec.kind not in ("indicator", "budget", "grades"):
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    width, height = spec.size[0] * 72, spec.size[1] * 72
    canvas = _Canvas(width, height, fonts)
    bars = spec.kind != "indicator"

    # y range: the data with a margin (bars: from zero), round ticks inside
    values = [y for series in spec.series for _x, y in series.points]
    if spec.kind == "budget" and spec.stacked:
        totals: dict[tuple[float, bool], float] = {}
        for series in spec.series:
            for x, y in series.points:
                totals[x, y >= 0] = totals.get((x, y >= 0), 0.0) + y
        values = list(totals.values())
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if bars:
        low, high = min(low, 0.0), max(high, 0.0)
        if high == low:
            high = 1.0
        span = high - low
        y0 = low - (span * 0.05 if low < 0 else 0.0)
        y1 = high + span * (0.12 if spec.kind == "grades" else 0.05)
    else:
        # a flat series (維持: 109 → 109) sits in the middle, not on a
        # magnified hair's breadth
        span = high - low
        margin = span * 0.08 if span > 1e-9 * abs(high) else abs(high) * 0.25 or 1.0
        y0, y1 = low - margin, high + margin
    integral = all(float(v).is_integer() for v in values)
    ticks, decimals = _nice_ticks(y0, y1, integer=integral)
    if bars:
        y0, y1 = min(y0, ticks[0]), max(y1, ticks[-1])
    y_labels = [_number(t, decimals) for t in ticks]

    # horizontal layout
    legend: list[tuple[str, str]] = []  # (role or bar colour, label)
    if spec.kind == "indicator":
        order = {"baseline": 0, "target": 1, "actual": 2, "estimate": 3}
        legend = [
            (s.role, s.label)
            for s in sorted(spec.series, key=lambda s: order.get(s.role, 9))
        ]
    elif spec.kind == "budget":
        legend = [
            (_BAR_COLORS[n % len(_BAR_COLORS)], s.label)
            for n, s in enumerate(spec.series)
        ]
    legend = [(key, fonts.fit(label, _SMALL_PT, 120)) for key, label in legend]
    legend_width = (
        max(fonts.width(label, _SMALL_PT) for _k, label in legend) + 32 if legend else 0
    )
    left = max((fonts.width(label, _SMALL_PT) for label in y_labels), default=8) + 12
    right = width - legend_width - 14
    header = bool(spec.title or spec.direction_label)
    top = 32.0 if header else 14.0
    bottom = height - 20.0

    ticks_x = list(spec.x_ticks)
    if ticks_x:
        lo, hi = min(ticks_x), max(ticks_x)
        pad = 0.5 if bars else max(0.4, (hi - lo) * 0.06)
        x0, x1 = lo - pad, hi + pad
    else:
        x0, x1 = 0.0, 1.0
    frame = _Frame(left, top, right, bottom, x0, x1, y0, y1)

    # grid, axes, tick labels
    for tick, label in zip(ticks, y_labels, strict=True):
        y = frame.y(tick)
        canvas.line([(left, y), (right, y)], _GRID, 0.5)
        canvas.line([(left - 2.5, y), (left, y)], _AXIS, 0.6)
        canvas.text(left - 4, y, label, _SMALL_PT, _INK, "end", "middle")
    canvas.line([(left, top), (left, bottom)], _AXIS, 0.6)
    canvas.line([(left, bottom), (right, bottom)], _AXIS, 0.6)
    if bars and y0 < 0:
        canvas.line([(left, frame.y(0)), (right, frame.y(0))], _AXIS, 0.6)
    label_widths = [fonts.width(label, _SMALL_PT) for label in spec.x_labels]
    step = 1
    if len(ticks_x) > 1:
        gap = min(b - a for a, b in pairwise(sorted(ticks_x))) / (x1 - x0)
        gap *= right - left
        while step < len(ticks_x) and max(label_widths) + 4 > gap * step:
            step += 1
    for index, (tick, label) in enumerate(zip(ticks_x, spec.x_labels, strict=True)):
        x = frame.x(tick)
        canvas.line([(x, bottom), (x, bottom + 2.5)], _AXIS, 0.6)
        if index % step == 0:
            canvas.text(x, bottom + 4, label, _SMALL_PT, _INK, "middle", "top")

    # the data
    if spec.kind == "indicator":
        _draw_indicator(canvas, frame, spec)
    elif spec.kind == "grades":
        _draw_grades(canvas, frame, spec)
    else:
        _draw_budget(canvas, frame, spec)

    # header: title (left), direction (right), unit above the y axis
    direction = ""
    if spec.direction_label:
        direction = f"{_ARROWS.get(spec.direction, '')} {spec.direction_label}".strip()
        canvas.text(width - 6, 5, direction, _SMALL_PT, _MUTED, "end", "top")
    if spec.title:
        room = width - 12 - (fonts.width(direction, _SMALL_PT) + 14 if direction else 0)
        canvas.text(
            6,
            4,
            fonts.fit(spec.title, _TITLE_PT, room),
            _TITLE_PT,
            _INK,
            "start",
            "top",
        )
    if spec.unit:
        canvas.text(6, top - 4, _unit_label(spec.unit), _SMALL_PT, _AXIS)

    # legend, centred beside the plot
    if legend:
        row = _SMALL_PT * 1.6
        y = (top + bottom) / 2 - row * (len(legend) - 1) / 2
        x = right + 12
        for key, label in legend:
            if spec.kind == "indicator":
                _legend_handle(canvas, key, x, y)
            else:
                canvas.rect(x + 4, y - 3.5, 12, 7, key)
            canvas.text(x + 26, y, label, _SMALL_PT, _INK, "start", "middle")
            y += row
    return canvas


_MARKERS = {
    "baseline": ("square", 4.5),
    "target": ("diamond", 4.0),
    "actual": ("circle", 4.5),
    "estimate": ("circle", 4.5),
}


def _legend_handle(canvas: _Canvas, role: str, x: float, y: float) -> None:
    color = _COLORS.get(role, _INK)
    if role == "target":
        canvas.line([(x, y), (x + 20, y)], color, 1.2, _DASHED)
    elif role == "actual":
        canvas.line([(x, y), (x + 20, y)], color, 1.4)
    shape, size = _MARKERS.get(role, ("circle", 4.5))
    canvas.marker(shape, x + 10, y, size, color, hollow=role == "estimate")


def _draw_indicator(canvas: _Canvas, frame: _Frame, spec: ChartSpec) -> None:
    by_role = {s.role: s for s in spec.series}

    def at(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(frame.x(x), frame.y(y)) for x, y in points]

    baseline = by_role.get("baseline")
    start = list(baseline.points[:1]) if baseline else []
    actual = by_role.get("actual")
    last_actual = list(actual.points[-1:]) if actual else start
    target = by_role.get("target")
    if target:
        # the path from the baseline to the targets
        path = [p for p in start if p[0] < target.points[0][0]] + list(target.points)
        canvas.line(at(path), _COLORS["target"], 1.2, _DASHED)
    if actual:
        # the trend from the baseline through the actuals
        path = [p for p in start if p[0] < actual.points[0][0]] + list(actual.points)
        canvas.line(at(path), _COLORS["actual"], 1.4)
    estimate = by_role.get("estimate")
    if estimate:
        before = [p for p in last_actual if p[0] < estimate.points[0][0]]
        canvas.line(
            at(before + list(estimate.points)), _COLORS["estimate"], 1.1, _DOTTED
        )
    for role in ("target", "baseline", "actual", "estimate"):
        series = by_role.get(role)
        if series is None:
            continue
        shape, size = _MARKERS[role]
        for x, y in at(series.points):
            canvas.marker(shape, x, y, size, _COLORS[role], hollow=role == "estimate")


def _draw_budget(canvas: _Canvas, frame: _Frame, spec: ChartSpec) -> None:
    count = max(len(spec.series), 1)
    unit = frame.x(1) - frame.x(0)
    width = unit * (0.7 if spec.stacked else 0.8 / count)
    positive: dict[float, float] = {}
    negative: dict[float, float] = {}
    for index, series in enumerate(spec.series):
        color = _BAR_COLORS[index % len(_BAR_COLORS)]
        for x, y in series.points:
            if spec.stacked:
                stack = positive if y >= 0 else negative
                base = stack.get(x, 0.0)
                stack[x] = base + y
                left = frame.x(x) - width / 2
            else:
                base = 0.0
                left = frame.x(x) - unit * 0.4 + width * index
            canvas.rect(
                left, frame.y(base), width, frame.y(base + y) - frame.y(base), color
            )


def _draw_grades(canvas: _Canvas, frame: _Frame, spec: ChartSpec) -> None:
    colors: list[str] = []
    rank = 0
    for label in spec.x_labels:
        if label.strip() in _NO_GRADE:
            colors.append("#9e9e9e")
        else:
            colors.append(_GRADE_COLORS[min(rank, len(_GRADE_COLORS) - 1)])
            rank += 1
    width = (frame.x(1) - frame.x(0)) * 0.6
    for series in spec.series[:1]:
        for x, y in series.points:
            top = frame.y(y)
            canvas.rect(
                frame.x(x) - width / 2,
                frame.y(0),
                width,
                top - frame.y(0),
                colors[int(x)],
            )
            canvas.text(frame.x(x), top - 3, _number(y, 0), _SMALL_PT, _INK, "middle")


def _draw_file(spec: ChartSpec, path: Path, fmt: str) -> list[str]:
    """Draw *spec* into *path*; the warnings (characters no font has)."""
    fonts = _get_fonts()
    canvas = _render(spec, fonts)
    data = canvas.svg() if fmt == "svg" else canvas.pdf()
    # write beside the target and rename: a file under the final name is
    # always complete, even if a worker dies or two builds share the cache
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return [
        f"glyph {char!r} (U+{ord(char):04X}) missing from font(s) {fonts.names()}"
        for char in canvas.missing
    ]


#: What drawing one chart gave: an error, or None and the warnings.
_Outcome = tuple[str | None, list[str]]


def _draw_job(spec: ChartSpec, path: str, fmt: str) -> _Outcome:
    """Draw one chart; return ``(error, warnings)``; never raise."""
    try:
        return None, _draw_file(spec, Path(path), fmt)
    except Exception as err:
        return f"{type(err).__name__}: {err}", []


def _draw_batch(jobs: Sequence[tuple[ChartSpec, str]], fmt: str) -> list[_Outcome]:
    """Draw several charts (one round trip to a worker)."""
    return [_draw_job(spec, path, fmt) for spec, path in jobs]


def _init_worker() -> None:
    """Once per worker process: read the font."""
    _get_fonts()


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
            for key in keys:
                _draw_job(self.specs[key], str(self.path(key)), self.fmt)
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
        for key in self._local:
            outcomes[key] = _draw_job(self.specs[key], str(self.path(key)), self.fmt)
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
            ("matplotlib-fontja", "matplotlib_fontja"),
            ("fonttools", "fontTools"),
        )
        if importlib.util.find_spec(module) is None
    ]
    if fmt is None or missing:
        _no_drawing.add(app)
        if fmt is not None:
            _logger().warning(
                _("charts are not drawn: install %s"),
                ", ".join(missing),
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
    from .model import Indicator
    from .plan import get_plan

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
    from .plan import get_plan

    location: tuple[str, int | None] | None = None
    if object_ids:
        obj = get_plan(app.env).objects.get(object_ids[0])
        if obj is not None:
            location = (obj.docname, obj.lineno)
        subject = ", ".join(object_ids)
    else:
        subject = title
    _logger().warning(
        _("chart of %s: %s"),
        subject,
        message,
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


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Wait for the charts, report problems, put the pictures in the output."""
    _no_drawing.discard(app)
    drawer = _drawers.pop(app, None)
    if drawer is None:
        return
    if exception is not None:
        drawer.shutdown(cancel=True)
        return
    if drawer.drawn:
        _logger().info(
            _("keikaku: drawing %d chart(s) (%d reused)"), drawer.drawn, drawer.reused
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
        latex=(visit_chart_latex, None),
        text=other,
        man=other,
        texinfo=other,
    )
    app.connect("write-started", _on_write_started)
    # before the keikaku summary (900) and before LaTeX's make runs
    app.connect("build-finished", _on_build_finished, priority=400)
