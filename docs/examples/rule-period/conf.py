"""A plan with one defect: keikaku.period."""

project = "rule-period"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
exclude_patterns = ["_build"]
