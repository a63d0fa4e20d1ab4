"""The application each build environment belongs to.

Sphinx 9 deprecates ``env.app`` and offers no public replacement, while a
few of keikaku's hooks receive only the environment (``env-updated``'s
helpers, a domain's callbacks) and need the application for its builder,
configuration directory or event manager. The application is noted when
the builder is set up; the map is weak, so no finished build is kept alive.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["app_of", "remember_app"]

_apps: weakref.WeakKeyDictionary[BuildEnvironment, Sphinx] = weakref.WeakKeyDictionary()


def remember_app(app: Sphinx) -> None:
    """Note the application of ``app.env`` (builder-inited: the environment
    is loaded or created; nothing has been read yet)."""
    _apps[app.env] = app


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application building with *env*."""
    return _apps[env]
