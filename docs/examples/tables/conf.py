"""A small clean plan with every plan-wide table and each table option."""

project = "Tables example"
language = "en"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)
