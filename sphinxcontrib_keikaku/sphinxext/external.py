"""Plans that hold together: the external plans and the previous edition.

The files named by ``keikaku_external_plans`` and ``keikaku_previous_plan``
are read once per build, at its start (``env-before-read-docs``), into an
:class:`ExternalState` kept beside the environment; every later step (the
checks of ``:serves:``, the needs, the blocks, ``plan-alignment``,
``plan-changes``, the export) reads that one state. A file that cannot be
used is a ``keikaku.data`` finding at the line of conf.py naming it, and
the build goes on without it.

A changed file is a build dependency: :mod:`.external_hooks` compares the
digest of everything read from the files with the last build's and names
the pages that show any of it, which Sphinx then writes again, although
their sources did not change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import Kind, Measure, Plan, Vision
from sphinxcontrib_keikaku.core.naming import describe_object, kind_noun
from sphinxcontrib_keikaku.core.planfile import (
    FileObject,
    PlanFile,
    PlanFileError,
    parse_plan_bytes,
    read_plan_bytes,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.settings_external import (
    ExternalPlan,
    external_plans,
)
from sphinxcontrib_keikaku.sphinxext.state import state as build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The kinds an object may serve in another plan.
SERVABLE = ("vision", "measure")


@dataclass
class ExternalState:
    """What this build read from other plans' files."""

    #: name -> (the setting's entry, the file read, or None if unusable)
    plans: dict[str, tuple[ExternalPlan, PlanFile | None]] = field(default_factory=dict)
    previous: PlanFile | None = None
    #: Problems of the files themselves (missing, not JSON, …).
    findings: list[Finding] = field(default_factory=list)
    #: A digest of everything read: it changes when any file does.
    digest: str = ""

    def lookup(self, entry: str) -> tuple[ExternalPlan, FileObject] | None:
        """The plan and object that ``name:ID`` names, if both exist."""
        name, _sep, object_id = entry.partition(":")
        plan_entry, plan_file = self.plans.get(name, (None, None))
        if plan_entry is None or plan_file is None:
            return None
        obj = plan_file.objects.get(object_id)
        return None if obj is None else (plan_entry, obj)

    def served_by(
        self, project: str
    ) -> dict[str, list[tuple[ExternalPlan, FileObject]]]:
        """Id of an object of the plan *project* -> the external objects
        serving it, plan by plan in the setting's order."""
        result: dict[str, list[tuple[ExternalPlan, FileObject]]] = {}
        for plan_entry, plan_file in self.plans.values():
            if plan_file is None:
                continue
            for object_id, targets in plan_file.serving(project).items():
                for target in targets:
                    result.setdefault(target, []).append(
                        (plan_entry, plan_file.objects[object_id])
                    )
        return result


def _setting_place(app: Sphinx, name: str) -> tuple[str | None, int | None]:
    return setting_location(app.confdir or app.srcdir, app.config, name)


def load_state(app: Sphinx) -> ExternalState:
    """Read every external plan and the previous edition afresh."""
    srcdir = Path(app.srcdir)
    state = ExternalState()
    digest = hashlib.blake2b(digest_size=16)
    for entry in external_plans(app.config):
        plan_file: PlanFile | None = None
        try:
            plan_file = _read(srcdir, entry.path, digest)
        except PlanFileError as err:
            path, lineno = _setting_place(app, "keikaku_external_plans")
            state.findings.append(
                Finding(
                    Rule.DATA,
                    _("external plan %r: %s") % (entry.name, err),
                    path=path,
                    lineno=lineno,
                )
            )
        digest.update(repr(entry).encode())
        state.plans[entry.name] = (entry, plan_file)
    previous = app.config.keikaku_previous_plan
    if previous:
        try:
            state.previous = _read(srcdir, previous, digest)
        except PlanFileError as err:
            path, lineno = _setting_place(app, "keikaku_previous_plan")
            state.findings.append(
                Finding(
                    Rule.DATA,
                    _("previous plan: %s") % err,
                    path=path,
                    lineno=lineno,
                )
            )
    state.digest = digest.hexdigest()
    return state


def _read(srcdir: Path, path: str, digest: hashlib.blake2b) -> PlanFile:
    # Read once, within the size limit: the digest and the plan come from
    # the same bytes.
    try:
        raw = read_plan_bytes(srcdir / path, path)
    except PlanFileError:
        digest.update(b"\0missing")
        raise
    digest.update(raw)
    return parse_plan_bytes(raw, path)


def get_state(env: BuildEnvironment) -> ExternalState:
    """This build's :class:`ExternalState` (read now if not yet read)."""
    current = build_state(env)
    if current.external is None:
        current.external = load_state(current.app)
    return current.external


def begin_build(app: Sphinx) -> ExternalState:
    """Read the files afresh for the build that starts now."""
    state = build_state(app.env).external = load_state(app)
    return state


def add_findings(env: BuildEnvironment, plan: Plan) -> None:
    """Add the findings of the files and of every ``:serves:`` to *plan*
    (called while the plan is built, so that they count like any other)."""
    state = get_state(env)
    findings = list(state.findings)
    findings += _serving_another_name(env, state)
    for obj in plan.objects.values():
        if isinstance(obj, (Vision, Measure)):
            findings += _check_serves(state, obj)
    domain = get_domain(env)
    if state.previous is None and not env.config.keikaku_previous_plan:
        for docname, refs in sorted(domain.table_refs.items()):
            for lineno, directive, _ids, _kind in refs:
                if directive == "plan-changes":
                    findings.append(
                        Finding(
                            Rule.CONFIG,
                            _(
                                "plan-changes compares with an earlier edition: set "
                                "keikaku_previous_plan in conf.py to its plan.json"
                            ),
                            docname,
                            lineno,
                        )
                    )
    if findings:
        plan.findings = sorted([*plan.findings, *findings], key=lambda f: f.sort_key)


def _serving_another_name(env: BuildEnvironment, state: ExternalState) -> list[Finding]:
    """``data``: an external plan serves a plan of a name no plan of this
    build has, and nothing of this project.

    A plan.json says whom its ``:serves:`` point to by the ``project`` of
    each plan it read; after this project is renamed, the other plan's
    export still names the old name until it is built again, and every
    "served by" here would be empty without a word."""
    ours = env.config.project
    known = {ours} | {f.project for _entry, f in state.plans.values() if f}
    findings: list[Finding] = []
    for name, (_entry, plan_file) in state.plans.items():
        if plan_file is None or plan_file.serving(ours):
            continue
        serving = {
            entry.partition(":")[0]
            for obj in plan_file.objects.values()
            for entry in obj.serves
        }
        others = sorted(
            {
                project
                for plan_name, project in plan_file.external_projects.items()
                if plan_name in serving and project and project not in known
            }
        )
        if not others:
            continue
        from sphinxcontrib_keikaku.sphinxext.apps import app_of

        path, lineno = _setting_place(app_of(env), "project")
        findings.append(
            Finding(
                Rule.DATA,
                _(
                    "the external plan %(name)r (%(path)s) has objects serving "
                    "a plan named %(other)r, not this project %(ours)r, so "
                    "nothing of it is shown as serving this plan: if %(other)r "
                    "is this plan's earlier name, build %(name)r again so that "
                    "it reads this plan's plan.json, or set project in conf.py "
                    "back to %(other)r"
                )
                % {
                    "name": name,
                    "path": plan_file.path,
                    "other": others[0],
                    "ours": ours,
                },
                path=path,
                lineno=lineno,
            )
        )
    return findings


def _check_serves(state: ExternalState, obj: Vision | Measure) -> list[Finding]:
    findings: list[Finding] = []
    subject = describe_object(obj.kind, obj.id, obj.title)
    for entry in obj.serves:
        name, _sep, object_id = entry.partition(":")
        if name not in state.plans:
            known = ", ".join(state.plans) or _("none")
            message = _(
                ":serves: of %s names %s, but no external plan is named %r; "
                "add it to keikaku_external_plans (the plans named there: %s)"
            ) % (subject, entry, name, known)
        else:
            plan_file = state.plans[name][1]
            if plan_file is None:
                continue  # the file's own problem is reported once
            target = plan_file.objects.get(object_id)
            if target is None:
                message = _(
                    ":serves: of %s names %s, which the plan %r (%s) does not have"
                ) % (subject, entry, name, plan_file.project or plan_file.path)
            elif target.kind not in SERVABLE:
                message = _(
                    ":serves: of %s names %s, which is %s; name a vision or a "
                    "measure of that plan"
                ) % (subject, entry, _kind_noun(target.kind))
            else:
                continue
        findings.append(
            Finding(Rule.UNKNOWN_ID, message, obj.docname, obj.lineno, obj.id)
        )
    return findings


def _kind_noun(kind: str) -> str:
    """ "an indicator", or the kind as the other plan wrote it (a kind this
    keikaku does not know, from a later release)."""
    try:
        return kind_noun(Kind(kind))
    except ValueError:
        return repr(kind)


def external_pages(env: BuildEnvironment, plan: Plan) -> set[str]:
    """Pages that show something read from the files: objects serving or
    served, and the pages with tables of the whole plan or needs views."""
    domain = get_domain(env)
    state = get_state(env)
    served = state.served_by(env.config.project)
    pages = {d for d, whole in domain.plan_pages.items() if whole}
    pages |= set(domain.view_pages)
    for obj in plan.objects.values():
        if getattr(obj, "serves", ()) or obj.id in served:
            pages.add(obj.docname)
    return pages


def external_digest(env: BuildEnvironment) -> str:
    """The digest of the files read (for the open data files' freshness)."""
    return get_state(env).digest
