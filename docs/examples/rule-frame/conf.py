"""A plan with one defect: keikaku.frame."""

project = "rule-frame"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_fiscal_frame = {"R6": 12_000, "R7": 12_000}
exclude_patterns = ["_build"]
