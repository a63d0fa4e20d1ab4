"""The two examples that hold together (issue 17): ``example_sectoral``
(みずほ台市都市計画マスタープラン) serves ``example_plan``, which shows
``plan-alignment`` and ``plan-changes``; both build with -W, link to each
other, and their checked-in copies of each other's ``plan.json`` are
current (``python3 dev.py external`` refreshes them)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import OPTIONAL_PROGRAMS, BuildResult, path_without, run_build

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Both examples, built side by side as dev.py builds them (every
    export is checked against the schema by run_build), on a machine with
    only Python: Graphviz, TeX, Chromium and npm hidden from ``PATH``
    (issue 27: the README's ``dev.py plan`` must pass there)."""
    root = tmp_path_factory.mktemp("examples")
    bare = path_without(root / "bin", *OPTIONAL_PROGRAMS)
    results = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", bare)
        for name in ("example_plan", "example_sectoral"):
            src = root / name
            shutil.copytree(REPO / name, src, ignore=shutil.ignore_patterns("_build"))
            results[name] = run_build(src, src / "_build" / "html", "-W")
    return results


def _identity(path: Path) -> dict[str, Any]:
    """What the other plan reads of an export: who it is, and the visions and
    measures its :serves: may name (other kinds may be added to the plan by
    other features without making the copy stale)."""
    data = json.loads(path.read_text(encoding="utf8"))
    return {
        "project": data["project"],
        "schema_version": data["schema_version"],
        "objects": [
            (o["id"], o["kind"], o["title"], o["url"], o.get("serves"))
            for o in data["objects"]
            if o["kind"] in ("vision", "measure")
        ],
        "external_plans": data.get("external_plans"),
    }


def test_both_build_cleanly(examples: dict[str, BuildResult]) -> None:
    """With -W and no warning at all, on a machine with only Python."""
    for name, result in examples.items():
        assert result.status == 0, (name, result.warnings)
        assert result.warnings == "", name


def test_bare_machine_shows_every_keikaku_diagram(
    examples: dict[str, BuildResult],
) -> None:
    """keikaku's own diagrams need nothing outside Python: the logic model
    is drawn (not replaced by a note); only sphinx-needs' needflow, which
    needs Graphviz, is left out, with the page saying so."""
    plan = examples["example_plan"]
    goal = plan.html("goals/goal1")
    assert "keikaku-logic-missing" not in goal
    assert "<svg" in goal and "keikaku-logic-diagram" in goal
    flow = plan.html("reports/flow")
    assert "Graphviz のない環境" in flow
    assert not list((plan.outdir / "_images").glob("needflow-*"))


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        ("example_plan", "example_sectoral/_external/sogo-plan.json"),
        ("example_sectoral", "example_plan/_external/toshi-plan.json"),
    ],
)
def test_checked_in_copies_are_current(
    examples: dict[str, BuildResult], source: str, copy: str
) -> None:
    built = examples[source].outdir / "keikaku" / "plan.json"
    assert _identity(REPO / copy) == _identity(built), (
        f"{copy} is stale: run python3 dev.py external"
    )


#: Where conf.py says each example is published.
PUBLISHED = {
    "example_plan": "https://www.city.mizuhodai.example/sogo/",
    "example_sectoral": "https://www.city.mizuhodai.example/toshi/",
}


def test_sites_link_both_ways(examples: dict[str, BuildResult]) -> None:
    """Each link to the other site names a page and anchor the other build
    wrote (at the address its conf.py says it is published under)."""
    pages = {
        "example_plan": examples["example_plan"].outdir / "goals" / "goal3.html",
        "example_sectoral": examples["example_sectoral"].outdir / "policies.html",
    }
    for here, other in (
        ("example_plan", "example_sectoral"),
        ("example_sectoral", "example_plan"),
    ):
        base = PUBLISHED[other]
        hrefs = re.findall(
            rf'href="{re.escape(base)}([^"]*)"', pages[here].read_text("utf8")
        )
        assert len(hrefs) >= 3, here
        for href in hrefs:
            target, anchor = href.split("#")
            page = examples[other].outdir / target
            assert page.is_file(), href
            assert f'id="{anchor}"' in page.read_text("utf8"), href


def test_alignment_and_changes_pages(examples: dict[str, BuildResult]) -> None:
    outdir = examples["example_plan"].outdir
    text = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>", " ", (outdir / "reports" / "alignment.html").read_text("utf8")
        ),
    )
    assert "M3-1-1 地域防災力の向上 toshi toshi:UM1-1 木造住宅密集地域の改善 1" in text
    assert "どの個別計画も寄与していない施策" in text
    assert "toshi:UM2-2 景観形成と緑のネットワーク" in text
    changes = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>", " ", (outdir / "reports" / "changes.html").read_text("utf8")
        ),
    )
    assert "M3-1-3 交通安全の推進 M3-1-3 交通安全と防犯対策の推進" in changes
    assert "観光入込客数 目標値 令和9年度 460,000 → 480,000" in changes
    assert "M4-2-3 市民協働と地域コミュニティの活性化 V4-1 V4-2" in changes
