"""``plan-alignment`` and ``plan-changes``: the plan beside other plans.

Like the other presentation directives they leave a
:class:`~.nodes.plan_table` placeholder and mark the page as showing the
whole plan; the tables are made at resolve time from the plan and the
files read for this build (:mod:`.external`,
:mod:`sphinxcontrib_keikaku.output.tables.external`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar

from docutils.parsers.rst import directives

from sphinxcontrib_keikaku.sphinxext.presentation import PlanTableDirective


class AlignmentDirective(PlanTableDirective):
    """``plan-alignment``: which external plans serve which measures."""

    table = "alignment"


class ChangesDirective(PlanTableDirective):
    """``plan-changes``: what changed since ``keikaku_previous_plan``."""

    table = "changes"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "caption": directives.unchanged,
    }


EXTERNAL_DIRECTIVES: MappingProxyType[str, type[PlanTableDirective]] = MappingProxyType(
    {
        "plan-alignment": AlignmentDirective,
        "plan-changes": ChangesDirective,
    }
)
