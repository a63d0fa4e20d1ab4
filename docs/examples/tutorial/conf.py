"""Sphinx configuration of the tutorial's plan: さくら市総合計画."""

project = "さくら市総合計画"
author = "さくら市 企画課"
language = "ja"

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

# 計画期間: 令和6年度〜令和9年度
keikaku_plan_period = (2024, 2027)

# The PDF plan book: file name, title, author, document class.
latex_documents = [
    ("index", "sakura-plan.tex", project, author, "manual"),
]
