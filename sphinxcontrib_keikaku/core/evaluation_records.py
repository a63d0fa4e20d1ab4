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
- :func:`canonical_choice`, a grade or direction as the settings spell it
  (full-width letters read as half-width);
- :func:`records_of` and :func:`record_years`, which the blocks, tables and
  exports read.

The rules on records are in :mod:`.record_checks`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import cast

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import (
    EvaluationRecord,
    Measure,
    Plan,
    PlanObject,
)
from sphinxcontrib_keikaku.core.texts import PlanValueError, normalize

DEFAULT_STAGES: tuple[str, ...] = ("一次評価", "二次評価", "外部評価")
#: English names of the default stages, accepted wherever a stage is written.
STAGE_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "self": "一次評価",
        "first": "一次評価",
        "internal": "二次評価",
        "second": "二次評価",
        "external": "外部評価",
    }
)
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


def nearest_hint(text: str, allowed: Sequence[str]) -> str:
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
        _msg(_("%r is not a stage: %s"), text, nearest_hint(written, stages))
    )


#: The id code of each default stage, by its Japanese and English names.
STAGE_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "一次評価": "1",
        "self": "1",
        "first": "1",
        "二次評価": "2",
        "internal": "2",
        "second": "2",
        "外部評価": "3",
        "external": "3",
    }
)
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
        _msg(_("%r is not %s: %s"), text, what, nearest_hint(written, allowed))
    )


# -- what the pages and exports read ------------------------------------------


def all_records(plan: Plan) -> list[EvaluationRecord]:
    """Every record of the plan (the first of a duplicated id), in order of
    fiscal year, stage and place."""
    key = ("evaluation_records",)
    cached = plan.cache.get(key)
    if cached is None:
        stages = cast("tuple[str, ...]", plan.cache.get(STAGES_KEY, DEFAULT_STAGES))
        order = {stage: i for i, stage in enumerate(stages)}
        found = plan.of_kind(EvaluationRecord)
        found.sort(key=lambda r: (r.year or 0, order.get(r.stage, 99), r.of))
        cached = plan.cache[key] = found
    return cached  # type: ignore[return-value]


#: Where :func:`check_records` keeps the stages in force, for the order.
STAGES_KEY = ("evaluation_stages",)


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
