"""Evaluation records in sphinx-needs: derived ids that needs can link to,
and the records of evaluation sheets as needs (issue 14)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import BuildResult
from helpers.inventory import read_inventory

Build = Callable[..., BuildResult]

#: A need role to a directive's and to a sheet's derived record id, and a
#: project need of sphinx-needs' own type linking to both (MyST).
LINKS_MD = """

## 参照

{need}`M1~2024-1` と {need}`M2~2024-3`

keikaku の役割で {keikaku:evaluation}`M1~2024-2`

```{req} 評価を参照する要求
:id: REQ_001
:links: M1~2024-2, M2~2024-3
```

```{needtable}
:filter: id in ["M1~2024-1", "M2~2024-3"]
:columns: id, title, grade
:style: table
```
"""


def _needs(result: BuildResult) -> dict[str, Any]:
    data = json.loads((result.outdir / "needs.json").read_text("utf8"))
    needs: dict[str, Any] = data["versions"][data["current_version"]]["needs"]
    return needs


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _with_links(copy_root: Callable[[str], Path]) -> Path:
    src = copy_root("records")
    index = src / "index.md"
    index.write_text(index.read_text("utf8") + LINKS_MD, encoding="utf8")
    return src


def test_derived_ids_resolve_in_sphinx_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _with_links(copy_root)
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    html = result.html("index")
    # the need role reaches the directive's record on its page ...
    assert re.search(
        r'<a class="reference internal" href="records.html#M1~2024-1"', html
    )
    assert "令和6年度 施策評価（一次評価） (M1~2024-1)" in _text(html)
    # keikaku's own role (objects.inv) knows a record as an evaluation
    assert re.search(
        r'href="records.html#M1~2024-2" title="M1~2024-2"><code[^>]*><span[^>]*>M1~2024-2',
        html,
    ), html
    # ... and the sheet's record at the measure whose block lists it
    assert re.search(r'href="plan.html#M2">M2~2024-3</a>', html)
    needs = _needs(result)
    assert needs["REQ_001"]["links"] == ["M1~2024-2", "M2~2024-3"]
    assert "REQ_001" in needs["M1~2024-2"]["links_back"]
    assert "REQ_001" in needs["M2~2024-3"]["links_back"]
    # the needtable filtered by id lists both
    table = re.search(r"<table.*?</table>", html.split("参照")[-1], re.S)
    assert table is not None
    assert "M1~2024-1" in table.group(0)
    assert "M2~2024-3" in table.group(0)
    assert "B" in _text(table.group(0))


def test_derived_ids_in_rst_and_latex(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records-rst")
    page = src / "index.rst"
    page.write_text(
        page.read_text("utf8")
        + "\nSee :need:`M1~2025-2` (M1~2025-2 in running text is no mail link).\n",
        encoding="utf8",
    )
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    html = result.html("index")
    assert '<a class="reference internal" href="#M1~2025-2"' in html
    assert "mailto:" not in html
    assert 'id="M1~2025-2"' in html
    latex = build(src, "-W", builder="latex", out="latex")
    assert latex.status == 0, latex.warnings


def test_sheet_records_are_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    needs = _needs(result)
    sheet = needs["M2~2024-3"]
    assert sheet["type"] == "evaluation"
    assert sheet["evaluates"] == ["M2"]
    assert (sheet["year"], sheet["stage"], sheet["grade"], sheet["direction"]) == (
        "2024",
        "外部評価",
        "A",
        "完了",
    )
    assert (sheet["evaluator"], sheet["sheet"]) == (
        "外部評価委員会",
        "data/evaluation.csv",
    )
    assert sheet["content"] == "目標を達成した。"
    # a need of no page: sphinx-needs' is_external, linked to the measure
    assert sheet["is_external"] is True
    assert sheet["external_url"] == "plan.html#M2"
    assert needs["M2"]["evaluates_back"] == ["M2~2024-1", "M2~2024-3"]
    # a directive's record is no external need and has no sheet
    assert needs["M1~2024-1"]["is_external"] is False
    assert not needs["M1~2024-1"]["sheet"]
    # the needtable of the index (types: evaluation) lists them
    index = _text(result.html("index"))
    assert "M2~2024-3 M2 2024年度 外部評価 外部評価 A 完了" in index


def test_project_needs_json_filter_is_kept(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    result = build(src, "-W", "-D", "needs_builder_filter=is_external==False")
    assert result.status == 0, result.warnings
    needs = _needs(result)
    assert "M1~2024-1" in needs
    assert "M2~2024-3" not in needs


def test_editing_a_sheet_updates_its_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _with_links(copy_root)
    first = build(src, "-W")
    assert first.status == 0, first.warnings
    assert _needs(first)["M2~2024-3"]["direction"] == "完了"

    time.sleep(0.01)
    sheet = src / "data" / "evaluation.csv"
    sheet.write_text(sheet.read_text("utf8").replace("完了", "統合"), encoding="utf8")
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert _needs(second)["M2~2024-3"]["direction"] == "統合"
    assert "M2~2024-3 M2 2024年度 外部評価 外部評価 A 統合" in _text(
        second.html("index")
    )

    # a row removed from the sheet removes its need, and the links to it
    # are reported as sphinx-needs reports a link to no need
    time.sleep(0.01)
    sheet.write_text(
        "\n".join(
            line for line in sheet.read_text("utf8").splitlines() if "外部" not in line
        )
        + "\n",
        encoding="utf8",
    )
    index = src / "index.md"
    index.write_text(
        index.read_text("utf8").replace(", M2~2024-3", ""), encoding="utf8"
    )
    index.write_text(
        index.read_text("utf8").replace(" と {need}`M2~2024-3`", ""), encoding="utf8"
    )
    third = build(src, "-W")
    assert third.status == 0, third.warnings
    needs = _needs(third)
    assert "M2~2024-3" not in needs
    assert needs["M2"]["evaluates_back"] == ["M2~2024-1"]
    assert "M2~2024-3" not in third.html("index")

    # the same as a fresh build
    fresh = build(src, "-W", "-E", out="fresh")
    assert _needs(fresh) == needs
    for page in ("index", "plan", "records"):
        # the text: sphinx-needs numbers its tables' HTML ids per build
        assert _text(fresh.html(page)) == _text(third.html(page))


def test_unchanged_rebuild_keeps_sheet_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A build where nothing changed does not save the environment again:
    the needs it removes and adds again are the ones saved."""
    src = copy_root("records")
    first = build(src, "-W")
    second = build(src, "-W")
    third = build(src, "-W")
    assert first.status == second.status == third.status == 0
    assert _needs(first) == _needs(second) == _needs(third)
    assert "M2~2024-3" in _needs(third)


def test_parallel_gives_the_same_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _with_links(copy_root)
    serial = build(src, "-j", "1", out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    assert serial.status == parallel.status == 0
    assert _needs(serial) == _needs(parallel)
    assert "M2~2024-3" in _needs(parallel)
    for page in ("index", "plan", "records"):
        # the text: sphinx-needs gives the req's card a random HTML id
        assert _text(serial.html(page)) == _text(parallel.html(page))


def test_a_refused_sheet_need_is_reported_at_its_row(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A project's own needs_fields may refuse a sheet's value: the record
    is reported at its file and row, and the build goes on without it."""
    src = copy_root("records")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf8")
        + 'needs_fields = {"sheet": {"description": "x", "schema": {"type": "integer"}}}\n',
        encoding="utf8",
    )
    result = build(src)
    found = re.findall(
        r"^(\S+):(\d+): ERROR: 評価記録 (\S+) を sphinx-needs のニードにできません："
        r".*'data/evaluation.csv'.*\[keikaku\.data\]$",
        result.warnings,
        re.M,
    )
    assert [(Path(f).name, int(line), i) for f, line, i in found] == [
        ("evaluation.csv", 2, "M2~2024-1"),
        ("evaluation.csv", 3, "M2~2024-3"),
    ]
    assert "Traceback" not in result.warnings
    assert "M2~2024-3" not in _needs(result)
    assert "M1~2024-1" in _needs(result)


def test_records_in_objects_inv_as_evaluations(
    copy_root: Callable[[str], Path], build: Build
) -> None:

    result = build(copy_root("records"), "-W")
    assert result.status == 0, result.warnings
    inventory = read_inventory(result.outdir)
    assert set(inventory["keikaku:evaluation"]) == {
        "EV-B1-R6",
        "M1~2024-1",
        "M1~2024-2",
    }
    assert inventory["keikaku:evaluation"]["M1~2024-1"][0].endswith(
        "records.html#M1~2024-1"
    )
    assert set(inventory["keikaku:vision"]) == {"V1"}
