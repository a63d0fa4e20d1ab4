extensions = ["sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
