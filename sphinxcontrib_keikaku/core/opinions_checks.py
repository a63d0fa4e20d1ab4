"""The rules on opinions (市民の声): ``unknown-id``, ``value``, ``incomplete``
and ``unreflected``, run by :func:`check_opinions` after reading, against
the settings in force (:class:`~.opinions.OpinionSettings`) and the previous
edition when ``keikaku_previous_plan`` is read. Pure: no Sphinx.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import Plan, PlanObject
from sphinxcontrib_keikaku.core.naming import describe_object, kind_noun
from sphinxcontrib_keikaku.core.opinions import (
    Opinion,
    OpinionSettings,
    disposition_code,
    read_choice,
)
from sphinxcontrib_keikaku.core.plandiff import compare, snapshot
from sphinxcontrib_keikaku.core.planfile import FileObject
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.texts import PlanValueError, shorten

# -- the rules -----------------------------------------------------------------


def _finding(rule: Rule, opinion: Opinion, message: str, option: str = "") -> Finding:
    line = opinion.line_of(option) if option else opinion.lineno
    if opinion.path:
        return Finding(rule, message, None, line, opinion.id or None, path=opinion.path)
    return Finding(rule, message, opinion.docname, line, opinion.id or None)


def describe_opinion(opinion: Opinion) -> str:
    return describe_object(opinion.kind, opinion.id, shorten(opinion.title))


def check_opinions(
    plan: Plan,
    opinions: Sequence[Opinion],
    settings: OpinionSettings,
    previous: Mapping[str, FileObject] | None = None,
) -> list[Finding]:
    """Every finding of the rules on *opinions* against the settings, and
    against the previous edition's objects when ``keikaku_previous_plan``
    is read (*previous*)."""
    findings: list[Finding] = []
    now = snapshot(plan) if previous is not None else {}
    for opinion in opinions:
        findings.extend(_check_links(plan, opinion))
        findings.extend(_check_values(opinion, settings))
        findings.extend(_check_reflected(plan, opinion, settings, previous, now))
    findings.extend(check_duplicates(plan))
    return findings


def _check_links(plan: Plan, opinion: Opinion) -> Iterator[Finding]:
    for option in ("about", "changed"):
        for target_id in getattr(opinion, option):
            target = plan.objects.get(target_id)
            if target is not None and not isinstance(target, Opinion):
                continue
            candidates = [
                o.id for o in plan.objects.values() if not isinstance(o, Opinion)
            ]
            same = [c for c in candidates if c.casefold() == target_id.casefold()]
            # ids are short: M9 is one character from M1, a ratio of 0.5
            close = same or difflib.get_close_matches(
                target_id, candidates, n=1, cutoff=0.5
            )
            hint = (
                _msg(_("did you mean %s?"), close[0])
                if close
                else _msg(_("use one of %s"), ", ".join(candidates[:5]) or "M1")
            )
            if target is None:
                text = _msg(
                    _(":%s: of %s names %s, which does not exist; %s"),
                    option,
                    describe_opinion(opinion),
                    target_id,
                    hint,
                )
            else:
                text = _msg(
                    _(
                        ":%s: of %s names %s, which is %s; name a part of the plan instead"
                    ),
                    option,
                    describe_opinion(opinion),
                    target_id,
                    kind_noun(target.kind),
                )
            yield _finding(Rule.UNKNOWN_ID, opinion, text, option)


def _check_values(opinion: Opinion, settings: OpinionSettings) -> Iterator[Finding]:
    if opinion.channel:
        try:
            read_choice(
                opinion.channel,
                settings.channels,
                _("a channel of keikaku_opinion_channels"),
            )
        except PlanValueError as err:
            yield _finding(
                Rule.VALUE,
                opinion,
                _msg(
                    _(":channel: of %s cannot be read: %s"),
                    describe_opinion(opinion),
                    err,
                ),
                "channel",
            )
    if not opinion.disposition:
        yield _finding(
            Rule.INCOMPLETE,
            opinion,
            _msg(
                _("%s has no :disposition:; add one of %s"),
                describe_opinion(opinion),
                ", ".join(f"{c} {label}" for c, label in settings.dispositions),
            ),
        )
    else:
        try:
            disposition_code(opinion.disposition, settings.dispositions)
        except PlanValueError as err:
            yield _finding(
                Rule.VALUE,
                opinion,
                _msg(
                    _(":disposition: of %s cannot be read: %s"),
                    describe_opinion(opinion),
                    err,
                ),
                "disposition",
            )
    if opinion.district and settings.districts is not None:
        names = [name for pair in settings.districts for name in pair]
        try:
            read_choice(opinion.district, names, _("a value of the district axis"))
        except PlanValueError as err:
            yield _finding(
                Rule.VALUE,
                opinion,
                _msg(
                    _(":district: of %s cannot be read: %s"),
                    describe_opinion(opinion),
                    err,
                ),
                "district",
            )


def _check_reflected(
    plan: Plan,
    opinion: Opinion,
    settings: OpinionSettings,
    previous: Mapping[str, FileObject] | None,
    now: Mapping[str, FileObject],
) -> Iterator[Finding]:
    code = settings.code_of(opinion)
    if not code or not settings.reflecting(code):
        return
    label = settings.label_of(code)
    if not opinion.changed:
        yield _finding(
            Rule.UNREFLECTED,
            opinion,
            _msg(
                _(
                    "%s is answered %s %s but names no changed object; add "
                    ":changed: with the ids of the parts of the plan changed in "
                    "answer, or choose another disposition"
                ),
                describe_opinion(opinion),
                code,
                label,
            ),
            "disposition",
        )
        return
    if previous is None:
        return
    for target_id in opinion.changed:
        was, current = previous.get(target_id), now.get(target_id)
        if was is None or current is None:
            continue  # new since the previous edition, or reported as unknown
        if compare({target_id: was}, {target_id: current}).empty:
            yield _finding(
                Rule.UNREFLECTED,
                opinion,
                _msg(
                    _(
                        "%s is answered %s %s and names %s as changed, but %s has "
                        "the same title, links and values in keikaku_previous_plan; "
                        "change it as the answer says, or name the object that did change"
                    ),
                    describe_opinion(opinion),
                    code,
                    label,
                    target_id,
                    target_id,
                ),
                "changed",
            )


def _place(obj: PlanObject) -> str:
    if isinstance(obj, Opinion) and obj.path:
        return _msg(_("%s, row %d"), obj.path, obj.lineno)
    return _msg(_("document %s, line %d"), obj.docname, obj.lineno)


def duplicated_opinion_ids(plan: Plan) -> set[str]:
    """Ids an opinion shares with another object: :func:`check_duplicates`
    reports them, naming a sheet's opinion by its file and row."""
    return {
        obj.id
        for obj in plan.duplicates
        if isinstance(obj, Opinion) or isinstance(plan.objects.get(obj.id), Opinion)
    }


def check_duplicates(plan: Plan) -> Iterator[Finding]:
    """``duplicate-id`` for an id an opinion shares, at each one's own place
    (the plan-wide check names a document, which a sheet's opinion has not)."""
    shared = duplicated_opinion_ids(plan)
    for duplicate in plan.duplicates:
        if duplicate.id not in shared:
            continue
        held = plan.objects[duplicate.id]
        text = _msg(
            _(
                "the id %s of %s is already used by %s (%s); give one of them another id"
            ),
            duplicate.id,
            describe_object(duplicate.kind, duplicate.id, shorten(duplicate.title)),
            describe_object(held.kind, held.id, shorten(held.title)),
            _place(held),
        )
        if isinstance(duplicate, Opinion):
            yield _finding(Rule.DUPLICATE_ID, duplicate, text)
        else:
            yield Finding(
                Rule.DUPLICATE_ID,
                text,
                duplicate.docname,
                duplicate.lineno,
                duplicate.id,
            )
