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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

from sphinxcontrib_keikaku.core.asof import check_actual_years, later_actuals
from sphinxcontrib_keikaku.core.checks import check_plan
from sphinxcontrib_keikaku.core.evaluation import rollup
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.history import check_measured, evaluate_year
from sphinxcontrib_keikaku.core.model import (
    Plan,
    Vision,
    build_plan,
    fingerprint,
)
from sphinxcontrib_keikaku.core.overrides import apply_data
from sphinxcontrib_keikaku.core.progress import plan_final_year, progress_as_of
from sphinxcontrib_keikaku.core.records import DataRecord
from sphinxcontrib_keikaku.core.years import format_fiscal_year
from sphinxcontrib_keikaku.data.files import read_data_files
from sphinxcontrib_keikaku.sphinxext import opinions
from sphinxcontrib_keikaku.sphinxext import records as evaluation_records
from sphinxcontrib_keikaku.sphinxext.budgetchecks import budget_findings
from sphinxcontrib_keikaku.sphinxext.config import settings_digest
from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.external import (
    add_findings as add_external_findings,
)
from sphinxcontrib_keikaku.sphinxext.history import plan_year, scheme_of
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.reporting import report, reset
from sphinxcontrib_keikaku.sphinxext.shown import page_digest
from sphinxcontrib_keikaku.sphinxext.state import keep_config_findings, state

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def get_plan(env: BuildEnvironment) -> Plan:
    """The plan of this build: objects, links both ways, findings.

    Built on ``env-updated``; built here from the domain if asked earlier.
    """
    current = state(env)
    if current.plan is None:
        current.plan = _make_plan(env)
    return current.plan


def _make_plan(env: BuildEnvironment) -> Plan:
    domain = get_domain(env)
    objects = list(domain.all_objects())
    objects, sheet_findings = evaluation_records.with_sheet_records(env, objects)
    objects, opinion_sheet_findings = opinions.with_sheet_opinions(env, objects)
    data_findings: list[Finding] = []
    records: list[DataRecord] = []
    if env.config.keikaku_data_files:
        records, data_findings = read_data_files(
            Path(env.srcdir),
            env.config.keikaku_data_files,
            error_limit=env.config.keikaku_data_error_limit,
            cache_dir=Path(env.doctreedir) / "keikaku-data",
        )
        objects, applied = apply_data(
            objects, records, error_limit=env.config.keikaku_data_error_limit
        )
        data_findings += applied
    plan = build_plan(objects)
    plan.findings = check_plan(
        plan, env.config.keikaku_plan_period, domain.table_refs, domain.problems
    )
    plan.findings = evaluation_records.with_record_findings(env, plan, sheet_findings)
    plan.findings = opinions.with_opinion_findings(env, plan, opinion_sheet_findings)
    plan.findings += budget_findings(env, plan)
    add_external_findings(env, plan)
    surveys = check_measured(plan)  # an actual in a year no survey measures
    # an actual after the plan period or before its baseline, where written
    years = check_actual_years(
        plan,
        env.config.keikaku_plan_period,
        records,
        style=env.config.keikaku_year_style,
        language=env.config.language,
    )
    data_findings += [f for f in years if f.path]
    surveys += [f for f in years if not f.path]
    plan.findings += [_locate(env, f) for f in data_findings] + surveys
    # in file and line order, whichever check found them
    plan.findings.sort(key=lambda f: f.sort_key)
    evaluate_plan(plan, env.config)
    _note_later_actuals(plan, env.config)
    plan.fingerprints = {obj.id: fingerprint(obj) for obj in plan.objects.values()}
    return plan


def _note_later_actuals(plan: Plan, config: Config) -> None:
    """Say once per build how many actuals are dated after the evaluation
    year, and so not counted yet: one note, not one per value."""
    year = plan_year(plan, config)
    if year is None:
        return
    later = later_actuals(plan, year)
    if later:
        logger.info(
            _(
                "keikaku: %d actual(s) dated after the evaluation year %s are "
                "not counted yet; keikaku_evaluation_year sets the year"
            ),
            later,
            format_fiscal_year(
                year, style=config.keikaku_year_style, language=config.language
            ),
        )


def _locate(env: BuildEnvironment, finding: Finding) -> Finding:
    """Where a data finding points: the file and row, by full path as Sphinx
    names documents; a problem of a whole file (missing, refused, unreadable)
    at the line of conf.py that names the file (or nowhere, when the files
    were named with ``-D``)."""
    if finding.path and finding.lineno:
        return dataclasses.replace(finding, path=str(Path(env.srcdir) / finding.path))
    from sphinxcontrib_keikaku.sphinxext.apps import app_of

    app = app_of(env)
    path, lineno = setting_location(
        app.confdir or env.srcdir, env.config, "keikaku_data_files"
    )
    return dataclasses.replace(finding, path=path, lineno=lineno)


def evaluate_plan(plan: Plan, config: Config) -> None:
    """Evaluate every indicator, and roll grades up to measures and visions."""
    from sphinxcontrib_keikaku.core.analysis import measures_under

    grades = config.keikaku_grades
    rule = config.keikaku_rollup
    # as of the evaluation year: later actuals and unmeasured surveys do not
    # count; the history's column of that year is the same evaluation, kept
    # in the plan's cache
    year = plan_year(plan, config)
    scheme = scheme_of(config)
    found = evaluate_year(plan, year, scheme)
    plan.evaluations.update(found.evaluations)
    plan.measure_grades.update(found.measure_grades)
    # progress against the schedule, as of the same year
    progress = progress_as_of(
        plan, year, plan_final_year(plan, config.keikaku_plan_period), scheme
    )
    plan.progress.update(progress.indicators)
    plan.measure_progress.update(progress.measures)
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


def on_needs_before_post_processing(app: Sphinx, needs: Any) -> None:
    """Give the needs the values data files set (see
    :func:`.needs_bridge.apply_plan_values`)."""
    from sphinxcontrib_keikaku.core.staffcost import StaffRates
    from sphinxcontrib_keikaku.sphinxext.needs_bridge import apply_plan_values

    domain = get_domain(app.env)
    rates = StaffRates.of(app.config.keikaku_staff_cost)
    apply_plan_values(
        get_plan(app.env),
        domain.fingerprints_as_written(),
        needs,
        rates if rates.given else None,
    )


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Check the settings; their findings are reported with the plan's."""
    from sphinxcontrib_keikaku.sphinxext.config import validate

    keep_config_findings(config, "settings", validate(app, config))


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Documents to read again although they did not change.

    - Every document the saved environment knows but holds no keikaku data
      for.  Sphinx does not write the environment atomically: after two
      builds wrote one output directory at once, the environment may hold
      some documents without their plan objects, and the published plan
      would silently lack them.  Reading those documents again restores them.
    - The other definitions of an id defined in a changed document.
      sphinx-needs keeps one need per id; when the document holding it
      changes, the other document defining the same id must be read again,
      or the need would vanish and an incremental build would differ from a
      fresh one.
    """
    domain = get_domain(env)
    touched = changed | removed
    uncovered = (env.found_docs & set(env.all_docs)) - set(domain.read_docs) - touched
    if uncovered:
        logger.info(
            _(
                "keikaku: the saved environment holds no plan data for %d "
                "document(s) (two builds into one output directory at once?); "
                "reading them again"
            ),
            len(uncovered),
        )
    ids = {
        object_id
        for docname in touched
        for object_id, _line in domain.places(docname)
        if object_id
    }
    rereads = domain.docs_defining(ids) - touched if ids else set()
    return sorted(uncovered | rereads)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build and check the plan, report findings, name pages to rewrite."""
    _check_coverage(env)
    current = state(env)
    plan = current.plan = _make_plan(env)
    reset(app)
    for finding in [*current.config_findings, *plan.findings]:
        report(app, finding)
    return _stale_pages(env, plan)


def _check_coverage(env: BuildEnvironment) -> None:
    """Refuse to go on with plan data missing for some document.

    :func:`on_env_get_outdated` has those documents read again; this is the
    guard should anything still be missing, so that a partial plan is never
    published without a word.
    """
    missing = sorted(set(env.found_docs) - set(get_domain(env).read_docs))
    if missing:
        raise ExtensionError(
            _(
                "keikaku: no plan data for %d document(s) (%s), so the plan would "
                "be published incomplete; build again with -E (sphinx-build -E) "
                "to read every document afresh"
            )
            % (
                len(missing),
                ", ".join(missing[:5]) + (", …" if len(missing) > 5 else ""),
            )
        )


def _stale_pages(env: BuildEnvironment, plan: Plan) -> list[str]:
    """Pages whose plan content changed although the page itself did not.

    A page shows its own objects and their neighbourhood (links up and down,
    the path to the root vision). It is stale when an object it shows now,
    or showed in the last build, has changed, appeared or gone, and every
    plan page is stale when the settings that decide what pages show change.
    """
    domain = get_domain(env)
    old_prints = domain.fingerprints
    new_prints = plan.fingerprints
    changed = {
        i
        for i in new_prints.keys() | old_prints.keys()
        if new_prints.get(i) != old_prints.get(i)
    }
    settings = settings_digest(env.config)
    if plan.progress:
        # progress against the schedule is on every object's block until the
        # plan's final year: the actual that ends it (moving the evaluation
        # year) changes pages whose objects did not change
        settings += " progress"
    settings_changed = domain.data.get("settings") != settings
    domain.data["settings"] = settings
    old_shown: dict[str, tuple[str, ...]] = domain.data.setdefault("shown", {})
    if (
        not changed
        and not settings_changed
        and old_shown.keys() == domain.plan_pages.keys()
    ):
        # nothing any page shows has changed, so neither has what it shows
        return []
    new_shown: dict[str, tuple[str, ...]] = {}
    for docname in domain.plan_pages:
        shown: set[str] = set()
        for object_id, lineno in domain.places(docname):
            # the plan holds a copy when a data file changed the object, so
            # it is recognised by its place, not its identity
            winner = plan.objects.get(object_id)
            if winner is not None and (winner.docname, winner.lineno) == (
                docname,
                lineno,
            ):
                shown |= plan.neighbourhood(winner)
            elif object_id:
                shown.add(object_id)
        # a sorted tuple of strings: the collector stops tracking it
        new_shown[docname] = tuple(sorted(shown))
    domain.data["fingerprints"] = new_prints
    domain.data["shown"] = new_shown
    old_digests: dict[str, str] = domain.data["shown_digests"]
    new_digests: dict[str, str] = {}
    for docname, whole_plan in domain.plan_pages.items():
        digest = (
            page_digest(plan, env.config, domain.whole_tables.get(docname, []))
            if whole_plan
            else None
        )
        if digest is not None:
            new_digests[docname] = digest
    domain.data["shown_digests"] = new_digests
    if settings_changed:
        return sorted(d for d in domain.plan_pages if d in env.found_docs)
    if not changed:
        return []
    stale = {
        docname
        for docname, whole_plan in domain.plan_pages.items()
        # a page of tables that say what they show: when that changed
        if (
            whole_plan
            and (
                docname not in new_digests
                or new_digests[docname] != old_digests.get(docname)
            )
        )
        or not changed.isdisjoint(new_shown[docname])
        or not changed.isdisjoint(old_shown.get(docname, ()))
    }
    # pages with sphinx-needs views (needtable, needflow, …) may show any plan
    # object too; sphinx-needs itself does not rewrite them (its issue #354)
    stale.update(domain.view_pages)
    # and a page's keikaku:<kind> roles link to (or warn of) their targets
    stale.update(
        docname
        for docname, targets in domain.role_targets.items()
        if not changed.isdisjoint(targets)
    )
    return sorted(d for d in stale if d in env.found_docs)
