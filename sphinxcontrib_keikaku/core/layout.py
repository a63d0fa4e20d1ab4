"""How the columns of a printed table share the width of the page.

A table in the PDF has a fixed width, the line; a cell too narrow for its
longest unbreakable text (a number, an id, a Latin word) runs into the next
cell, silently. So keikaku gives each column at least what its cells need
and shares the rest out by the columns' weights; when even the least the
columns need is wider than the line, the table cannot be printed as it is,
and the caller warns (``keikaku.layout``).

The estimate is simple and errs on the generous side. Widths are counted in
full-width characters (1 for a kanji or kana, 1/2 for a half-width letter or
digit) at the body size: a line of A4 or US Letter holds
:data:`LINE_WIDTH` of them, and each column loses :data:`CELL_PADDING` to the
space on either side of its text. Japanese text may break between any two
full-width characters, a run of half-width characters (``12,345``,
``M4-1-2``) only at a space; a text column (a name) is given at least
:data:`READABLE` characters so that it does not become one character a line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: Full-width characters on a line of an A4 (or US Letter) page at 10 pt:
#: Sphinx's line is 452 pt on both, a full-width character 9.6 pt.
LINE_WIDTH = 47
#: What a column loses to the space on either side of its text.
CELL_PADDING = 1.25
#: The least width of a text column, so that a name reads as words.
READABLE = 4.0
#: Letters of a hyphenated Latin word that a line must hold at least.
SYLLABLES = 8
#: The runs of half-width characters between spaces and full-width ones.
_RUNS = re.compile(r"[^\s\u1100-\uffff]+")
#: What may stand around a word without making it unbreakable.
_ENDS = "()[]{},.;:!?\"'"
#: Widths are shared out in these parts of the line (``\X{n}{PARTS}``).
PARTS = 1000


def char_width(char: str) -> float:
    """1 for a full-width character, 1/2 otherwise.

    >>> char_width("施"), char_width("5"), char_width("％")
    (1.0, 0.5, 1.0)
    """
    return 1.0 if unicodedata.east_asian_width(char) in ("F", "W", "A") else 0.5


def least_width(text: str) -> float:
    """The narrowest line *text* can be broken into: its longest run of
    half-width characters, or one full-width character. A word of Latin
    letters only is hyphenated by LaTeX, so it needs no more than
    :data:`SYLLABLES` letters; a run with digits or signs (a number, an id,
    an address) does not break at all.

    >>> least_width("M4-1-2 観光振興")
    3.0
    >>> least_width("1,234,567 (令和7年度)")
    4.5
    >>> least_width("Implementation www.city.example.jp")
    9.5
    >>> least_width("")
    0.0
    """
    longest = 0.0
    for run in _RUNS.findall(text):
        letters = run.strip(_ENDS)
        if letters.isascii() and letters.isalpha():
            longest = max(longest, min(len(run), SYLLABLES) * 0.5)
        else:
            longest = max(longest, len(run) * 0.5)
    if any(char_width(char) == 1.0 and not char.isspace() for char in text):
        longest = max(longest, 1.0)
    return longest


def column_needs(columns: Sequence[Sequence[str]], numeric_from: int) -> list[float]:
    """The least width of each column (its cells' texts, head included),
    padding included; a text column (before *numeric_from*) is readable.

    >>> column_needs([["施策", "M4-1-2 観光振興"], ["令和6", "12,345"]], 1)
    [5.25, 4.25]
    """
    needs = []
    for index, cells in enumerate(columns):
        least = max((least_width(text) for text in cells), default=0.0)
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
    [638, 181, 181]
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
