"""A plan split over many files: one page per goal, reports apart."""

project = "Split plan example"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)
