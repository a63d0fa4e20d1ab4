"""The plan evaluated as of a fiscal year: the evaluation year, and the
indicators measured in some years only (surveys).

Pure: no Sphinx state. See :mod:`.history` for the rules (its docstring
describes the evaluation year, how it combines with
``keikaku_evaluation_basis``, and ``:measured:``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sphinxcontrib_keikaku.core.checks import period_of
from sphinxcontrib_keikaku.core.evaluation import (
    DEFAULT_ACHIEVEMENT,
    DEFAULT_BASIS,
    DEFAULT_GRADES,
    DEFAULT_ROLLUP,
    NOT_EVALUABLE,
    Evaluation,
    evaluate_indicator,
    rollup,
)
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _text
from sphinxcontrib_keikaku.core.model import Indicator, Kind, Measure, Plan
from sphinxcontrib_keikaku.core.naming import describe_object
from sphinxcontrib_keikaku.core.records import DataRecord
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_PROGRESS,
    Achievement,
    Basis,
    GradesInput,
    RollupRule,
)
from sphinxcontrib_keikaku.core.texts import normalize
from sphinxcontrib_keikaku.core.values import PlanValueError, parse_fiscal_year
from sphinxcontrib_keikaku.core.years import (
    YearStyle,
    format_fiscal_year,
    format_period,
)

__all__ = [
    "DEFAULT_SCHEME",
    "Scheme",
    "YearEvaluation",
    "actuals_up_to",
    "basis_as_of",
    "check_actual_years",
    "check_measured",
    "evaluate_as_of",
    "evaluate_year",
    "evaluation_year",
    "is_measured",
    "later_actuals",
    "latest_actual_year",
    "parse_measured",
    "settings_conflict",
]


@dataclass(frozen=True, slots=True)
class Scheme:
    """The evaluation settings an as-of evaluation needs."""

    method: Achievement = DEFAULT_ACHIEVEMENT
    basis: Basis = DEFAULT_BASIS
    grades: GradesInput = DEFAULT_GRADES
    rollup: RollupRule = DEFAULT_ROLLUP
    #: ``keikaku_progress`` (see :mod:`.progress`).
    progress: GradesInput = DEFAULT_PROGRESS


#: The default settings (a module constant: a default argument is built once).
DEFAULT_SCHEME = Scheme()

_SEPARATORS = re.compile(r"[,、，;；\s]+")


def parse_measured(text: str) -> tuple[int, ...]:
    """The fiscal years of ``:measured:`` (``R6, R9``; any year spelling),
    sorted and distinct; raises :class:`PlanValueError`.

    >>> parse_measured("R6, 令和9年度")
    (2024, 2027)
    """
    pieces = [p for p in _SEPARATORS.split(normalize(text)) if p]
    if not pieces:
        raise PlanValueError(
            _text(_("write the fiscal years of the measurements, such as R6, R9"))
        )
    years: set[int] = set()
    for piece in pieces:
        years.add(parse_fiscal_year(piece))
    return tuple(sorted(years))


def is_measured(indicator: Indicator, year: int) -> bool:
    """Whether *indicator* is measured in fiscal *year* (an indicator without
    ``:measured:`` is measured every year)."""
    return not indicator.measured or year in indicator.measured


def latest_actual_year(plan: Plan) -> int | None:
    """The latest fiscal year in which any indicator has an actual."""
    return max(
        (year for i in plan.of_kind(Indicator) for year in i.actual), default=None
    )


def evaluation_year(plan: Plan, setting: int | None, basis: Basis) -> int | None:
    """The fiscal year *plan* is evaluated as of: ``keikaku_evaluation_year``,
    else a year basis, else the latest year with an actual (``None`` when
    the plan has no actual at all)."""
    if setting is not None:
        return setting
    if isinstance(basis, int):
        return basis
    return latest_actual_year(plan)


def basis_as_of(basis: Basis, year: int | None) -> Basis:
    """The basis of an evaluation as of *year*: a year basis ("that year's
    target") becomes *year*; ``final`` and ``prorated`` stay."""
    if isinstance(basis, int) and year is not None:
        return year
    return basis


def settings_conflict(setting: int | None, basis: Basis) -> bool:
    """Whether ``keikaku_evaluation_year`` and a year basis disagree."""
    return setting is not None and isinstance(basis, int) and basis != setting


def actuals_up_to(indicator: Indicator, year: int) -> Indicator:
    """*indicator* with the actuals of fiscal *year* and earlier only."""
    if all(y <= year for y in indicator.actual):
        return indicator
    actual = {y: v for y, v in indicator.actual.items() if y <= year}
    return dataclasses.replace(indicator, actual=actual, digest="")


def _measured_as_of(
    indicator: Indicator, year: int, scheme: Scheme
) -> tuple[Evaluation, Evaluation]:
    """The evaluation as of *year* and the one it would have without the
    survey rule (the last measured value's, carried forward)."""
    cut = actuals_up_to(indicator, year)
    computed = evaluate_indicator(
        cut,
        method=scheme.method,
        basis=basis_as_of(scheme.basis, year),
        grades=scheme.grades,
    )
    if is_measured(indicator, year):
        return computed, computed
    note = _text(_("not measured in this fiscal year (a survey)"))
    shown = dataclasses.replace(
        computed,
        rate=None,
        grade=NOT_EVALUABLE,
        measured=False,
        note=f"{note}; {computed.note}" if computed.note else note,
    )
    return shown, computed


def evaluate_as_of(
    indicator: Indicator, year: int | None, scheme: Scheme = DEFAULT_SCHEME
) -> Evaluation:
    """*indicator* evaluated as of fiscal *year*: actuals up to *year* only;
    in a year it is not measured (``:measured:``), not evaluable with
    ``measured=False``. ``None``: every actual, as :func:`evaluate_indicator`."""
    if year is None:
        return evaluate_indicator(
            indicator,
            method=scheme.method,
            basis=scheme.basis,
            grades=scheme.grades,
        )
    return _measured_as_of(indicator, year, scheme)[0]


@dataclass(frozen=True, slots=True)
class YearEvaluation:
    """The whole plan evaluated as of one fiscal year."""

    year: int | None
    evaluations: dict[str, Evaluation]
    #: The evaluation a survey indicator's last measurement gives, where it
    #: differs (an unmeasured year); for the history's carried grades.
    carried: dict[str, Evaluation]
    measure_grades: dict[str, str]


def evaluate_year(plan: Plan, year: int | None, scheme: Scheme) -> YearEvaluation:
    """Every indicator of *plan* as of *year*, and its measures' grades.

    Kept in ``plan.cache``: the history, ``plan-evaluation :year:`` and the
    exports ask for the same years.
    """
    key: tuple[object, ...] = (
        "history.year",
        year,
        scheme.method,
        scheme.basis,
        repr(scheme.grades),
        scheme.rollup,
    )
    cached = plan.cache.get(key)
    if isinstance(cached, YearEvaluation):
        return cached
    evaluations: dict[str, Evaluation] = {}
    carried: dict[str, Evaluation] = {}
    # An indicator evaluated as of two years with the same actuals up to
    # them, the same basis and the same measuring is evaluated the same:
    # the history's later years mostly repeat the last year with an actual.
    same = cast(
        "dict[tuple[object, ...], tuple[Evaluation, Evaluation]]",
        plan.cache.setdefault(("history.same", *key[2:]), {}),
    )
    for indicator in plan.of_kind(Indicator):
        if year is None:
            evaluations[indicator.id] = evaluate_as_of(indicator, None, scheme)
            continue
        latest = max((y for y in indicator.actual if y <= year), default=None)
        inputs = (
            indicator.id,
            latest,
            basis_as_of(scheme.basis, year),
            is_measured(indicator, year),
        )
        found = same.get(inputs)
        if found is None:
            found = same[inputs] = _measured_as_of(indicator, year, scheme)
        shown, computed = found
        evaluations[indicator.id] = shown
        if shown is not computed:
            carried[indicator.id] = computed
    grades = {
        measure.id: rollup(
            [evaluations[i.id] for i in plan.indicators_of(measure.id)],
            rule=scheme.rollup,
            grades=scheme.grades,
        )
        for measure in plan.of_kind(Measure)
    }
    result = YearEvaluation(year, evaluations, carried, grades)
    plan.cache[key] = result
    return result


def check_measured(plan: Plan) -> list[Finding]:
    """``keikaku.period``: an actual (written or from a data file) in a
    fiscal year that the indicator's ``:measured:`` does not list. As of that
    year the indicator would be *not measured* although a value is there:
    either the list or the year is wrong."""
    findings: list[Finding] = []
    for indicator in plan.of_kind(Indicator):
        if not indicator.measured:
            continue
        outside = sorted(y for y in indicator.actual if y not in indicator.measured)
        if not outside:
            continue
        findings.append(
            Finding(
                Rule.PERIOD,
                _text(
                    _(
                        "%s has actuals for fiscal year(s) %s, which :measured: "
                        "(%s) does not list, so they are not evaluated; add the "
                        "year to :measured: or correct the actual's year"
                    ),
                    describe_object(Kind.INDICATOR, indicator.id, indicator.title),
                    ", ".join(map(str, outside)),
                    ", ".join(map(str, indicator.measured)),
                ),
                indicator.docname,
                indicator.lineno,
                indicator.id,
            )
        )
    return findings


def check_actual_years(
    plan: Plan,
    period: tuple[int, int] | None,
    data: Iterable[DataRecord] = (),
    *,
    style: YearStyle = "western",
    language: str | None = None,
) -> list[Finding]:
    """``keikaku.period``: an actual after the plan *period* (or the
    indicator's or its measure's own ``:period:``), or before the
    indicator's baseline (a typing slip, 2031 for 2021, or a year in the
    wrong era). Such a value would move the year the plan is evaluated as
    of, so it is reported where it was written: at the data file's row
    (from *data*, the data files' records) or at the indicator."""
    rows = {(r.object_id, r.year): r for r in data if r.field == "actual"}
    findings: list[Finding] = []
    for indicator in plan.of_kind(Indicator):
        base = indicator.baseline[0] if indicator.baseline is not None else None
        own = period_of(plan, indicator, period)
        for year in indicator.actual:
            if own is not None and year > own[1]:
                text = _text(
                    _(
                        "%s has an actual for %s, after the plan period %s: "
                        "correct the year (or keikaku_plan_period)"
                    ),
                    describe_object(Kind.INDICATOR, indicator.id, indicator.title),
                    format_fiscal_year(year, style=style, language=language),
                    format_period(*own, style=style, language=language),
                )
            elif base is not None and year < base:
                text = _text(
                    _(
                        "%s has an actual for %s, before its baseline (%s): "
                        "correct the year"
                    ),
                    describe_object(Kind.INDICATOR, indicator.id, indicator.title),
                    format_fiscal_year(year, style=style, language=language),
                    format_fiscal_year(base, style=style, language=language),
                )
            else:
                continue
            row = rows.get((indicator.id, year))
            if row is None:
                findings.append(
                    Finding(
                        Rule.PERIOD,
                        text,
                        indicator.docname,
                        indicator.lineno,
                        indicator.id,
                    )
                )
            else:
                findings.append(
                    Finding(
                        Rule.PERIOD,
                        f"{row.location}: {text}",
                        path=row.path,
                        lineno=row.row,
                        object_id=indicator.id,
                    )
                )
    return findings


def later_actuals(plan: Plan, year: int) -> int:
    """How many actuals are dated after *year*: as of it, they are not
    counted yet."""
    return sum(
        1 for indicator in plan.of_kind(Indicator) for y in indicator.actual if y > year
    )
