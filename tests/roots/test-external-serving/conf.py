# A sectoral plan serving the comprehensive plan of test-external-served.
extensions = ["sphinxcontrib_keikaku"]
project = "Testville Urban Master Plan"
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_rules = {"unmeasured": "off", "unfunded": "off"}
keikaku_external_plans = {
    "sogo": ("https://sogo.example/", "_external/sogo.json"),
}
exclude_patterns = ["_build", "_external"]
