extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2026)
keikaku_rules = {"unmeasured": "off"}
keikaku_charts = False
keikaku_data_files = ["data/staff.csv"]
# hours win where a year has hours (B1); persons elsewhere (B2)
keikaku_staff_cost = {"per_hour": 4, "per_person": 8000}
