"""The collector is kept off a build's objects for that build only."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace


def _app(src: Path, out: Path) -> Sphinx:
    return Sphinx(src, src, out, out / ".doctrees", "html", status=None, warning=None)


def test_build_freezes_and_the_next_build_gives_back(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    src = copy_root("basic")
    # as sphinx-build does: directives registered here must not leak into
    # the docutils of the builds of later tests
    with docutils_namespace():
        _check(src, tmp_path)


def _check(src: Path, tmp_path: Path) -> None:
    try:
        gc.unfreeze()
        # the first build of a process freezes what is loaded before its
        # environment is unpickled
        _app(src, tmp_path / "zero")
        assert gc.get_freeze_count() > 0
        gc.freeze()  # whatever the test process holds, as a previous build would
        assert gc.get_freeze_count() > 0
        app = _app(src, tmp_path / "one")
        # config-inited gave the earlier objects back to the collector
        assert gc.get_freeze_count() == 0
        app.build()
        assert app.statuscode == 0
        # the environment and the plan stay out of the collector's sight
        # after the build: the interpreter does not walk them at exit
        assert gc.get_freeze_count() > 0
        _app(src, tmp_path / "two")
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


class _Garbage:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.cycle = self


def test_building_the_same_application_again_keeps_nothing_dead(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    """An editor plugin or language server builds one application many times:
    what died since the last build must not stay frozen."""
    src = copy_root("basic")
    try:
        with docutils_namespace():
            app = _app(src, tmp_path / "out")
            app.build()
            garbage = _Garbage()
            dead = weakref.ref(garbage)
            gc.freeze()  # as the last build froze the objects it made
            del garbage
            (src / "index.md").write_text(
                (src / "index.md").read_text(encoding="utf8") + "\nMore text.\n",
                encoding="utf8",
            )
            app.build()
            assert app.statuscode == 0
            assert dead() is None
    finally:
        gc.unfreeze()
