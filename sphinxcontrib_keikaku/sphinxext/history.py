"""Sphinx glue of the evaluation year and the history (issue 14).

- :func:`scheme_of` and :func:`plan_year`: the evaluation settings and the
  fiscal year the plan is evaluated as of, from the configuration.
- :func:`recorded_cells`: the recorded grades and directions the history
  and the evaluation tables show beside the computed ones, by (object id,
  fiscal year), from the ``evaluation`` directives and the evaluation
  sheets; a plan without records has none, and then the recorded columns
  and the summary of directions do not show.
- :func:`fiscal_year_text`, :func:`period_text` and
  :func:`read_year_options`: the ``:year:`` and ``:years:`` options of the
  presentation directives, read in the directive so that a bad value is a
  located ``keikaku.value`` finding, not a docutils error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.analysis import select_measures
from sphinxcontrib_keikaku.core.evaluation_records import all_records
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.history import (
    History,
    RecordedCell,
    Scheme,
    evaluation_year,
    history,
    history_years,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    parse_fiscal_year,
    parse_period,
)
from sphinxcontrib_keikaku.sphinxext.directives import option_line
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.util.docutils import SphinxDirective

    from sphinxcontrib_keikaku.core.model import Plan
    from sphinxcontrib_keikaku.sphinxext.domain import KeikakuDomain

__all__ = [
    "fiscal_year_text",
    "history_of",
    "period_text",
    "plan_year",
    "read_year_options",
    "recorded_cells",
    "scheme_of",
]


def scheme_of(config: Config) -> Scheme:
    """The evaluation settings of this project."""
    return Scheme(
        method=config.keikaku_achievement,
        basis=config.keikaku_evaluation_basis,
        grades=config.keikaku_grades,
        rollup=config.keikaku_rollup,
        progress=config.keikaku_progress,
    )


def plan_year(plan: Plan, config: Config) -> int | None:
    """The fiscal year *plan* is evaluated as of (see
    :func:`~sphinxcontrib_keikaku.core.history.evaluation_year`)."""
    key = ("history.plan_year",)
    if key not in plan.cache:
        plan.cache[key] = evaluation_year(
            plan, config.keikaku_evaluation_year, config.keikaku_evaluation_basis
        )
    year = plan.cache[key]
    return year if isinstance(year, int) else None


def history_of(plan: Plan, config: Config, options: dict[str, Any]) -> History:
    """The history one ``plan-history`` with *options* shows.

    Kept in the plan's cache: the table, the digest that decides whether
    its page is written again (:mod:`.shown`) and ``plan.json``'s history
    ask for the same one. Only the options that decide the rows are in the
    key, so a table's caption or chart does not make it another history.
    """
    key = (
        "history.of",
        repr(options.get("years")),
        repr(options.get("vision")),
        repr(options.get("department")),
        "indicators" in options,
    )
    cached = plan.cache.get(key)
    if isinstance(cached, History):
        return cached
    up_to = plan_year(plan, config)
    found = history(
        plan,
        history_years(plan, options.get("years") or config.keikaku_plan_period, up_to),
        evaluated_up_to=up_to,
        scheme=scheme_of(config),
        measures=select_measures(
            plan, options.get("vision") or [], options.get("department") or ""
        ),
        indicators="indicators" in options,
        records=recorded_cells(plan),
    )
    plan.cache[key] = found
    return found


def recorded_cells(plan: Plan) -> dict[tuple[str, int], RecordedCell]:
    """Recorded grade and direction by (object id, fiscal year).

    The record of the last stage of each (object, year) counts, from the
    ``evaluation`` directive or an evaluation sheet (which has no page, so
    no link). A plan without records gives an empty mapping.
    """
    key = ("history.records",)
    cached = plan.cache.get(key)
    if isinstance(cached, dict):
        return cached
    cells: dict[tuple[str, int], RecordedCell] = {}
    # in order of fiscal year and stage, so the last stage of a year wins
    for record in all_records(plan):
        if record.year is None or not record.of:
            continue
        on_page = not record.path  # a record of a data file has no page
        cells[(record.of, record.year)] = RecordedCell(
            grade=record.grade,
            direction=record.direction,
            docname=record.docname if on_page else "",
            anchor=record.id if on_page else "",
            label=record.stage,
        )
    plan.cache[key] = cells
    return cells


def fiscal_year_text(argument: str | None) -> str:
    """``option_spec`` converter of a fiscal-year option: the text as written,
    read by :func:`read_year_options`."""
    return argument or ""


def period_text(argument: str | None) -> str:
    """``option_spec`` converter of a period option (``R6-R9``, or one year)."""
    return argument or ""


def _period(text: str) -> tuple[int, int]:
    try:
        year = parse_fiscal_year(text)
    except PlanValueError:
        return parse_period(text)  # its message asks for a period
    return (year, year)


def read_year_options(directive: SphinxDirective, domain: KeikakuDomain) -> None:
    """Read the year and period options of a presentation *directive* in
    place: a readable one becomes a year (``int``) or a period (a pair), an
    unreadable one a ``keikaku.value`` finding at its line, and is dropped."""
    spec: dict[str, Any] = directive.option_spec or {}
    for name, converter in spec.items():
        if name not in directive.options:
            continue
        if converter is not fiscal_year_text and converter is not period_text:
            continue
        raw = str(directive.options[name]).strip()
        try:
            if not raw:
                raise PlanValueError(_("write a fiscal year such as R7 or 2025"))
            value: Any = (
                parse_fiscal_year(raw)
                if converter is fiscal_year_text
                else _period(raw)
            )
        except PlanValueError as err:
            domain.add_problem(
                Finding(
                    Rule.VALUE,
                    _(":%s: of %s cannot be read: %s; it is ignored")
                    % (name, directive.name, err),
                    directive.env.docname,
                    option_line(directive.block_text, directive.lineno, name),
                )
            )
            del directive.options[name]
            continue
        directive.options[name] = value
