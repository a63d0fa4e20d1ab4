"""``python -m sphinxcontrib_keikaku``: the ``keikaku`` command."""

from __future__ import annotations

import sys

from sphinxcontrib_keikaku.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m sphinxcontrib_keikaku"))
