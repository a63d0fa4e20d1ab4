"""The presentation directives: ``plan-coverage``, ``plan-matrix``,
``plan-evaluation``, ``plan-budget`` and ``indicator-chart``.

Each directive leaves a :class:`~.nodes.plan_table` placeholder and marks
its page as showing the whole plan; the table is computed at resolve time
(:mod:`sphinxcontrib_keikaku.output.tables`), so a table on one page is
rewritten whenever an object on any other page changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    parse_id_list,
    parse_period,
)
from sphinxcontrib_keikaku.sphinxext.directives import read_flag, yes_no
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.history import (
    fiscal_year_text,
    read_year_options,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_table


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
    return directives.choice(text, ("vision", "department", "account"))


def _vision_ids(text: str) -> list[str]:
    return parse_id_list(text)


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
        node = plan_table(
            table=self.table,
            options=dict(self.options),
            docname=docname,
            lineno=self.lineno,
        )
        self.set_source_info(node)
        domain.note_plan_page(docname, whole_plan=True)
        domain.add_table_ref(
            docname, self.lineno, self.name, self.options.get("vision", [])
        )
        return [node]


class CoverageDirective(PlanTableDirective):
    """``plan-coverage``: how completely each vision is traced down."""

    table = "coverage"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "level": _level,
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
        "level": _level,
        "by": _by,
        "years": _years,
        "no-chart": yes_no,
    }


class IndicatorChartDirective(PlanTableDirective):
    """``indicator-chart``: the chart of one indicator, anywhere in the plan."""

    table = "chart"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        result = super().run()
        get_domain(self.env).add_table_ref(
            self.env.docname,
            self.lineno,
            self.name,
            [self.options["id"].strip()],
            kind="indicator",
        )
        return result


TABLE_DIRECTIVES: dict[str, type[PlanTableDirective]] = {
    "plan-coverage": CoverageDirective,
    "plan-matrix": MatrixDirective,
    "plan-evaluation": EvaluationDirective,
    "plan-budget": BudgetDirective,
    "indicator-chart": IndicatorChartDirective,
}
