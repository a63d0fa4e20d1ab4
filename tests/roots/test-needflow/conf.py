extensions = ["myst_parser", "sphinxcontrib_keikaku"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
language = "ja"
keikaku_plan_period = (2024, 2027)
# SVG: the diagram's labels can be read in the file
graphviz_output_format = "svg"
