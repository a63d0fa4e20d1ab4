"""A plan with one defect: keikaku.config."""

project = "rule-config"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_rules = {"untraced": "fatal"}
exclude_patterns = ["_build"]
