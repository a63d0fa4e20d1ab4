"""A plan with one defect: keikaku.data."""

project = "rule-data"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_data_files = ["data/actuals.csv"]
exclude_patterns = ["_build"]
