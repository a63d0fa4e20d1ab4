"""The open data files of an incremental build equal those of a fresh build.

Whatever happens between builds (a value, a grade or a link changes, an
object goes, the builder or a setting changes), the files are byte for byte
those of a fresh build of the same sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult

Build = Callable[..., BuildResult]


def _exports(outdir: Path) -> dict[str, bytes]:
    target = outdir / "keikaku"
    return {
        path.name: path.read_bytes()
        for path in sorted(target.iterdir())
        if not path.name.startswith(".")
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf8")


def _same_as_fresh(
    src: Path, incremental: BuildResult, build: Build, name: str, *args: str
) -> None:
    fresh = build(src, "-E", *args, out=f"fresh-{name}")
    # an error in the plan (an unknown id) fails both builds alike
    assert fresh.status == incremental.status, incremental.warnings
    assert fresh.warnings.replace(
        str(fresh.outdir), ""
    ) == incremental.warnings.replace(str(incremental.outdir), "")
    assert _exports(incremental.outdir) == _exports(fresh.outdir)


def test_edits_give_the_files_of_a_fresh_build(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("basic")
    first = build(src)
    assert first.status == 0, first.warnings

    # a value (the indicator's entry and rows, its measure's and vision's grade)
    _edit(src / "measures.md", ":actual: 2024: 17", ":actual: 2024: 20, 2025: 21")
    again = build(src)
    _same_as_fresh(src, again, build, "value")
    assert '"2025":21' in (again.outdir / "keikaku" / "plan.json").read_text("utf8")
    assert "I1-1-1-a,2025,actual,21" in (
        (again.outdir / "keikaku" / "values.csv").read_text("utf-8-sig")
    )

    # a link (the parent's children; M9 is unknown, an error in both builds)
    # and an object gone
    _edit(src / "measures.md", ":measure: M1-1-1\n:code:", ":measure: M9\n:code:")
    linked = build(src)
    assert linked.status == 1
    _same_as_fresh(src, linked, build, "link")
    text = (src / "measures.md").read_text(encoding="utf8")
    (src / "measures.md").write_text(
        re.sub(r"```\{budget-link\}.*?```", "", text, flags=re.S), encoding="utf8"
    )
    gone = build(src)
    assert "B-0123" not in (gone.outdir / "keikaku" / "plan.json").read_text("utf8")
    _same_as_fresh(src, gone, build, "gone")


def test_a_setting_or_another_builder_gives_the_files_of_a_fresh_build(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("basic")
    doctrees = str(tmp_path / "doctrees")
    assert build(src, "-d", doctrees).status == 0
    # dirhtml: the same doctrees and objects, other URLs
    dirhtml = build(src, "-d", doctrees, builder="dirhtml", out="dir")
    fresh = build(src, "-E", builder="dirhtml", out="dir-fresh")
    assert _exports(dirhtml.outdir) == _exports(fresh.outdir)
    assert '"url":"measures/#M1-1-1"' in (
        dirhtml.outdir / "keikaku" / "plan.json"
    ).read_text("utf8")
    # other grades: the same objects, every evaluation graded anew
    setting = ("-D", "keikaku_evaluation_basis=prorated")
    graded = build(src, "-d", doctrees, *setting)
    _same_as_fresh(src, graded, build, "setting", *setting)
