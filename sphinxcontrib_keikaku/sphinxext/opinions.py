"""Citizens' voice in the build: the sheets read, the rules run.

Called from :func:`.hooks._make_plan` on every build, after reading: the
opinions of ``keikaku_opinion_files`` join the directives' opinions, and
:func:`~.core.opinions.check_opinions` runs against the settings in force
(and the previous edition, ``keikaku_previous_plan``, when it is read). A
sheet's problems are located at its file and row (by full path, as for the
data files), a problem of a whole sheet at the line of ``conf.py`` that
names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.opinions import Opinion, OpinionSettings
from sphinxcontrib_keikaku.core.opinions_checks import (
    check_opinions,
    duplicated_opinion_ids,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.data.opinion_sheets import read_opinion_sheets
from sphinxcontrib_keikaku.sphinxext.records import locate_sheet_finding
from sphinxcontrib_keikaku.sphinxext.settings_axes import axes_of

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_keikaku.core.model import Plan, PlanObject

#: The classification axis whose values an opinion's ``:district:`` names.
DISTRICT_AXIS = "district"


def opinion_settings(config: Config) -> OpinionSettings:
    """The settings opinions are read against in this build."""
    district = next((a for a in axes_of(config) if a.name == DISTRICT_AXIS), None)
    return OpinionSettings(
        channels=tuple(config.keikaku_opinion_channels),
        dispositions=tuple(config.keikaku_dispositions),
        districts=district.values if district is not None else None,
    )


def with_sheet_opinions(
    env: BuildEnvironment, objects: list[PlanObject]
) -> tuple[list[PlanObject], list[Finding]]:
    """*objects* with the opinions of the opinion sheets after them, and the
    sheets' problems."""
    paths = env.config.keikaku_opinion_files
    if not paths:
        return objects, []
    opinions, findings = read_opinion_sheets(
        Path(env.srcdir),
        paths,
        error_limit=env.config.keikaku_data_error_limit,
        cache_dir=Path(env.doctreedir) / "keikaku-opinions",
    )
    return [*objects, *opinions], findings


def with_opinion_findings(
    env: BuildEnvironment, plan: Plan, sheet_findings: list[Finding]
) -> list[Finding]:
    """The plan's findings with those of the rules on opinions and of the
    sheets; each of a sheet (an opinion's own problems included) located
    at the sheet's full path."""
    from sphinxcontrib_keikaku.sphinxext.external import get_state

    opinions = [
        obj
        for obj in [*plan.objects.values(), *plan.duplicates, *plan.unidentified]
        if isinstance(obj, Opinion)
    ]
    if not opinions and not sheet_findings:
        return plan.findings
    previous = get_state(env).previous if env.config.keikaku_previous_plan else None
    found = check_opinions(
        plan,
        opinions,
        opinion_settings(env.config),
        previous.objects if previous is not None else None,
    )
    sheets = set(env.config.keikaku_opinion_files)
    shared = duplicated_opinion_ids(plan)
    # check_opinions names both places of an id an opinion shares
    kept = [
        f
        for f in plan.findings
        if not (f.rule is Rule.DUPLICATE_ID and f.object_id in shared)
    ]
    return [
        locate_sheet_finding(env, f, "keikaku_opinion_files") if f.path in sheets else f
        for f in [*kept, *found, *sheet_findings]
    ]
