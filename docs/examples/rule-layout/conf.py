"""A plan with one defect: keikaku.layout (reported by LaTeX builds)."""

project = "rule-layout"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
exclude_patterns = ["_build"]
