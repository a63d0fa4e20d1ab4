"""Plan objects in ``objects.inv`` (issue 17): ``get_objects`` puts every
object there under ``keikaku:<kind>``, the ``keikaku:<kind>`` roles link to
them in the project, and a second project links to them through
intersphinx, from a local inventory file (no network)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult
from helpers.inventory import read_inventory

Build = Callable[..., BuildResult]


def test_objects_inv_holds_every_plan_object(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("external-served"), "-W")
    assert result.status == 0, result.warnings
    inventory = read_inventory(result.outdir)
    assert inventory["keikaku:vision"]["V1"] == (
        "https://sogo.example/plan.html#V1",
        "V1 A safe town",
    )
    assert set(inventory["keikaku:measure"]) == {"M1", "M2"}
    assert set(inventory["keikaku:indicator"]) == {"I1", "I2"}
    assert set(inventory["keikaku:budget-link"]) == {"B1", "B2"}
    assert inventory["keikaku:measure"]["M2"][0].endswith("plan.html#M2")


def test_second_project_links_through_intersphinx(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    """The sectoral plan (reStructuredText) links to the comprehensive
    plan's measure with :external+sogo:keikaku:measure:, and to its own
    with :keikaku:measure:; an unknown target is Sphinx's usual warning."""
    served = build(copy_root("external-served"), "-W", out="served")
    assert served.status == 0, served.warnings
    src = copy_root("external-serving")
    inventory = served.outdir / "objects.inv"
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write(
            'extensions.append("sphinx.ext.intersphinx")\n'
            f'intersphinx_mapping = {{"sogo": ("https://sogo.example/", {str(inventory)!r})}}\n'
        )
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write(
            "\nSee :external+sogo:keikaku:measure:`M1` and :keikaku:measure:`TM2`.\n"
        )
    result = build(src, "-W", out="serving")
    assert result.status == 0, result.warnings
    page = result.html("index")
    link = re.search(
        r'<a [^>]*href="https://sogo.example/plan.html#M1"[^>]*>(.*?)</a>', page
    )
    assert link is not None, page
    assert "M1" in link.group(1)
    assert '<a class="reference internal" href="#TM2"' in page
    # both directions: the served plan links back to the serving one
    assert 'href="https://toshi.example/plan/index.html#TM1"' in served.html("plan")


def test_unknown_target_is_reported(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-serving")
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write("\nSee :keikaku:measure:`TM9`.\n")
    result = build(src)
    assert "TM9" in result.warnings
    assert "reference target not found" in result.warnings


def test_display_names_hold_the_title_except_with_sphinx_immaterial() -> None:
    """sphinx-immaterial rebuilds an anchor from the display name where
    Sphinx left it out (it equals the name), so with that theme loaded the
    display name is the id and the title moves to the synopsis."""
    from sphinxcontrib_keikaku.core.model import Measure, Vision, to_record
    from sphinxcontrib_keikaku.sphinxext import inventory

    records = {
        "b": [to_record(Measure(id="M1", title="見守り", docname="b", lineno=3))],
        "a": [
            to_record(Vision(id="V1", title="安全なまち", docname="a", lineno=1)),
            # a second object of one id: the inventory keeps the first
            to_record(Vision(id="V1", title="二つ目", docname="a", lineno=9)),
        ],
    }
    assert inventory.titles_in_display_names(["sphinx_needs", "furo"])
    assert not inventory.titles_in_display_names(["sphinx_immaterial"])
    titled = list(inventory.inventory_objects(records))
    assert [(name, display) for name, display, *_ in titled] == [
        ("V1", "V1 安全なまち"),
        ("M1", "M1 見守り"),
    ]
    bare = list(inventory.inventory_objects(records, titled=False))
    assert [(name, display, anchor) for name, display, _t, _d, anchor, _p in bare] == [
        ("V1", "V1", "V1"),
        ("M1", "M1", "M1"),
    ]
    assert dict(inventory.object_synopses(records)) == {
        ("a", "V1"): "安全なまち",
        ("b", "M1"): "見守り",
    }


def test_roles_follow_an_incremental_build(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A role to an object added on another page, then removed, in
    incremental builds: the index the roles use is made from this build's
    objects."""
    src = copy_root("external-serving")
    (src / "links.rst").write_text(
        "Links\n=====\n\nSee :keikaku:measure:`TM4`.\n", encoding="utf8"
    )
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write("\n.. toctree::\n\n   links\n")
    first = build(src)
    assert "TM4" in first.warnings and "reference target not found" in first.warnings
    added = "\n.. measure:: Bridges\n   :id: TM4\n   :vision: TV1\n"
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write(added)
    second = build(src)
    assert "TM4" not in second.warnings, second.warnings
    assert 'href="index.html#TM4"' in second.html("links")
    text = (src / "index.rst").read_text(encoding="utf8")
    (src / "index.rst").write_text(text.replace(added, ""), encoding="utf8")
    third = build(src)
    assert "reference target not found" in third.warnings
    assert 'href="index.html#TM4"' not in third.html("links")
