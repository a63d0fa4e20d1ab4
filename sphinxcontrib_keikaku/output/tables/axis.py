"""``plan-axis``: the plan along one classification axis (issue 16).

The table cities publish per axis: one row per value in declared order
(the 17 goals, the 総合戦略's basic goals, the 重点プロジェクト, the 公約)
with the measures that serve it (linked), their count, their indicators
(and how many indicators carry the value themselves, e.g. the 総合戦略
KPIs), their budget total and their grade distribution; the values no
measure serves (gaps); a totals row counting each measure once. With
``:matrix:`` a measure × value matrix instead (香川県's 施策 × 17 goals).
With charts on, a bar chart of the measures per value.

The figures are :func:`~sphinxcontrib_keikaku.core.axistables.plan_axis_table`'s, which the ``axes.csv`` export reads too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core.axes import Axis
from sphinxcontrib_keikaku.core.axistables import (
    AxisMatrix,
    AxisRow,
    AxisTable,
    axis_matrix,
    plan_axis_table,
    scope_measures,
)
from sphinxcontrib_keikaku.core.axisvalues import AxisValues, badges
from sphinxcontrib_keikaku.core.model import Measure, Vision
from sphinxcontrib_keikaku.core.settings import NOT_EVALUABLE
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.axisbadges import badge_node
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.plan_catalogue import shown_axes

__all__ = ["axis"]


def _grade_labels(r: PlanTables) -> list[str]:
    return [label for label, _minimum in r.app.config.keikaku_grades] + [NOT_EVALUABLE]


def _value_cell(axis: Axis, key: str) -> Cell:
    """A value as the objects' blocks show it: an SDG as its badge."""
    if axis.goal(key) is not None:
        shown = badges(axis, AxisValues((key,)))
        return [badge_node(shown[0])]
    return f"{key} {axis.label_of(key)}"


def _grades_text(row: AxisRow) -> str:
    parts = [f"{label} {count}" for label, count in row.grades if count]
    return " / ".join(parts) if parts else "—"


def axis(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """The ``plan-axis`` tables of one placeholder."""
    name = options.get("axis", "")
    chosen = next((a for a in shown_axes(r.app) if a.name == name), None)
    if chosen is None:
        return []  # reported as keikaku.value by the check pass
    result: list[nodes.Node] = []
    for under in r.scope(options):
        if under is not None and r.plan.get(under, Vision) is None:
            continue  # reported as keikaku.unknown-id by the check pass
        measures = scope_measures(r.plan, under, options.get("department"))
        if "matrix" in options:
            result += _matrix(r, chosen, measures, options, under)
        else:
            data = plan_axis_table(
                r.plan, chosen, _grade_labels(r), measures, whole_plan=under is None
            )
            result += _table(r, data, options, under)
    if r.app.builder.format == "html" and result:
        result.append(r.open_data_links("axes.csv"))
    return result


def _title(axis: Axis, options: dict[str, Any], under: str | None, what: str) -> str:
    if options.get("caption"):
        return str(options["caption"])
    title = what % axis.label
    return f"{title}: {under}" if under else title


def _table(
    r: PlanTables, data: AxisTable, options: dict[str, Any], under: str | None
) -> list[nodes.Node]:
    axis = data.axis
    flagged = _("Indicators with this value")
    headers = [
        axis.label,
        _("Measures"),
        _("Number of measures"),
        _("Indicators"),
        flagged,
        _("Budget (%s)") % r.unit,
        _("Grades of the measures"),
    ]
    rows: list[list[Cell]] = []
    for row in data.rows:
        assert row.key is not None
        measures: list[nodes.Node] = []
        for index, measure_id in enumerate(row.measures):
            if index:
                measures.append(nodes.Text("、" if r.japanese else ", "))
            measures.append(r.ref_or_missing(measure_id))
        if row.targets:
            measures.append(nodes.Text(r.parenthesised(", ".join(row.targets))))
        rows.append(
            [
                _value_cell(axis, row.key),
                measures or "—",
                str(row.measure_count),
                str(row.indicator_count),
                str(row.flagged_indicator_count),
                format_number(row.budget),
                _grades_text(row),
            ]
        )
    total = data.total
    rows.append(
        [
            nodes.strong("", _("Total")),
            _("%d of %d measures with a value")
            % (total.measure_count, total.measure_count + len(data.unassigned)),
            str(total.measure_count),
            str(total.indicator_count),
            str(total.flagged_indicator_count),
            format_number(total.budget),
            _grades_text(total),
        ]
    )
    result: list[nodes.Node] = [
        r.wide_table(
            headers,
            rows,
            numeric_from=2,
            classes=["keikaku-axis-table"],
            title=_title(axis, options, under, _("Measures by %s")),
        )
    ]
    gaps = [_value_cell(axis, key) for key in data.gaps]
    result.append(
        r.line(
            _("Values no measure serves:"),
            gaps or [_("none")],
            sep=" ",
            classes=("keikaku-nav", "keikaku-gap") if gaps else ("keikaku-nav",),
        )
    )
    if data.unassigned and "unassigned" in options:
        result.append(
            r.line(
                _("Measures with no value on this axis:"),
                [r.ref_or_missing(m) for m in data.unassigned],
                classes=("keikaku-nav", "keikaku-gap"),
            )
        )
    if r.summary_charts_wanted(options) and data.total.measure_count:
        # one series of plain bars (budget_spec draws any labelled amounts);
        # the grades chart would colour the bars as if they were grades
        from decimal import Decimal

        from sphinxcontrib_keikaku.output.charts import budget_spec, chart_node

        series = [
            (
                _("Number of measures"),
                [Decimal(row.measure_count) for row in data.rows],
            )
        ]
        result.append(
            chart_node(
                r.app,
                budget_spec(
                    _("Measures per value of %s") % axis.label,
                    [row.key or "" for row in data.rows],
                    series,
                    "",
                    stacked=False,
                ),
            )
        )
    return result


def _matrix(
    r: PlanTables,
    axis: Axis,
    measures: Sequence[Measure],
    options: dict[str, Any],
    under: str | None,
) -> list[nodes.Node]:
    empty = AxisValues()
    data: AxisMatrix = axis_matrix(
        axis, {m.id: m.axes.get(axis.name, empty) for m in measures}
    )
    headers = [_("Measure"), *data.columns]
    rows: list[list[Cell]] = []
    for measure_id, cells in zip(data.measures, data.cells, strict=True):
        rows.append(
            [r.ref_or_missing(measure_id), *("●" if cell else "" for cell in cells)]
        )
    counts: list[Cell] = [nodes.strong("", _("Number of measures"))]
    counts += [str(count) for count in data.column_counts]
    rows.append(counts)
    legend = r.line(
        _("Columns:"),
        [f"{key} {axis.label_of(key)}" for key in data.columns],
        sep=" / ",
        classes=("keikaku-nav", "keikaku-legend"),
    )
    return [
        r.wide_table(
            headers,
            rows,
            classes=["keikaku-axis-matrix"],
            title=_title(axis, options, under, _("Measures × %s")),
        ),
        legend,
    ]
