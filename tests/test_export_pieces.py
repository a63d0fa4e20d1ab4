"""The open data files from kept pieces equal the files of a fresh build.

Each object's ``plan.json`` entry and ``values.csv`` rows are kept in the
doctree directory (:mod:`.export_pieces`) and used again while what they
were made from is unchanged. Whatever happens between builds (a value, a
grade or a link changes, an object goes, the builder or a setting changes,
the store is damaged), the files are byte for byte those of a fresh build.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.output.export_pieces import PIECES_FILE, Pieces

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
    store = first.outdir / ".doctrees" / PIECES_FILE
    assert store.is_file()

    # a value (the indicator's entry and rows, its measure's and vision's grade)
    _edit(src / "measures.md", ":actual: 2024: 17", ":actual: 2024: 20, 2025: 21")
    again = build(src)
    _same_as_fresh(src, again, build, "value")
    assert '"2025":21' in (again.outdir / "keikaku" / "plan.json").read_text("utf8")
    assert "I1-1-1-a,2025,actual,21" in (
        (again.outdir / "keikaku" / "values.csv").read_text("utf-8-sig")
    )

    # a link (the parent's children; M9 is unknown, an error in both builds)
    # and an object gone (its pieces go too)
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
    _format, _scope, digests, texts = pickle.loads(store.read_bytes())
    assert digests.keys() == texts.keys()
    assert [name for name in texts if name.endswith("\0M1-1-1")]
    assert not [name for name in texts if name.endswith("\0B-0123")]


def test_a_setting_or_another_builder_makes_every_piece_again(
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


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps((2, "another scope", {}, {})),
        pickle.dumps((1, "an older format", {})),
        pickle.dumps([1]),
    ],
    ids=["empty", "garbage", "foreign", "older", "wrong-shape"],
)
def test_a_damaged_store_only_means_the_pieces_are_made_again(
    copy_root: Callable[[str], Path], build: Build, damage: bytes
) -> None:
    src = copy_root("basic")
    first = build(src)
    (first.outdir / ".doctrees" / PIECES_FILE).write_bytes(damage)
    _edit(src / "measures.md", ":actual: 2024: 17", ":actual: 2024: 18")
    again = build(src)
    assert again.warnings == ""
    _same_as_fresh(src, again, build, "damaged")


def test_a_piece_is_kept_only_for_an_equal_key(tmp_path: Path) -> None:
    path = tmp_path / "pieces.pickle"
    made: list[str] = []

    def make(text: str) -> Callable[[], str]:
        return lambda: made.append(text) or text

    pieces = Pieces(path, "scope")
    assert pieces.get("json", "A", ("k", 1), make("a1")) == "a1"
    assert pieces.get("json", "B", None, make("b1")) == "b1"  # never kept
    pieces.save()
    pieces = Pieces(path, "scope")
    assert pieces.get("json", "A", ("k", 1), make("a2")) == "a1"  # kept
    assert pieces.get("json", "B", None, make("b2")) == "b2"
    assert pieces.get("values", "A", ("k", 1), make("v")) == "v"  # another part
    pieces.save()
    assert Pieces(path, "scope").get("json", "A", ("k", 2), make("a3")) == "a3"
    assert Pieces(path, "other").get("json", "A", ("k", 1), make("a4")) == "a4"
    assert made == ["a1", "b1", "b2", "v", "a3", "a4"]
