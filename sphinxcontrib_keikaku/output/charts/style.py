"""The look of the charts: matplotlib settings, colours, sizes of text.

matplotlib is imported only by :func:`init_matplotlib`, in the process that
draws.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties
    from matplotlib.typing import RcKeyType

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
RC: MappingProxyType[RcKeyType, Any] = MappingProxyType(
    {
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
)

#: savefig metadata: no dates and no versions, so that the bytes depend on
#: the data only.
METADATA: MappingProxyType[str, dict[str, Any]] = MappingProxyType(
    {
        "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
        "pdf": {
            "Creator": None,
            "Producer": None,
            "CreationDate": None,
            "ModDate": None,
        },
    }
)

#: Font sizes in points.
TITLE_PT = 10.0
SMALL_PT = 8.0

INK = "#222222"
MUTED = "#555555"
AXIS = "#444444"
COLORS = MappingProxyType(
    {
        "baseline": "#555555",
        "target": "#d9534f",
        "actual": "#1f6fb4",
        "estimate": "#1f6fb4",
    }
)
BAR_COLORS = (
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
GRADE_COLORS = ("#2e8b57", "#7cb342", "#f0ad4e", "#d9534f", "#8e44ad", "#6d4c41")
NO_GRADE = frozenset({"-", "−", "–", "—", "―", "ー", ""})
ARROWS = MappingProxyType({"up": "↑", "down": "↓", "keep": "→"})
#: Line and marker of each indicator series: (linestyle, marker, markersize).
STYLES: MappingProxyType[str, tuple[Any, str, float]] = MappingProxyType(
    {
        "baseline": ("none", "s", 4.5),
        "target": ((0, (4.0, 2.5)), "D", 4.0),
        "actual": ("-", "o", 4.5),
        "estimate": ((0, (1.0, 1.8)), "o", 4.5),
    }
)
LINE_WIDTHS = MappingProxyType({"target": 1.2, "actual": 1.4, "estimate": 1.1})

#: The diagrams (the logic model), the same in the inline SVG and the PDF:
#: a white card in a light and a dark theme alike, so fixed colours; text
#: at least 4.5:1 against every fill (WCAG AA).
DIAGRAM_CARD = "#ffffff"
DIAGRAM_INK = "#111111"
DIAGRAM_BAND = "#f5f5f5"
DIAGRAM_BAND_EDGE = "#cccccc"
DIAGRAM_HEADING = "#333333"
DIAGRAM_BOX_EDGE = "#444444"
DIAGRAM_ARROW = "#555555"
#: A measure without an indicator: its arrow and its "(no indicator)".
DIAGRAM_WARNING = "#b00020"


def init_matplotlib(*, worker: bool = False) -> None:
    """Import matplotlib and register IPAexGothic, once per process.

    Importing ``matplotlib_fontja`` also sets the font family globally; that
    is undone, so that drawing in the Sphinx process changes nothing there.
    """
    if "matplotlib_fontja" in sys.modules:
        return  # done already in this process: Python keeps the module
    import matplotlib

    if worker:
        matplotlib.use("Agg")
    with matplotlib.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib_fontja  # type: ignore[import-untyped]  # noqa: F401


def chart_font(size: float) -> FontProperties:
    """The chart font at *size* points, whatever the rcParams: the font a
    chart's ``Text`` gets under :func:`chart_style`."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(
        family=list(RC["font.family"]),
        style="normal",
        variant="normal",
        weight="normal",
        stretch="normal",
        size=size,
    )


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """matplotlib's defaults and :data:`RC`, restored afterwards."""
    import matplotlib

    init_matplotlib()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(RC)
        yield
