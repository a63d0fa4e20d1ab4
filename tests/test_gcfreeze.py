"""``keikaku_gc_freeze``: off by default, and when on, undone exactly.

The collector's state belongs to whoever hosts Sphinx, so every test leaves
the interpreter as it found it (``gc.get_freeze_count() == 0``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult

Build = Callable[..., BuildResult]


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()


def _probe(src: Path) -> None:
    """A project extension that records the freeze count while pages are
    written, and re-raises nothing (the build stays ordinary)."""
    (src / "gcprobe.py").write_text(
        "import gc\n"
        "SEEN = []\n"
        "def _resolved(app, doctree, docname):\n"
        "    SEEN.append(gc.get_freeze_count())\n"
        "def setup(app):\n"
        "    app.connect('doctree-resolved', _resolved)\n"
        "    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n",
        encoding="utf8",
    )
    conf = src / "conf.py"
    conf.write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        + conf.read_text(encoding="utf8").replace(
            '"sphinxcontrib_keikaku"]', '"sphinxcontrib_keikaku", "gcprobe"]'
        ),
        encoding="utf8",
    )


def _seen() -> list[int]:
    import sys

    module: Any = sys.modules["gcprobe"]
    seen: list[int] = module.SEEN
    del sys.modules["gcprobe"]
    return seen


def test_off_by_default_the_collector_is_left_alone(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("basic")
    _probe(src)
    result = build(src)
    assert result.status == 0, result.warnings
    seen = _seen()
    assert seen and set(seen) == {0}
    assert gc.get_freeze_count() == 0


def test_on_it_freezes_while_writing_and_gives_back_at_the_end(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("basic")
    _probe(src)
    result = build(src, "-D", "keikaku_gc_freeze=1")
    assert result.status == 0, result.warnings
    seen = _seen()
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


def test_on_it_leaves_what_the_host_froze_alone(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("basic")
    _probe(src)
    gc.freeze()
    before = gc.get_freeze_count()
    result = build(src, "-D", "keikaku_gc_freeze=1")
    assert result.status == 0, result.warnings
    # keikaku froze nothing more (the count only falls, as frozen objects
    # die), and unfroze nothing of the host's
    seen = _seen()
    assert seen and all(0 < count <= before for count in seen)
    assert 0 < gc.get_freeze_count() <= before


def test_a_bad_value_is_a_config_finding(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf8") + '\nkeikaku_gc_freeze = "yes please"\n',
        encoding="utf8",
    )
    result = build(src)
    assert result.status == 1
    assert "Traceback" not in result.warnings
    line = next(
        line for line in result.warnings.splitlines() if "keikaku_gc_freeze" in line
    )
    assert "conf.py:" in line
    assert line.endswith("[keikaku.config]")
    assert gc.get_freeze_count() == 0
