"""Charts end to end, before the integrator wires charts.py into setup().

A small directive leaves a placeholder; at resolve time it becomes the chart
of an indicator (```{test-chart} I-1```) or a grade chart (```{test-chart}
title``` with ``:grades:``) made by :func:`sphinxcontrib_keikaku.output.charts.chart_node`;
``:broken:`` makes a chart that cannot be drawn.
Calling ``setup_charts`` here stays harmless once ``setup()`` calls it too.
"""

from dataclasses import replace
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2023, 2027)
keikaku_rules = {"unfunded": "off"}


class TestChart(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {"grades": directives.flag, "broken": directives.flag}

    def run(self):
        # a docutils class: classes defined in conf.py cannot be pickled
        node = nodes.container(classes=["test-chart"], target=self.arguments[0])
        node["grades"] = "grades" in self.options
        node["broken"] = "broken" in self.options
        return [node]


def resolve(app, doctree, docname):
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.output.charts import (
        chart_node,
        grades_spec,
        indicator_spec,
    )
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    plan = get_plan(app.env)
    for node in list(doctree.findall(nodes.container)):
        if "test-chart" not in node["classes"]:
            continue
        if node["grades"]:
            spec = grades_spec(node["target"], [("A", 3), ("B", 2), ("C", 1), ("−", 1)])
        else:
            indicator = plan.get(node["target"], Indicator)
            spec = indicator_spec(
                indicator,
                year_style=app.config.keikaku_year_style,
                language=app.config.language,
            )
        if spec is not None and node["broken"]:  # a chart the workers refuse
            spec = replace(spec, kind="pie")
        node["classes"] = []
        node.replace_self(chart_node(app, spec) if spec is not None else [])


def setup(app):
    from sphinxcontrib_keikaku.output.charts import setup_charts

    setup_charts(app)
    app.add_directive("test-chart", TestChart)
    app.connect("doctree-resolved", resolve)
