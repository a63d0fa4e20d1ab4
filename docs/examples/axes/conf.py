"""The classification axes example: SDGs, 総合戦略, 重点プロジェクト, 市長公約."""

project = "Axes example"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]
keikaku_plan_period = (2024, 2027)

# begin axes
keikaku_axes = {
    # built in: the 17 goals, named in Japanese (language = "ja")
    "sdgs": "sdgs",
    # the 総合戦略's basic goals, in the order the tables list them
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
        "values": {"PJ1": "こども・子育て 未来投資", "PJ2": "防災・減災 安心"},
    },
    "pledge": {
        "label": "市長公約",
        "values": {"P1": "子育て日本一", "P2": "防災先進都市"},
    },
}
# end axes
