"""The quick example and the plan-wide tables in reStructuredText."""

project = "reStructuredText example"
language = "ja"
extensions = ["sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)
