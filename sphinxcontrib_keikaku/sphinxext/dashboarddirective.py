"""``plan-dashboard``, ``plan-logic-model`` and ``plan-alerts``: the plan at
a glance, one vision as a logic model, and what needs attention.

Both leave a :class:`~.nodes.plan_table` placeholder, filled at resolve time
(:mod:`sphinxcontrib_keikaku.output.tables.dashboard`,
:mod:`sphinxcontrib_keikaku.output.tables.logicmodel`), and mark their page
as showing the whole plan, so an edit anywhere updates them. Their options
are read here: a value that cannot be read is a ``keikaku.value`` finding at
the option's line, reported by the check pass on every build (never a
docutils error), and the option is then left out.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinxcontrib_keikaku.core.alerts import KINDS, parse_kinds
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.logicmodel import ENGINES
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    parse_id_list,
)
from sphinxcontrib_keikaku.sphinxext.directives import option_line, yes_no
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.presentation import PlanTableDirective

__all__ = [
    "DASHBOARD_DIRECTIVES",
    "AlertsDirective",
    "DashboardDirective",
    "LogicModelDirective",
]


class _CheckedOptions(PlanTableDirective):
    """Options read in :meth:`run`, their problems kept as findings."""

    def problem(self, name: str | None, message: str) -> None:
        line = (
            option_line(self.block_text, self.lineno, name)
            if name is not None
            else self.lineno
        )
        get_domain(self.env).add_problem(
            Finding(Rule.VALUE, message, self.env.docname, line)
        )

    def read_ids(self) -> bool:
        """``:vision:`` as a list of ids (unknown ids: the check pass);
        False when it was given but cannot be read (and is left out)."""
        if "vision" not in self.options:
            return True
        try:
            self.options["vision"] = [
                check_id(part) for part in parse_id_list(self.options["vision"])
            ]
        except PlanValueError as err:
            self.problem(
                "vision",
                _(":vision: of %s cannot be read: %s") % (self.name, err),
            )
            del self.options["vision"]
            return False
        return True


class DashboardDirective(_CheckedOptions):
    """``plan-dashboard``: per vision, measures, grades, achievement, budget
    execution and data completeness, each linked to its detailed table."""

    table = "dashboard"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "vision": directives.unchanged,
        "level": directives.unchanged,
        "caption": directives.unchanged,
        # what needs attention below the cards (plan-alerts of the scope)
        "alerts": yes_no,
    }

    def run(self) -> list[nodes.Node]:
        self.read_ids()
        if "level" in self.options:
            raw = str(self.options["level"] or "").strip()
            level = int(raw) if raw.isascii() and raw.isdigit() else 0
            if level < 1:
                self.problem(
                    "level",
                    _(
                        ":level: of plan-dashboard cannot be read: %r; write a "
                        "whole number from 1 (the top visions) down"
                    )
                    % raw,
                )
                del self.options["level"]
            else:
                self.options["level"] = level
        return super().run()


class LogicModelDirective(_CheckedOptions):
    """``plan-logic-model``: one vision as budget links → measures →
    indicators → visions, drawn by keikaku (or Graphviz, ``:engine:``) and
    listed as text."""

    table = "logic-model"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "vision": directives.unchanged,
        "caption": directives.unchanged,
        "engine": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        if "engine" in self.options:
            engine = str(self.options["engine"] or "").strip()
            if engine in ENGINES:
                self.options["engine"] = engine
            else:
                self.problem(
                    "engine",
                    _(
                        ":engine: of plan-logic-model cannot be read: %r; write "
                        "'keikaku' (the default: keikaku draws the diagram "
                        "itself) or 'graphviz' (Graphviz's dot program draws it)"
                    )
                    % engine,
                )
                del self.options["engine"]
        readable = self.read_ids()
        ids = self.options.get("vision") or []
        if readable and len(ids) != 1:
            self.problem(
                "vision" if "vision" in self.options else None,
                _(
                    "plan-logic-model shows one vision: write ':vision:' with "
                    "one vision id, e.g. ':vision: V1'"
                ),
            )
            self.options.pop("vision", None)
        result = super().run()
        placeholder = result[0]
        assert isinstance(placeholder, nodes.Element)
        # where a diagram that cannot be drawn is reported, at write time
        placeholder["options"]["at"] = (self.env.docname, self.lineno)
        engine = self.options.get("engine") or self.config.keikaku_logic_model_engine
        if engine == "graphviz":
            # the page is written again when dot appears or goes (.programs)
            placeholder["keikaku_needs_graphviz"] = True
        return result


class AlertsDirective(_CheckedOptions):
    """``plan-alerts``: what needs attention (core.alerts), each alert linked
    to its object and explained in one line."""

    table = "alerts"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "vision": directives.unchanged,
        "department": directives.unchanged,
        "kinds": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        self.read_ids()
        if "kinds" in self.options:
            known, unknown = parse_kinds(str(self.options["kinds"] or ""))
            if unknown or not known:
                self.problem(
                    "kinds",
                    _(
                        ":kinds: of plan-alerts names %s, which is no kind of "
                        "alert; write some of: %s (%s)"
                    )
                    % (
                        ", ".join(map(repr, unknown)) or _("nothing"),
                        ", ".join(KINDS),
                        _("the known kinds are shown")
                        if known
                        else _("every kind is shown"),
                    ),
                )
            if known:
                self.options["kinds"] = known
            else:
                del self.options["kinds"]
        if "department" in self.options:
            self.options["department"] = str(self.options["department"] or "").strip()
        return super().run()


DASHBOARD_DIRECTIVES: MappingProxyType[str, type[PlanTableDirective]] = (
    MappingProxyType(
        {
            "plan-dashboard": DashboardDirective,
            "plan-logic-model": LogicModelDirective,
            "plan-alerts": AlertsDirective,
        }
    )
)
