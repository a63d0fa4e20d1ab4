extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_charts = False
keikaku_rules = {"unfunded": "off"}
# The space after totals.csv is on purpose (issue 19): it is not part of the
# name.  data/mixed.csv (UTF-8 rows, then a Shift_JIS row) is written by
# tests/test_broken_data.py, as bytes no editor would keep.
keikaku_data_files = ["data/totals.csv ", "data/mixed.csv"]
