extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
# a project's own sphinx-needs settings keep working beside keikaku's
needs_types = [
    {
        "directive": "req",
        "title": "Requirement",
        "prefix": "R_",
        "color": "#BFD8D2",
        "style": "node",
    },
]
needs_id_regex = r"^R_[0-9]+$"
needs_fields = {
    "priority": {
        "description": "Priority of a requirement",
        "schema": {"type": "string"},
    }
}
