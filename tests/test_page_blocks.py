"""The objects' blocks do not grow with the depth of the plan (issue 19, 9b).

Each vision's block shows the path above it; in a chain of nested visions a
whole path in every block made a page grow with the square of its depth.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

Build = Callable[..., BuildResult]


def _chain(src: Path, depth: int) -> None:
    """A plan of *depth* nested visions and one measure under the deepest."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib_keikaku"]\n'
        'language = "en"\n'
        "keikaku_plan_period = (2024, 2027)\n"
        "keikaku_charts = False\n"
        'keikaku_rules = {"unmeasured": "off", "unfunded": "off"}\n',
        encoding="utf8",
    )
    parts = ["# Chain\n"]
    for level in range(1, depth + 1):
        parent = f":parent: V{level - 1}\n" if level > 1 else ""
        parts.append(f"```{{vision}} Level {level}\n:id: V{level}\n{parent}```\n")
    parts.append(f"```{{measure}} Deepest measure\n:id: M1\n:vision: V{depth}\n```\n")
    (src / "index.md").write_text("\n".join(parts), encoding="utf8")


def _body(result: BuildResult) -> str:
    html = result.html("index")
    return html[html.index('<div class="keikaku-object') : html.rindex("</div>")]


@pytest.fixture
def sizes(tmp_path: Path, build: Build) -> dict[int, int]:
    found = {}
    for depth in (10, 20, 40):
        src = tmp_path / f"chain-{depth}"
        _chain(src, depth)
        result = build(src, out=f"out-{depth}")
        assert result.status == 0, result.warnings
        assert "WARNING" not in result.warnings, result.warnings
        found[depth] = len(_body(result).encode("utf8"))
    return found


def test_page_size_grows_linearly_with_depth(sizes: dict[int, int]) -> None:
    # linear: each step doubles the depth and adds twice as much as the last;
    # a whole path in every block adds about four times as much
    ratio = (sizes[40] - sizes[20]) / (sizes[20] - sizes[10])
    assert 1.8 < ratio < 2.3, sizes
    # the page of twice the depth is about twice the size
    assert sizes[20] / sizes[10] < 2.3, sizes


def test_a_deep_path_shows_its_root_and_nearest_visions(
    tmp_path: Path, build: Build
) -> None:
    src = tmp_path / "chain"
    _chain(src, 6)
    result = build(src)
    html = result.html("index")
    nav = re.findall(r'<p class="keikaku-nav">(.*?)</p>', html)
    serves = [line for line in nav if "Serves:" in line]
    assert len(serves) == 1
    ids = re.findall(r'title="(V\d+)"', serves[0])
    assert ids == ["V1", "V5", "V6"]
    assert " › … › " in serves[0]
    part_of = [line for line in nav if "Part of:" in line]
    # V2 .. V6; V5's path above it (V1 .. V4) is still shown whole
    assert re.findall(r'title="(V\d+)"', part_of[3]) == ["V1", "V2", "V3", "V4"]
    assert re.findall(r'title="(V\d+)"', part_of[4]) == ["V1", "V4", "V5"]
