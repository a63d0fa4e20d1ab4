extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_rules = {
    "untraced": "off",
    "orphan": "off",
    "unmeasured": "off",
    "unfunded": "off",
}
keikaku_charts = False
