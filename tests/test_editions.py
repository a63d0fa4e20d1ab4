"""Editions: the comparison of two plans (core), ``plan-changes`` and
``keikaku diff`` (issue 17)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOTS, BuildResult
from helpers.builds import assert_same_as_fresh, edit_source

from sphinxcontrib_keikaku.cli import main
from sphinxcontrib_keikaku.core.plandiff import compare, format_changes
from sphinxcontrib_keikaku.core.planfile import (
    FileObject,
    PlanFileError,
    file_value,
    parse_plan_data,
    parse_serves,
    read_plan_file,
)

Build = Callable[..., BuildResult]
PREVIOUS = ROOTS / "test-external-served" / "_editions" / "previous.json"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- core ----------------------------------------------------------------------


def _indicator(**changes: object) -> FileObject:
    fields: dict[str, object] = {
        "id": "I1",
        "kind": "indicator",
        "title": "Groups",
        "up": ("M1",),
        "unit": "groups",
        "direction": "up",
        "baseline": (2023, Decimal(16)),
        "target": {2025: Decimal(19), 2027: Decimal(21)},
    }
    fields.update(changes)
    return FileObject(**fields)  # type: ignore[arg-type]


def test_compare_finds_every_kind_of_change() -> None:
    old = {
        "M1": FileObject("M1", "measure", "Safety", up=("V1",)),
        "M2": FileObject("M2", "measure", "Roads", up=("V1",)),
        "I1": _indicator(),
    }
    new = {
        "M1": FileObject("M1", "measure", "Safety first", up=("V2",)),
        "M3": FileObject("M3", "measure", "Parks", up=("V1",)),
        "I1": _indicator(
            unit="teams",
            direction="keep",
            baseline=(2024, Decimal(17)),
            target={2027: Decimal("21.0"), 2029: Decimal(25)},
        ),
    }
    changes = compare(old, new)
    assert [o.id for o in changes.added] == ["M3"]
    assert [o.id for o in changes.removed] == ["M2"]
    assert [(o.id, title) for o, title in changes.retitled] == [("M1", "Safety")]
    assert [(o.id, up) for o, up in changes.moved] == [("M1", ("V1",))]
    assert [(c.field, c.year, c.old, c.new) for c in changes.values] == [
        ("baseline", None, "2023: 16", "2024: 17"),
        ("target", 2025, "19", None),
        # 21 and 21.0 are the same target
        ("target", 2029, None, "25"),
        ("unit", None, "groups", "teams"),
        ("direction", None, "up", "keep"),
    ]
    assert changes.counts() == {
        "added": 1,
        "removed": 1,
        "retitled": 1,
        "moved": 1,
        "values": 5,
    }


def test_compare_same_plan_is_empty() -> None:
    objects = {"I1": _indicator(), "M1": FileObject("M1", "measure", "x")}
    changes = compare(objects, dict(objects))
    assert changes.empty
    assert "No changes." in format_changes(changes, "a", "b")


def test_text_targets_compare_as_text() -> None:
    old = {"I1": _indicator(target={2027: "設置"})}
    new = {"I1": _indicator(target={2027: "運用開始"})}
    (change,) = compare(old, new).values
    assert (change.old, change.new) == ("設置", "運用開始")


def test_file_values() -> None:
    assert file_value(17) == Decimal(17)
    assert file_value(12.5) == Decimal("12.5")
    assert file_value("12.34567890123456789") == Decimal("12.34567890123456789")
    assert file_value("設置") == "設置"
    assert file_value(None) is None
    # what the export never writes as a value is refused, not read as text
    for raw in (True, float("nan"), float("inf"), [1], {"a": 1}):
        with pytest.raises(ValueError, match="is no"):
            file_value(raw)


def test_parse_serves() -> None:
    entries, errors = parse_serves("sogo:M1-1-1, sogo:V1、 toshi:ＵＭ1")
    assert entries == ("sogo:M1-1-1", "sogo:V1", "toshi:UM1")
    assert errors == []
    entries, errors = parse_serves("M1, 1x:M2, sogo:M/3")
    assert entries == ()
    assert len(errors) == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "is not a plan.json exported by sphinxcontrib-keikaku"),
        ({"schema_version": 1, "objects": {}}, "is not a plan.json"),
        ({"schema_version": 2, "objects": []}, "newer than the version 1"),
        ({"schema_version": True, "objects": []}, "no plan.json version"),
        ({"schema_version": 0, "objects": []}, "no plan.json version"),
    ],
)
def test_parse_plan_data_refuses(data: object, message: str) -> None:
    with pytest.raises(PlanFileError, match=message):
        parse_plan_data(data, "x.json")


def test_parse_plan_data_skips_broken_objects() -> None:
    plan = parse_plan_data(
        {
            "schema_version": 1,
            "project": "P",
            "objects": [
                {"id": "M1", "kind": "measure", "title": "A", "visions": ["V1"]},
                {"id": 3},
                "junk",
                {"id": "I1", "kind": "indicator", "baseline": {"year": "x"}},
            ],
        },
        "x.json",
    )
    assert list(plan.objects) == ["M1", "I1"]
    assert plan.objects["M1"].up == ("V1",)
    assert plan.objects["I1"].baseline is None


def test_read_plan_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="does not exist"):
        read_plan_file(tmp_path / "missing.json")
    with pytest.raises(PlanFileError, match="cannot be read"):
        read_plan_file(tmp_path)  # a directory
    (tmp_path / "bad.json").write_text("{", encoding="utf8")
    with pytest.raises(PlanFileError, match="is not JSON"):
        read_plan_file(tmp_path / "bad.json")


# -- keikaku diff ----------------------------------------------------------------


def _current(tmp_path: Path, build: Build, copy_root: Callable[[str], Path]) -> Path:
    result = build(copy_root("external-served"), "-W")
    assert result.status == 0, result.warnings
    return result.outdir / "keikaku" / "plan.json"


def test_cli_diff(
    tmp_path: Path,
    build: Build,
    copy_root: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    current = _current(tmp_path, build, copy_root)
    assert main(["diff", str(PREVIOUS), str(current)]) == 0
    out = capsys.readouterr().out
    assert "added 1, removed 4, retitled 1, moved 1, values changed 2" in out
    assert "  + B2 Crossings (budget-link)" in out
    assert "  - M3 Street lights (measure)" in out
    assert "  ~ M2: Traffic safety → Road safety" in out
    assert "  ~ M2: V2 → V1" in out
    assert "  ~ I1 target 2027: 21 → 23" in out
    assert "  ~ I2 unit: accidents → cases" in out


def test_cli_diff_same_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PREVIOUS), str(PREVIOUS)]) == 0
    assert "No changes." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("not json", "is not JSON"),
        ('{"a": 1}', "is not a plan.json exported by sphinxcontrib-keikaku"),
        ('{"schema_version": 7, "objects": []}', "newer than the version 1"),
    ],
)
def test_cli_diff_bad_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf8")
    assert main(["diff", str(PREVIOUS), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("keikaku diff: error: ")
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_cli_diff_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PREVIOUS)]) == 2
    assert "NEW.json" in capsys.readouterr().err


# -- plan-changes ------------------------------------------------------------


def test_plan_changes_page(copy_root: Callable[[str], Path], build: Build) -> None:
    """The page shows what keikaku diff prints, linked to the objects."""
    result = build(copy_root("external-served"), "-W")
    assert result.status == 0, result.warnings
    page = result.html("changes")
    text = _text(page)
    assert (
        "Added 1 Removed 4 Retitled 1 Moved to another parent 1 Changed values 2"
        in text
    )
    assert "Added: B2 Crossings" in text
    assert "M2 Traffic safety M2 Road safety" in text
    assert "I1 Voluntary disaster groups target FY2027 21 → 23" in text
    assert "I2 Traffic accidents unit accidents → cases" in text
    assert 'href="plan.html#B2"' in page


def test_plan_changes_in_rst_and_latex(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-serving")
    # the sectoral plan compared with the served plan's previous edition
    # shares no object: everything is added and removed
    (src / "_editions").mkdir()
    (src / "_editions" / "old.json").write_bytes(PREVIOUS.read_bytes())
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write('keikaku_previous_plan = "_editions/old.json"\n')
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write("\n.. plan-changes::\n   :caption: Since the old edition\n")
    html = build(src, "-W")
    assert html.status == 0, html.warnings
    text = _text(html.html("index"))
    assert "Since the old edition" in text
    assert "Added 4 Removed 10" in text
    latex = build(src, "-W", builder="latex", out="latex")
    assert latex.status == 0, latex.warnings
    tex = next(latex.outdir.glob("*.tex")).read_text("utf8")
    assert "Since the old edition" in tex


def test_plan_changes_follow_edits(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    """Incremental: an edit of the plan, or of the previous edition's file,
    rewrites the changes page."""
    src = copy_root("external-served")
    assert build(src, "-W").status == 0
    edit_source(
        src / "plan.md", ":target: 2025: 19, 2027: 23", ":target: 2025: 19, 2027: 21"
    )
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    text = _text(second.html("changes"))
    assert "Changed values 1" in text
    assert "21 → 23" not in text
    assert_same_as_fresh(src, second, tmp_path)
    path = src / "_editions" / "previous.json"
    data = json.loads(path.read_text("utf8"))
    for obj in data["objects"]:
        if obj["id"] == "M1":
            obj["title"] = "Preparedness"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    third = build(src, "-W")
    assert "M1 Preparedness M1 Disaster preparedness" in _text(third.html("changes"))
    assert_same_as_fresh(src, third, tmp_path)


def test_plan_changes_without_setting(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-served")
    edit_source(
        src / "conf.py", 'keikaku_previous_plan = "_editions/previous.json"\n', ""
    )
    result = build(src)
    assert result.status == 1
    assert re.search(
        r"changes\.md:3: ERROR: plan-changes compares with an earlier edition: set "
        r"keikaku_previous_plan",
        result.warnings,
    ), result.warnings
    assert "[keikaku.config]" in result.warnings


def test_previous_plan_of_newer_schema(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-served")
    path = src / "_editions" / "previous.json"
    data = json.loads(path.read_text("utf8"))
    data["schema_version"] = 2
    path.write_text(json.dumps(data), encoding="utf8")
    result = build(src)
    assert result.status == 1
    lines = (src / "conf.py").read_text("utf8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("keikaku_previous"))
    assert (
        f"conf.py:{line}: ERROR: previous plan: _editions/previous.json has "
        "schema_version 2, newer than the version 1" in result.warnings
    )
    assert "[keikaku.data]" in result.warnings
    assert "Traceback" not in result.warnings


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "write the path of a plan.json, such as '_editions/r6.json'"),
        ('"_editions/missing.json"', "_editions/missing.json does not exist"),
    ],
)
def test_bad_previous_plan_setting(
    copy_root: Callable[[str], Path], build: Build, value: str, message: str
) -> None:
    src = copy_root("external-served")
    edit_source(
        src / "conf.py",
        'keikaku_previous_plan = "_editions/previous.json"',
        f"keikaku_previous_plan = {value}",
    )
    result = build(src)
    assert result.status == 1
    lines = (src / "conf.py").read_text("utf8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("keikaku_previous"))
    assert f"conf.py:{line}: ERROR:" in result.warnings
    assert message in result.warnings
    assert "Traceback" not in result.warnings
