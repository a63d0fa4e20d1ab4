"""The text of a chart, laid out and converted once per process.

Laying out text and converting it to glyph outlines was most of the CPU of
a chart (issue 13): matplotlib's ``Text`` looks up the font, measures,
lays out and converts every label of every chart again, though most labels
(years, tick values, legend entries, units) are the same on every chart.
:class:`ChartText` is a ``Text`` that keeps this work in bounded
per-process caches, keyed by the text and the font:

* in an SVG (``svg.fonttype`` ``path``, the charts' setting) it draws its
  text as one filled outline (a :class:`~matplotlib.textpath.TextPath`),
  through the renderer's public ``draw_path``, instead of matplotlib's
  glyph definitions: a chart's file is larger (the glyphs a chart repeats
  are written each time), its look the same;
* in a PDF (a LaTeX build) it still draws real text with the renderer's
  ``draw_text`` (glyphs in an embedded Type 3 font); only the measures come
  from the cache;
* anything else (PNG, several lines, rotation, mathtext, path effects, a
  box, clipping) is drawn by ``Text`` itself.

A text is placed exactly where ``Text`` would place it: the same measures,
the same line height (the first font's ascent and descent), the same
alignment (``tests/test_charts.py`` compares the boxes).  The warnings a
text gave while it was measured or converted (a glyph no chart font has)
are kept with it and given again each time it is drawn, so that a chart
drawn with a warm cache reports what one drawn afresh does.
"""

from __future__ import annotations

import functools
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# matplotlib at the top: this module is imported only by the functions that
# draw (in draw.py, ticks.py, legend.py), in the process that draws
from matplotlib.text import Text

from sphinxcontrib_keikaku.output.charts.style import RC

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.backend_bases import GraphicsContextBase, RendererBase
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path

__all__ = [
    "CACHE_SIZE",
    "ChartText",
    "Metrics",
    "baseline_offset",
    "chart_font",
    "font_lines",
    "text_metrics",
    "text_outline",
]

#: Texts kept per process in each cache: a plan's years, tick values,
#: legend entries and units with room to spare (an outline is a few kB);
#: the titles, one per chart, come and go.
CACHE_SIZE = 2048

#: The warnings a text gave while it was measured or converted.
Caught = tuple[tuple[str, type[Warning]], ...]
#: What chooses and sizes a font (see :func:`_font_key`).
FontKey = tuple[tuple[str, ...], Any, Any, Any, Any, float, Any]


@dataclass(frozen=True)
class Metrics:
    """Width, height (ascent + descent) and descent of one line of text in
    points, as a renderer measures it; and the warnings measuring gave."""

    width: float
    height: float
    descent: float
    warnings: Caught = ()


@functools.lru_cache(maxsize=8)
def chart_font(size: float) -> FontProperties:
    """The chart font at *size*, the same whatever the rcParams (never
    changed: a ``Text`` and the caches take copies)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(
        family=list(RC["font.family"]),
        style="normal",
        variant="normal",
        weight="normal",
        stretch="normal",
        size=size,
    )


def _font_key(prop: FontProperties) -> FontKey:
    """What of *prop* chooses and sizes the font: the chart style names
    fonts, not generic families, so the names are enough."""
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        float(prop.get_size_in_points()),
        prop.get_file(),
    )


def _caught(caught: list[warnings.WarningMessage]) -> Caught:
    return tuple((str(w.message), w.category) for w in caught)


def _font(key: FontKey) -> FontProperties:
    """The font of *key*, made again: the caches are keyed by plain values
    (FontProperties is mutable, and hashes its state), and a hit needs no
    copy of the font."""
    from matplotlib.font_manager import FontProperties

    family, style, variant, weight, stretch, size, file = key
    return FontProperties(
        family=list(family),
        style=style,
        variant=variant,
        weight=weight,
        stretch=stretch,
        size=size,
        fname=file,
    )


def font_lines(prop: FontProperties) -> tuple[float, float]:
    """The least ascent and descent of a line in *prop* (points), as
    ``Text`` takes them: from the first font's tables."""
    return _font_lines(_font_key(prop))


@functools.lru_cache(maxsize=64)
def _font_lines(key: FontKey) -> tuple[float, float]:
    from matplotlib.font_manager import findfont, get_font
    from matplotlib.textpath import text_to_path

    prop = _font(key)
    font = get_font(findfont(prop))
    size = prop.get_size_in_points()
    head = font.get_sfnt_table("head")
    # the typographic ascent and descent, else the horizontal header's
    os2 = font.get_sfnt_table("OS/2")
    hhea = font.get_sfnt_table("hhea")
    if head is not None and os2 is not None:
        scale = size / head["unitsPerEm"]
        return os2["sTypoAscender"] * scale, -os2["sTypoDescender"] * scale
    if head is not None and hhea is not None:
        scale = size / head["unitsPerEm"]
        return hhea["ascent"] * scale, -hhea["descent"] * scale
    # no tables: the font's own measure, as Text does then
    _width, height, descent = text_to_path.get_text_width_height_descent(
        "lp", prop, ismath=False
    )
    return float(height - descent), float(descent)


def text_metrics(text: str, prop: FontProperties) -> Metrics:
    """*text* in *prop* as an SVG measures it (and the charts' margins)."""
    return _metrics(text, _font_key(prop))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _metrics(text: str, key: FontKey) -> Metrics:
    from matplotlib.textpath import text_to_path

    prop = _font(key)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        width, height, descent = text_to_path.get_text_width_height_descent(
            text, prop, ismath=False
        )
    return Metrics(float(width), float(height), float(descent), _caught(caught))


class _Bounded:
    """The measures of another renderer (the PDF's: its own font sizes give
    other fractions of a point), computed by the renderer at hand: a key
    that leaves the renderer out, which ``functools.lru_cache`` cannot."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str, FontKey], Metrics] = OrderedDict()

    def get(
        self, key: tuple[str, str, FontKey], make: Callable[[], Metrics]
    ) -> Metrics:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found
        made = self._items[key] = make()
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return made


_RENDERER_METRICS = _Bounded(CACHE_SIZE)


def _renderer_metrics(
    renderer: RendererBase, kind: str, text: str, prop: FontProperties
) -> Metrics:
    def measure() -> Metrics:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            width, height, descent = renderer.get_text_width_height_descent(
                text, prop, ismath=False
            )
        return Metrics(float(width), float(height), float(descent), _caught(caught))

    return _RENDERER_METRICS.get((kind, text, _font_key(prop)), measure)


def text_outline(text: str, prop: FontProperties) -> tuple[Path, Caught]:
    """The outline of *text* in *prop* in points, the start of its baseline
    at (0, 0); and the warnings converting it gave."""
    return _outline(text, _font_key(prop))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _outline(text: str, key: FontKey) -> tuple[Path, Caught]:
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    prop = _font(key)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outline = TextPath((0, 0), text, prop=prop)
        path = Path(outline.vertices, outline.codes, readonly=True)
    return path, _caught(caught)


def baseline_offset(
    metrics: Metrics, lines: tuple[float, float], ha: str, va: str
) -> tuple[float, float]:
    """Where the baseline of one line of text starts, in points from the
    point it is aligned to (*ha*, *va* as ``Text``'s): a line is at least
    as tall as the font's ascent and descent (*lines*), as ``Text`` sets
    it."""
    ascent = max(metrics.height - metrics.descent, lines[0])
    descent = max(metrics.descent, lines[1])
    dx = {"left": 0.0, "center": -metrics.width / 2, "right": -metrics.width}[ha]
    dy = {
        "baseline": 0.0,
        "top": -ascent,
        "bottom": descent,
        "center": (descent - ascent) / 2,
        "center_baseline": -ascent / 2,
    }[va]
    return dx, dy


class ChartText(Text):
    """A ``Text`` whose layout and outline come from the caches (see the
    module); in the chart font (:func:`chart_font`) at *fontsize*, not
    clipped, as the texts of ``Axes.text`` and ``Figure.text``."""

    def __init__(
        self, x: float, y: float, text: str, *, fontsize: float, **kwargs: Any
    ) -> None:
        kwargs.setdefault("clip_on", False)
        # a font ready made: Text would read the rcParams for a new one
        super().__init__(x, y, text, fontproperties=chart_font(fontsize), **kwargs)

    def _output(self, renderer: RendererBase) -> str | None:
        """``"svg"`` (drawn as an outline), ``"pdf"`` (drawn as text, laid
        out from the cache), or None (drawn by ``Text``)."""
        import matplotlib
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        from matplotlib.backends.backend_svg import FigureCanvasSVG

        text = self.get_text()
        figure = self.get_figure(root=True)
        if figure is None or not (
            "\n" not in text
            and not (self.get_parse_math() and "$" in text)
            and not self.get_usetex()
            and not self.get_wrap()
            and self.get_rotation() == 0
            and not self.get_path_effects()
            and self.get_bbox_patch() is None
            and not self.get_clip_on()
        ):
            return None
        # savefig hands the artists a renderer wrapped for rasterising;
        # while it draws, the figure's canvas is the one of the format
        canvas = figure.canvas
        if isinstance(canvas, FigureCanvasSVG):
            return "svg" if matplotlib.rcParams["svg.fonttype"] == "path" else None
        if isinstance(canvas, FigureCanvasPdf):
            return "pdf"
        return None

    def _gc(self, renderer: RendererBase) -> GraphicsContextBase:
        """A graphics context as ``Text.draw`` makes one."""
        from matplotlib.colors import to_rgba

        gc = renderer.new_gc()
        gc.set_foreground(to_rgba(self.get_color()), isRGBA=True)
        gc.set_alpha(self.get_alpha())  # type: ignore[arg-type]  # None: opaque
        gc.set_url(self.get_url())
        gc.set_antialiased(self.get_antialiased())
        gc.set_snap(self.get_snap())
        return gc

    def draw(self, renderer: RendererBase) -> None:
        output = self._output(renderer)
        if output is None:
            super().draw(renderer)
            return
        if not self.get_visible() or self.get_text() == "":
            return
        import numpy as np

        text, prop = self.get_text(), self.get_fontproperties()
        if output == "svg":
            metrics = text_metrics(text, prop)
            outline, caught = text_outline(text, prop)
        else:
            metrics = _renderer_metrics(renderer, output, text, prop)
            caught = ()
        # what drawing this text afresh would warn about, every time
        for message, category in dict.fromkeys(metrics.warnings + caught):
            warnings.warn(message, category, stacklevel=2)
        x, y = self.get_transform().transform(self.get_unitless_position())
        if not (np.isfinite(x) and np.isfinite(y)):
            return
        figure = self.get_figure(root=True)
        assert figure is not None
        scale = figure.dpi / 72  # the measures are in points
        dx, dy = baseline_offset(
            metrics,
            font_lines(prop),
            self.get_horizontalalignment(),
            self.get_verticalalignment(),
        )
        x, y = x + dx * scale, y + dy * scale
        renderer.open_group("text", self.get_gid())
        gc = self._gc(renderer)
        if output == "svg":
            self._draw_outline(renderer, gc, outline, (x, y), scale)
        else:
            if renderer.flipy():
                y = renderer.get_canvas_width_height()[1] - y
            renderer.draw_text(gc, x, y, text, prop, 0.0, ismath=False, mtext=self)
        gc.restore()
        renderer.close_group("text")
        self.stale = False

    def _draw_outline(
        self,
        renderer: RendererBase,
        gc: GraphicsContextBase,
        outline: Path,
        at: tuple[float, float],
        scale: float,
    ) -> None:
        import numpy as np
        from matplotlib.colors import to_rgba
        from matplotlib.path import Path
        from matplotlib.transforms import IdentityTransform

        # placed here, to 1/100 of a pixel (of a point, in a chart): the SVG
        # writes six decimals, which made charts a third larger for nothing
        # anyone can see
        vertices = (np.asarray(outline.vertices) * scale + np.asarray(at)).round(2)
        gc.set_linewidth(0)  # filled, not stroked: as glyphs are drawn
        color = to_rgba(self.get_color(), self.get_alpha())
        renderer.draw_path(
            gc, Path(vertices, outline.codes), IdentityTransform(), color
        )
