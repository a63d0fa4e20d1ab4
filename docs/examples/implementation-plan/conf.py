"""The implementation plan loaded from the accounting system's export."""

project = "implementation-plan"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
exclude_patterns = ["_build"]
keikaku_plan_period = "R6-R9"
keikaku_year_style = "era"
keikaku_charts = False

# 財務会計システムの出力 (Shift_JIS の CSV, 年度を列に並べた横長の表)
keikaku_data_files = ["data/jisshi_keikaku.csv"]
# 中期財政計画の財政フレーム (千円)
keikaku_fiscal_frame = {"R7": 40_000, "R8": 41_000, "R9": 41_000}
