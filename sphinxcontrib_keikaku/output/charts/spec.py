"""Chart specs: what a picture shows, as small frozen data.

A :class:`ChartSpec` is built from plan data in the Sphinx process, cheap to
hash and to pickle; its :meth:`~ChartSpec.key` (a content hash) names the
picture's file, so the same data is never drawn twice.  Nothing here imports
matplotlib.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Literal

from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.core.values import Value, YearStyle

__all__ = [
    "CHART_STYLE_VERSION",
    "ChartFormat",
    "ChartKind",
    "ChartSpec",
    "Diagram",
    "DiagramBox",
    "DiagramEdge",
    "DiagramHeading",
    "Series",
    "budget_spec",
    "grades_spec",
    "indicator_spec",
    "logic_model_spec",
]

#: Part of every key: bump it whenever the look of the charts changes, so
#: that cached pictures of the old look are not reused.
CHART_STYLE_VERSION = "4"

ChartKind = Literal["indicator", "budget", "grades", "logicmodel"]
ChartFormat = Literal["svg", "pdf"]

#: CSS pixels per inch: ``<img>`` sizes are given in pixels, figures in inches.
_PX_PER_INCH = 96

#: Figure sizes in inches, chosen to be whole pixels at 96 px/in.
_SIZES: MappingProxyType[str, tuple[float, float]] = MappingProxyType(
    {
        "indicator": (5.0, 2.75),  # 480 × 264 px
        "budget": (6.0, 3.0),  # 576 × 288 px
        "grades": (4.0, 2.25),  # 384 × 216 px
    }
)


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
class DiagramHeading:
    """The band of one column of a diagram, its heading at the top left."""

    text: str
    x: float
    y: float
    w: float
    h: float
    text_x: float
    baseline: float


@dataclass(frozen=True, slots=True)
class DiagramBox:
    """One box of a diagram: where, its lines and how it is drawn.

    ``baselines`` are where the lines stand; the last ``warning_lines`` lines
    are drawn in the warning colour (``(no indicator)``). ``object_id`` and
    ``title`` name the object (the link's accessible name in HTML).
    """

    object_id: str
    title: str
    x: float
    y: float
    w: float
    h: float
    text_x: float
    lines: tuple[str, ...]
    baselines: tuple[float, ...]
    fill: str
    emphasised: bool = False
    warning_lines: int = 0


@dataclass(frozen=True, slots=True)
class DiagramEdge:
    """An arrow: a cubic Bézier curve (start, control, control, end)."""

    points: tuple[tuple[float, float], ...]
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Diagram:
    """A diagram of boxes and arrows (the logic model), in CSS pixels with
    ``(0, 0)`` at the top left: what the inline SVG and the PDF draw."""

    width: float
    height: float
    font_size: float
    headings: tuple[DiagramHeading, ...]
    boxes: tuple[DiagramBox, ...]
    edges: tuple[DiagramEdge, ...]


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
    #: What a ``logicmodel`` chart draws (None for the other kinds).
    diagram: Diagram | None = None

    def key(self) -> str:
        """A content hash of what is drawn: the same data gives the same name."""
        drawn: tuple[object, ...] = (
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
        if self.diagram is not None:
            # only then: the names of every other chart stay as they were
            drawn += (self.diagram,)
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


def _indicator_unit(unit: str, language: str | None) -> str:
    """The unit as the alt text joins it to a number, as the value table
    does (``Renderer.with_unit``): ``3.2km`` in Japanese, ``7 persons`` (a
    translated unit) and ``80.0%`` otherwise."""
    japanese = (language or "").replace("-", "_").split("_")[0] == "ja"
    return unit if japanese or not unit or unit in ("%", "‰", "％") else f" {unit}"


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
        unit = _indicator_unit(indicator.unit, language)
        alt = words.describe(
            indicator.title or indicator.id,
            [
                (
                    label,
                    [
                        words.at(_with_unit(v, unit), year(y))
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


def logic_model_spec(
    diagram: Diagram, title: str, alt: str, object_id: str
) -> ChartSpec:
    """The logic model *diagram* as a chart (the PDF picture), one point per
    CSS pixel of the layout."""
    return ChartSpec(
        kind="logicmodel",
        title=title,
        unit="",
        x_ticks=(),
        x_labels=(),
        series=(),
        size=(diagram.width / 72, diagram.height / 72),
        alt=alt,
        object_id=object_id,
        diagram=diagram,
    )
