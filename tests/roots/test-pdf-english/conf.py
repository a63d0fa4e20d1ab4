# An English edition with every keikaku setting at its default: the PDF is
# made by pdfLaTeX, which has no Japanese fonts.
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
project = "Plan of Mizuhodai"
latex_documents = [("index", "plan-en.tex", project, "City of Mizuhodai", "manual")]
