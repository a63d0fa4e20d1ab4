from pathlib import Path

extensions = ["myst_parser", "sphinxcontrib_keikaku"]
language = "en"
keikaku_plan_period = (2024, 2027)
keikaku_charts = False

# The test creates the links, the pipe and the directory, and a secret file
# beside the source directory that must never be read.
_outside = Path(__file__).absolute().parent.parent / "secret.csv"
keikaku_data_files = [
    "../secret.csv",
    str(_outside),
    "data/link-out.csv",
    "data/dir-link/secret.csv",
    "data/missing.csv",
    "data/a-directory.csv",
    "data/a-fifo.csv",
    "data/plain.csv/inner.csv",
    "data/loop.csv",
    "data/" + "n" * 300 + ".csv",
    "data/plain.csv",
]
