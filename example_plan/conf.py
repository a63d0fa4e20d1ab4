"""Sphinx configuration of the example plan: みずほ台市第6次総合計画."""

import shutil

project = "みずほ台市第6次総合計画"
author = "みずほ台市 企画政策課"
copyright = "2024, みずほ台市"
language = "ja"

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
# plan-logic-model draws its diagram itself; sphinx-needs' needflow draws
# with Graphviz (sphinx.ext.graphviz, which sphinx-needs loads): PNG with an
# image map, so the picture has alt text (an SVG is written as an <object>
# without one, which fails WCAG 1.1.1)
graphviz_output_format = "png"
exclude_patterns = ["_build", "_external", "_editions"]
# sphinx-needs' needflow (reports/flow.md) needs Graphviz, a program that the
# plan does not require: the page shows the diagram where Graphviz is
# installed and a note elsewhere, so that the plan builds with -W on a
# machine with only Python
if shutil.which("dot"):
    tags.add("graphviz")  # type: ignore[name-defined]  # noqa: F821

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
    # 年度の施策評価報告書: 同じ原稿から、その年度の評価の表と評価記録だけの
    # 2冊目 (毎年度、この行と evaluation/report-r7.md を新しい年度で写す)
    (
        "evaluation/report-r7",
        "mizuhodai-hyoka-r7.tex",
        "令和7年度 施策評価報告書",
        author,
        "manual",
    ),
]
latex_elements = {"releasename": "計画期間"}
# 計画書の構成: index.md の見出し（計画の進み具合・基本構想・基本計画・資料編）
# が「部」、基本目標のページが「章」、政策が「節」になる。施策は
# keikaku_latex_new_page（既定値 "measure"）で、それぞれ新しいページから始まる。
# 用紙は language = "ja" なので A4（keikaku の既定値）。
latex_toplevel_sectioning = "part"

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
# 毎年度の行政評価: 担当課が記入した評価シート (Excel ブックと Shift_JIS の CSV)。
# ページに書いた evaluation と同じように施策・事務事業の評価記録になります。
# 危機管理課から返ってきた令和7年度の記入シート: sphinx-build -b keikaku-sheets
# -D keikaku_sheets_year=R7 で書き出し、担当課が記入したもの。成果指標と
# 事務事業のシートはデータとして、評価のシートは評価シートとして読む。
RETURNED_SHEETS = ["data/sheets_r7/危機管理課.xlsx"]
keikaku_evaluation_files = [
    "data/evaluation_r6.xlsx",
    "data/evaluation_r7.csv",
    *RETURNED_SHEETS,
]
keikaku_data_files = [
    "data/actuals_r7.csv",
    "data/budget_r8.xlsx",
    # 実施計画（令和6〜8年度）の計画額と財源内訳: 財務会計システムの出力
    "data/jisshi_keikaku_r6-r8.csv",
    *RETURNED_SHEETS,
]

# 財政フレーム（中期財政計画で計画事業に充てられる額, 千円）。令和7年度は
# 実施計画の計画額の合計 2,764,770 がフレームを 14,770 超えており、
# keikaku.frame の警告になる。超過は財政課と協議済みで、計画書の
# 実施計画のページに差引として示しているので、この計画書では警告を
# 止める（-W でもビルドできる）。フレームを守るべき年は、この行を消すと
# 警告に戻る。
keikaku_fiscal_frame = {"R6": 2_700_000, "R7": 2_750_000, "R8": 2_900_000}
suppress_warnings = ["keikaku.frame"]
# 人件費の単価（千円）: 延べ業務時間 1時間あたり 4千円、時間のない年度は
# 正規職員 1人・1年あたり 8,000千円。事業費に人件費を加えたものが
# トータルコスト（事務事業の :staff: / :hours:、予算・決算のページ）
keikaku_staff_cost = {"per_hour": 4, "per_person": 8000}
# 個別計画との整合 (reports/alignment.md): みずほ台市都市計画マスタープラン
# (../example_sectoral) の plan.json の写しと、その公開先。写しは
# python3 dev.py external で作り直す
keikaku_external_plans = {
    "toshi": (
        "https://www.city.mizuhodai.example/toshi/",
        "_external/toshi-plan.json",
    ),
}
# 市民の声 (reports/opinions.md): パブリックコメントの意見シート（Excel から
# 書き出した CSV。氏名・住所の列は削除して公表する）
keikaku_opinion_files = ["data/public_comment_r7.csv"]
# 中間見直しの前の版 (reports/changes.md): tools/previous_edition.py が作る
keikaku_previous_plan = "_editions/r6-original.json"
