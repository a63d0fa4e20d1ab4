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
# Keep the cycle collector off the loaded objects in this one-shot build.
keikaku_gc_freeze = True
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
# The financial frame (財政フレーム) per fiscal year, in keikaku_amount_unit.
keikaku_fiscal_frame = {"R6": 13_000_000, "R7": 12_500_000}
# Other keikaku plans, by name: the plan.json each exported, with the base URL
# its pages are published under; their objects are named sogo:ID in :serves:.
keikaku_external_plans = {"sogo": ("https://example.org/sogo/", "_external/sogo.json")}
# The plan.json of the edition before the mid-term revision, for plan-changes.
keikaku_previous_plan = "_editions/previous.json"
# The language the plan is written in: its untranslated text is marked with it
# (lang="ja-JP") in an edition built in another language.
keikaku_source_language = "ja-JP"
# Each 政策 (vision) starts a new page of the PDF, as each 施策 (measure) does.
keikaku_latex_new_page = ["vision", "measure"]
