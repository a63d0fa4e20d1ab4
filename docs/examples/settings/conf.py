"""Every keikaku_* setting, each with a value other than its default."""

project = "Settings example"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]

# The plan period, inclusive fiscal years: (2024, 2027), "2024-2027" or "R6-R9".
keikaku_plan_period = "R6-R9"
# Severity per rule: "error" fails the build, "warning", or "off".
keikaku_rules = {"unfunded": "error", "incomplete": "error"}
# The unit of every amount (default "千円", "thousand yen" outside Japanese).
keikaku_amount_unit = "円"
# Fiscal years shown as 令和7年度 instead of 2025年度.
keikaku_year_style = "era"
# No chart under every indicator (indicator-chart still draws one).
keikaku_charts = False
# Every plan-logic-model drawn by Graphviz (dot must be installed).
keikaku_logic_model_engine = "graphviz"
# Yearly actuals and budget amounts, relative to this folder.
keikaku_data_files = ["data/actuals.csv"]
# At most 100 problems reported per data file, then their count.
keikaku_data_error_limit = 100
# Achievement rate = actual ÷ target (target ÷ actual for lower-is-better).
keikaku_achievement = "ratio"
# Measure against the target prorated to the year of the latest actual.
keikaku_evaluation_basis = "prorated"
# Evaluate as of this fiscal year: later actuals do not count (default: the latest
# fiscal year with an actual).
keikaku_evaluation_year = "R7"
# Grades from best to worst with their minimum rate in percent.
keikaku_grades = {"◎": 100, "○": 80, "△": 50, "×": None}
# A measure gets the worst grade of its indicators.
keikaku_rollup = "worst"
# Progress against the schedule: on track (順調) from 95% of the target due.
keikaku_progress = {"順調": 95, "概ね順調": 80, "遅れ": None}
# Classification axes: the built-in SDGs and a custom axis.
keikaku_axes = {
    "sdgs": "sdgs",
    "pledge": {"label": "市長公約", "values": {"P1": "子育て日本一"}},
}
# The stages of the yearly evaluation, first first.
keikaku_evaluation_stages = ["一次評価", "最終評価"]
# The directions an evaluation may decide.
keikaku_directions = ["拡充", "継続", "見直し", "廃止"]
# Evaluation sheets the departments fill in, relative to this folder.
keikaku_evaluation_files = ["data/evaluation.csv"]
# The fiscal year of the departments' workbooks (sphinx-build -b keikaku-sheets).
keikaku_sheets_year = "R8"
# The financial frame (財政フレーム) per fiscal year, in keikaku_amount_unit.
keikaku_fiscal_frame = {"R6": 13_000_000, "R7": 12_500_000}
# The unit cost of staff time (人件費) in keikaku_amount_unit: 4千円 an hour.
keikaku_staff_cost = {"per_hour": 4}
# What plan-alerts calls too low an execution rate and too large a swing.
keikaku_alerts = {"execution_rate": 80, "swing": 50}
# Other keikaku plans, by name: the plan.json each exported, with the base URL
# its pages are published under; their objects are named sogo:ID in :serves:.
keikaku_external_plans = {"sogo": ("https://example.org/sogo/", "_external/sogo.json")}
# The plan.json of the edition before the mid-term revision, for plan-changes.
keikaku_previous_plan = "_editions/previous.json"
# The language the plan is written in: its untranslated text is marked with it
# (lang="ja-JP") in an edition built in another language.
keikaku_source_language = "ja-JP"
# Where citizens' opinions were heard; the first is the default.
keikaku_opinion_channels = ["パブリックコメント", "タウンミーティング"]
# How the city handled each opinion: the code tables show, and its label.
keikaku_dispositions = {"A": "加筆修正（計画に反映）", "B": "記載済", "C": "参考"}
# Opinion sheets (意見の概要と市の考え方), relative to this folder.
keikaku_opinion_files = ["data/opinions.csv"]
# Each 政策 (vision) starts a new page of the PDF, as each 施策 (measure) does.
keikaku_latex_new_page = ["vision", "measure"]
