"""How the columns of a printed table share the width of the page.

A table in the PDF has a fixed width, the line; a cell too narrow for its
longest unbreakable text (a number, an id, a Latin word) runs into the next
cell, silently. So keikaku gives each column what its cells need, and the
name columns what is left (numbers do not wrap: a wider column of numbers
is only white space); when the columns need more than the line, the table
cannot be printed as it is, and the caller warns (``keikaku.layout``).

The estimate is simple and errs on the generous side. Widths are counted in
full-width characters at the body size (1 for a kanji or kana, about half
for a Latin letter or digit: see :data:`HALF`): a line of A4 or US Letter
holds :data:`LINE_WIDTH` of them, and each column loses
:data:`CELL_PADDING` to the space on either side of its text. Japanese text may break between any two
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
#: A half-width character, in full-width ones: a digit of the Latin font is
#: 5 pt of a 9.6 pt full-width character (17/32); in a head, which is
#: sans-serif and wider, 5/8.
HALF = 0.53125
HEAD_HALF = 0.625
#: The widest Latin characters (``%`` is 8.3 pt), in full-width ones.
WIDE = 0.875
_WIDE_LATIN = frozenset("%@MWmw")
#: The narrowest (``.`` and ``(`` are 2.5 and 3.3 pt).
NARROW = 0.3125
_NARROW_LATIN = frozenset(".,:;()[]!|'il")
#: What a column loses to the space on either side of its text.
CELL_PADDING = 1.25
#: The least width of a text column, so that a name reads as words.
READABLE = 4.0
#: The width up to which a column of numbers gets its texts on one line (a
#: head such as 令和6年度, a grade with its direction); a longer text wraps.
COMFORTABLE = 5.0
#: The width up to which a name column gets its text on one line before any
#: other column gets more than it needs.
NAMED = 8.0
#: Letters of a hyphenated Latin word that a line must hold at least.
SYLLABLES = 6
#: The runs of half-width characters between spaces and full-width ones.
_RUNS = re.compile(r"[^\s\u1100-\uffff]+")
#: What may stand around a word without making it unbreakable.
_ENDS = "()[]{},.;:!?\"'"
#: Widths are shared out in these parts of the line (``\X{n}{PARTS}``).
PARTS = 1000


def char_width(char: str, half: float = HALF) -> float:
    """1 for a full-width character, *half* otherwise.

    >>> [char_width(char) for char in "施5％%."]
    [1.0, 0.53125, 1.0, 0.875, 0.3125]
    """
    if unicodedata.east_asian_width(char) in ("F", "W", "A"):
        return 1.0
    if char in _WIDE_LATIN:
        return WIDE
    return NARROW if char in _NARROW_LATIN else half


def _run_width(run: str, half: float) -> float:
    return sum(char_width(char, half) for char in run)


def least_width(text: str, half: float = HALF) -> float:
    """The narrowest line *text* can be broken into: its longest run of
    half-width characters, or one full-width character. A word of Latin
    letters only is hyphenated by LaTeX, so it needs no more than
    :data:`SYLLABLES` letters; a run with digits or signs (a number, an id,
    an address) does not break at all.

    >>> least_width("M4-1-2 観光振興")
    3.53125
    >>> least_width("1,234,567 (令和7年度)")
    4.34375
    >>> least_width("Implementation www.city.example.jp")
    10.375
    >>> least_width("")
    0.0
    """
    longest = 0.0
    for run in _RUNS.findall(text):
        letters = run.strip(_ENDS)
        if letters.isascii() and letters.isalpha():
            longest = max(longest, min(_run_width(run, half), SYLLABLES * half))
        else:
            longest = max(longest, _run_width(run, half))
    if any(char_width(char) == 1.0 and not char.isspace() for char in text):
        longest = max(longest, 1.0)
    return longest


def text_width(text: str, half: float = HALF) -> float:
    """The width of *text* on one line, with the quarter space that Japanese
    typesetting puts between full-width and half-width characters.

    >>> text_width("令和6年度 1,234")
    7.71875
    """
    width = 0.0
    previous: bool | None = None
    for char in text:
        if char.isspace():
            continue
        current = char_width(char, half)
        full = current == 1.0
        if previous is not None and previous != full:
            width += 0.25
        width += current
        previous = full
    return width


def column_needs(
    columns: Sequence[Sequence[str]], numeric_from: int
) -> tuple[list[float], list[float]]:
    """What each column needs at least and what it wants, padding included
    (its cells' texts, the first its head, which is set in a wider font).
    It needs its longest unbreakable
    text, and a name column (before *numeric_from*) :data:`READABLE`
    characters; it wants its texts on one line, up to :data:`COMFORTABLE`
    characters (:data:`NAMED` for a name column).

    >>> column_needs([["施策", "M4-1-2 観光振興"], ["令和6年度", "12,345"]], 1)
    ([5.25, 4.21875], [9.03125, 6.25])
    >>> column_needs([["施策"], ["17", "●"]], 1)
    ([3.25, 2.5], [3.25, 2.5])
    """
    least: list[float] = []
    wanted: list[float] = []
    for index, cells in enumerate(columns):
        halves = [HEAD_HALF if row == 0 else HALF for row in range(len(cells))]
        unbroken = max(
            (least_width(text, half) for text, half in zip(cells, halves, strict=True)),
            default=0.0,
        )
        longest = max(
            (text_width(text, half) for text, half in zip(cells, halves, strict=True)),
            default=0.0,
        )
        if longest:
            unbroken = max(unbroken, 1.0)  # a letter of a sans-serif head, a −
        if index < numeric_from:
            unbroken = max(unbroken, min(READABLE, longest))
        least.append(unbroken + CELL_PADDING)
        comfortable = NAMED if index < numeric_from else COMFORTABLE
        wanted.append(max(unbroken, min(comfortable, longest)) + CELL_PADDING)
    return least, wanted


def share_line(
    least: Sequence[float],
    wanted: Sequence[float],
    names: Sequence[bool],
    line: float = LINE_WIDTH,
) -> list[int] | None:
    """The parts of :data:`PARTS` each column gets; None if what the
    columns need at *least* exceeds the line.

    Each column gets what it needs, then what it wants as far as the line
    allows (each the same share of what it lacks); what is left of the line
    the name columns (*names*) share (every column, when none is one):
    numbers do not wrap, so a wider column of numbers would only be white
    space, while a name wraps less with every character.

    >>> share_line([5.0, 3.0, 3.0], [5.0, 3.0, 3.0], [True, False, False])
    [872, 64, 64]
    >>> share_line([5.0, 3.0, 3.0], [5.0, 3.0, 3.0], [False, False, False])
    [362, 319, 319]
    >>> share_line([5.0, 15.0, 15.0], [15.0, 30.0, 30.0], [True, False, False])
    [170, 415, 415]
    >>> share_line([20.0, 20.0, 20.0], [20.0, 20.0, 20.0], [True, True, True])
    """
    if sum(least) > line:
        return None
    widths = list(least)
    room = line - sum(least)
    short = sum(wanted) - sum(least)
    if short > 0:
        share = min(1.0, room / short)
        widths = [
            low + share * (want - low) for low, want in zip(least, wanted, strict=True)
        ]
        room -= share * short
    first = [i for i, name in enumerate(names) if name]
    growing = first or list(range(len(least)))
    for i in growing:
        widths[i] += room / len(growing)
    parts = [round(width / line * PARTS) for width in widths]
    # rounding may leave a part over or short: the widest column takes it
    parts[parts.index(max(parts))] += PARTS - sum(parts)
    return parts
