"""Building the plan once per build, checking it, and keeping pages fresh.

The cross-document work runs on ``env-updated``: Sphinx emits it on every
build after reading, including a rebuild where no document changed (unlike
``env-check-consistency``), and in the main process after a parallel read
has been merged.  It reads keikaku's own domain data, not sphinx-needs'
(whose data freezes once read, which must not happen before the next
incremental read).  Its return value names the pages to write again because
plan data they show has changed elsewhere (sphinx-needs issue #354).
"""

from __future__ import annotations

import dataclasses
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.checks import check_plan
from sphinxcontrib_keikaku.core.evaluation import evaluate_indicator, rollup
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import (
    Indicator,
    Measure,
    Plan,
    Vision,
    build_plan,
    fingerprint,
)
from sphinxcontrib_keikaku.core.overrides import apply_data
from sphinxcontrib_keikaku.data.files import read_data_files
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.reporting import report, reset

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_plans: weakref.WeakKeyDictionary[BuildEnvironment, Plan] = weakref.WeakKeyDictionary()
_config_findings: weakref.WeakKeyDictionary[Sphinx, list[Finding]] = (
    weakref.WeakKeyDictionary()
)


def get_plan(env: BuildEnvironment) -> Plan:
    """The plan of this build: objects, links both ways, findings.

    Built on ``env-updated``; built here from the domain if asked earlier.
    """
    plan = _plans.get(env)
    if plan is None:
        plan = _plans[env] = _make_plan(env)
    return plan


def _make_plan(env: BuildEnvironment) -> Plan:
    domain = get_domain(env)
    objects = list(domain.all_objects())
    data_findings: list[Finding] = []
    if env.config.keikaku_data_files:
        records, data_findings = read_data_files(
            Path(env.srcdir), env.config.keikaku_data_files
        )
        objects, applied = apply_data(objects, records)
        data_findings += applied
    plan = build_plan(objects)
    plan.findings = check_plan(
        plan, env.config.keikaku_plan_period, domain.table_refs, domain.problems
    )
    if data_findings:
        plan.findings += [_locate(env, f) for f in data_findings]
        plan.findings.sort(key=lambda f: f.sort_key)
    evaluate_plan(plan, env.config)
    plan.fingerprints = {obj.id: fingerprint(obj) for obj in plan.objects.values()}
    return plan


def _locate(env: BuildEnvironment, finding: Finding) -> Finding:
    """Where a data finding points: the file and row, by full path as Sphinx
    names documents; a problem of a whole file (missing, refused, unreadable)
    at the line of conf.py that names the file."""
    from sphinxcontrib_keikaku.sphinxext.config import _line_of

    if finding.path and finding.lineno:
        return dataclasses.replace(finding, path=str(Path(env.srcdir) / finding.path))
    app = getattr(env, "_app", None) or env.app
    conf = Path(app.confdir or env.srcdir) / "conf.py"
    return dataclasses.replace(
        finding, path=str(conf), lineno=_line_of(conf, "keikaku_data_files")
    )


def evaluate_plan(plan: Plan, config: Config) -> None:
    """Evaluate every indicator, and roll grades up to measures and visions."""
    from sphinxcontrib_keikaku.core.analysis import measures_under

    grades = config.keikaku_grades
    rule = config.keikaku_rollup
    for indicator in plan.of_kind(Indicator):
        plan.evaluations[indicator.id] = evaluate_indicator(
            indicator,
            method=config.keikaku_achievement,
            basis=config.keikaku_evaluation_basis,
            grades=grades,
        )
    for measure in plan.of_kind(Measure):
        members = [plan.evaluations[i.id] for i in plan.indicators_of(measure.id)]
        plan.measure_grades[measure.id] = rollup(members, rule=rule, grades=grades)
    for vision in plan.of_kind(Vision):
        measures = measures_under(plan, vision.id)
        if rule == "mean-rate":
            # a vision's mean rate is over its measures' indicators
            indicator_ids = {i.id for m in measures for i in plan.indicators_of(m.id)}
            members = [plan.evaluations[i] for i in sorted(indicator_ids)]
            plan.vision_grades[vision.id] = rollup(members, rule=rule, grades=grades)
        else:
            plan.vision_grades[vision.id] = rollup(
                [plan.measure_grades[m.id] for m in measures],
                rule=rule,
                grades=grades,
            )


def on_config_inited(app: Sphinx, config: Config) -> None:
    from sphinxcontrib_keikaku.sphinxext.config import validate

    _config_findings[app] = validate(app, config)


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Re-read the other definitions of an id defined in a changed document.

    sphinx-needs keeps one need per id; when the document holding it changes,
    the other document defining the same id must be read again, or the need
    would vanish and an incremental build would differ from a fresh one.
    """
    domain = get_domain(env)
    touched = changed | removed
    ids = {obj.id for docname in touched for obj in domain.objects.get(docname, ())}
    if not ids:
        return []
    return sorted(domain.docs_defining(ids) - touched)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build and check the plan, report findings, name pages to rewrite."""
    plan = _plans[env] = _make_plan(env)
    reset(app)
    for finding in [*_config_findings.get(app, []), *plan.findings]:
        report(app, finding)
    return _stale_pages(env, plan)


def _stale_pages(env: BuildEnvironment, plan: Plan) -> list[str]:
    """Pages whose plan content changed although the page itself did not.

    A page shows its own objects and their neighbourhood (links up and down,
    the path to the root vision). It is stale when an object it shows now,
    or showed in the last build, has changed, appeared or gone.
    """
    domain = get_domain(env)
    old_prints = domain.fingerprints
    new_prints = plan.fingerprints
    changed = {
        i
        for i in new_prints.keys() | old_prints.keys()
        if new_prints.get(i) != old_prints.get(i)
    }
    old_shown: dict[str, frozenset[str]] = domain.data.setdefault("shown", {})
    if not changed and old_shown.keys() == domain.plan_pages.keys():
        # nothing any page shows has changed, so neither has what it shows
        return []
    new_shown: dict[str, frozenset[str]] = {}
    for docname in domain.plan_pages:
        shown: set[str] = set()
        for obj in domain.objects.get(docname, ()):
            # the plan holds a copy when a data file changed the object, so
            # it is recognised by its place, not its identity
            winner = plan.objects.get(obj.id)
            if winner is not None and (winner.docname, winner.lineno) == (
                obj.docname,
                obj.lineno,
            ):
                shown |= plan.neighbourhood(winner)
            elif obj.id:
                shown.add(obj.id)
        new_shown[docname] = frozenset(shown)
    domain.data["fingerprints"] = new_prints
    domain.data["shown"] = new_shown
    if not changed:
        return []
    stale = {
        docname
        for docname, whole_plan in domain.plan_pages.items()
        if whole_plan
        or (new_shown[docname] | old_shown.get(docname, frozenset())) & changed
    }
    # pages with sphinx-needs views (needtable, needflow, …) may show any plan
    # object too; sphinx-needs itself does not rewrite them (its issue #354)
    from sphinx_needs.data import SphinxNeedsData

    for docnames in SphinxNeedsData(env).get_or_create_docs().values():
        stale.update(d for d in docnames if d in env.found_docs)
    return sorted(stale)
