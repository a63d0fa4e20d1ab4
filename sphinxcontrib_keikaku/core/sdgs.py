"""The 17 Sustainable Development Goals, for the built-in ``sdgs`` axis.

The goals' numbers, short names (the United Nations' English ones and the
Japanese ones of the UN Information Centre in Tokyo) and colours (the UN's
SDG guidelines) are facts, copied from ``shared/sdgs.md``; a test checks
them against that file. Official icon images are not shipped: a badge shows
the number and the name on the goal's colour instead.

The badge text colour is computed, not chosen by eye: WCAG 2.1 asks for a
contrast of at least 4.5:1 for normal text (level AA), and several goal
colours (7's yellow above all) are too light for the white text of the
official icons. :func:`text_colour` keeps white where it passes, as the
icons do, and uses black elsewhere.

Pure data and arithmetic: no Sphinx, no messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "AA_NORMAL_TEXT",
    "BLACK",
    "GOALS",
    "GOALS_BY_KEY",
    "TARGETS",
    "WHITE",
    "Goal",
    "contrast_ratio",
    "parse_target",
    "relative_luminance",
    "target_range",
    "target_sort_key",
    "text_colour",
]

#: WCAG 2.1 success criterion 1.4.3 (AA): contrast for normal-size text.
AA_NORMAL_TEXT = 4.5

WHITE = "#FFFFFF"
BLACK = "#000000"

_HEX_COLOUR = re.compile(r"\A#[0-9A-Fa-f]{6}\Z")


def _channel(value: int) -> float:
    """One sRGB channel (0–255) linearised, as WCAG 2.1 defines it."""
    c = value / 255
    # 0.04045 is the sRGB standard's threshold; WCAG 2.1's text says 0.03928,
    # a leftover of an older draft that gives the same result for 8-bit values.
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The WCAG 2.1 relative luminance (0 for black, 1 for white) of ``#RRGGBB``."""
    if _HEX_COLOUR.fullmatch(colour) is None:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, from 1 to 21, either order."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(background: str, minimum: float = AA_NORMAL_TEXT) -> str:
    """White or black text for ``background``: white when it reaches
    ``minimum`` (the official icons' look), else black when black does,
    else whichever contrasts more.

    For the 4.5:1 of level AA one of the two always passes: the better of
    them reaches at least √21 ≈ 4.58 on any colour.
    """
    white = contrast_ratio(WHITE, background)
    if white >= minimum:
        return WHITE
    black = contrast_ratio(BLACK, background)
    return BLACK if black >= minimum or black > white else WHITE


@dataclass(frozen=True)
class Goal:
    """One SDG: number, official short names, official colour."""

    number: int
    name_ja: str
    name_en: str
    #: The official colour, ``#RRGGBB``.
    colour: str

    @property
    def key(self) -> str:
        """The value written in ``:sdgs:``: the number, e.g. ``"11"``."""
        return str(self.number)

    @property
    def text_colour(self) -> str:
        """The badge text colour on :attr:`colour`, with AA contrast."""
        return text_colour(self.colour)

    def name(self, japanese: bool) -> str:
        return self.name_ja if japanese else self.name_en


#: The 17 goals in order, exactly as in ``shared/sdgs.md``.
GOALS: tuple[Goal, ...] = (
    Goal(1, "貧困をなくそう", "No Poverty", "#E5243B"),
    Goal(2, "飢餓をゼロに", "Zero Hunger", "#DDA63A"),
    Goal(3, "すべての人に健康と福祉を", "Good Health and Well-being", "#4C9F38"),
    Goal(4, "質の高い教育をみんなに", "Quality Education", "#C5192D"),
    Goal(5, "ジェンダー平等を実現しよう", "Gender Equality", "#FF3A21"),
    Goal(6, "安全な水とトイレを世界中に", "Clean Water and Sanitation", "#26BDE2"),
    Goal(
        7,
        "エネルギーをみんなに そしてクリーンに",
        "Affordable and Clean Energy",
        "#FCC30B",
    ),
    Goal(8, "働きがいも経済成長も", "Decent Work and Economic Growth", "#A21942"),
    Goal(
        9,
        "産業と技術革新の基盤をつくろう",
        "Industry, Innovation and Infrastructure",
        "#FD6925",
    ),
    Goal(10, "人や国の不平等をなくそう", "Reduced Inequalities", "#DD1367"),
    Goal(
        11,
        "住み続けられるまちづくりを",
        "Sustainable Cities and Communities",
        "#FD9D24",
    ),
    Goal(
        12,
        "つくる責任 つかう責任",
        "Responsible Consumption and Production",
        "#BF8B2E",
    ),
    Goal(13, "気候変動に具体的な対策を", "Climate Action", "#3F7E44"),
    Goal(14, "海の豊かさを守ろう", "Life Below Water", "#0A97D9"),
    Goal(15, "陸の豊かさも守ろう", "Life on Land", "#56C02B"),
    Goal(
        16,
        "平和と公正をすべての人に",
        "Peace, Justice and Strong Institutions",
        "#00689D",
    ),
    Goal(
        17,
        "パートナーシップで目標を達成しよう",
        "Partnerships for the Goals",
        "#19486A",
    ),
)

GOALS_BY_KEY: MappingProxyType[str, Goal] = MappingProxyType(
    {goal.key: goal for goal in GOALS}
)

#: The 169 targets of the 2030 Agenda, per goal: how many numbered targets
#: (``11.1``–``11.7``) and the last lettered one (``11.a``–``11.c``; ``""``
#: when the goal has none). Goal 17's targets are all numbered.
TARGETS: MappingProxyType[int, tuple[int, str]] = MappingProxyType(
    {
        1: (5, "b"),
        2: (5, "c"),
        3: (9, "d"),
        4: (7, "c"),
        5: (6, "c"),
        6: (6, "b"),
        7: (3, "b"),
        8: (10, "b"),
        9: (5, "c"),
        10: (7, "c"),
        11: (7, "c"),
        12: (8, "c"),
        13: (3, "b"),
        14: (7, "c"),
        15: (9, "c"),
        16: (10, "b"),
        17: (19, ""),
    }
)

_TARGET = re.compile(r"\A(?P<goal>[0-9]{1,2})\.(?P<target>[0-9]{1,2}|[a-z])\Z")


def parse_target(text: str) -> tuple[Goal, str] | None:
    """``(goal, target)`` for a target such as ``"11.2"`` or ``"11.a"``
    (already NFKC-normalised; a capital letter is accepted), or ``None``
    when ``text`` does not have the shape of a target at all.

    A target of the right shape that the goal does not have (``"11.9"``)
    raises :class:`LookupError` with the goal, so the caller can keep the
    goal and say which targets exist.
    """
    match = _TARGET.fullmatch(text.lower())
    if match is None:
        return None
    goal = GOALS_BY_KEY.get(str(int(match["goal"])))
    if goal is None:
        return None
    numbered, last_letter = TARGETS[goal.number]
    part = match["target"]
    if part.isdigit():
        valid = 1 <= int(part) <= numbered
        part = str(int(part))  # "11.02" is 11.2
    else:
        valid = bool(last_letter) and "a" <= part <= last_letter
    if not valid:
        raise LookupError(goal)
    return goal, f"{goal.number}.{part}"


def target_range(goal: Goal) -> str:
    """The targets of ``goal`` for a message: ``"11.1–11.7, 11.a–11.c"``."""
    numbered, last_letter = TARGETS[goal.number]
    text = f"{goal.number}.1–{goal.number}.{numbered}"
    if last_letter:
        text += f", {goal.number}.a–{goal.number}.{last_letter}"
    return text


def target_sort_key(target: str) -> tuple[int, int, int]:
    """Sort targets as the 2030 Agenda lists them: by goal, numbered targets
    before lettered ones (``11.7`` before ``11.a``, ``11.2`` before ``11.10``)."""
    goal, _dot, part = target.partition(".")
    if part.isdigit():
        return int(goal), 0, int(part)
    return int(goal), 1, ord(part)
