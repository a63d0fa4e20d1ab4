"""The quick example: the authoring contract's plan in MyST."""

project = "Quick example"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)
