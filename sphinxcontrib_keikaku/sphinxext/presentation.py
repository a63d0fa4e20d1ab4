"""The presentation directives: ``plan-coverage``, ``plan-matrix``,
``plan-evaluation``, ``plan-budget`` and ``indicator-chart``.

Each directive leaves a :class:`~.nodes.plan_table` placeholder and marks
its page as showing the whole plan; the table is computed at resolve time
(:mod:`sphinxcontrib_keikaku.output.tables`), so a table on one page is
rewritten whenever an object on any other page changes.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    parse_id_list,
    parse_period,
)
from sphinxcontrib_keikaku.sphinxext.directives import option_line, read_flag, yes_no
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.history import (
    fiscal_year_text,
    read_year_options,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_table
from sphinxcontrib_keikaku.sphinxext.translation import messages_node, translate_text


def _level(text: str) -> int:
    try:
        level = int(text)
    except ValueError:
        level = 0
    if level < 1:
        raise ValueError(_("write a whole number from 1 (the top visions) down"))
    return level


def _years(text: str) -> tuple[int, int]:
    try:
        return (
            parse_period(text)
            if "-" in text or "～" in text or "〜" in text
            else (parse_period(f"{text}-{text}"))
        )
    except PlanValueError as err:
        raise ValueError(str(err)) from None


def _by(text: str) -> str:
    choices = ("vision", "department", "account")
    if text.strip() not in choices:
        raise ValueError(
            _("%r is not a row kind; write vision, department or account")
            % text.strip()
        )
    return text.strip()


#: Options read in :meth:`PlanTableDirective.run` rather than by docutils,
#: so that a bad value is a located ``keikaku.value`` finding (docutils
#: would stop the directive with an error of its own): name -> reader.
_READ_IN_RUN: MappingProxyType[str, Callable[[str], Any]] = MappingProxyType(
    {
        "level": _level,
        "by": _by,
        "years": _years,
    }
)


def _as_written(text: str | None) -> str:
    """The ``option_spec`` converter of an option read in ``run()``."""
    return text or ""


def _vision_ids(text: str) -> list[str]:
    return parse_id_list(text)


#: The options of a table whose text the author writes (and translates).
_TRANSLATED_OPTIONS = ("caption", "department")


class PlanTableDirective(SphinxDirective):
    """Common behaviour: a placeholder that depends on the whole plan."""

    table: ClassVar[str]
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "vision": _vision_ids,
        "department": directives.unchanged_required,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        domain = get_domain(self.env)
        for name, converter in self.option_spec.items():
            if converter is not yes_no or name not in self.options:
                continue
            # the tables test "name in options": an off flag is left out
            on, problem = read_flag(self, name, self.name)
            if problem is not None:
                domain.add_problem(problem)
            if not on:
                del self.options[name]
        read_year_options(self, domain)
        for name, reader in _READ_IN_RUN.items():
            if self.option_spec.get(name) is _as_written and name in self.options:
                problem = self._read(name, reader)
                if problem is not None:
                    domain.add_problem(problem)
        # author text in the build's language; the filter then matches the
        # objects' translated departments (issue 18)
        originals = [str(self.options.get(n) or "") for n in _TRANSLATED_OPTIONS]
        for name in _TRANSLATED_OPTIONS:
            if isinstance(self.options.get(name), str):
                self.options[name] = translate_text(self.env, self.options[name])
        node = plan_table(
            table=self.table,
            options=dict(self.options),
            docname=docname,
            lineno=self.lineno,
        )
        self.set_source_info(node)
        domain.note_plan_page(docname, whole_plan=True)
        domain.note_whole_table(docname, self.table, dict(self.options))
        domain.add_table_ref(
            docname, self.lineno, self.name, self.options.get("vision", [])
        )
        return [node, messages_node(self, originals)]

    def _read(self, name: str, reader: Callable[[str], Any]) -> Finding | None:
        """Replace the option *name* by its value; a value that cannot be
        read is left out (the default is used) and returned as a finding."""
        raw = str(self.options[name])
        try:
            self.options[name] = reader(raw)
        except ValueError as err:
            del self.options[name]
            return Finding(
                Rule.VALUE,
                _(":%s: of %s cannot be read: %s; the default is used")
                % (name, self.name, err),
                self.env.docname,
                option_line(self.block_text, self.lineno, name),
            )
        return None


class CoverageDirective(PlanTableDirective):
    """``plan-coverage``: how completely each vision is traced down."""

    table = "coverage"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "level": _as_written,
        "gaps": yes_no,
    }


class MatrixDirective(PlanTableDirective):
    """``plan-matrix``: vision → measure → indicators and budget links."""

    table = "matrix"


class EvaluationDirective(PlanTableDirective):
    """``plan-evaluation``: indicators' achievement and measures' grades."""

    table = "evaluation"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "no-chart": yes_no,
        "year": fiscal_year_text,
    }


class BudgetDirective(PlanTableDirective):
    """``plan-budget``: budget and settlement per vision and fiscal year."""

    table = "budget"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "level": _as_written,
        "by": _as_written,
        "years": _as_written,
        "no-chart": yes_no,
        "funding": yes_no,
        # staff time, staff cost and total cost (core.staffcost)
        "cost": yes_no,
    }


class IndicatorChartDirective(PlanTableDirective):
    """``indicator-chart``: the chart of one indicator, anywhere in the plan."""

    table = "chart"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        # an empty :id: is reported in run(), like a missing one
        "id": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        indicator_id = str(self.options.get("id") or "").strip()
        if not indicator_id:
            # docutils checks an option's value only when it is given: a
            # chart without :id: would reach the tables with nothing to draw
            get_domain(self.env).add_problem(
                Finding(
                    Rule.VALUE,
                    _(
                        "indicator-chart needs :id: with the id of an indicator "
                        "of the plan (such as :id: I1-1-a); no chart is drawn"
                    ),
                    self.env.docname,
                    self.lineno,
                )
            )
            return []
        self.options["id"] = indicator_id
        result = super().run()
        get_domain(self.env).add_table_ref(
            self.env.docname,
            self.lineno,
            self.name,
            [indicator_id],
            kind="indicator",
        )
        return result


TABLE_DIRECTIVES: MappingProxyType[str, type[PlanTableDirective]] = MappingProxyType(
    {
        "plan-coverage": CoverageDirective,
        "plan-matrix": MatrixDirective,
        "plan-evaluation": EvaluationDirective,
        "plan-budget": BudgetDirective,
        "indicator-chart": IndicatorChartDirective,
    }
)
