extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_plan_period = (2024, 2027)
keikaku_axes = {
    "sdgs": "sdgs",
    "strategy": {
        "label": "総合戦略",
        "values": {"1": "稼ぐ地域", "2": "人の流れ", "3": "結婚・出産・子育て"},
    },
    "pledge": {
        "label": "市長公約",
        "values": {"P1": "子育て日本一", "P2": "防災先進都市"},
    },
}
