"""Citizens' voice (市民の声): opinions on pages and in a sheet, and their table."""

project = "opinions"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
# the opinions of the public comment, kept in Excel and saved as CSV
keikaku_opinion_files = ["data/public-comment.csv"]
# districts are a classification axis: :district: is checked against it
keikaku_axes = {
    "district": {"label": "地区", "values": {"N": "北地区", "S": "南地区"}},
}
exclude_patterns = ["_build"]
