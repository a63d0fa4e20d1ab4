"""The plan itself: values, the model, the rules and checks, evaluation and
analysis. Nothing here imports Sphinx or docutils, so the core is importable
and tested on its own."""
