"""The application each build environment belongs to.

Sphinx 9 deprecates ``env.app`` and offers no public replacement, while a
few of keikaku's hooks receive only the environment (``env-updated``'s
helpers, a domain's callbacks) and need the application for its builder,
configuration directory or event manager. The application is noted in the
build's state (:mod:`.state`) when the builder is set up, weakly, so no
finished build is kept alive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib_keikaku.sphinxext.state import begin, state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["app_of", "remember_app"]


def remember_app(app: Sphinx) -> None:
    """Note the application of ``app.env`` (builder-inited: the environment
    is loaded or created; nothing has been read yet)."""
    begin(app)


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application building with *env*."""
    return state(env).app
