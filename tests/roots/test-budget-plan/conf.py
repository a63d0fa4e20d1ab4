extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2026)
keikaku_rules = {"unmeasured": "off"}
keikaku_charts = False
keikaku_data_files = ["data/plan.csv"]
# 2024: the planned total, 3,600, exceeds 3,500 (keikaku.frame); R7 is met
keikaku_fiscal_frame = {2024: 3_500, "R7": "2,600"}
