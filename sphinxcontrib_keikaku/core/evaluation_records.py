"""Evaluation records (施策評価・事務事业評価): their settings, ids and rules.

A record (:class:`~.model.EvaluationRecord`) is one stage of one fiscal
year's evaluation of a measure (施策評価) or a budget link (事務事業評価),
written as an ``evaluation`` directive or read from an evaluation sheet.
This module holds what the core knows about records, without Sphinx:

- the settings ``keikaku_evaluation_stages`` and ``keikaku_directions``
  (defaults and normalisers);
- :func:`record_id`, the id a record gets when it has no ``:id:``:
  ``<of>~<fiscal year>-<stage code>``, e.g. ``M1-1-1~2024-1`` for the first
  stage of 令和6年度 (:func:`stage_code`), and :func:`read_stage`, the stage
  a record names, checked after reading against the stages in force;
- :func:`check_records`, the rules on records (``orphan``, ``unknown-id``,
  ``value``, ``duplicate-id``, ``unevaluated``);
- :func:`records_of` and :func:`record_years`, which the blocks, tables and
  exports read.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import cast

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
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.texts import PlanValueError, normalize
from sphinxcontrib_keikaku.core.records import location_text
from sphinxcontrib_keikaku.core.years import YearStyle, format_fiscal_year, format_period

DEFAULT_STAGES: tuple[str, ...] = ("一次評価", "二次評価", "外部評価")
#: English names of the default stages, accepted wherever a stage is written.
STAGE_ALIASES: dict[str, str] = {
    "self": "一次評価",
    "first": "一次評価",
    "internal": "二次評価",
    "second": "二次評価",
    "external": "外部評価",
}
DEFAULT_DIRECTIONS: tuple[str, ...] = (
    "拡充",
    "継続",
    "改善",
    "縮小",
    "休止",
    "廃止",
    "完了",
    "統合",
)


def _names(value: object, what: str, example: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(
            _msg(_("write %s as a list of names, such as %s"), what, example)
        )
    names: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(
                _msg(_("%r is not a name: write each of %s as a text"), item, what)
            )
        name = " ".join(item.split())
        if name in names:
            raise ValueError(_msg(_("%r is given twice in %s"), name, what))
        names.append(name)
    if not names:
        raise ValueError(_msg(_("%s needs at least one name"), what))
    return tuple(names)


def normalise_stages(value: object) -> tuple[str, ...]:
    """``keikaku_evaluation_stages`` as a tuple of stage names, first first."""
    return _names(value, _("the stages"), "['一次評価', '二次評価', '外部評価']")


def normalise_directions(value: object) -> tuple[str, ...]:
    """``keikaku_directions`` as a tuple of direction names."""
    return _names(value, _("the directions"), "['拡充', '継続', '縮小', '廃止']")


def _nearest(text: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(text, list(allowed), n=1, cutoff=0.4)
    hint = _msg(_("use one of %s"), ", ".join(allowed))
    return _msg(_("did you mean %s?"), close[0]) + " " + hint if close else hint


def read_stage(text: str, stages: Sequence[str]) -> str:
    """The stage *text* names (a name of *stages*, or an English alias of a
    default stage); an empty text is the first stage."""
    written = " ".join(normalize(text).split())
    if not written:
        return stages[0]
    for stage in stages:
        if normalize(stage).casefold() == written.casefold():
            return stage
    alias = STAGE_ALIASES.get(written.casefold())
    if alias is not None and alias in stages:
        return alias
    raise PlanValueError(
        _msg(_("%r is not a stage: %s"), text, _nearest(written, stages))
    )


#: The id code of each default stage, by its Japanese and English names.
STAGE_CODES: dict[str, str] = {
    "一次評価": "1",
    "self": "1",
    "first": "1",
    "二次評価": "2",
    "internal": "2",
    "second": "2",
    "外部評価": "3",
    "external": "3",
}
_ASCII_CODE = re.compile(r"[a-z0-9][a-z0-9_-]*")


def stage_code(text: str) -> str:
    """The part of a derived id that names the stage written as *text*.

    ``1``, ``2``, ``3`` for the default stages (in Japanese or English) and
    for no stage (the first); a stage of a project's own with an ASCII name
    is that name in lower case (``final``); any other, ``s`` and six hex
    digits of the name's digest. It depends on the text alone, not on
    ``keikaku_evaluation_stages``, because ids are given while the pages
    are read, and no setting is read then.
    """
    written = " ".join(normalize(text).split()).casefold()
    if not written:
        return "1"
    if written in STAGE_CODES:
        return STAGE_CODES[written]
    if _ASCII_CODE.fullmatch(written):
        return written
    return "s" + hashlib.blake2b(written.encode(), digest_size=3).hexdigest()


#: The mark between the evaluated id and the year of a derived record id.
#: An id written in a page or a sheet cannot hold it (:data:`.values.ID_PATTERN`),
#: so no written id equals a derived one; and unlike ``.`` (which sphinx-needs
#: reads as ``ID.part``), ``,``/``;`` (link lists), ``[`` (link conditions),
#: ``@`` (reStructuredText makes ``M1@2024`` a mail link) and ``/``/``:``
#: (sphinx-needs' per-id JSON files), it means nothing to sphinx-needs, to
#: either markup, to a URL fragment or to a file name.
RECORD_ID_MARK = "~"


def record_id(of: str, year: int, stage: str) -> str:
    """The id of a record written without ``:id:``: ``M1-1-1~2024-1``."""
    return f"{of}{RECORD_ID_MARK}{year}-{stage_code(stage)}"


def canonical_choice(text: str, allowed: Sequence[str]) -> str | None:
    """The name of *allowed* that *text* is, ignoring width, case and
    spaces (``Ｂ`` typed with the IME on is ``B``), or ``None``.

    >>> canonical_choice("Ｂ", ["A", "B"]), canonical_choice("E", ["A", "B"])
    ('B', None)
    """
    written = " ".join(normalize(text).split()).casefold()
    for choice in allowed:
        if " ".join(normalize(choice).split()).casefold() == written:
            return choice
    return None


def read_choice(text: str, allowed: Sequence[str], what: str) -> str:
    """*text* as one of *allowed* (ignoring width and case)."""
    written = " ".join(normalize(text).split())
    for choice in allowed:
        if normalize(choice).casefold() == written.casefold():
            return choice
    raise PlanValueError(
        _msg(_("%r is not %s: %s"), text, what, _nearest(written, allowed))
    )


# -- what the pages and exports read ------------------------------------------


def all_records(plan: Plan) -> list[EvaluationRecord]:
    """Every record of the plan (the first of a duplicated id), in order of
    fiscal year, stage and place."""
    key = ("evaluation_records",)
    cached = plan.cache.get(key)
    if cached is None:
        stages = cast("tuple[str, ...]", plan.cache.get(_STAGES_KEY, DEFAULT_STAGES))
        order = {stage: i for i, stage in enumerate(stages)}
        found = plan.of_kind(EvaluationRecord)
        found.sort(key=lambda r: (r.year or 0, order.get(r.stage, 99), r.of))
        cached = plan.cache[key] = found
    return cached  # type: ignore[return-value]


#: Where :func:`check_records` keeps the stages in force, for the order.
_STAGES_KEY = ("evaluation_stages",)


def records_of(plan: Plan, object_id: str) -> list[EvaluationRecord]:
    """The records evaluating *object_id*, by fiscal year and stage."""
    wanted = set(plan.linked_from(object_id, "evaluates"))
    return [r for r in all_records(plan) if r.id in wanted]


def record_years(plan: Plan, kind: type[PlanObject] = Measure) -> list[int]:
    """The fiscal years with at least one record of an object of *kind*."""
    return sorted(
        {
            r.year
            for r in all_records(plan)
            if r.year is not None and plan.get(r.of, kind) is not None
        }
    )


def latest_record(
    records: Sequence[EvaluationRecord], year: int
) -> EvaluationRecord | None:
    """The record of *year* of the last stage (records are in stage order)."""
    of_year = [r for r in records if r.year == year]
    return of_year[-1] if of_year else None


# -- the rules -----------------------------------------------------------------


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
    fiscal year outside the plan *period* is a ``period`` warning."""
    plan.cache[_STAGES_KEY] = tuple(stages)
    plan.cache.pop(("evaluation_records",), None)

    def name(record: EvaluationRecord) -> str:
        return describe_record(record, style=style, language=language)

    findings: list[Finding] = []
    for record in records:
        findings.extend(_check_record(plan, record, grades, directions, name))
        if period is not None:
            findings.extend(_check_year(record, period, name, style, language))
    findings.extend(_check_triples(plan, records, name))
    if period is not None:
        # a record outside the period is reported above, not asked of the
        # other measures too
        records = [
            r for r in records if r.year is None or period[0] <= r.year <= period[1]
        ]
    findings.extend(check_unevaluated(plan, records))
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
                    _nearest(record.grade, grades),
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
                    _nearest(record.direction, directions),
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
                "%s evaluates %s for the same fiscal year %d and stage %s as %s "
                "(%s); keep one record per year and stage, or give one of them "
                "another :year: or :stage:"
            )
            % (
                name(record),
                record.of,
                record.year,
                record.stage,
                name(held),
                _place(held),
            ),
        )


def duplicated_record_ids(plan: Plan) -> set[str]:
    """Ids that records share: :func:`check_records` reports them."""
    return {r.id for r in plan.duplicates if isinstance(r, EvaluationRecord)}


def check_unevaluated(
    plan: Plan, records: Sequence[EvaluationRecord]
) -> Iterator[Finding]:
    """``unevaluated``: a measure without a record for a fiscal year in which
    other measures have records."""
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
                    "%s has no evaluation record for fiscal year %d, for which "
                    "%d other measure(s) have one; add an evaluation with "
                    "':of: %s' and ':year: %d'"
                )
                % (
                    describe_object(measure.kind, measure.id, measure.title),
                    year,
                    len(evaluated),
                    measure.id,
                    year,
                ),
                measure.docname,
                measure.lineno,
                measure.id,
            )
