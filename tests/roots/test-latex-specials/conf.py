extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
project = "特殊文字"
latex_documents = [("index", "specials.tex", project, "test", "manual")]
keikaku_amount_unit = "千円 & 100%"
