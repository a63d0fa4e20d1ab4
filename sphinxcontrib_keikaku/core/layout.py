"""How the columns of a printed table share the width of the page.

A table in the PDF has a fixed width, the line; a cell too narrow for its
longest unbreakable text (a number, an id, a Latin word) runs into the next
cell, silently. So keikaku gives each column at least what its cells need
and shares the rest out by the columns' weights; when even the least the
columns need is wider than the line, the table cannot be printed as it is,
and the caller warns (``keikaku.layout``).

The estimate is simple and errs on the generous side. Widths are counted in
full-width characters (1 for a kanji or kana, 1/2 for a half-width letter or
digit) at the body size: a line of A4 or US Letter holds about
:data:`LINE_WIDTH` of them, and each column loses :data:`CELL_PADDING` to the
space on either side of its text. Japanese text may break between any two
full-width characters, a run of half-width characters (``12,345``,
``M4-1-2``) only at a space; a text column (a name) is given at least
:data:`READABLE` characters so that it does not become one character a line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: Full-width characters on a line of an A4 (or US Letter) page at 10 pt.
LINE_WIDTH = 45
#: What a column loses to the space on either side of its text.
CELL_PADDING = 1.25
#: The least width of a text column, so that a name reads as words.
READABLE = 4.0
#: Widths are shared out in these parts of the line (``\X{n}{PARTS}``).
PARTS = 1000


def char_width(char: str) -> float:
    """1 for a full-width character, 1/2 otherwise.

    >>> char_width("施"), char_width("5"), char_width("％")
    (1.0, 0.5, 1.0)
    """
    return 1.0 if unicodedata.east_asian_width(char) in ("F", "W", "A") else 0.5


def text_width(text: str) -> float:
    """The width of *text* on one line, as a box that cannot break.

    >>> text_width("1 貧困をなくそう")
    8.0
    """
    return sum(char_width(char) for char in text)


def least_width(text: str) -> float:
    """The narrowest line *text* can be broken into: its longest run of
    half-width characters, or one full-width character.

    >>> least_width("M4-1-2 観光振興")
    3.0
    >>> least_width("1,234,567 (令和7年度)")
    4.5
    >>> least_width("")
    0.0
    """
    longest = 0.0
    run = 0.0
    for char in text:
        width = char_width(char)
        if char.isspace():
            run = 0.0
        elif width == 1.0:
            run = 0.0
            longest = max(longest, width)
        else:
            run += width
            longest = max(longest, run)
    return longest


def column_needs(
    columns: Sequence[Sequence[str]],
    numeric_from: int,
    boxes: Sequence[float] = (),
) -> list[float]:
    """The least width of each column (its cells' texts, head included),
    padding included; a text column (before *numeric_from*) is readable.
    *boxes* are the widest box of each column that cannot break at all (a
    badge: :func:`text_width` and its frame).

    >>> column_needs([["施策", "M4-1-2 観光振興"], ["令和6", "12,345"]], 1)
    [5.25, 4.25]
    >>> column_needs([["SDGs", "1 貧困をなくそう"], ["件数", "3"]], 1, [8.5, 0])
    [9.75, 2.25]
    """
    needs = []
    for index, cells in enumerate(columns):
        least = max((least_width(text) for text in cells), default=0.0)
        if index < len(boxes):
            least = max(least, boxes[index])
        if index < numeric_from:
            longest = max((len(text) for text in cells), default=0)
            least = max(least, min(READABLE, float(longest)))
        needs.append(least + CELL_PADDING)
    return needs


def share_line(
    needs: Sequence[float], weights: Sequence[int], line: float = LINE_WIDTH
) -> list[int] | None:
    """The parts of :data:`PARTS` each column gets: at least its need, the
    rest of the line by *weights*; None if the needs exceed the line.

    >>> share_line([5.0, 3.0, 3.0], [3, 2, 2])
    [428, 286, 286]
    >>> share_line([30.0, 3.0, 3.0], [3, 2, 2])
    [666, 167, 167]
    >>> share_line([20.0, 20.0, 20.0], [1, 1, 1]) is None
    True
    """
    if sum(needs) > line:
        return None
    fixed: dict[int, float] = {}
    while True:
        # the columns whose share by weight is less than their need get
        # their need; the others share what is left, again by weight
        free = [i for i in range(len(needs)) if i not in fixed]
        left = line - sum(fixed.values())
        total = sum(weights[i] for i in free)
        short = [i for i in free if left * weights[i] / total < needs[i]]
        if not short:
            break
        for i in short:
            fixed[i] = needs[i]
    widths = [fixed.get(i, left * weights[i] / total if i in free else 0.0)
              for i in range(len(needs))]  # fmt: skip
    parts = [round(width / line * PARTS) for width in widths]
    # rounding may leave a part over or short: the widest column takes it
    parts[parts.index(max(parts))] += PARTS - sum(parts)
    return parts
