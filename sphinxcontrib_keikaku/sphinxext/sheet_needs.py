"""The records of the evaluation sheets as sphinx-needs needs.

A record written as an ``evaluation`` directive is a need from the moment
its page is read (:func:`.needs_bridge.add_need`). The records of
``keikaku_evaluation_files`` belong to no page, and are read after the
pages (:func:`.records.with_sheet_records`), so they are added here, each as
a need of type ``evaluation`` with no node of its own, through sphinx-needs'
public ``add_external_need`` (:func:`.needs_bridge.add_external`): the one
public way to give sphinx-needs a need without a page. Such a need counts as
``is_external`` in filter strings; its link goes to the page of the measure
or budget link it evaluates, which lists the record's narrative.

When:

- ``env-updated``, after :func:`.hooks.on_env_updated` has built the plan:
  the plan holds the sheets' records, checked against the directives' (of
  two records with one id, the plan's is the need). It runs in the main
  process after a parallel read has been merged, so ``-j`` gives the same
  needs; sphinx-needs freezes its needs only on ``write-started``.
- ``env-before-read-docs``: the needs the previous build added are removed
  before any page is read, so that a row removed from a sheet leaves no
  need behind and a directive given the id of last build's sheet record is
  not refused. Their ids are kept in keikaku's domain, which is pickled with
  sphinx-needs' own data in the one environment, so the two always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import NoUri

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import EvaluationRecord, Plan, PlanObject
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.needs_bridge import (
    PLAN_TYPES,
    add_external,
    held_need,
    remove_need,
)
from sphinxcontrib_keikaku.sphinxext.reporting import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Where the domain keeps the ids of the needs added from sheets (the
#: evaluation sheets' records and the opinion sheets' opinions).
SHEET_NEEDS_KEY = "sheet_needs"
_KEY = SHEET_NEEDS_KEY

#: sphinx-needs' default ``needs_builder_filter``: needs.json leaves out every
#: need added by ``add_external_need``.
_DEFAULT_JSON_FILTER = "is_external==False"
#: keikaku's: the sheets' records too (their ``sheet`` field names the file).
JSON_FILTER = "is_external==False or sheet"


def include_in_needs_json(app: Sphinx, config: Config) -> None:
    """Have needs.json hold the sheets' records (config-inited), unless the
    project chose its own ``needs_builder_filter`` (conf.py or ``-D``)."""
    if "needs_builder_filter" in config.overrides:
        return
    if config.needs_builder_filter == _DEFAULT_JSON_FILTER:
        config.needs_builder_filter = JSON_FILTER


def forget_sheet_needs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remove the sheet records' needs of the previous build."""
    domain = get_domain(env)
    for need_id in domain.data.get(_KEY, []):
        need = held_need(env, need_id)
        if need is not None and need["is_external"] and need["type"] in PLAN_TYPES:
            remove_need(app, need_id)
    domain.data[_KEY] = []


def sheet_records(plan: Plan) -> list[EvaluationRecord]:
    """The records the plan holds from evaluation sheets (not a duplicate id
    lost to a directive's record, not a record without an id)."""
    return [
        obj
        for obj in plan.objects.values()
        if isinstance(obj, EvaluationRecord) and obj.path
    ]


def add_sheet_needs(app: Sphinx, env: BuildEnvironment) -> None:
    """Give sphinx-needs the sheet records of this build's plan."""
    plan = get_plan(env)
    added: list[str] = []
    for record in sheet_records(plan):
        if held_need(env, record.id) is not None:
            # a need of the project's own (not a plan object) holds the id;
            # keikaku's own duplicates are reported by the checks
            continue
        fields = {
            "year": str(record.year) if record.year is not None else "",
            "stage": record.stage,
            "grade": record.grade,
            "direction": record.direction,
            "evaluator": record.evaluator,
        }
        links = {"evaluates": [record.of] if record.of else []}
        target = plan.objects.get(record.of)
        if add_sheet_need(
            app, env, record, record.path, record.text, target, links, fields
        ):
            added.append(record.id)
    get_domain(env).data[_KEY] = added


def add_sheet_need(
    app: Sphinx,
    env: BuildEnvironment,
    obj: PlanObject,
    sheet: str,
    content: str,
    shown_at: PlanObject | None,
    links: dict[str, list[str]],
    fields: dict[str, str],
) -> bool:
    """Add *obj*, read from the file *sheet*, as a need whose link is
    the block of *shown_at* (the root document when None); its empty
    *fields* are left out. False, with a located ``data`` finding, when
    sphinx-needs refuses it (it checks the fields against a project's own
    ``needs_fields`` schema, which keikaku does not know)."""
    problem = add_external(
        app,
        obj.kind.value,
        obj.id,
        obj.title,
        _block_url(app, shown_at),
        content=content,
        sheet=sheet,
        **links,
        **{name: value for name, value in fields.items() if value},
    )
    if problem is None:
        return True
    report(
        app,
        Finding(
            Rule.DATA,
            _("the record %s cannot be added as a need: %s") % (obj.id, problem),
            None,
            obj.lineno,
            obj.id,
            path=str(Path(env.srcdir) / sheet),
        ),
    )
    return False


def _block_url(app: Sphinx, target: PlanObject | None) -> str:
    """The block of *target* (or the root document, when None)."""
    docname = target.docname if target is not None else app.config.root_doc
    try:
        uri = app.builder.get_target_uri(docname)
    except NoUri:
        return ""
    return f"{uri}#{target.id}" if target is not None else uri
