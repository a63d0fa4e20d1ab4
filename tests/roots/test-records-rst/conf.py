extensions = ["sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_directions = ["expand", "keep", "improve", "reduce", "end"]
keikaku_evaluation_stages = ["self", "internal", "external"]
