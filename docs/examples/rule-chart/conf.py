"""A plan with one defect: keikaku.chart."""

project = "rule-chart"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
exclude_patterns = ["_build"]
