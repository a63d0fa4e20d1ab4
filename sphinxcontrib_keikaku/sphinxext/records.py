"""Evaluation records in the build: the sheets read, the rules run.

Called from :func:`.hooks._make_plan` on every build, after reading: the
records of ``keikaku_evaluation_files`` join the directives' records, and
:func:`~.core.evaluation_records.check_records` runs against the settings
in force. A sheet's problems are located at its file and row (by full path,
as for the data files; its header's at the header row), a problem of a
whole file (missing, unreadable) at the line of ``conf.py`` that names it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.evaluation_records import canonical_choice, read_stage
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import (
    EvaluationRecord,
    Plan,
    PlanObject,
    fingerprint,
)
from sphinxcontrib_keikaku.core.record_checks import (
    check_records,
    describe_record,
    duplicated_record_ids,
)
from sphinxcontrib_keikaku.core.records import ErrorLimit
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import PlanValueError
from sphinxcontrib_keikaku.core.years import YearStyle
from sphinxcontrib_keikaku.data.evaluation_sheets import read_evaluation_sheets
from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def with_sheet_records(
    env: BuildEnvironment, objects: list[PlanObject]
) -> tuple[list[PlanObject], list[Finding]]:
    """*objects* with each record's stage read against the stages in force,
    and the records of the evaluation sheets after them; the sheets'
    problems."""
    config = env.config
    stages: tuple[str, ...] = config.keikaku_evaluation_stages
    choices = _Choices(
        stages,
        tuple(label for label, _minimum in config.keikaku_grades),
        tuple(config.keikaku_directions),
        config.keikaku_year_style,
        config.language,
    )
    result = [
        _canonical(obj, choices) if isinstance(obj, EvaluationRecord) else obj
        for obj in objects
    ]
    paths = config.keikaku_evaluation_files
    if not paths:
        return result, []
    records, findings = read_evaluation_sheets(
        Path(env.srcdir),
        paths,
        stages=stages,
        language=env.config.language,
        error_limit=env.config.keikaku_data_error_limit,
        # beside the data files' (data/cache.py), in a folder of its own
        cache_dir=Path(env.doctreedir) / "keikaku-sheets",
    )
    # a sheet's stage was read against the stages in force; its grade and
    # direction are made canonical here, as a directive's are
    sheet_records = [_canonical(r, choices, stage=False) for r in records]
    return [*result, *sheet_records], findings


@dataclasses.dataclass(frozen=True)
class _Choices:
    """The names in force: ``keikaku_evaluation_stages``, the grades of
    ``keikaku_grades`` and ``keikaku_directions``."""

    stages: tuple[str, ...]
    grades: tuple[str, ...]
    directions: tuple[str, ...]
    #: How messages write years (``keikaku_year_style``) and in what language.
    style: YearStyle
    language: str | None


def _canonical(
    record: EvaluationRecord, choices: _Choices, *, stage: bool = True
) -> EvaluationRecord:
    """*record* naming its stage, grade and direction as the settings do
    (``Ｂ`` typed with the IME on is ``B``; a copy, as for data-file values:
    the domain's object stays as written). A grade or direction that is
    none of them is left as written, for :func:`check_records` to report."""
    changes: dict[str, object] = {}
    if stage:
        try:
            canonical = read_stage(record.stage, choices.stages)
        except PlanValueError as err:
            problem = Finding(
                Rule.VALUE,
                _(":stage: of %s cannot be read: %s")
                % (
                    describe_record(
                        record, style=choices.style, language=choices.language
                    ),
                    err,
                ),
                record.docname,
                record.line_of("stage"),
                record.id or None,
            )
            changes["problems"] = [*record.problems, problem]
        else:
            if canonical != record.stage:
                changes["stage"] = canonical
    for name, allowed in (
        ("grade", choices.grades),
        ("direction", choices.directions),
    ):
        written: str = getattr(record, name)
        choice = canonical_choice(written, allowed) if written else None
        if choice is not None and choice != written:
            changes[name] = choice
    if not changes:
        return record
    copy = dataclasses.replace(record, digest="", **changes)  # type: ignore[arg-type]
    fingerprint(copy)
    return copy


def with_record_findings(
    env: BuildEnvironment, plan: Plan, sheet_findings: list[Finding]
) -> list[Finding]:
    """The plan's findings with those of the rules on records and of the
    sheets, each located, sorted by place."""
    config = env.config
    records = [
        obj
        for obj in [*plan.objects.values(), *plan.duplicates, *plan.unidentified]
        if isinstance(obj, EvaluationRecord)
    ]
    if not records and not sheet_findings:
        return plan.findings
    found = check_records(
        plan,
        records,
        grades=[label for label, _minimum in config.keikaku_grades],
        directions=config.keikaku_directions,
        stages=config.keikaku_evaluation_stages,
        period=config.keikaku_plan_period,
        style=config.keikaku_year_style,
        language=config.language,
    )
    sheets = set(config.keikaku_evaluation_files)
    shared = duplicated_record_ids(plan)
    # check_records names both places of records sharing an id
    kept = [
        f
        for f in plan.findings
        if not (f.rule is Rule.DUPLICATE_ID and f.object_id in shared)
    ]
    findings = [
        locate_sheet_finding(env, f, "keikaku_evaluation_files")
        if f.path in sheets
        else f
        for f in [*kept, *_bounded(found, sheets, config), *sheet_findings]
    ]
    findings.sort(key=lambda f: f.sort_key)
    return findings


def _bounded(
    findings: list[Finding], sheets: set[str], config: Config
) -> list[Finding]:
    """*findings* with at most ``keikaku_data_error_limit`` of them located
    in each sheet, then one with the count of the rest: a row pasted 100,000
    times is one duplicate each, and the first ones say what is wrong."""
    limit = ErrorLimit(config.keikaku_data_error_limit)
    kept = [
        f
        for f in sorted(findings, key=lambda f: f.sort_key)
        if f.path not in sheets
        or limit.admit(str(f.path), None, f.lineno, warning=_warning(f))
    ]
    return kept + limit.summary()


def _warning(finding: Finding) -> bool:
    """Whether *finding* cannot fail the build as it stands, so that hiding
    it must not either."""
    return finding.severity(finding.rule.default_severity) != "error"


def locate_sheet_finding(
    env: BuildEnvironment, finding: Finding, setting: str
) -> Finding:
    """*finding* of a sheet at its file and row, under the source directory;
    a finding of a whole file without a row at the line of *setting* in
    ``conf.py`` that names the file."""
    if finding.lineno:
        return dataclasses.replace(
            finding, path=str(Path(env.srcdir) / str(finding.path))
        )
    from sphinxcontrib_keikaku.sphinxext.apps import app_of

    app = app_of(env)
    path, lineno = setting_location(app.confdir or env.srcdir, env.config, setting)
    return dataclasses.replace(finding, path=path, lineno=lineno)
