extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
keikaku_evaluation_files = ["data/evaluation.csv"]
needs_build_json = True
