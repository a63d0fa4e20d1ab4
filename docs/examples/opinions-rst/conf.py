"""Citizens' voice (市民の声) in reStructuredText."""

project = "opinions-rst"
extensions = ["sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
exclude_patterns = ["_build"]
