"""Sphinx configuration of the second example: みずほ台市都市計画マスタープラン.

A sectoral plan (個別計画) of the same city as ``example_plan``: its goals
and measures serve measures of the comprehensive plan (``:serves:``), which
shows them in its ``plan-alignment`` page.

``_external/sogo-plan.json`` is a copy of the comprehensive plan's
``keikaku/plan.json``; ``python3 dev.py external`` builds both examples and
refreshes the copies in both directions (see docs/howto/sectoral-plan.md).
"""

project = "みずほ台市都市計画マスタープラン"
author = "みずほ台市 都市計画課"
copyright = "2024, みずほ台市"
language = "ja"

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build", "_external"]

keikaku_plan_period = (2024, 2035)
keikaku_year_style = "era"
# 都市計画マスタープランは方針を示す計画で、事業費は総合計画の実施計画が持つ
keikaku_rules = {"unfunded": "off"}

# 総合計画: その plan.json の写しと、計画書の公開先
keikaku_external_plans = {
    "sogo": ("https://www.city.mizuhodai.example/sogo/", "_external/sogo-plan.json"),
}

html_title = "みずほ台市都市計画マスタープラン"
