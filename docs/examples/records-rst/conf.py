"""Evaluation records in reStructuredText, with stages and directions of the
project's own (an English-language plan)."""

project = "records-rst"
extensions = ["sphinxcontrib_keikaku"]
language = "en"
exclude_patterns = ["_build"]
keikaku_plan_period = (2024, 2027)
keikaku_evaluation_stages = ["self", "internal", "external"]
keikaku_directions = ["expand", "keep", "improve", "reduce", "end"]
