# Progress against the schedule (keikaku_progress): the default English
# levels, evaluated as of FY2025 in a plan that ends in FY2027.
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_evaluation_year = 2025
keikaku_rules = {"unfunded": "off"}
keikaku_charts = False
