"""The tutorial's plan with its yearly evaluation: records written on a page
and read from the departments' sheet, and the annual evaluation report."""

project = "さくら市総合計画"
author = "さくら市 企画課"
language = "ja"

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

keikaku_plan_period = (2024, 2027)

# 担当課が記入した評価シート (Excel で保存した CSV, Excel ブックも可)
keikaku_evaluation_files = ["data/evaluation-r6.csv"]

# Two PDF books from the same sources: the plan book, and the year's
# evaluation report (評価報告書), which holds only the report page and the
# pages in its toctree.
latex_documents = [
    ("index", "sakura-plan.tex", project, author, "manual"),
    (
        "report-r6",
        "sakura-evaluation-r6.tex",
        "令和6年度 施策評価報告書",
        author,
        "manual",
    ),
]
