extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
keikaku_opinion_files = ["data/opinions.csv"]
keikaku_axes = {
    "district": {"label": "地区", "values": {"N": "北地区", "S": "南地区"}},
}
needs_build_json = True
