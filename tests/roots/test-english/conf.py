"""A Japanese plan with a partial English catalogue (issue 18)."""

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
keikaku_axes = {
    "project": {"label": "重点プロジェクト", "values": {"PJ1": "防災プロジェクト"}},
}
