"""Where the boxes and arrows of a logic model go (``plan-logic-model``).

Pure (no Sphinx, docutils or matplotlib): :func:`layout` turns a
:class:`~.logicmodel.LogicModel` and the text lines of each box into
positions, which the output layer draws as an inline SVG (HTML) and with
matplotlib (the PDF). Four columns read from left to right: budget links
(投入) → measures (活動) → indicators (成果) → visions (目的); an arrow from
a child vision to its parent stays in the last column, bowing out on its
right, so that the diagram stays four columns wide (and its text readable
when it is scaled down to a page).

Every box has the same width (its widest line, estimated from the east-asian
width of each character) and a height from its number of lines. A column keeps its boxes in the order of the text outline; each
box moves towards the mean height of the boxes it is linked to
(barycentre), and boxes that would overlap are pushed apart, the least
distance in total. Arrows are cubic Bézier curves from the right side of
one box to the left side of the other.

Units are CSS pixels at a 12 px font (the SVG's user units, the PDF's
points); every coordinate is rounded to a tenth, so that the same input
gives the same numbers, and so the same bytes, on every run.

>>> from sphinxcontrib_keikaku.core.model import Indicator, Measure, Vision
>>> vision = Vision("V1", "Safe city", "plan", 1)
>>> model = LogicModel(
...     vision,
...     visions=[vision],
...     measures=[Measure("M1", "Drills", "plan", 2, visions=("V1",))],
...     indicators=[Indicator("I1", "Fires", "plan", 3, measures=("M1",))],
...     edges=[("M1", "I1"), ("I1", "V1")],
... )
>>> lines = {"V1": ["Vision V1", "Safe city"], "M1": ["Measure M1"],
...          "I1": ["Indicator I1", "Fires", "grade A"]}
>>> drawn = layout(model, lines, ("Inputs", "Activities", "Outcomes", "Aims"))
>>> [(box.id, box.column, box.h) for box in drawn.boxes]
[('M1', 0, 28.0), ('I1', 1, 60.0), ('V1', 2, 44.0)]
>>> [(edge.source, edge.target) for edge in drawn.edges]
[('M1', 'I1'), ('I1', 'V1')]
>>> drawn.box("I1").centre_y == drawn.box("M1").centre_y  # barycentre
True
>>> [column.text for column in drawn.columns]
['Activities', 'Outcomes', 'Aims']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sphinxcontrib_keikaku.core.logicmodel import LogicModel

__all__ = [
    "FONT_SIZE",
    "LINE_HEIGHT",
    "Box",
    "Column",
    "Edge",
    "Layout",
    "layout",
    "text_px",
    "text_width",
    "wrap",
]

#: The font size, in the layout's units.
FONT_SIZE = 12.0
#: The height of one line of text in a box.
LINE_HEIGHT = 16.0
#: The width of a narrow character, in em (a wide one takes 1 em). Generous
#: on purpose: no font is measured (the browser picks its sans-serif), and a
#: line must never leave its box; most Latin text takes less than 0.6 em a
#: letter.
_NARROW_EM = 0.6
#: Inside a box, around its text.
_PAD_X = 8.0
_PAD_Y = 6.0
#: Between two boxes of a column, and between columns (room for the arrows).
_GAP_Y = 12.0
_GAP_X = 36.0
#: Room on the right of a column for the arrows that stay in it.
_LOOP = 22.0
#: Around the diagram; inside a column's band around its boxes.
_MARGIN = 8.0
_BAND_PAD = 8.0
#: The height of a column's heading, above its boxes.
_HEADING = 26.0
#: A box's title is wrapped at this many half-width columns.
WRAP = 20
#: How often the columns are swept, placing each box at its barycentre.
_SWEEPS = 4


#: Marks that start no line, and marks that end none (禁則処理).
_NO_START = frozenset(
    "、。，．）」』】〕〉》！？：；ー…‥・ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
)
_NO_END = frozenset("（「『【〔〈《")


def text_width(text: str) -> int:
    """The width of *text* in half-width columns (a wide character is two).

    >>> text_width("GIGAスクール")
    12
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """*text* in lines of at most *width* columns (a wide character is two):
    Japanese may break between any two characters, but no line starts with
    a closing mark (、。」…) or ends with an opening one (「（…), the
    character before or after going along (禁則); a Latin word breaks only
    at a space (or, when longer than a line, anywhere).

    >>> wrap("保育・子育て支援サービスの充実")
    ['保育・子育て支援サー', 'ビスの充実']
    >>> wrap("子どもが健やかに育ち、学びが広がるまち")
    ['子どもが健やかに育', 'ち、学びが広がるまち']
    >>> wrap("Disaster-resilient community")
    ['Disaster-resilient', 'community']
    """
    tokens = re.findall(r"\s+|[^\s]", text)
    # join the narrow characters of a word, so that a word stays whole, and
    # the marks to the character they belong to
    words: list[str] = []
    for token in tokens:
        if (
            words
            and not token.isspace()
            and not words[-1].isspace()
            and (
                (text_width(token) == 1 and text_width(words[-1][-1]) == 1)
                or token in _NO_START
                or words[-1][-1] in _NO_END
            )
        ):
            words[-1] += token
        else:
            words.append(token)
    lines: list[str] = []
    line = ""
    for word in words:
        if word.isspace():
            if line:
                line += " "
            continue
        if line and text_width(line) + text_width(word) > width:
            lines.append(line.rstrip())
            line = ""
        while text_width(word) > width:  # a word longer than a line
            cut = 0
            while text_width(word[: cut + 1]) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def text_px(text: str) -> float:
    """The width *text* may take at :data:`FONT_SIZE`, at most.

    >>> text_px("施策 M1")
    45.6
    """
    return _r(sum(1.0 if text_width(c) == 2 else _NARROW_EM for c in text) * FONT_SIZE)


def _r(value: float) -> float:
    # a tenth of a pixel is finer than any screen; rounding makes the
    # output the same bytes whatever order the floats were summed in
    return round(value, 1) + 0.0


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Column:
    """The band of one kind of object, with its heading at the top left."""

    text: str
    x: float
    y: float
    w: float
    h: float

    @property
    def baseline(self) -> float:
        """Where the heading's text stands."""
        return _r(self.y + _HEADING - 9.0)

    @property
    def text_x(self) -> float:
        return _r(self.x + _BAND_PAD)


@dataclass(frozen=True, slots=True)
class Box:
    """One object: its top left corner, size and lines; ``column`` counts
    the sub-columns from the left."""

    id: str
    column: int
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]

    @property
    def centre_y(self) -> float:
        return _r(self.y + self.h / 2)

    @property
    def text_x(self) -> float:
        return _r(self.x + _PAD_X)

    def baseline(self, index: int) -> float:
        """Where line *index* (from 0) stands."""
        return _r(self.y + _PAD_Y + index * LINE_HEIGHT + FONT_SIZE)


@dataclass(frozen=True, slots=True)
class Edge:
    """An arrow: a cubic Bézier curve ``(start, control, control, end)``."""

    source: str
    target: str
    points: tuple[Point, Point, Point, Point]


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole diagram; ``(0, 0)`` is the top left corner."""

    width: float
    height: float
    columns: tuple[Column, ...]
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]

    def box(self, object_id: str) -> Box:
        return next(box for box in self.boxes if box.id == object_id)


def _pack(wanted: Sequence[float], heights: Sequence[float]) -> list[float]:
    """Tops for boxes of *heights* kept in order, at least a gap apart, as
    near the *wanted* tops as can be (least squares: adjacent boxes that
    would overlap are moved as one block to their mean).

    >>> _pack([0.0, 5.0, 100.0], [20.0, 20.0, 20.0])
    [-13.5, 18.5, 100.0]
    """
    offsets: list[float] = []  # of each box from the first box's top, tight
    position = 0.0
    for height in heights:
        offsets.append(position)
        position += height + _GAP_Y
    # blocks of boxes set tight: (first, last, top of the first)
    blocks: list[tuple[int, int, float]] = []
    for index, want in enumerate(wanted):
        blocks.append((index, index, want))
        while len(blocks) > 1:
            first, last, top = blocks[-2]
            _first2, last2, top2 = blocks[-1]
            bottom = top + offsets[last] - offsets[first] + heights[last] + _GAP_Y
            if bottom <= top2:
                break
            members = range(first, last2 + 1)
            mean = sum(wanted[k] - (offsets[k] - offsets[first]) for k in members)
            blocks[-2:] = [(first, last2, mean / len(members))]
    tops: list[float] = []
    for first, last, top in blocks:
        tops += [top + offsets[k] - offsets[first] for k in range(first, last + 1)]
    return tops


def layout(
    model: LogicModel,
    lines: Mapping[str, Sequence[str]],
    headings: Sequence[str],
    order: Sequence[str] = (),
) -> Layout:
    """The positions of *model*'s boxes and arrows.

    *lines* are each box's text lines by object id; *headings* the four
    column headings (budget links, measures, indicators, visions), a column
    without objects being left out; *order* the ids in the order of the text
    outline (by default the model's own), which each column keeps.
    """
    kinds: list[tuple[str, list[str]]] = [
        (headings[0], [o.id for o in model.budget_links]),
        (headings[1], [o.id for o in model.measures]),
        (headings[2], [o.id for o in model.indicators]),
        (headings[3], [o.id for o in model.visions]),
    ]
    rank = {object_id: index for index, object_id in enumerate(dict.fromkeys(order))}

    def ordered(ids: list[str]) -> list[str]:
        ids = list(dict.fromkeys(ids))  # an id once, at its first place
        given = {object_id: index for index, object_id in enumerate(ids)}
        return sorted(ids, key=lambda i: (rank.get(i, len(rank)), given[i]))

    text = {
        object_id: tuple(lines.get(object_id) or (object_id,))
        for _heading, ids in kinds
        for object_id in ids
    }
    # no narrower than a title wrapped at WRAP columns of wide characters
    width = _r(
        max([WRAP / 2 * FONT_SIZE, *(text_px(t) for ls in text.values() for t in ls)])
        + 2 * _PAD_X
    )
    slots: list[list[str]] = []
    headings_of: list[str] = []
    for heading, ids in kinds:
        if ids:
            slots.append(ordered(ids))
            headings_of.append(heading)
    slot_of = {object_id: index for index, ids in enumerate(slots) for object_id in ids}
    heights = {
        object_id: 2 * _PAD_Y + len(text[object_id]) * LINE_HEIGHT
        for object_id in slot_of
    }
    neighbours: dict[str, list[str]] = {object_id: [] for object_id in slot_of}
    for source, target in model.edges:
        if source in slot_of and target in slot_of and source != target:
            neighbours[source].append(target)
            neighbours[target].append(source)

    # vertical: stacked in order, then swept towards the barycentres
    centre: dict[str, float] = {}
    for ids in slots:
        tops = _pack([0.0] * len(ids), [heights[i] for i in ids])
        for object_id, top in zip(ids, tops, strict=True):
            centre[object_id] = top + heights[object_id] / 2
    for sweep in range(_SWEEPS):
        sequence = (
            range(len(slots)) if sweep % 2 == 0 else range(len(slots) - 1, -1, -1)
        )
        for slot in sequence:
            ids = slots[slot]
            wanted = []
            for object_id in ids:
                # the boxes in other columns; for a vision linked only to
                # visions (the shown one, above its children), those
                linked = [
                    centre[n] for n in neighbours[object_id] if slot_of[n] != slot
                ] or [centre[n] for n in neighbours[object_id]]
                mean = sum(linked) / len(linked) if linked else centre[object_id]
                wanted.append(mean - heights[object_id] / 2)
            tops = _pack(wanted, [heights[i] for i in ids])
            for object_id, top in zip(ids, tops, strict=True):
                centre[object_id] = top + heights[object_id] / 2

    # horizontal: columns side by side, each as wide as its boxes (with room
    # for the arrows that stay in it) or its heading
    content_top = _MARGIN + _HEADING
    shift = content_top - min(centre[i] - heights[i] / 2 for i in centre)
    bottom = max(centre[i] + heights[i] / 2 for i in centre) + shift
    band_height = bottom + _BAND_PAD - _MARGIN
    looping = {
        slot_of[source]
        for source, target in model.edges
        if source in slot_of
        and target in slot_of
        and slot_of[source] == slot_of[target]
    }
    slot_x: dict[int, float] = {}
    columns: list[Column] = []
    x = _MARGIN
    for slot, heading in enumerate(headings_of):
        inner = width + (_LOOP if slot in looping else 0.0)
        band = max(inner, text_px(heading)) + 2 * _BAND_PAD
        slot_x[slot] = x + _BAND_PAD
        columns.append(Column(heading, _r(x), _MARGIN, _r(band), _r(band_height)))
        x += band + _GAP_X
    boxes = {
        object_id: Box(
            object_id,
            slot,
            _r(slot_x[slot]),
            _r(centre[object_id] - heights[object_id] / 2 + shift),
            width,
            _r(heights[object_id]),
            text[object_id],
        )
        for slot, ids in enumerate(slots)
        for object_id in ids
    }
    return Layout(
        width=_r(x - _GAP_X + _MARGIN),
        height=_r(bottom + _BAND_PAD + _MARGIN),
        columns=tuple(columns),
        boxes=tuple(boxes[i] for ids in slots for i in ids),
        edges=_edges(model.edges, boxes),
    )


def _edges(
    pairs: Sequence[tuple[str, str]], boxes: Mapping[str, Box]
) -> tuple[Edge, ...]:
    """The arrows, each end spread along its box's side in the order of the
    boxes at the other ends, so that arrows into one box do not meet."""
    drawn = [
        (source, target)
        for source, target in dict.fromkeys(pairs)
        if source in boxes and target in boxes and source != target
    ]
    leaving: dict[str, list[tuple[str, str]]] = {}
    arriving: dict[str, list[tuple[str, str]]] = {}
    for pair in drawn:
        leaving.setdefault(pair[0], []).append(pair)
        arriving.setdefault(pair[1], []).append(pair)

    def spread(
        box: Box, pairs: list[tuple[str, str]], other: int
    ) -> dict[tuple[str, str], float]:
        ends = sorted(pairs, key=lambda p: (boxes[p[other]].centre_y, drawn.index(p)))
        return {
            pair: box.y + box.h * (index + 1) / (len(ends) + 1)
            for index, pair in enumerate(ends)
        }

    start_y: dict[tuple[str, str], float] = {}
    end_y: dict[tuple[str, str], float] = {}
    for object_id, pairs in leaving.items():
        start_y |= spread(boxes[object_id], pairs, 1)
    for object_id, pairs in arriving.items():
        end_y |= spread(boxes[object_id], pairs, 0)
    edges: list[Edge] = []
    for pair in drawn:
        source, target = boxes[pair[0]], boxes[pair[1]]
        start = (source.x + source.w, start_y[pair])
        if target.x > source.x + source.w:
            end = (target.x, end_y[pair])
            bend = (end[0] - start[0]) / 2
            controls = ((start[0] + bend, start[1]), (end[0] - bend, end[1]))
        else:  # in the same column (a child vision to its parent): bow out
            # on the right and come back into the target's right side
            end = (target.x + target.w, end_y[pair])
            controls = ((start[0] + _LOOP, start[1]), (end[0] + _LOOP, end[1]))
        first, second = controls
        edges.append(
            Edge(
                pair[0],
                pair[1],
                (
                    (_r(start[0]), _r(start[1])),
                    (_r(first[0]), _r(first[1])),
                    (_r(second[0]), _r(second[1])),
                    (_r(end[0]), _r(end[1])),
                ),
            )
        )
    return tuple(edges)
