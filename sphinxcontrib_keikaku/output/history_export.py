"""The evaluation year and the history of grades in ``plan.json``.

:func:`history_data` gives the keys :func:`.opendata.plan_json` adds:
``evaluation_year`` (the fiscal year the plan is evaluated as of) and
``history``: the fiscal years, and per measure and per indicator the grade
computed as of each evaluated year (the same numbers as ``plan-history``);
an indicator's year also says whether it was measured (``:measured:``)
and, for a grade from an earlier year's actual, that year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.sphinxext.history import history_of, plan_year

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_keikaku.core.model import Plan

__all__ = ["history_data"]


def history_data(app: Sphinx, plan: Plan) -> dict[str, Any]:
    """``evaluation_year`` and ``history`` of ``plan.json``."""
    up_to = plan_year(plan, app.config)
    # every measure over the plan period, with indicators: the history a
    # plan-wide ``plan-history :indicators:`` shows, computed once for both
    data = history_of(plan, app.config, {"indicators": None})
    measures: dict[str, Any] = {}
    indicators: dict[str, Any] = {}
    for row in data.rows:
        cells: dict[str, Any] = {}
        for cell in row.cells:
            if not cell.evaluated:
                continue
            entry: dict[str, Any] = {"grade": cell.grade}
            if row.kind == "indicator":
                entry["measured"] = cell.measured
                entry["carried_from"] = cell.carried_from
            if cell.recorded is not None:
                entry["recorded_grade"] = cell.recorded.grade or None
                entry["direction"] = cell.recorded.direction or None
            cells[str(cell.year)] = entry
        target = measures if row.kind == "measure" else indicators
        # an indicator of two measures is listed once
        target.setdefault(
            row.object_id,
            {
                "years": cells,
                "trend": row.trend,
                "trend_years": list(row.trend_years) if row.trend_years else None,
            },
        )
    return {
        "evaluation_year": up_to,
        "history": {
            "years": list(data.years),
            "measures": measures,
            "indicators": indicators,
            "grade_distribution": {
                str(year): counts for year, counts in data.distribution.items()
            },
            "directions": {
                str(year): counts for year, counts in data.directions.items()
            },
        },
    }
