# The same plan as test-progress in reStructuredText and Japanese: the
# default Japanese levels (順調 / やや遅れ / 遅れ).
extensions = ["sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = "R6-R9"
keikaku_evaluation_year = "R7"
keikaku_rules = {"unfunded": "off"}
keikaku_charts = False
