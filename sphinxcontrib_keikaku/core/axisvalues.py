"""Axis values on plan objects: reading ``:sdgs: 11, 13`` and showing badges.

:func:`parse_axis_values` reads an option value of an axis declared in
``keikaku_axes`` (:mod:`sphinxcontrib_keikaku.core.axes`) into
:class:`AxisValues`, with an :class:`AxisProblem` for each value it cannot
read, which the glue reports as ``value`` at the object's file:line; the
values it can read are kept, so one typo does not hide an object from the
axis tables. :func:`badges` gives what each object's block shows.

Pure: no Sphinx, only the message catalog.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sphinxcontrib_keikaku.core.axes import Axis
from sphinxcontrib_keikaku.core.i18n import _, message
from sphinxcontrib_keikaku.core.sdgs import (
    GOALS,
    Goal,
    parse_target,
    target_range,
    target_sort_key,
)
from sphinxcontrib_keikaku.core.values import normalize

__all__ = [
    "AxisProblem",
    "AxisValues",
    "Badge",
    "badges",
    "field_name",
    "need_fields",
    "parse_axis_values",
]

# Commas (full-width ones are folded by NFKC), 、 and ; separate values.
_LIST_SEPARATORS = re.compile(r"[,、;]+")
#: At most this many values are listed in a message, so that an axis of 50
#: 重点プロジェクト does not bury the sentence.
_LISTED = 20

# --- values on objects -----------------------------------------------------


@dataclass(frozen=True)
class AxisValues:
    """The values of one object on one axis."""

    #: Keys of the axis, in declared order, each once.
    keys: tuple[str, ...] = ()
    #: SDG targets named (``"11.2"``), in the 2030 Agenda's order; their goals
    #: are in :attr:`keys`.
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class AxisProblem:
    """A value that could not be read; the caller reports it as ``value``."""

    #: The value as found in the option (NFKC-normalised).
    value: str
    #: A complete sentence for the author.
    message: str
    #: The nearest valid key, if any.
    hint: str | None = None


def parse_axis_values(
    axis: Axis, text: str
) -> tuple[AxisValues, tuple[AxisProblem, ...]]:
    """Read the option ``text`` (``"11, 13"``, ``"P1、P2"``, full-width
    digits) into the keys of ``axis``; a problem for each value that is not
    one, while the others are kept.

    A key that differs from one only in case counts as it (``p1`` is
    ``P1``) when no other key matches. On the ``sdgs`` axis, ``"07"`` is goal
    7, and a target (``11.2``, ``11.a``) counts under its goal and is kept in
    :attr:`AxisValues.targets`; a target the goal does not have is reported,
    and its goal still counts.
    """
    found: set[str] = set()
    targets: set[str] = set()
    problems: list[AxisProblem] = []
    for chunk in _LIST_SEPARATORS.split(normalize(text)):
        # Keys hold no spaces, so "11 13" is two values; but a label typed
        # instead of a key ("Climate Action") is reported whole.
        parts = chunk.split()
        unread = []
        for part in parts:
            key, target, problem = _read(axis, part)
            if key is None:
                unread.append(part)
                continue
            found.add(key)
            if target is not None:
                targets.add(target)
            if problem is not None:
                problems.append(problem)
        if len(parts) > 1 and unread and _near_label(axis, chunk.strip()):
            problems.append(_unknown(axis, chunk.strip()))
        else:
            problems.extend(_unknown(axis, part) for part in unread)
    keys = tuple(key for key in axis.keys if key in found)
    values = AxisValues(keys, tuple(sorted(targets, key=target_sort_key)))
    return values, tuple(problems)


def _read(axis: Axis, item: str) -> tuple[str | None, str | None, AxisProblem | None]:
    """``(key, SDG target, problem)`` for one value; ``key`` is ``None`` when
    the value is not one of the axis."""
    key = _match_key(axis, item)
    if key is not None or axis.builtin != "sdgs":
        return key, None, None
    try:
        parsed = parse_target(item)
    except LookupError as err:
        goal: Goal = err.args[0]
        return goal.key, None, _bad_target(axis, item, goal)
    if parsed is None:
        return None, None, None
    return parsed[0].key, parsed[1], None


def _is_number(item: str) -> bool:
    # Not str.isdigit: it is true of digits int() cannot read, such as
    # Kharosthi's, which NFKC leaves as they are.
    return item.isascii() and item.isdigit()


def _match_key(axis: Axis, item: str) -> str | None:
    keys = axis.keys
    if item in keys:
        return item
    if axis.builtin == "sdgs" and _is_number(item) and str(int(item)) in keys:
        return str(int(item))
    folded = [key for key in keys if key.casefold() == item.casefold()]
    return folded[0] if len(folded) == 1 else None


def _labels(axis: Axis) -> dict[str, str]:
    """Every label a reader might type instead of a key, casefolded → key."""
    labels = {label.casefold(): key for key, label in axis.values}
    if axis.builtin == "sdgs":
        for goal in GOALS:
            for name in (goal.name_ja, goal.name_en):
                labels.setdefault(normalize(name).casefold(), goal.key)
    return labels


def _nearest(axis: Axis, item: str) -> str | None:
    if axis.builtin == "sdgs":
        # "SDG11", "目標11", "Goal 11": the number is what was meant.
        number = re.fullmatch(r"\D*?0*([0-9]{1,2})", item)
        if number is not None and number[1] in axis.keys:
            return number[1]
        if _is_number(item):
            return None  # "18": no goal is "near" it
    # Keys are short ("P1"), so a lower cutoff than difflib's 0.6: "P3" is
    # one character from "P2".
    close = difflib.get_close_matches(item, axis.keys, n=1, cutoff=0.5)
    return close[0] if close else _near_label(axis, item)


def _near_label(axis: Axis, item: str) -> str | None:
    """The key of the label ``item`` is, or is close to."""
    labels = _labels(axis)
    close = difflib.get_close_matches(item.casefold(), labels, n=1, cutoff=0.6)
    return labels[close[0]] if close else None


def _unknown(axis: Axis, item: str) -> AxisProblem:
    key = _labels(axis).get(item.casefold())
    if key is not None:
        text = message(
            _(":%s: %r is a label; write its key, %r"),
            axis.name,
            item,
            key,
        )
        return AxisProblem(item, text, key)
    if axis.builtin == "sdgs" and _is_number(item):
        text = message(
            _(":%s: there is no goal %s; the goals are numbered 1–17"),
            axis.name,
            item,
        )
        return AxisProblem(item, text)
    hint = _nearest(axis, item)
    if hint is not None:
        text = message(
            _(":%s: %r is not a value of %s; did you mean %r? The values are: %s"),
            axis.name,
            item,
            axis.label,
            hint,
            _listing(axis),
        )
    else:
        text = message(
            _(":%s: %r is not a value of %s; the values are: %s"),
            axis.name,
            item,
            axis.label,
            _listing(axis),
        )
    return AxisProblem(item, text, hint)


def _listing(axis: Axis) -> str:
    keys = axis.keys
    listed = ", ".join(keys[:_LISTED])
    return listed + ", …" if len(keys) > _LISTED else listed


def _bad_target(axis: Axis, item: str, goal: Goal) -> AxisProblem:
    text = message(
        _(
            ":%s: goal %d has no target %r (its targets are %s); "
            "the value counts under goal %d"
        ),
        axis.name,
        goal.number,
        item,
        target_range(goal),
        goal.number,
    )
    return AxisProblem(item, text, goal.key)


# --- badges ----------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """What an object's block shows for one value of an axis."""

    key: str
    label: str
    #: ``#RRGGBB`` colours for an SDG (the goal's, and text with AA
    #: contrast on it); ``None`` for a custom axis, styled by the theme.
    background: str | None = None
    foreground: str | None = None
    #: The SDG targets named under this goal.
    targets: tuple[str, ...] = ()


def badges(axis: Axis, values: AxisValues) -> tuple[Badge, ...]:
    """One badge per value of ``values``, in declared order."""
    result = []
    for key in values.keys:
        goal = axis.goal(key)
        if goal is None:
            result.append(Badge(key, axis.label_of(key)))
            continue
        mine = tuple(t for t in values.targets if t.partition(".")[0] == key)
        result.append(
            Badge(key, axis.label_of(key), goal.colour, goal.text_colour, mine)
        )
    return tuple(result)


# --- sphinx-needs fields -----------------------------------------------------


def field_name(axis_name: str) -> str:
    """The sphinx-needs field of axis ``axis_name`` (as :attr:`Axis.field`):
    filter strings are Python expressions, where ``my-axis`` would subtract."""
    return axis_name.replace("-", "_")


def need_fields(axes: Mapping[str, AxisValues]) -> dict[str, list[str]]:
    """An object's axis values as sphinx-needs fields: per axis, its keys in
    declared order, then the SDG targets named, so that both ``"11" in sdgs``
    and ``"11.2" in sdgs`` hold in a filter string."""
    return {
        field_name(name): [*values.keys, *values.targets]
        for name, values in axes.items()
        if values.keys
    }
