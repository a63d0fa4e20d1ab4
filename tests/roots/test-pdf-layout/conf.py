"""A plan whose coverage table is too wide for the printed page."""

project = "pdf-layout"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
keikaku_latex_new_page = ["vision", "measure"]
exclude_patterns = ["_build"]
latex_documents = [("index", "layout.tex", project, "企画政策課", "manual")]
