extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_charts = False
# The data files (200,000 rows of ids not in the plan, 200,000 of ids
# that are not ids at all) are written by tests/test_broken_data.py.
keikaku_data_files = ["data/unknown.csv", "data/invalid.csv"]
