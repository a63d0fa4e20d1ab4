extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_rules = {"unfunded": "off"}
keikaku_charts = False
keikaku_data_files = ["data/actuals.csv"]
