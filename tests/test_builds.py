"""Parallel and incremental builds give the same pages as a fresh serial build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.builds import assert_same_as_fresh, edit_source, html_pages

EXAMPLE = Path(__file__).parent.parent / "example_plan"

Build = Callable[..., BuildResult]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "example_plan"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("_build"))
    return target


def test_example_plan_builds_cleanly_and_in_parallel(
    example: Path, build: Build
) -> None:
    serial = build(example, "-W", "-j", "1", out="serial")
    assert serial.status == 0, serial.warnings
    assert serial.warnings == ""
    parallel = build(example, "-W", "-j", "2", out="parallel")
    assert parallel.status == 0, parallel.warnings
    assert html_pages(serial.outdir) == html_pages(parallel.outdir)


def test_edit_updates_pages_that_show_the_object(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("basic")
    first = build(src)
    assert "地域防災力の向上" in first.html("vision")
    edit_source(src / "measures.md", "地域防災力の向上", "地域防災力の強化")
    second = build(src)
    # vision.md did not change, but it lists the measure by title
    assert "地域防災力の強化" in second.html("vision")
    assert "地域防災力の向上" not in second.html("vision")
    assert_same_as_fresh(src, second, tmp_path)


def test_budget_change_updates_totals_elsewhere(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("two-docs")
    edit_source(src / "b.md", ":id: M1\n:vision: V2", ":id: M2\n:vision: V1")
    first = build(src)
    assert "1,000" in first.html("a")
    edit_source(src / "a.md", ":budget: 2024: 1,000", ":budget: 2024: 2,500")
    edit_source(src / "b.md", ":measure: M1", ":measure: M2")
    second = build(src)
    assert "2,500" in second.html("a")
    assert_same_as_fresh(src, second, tmp_path)


def test_renaming_an_id_and_moving_objects(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("basic")
    build(src)
    # rename the vision the measure serves: the measure now names an unknown id
    edit_source(src / "vision.md", ":id: V1-1\n", ":id: V1-9\n")
    renamed = build(src)
    assert "V1-1" in renamed.warnings and "[keikaku.unknown-id]" in renamed.warnings
    assert 'href="vision.html#V1-1"' not in renamed.html("measures")
    assert_same_as_fresh(src, renamed, tmp_path)

    # move the budget link from measures.md to vision.md
    measures = (src / "measures.md").read_text(encoding="utf8")
    block = measures[measures.index("```{budget-link}") :]
    (src / "measures.md").write_text(measures.replace(block, ""), encoding="utf8")
    with (src / "vision.md").open("a", encoding="utf8") as f:
        f.write("\n" + block)
    moved = build(src)
    assert 'href="vision.html#B-0123"' in moved.html("measures")
    assert_same_as_fresh(src, moved, tmp_path)


def test_deleting_a_document(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("basic")
    build(src)
    (src / "measures.md").unlink()
    edit_source(src / "index.md", "vision\nmeasures\n", "vision\n")
    result = build(src)
    assert "M1-1-1" not in result.html("vision")
    assert result.warnings == ""
    assert_same_as_fresh(src, result, tmp_path)


def test_deleting_one_of_two_duplicates(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("two-docs")
    first = build(src)
    assert "[keikaku.duplicate-id]" in first.warnings
    # the first definition goes; the second, unchanged, must take its place
    edit_source(src / "a.md", ":id: M1\n:vision: V1", ":id: M0\n:vision: V1")
    second = build(src)
    assert "[keikaku.duplicate-id]" not in second.warnings
    assert_same_as_fresh(src, second, tmp_path)
