extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2022, 2026)
keikaku_evaluation_year = 2025
keikaku_charts = False
# every measure need not be evaluated every year here
keikaku_rules = {"unfunded": "off", "unevaluated": "off"}
