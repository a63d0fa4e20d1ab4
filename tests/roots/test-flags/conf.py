extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_rules = {"unfunded": "off"}
