"""The evaluation settings: their types, defaults and normalisers.

Pure (no Sphinx state); ``sphinxext/config.py`` declares the ``keikaku_*``
settings from the constants and functions here.

Settings
========

Each setting has a ``DEFAULT_*`` constant and a ``normalise_*`` function that
returns the canonical value or raises :class:`ValueError` naming what is
allowed; ``config.py`` declares the settings from them.

``keikaku_achievement`` (:func:`normalise_achievement`)
    ``"gap"`` (default): (actual − baseline) ÷ (target − baseline) × 100,
    which works for higher- and lower-is-better alike. ``"ratio"``:
    actual ÷ target × 100, or target ÷ actual × 100 for ``down``.
``keikaku_evaluation_basis`` (:func:`normalise_basis`)
    ``"final"`` (default): the latest actual against the final target (the
    target of the last year given). A fiscal year *N* (``2025``, ``"R7"``…):
    the latest actual of a year ≤ *N* against the target of year *N*; with
    no target for *N*, the first target after *N* (the milestone being worked
    towards), and with none after *N* either, the final target.
    ``"prorated"``: the latest actual against the target prorated linearly
    from the baseline (year, value) to the final target (year, value) at the
    actual's year, clamped to the baseline before the baseline year and to
    the final target from the final year on. Without a numeric baseline, or
    with a baseline year not before the final year, it is the final target.
``keikaku_grades`` (:func:`normalise_grades`)
    ``(label, minimum rate in %)`` pairs from best to worst, the last with
    minimum ``None`` (it takes every rate below the others), as a list or a
    dict: ``{"◎": 100, "○": 80, "△": 50, "×": None}``. At least two grades,
    non-empty unique labels other than ``−``, finite minimums, strictly
    decreasing. A rate is graded as it is shown, i.e. rounded half-up to one
    decimal (:func:`~.grades.round_rate`), so a table never shows ``80.0%`` beside the
    grade for "below 80".
``keikaku_rollup`` (:func:`normalise_rollup`)
    How a measure's grade follows from its indicators' (indicators that are
    not evaluable are ignored; with none evaluable it is ``−``):
    ``"points"`` (default): of *n* grades the best is worth *n* points and
    the worst 1; the measure gets the grade whose points are nearest the
    mean, a mean exactly between two grades going to the better one (the
    mean rounded half-up). ``"worst"``: the worst grade. ``"mean-rate"``:
    the grade of the arithmetic mean of the rates.
``keikaku_progress`` (:func:`normalise_progress`)
    The levels of progress against the schedule (順調か), in the form of
    ``keikaku_grades``: ``{"順調": 100, "やや遅れ": 80, "遅れ": None}`` by
    default in a Japanese project, ``on_track`` / ``slightly_behind`` /
    ``behind`` in any other (:data:`DEFAULT_PROGRESS`); see
    :mod:`~sphinxcontrib_keikaku.core.progress`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    normalize,
    parse_fiscal_year,
)

__all__ = [
    "ACHIEVEMENT_METHODS",
    "DEFAULT_ACHIEVEMENT",
    "DEFAULT_BASIS",
    "DEFAULT_GRADES",
    "DEFAULT_PROGRESS",
    "DEFAULT_PROGRESS_JA",
    "DEFAULT_ROLLUP",
    "EVALUATION_BASES",
    "NOT_EVALUABLE",
    "ROLLUP_RULES",
    "Achievement",
    "Basis",
    "Grades",
    "GradesInput",
    "Method",
    "NormalisedGrades",
    "RollupRule",
    "normalise_achievement",
    "normalise_basis",
    "normalise_grades",
    "normalise_progress",
    "normalise_rollup",
]

#: The grade of an indicator or measure that cannot be evaluated (U+2212).
NOT_EVALUABLE = "\u2212"

#: The ``keikaku_achievement`` setting.
Achievement = Literal["gap", "ratio"]
#: The ``keikaku_evaluation_basis`` setting: a keyword or a fiscal year.
Basis = Literal["final", "prorated"] | int
#: The ``keikaku_rollup`` setting.
RollupRule = Literal["points", "worst", "mean-rate"]
#: The method actually used for one indicator.
Method = Literal["gap", "ratio", "qualitative", "keep"]
#: Normalised grades: ``(label, minimum rate in %)``, best first, last ``None``.
Grades = tuple[tuple[str, float | None], ...]
#: What the grade functions accept; it is normalised by :func:`normalise_grades`.
GradesInput = Mapping[str, float | None] | Sequence[tuple[str, float | None]]

ACHIEVEMENT_METHODS: tuple[Achievement, ...] = ("gap", "ratio")
EVALUATION_BASES: tuple[Literal["final", "prorated"], ...] = ("final", "prorated")
ROLLUP_RULES: tuple[RollupRule, ...] = ("points", "worst", "mean-rate")

DEFAULT_ACHIEVEMENT: Achievement = "gap"
DEFAULT_BASIS: Basis = "final"


class NormalisedGrades(tuple[tuple[str, float | None], ...]):
    """Grades :func:`normalise_grades` has checked and returned.

    Given to it again, they come back as they are: every indicator's
    evaluation and every roll-up asks for the grades, thousands of times a
    build, and checking them again each time is a measurable share of an
    edit build.
    """

    __slots__ = ()


DEFAULT_GRADES: Grades = NormalisedGrades(
    (("A", 100.0), ("B", 80.0), ("C", 50.0), ("D", None))
)
DEFAULT_ROLLUP: RollupRule = "points"
#: ``keikaku_progress``: the labels are the plan's own words in a Japanese
#: project; elsewhere they are keys that every page shows translated
#: ("On track"; see :func:`.progress.progress_text`).
DEFAULT_PROGRESS: Grades = NormalisedGrades(
    (("on_track", 100.0), ("slightly_behind", 80.0), ("behind", None))
)
DEFAULT_PROGRESS_JA: Grades = NormalisedGrades(
    (("順調", 100.0), ("やや遅れ", 80.0), ("遅れ", None))
)

# The year range the value parsers accept, so a year basis cannot name a
# year no plan value can have.
_MIN_YEAR = 1900
_MAX_YEAR = 2200


def normalise_achievement(value: object) -> Achievement:
    """Return ``"gap"`` or ``"ratio"`` for ``keikaku_achievement``."""
    if isinstance(value, str):
        key = normalize(value).lower()
        for method in ACHIEVEMENT_METHODS:
            if key == method:
                return method
    raise ValueError(
        _text(
            _(
                "%r is not an achievement method: use 'gap' "
                "((actual − baseline) ÷ (target − baseline)) or 'ratio' "
                "(actual ÷ target)"
            ),
            value,
        )
    )


def normalise_basis(value: object) -> Basis:
    """Return ``"final"``, ``"prorated"`` or a fiscal year (``int``) for
    ``keikaku_evaluation_basis``; a year may be written ``2025``, ``"FY2025"``
    or ``"R7"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if _MIN_YEAR <= value <= _MAX_YEAR:
            return value
    elif isinstance(value, str):
        key = normalize(value).lower()
        for basis in EVALUATION_BASES:
            if key == basis:
                return basis
        try:
            return parse_fiscal_year(value)
        except PlanValueError:
            pass
    raise ValueError(
        _text(
            _(
                "%r is not an evaluation basis: use 'final' (latest actual "
                "against the final target), 'prorated' (against the target "
                "prorated to the actual's year) or a fiscal year between %d "
                "and %d such as 2025 or 'R7'"
            ),
            value,
            _MIN_YEAR,
            _MAX_YEAR,
        )
    )


def normalise_rollup(value: object) -> RollupRule:
    """Return ``"points"``, ``"worst"`` or ``"mean-rate"`` for ``keikaku_rollup``."""
    if isinstance(value, str):
        key = normalize(value).lower()
        for rule in ROLLUP_RULES:
            if key == rule:
                return rule
    raise ValueError(
        _text(
            _(
                "%r is not a roll-up rule: use 'points' (the grade nearest the "
                "mean of the grades), 'worst' (the lowest grade) or "
                "'mean-rate' (the grade of the mean rate)"
            ),
            value,
        )
    )


_GRADES_EXAMPLE = "[('A', 100), ('B', 80), ('C', 50), ('D', None)]"
_PROGRESS_EXAMPLE = "{'順調': 100, 'やや遅れ': 80, '遅れ': None}"


def normalise_progress(value: object) -> Grades:
    """Return ``keikaku_progress`` as ``(label, minimum)`` pairs: the rules
    of :func:`normalise_grades`, with an example of progress levels in the
    messages.

    >>> normalise_progress({"順調": 100, "やや遅れ": 80, "遅れ": None})
    (('順調', 100.0), ('やや遅れ', 80.0), ('遅れ', None))
    """
    return normalise_grades(value, example=_PROGRESS_EXAMPLE)


def normalise_grades(value: object, *, example: str = _GRADES_EXAMPLE) -> Grades:
    """Return ``keikaku_grades`` as a tuple of ``(label, minimum)`` pairs.

    Accepts a list or tuple of pairs, or a dict (in its order). Labels are
    stripped; minimums become ``float``. *example* is the value the
    messages show as the form to follow.
    """
    if type(value) is NormalisedGrades:
        return value
    pairs: list[tuple[object, object]] = []
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, (list, tuple)):
        for item in value:
            if not (isinstance(item, (list, tuple)) and len(item) == 2):
                raise ValueError(
                    _text(
                        _(
                            "each grade must be a (label, minimum rate in %%) "
                            "pair such as ('A', 100), not %r"
                        ),
                        item,
                    )
                )
            pairs.append((item[0], item[1]))
    else:
        raise ValueError(
            _text(
                _(
                    "write the grades from best to worst as (label, minimum "
                    "rate in %%) pairs, the last with minimum None, such as %s, "
                    "or as a dict in that order"
                ),
                example,
            )
        )
    if len(pairs) < 2:
        raise ValueError(
            _text(
                _("give at least two grades, the last with minimum None, such as %s"),
                example,
            )
        )
    result: list[tuple[str, float | None]] = []
    previous: tuple[str, float] | None = None
    for index, (raw_label, minimum) in enumerate(pairs):
        if not isinstance(raw_label, str) or not raw_label.strip():
            raise ValueError(
                _text(
                    _(
                        "grade labels must be non-empty texts such as 'A' or '◎', not %r"
                    ),
                    raw_label,
                )
            )
        label = raw_label.strip()
        if label == NOT_EVALUABLE:
            raise ValueError(
                _text(
                    _(
                        "%r is reserved for indicators that cannot be "
                        "evaluated: choose another grade label"
                    ),
                    label,
                )
            )
        if any(label == seen for seen, _minimum in result):
            raise ValueError(
                _text(_("grade %r is given twice: give each label once"), label)
            )
        last = index == len(pairs) - 1
        if minimum is None:
            if not last:
                raise ValueError(
                    _text(
                        _(
                            "only the last grade may have no minimum (None), "
                            "but %r has none and is not last"
                        ),
                        label,
                    )
                )
            result.append((label, None))
            continue
        if last:
            raise ValueError(
                _text(
                    _(
                        "the last grade %r must have minimum None, so that "
                        "every rate below the other grades gets it"
                    ),
                    label,
                )
            )
        if isinstance(minimum, bool) or not isinstance(minimum, (int, float, Decimal)):
            raise ValueError(
                _text(
                    _(
                        "the minimum of grade %r must be a rate in %% such as "
                        "80, or None for the last grade, not %r"
                    ),
                    label,
                    minimum,
                )
            )
        try:
            number = float(minimum)
        except (OverflowError, ValueError):  # a huge int, a signalling NaN
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(
                _text(
                    _("the minimum of grade %r must be a finite number, not %r"),
                    label,
                    minimum,
                )
            )
        if previous is not None and number >= previous[1]:
            raise ValueError(
                _text(
                    _(
                        "grade minimums must decrease strictly from the best "
                        "grade to the worst, but %r (%s) is not below %r (%s)"
                    ),
                    label,
                    format(number, "g"),
                    previous[0],
                    format(previous[1], "g"),
                )
            )
        previous = (label, number)
        result.append((label, number))
    return NormalisedGrades(result)
