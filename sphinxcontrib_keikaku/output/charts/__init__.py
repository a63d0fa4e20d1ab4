"""Charts of indicators and summaries: specs, drawing, scheduling, the node.

* :mod:`.spec`: :class:`ChartSpec` and the builders of specs from plan data
  (pure data, no matplotlib);
* :mod:`.style`, :mod:`.draw` and :mod:`.legend`: drawing one chart with
  matplotlib;
* :mod:`.pool`: which charts to draw, by whom, and what came of them;
* :mod:`.node`: the ``plan_chart`` node, its visitors and the Sphinx events.
"""

from sphinxcontrib_keikaku.output.charts.node import (
    CACHE_DIRNAME,
    chart_format,
    chart_node,
    plan_chart,
    setup_charts,
)
from sphinxcontrib_keikaku.output.charts.pool import (
    POOL_THRESHOLD,
    ChartDrawer,
    ChartProblem,
    draw_charts,
)
from sphinxcontrib_keikaku.output.charts.spec import (
    CHART_STYLE_VERSION,
    ChartSpec,
    Series,
    budget_spec,
    grades_spec,
    indicator_spec,
)

__all__ = [
    "CACHE_DIRNAME",
    "CHART_STYLE_VERSION",
    "POOL_THRESHOLD",
    "ChartDrawer",
    "ChartProblem",
    "ChartSpec",
    "Series",
    "budget_spec",
    "chart_format",
    "chart_node",
    "draw_charts",
    "grades_spec",
    "indicator_spec",
    "plan_chart",
    "setup_charts",
]
