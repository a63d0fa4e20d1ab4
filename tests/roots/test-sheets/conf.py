extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
keikaku_year_style = "era"
keikaku_charts = False
keikaku_rules = {"untraced": "off"}
needs_build_json = True
