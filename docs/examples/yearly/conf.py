"""The yearly update: actuals and budget amounts from the departments' files."""

project = "Yearly update example"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)

# Files relative to this folder, read at every build.
keikaku_data_files = [
    "data/actuals.csv",  # long form, UTF-8
    "data/budget_sjis.csv",  # wide form, Shift_JIS as Japanese Excel saves it
]
