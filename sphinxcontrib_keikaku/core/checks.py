"""The traceability checks: one pass over the whole plan after reading.

Each rule of :class:`~.rules.Rule` that concerns the plan's structure is a
function here returning findings; :func:`check_plan` runs them all and sorts
the findings by place, so the console, the coverage page and the exported
data all show the same list in the same order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.logicmodel import OUTLINE_DEPTH, too_deep
from sphinxcontrib_keikaku.core.model import (
    LINK_TARGET_KIND,
    BudgetLink,
    Indicator,
    Kind,
    Measure,
    Plan,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.naming import describe_object, kind_noun
from sphinxcontrib_keikaku.core.rules import Rule

#: How many candidate ids a message lists before "…".
_MAX_LISTED = 5


def describe(obj: PlanObject) -> str:
    """``施策 M1「title」`` / ``Measure M1 "title"``: how messages name an object."""
    return describe_object(obj.kind, obj.id, obj.title)


def _finding(rule: Rule, obj: PlanObject, message: str) -> Finding:
    return Finding(rule, message, obj.docname, obj.lineno, obj.id or None)


def _some_ids(plan: Plan, kind: Kind) -> str:
    ids = [obj.id for obj in plan.objects.values() if obj.kind is kind]
    listed = ", ".join(ids[:_MAX_LISTED])
    return listed + (", …" if len(ids) > _MAX_LISTED else "")


def _hint(plan: Plan, wrong_id: str, wanted: Kind) -> str:
    """The fix for a link to *wrong_id*: the near miss, or ids to choose from."""
    candidates = [o.id for o in plan.objects.values() if o.kind is wanted]
    # ids are unique ignoring case, so m1 for M1 is the near miss itself
    same = [c for c in candidates if c.casefold() == wrong_id.casefold()]
    close = same or difflib.get_close_matches(wrong_id, candidates, n=1)
    if close:
        return _("did you mean %s?") % close[0]
    return _("use one of %s") % (_some_ids(plan, wanted) or "—")


def check_traced(plan: Plan) -> Iterator[Finding]:
    """``untraced``, ``unmeasured``, ``unfunded``: what a measure must have."""
    for measure in plan.of_kind(Measure):
        if not measure.visions:
            yield _finding(
                Rule.UNTRACED,
                measure,
                _("%s traces to no vision; add :vision: naming one of %s")
                % (describe(measure), _some_ids(plan, Kind.VISION) or "V1"),
            )
        if not plan.indicators_of(measure.id):
            yield _finding(
                Rule.UNMEASURED,
                measure,
                _(
                    "%s has no indicator; add an indicator with ':measure: %s' "
                    "that shows whether the measure works"
                )
                % (describe(measure), measure.id),
            )
        if not plan.budget_links_of(measure.id):
            yield _finding(
                Rule.UNFUNDED,
                measure,
                _(
                    "%s has no budget link; add a budget-link with ':measure: %s' "
                    "for the project that pays for it"
                )
                % (describe(measure), measure.id),
            )


def check_orphans(plan: Plan) -> Iterator[Finding]:
    """``orphan``: indicators and budget links must serve a measure."""
    for obj in [*plan.of_kind(Indicator), *plan.of_kind(BudgetLink)]:
        assert isinstance(obj, (Indicator, BudgetLink))
        if not obj.measures:
            yield _finding(
                Rule.ORPHAN,
                obj,
                _("%s serves no measure; add :measure: naming one of %s")
                % (describe(obj), _some_ids(plan, Kind.MEASURE) or "M1"),
            )


def check_links(plan: Plan) -> Iterator[Finding]:
    """``unknown-id``: every link names an existing object of the right kind.

    Duplicates are checked too: each defect of an object is worth fixing.
    """
    for obj in [*plan.objects.values(), *plan.duplicates]:
        if obj.kind in (Kind.EVALUATION, Kind.OPINION):
            # :of: takes two kinds, :about: any: evaluation_records, opinions
            continue
        for option, target_id in obj.links():
            wanted = LINK_TARGET_KIND[(obj.kind, option)]
            target = plan.objects.get(target_id)
            if target is None:
                hint = _hint(plan, target_id, wanted)
                yield _finding(
                    Rule.UNKNOWN_ID,
                    obj,
                    _(":%s: of %s names %s, which does not exist; %s")
                    % (option, describe(obj), target_id, hint),
                )
            elif target.kind is not wanted:
                yield _finding(
                    Rule.UNKNOWN_ID,
                    obj,
                    _(":%s: of %s names %s, which is %s; name %s instead")
                    % (
                        option,
                        describe(obj),
                        target_id,
                        kind_noun(target.kind),
                        kind_noun(wanted),
                    ),
                )


def check_duplicates(plan: Plan) -> Iterator[Finding]:
    """``duplicate-id``: each id names one object."""
    for duplicate in plan.duplicates:
        first = plan.objects[duplicate.id]
        yield _finding(
            Rule.DUPLICATE_ID,
            duplicate,
            _(
                "the id %s of %s is already used by %s (document %s, line %d); "
                "give one of them another id"
            )
            % (
                duplicate.id,
                describe(duplicate),
                describe(first),
                first.docname,
                first.lineno,
            ),
        )


def check_case_duplicates(plan: Plan) -> Iterator[Finding]:
    """``duplicate-id``: ids are unique ignoring case, since ``M1`` and ``m1``
    read as one id to people, in links typed by hand and in a spreadsheet."""
    first_of: dict[str, PlanObject] = {}
    for obj in sorted(plan.objects.values(), key=lambda o: (o.docname, o.lineno)):
        key = obj.id.casefold()
        first = first_of.setdefault(key, obj)
        if first is obj:
            continue
        yield _finding(
            Rule.DUPLICATE_ID,
            obj,
            _(
                "the id %s of %s differs only in case from %s of %s (document "
                "%s, line %d); ids are unique ignoring case: give one of them "
                "another id"
            )
            % (
                obj.id,
                describe(obj),
                first.id,
                describe(first),
                first.docname,
                first.lineno,
            ),
        )


def check_cycles(plan: Plan) -> Iterator[Finding]:
    """``cycle``: ``:parent:`` links must not loop.

    Each object names at most one parent that counts (its first, of its own
    kind), so the links form chains that end at a root or in a loop. Every
    object is walked once: a walk stops at an object an earlier walk
    finished, so the check is linear in the number of objects, also for a
    chain thousands of levels deep."""
    finished: set[str] = set()
    for start in plan.objects.values():
        if start.id in finished or not start.parents:
            continue
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: PlanObject | None = start
        while (
            current is not None
            and current.parents
            and current.id not in on_path
            and current.id not in finished
        ):
            on_path[current.id] = len(path)
            path.append(current.id)
            nxt = plan.objects.get(current.parents[0])
            current = nxt if nxt is not None and nxt.kind is start.kind else None
        finished.update(path)
        if current is None or current.id not in on_path:
            continue  # a root, or a chain an earlier walk finished
        cycle = path[on_path[current.id] :]
        # report at the cycle's first object in document order, once
        members = sorted(
            (plan.objects[i] for i in cycle), key=lambda o: (o.docname, o.lineno)
        )
        first = members[0]
        loop = cycle[cycle.index(first.id) :] + cycle[: cycle.index(first.id)]
        yield _finding(
            Rule.CYCLE,
            first,
            _(":parent: links form a cycle: %s; remove :parent: from one of them")
            % " → ".join([*loop, first.id]),
        )


def period_of(
    plan: Plan, obj: PlanObject, default: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The period *obj* is checked against: its own ``:period:``, else its
    measure's, else *default* (``keikaku_plan_period``)."""
    if obj.period is not None:
        return obj.period
    if isinstance(obj, (Indicator, BudgetLink)):
        for measure_id in obj.measures:
            measure = plan.get(measure_id, Measure)
            if measure is not None and measure.period is not None:
                return measure.period
    return default


def check_periods(plan: Plan, plan_period: tuple[int, int] | None) -> Iterator[Finding]:
    """``period``: target and budget years lie inside the plan period."""
    for obj in plan.objects.values():
        years: dict[str, list[int]]
        if isinstance(obj, Indicator):
            years = {"target": list(obj.target)}
        elif isinstance(obj, BudgetLink):
            years = {"budget": list(obj.budget), "settlement": list(obj.settlement)}
            years["plan"] = list(obj.plan)
            years["staff"] = list(obj.staff)
            years["hours"] = list(obj.hours)
        else:
            continue
        period = period_of(plan, obj, plan_period)
        if period is None:
            continue
        start, end = period
        for option, option_years in years.items():
            outside = [year for year in option_years if not start <= year <= end]
            if outside:
                yield _finding(
                    Rule.PERIOD,
                    obj,
                    _(
                        ":%s: of %s has fiscal year(s) %s outside the plan period "
                        "%d–%d; correct the year or the period"
                    )
                    % (option, describe(obj), ", ".join(map(str, outside)), start, end),
                )


def check_table_refs(
    plan: Plan, table_refs: dict[str, list[tuple[int, str, list[str], str]]]
) -> Iterator[Finding]:
    """``unknown-id``: a presentation directive names existing objects of the
    right kind (a table's ``:vision:``, a chart's ``:id:``). ``chart``: a
    ``plan-logic-model`` whose visions nest deeper than its text list."""
    for docname, refs in table_refs.items():
        for lineno, directive, ids, kind_name in refs:
            wanted = Kind(kind_name)
            option = "vision" if wanted is Kind.VISION else "id"
            for object_id in ids:
                target = plan.objects.get(object_id)
                if target is not None and target.kind is wanted:
                    if (
                        directive == "plan-logic-model"
                        and isinstance(target, Vision)
                        and too_deep(plan, target)
                    ):
                        yield Finding(
                            Rule.CHART,
                            _(
                                "plan-logic-model: the visions below %s nest more "
                                "than %d levels deep; the text list shows the "
                                "deeper ones at level %d, each after the vision "
                                "above it. Show a vision further down with "
                                "another plan-logic-model"
                            )
                            % (object_id, OUTLINE_DEPTH, OUTLINE_DEPTH),
                            docname,
                            lineno,
                        )
                    continue
                hint = _hint(plan, object_id, wanted)
                yield Finding(
                    Rule.UNKNOWN_ID,
                    _(":%s: of %s names %s, which is not %s; %s")
                    % (option, directive, object_id, kind_noun(wanted), hint),
                    docname,
                    lineno,
                )


def check_plan(
    plan: Plan,
    plan_period: tuple[int, int] | None,
    table_refs: dict[str, list[tuple[int, str, list[str], str]]] | None = None,
    problems: dict[str, list[Finding]] | None = None,
) -> list[Finding]:
    """Every finding of reading (the objects' and the presentation
    directives' *problems*, by document) and of the rules, sorted by place."""
    findings: list[Finding] = []
    for obj in [*plan.objects.values(), *plan.duplicates, *plan.unidentified]:
        findings.extend(obj.problems)
    for docname in sorted(problems or {}):
        findings.extend((problems or {})[docname])
    findings.extend(check_duplicates(plan))
    findings.extend(check_case_duplicates(plan))
    findings.extend(check_links(plan))
    findings.extend(check_cycles(plan))
    findings.extend(check_traced(plan))
    findings.extend(check_orphans(plan))
    findings.extend(check_periods(plan, plan_period))
    findings.extend(check_table_refs(plan, table_refs or {}))
    findings.sort(key=lambda f: f.sort_key)
    return findings
