# The previous edition of test-external-served, whose plan.json is
# ../previous.json: sphinx-build -b html . _build/html, then copy
# _build/html/keikaku/plan.json to ../previous.json.
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
project = "Testville Comprehensive Plan"
language = "en"
keikaku_plan_period = (2024, 2027)
exclude_patterns = ["_build", "_external", "_editions"]
