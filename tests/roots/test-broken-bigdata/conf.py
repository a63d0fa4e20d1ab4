extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2000, 2030)
keikaku_charts = False
# plan.md and data/big.csv are written by the test (tests/test_reliability.py)
keikaku_data_files = ["data/big.csv"]
