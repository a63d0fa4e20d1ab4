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

# The PDF plan book (python3 dev.py pdf): the title page shows the plan
# period where Sphinx would show a release number.
release = "令和6年度～令和9年度（前期基本計画）"
# EPUB 3 wants a version (the book's dc:identifier and title page)
version = "前期基本計画"
latex_documents = [
    ("index", "mizuhodai-plan.tex", project, author, "manual"),
]
latex_elements = {"releasename": "計画期間"}

# 毎年度の更新: 担当課から届いた実績値 (Excel が書く Shift_JIS の CSV) と
# 財務会計システムから出力した予算・決算額 (Excel ブック)
keikaku_data_files = ["data/actuals_r7.csv", "data/budget_r8.xlsx"]
