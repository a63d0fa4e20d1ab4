"""The rules on evaluation records, and how messages name a record.

:func:`check_records` runs the rules (``orphan``, ``unknown-id``,
``value``, ``duplicate-id``, ``period``, ``unevaluated``) on the records of
a plan against the settings in force; :func:`describe_record` names a
record in a message by its title (never by a derived id such as
``M1~2024-1``), in the plan's year style. Pure: no Sphinx.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence

from sphinxcontrib_keikaku.core.checks import period_of
from sphinxcontrib_keikaku.core.evaluation_records import (
    RECORD_ID_MARK,
    STAGES_KEY,
    nearest_hint,
)
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Measure,
    Plan,
    PlanObject,
)
from sphinxcontrib_keikaku.core.naming import describe_object, kind_noun
from sphinxcontrib_keikaku.core.records import location_text
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.years import (
    YearStyle,
    format_fiscal_year,
    format_period,
)


def describe_record(
    record: EvaluationRecord,
    *,
    style: YearStyle = "western",
    language: str | None = None,
) -> str:
    """How messages name *record*: by its id and title when the id was
    written; by its title alone when the id was derived (``M1~2024-1`` is
    the machine's, not the author's), and when the title was derived too,
    as "M1 令和6年度 一次評価" in the plan's year style.

    >>> r = EvaluationRecord("M1~2024-1", "M1 2024年度 一次評価", "", 1,
    ...                      of="M1", year=2024, stage="一次評価")
    >>> describe_record(r, style="era", language="ja").endswith('"M1 令和6年度 一次評価"')
    True
    """
    if record.id and RECORD_ID_MARK not in record.id:
        return describe_object(record.kind, record.id, record.title)
    title = record.title
    if record.of and record.year is not None:
        derived = f"{record.of} {format_fiscal_year(record.year, language=language)}"
        if title.startswith(derived) or title == _("Evaluation record"):
            year = format_fiscal_year(record.year, style=style, language=language)
            title = " ".join(filter(None, (record.of, year, record.stage)))
    return describe_object(record.kind, "", title)


def _finding(
    rule: Rule, record: EvaluationRecord, message: str, option: str = ""
) -> Finding:
    """A finding of *record*, at the line of its *option* when given."""
    line = record.line_of(option) if option else record.lineno
    if record.path:
        if record.sheet:
            # file:line cannot say which sheet of a workbook
            message = f"{location_text(record.path, record.sheet, line)}: {message}"
        return Finding(rule, message, None, line, record.id or None, path=record.path)
    return Finding(rule, message, record.docname, line, record.id or None)


def _place(record: PlanObject) -> str:
    if isinstance(record, EvaluationRecord) and record.path:
        return location_text(record.path, record.sheet or None, record.lineno)
    return _msg(_("document %s, line %d"), record.docname, record.lineno)


def check_records(
    plan: Plan,
    records: Sequence[EvaluationRecord],
    *,
    grades: Sequence[str],
    directions: Sequence[str],
    stages: Sequence[str],
    period: tuple[int, int] | None = None,
    style: YearStyle = "western",
    language: str | None = None,
) -> list[Finding]:
    """Every finding of the rules on *records* (all of them, duplicates and
    records without an id included) against the current settings; records
    are named in the plan's year *style* and *language*, and a record of a
    fiscal year outside the plan *period* (or the evaluated object's own
    ``:period:``) is a ``period`` warning."""
    plan.cache[STAGES_KEY] = tuple(stages)
    plan.cache.pop(("evaluation_records",), None)

    def name(record: EvaluationRecord) -> str:
        return describe_record(record, style=style, language=language)

    def year_text(year: int) -> str:
        return format_fiscal_year(year, style=style, language=language)

    findings: list[Finding] = []
    for record in records:
        findings.extend(_check_record(plan, record, grades, directions, name))
        target = plan.objects.get(record.of)
        own = period if target is None else period_of(plan, target, period)
        if own is not None:
            findings.extend(_check_year(record, own, name, style, language))
    findings.extend(_check_triples(plan, records, name, year_text))
    if period is not None:
        # a record outside the period is reported above, not asked of the
        # other measures too
        records = [
            r for r in records if r.year is None or period[0] <= r.year <= period[1]
        ]
    findings.extend(check_unevaluated(plan, records, year_text))
    return findings


def _check_year(
    record: EvaluationRecord,
    period: tuple[int, int],
    name: Callable[[EvaluationRecord], str],
    style: YearStyle,
    language: str | None,
) -> Iterator[Finding]:
    """``period``: a record evaluates a fiscal year of the plan period; one
    after it (令和16年度 for 令和6年度) would be published as if evaluated."""
    start, end = period
    if record.year is None or start <= record.year <= end:
        return
    yield _finding(
        Rule.PERIOD,
        record,
        _msg(
            _(
                "%s is for %s, outside the plan period %s: correct the year "
                "(or keikaku_plan_period)"
            ),
            name(record),
            format_fiscal_year(record.year, style=style, language=language),
            format_period(start, end, style=style, language=language),
        ),
        "year",
    )


def _check_record(
    plan: Plan,
    record: EvaluationRecord,
    grades: Sequence[str],
    directions: Sequence[str],
    name: Callable[[EvaluationRecord], str],
) -> Iterator[Finding]:
    if not record.of:
        yield _finding(
            Rule.ORPHAN,
            record,
            _(
                "%s evaluates nothing; add :of: naming the measure or budget "
                "link it evaluates, such as %s"
            )
            % (name(record), _some(plan)),
        )
    else:
        target = plan.objects.get(record.of)
        if target is None:
            candidates = [o.id for o in _evaluable(plan)]
            same = [c for c in candidates if c.casefold() == record.of.casefold()]
            close = same or difflib.get_close_matches(record.of, candidates, n=1)
            hint = (
                _("did you mean %s?") % close[0]
                if close
                else _("use one of %s") % _some(plan)
            )
            yield _finding(
                Rule.UNKNOWN_ID,
                record,
                _(":of: of %s names %s, which does not exist; %s")
                % (name(record), record.of, hint),
                "of",
            )
        elif not isinstance(target, (Measure, BudgetLink)):
            yield _finding(
                Rule.UNKNOWN_ID,
                record,
                _(":of: of %s names %s, which is %s; name a measure or a budget link")
                % (name(record), record.of, kind_noun(target.kind)),
                "of",
            )
    if record.grade and record.grade not in grades and record.grade != "−":
        yield _finding(
            Rule.VALUE,
            record,
            _(":grade: of %s cannot be read: %s")
            % (
                name(record),
                _msg(
                    _("%r is not a grade of keikaku_grades: %s"),
                    record.grade,
                    nearest_hint(record.grade, grades),
                ),
            ),
            "grade",
        )
    if record.direction and record.direction not in directions:
        yield _finding(
            Rule.VALUE,
            record,
            _(":direction: of %s cannot be read: %s")
            % (
                name(record),
                _msg(
                    _("%r is not a direction of keikaku_directions: %s"),
                    record.direction,
                    nearest_hint(record.direction, directions),
                ),
            ),
            "direction",
        )


def _evaluable(plan: Plan) -> list[PlanObject]:
    return [*plan.of_kind(Measure), *plan.of_kind(BudgetLink)]


def _some(plan: Plan) -> str:
    ids = [o.id for o in _evaluable(plan)]
    return ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "") if ids else "M1"


def _triple(record: EvaluationRecord) -> tuple[str, int | None, str]:
    return record.of, record.year, record.stage


def _check_triples(
    plan: Plan,
    records: Sequence[EvaluationRecord],
    name: Callable[[EvaluationRecord], str],
    year_text: Callable[[int], str],
) -> Iterator[Finding]:
    """``duplicate-id``: one record per id and per (of, year, stage).

    Records sharing an id are reported here, not by the plan-wide check
    (:func:`.hooks` drops its findings for them), so that a record read from
    a sheet is named by its file and row."""
    for record in plan.duplicates:
        if not isinstance(record, EvaluationRecord):
            continue
        held = plan.objects[record.id]
        if isinstance(held, EvaluationRecord) and _triple(held) == _triple(record):
            continue  # reported below, as the same evaluation given twice
        yield _finding(
            Rule.DUPLICATE_ID,
            record,
            _("the id %s of %s is already used by %s (%s); give one of them another id")
            % (
                record.id,
                name(record),
                describe_object(held.kind, held.id, held.title),
                _place(held),
            ),
        )
    first: dict[tuple[str, int, str], EvaluationRecord] = {}
    for record in sorted(records, key=lambda r: (r.docname, r.lineno, r.path)):
        if not record.of or record.year is None:
            continue
        key = (record.of, record.year, record.stage)
        held = first.setdefault(key, record)
        if held is record:
            continue
        yield _finding(
            Rule.DUPLICATE_ID,
            record,
            _(
                "%s evaluates %s for the same fiscal year (%s) and stage (%s) as "
                "%s (%s); keep one record per year and stage, or give one of "
                "them another :year: or :stage:"
            )
            % (
                name(record),
                record.of,
                year_text(record.year),
                record.stage,
                name(held),
                _place(held),
            ),
        )


def duplicated_record_ids(plan: Plan) -> set[str]:
    """Ids that records share: :func:`check_records` reports them."""
    return {r.id for r in plan.duplicates if isinstance(r, EvaluationRecord)}


def check_unevaluated(
    plan: Plan,
    records: Sequence[EvaluationRecord],
    year_text: Callable[[int], str] = format_fiscal_year,
) -> Iterator[Finding]:
    """``unevaluated``: a measure without a record for a fiscal year in which
    other measures have records (the year shown by *year_text*)."""
    by_year: dict[int, set[str]] = {}
    for record in records:
        if record.year is not None and plan.get(record.of, Measure) is not None:
            by_year.setdefault(record.year, set()).add(record.of)
    for year in sorted(by_year):
        evaluated = by_year[year]
        for measure in plan.of_kind(Measure):
            if measure.id in evaluated:
                continue
            yield Finding(
                Rule.UNEVALUATED,
                _(
                    "%s has no evaluation record for %s, for which %d other "
                    "measure(s) have one; add an evaluation with ':of: %s' and "
                    "':year: %d'"
                )
                % (
                    describe_object(measure.kind, measure.id, measure.title),
                    year_text(year),
                    len(evaluated),
                    measure.id,
                    year,
                ),
                measure.docname,
                measure.lineno,
                measure.id,
            )
