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

# 分類軸: SDGs の17のゴール、第3期みずほ台市デジタル田園都市構想総合戦略の
# 基本目標（成果指標のうち総合戦略の KPI にも同じ値を付ける）、
# 重点プロジェクト、市長公約（マニフェスト）
keikaku_axes = {
    "sdgs": "sdgs",
    "strategy": {
        "label": "総合戦略",
        "values": {
            "1": "地方に仕事をつくる",
            "2": "人の流れをつくる",
            "3": "結婚・出産・子育ての希望をかなえる",
            "4": "魅力的な地域をつくる",
        },
    },
    "project": {
        "label": "重点プロジェクト",
        "values": {
            "PJ1": "こども・子育て 未来投資プロジェクト",
            "PJ2": "防災・減災 安心プロジェクト",
            "PJ3": "ゼロカーボンシティ推進プロジェクト",
        },
    },
    "pledge": {
        "label": "市長公約",
        "values": {
            "P1": "子育て日本一のまち",
            "P2": "防災先進都市",
            "P3": "にぎわいと活力のあるまち",
            "P4": "健康長寿のまち",
            "P5": "行政のデジタル化",
        },
    },
}
