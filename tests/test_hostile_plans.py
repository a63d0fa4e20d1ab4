"""Hostile plan files, command lines, hierarchies and output locations
(issue 32, items 1–6, 17–19).

* another project's ``plan.json`` (``keikaku_external_plans``,
  ``keikaku_previous_plan``, ``keikaku diff``) holding ``NaN``, a target
  year ``"²"``, nesting thousands deep, 50 MB and more, or a device;
* ``keikaku quickstart --title`` with code, escapes and markup;
* control characters in ``keikaku diff``'s output and a closed pipe;
* ``indicator-chart`` without ``:id:``, in MyST and reStructuredText;
* 600 nested visions with ``plan-logic-model``, ``plan-budget :level:
  2999`` on a 3,000-deep chain, and the cycle check on such a chain (the
  walks are iterative and the cycle check linear; their speed is the
  benchmark's business, so no test here is timed);
* an open data directory or chart cache that cannot be written.

Each case asserts the located message and that the rest of the plan (or of
the command's output) is still there.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, BuildResult, run_build

from sphinxcontrib_keikaku.cli import main
from sphinxcontrib_keikaku.core.checks import check_cycles
from sphinxcontrib_keikaku.core.logicmodel import (
    OUTLINE_DEPTH,
    logic_model,
    outline,
    too_deep,
)
from sphinxcontrib_keikaku.core.model import Vision, build_plan
from sphinxcontrib_keikaku.core.planfile import MAX_PLAN_BYTES

Build = Callable[..., BuildResult]

PREVIOUS = ROOTS / "test-external-served" / "_editions" / "previous.json"
ROOT = Path(__file__).parent.parent


def _assert_no_crash(text: str) -> None:
    for marker in ("Traceback", "Exception occurred", "Extension error"):
        assert marker not in text, text


def _index(path: Path, object_id: str) -> int:
    """The place of *object_id* in the ``objects`` of a plan.json."""
    data = json.loads(path.read_text("utf8"))
    return next(i for i, o in enumerate(data["objects"]) if o["id"] == object_id)


def _conf_line(src: Path, name: str) -> int:
    lines = (src / "conf.py").read_text("utf8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(name))


def _with_target(path: Path, object_id: str, target: str) -> None:
    """Give *object_id* of the plan.json at *path* the target *target*, JSON
    text written as it is (``NaN`` is no JSON, so no json.dumps)."""
    data = json.loads(path.read_text("utf8"))
    for obj in data["objects"]:
        if obj["id"] == object_id:
            obj["target"] = "@TARGET@"
    text = json.dumps(data).replace('"@TARGET@"', target)
    path.write_text(text, encoding="utf8")


def _nested(depth: int) -> str:
    return '{"schema_version": 1, "objects": [' + "[" * depth + "]" * depth + "]}"


def _device(path: Path) -> None:
    """*path* becomes /dev/zero: endless, and no file."""
    path.unlink()
    path.symlink_to("/dev/zero")


# What each hostile file holds, and what the message says of it (after the
# file's name): the JSON path of the bad value where there is one.
BAD_FILES: list[tuple[str, Callable[[Path], object], str]] = [
    (
        "nan",
        lambda p: _with_target(p, "I1", '{"2025": NaN}'),
        ': objects[{i}] (I1) target["2025"]: nan is no number',
    ),
    (
        "infinity",
        lambda p: _with_target(p, "I1", '{"2025": -Infinity}'),
        ': objects[{i}] (I1) target["2025"]: -inf is no number',
    ),
    (
        "superscript-year",
        lambda p: _with_target(p, "I1", '{"\\u00b2": 19}'),
        ": objects[{i}] (I1) target[\"²\"]: '²' is no fiscal year",
    ),
    (
        "list-value",
        lambda p: _with_target(p, "I1", '{"2025": [19]}'),
        ': objects[{i}] (I1) target["2025"]: a list is no value',
    ),
    (
        "deep",
        lambda p: p.write_text(_nested(200_000), encoding="utf8"),
        " is nested too deeply to be a plan.json",
    ),
    (
        "too-large",
        lambda p: os.truncate(p, MAX_PLAN_BYTES + 1),
        f" is larger than the limit of {MAX_PLAN_BYTES} bytes for a plan.json",
    ),
    (
        "device",
        _device,
        " is not a file",
    ),
]
BAD_IDS = [case for case, _write, _message in BAD_FILES]


def _objects(result: BuildResult) -> dict[str, dict[str, Any]]:
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    return {o["id"]: o for o in data["objects"]}


# -- item 1 and 17: in a build -------------------------------------------------


@pytest.mark.parametrize(("case", "spoil", "message"), BAD_FILES, ids=BAD_IDS)
def test_bad_external_plan_is_a_located_data_error(
    copy_root: Callable[[str], Path],
    build: Build,
    case: str,
    spoil: Callable[[Path], object],
    message: str,
) -> None:
    """An external plan.json that is no export keikaku writes is one
    keikaku.data error at the line of conf.py naming it; the plan builds
    without that plan's objects, and everything of its own is there."""
    src = copy_root("external-serving")
    path = src / "_external" / "sogo.json"
    message = message.format(i=_index(path, "I1"))
    spoil(path)
    result = build(src)
    _assert_no_crash(result.warnings)
    assert result.status == 1, result.warnings
    line = _conf_line(src, "keikaku_external_plans")
    assert (
        f"conf.py:{line}: ERROR: external plan 'sogo': _external/sogo.json{message}"
        in result.warnings
    )
    assert result.warnings.count("[keikaku.data]") == 1, result.warnings
    # the plan itself is whole: every object exported, the page written
    objects = _objects(result)
    assert {"TV1", "TM1", "TM2", "TM3"} <= set(objects)
    assert objects["TM2"]["serves"] == ["sogo:M1", "sogo:M2"]
    assert 'id="TM3"' in result.html("index")


@pytest.mark.parametrize(("case", "spoil", "message"), BAD_FILES, ids=BAD_IDS)
def test_bad_previous_plan_is_a_located_data_error(
    copy_root: Callable[[str], Path],
    build: Build,
    case: str,
    spoil: Callable[[Path], object],
    message: str,
) -> None:
    """The same files as the previous edition, with a plan-changes page."""
    src = copy_root("external-served")
    path = src / "_editions" / "previous.json"
    message = message.format(i=_index(path, "I1"))
    spoil(path)
    result = build(src)
    _assert_no_crash(result.warnings)
    assert result.status == 1, result.warnings
    line = _conf_line(src, "keikaku_previous_plan")
    assert (
        f"conf.py:{line}: ERROR: previous plan: _editions/previous.json{message}"
        in result.warnings
    )
    assert result.warnings.count("[keikaku.data]") == 1, result.warnings
    objects = _objects(result)
    assert {"V1", "M1", "I1", "B1", "M2", "B2"} <= set(objects)
    assert objects["I1"]["target"] == {"2025": 19, "2027": 23}
    assert (result.outdir / "changes.html").is_file()
    assert 'id="I1"' in result.html("plan")


def test_each_plan_file_is_read_once_per_build(
    copy_root: Callable[[str], Path], build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest (for rebuilds) and the plan come from one read of each file."""
    opened: list[str] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.suffix == ".json" and self.parent.name in ("_external", "_editions"):
            opened.append(f"{self.parent.name}/{self.name}")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    result = build(copy_root("external-served"), "-W")
    assert result.status == 0, result.warnings
    assert sorted(opened) == ["_editions/previous.json", "_external/toshi.json"]


# -- item 2 and 19: keikaku diff ------------------------------------------------


@pytest.mark.parametrize(("case", "spoil", "message"), BAD_FILES, ids=BAD_IDS)
def test_diff_of_a_bad_file_is_a_one_line_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    spoil: Callable[[Path], object],
    message: str,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(PREVIOUS.read_bytes())
    message = message.format(i=_index(bad, "I1"))
    spoil(bad)
    for old, new in ((PREVIOUS, bad), (bad, PREVIOUS)):
        assert main(["diff", str(old), str(new)]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"keikaku diff: error: {bad}{message}")
        assert captured.err.count("\n") == 1, captured.err
        _assert_no_crash(captured.err)


def test_diff_shows_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ESC, CR and a right-to-left override in titles and values are shown
    as escapes, never sent to the terminal; the rest of the line is kept."""
    data = json.loads(PREVIOUS.read_text("utf8"))
    for obj in data["objects"]:
        if obj["id"] == "M1":
            obj["title"] = "Disaster\x1b[2J\rprep\u202eared\x9b"
        if obj["id"] == "I1":
            was = obj["target"]["2027"]
            obj["target"]["2027"] = "open\x07ed"
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data), encoding="utf8")
    assert main(["diff", str(PREVIOUS), str(new)]) == 0
    out = capsys.readouterr().out
    assert (
        "  ~ M1: Disaster preparedness → Disaster\\x1b[2J\\x0dprep\\u202eared\\x9b"
        in out
    )
    assert f"  ~ I1 target 2027: {was} → open\\x07ed" in out
    assert all(c in "\n" or c.isprintable() for c in out), repr(out)


@pytest.mark.parametrize("command", ["quickstart", "diff"])
def test_closed_pipe_is_no_traceback(tmp_path: Path, command: str) -> None:
    """``keikaku … | head -1``: the reader goes away before the output is
    written; the command ends quietly with status 1, no traceback."""
    if command == "quickstart":
        args = ["quickstart", str(tmp_path / "plan")]
    else:
        args = ["diff", str(PREVIOUS), str(PREVIOUS)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinxcontrib_keikaku", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # closed before Python has even started: every write meets EPIPE
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf8")
    assert proc.wait(timeout=120) == 1, stderr
    assert stderr == ""
    if command == "quickstart":  # the project itself was written
        assert (tmp_path / "plan" / "conf.py").is_file()


# -- item 18: keikaku quickstart --title ----------------------------------------

HOSTILE_TITLE = (
    'Plan""" + str(__import__("pathlib").Path("PWNED").touch()) + """ '
    "\\N{x} \\ <script>alert(1)</script> &amp; *em* {sub}`x` $x$ [a](b)"
)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_quickstart_title_is_text_everywhere(tmp_path: Path, language: str) -> None:
    """The title is a Python string in conf.py (loading it runs nothing and
    gives the title back), and text in the pages: no HTML, no markup."""
    project = tmp_path / "plan"
    assert (
        main(
            [
                "quickstart",
                str(project),
                "--language",
                language,
                "--title",
                HOSTILE_TITLE,
            ]
        )
        == 0
    )
    conf = project / "conf.py"
    namespace: dict[str, Any] = {"__file__": str(conf)}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        exec(compile(conf.read_text("utf8"), str(conf), "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert namespace["project"] == HOSTILE_TITLE
    assert not (tmp_path / "PWNED").exists()

    result = run_build(project, tmp_path / "out", "-W", "-D", "smartquotes=0")
    assert result.status == 0, result.warnings
    assert not (tmp_path / "PWNED").exists()
    # the page's body (the theme's sidebar shows conf.py's project as the
    # theme does for any project name: Sphinx treats conf.py as trusted)
    body = result.html("index").split('<div class="body"', 1)[1]
    body = body.split('<div class="sphinxsidebar"', 1)[0]
    assert "<script>alert(1)" not in body
    assert "<em>em</em>" not in body
    heading = body.split("<h1>", 1)[1].split("<a class", 1)[0]
    assert heading == html.escape(HOSTILE_TITLE)


# -- item 3: indicator-chart without :id: ----------------------------------------

CHART_PLAN = {
    "md": """\
# Plan

```{vision} Safe town
:id: V1
```

```{measure} Disaster groups
:id: M1
:vision: V1
```

```{indicator} Voluntary groups
:id: I1
:measure: M1
:baseline: 2023: 16
:target: 2027: 23
```

```{indicator-chart}
```

```{indicator-chart}
:id:
```

```{indicator-chart}
:id: I1
```
""",
    "rst": """\
Plan
====

.. vision:: Safe town
   :id: V1

.. measure:: Disaster groups
   :id: M1
   :vision: V1

.. indicator:: Voluntary groups
   :id: I1
   :measure: M1
   :baseline: 2023: 16
   :target: 2027: 23

.. indicator-chart::

.. indicator-chart::
   :id:

.. indicator-chart::
   :id: I1
""",
}


@pytest.mark.parametrize("suffix", ["md", "rst"])
def test_indicator_chart_without_id(tmp_path: Path, suffix: str) -> None:
    """A keikaku.value error at the directive's line naming the fix; the
    page and the chart that has an :id: are there."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib_keikaku"]\n'
        'language = "en"\nkeikaku_plan_period = (2024, 2027)\n',
        encoding="utf8",
    )
    text = CHART_PLAN[suffix]
    (src / f"index.{suffix}").write_text(text, encoding="utf8")
    result = run_build(src, tmp_path / "out")
    _assert_no_crash(result.warnings)
    assert result.status == 1, result.warnings
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines, 1) if "indicator-chart" in line]
    for line in starts[:2]:
        assert (
            f"index.{suffix}:{line}: ERROR: indicator-chart needs :id: with the id "
            "of an indicator of the plan (such as :id: I1-1-a); no chart is drawn "
            "[keikaku.value]" in result.warnings
        ), result.warnings
    assert result.warnings.count("indicator-chart needs :id:") == 2
    page = result.html("index")
    assert 'id="I1"' in page
    # the indicator's own chart and the indicator-chart with :id:
    assert page.count('class="keikaku-chart"') == 2


# -- item 4: deep hierarchies ---------------------------------------------------


def _chain(depth: int) -> list[Vision]:
    """Visions V0 … V<depth-1>, each the parent of the next."""
    return [
        Vision(
            id=f"V{i}",
            title=f"Level {i}",
            docname="index",
            lineno=i + 1,
            parents=(f"V{i - 1}",) if i else (),
        )
        for i in range(depth)
    ]


def test_cycle_check_walks_each_object_once() -> None:
    """A 3,000-deep chain ending in a loop: the loop is reported once, at
    its first object. The walk is linear (each object is walked once; the
    old walk from every object took 77 s here), which the benchmark, not
    this test, measures."""
    chain = _chain(3000)
    chain[2990] = dataclasses.replace(chain[2990], parents=("V2999",))
    plan = build_plan(chain)
    (finding,) = check_cycles(plan)
    assert finding.message == (
        ":parent: links form a cycle: "
        # each → its :parent:
        + " → ".join(f"V{i}" for i in [2990, *range(2999, 2989, -1)])
        + "; remove :parent: from one of them"
    )
    assert finding.lineno == 2991


def test_outline_of_a_deep_hierarchy_keeps_every_vision() -> None:
    """600 nested visions: the text list nests OUTLINE_DEPTH levels and lists
    the deeper visions at the last one, in order; none is lost."""
    plan = build_plan(_chain(600))
    root = plan.objects["V0"]
    assert isinstance(root, Vision)
    assert too_deep(plan, root)
    tree = outline(plan, logic_model(plan, root))
    listed: list[str] = []
    depth, level = 0, [tree]
    while level:
        depth += 1
        listed += [item.obj.id for item in level]
        level = [child for item in level for child in item.children]
    assert listed == [f"V{i}" for i in range(600)]
    assert depth == OUTLINE_DEPTH
    shallow = plan.objects[f"V{600 - OUTLINE_DEPTH}"]
    assert isinstance(shallow, Vision) and not too_deep(plan, shallow)


def _deep_plan(src: Path, depth: int, directive: str) -> int:
    """A plan of *depth* nested visions, a measure with an indicator and a
    budget link under the deepest, and *directive*; its line."""
    parts = ["# Deep\n"]
    for i in range(depth):
        parent = f":parent: V{i - 1}\n" if i else ""
        parts.append(f"```{{vision}} Level {i}\n:id: V{i}\n{parent}```\n")
    parts += [
        f"```{{measure}} Bottom\n:id: M1\n:vision: V{depth - 1}\n```\n",
        "```{indicator} Groups\n:id: I1\n:measure: M1\n:baseline: 2023: 1\n"
        ":target: 2027: 2\n```\n",
        "```{budget-link} Grant\n:id: B1\n:measure: M1\n:budget: 2025: 100\n```\n",
    ]
    text = "\n".join(parts)
    line = text.count("\n") + 2
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib_keikaku"]\nlanguage = "en"\n'
        "keikaku_plan_period = (2024, 2027)\nkeikaku_charts = False\n",
        encoding="utf8",
    )
    (src / "index.md").write_text(f"{text}\n{directive}", encoding="utf8")
    return line


def test_600_nested_visions_with_a_logic_model(tmp_path: Path) -> None:
    src = tmp_path / "src"
    line = _deep_plan(src, 600, "```{plan-logic-model}\n:vision: V0\n```\n")
    result = run_build(src, tmp_path / "out")
    _assert_no_crash(result.warnings)
    assert "RecursionError" not in result.warnings
    assert result.status == 0, result.warnings
    assert (
        f"index.md:{line}: WARNING: plan-logic-model: the visions below V0 nest "
        f"more than {OUTLINE_DEPTH} levels deep" in result.warnings
    )
    page = result.html("index")
    listed = page.split('class="keikaku-logic-model', 1)[1]
    for i in range(600):
        assert f'href="#V{i}"' in listed, i
    assert len(_objects(result)) == 603


def test_budget_at_level_2999_of_a_3000_deep_chain(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _deep_plan(src, 3000, "```{plan-budget}\n:level: 2999\n```\n")
    result = run_build(src, tmp_path / "out")
    _assert_no_crash(result.warnings)
    assert "RecursionError" not in result.warnings
    assert result.status == 0, result.warnings
    page = result.html("index")
    table = page.split('class="keikaku-table', 1)[1]
    # every level down to 2999 is a row or a subtotal, with the budget
    for i in range(1, 2999):
        assert f'href="#V{i}"' in table, i
    assert "100" in table
    assert len(_objects(result)) == 3003


# -- item 5: output locations that cannot be written --------------------------

SMALL_PLAN = CHART_PLAN["md"].replace(
    "```{indicator-chart}\n```\n\n```{indicator-chart}\n:id:\n```\n\n", ""
)


def _blocked(path: Path, how: str) -> None:
    """Make *path* a location no file can be written into."""
    if how == "file-in-the-way":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not a directory", encoding="utf8")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only directories")
        path.mkdir(parents=True)
        path.chmod(0o555)


@pytest.mark.parametrize("how", ["file-in-the-way", "read-only"])
@pytest.mark.parametrize("where", ["open-data", "chart-cache"])
def test_unwritable_output_is_one_message_naming_it(
    tmp_path: Path, where: str, how: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib_keikaku"]\n'
        'language = "en"\nkeikaku_plan_period = (2024, 2027)\n',
        encoding="utf8",
    )
    (src / "index.md").write_text(SMALL_PLAN, encoding="utf8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    blocked = out / "keikaku" if where == "open-data" else doctrees / "keikaku-charts"
    _blocked(blocked, how)
    try:
        result = run_build(src, out, "-d", str(doctrees))
    finally:
        if blocked.is_dir():
            blocked.chmod(0o755)
    _assert_no_crash(result.warnings)
    if where == "open-data":
        expected = f"ERROR: the open data files cannot be written into {blocked} ("
        subtype, status = "[keikaku.data]", 1
    else:
        expected = f"WARNING: the chart cache cannot be written into {blocked} ("
        subtype, status = "[keikaku.chart]", 0
    assert result.status == status, result.warnings
    assert expected in result.warnings
    assert result.warnings.count("cannot be written") == 1, result.warnings
    assert subtype in result.warnings
    # the pages are written, with every object
    page = result.html("index")
    for object_id in ("V1", "M1", "I1"):
        assert f'id="{object_id}"' in page
