"""The implementation plan's checks, placed for the report.

Run once per build on the plan with the data files applied
(:func:`~.hooks._make_plan`): the funding split of every budget link
(:func:`~.core.funding.check_funding`, at the directive) and the financial
frame (:func:`~.core.budgetplan.check_frame`, at the line of ``conf.py``
that sets ``keikaku_fiscal_frame``: the frame is what a reader revises or
the projects are, and the setting is the one place that names the year).
Then staff time (:mod:`~sphinxcontrib_keikaku.core.staffcost`): negative
counts at the directive, and staff time without ``keikaku_staff_cost``
once per build, at the first budget link that gives it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.core.budgetplan import check_frame
from sphinxcontrib_keikaku.core.funding import check_funding
from sphinxcontrib_keikaku.core.staffcost import (
    StaffRates,
    check_staff_time,
    missing_rates,
)
from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_keikaku.core.findings import Finding
    from sphinxcontrib_keikaku.core.model import Plan


def budget_findings(env: BuildEnvironment, plan: Plan) -> list[Finding]:
    """The funding and frame findings of *plan*."""
    written = set(get_domain(env).fingerprints_as_written().values())
    findings = list(check_funding(plan, written))
    frame = check_frame(plan, env.config.keikaku_fiscal_frame)
    if frame:
        from sphinxcontrib_keikaku.sphinxext.apps import app_of

        confdir = app_of(env).confdir or env.srcdir
        path, lineno = setting_location(confdir, env.config, "keikaku_fiscal_frame")
        findings += [dataclasses.replace(f, path=path, lineno=lineno) for f in frame]
    rates = StaffRates.of(env.config.keikaku_staff_cost)
    findings += check_staff_time(plan, rates, written)
    unset = missing_rates(plan, rates)
    if unset is not None:
        findings.append(unset)
    return findings
