extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_charts = False
keikaku_rules = {"unfunded": "off"}
