"""sphinx-needs tables, filters and links on plan objects."""

project = "sphinx-needs example"
language = "en"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)
keikaku_charts = False
