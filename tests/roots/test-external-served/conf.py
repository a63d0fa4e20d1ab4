# A comprehensive plan (the plan that is served) with one sectoral plan and
# an earlier edition of itself.
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
project = "Testville Comprehensive Plan"
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_external_plans = {
    "toshi": ("https://toshi.example/plan/", "_external/toshi.json"),
}
keikaku_previous_plan = "_editions/previous.json"
exclude_patterns = ["_build", "_external", "_editions"]
