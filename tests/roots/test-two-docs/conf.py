extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
