"""Reference pages generated from sphinxcontrib-keikaku's single declarations.

The documentation must not drift from the code, so the reference tables are
built at documentation build time from the declarations themselves:

``keikaku-settings``
    every :class:`~sphinxcontrib_keikaku.sphinxext.config.Setting` of ``config.SETTINGS``
    as a ``confval`` (name, types, default, help, example), so that
    ``{confval}`keikaku_plan_period``` links to it and ``nitpicky`` catches a
    link to a setting that no longer exists.
``keikaku-rules``
    every member of :class:`~sphinxcontrib_keikaku.core.rules.Rule`: the subtype
    ``keikaku.<value>``, the default severity and the member docstring.
``keikaku-directive-options`` *directive*
    the options of one directive, read from its class's ``option_spec``
    (``directives.DIRECTIVES`` and ``tables.TABLE_DIRECTIVES``); the
    descriptions live in :data:`OPTION_DESCRIPTIONS` below until the package
    carries them itself.  An option without a description is a warning (so
    ``-W`` fails) and ``tests/test_docs.py`` fails too.
``keikaku-value-examples``
    a table of what keikaku reads from each spelling in the directive's
    content, computed by the package's own parsers (``values.py``).  A line
    starting with ``!`` must be refused; its error message is shown.
``keikaku-data-names``
    the column names and field words a data file may use (``datafiles.py``).
``keikaku-needs-names``
    the sphinx-needs types, fields and link names of plan objects
    (``needs_bridge.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Parser, directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, new_document

logger = logging.getLogger(__name__)

# --- option descriptions ------------------------------------------------------

#: directive -> option -> description (reStructuredText inline markup).
OPTION_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "vision": {
        "id": "**Required.** The vision's id, unique in the plan, such as ``V1`` "
        "or ``V1-2``: ASCII letters, digits, ``-``, ``_`` and ``.``, starting "
        "with a letter or digit.",
        "parent": "The id of the vision this one belongs to. Visions nest: "
        "将来像 (future picture) → 基本目標 (goal) → 政策 (policy).",
        "period": "The vision's period in fiscal years, such as ``2024-2035`` "
        "or ``R6-R17``. Shown on the page.",
        "serves": "The visions or measures of other plans this vision serves, "
        "as ``name:ID`` with a name of :confval:`keikaku_external_plans`, "
        "comma-separated: ``sogo:V3-1``. See :doc:`../howto/sectoral-plan`.",
    },
    "measure": {
        "id": "**Required.** The measure's id, unique in the plan, such as ``M1-1-1``.",
        "vision": "**Required.** The vision or visions the measure serves, "
        "comma-separated: ``V1-1`` or ``V1-1, V2-3``. Without it the measure "
        "is reported as ``keikaku.untraced``.",
        "parent": "The id of a measure this one is part of (a sub-measure).",
        "department": "The department in charge (担当課), such as ``危機管理課``. "
        "Table filters and the ``by: department`` budget table use it.",
        "period": "The measure's period, such as ``2024-2027`` or ``R6-R9``. "
        "Target and budget years of its indicators and budget links are "
        "checked against it instead of ``keikaku_plan_period``.",
        "serves": "The visions or measures of other plans this measure serves, "
        "as ``name:ID`` with a name of :confval:`keikaku_external_plans`, "
        "comma-separated: ``sogo:M3-1-1, sogo:M3-2-2``. An id the other plan "
        "does not have is reported as ``keikaku.unknown-id``.",
    },
    "indicator": {
        "id": "**Required.** The indicator's id, unique in the plan, such as "
        "``I1-1-1-a``.",
        "measure": "**Required.** The measure or measures the indicator "
        "judges, comma-separated. Without it the indicator is reported as "
        "``keikaku.orphan``.",
        "unit": "The unit shown beside every value, such as ``人``, ``%`` or ``組織``.",
        "direction": "Which way is better: ``up`` (増加, the default), ``down`` "
        "(減少) or ``keep`` (維持). See :doc:`values`.",
        "baseline": "基準値: one ``year: value`` pair, such as ``2023: 16``.",
        "target": "**Required.** 目標値: ``year: value`` pairs, such as "
        "``2025: 19, 2027: 21``. A text such as ``設置`` makes the indicator "
        "qualitative.",
        "actual": "実績値: ``year: value`` pairs, such as ``2024: 17, 2025: 18``.",
        "estimate": "見込値: ``year: value`` pairs. Shown, never evaluated.",
        "source": "Where the numbers come from (出典), such as ``危機管理課調べ``.",
        "kind": "``outcome`` (成果指標, the default) or ``output`` (活動指標); "
        "the Japanese words are accepted too.",
        "cumulative": "A flag: the indicator counts a running total (累計). "
        "Shown on the page. Write it with no value, or with ``true``, "
        "``yes``, ``1``, ``はい`` (on) or ``false``, ``no``, ``0``, "
        "``いいえ`` (off); another value is reported as ``keikaku.value``.",
        "measured": "For an indicator measured in some fiscal years only, "
        "such as one from a citizen survey (市民意識調査): those years, "
        "comma-separated, in any year spelling (``R6, R9``). As of a year "
        "without a measurement the indicator is *not measured* (評価対象外): "
        "not evaluable, left out of its measure's grade, never failing; "
        "``plan-history`` carries its last measured grade forward with a note. "
        "An unreadable year is ``keikaku.value``. See :ref:`survey-indicators`.",
    },
    "budget-link": {
        "id": "**Required.** The budget link's id, unique in the plan, such as "
        "``B-0123``.",
        "measure": "**Required.** The measure or measures the project carries "
        "out, comma-separated. Without it the budget link is reported as "
        "``keikaku.orphan``.",
        "code": "The project code of the accounting system (事業コード), "
        "such as ``01-08-01-0123``.",
        "account": "The account (会計), such as ``一般会計`` (general account) "
        "or ``国民健康保険特別会計``. The ``by: account`` budget table groups "
        "by it.",
        "department": "The department in charge. When it is left out, the "
        "department of the first measure counts.",
        "budget": "当初予算 per fiscal year, in ``keikaku_amount_unit``: "
        "``2024: 12,345, 2025: 12,000``.",
        "settlement": "決算 per fiscal year, in ``keikaku_amount_unit``: "
        "``2024: 11,980``.",
        "plan": "計画額 of the implementation plan (実施計画) per fiscal year, "
        "in ``keikaku_amount_unit``: ``R6: 12,500, R7: 12,800, R8: 13,000``. "
        "Shown beside the budget in the block and in ``plan-budget``.",
        "funding-national": "財源内訳: 国庫支出金 per fiscal year, "
        "``2024: 4,000``. With the other ``:funding-…:`` options the split "
        "of a year must add up to its budget (or, without one, its planned "
        "cost), else ``keikaku.value``. See :doc:`../howto/implementation-plan`.",
        "funding-prefectural": "財源内訳: 県支出金 (都道府県支出金) per fiscal year.",
        "funding-bonds": "財源内訳: 地方債 (市債) per fiscal year.",
        "funding-other": "財源内訳: その他 (その他特定財源: fees, funds …) per fiscal year.",
        "funding-general": "財源内訳: 一般財源 per fiscal year, usually the rest.",
        "staff": "Staff time: persons (正規職員従事人数) per fiscal year, "
        "``2024: 0.5, 2025: 1``. Priced by ``per_person`` of "
        ":confval:`keikaku_staff_cost` (人件費) where the year has no hours.",
        "hours": "Staff time: hours (延べ業務時間) per fiscal year, "
        "``2024: 1,200``. Priced by ``per_hour`` of "
        ":confval:`keikaku_staff_cost`; a year with hours is priced by its "
        "hours. See :doc:`../howto/implementation-plan`.",
    },
    "plan-axis": {
        "vision": "Only the measures under these visions (ids, comma-separated), "
        "and the indicators and budget links of those measures; one table per "
        "vision.",
        "department": "Only the measures of this department.",
        "caption": "The table's title instead of the default.",
        "axis": "**Required.** The name of an axis of :confval:`keikaku_axes`, "
        "such as ``sdgs`` or ``strategy``. A missing or undeclared axis is "
        "``keikaku.value``, naming the declared axes.",
        "matrix": "A flag (no value, or yes/no): a measure × value matrix "
        "(● where a measure has the value, a count per column) instead of "
        "the table.",
        "unassigned": "A flag (no value, or yes/no): also list the measures "
        "with no value on the axis, below the table.",
        "no-chart": "A flag (no value, or yes/no): leave out the chart of "
        "the measures per value (shown when :confval:`keikaku_charts` is on).",
    },
    "evaluation": {
        "id": "The record's id. When it is left out, it is derived from "
        "``:of:``, ``:year:`` and ``:stage:``: ``<of>~<fiscal year>-<stage "
        "code>``, such as ``M1-1-1~2024-1`` (codes ``1``, ``2``, ``3`` for "
        "一次評価/self, 二次評価/internal, 外部評価/external; see "
        ":doc:`evaluation-records`).",
        "of": "**Required.** The id of the measure (施策評価) or budget link "
        "(事務事業評価) evaluated. Without it the record is reported as "
        "``keikaku.orphan``; an unknown id or one of another kind as "
        "``keikaku.unknown-id``.",
        "year": "**Required.** The fiscal year evaluated, in any spelling of "
        ":doc:`values` (``2024``, ``R6``, ``令和6年度``).",
        "stage": "One of :confval:`keikaku_evaluation_stages` (default "
        "``一次評価``, ``二次評価``, ``外部評価``; ``self``, ``internal``, "
        "``external`` are accepted too). Default: the first stage.",
        "grade": "The grade the evaluators give, a label of "
        ":confval:`keikaku_grades` (or ``−``). The grade computed from the "
        "indicators is shown beside it.",
        "direction": "The decision for the next years, one of "
        ":confval:`keikaku_directions` (default 拡充, 継続, 改善, 縮小, 休止, "
        "廃止, 完了, 統合).",
        "evaluator": "Who evaluated: a department, a committee.",
    },
    "opinion": {
        "id": "The opinion's id. When it is left out it is ``O-<channel>-<n>``: "
        "the *n*-th opinion without an id of that channel on the page, the "
        "channel coded ``1``–``5`` for the default channels (see "
        ":doc:`opinions`), such as ``O-1-3``.",
        "channel": "Where the opinion was heard, one of "
        ":confval:`keikaku_opinion_channels` (default パブリックコメント, "
        "ワークショップ, 地区懇談会, 市民アンケート, 審議会). Default: the first.",
        "date": "The date, ISO (``2025-01-15``) or Japanese (``令和7年1月15日``, "
        "``R7.1.15``, ``2025年1月15日``).",
        "district": "The district: a key or label of the axis named "
        "``district`` of :confval:`keikaku_axes` when the plan declares one "
        "(checked), else free text.",
        "about": "The ids of the plan objects the opinion concerns, "
        "comma-separated. An unknown id is ``keikaku.unknown-id``.",
        "count": "The number of opinions to the same effect (同趣旨件数), a "
        "whole number of at least 1 (``3``, ``３件``). Default 1.",
        "disposition": "**Required.** How the city handled the opinion: a code "
        "or label of :confval:`keikaku_dispositions` (default A 反映, B 一部反映, "
        "C 記載済, D 参考, E 回答, F その他).",
        "changed": "The ids of the plan objects changed in answer. Needed for "
        "反映 and 一部反映 (``keikaku.unreflected``).",
    },
    "plan-opinions": {
        "vision": "Only the opinions about (or changing) these visions, the "
        "visions below them, their measures and those measures' indicators and "
        "budget links (ids, comma-separated).",
        "department": "Not used by this table (accepted like every plan-wide table's).",
        "caption": "The tables' title instead of 意見の概要と市の考え方 (each "
        "group's name is added).",
        "by": "How the opinions are grouped: ``structure`` (the default: by the "
        "vision each concerns, the plan as a whole last), ``channel`` or "
        "``district``. Another value is ``keikaku.value``.",
        "channel": "Only the opinions heard in these channels (names of "
        ":confval:`keikaku_opinion_channels`, comma-separated).",
        "disposition": "Only the opinions of these dispositions (codes or labels "
        "of :confval:`keikaku_dispositions`, comma-separated: ``A, B``).",
    },
    "plan-coverage": {
        "vision": "Only the measures under these visions (ids, "
        "comma-separated); one table per vision. An unknown id is reported as "
        "``keikaku.unknown-id``.",
        "department": "Only the measures of this department (the orphan "
        "row is left out, as orphans have no department).",
        "caption": "The table's title instead of the default.",
        "level": "Which vision level makes the rows: ``1`` (the default) the "
        "top visions, ``2`` the visions below them, and so on. A branch that "
        "is not that deep is shown by its deepest vision.",
        "gaps": "A flag (no value, or yes/no as for ``:cumulative:``): list "
        "the untraced, unmeasured and unfunded measures "
        "and the orphan objects below the table, with every finding of the "
        "checks.",
    },
    "plan-matrix": {
        "vision": "Only the measures under these visions (ids, comma-separated).",
        "department": "Only the measures of this department.",
        "caption": "The table's title instead of the default.",
    },
    "plan-evaluation": {
        "vision": "Only the measures under these visions (ids, comma-separated).",
        "department": "Only the measures of this department.",
        "caption": "The table's title instead of the default.",
        "no-chart": "A flag (no value, or yes/no): leave out the chart of "
        "the grade distribution "
        "(shown when :confval:`keikaku_charts` is on).",
        "year": "Evaluate the plan as of this fiscal year (``R6``, ``2024``) "
        "instead of :confval:`keikaku_evaluation_year`: only actuals of that "
        "year and earlier count. The table's title and its grade column say "
        "the year. An unreadable year is ``keikaku.value`` (the option is "
        "then ignored).",
    },
    "plan-history": {
        "vision": "Only the measures under these visions (ids, comma-separated).",
        "department": "Only the measures of this department.",
        "caption": "The table's title instead of the default (the evaluation "
        "year is added).",
        "years": "The fiscal years shown: a period (``R6-R9``, ``2024-2027``) "
        "or one year; default the plan period (:confval:`keikaku_plan_period`), "
        "else the years with an actual. An unreadable value is "
        "``keikaku.value`` (the default is then used).",
        "indicators": "A flag (no value, or yes/no): a row for each indicator "
        "under its measure too.",
        "no-chart": "A flag (no value, or yes/no): leave out the chart of the "
        "grade distribution per year (shown when :confval:`keikaku_charts` is on).",
    },
    "plan-budget": {
        "vision": "Only the budget links under these visions (ids, "
        "comma-separated); one table per vision.",
        "department": "Only the budget links of this department (the link's "
        "own ``:department:``, else its first measure's).",
        "caption": "The tables' title instead of the default; the period or "
        "the fiscal year of each table follows it.",
        "level": "With ``by: vision``: which vision level makes the rows "
        "(``1`` the top visions); each vision above that level that has "
        "children closes its rows with a subtotal. Without it the rows are "
        "the top visions, or, when the table starts from one vision (a "
        "single 将来像, or ``:vision:``), that vision's children.",
        "by": "What a row is: ``vision`` (the default), ``department`` or ``account``.",
        "years": "Only these fiscal years: one year (``2024``, ``R6``) or a "
        "period (``2024-2025``).",
        "funding": "A flag (no value, or yes/no): below each year's table, "
        "the funding sources (財源内訳) of each row, summed.",
        "cost": "A flag (no value, or yes/no): below each year's table, the "
        "staff time (persons, hours) of each row and, with "
        ":confval:`keikaku_staff_cost`, its staff cost (人件費) and total "
        "cost (トータルコスト), with subtotals and totals.",
        "no-chart": "A flag (no value, or yes/no): leave out the chart of "
        "the budget by row and "
        "fiscal year (shown when :confval:`keikaku_charts` is on).",
    },
    "plan-alignment": {
        "vision": "Only the measures under these visions (ids, comma-separated).",
        "department": "Only the measures of this department.",
        "caption": "The first table's title instead of the default.",
    },
    "plan-changes": {
        "caption": "The first table's title instead of the default.",
    },
    "indicator-chart": {
        "id": "**Required.** The id of the indicator whose chart is shown. "
        "An unknown id, or the id of another kind of object, is reported as "
        "``keikaku.unknown-id``; a chart without ``:id:`` (or with an empty one) "
        "is ``keikaku.value`` at the directive, and nothing is drawn.",
    },
    "plan-dashboard": {
        "vision": "Only what is under these visions (ids, comma-separated): "
        "one dashboard per vision, its first card the vision itself.",
        "level": "Which vision level makes the cards (``1`` is the top "
        "visions), as ``plan-budget``'s ``:level:``. Without it: the top "
        "visions, or the children of the only top vision (将来像). Not a "
        "whole number from 1: ``keikaku.value``, and the default is used.",
        "caption": "The dashboard's title instead of the default.",
        "alerts": "A flag (no value, or yes/no): below the cards, what needs "
        "attention in the same scope, as ``plan-alerts`` lists it.",
    },
    "plan-alerts": {
        "vision": "Only what is under these visions (ids, comma-separated): "
        "their measures, and the indicators and budget links of those.",
        "department": "Only the measures of this department, their "
        "indicators, and the budget links of this department under them.",
        "kinds": "Which alerts, comma-separated, from ``worse``, "
        "``execution``, ``swing``, ``general-fund``, ``repeated``, "
        "``mismatch``, ``missing``, ``new``, ``ended``; default all. An "
        "unknown word is ``keikaku.value`` at this line; the known ones are "
        "kept.",
        "caption": "The list's title instead of the default.",
    },
    "plan-logic-model": {
        "vision": "**Required.** The id of the one vision shown, with every "
        "vision below it. Missing, or more than one id: ``keikaku.value``; an "
        "unknown id: ``keikaku.unknown-id``.",
        "caption": "The title instead of the default (ロジックモデル：id title).",
        "engine": "Who draws the diagram: ``keikaku`` (the default: keikaku "
        "itself, nothing to install) or ``graphviz`` (Graphviz's ``dot`` "
        "program, through ``sphinx.ext.graphviz``). Without it: "
        "``keikaku_logic_model_engine``. Another value: ``keikaku.value``, "
        "and the setting is used.",
    },
}

#: How an ``option_spec`` converter is described in the "value" column.
_VALUE_KINDS: dict[str, str] = {
    "flag": "flag (no value)",
    "yes_no": "flag (no value, or yes/no)",
    "unchanged": "text",
    "unchanged_required": "text",
    "_level": "whole number ≥ 1",
    "_by": "``vision`` | ``department`` | ``account``",
    "_years": "fiscal year or period",
    "_vision_ids": "vision ids",
}


#: What the value of a plan-object option is (they are all read as text by
#: docutils and parsed by keikaku, so the converter says nothing).
_OBJECT_OPTION_VALUES: dict[str, str] = {
    "id": "id",
    "parent": "id",
    "vision": "ids",
    "measure": "ids",
    "period": "period",
    "direction": "direction",
    "baseline": "``year: value``",
    "target": "``year: value``, …",
    "actual": "``year: value``, …",
    "estimate": "``year: value``, …",
    "budget": "``year: amount``, …",
    "settlement": "``year: amount``, …",
    "plan": "``year: amount``, …",
    "funding-national": "``year: amount``, …",
    "funding-prefectural": "``year: amount``, …",
    "funding-bonds": "``year: amount``, …",
    "funding-other": "``year: amount``, …",
    "funding-general": "``year: amount``, …",
    "staff": "``year: persons``, …",
    "hours": "``year: hours``, …",
    "kind": "``outcome`` | ``output``",
    "cumulative": "flag (no value, or yes/no)",
    "serves": "``name:ID``, …",
}


def all_directives() -> dict[str, type[Any]]:
    """Every keikaku directive with an ``option_spec``, by directive name."""
    from sphinxcontrib_keikaku.sphinxext.axisdirective import PlanAxisDirective
    from sphinxcontrib_keikaku.sphinxext.dashboarddirective import DASHBOARD_DIRECTIVES
    from sphinxcontrib_keikaku.sphinxext.directives import DIRECTIVES
    from sphinxcontrib_keikaku.sphinxext.historydirective import HISTORY_DIRECTIVES
    from sphinxcontrib_keikaku.sphinxext.opinions_directive import (
        OPINION_DIRECTIVES,
        OpinionDirective,
    )
    from sphinxcontrib_keikaku.sphinxext.presentation import TABLE_DIRECTIVES
    from sphinxcontrib_keikaku.sphinxext.presentation_external import (
        EXTERNAL_DIRECTIVES,
    )
    from sphinxcontrib_keikaku.sphinxext.record_directive import (
        EvaluationRecordDirective,
    )

    result: dict[str, type[Any]] = {kind.value: cls for kind, cls in DIRECTIVES.items()}
    result["evaluation"] = EvaluationRecordDirective
    result.update(TABLE_DIRECTIVES)
    result["plan-axis"] = PlanAxisDirective
    result.update(HISTORY_DIRECTIVES)
    result.update(DASHBOARD_DIRECTIVES)
    result.update(EXTERNAL_DIRECTIVES)
    result["opinion"] = OpinionDirective
    result.update(OPINION_DIRECTIVES)
    return result


def missing_descriptions() -> list[str]:
    """``directive :option:`` for every option that has no description."""
    missing = []
    for name, cls in all_directives().items():
        described = OPTION_DESCRIPTIONS.get(name, {})
        missing += [
            f"{name} :{opt}:" for opt in cls.option_spec if opt not in described
        ]
    return missing


def stale_descriptions() -> list[str]:
    """``directive :option:`` for every description of an option that is gone."""
    known = all_directives()
    stale = []
    for name, described in OPTION_DESCRIPTIONS.items():
        spec = known[name].option_spec if name in known else {}
        stale += [f"{name} :{opt}:" for opt in described if opt not in spec]
    return stale


# --- helpers ------------------------------------------------------------------


def _literal(text: str) -> str:
    """*text* as an inline literal of reStructuredText."""
    return "``" + text.replace("`", "\\`") + "``" if text else ""


def _table(
    headers: list[str], rows: Iterable[list[str]], widths: str = "auto"
) -> list[str]:
    """A ``list-table`` in reStructuredText."""
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in [headers, *rows]:
        for index, cell in enumerate(row):
            bullet = "   * - " if index == 0 else "     - "
            cell_lines = (cell or " ").splitlines() or [" "]
            lines.append(bullet + cell_lines[0])
            lines += ["       " + line for line in cell_lines[1:]]
    lines.append("")
    return lines


class GeneratedDirective(SphinxDirective):
    """A directive whose output is reStructuredText generated from the code.

    The text is parsed as reStructuredText whatever the page's own parser
    (the docs' pages are MyST), so that roles and ``confval`` work.
    """

    def generate(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.generate())
        source, _line = self.get_source_info()
        document = new_document(source, self.state.document.settings)
        Parser().parse(text, document)
        # the generated text has its own document, whose reporter Sphinx does
        # not hear: a mistake in it must still fail the docs build under -W
        for problem in list(document.findall(nodes.system_message)):
            if problem["level"] >= 2:
                logger.warning(
                    "generated reStructuredText: %s",
                    problem.astext(),
                    location=self.get_location(),
                )
            problem.parent.remove(problem)
        return list(document.children)


# --- settings -----------------------------------------------------------------


def _type_names(types: Iterable[type]) -> str:
    return " | ".join("None" if t is type(None) else t.__name__ for t in types)


class SettingsDirective(GeneratedDirective):
    """``keikaku-settings``: every setting of ``config.SETTINGS``."""

    def generate(self) -> list[str]:
        from sphinxcontrib_keikaku.sphinxext.config import SETTINGS

        lines: list[str] = []
        for setting in SETTINGS:
            default = _literal(repr(setting.default))
            for language, value in setting.language_defaults.items():
                default += f"; {_literal(repr(value))} with ``language = {language!r}``"
            rebuild = {
                "env": "re-reads every source",
                "html": "rewrites the pages, re-reads no source",
                "": "changes nothing the build writes",
            }[setting.rebuild]
            lines += [
                f".. confval:: {setting.name}",
                f"   :type: {_literal(_type_names(setting.types))}",
                f"   :default: {default}",
                "",
                f"   {setting.help}",
                "",
                f"   A change {rebuild} (rebuild ``{setting.rebuild!r}``).",
                "",
                "   Example::",
                "",
                f"      {setting.name} = {setting.example}",
                "",
            ]
        return lines


# --- rules --------------------------------------------------------------------


def rule_docs() -> dict[str, str]:
    """Rule value -> the member docstring (read from the source, as autodoc does)."""
    from sphinx.pycode import ModuleAnalyzer

    from sphinxcontrib_keikaku.core.rules import Rule

    found = ModuleAnalyzer.for_module(
        "sphinxcontrib_keikaku.core.rules"
    ).find_attr_docs()
    return {
        rule.value: " ".join(
            line.strip() for line in found.get(("Rule", rule.name), []) if line.strip()
        )
        for rule in Rule
    }


class RulesDirective(GeneratedDirective):
    """``keikaku-rules``: every warning subtype with its default severity."""

    def generate(self) -> list[str]:
        from sphinxcontrib_keikaku.core.rules import Rule

        docs = rule_docs()
        rows = []
        for rule in Rule:
            if not docs[rule.value]:
                logger.warning(
                    "keikaku-rules: Rule.%s has no docstring",
                    rule.name,
                    location=self.get_location(),
                )
            rows.append(
                [
                    f":ref:`{rule.subtype} <warning-{rule.value}>`",
                    f"**{rule.default_severity}**"
                    if rule.default_severity == "error"
                    else rule.default_severity,
                    docs[rule.value],
                ]
            )
        return _table(["subtype", "default", "it fires when"], rows, "20 12 68")


# --- directive options --------------------------------------------------------


class DirectiveOptionsDirective(GeneratedDirective):
    """``keikaku-directive-options NAME``: the options of one directive."""

    required_arguments = 1

    def generate(self) -> list[str]:
        name = self.arguments[0]
        known = all_directives()
        if name not in known:
            logger.warning(
                "keikaku-directive-options: no directive %r; the directives are %s",
                name,
                ", ".join(known),
                location=self.get_location(),
            )
            return []
        from sphinxcontrib_keikaku.sphinxext.directives import DIRECTIVES

        object_directives = {kind.value for kind in DIRECTIVES}
        spec: dict[str, Callable[[str], Any]] = known[name].option_spec
        described = OPTION_DESCRIPTIONS.get(name, {})
        rows = []
        for option, converter in spec.items():
            description = described.get(option)
            if description is None:
                logger.warning(
                    "keikaku-directive-options: %s :%s: has no description in "
                    "docs/_ext/keikaku_docs.py",
                    name,
                    option,
                    location=self.get_location(),
                )
                description = ""
            kind = _VALUE_KINDS.get(getattr(converter, "__name__", ""), "text")
            if getattr(converter, "__name__", "") == "_as_written":
                # read in run(), so that a bad value is a located warning
                kind = _VALUE_KINDS.get(f"_{option}", "text")
            if name in object_directives:
                kind = _OBJECT_OPTION_VALUES.get(option, kind)
            rows.append([f"``:{option}:``", kind, description])
        return _table(["option", "value", "meaning"], rows, "18 17 65")


# --- values -------------------------------------------------------------------


def _show(value: Any) -> str:
    from decimal import Decimal

    if isinstance(value, dict):
        return ", ".join(f"{year}: {_show(item)}" for year, item in value.items())
    if isinstance(value, tuple):
        return "–".join(_show(item) for item in value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _parsers() -> dict[str, Callable[[str], Any]]:
    from sphinxcontrib_keikaku.core import values

    return {
        "fiscal-year": values.parse_fiscal_year,
        "number": values.parse_number,
        "value": lambda text: values.parse_value(text, allow_text=True),
        "year-values": lambda text: values.parse_year_values(text, allow_text=True),
        "amounts": lambda text: values.parse_year_values(text, allow_text=False),
        "period": values.parse_period,
        "direction": values.parse_direction,
        "id": values.check_id,
        "id-list": values.parse_id_list,
    }


def direction_words() -> dict[str, list[str]]:
    """``up`` / ``down`` / ``keep`` -> every word read as it."""
    from sphinxcontrib_keikaku.core import values

    # values.py keeps the words in a private table; see the report to the
    # package owners (a public DIRECTION_WORDS would be better).
    words: dict[str, list[str]] = {"up": [], "down": [], "keep": []}
    for word, direction in values.DIRECTION_WORDS.items():
        words[direction].append(word)
    return words


class ValueExamplesDirective(GeneratedDirective):
    """``keikaku-value-examples``: each content line read by a keikaku parser."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "parser": directives.unchanged_required,
        "all-directions": directives.flag,
    }

    def generate(self) -> list[str]:
        from sphinxcontrib_keikaku.core.values import PlanValueError

        if "all-directions" in self.options:
            rows = [
                [direction, ", ".join(_literal(w) for w in words)]
                for direction, words in direction_words().items()
            ]
            return _table(["direction", "accepted words"], rows, "15 85")

        parsers = _parsers()
        name = self.options.get("parser", "")
        if name not in parsers:
            logger.warning(
                "keikaku-value-examples: unknown parser %r; use one of %s",
                name,
                ", ".join(parsers),
                location=self.get_location(),
            )
            return []
        parse = parsers[name]
        rows = []
        for line in self.content:
            if not line.strip():
                continue
            must_fail = line.startswith("!")
            text = line[1:].strip() if must_fail else line.strip()
            try:
                result = parse(text)
            except PlanValueError as err:
                if not must_fail:
                    logger.warning(
                        "keikaku-value-examples: %r is refused: %s",
                        text,
                        err,
                        location=self.get_location(),
                    )
                rows.append([_literal(text), f"refused: *{err}*"])
                continue
            if must_fail:
                logger.warning(
                    "keikaku-value-examples: %r should be refused but reads as %r",
                    text,
                    result,
                    location=self.get_location(),
                )
            rows.append([_literal(text), _literal(_show(result))])
        return _table(["you write", "keikaku reads"], rows, "35 65")


# --- data files -----------------------------------------------------------------


class DataNamesDirective(GeneratedDirective):
    """``keikaku-data-names``: the column names and field words of data files."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "what": lambda text: directives.choice(text, ("columns", "fields")),
    }

    def generate(self) -> list[str]:
        from sphinxcontrib_keikaku.data import files as datafiles

        if self.options.get("what") == "fields":
            rows = [
                [
                    _literal(field),
                    ", ".join(_literal(a) for a in datafiles.FIELD_ALIASES[field]),
                    "numbers only"
                    if field in datafiles.NUMERIC_FIELDS
                    else "number or text",
                ]
                for field in datafiles.FIELDS
            ]
            return _table(["field", "accepted words", "values"], rows, "15 60 25")
        rows = [
            [_literal(column), ", ".join(_literal(a) for a in aliases)]
            for column, aliases in datafiles.HEADER_ALIASES.items()
        ]
        return _table(["column", "accepted header names"], rows, "20 80")


# --- sphinx-needs -----------------------------------------------------------------


class NeedsNamesDirective(GeneratedDirective):
    """``keikaku-needs-names``: need types, fields and links of plan objects."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "what": lambda text: directives.choice(text, ("types", "fields", "links")),
    }

    def generate(self) -> list[str]:
        from sphinxcontrib_keikaku.sphinxext import needs_bridge

        what = self.options.get("what", "types")
        if what == "fields":
            rows = [
                [_literal(name), description]
                for name, description in needs_bridge.FIELDS.items()
            ]
            return _table(["field", "what it holds"], rows, "20 80")
        if what == "links":
            rows = [
                [_literal(name), _literal(f"{name}_back"), outgoing, incoming]
                for name, (outgoing, incoming) in needs_bridge.LINKS.items()
            ]
            return _table(
                ["link (option)", "back link", "outgoing title", "incoming title"],
                rows,
                "20 20 25 35",
            )
        rows = [
            [_literal(kind.value), title, _literal(prefix)]
            for kind, title, prefix, _colour in needs_bridge.NEED_TYPES
        ]
        return _table(["need type", "title", "id prefix"], rows, "30 40 30")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("keikaku-settings", SettingsDirective)
    app.add_directive("keikaku-rules", RulesDirective)
    app.add_directive("keikaku-directive-options", DirectiveOptionsDirective)
    app.add_directive("keikaku-value-examples", ValueExamplesDirective)
    app.add_directive("keikaku-data-names", DataNamesDirective)
    app.add_directive("keikaku-needs-names", NeedsNamesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
