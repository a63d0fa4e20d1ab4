# Hostile text everywhere keikaku shows text (tests/test_hostile.py).
# conf.py itself is trusted code: the project name is Sphinx's to escape.
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "ja"
project = "Hostile"
keikaku_plan_period = (2024, 2027)
keikaku_amount_unit = '千円<script>alert("unit")</script> & 100%'
keikaku_data_files = ["data/values.csv"]
latex_documents = [("index", "hostile.tex", project, "test", "manual")]
# The hostile links are unknown or unreadable ids; as warnings, the PDF is
# still made.
keikaku_rules = {"unknown-id": "warning", "value": "warning"}
