"""A Sphinx extension to write, check and publish a city's comprehensive plan.

The package is layered; each layer imports only those above it:

* :mod:`~sphinxcontrib_keikaku.core`: the plan model, values, checks and
  evaluation, with no Sphinx import;
* :mod:`~sphinxcontrib_keikaku.data`: data files read into records;
* :mod:`~sphinxcontrib_keikaku.sphinxext`: the Sphinx glue (settings, domain,
  directives, the sphinx-needs bridge, build hooks, reporting);
* :mod:`~sphinxcontrib_keikaku.output`: nodes, tables, charts, LaTeX and the
  open-data files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The one place the version is written: ``pyproject.toml`` takes it from here
#: (flit's dynamic version). It is also part of the cache keys (data files,
#: the exports' digest) and of ``plan.json``'s ``generator``.
__version__ = "0.3.0.dev0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the plan directives, sphinx-needs integration and checks."""
    from sphinxcontrib_keikaku.extension import setup_extension

    return setup_extension(app, __version__)
