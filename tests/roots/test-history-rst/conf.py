extensions = ["sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = "R6-R9"
keikaku_rules = {"unfunded": "off"}
keikaku_charts = False
