"""The reStructuredText twin of test-english, for the gettext builder."""

extensions = ["sphinxcontrib_keikaku"]
language = "ja"
