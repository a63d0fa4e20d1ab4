"""Rates as shown, grades, and their roll-up to measures and visions.

Pure (no Sphinx state). A rate is shown and graded rounded half-up to one
decimal (:func:`round_rate`); :func:`rollup` turns indicators' evaluations
(or grade labels) into a measure's grade, and :func:`grade_distribution`
counts grades for the tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_GRADES,
    DEFAULT_ROLLUP,
    NOT_EVALUABLE,
    Grades,
    GradesInput,
    RollupRule,
    normalise_grades,
    normalise_rollup,
)
from sphinxcontrib_keikaku.core.values import format_number

if TYPE_CHECKING:
    # Only a type here: evaluation.py imports this module, and an item that
    # is not a label is taken as an Evaluation.
    from sphinxcontrib_keikaku.core.evaluation import Evaluation

__all__ = [
    "format_rate",
    "grade_distribution",
    "grade_for",
    "mean_rate",
    "rollup",
    "round_rate",
]


def round_rate(rate: float | None) -> Decimal | None:
    """``rate`` rounded half-up to one decimal, as shown and graded; ``None``
    for ``None`` or a non-finite rate."""
    if rate is None or not math.isfinite(rate):
        return None
    # repr() gives the shortest decimal that is this float, so 12.25 rounds
    # to 12.3 as a reader expects, not by the binary value behind it.
    exact = Decimal(repr(rate))
    context = Context(prec=max(28, exact.adjusted() + 4), rounding=ROUND_HALF_UP)
    shown = exact.quantize(Decimal("0.1"), context=context)
    return shown.copy_abs() if shown.is_zero() else shown


def format_rate(rate: float | None) -> str:
    """``618.6%``: one decimal, half-up, thousands separators; ``−`` for none."""
    shown = round_rate(rate)
    if shown is None:
        return NOT_EVALUABLE
    return format_number(shown) + "%"


def grade_for(rate: float | None, grades: GradesInput = DEFAULT_GRADES) -> str:
    """The grade of ``rate`` (graded as shown, see :func:`round_rate`), or
    :data:`NOT_EVALUABLE` for ``None``."""
    table = normalise_grades(grades)
    shown = round_rate(rate)
    if shown is None:
        return NOT_EVALUABLE
    for label, minimum in table:
        if minimum is None or shown >= Decimal(repr(minimum)):
            return label
    return table[-1][0]  # pragma: no cover - the last grade has no minimum


def mean_rate(evaluations: Iterable[Evaluation]) -> float | None:
    """The arithmetic mean of the evaluable rates, or ``None`` if there are none."""
    rates = [e.rate for e in evaluations if e.rate is not None]
    return math.fsum(rates) / len(rates) if rates else None


def _label_of(item: Evaluation | str) -> str:
    return item if isinstance(item, str) else item.grade


def _unknown(label: str, table: Grades) -> ValueError:
    return ValueError(
        _text(
            _("%r is not a grade: the grades are %s"),
            label,
            ", ".join([label for label, _minimum in table] + [NOT_EVALUABLE]),
        )
    )


def rollup(
    items: Iterable[Evaluation | str],
    *,
    rule: RollupRule = DEFAULT_ROLLUP,
    grades: GradesInput = DEFAULT_GRADES,
) -> str:
    """The grade of a measure from its indicators' evaluations (or grades).

    ``"points"`` and ``"worst"`` accept grade labels, so measures' grades
    can be rolled up to a goal the same way; ``"mean-rate"`` needs
    :class:`Evaluation` objects (a label has no rate) and raises
    :class:`ValueError` for any label other than ``−``. An unknown label
    also raises :class:`ValueError`: it means the grades changed between
    evaluating and rolling up.
    """
    rule = normalise_rollup(rule)
    table = normalise_grades(grades)
    if rule == "mean-rate":
        evaluations: list[Evaluation] = []
        for item in items:
            if not isinstance(item, str):
                evaluations.append(item)
            elif item != NOT_EVALUABLE:
                raise ValueError(
                    _text(
                        _(
                            "the mean-rate roll-up needs evaluations with "
                            "rates, not the grade %r"
                        ),
                        item,
                    )
                )
        return grade_for(mean_rate(evaluations), table)
    labels = [label for label, _minimum in table]
    ranks: list[int] = []
    for item in items:
        label = _label_of(item)
        if label == NOT_EVALUABLE:
            continue
        if label not in labels:
            raise _unknown(label, table)
        ranks.append(labels.index(label))
    if not ranks:
        return NOT_EVALUABLE
    if rule == "worst":
        return labels[max(ranks)]
    n = len(labels)
    mean = Fraction(sum(n - rank for rank in ranks), len(ranks))
    # The nearest whole number of points, a tie (x.5) going up: the better grade.
    points = math.floor(mean + Fraction(1, 2))
    return labels[n - points]


def grade_distribution(
    items: Iterable[Evaluation | str], grades: GradesInput = DEFAULT_GRADES
) -> dict[str, int]:
    """How many of ``items`` have each grade: every label in grade order, then
    :data:`NOT_EVALUABLE`, zeros included."""
    table = normalise_grades(grades)
    counts = dict.fromkeys([label for label, _minimum in table], 0)
    counts[NOT_EVALUABLE] = 0
    for item in items:
        label = _label_of(item)
        if label not in counts:
            raise _unknown(label, table)
        counts[label] += 1
    return counts
