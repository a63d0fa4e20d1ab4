"""Sphinx configuration of the example plan: みずほ台市第6次総合計画."""

project = "みずほ台市第6次総合計画"
author = "みずほ台市 企画政策課"
copyright = "2024, みずほ台市"
language = "ja"

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

# 前期基本計画の計画期間 (令和6年度〜令和9年度)
keikaku_plan_period = (2024, 2027)
keikaku_amount_unit = "千円"
keikaku_year_style = "era"

html_title = "みずほ台市第6次総合計画"
html_theme_options = {"page_width": "1180px", "sidebar_width": "240px"}

# The PDF plan book (make latexpdf / python3 dev.py pdf)
latex_documents = [
    ("index", "mizuhodai-plan.tex", project, author, "manual"),
]
