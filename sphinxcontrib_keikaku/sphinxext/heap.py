"""Keep Python's cycle collector off the loaded environment during a build.

A large plan makes a large environment: sphinx-needs keeps every plan object
as a need, keikaku keeps its typed model, and a reference-scale plan holds
millions of objects once the pickle is loaded. CPython's collector of the
oldest generation walks all of them again and again while the write phase
creates the nodes of big tables, and once more when the interpreter exits;
on the benchmark plan that was about a quarter of a rebuild with no
changes and of a one-page edit. None of those objects dies during the
build, so they are moved out of the collector's sight (:func:`gc.freeze`)
once they exist: what the process has loaded before the environment is
unpickled, the loaded environment, and the documents read and the plan.

They are given back (:func:`gc.unfreeze`) when the next build in the same
process starts, not when this one finishes: giving them back at the end
would only make the interpreter walk them all at exit. A process that runs
several builds (``sphinx.testing``, an editor plugin) so collects the
objects of one build during the next; one that builds the same application
again collects what died since before it freezes anew.
"""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Applications that have built once: a language server or an editor plugin
#: may build the same application again and again.
_built: weakref.WeakSet[Sphinx] = weakref.WeakSet()


def freeze(app: Sphinx, *_args: Any) -> None:
    """Move every object that exists now into the permanent generation."""
    gc.freeze()


def before_reading(app: Sphinx, *_args: Any) -> None:
    """Freeze the loaded environment; when this application built before,
    first collect what died since (the documents and the plan the last build
    froze), so that rebuilding the same application does not keep them."""
    if app in _built:
        gc.unfreeze()
        gc.collect()
    _built.add(app)
    gc.freeze()


def start(app: Sphinx, *_args: Any) -> None:
    """Give the objects an earlier build froze back to the collector; in a
    process's first build, freeze what is loaded so far (modules, classes,
    the configuration), which stays for the life of the process anyway and
    so need not be walked while the environment is unpickled."""
    if gc.get_freeze_count():
        gc.unfreeze()
    else:
        gc.freeze()


def setup_heap(app: Sphinx) -> None:
    app.connect("config-inited", start, priority=0)
    # the loaded environment, before the changed documents are read
    app.connect("env-before-read-docs", before_reading)
    # the documents read and the plan built: what the write phase walks
    app.connect("env-updated", freeze, priority=900)
