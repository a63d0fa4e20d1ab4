"""An existing Sphinx project with its own sphinx-needs types adopts keikaku."""

project = "Existing project"
language = "en"
exclude_patterns = ["_build"]

# keikaku was added to the end of the list; sphinx_needs was already there.
extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib_keikaku"]

# The project's own need types and id pattern keep working.
needs_types = [
    {
        "directive": "req",
        "title": "Requirement",
        "prefix": "REQ_",
        "color": "#BFD8D2",
        "style": "node",
    },
]
needs_id_regex = r"^REQ_[0-9]{3}$"

keikaku_plan_period = (2024, 2027)
keikaku_charts = False
