"""Opt-in (``keikaku_gc_freeze``): the cycle collector kept off a build's
loaded objects.

A large plan makes a large environment, and CPython's collector of the
oldest generation walks all of it again and again while a rebuild unpickles
it and writes pages; none of those objects dies during the build. Moving
them out of the collector's sight (:func:`gc.freeze`) saves a measurable part
of a rebuild (see the performance page), but it acts on the whole
interpreter, so keikaku does it only when the project asks, and undoes
exactly what it did: it freezes only when the host has frozen nothing (so
that the permanent generation then holds only what keikaku put there), and
gives everything back (:func:`gc.unfreeze`) when the build finishes, with or
without an error. The hooks run in Sphinx's main process, which forks its
parallel readers and writers after freezing: a fork copies the state and
starts no thread.
"""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Per application in this build: whether keikaku froze (False when it
#: found the host's own frozen objects and left the collector alone).
_froze: weakref.WeakKeyDictionary[Sphinx, bool] = weakref.WeakKeyDictionary()


def freeze(app: Sphinx, *_args: Any) -> None:
    """Freeze what exists now, when asked to and the host froze nothing."""
    if not app.config.keikaku_gc_freeze:
        return
    if app not in _froze:
        _froze[app] = gc.get_freeze_count() == 0
        if not _froze[app]:
            logger.verbose(
                _(
                    "keikaku_gc_freeze: the host has frozen objects itself; "
                    "keikaku leaves the garbage collector alone"
                )
            )
    if _froze[app]:
        gc.freeze()


def unfreeze(app: Sphinx, _exception: BaseException | None) -> None:
    """Give back what keikaku froze in this build (build-finished)."""
    if _froze.pop(app, False):
        gc.unfreeze()


def setup_gc_freeze(app: Sphinx) -> None:
    # the loaded environment, before the changed documents are read
    app.connect("env-before-read-docs", freeze)
    # the documents read and the plan built: what the write phase walks
    app.connect("env-updated", freeze, priority=900)
    app.connect("build-finished", unfreeze, priority=999)
