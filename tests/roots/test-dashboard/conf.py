# no sphinx.ext.graphviz: sphinx-needs loads it
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_rules = {
    "untraced": "warning",
    "orphan": "warning",
    "unmeasured": "warning",
    "unfunded": "off",
}
keikaku_charts = False
graphviz_output_format = "svg"
