"""External plans: ``:serves:``, ``plan-alignment``, the needs of the other
plan, and the files as build dependencies (issue 17).

Two test projects serve each other: ``test-external-served`` (MyST, the
comprehensive plan) reads the ``plan.json`` of ``test-external-serving``
(reStructuredText, a sectoral plan), which reads the former's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.builds import assert_same_as_fresh, edit_source

Build = Callable[..., BuildResult]


def _text(html: str) -> str:
    """The visible text of a page, tags dropped, whitespace folded."""
    body = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", body)


def test_serving_plan_links_the_served_objects(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """reStructuredText: each :serves: id is shown with the other plan's
    title, linked under its base URL."""
    src = copy_root("external-serving")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    page = result.html("index")
    assert 'href="https://sogo.example/plan.html#M1"' in page
    assert 'href="https://sogo.example/plan.html#M2"' in page
    text = _text(page)
    assert "Serves (other plans): sogo:M1 Disaster preparedness" in text
    assert "sogo:V1 A safe town" in text
    # the export says whom the names stand for, for the plan that is served
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    assert data["external_plans"]["sogo"]["project"] == "Testville Comprehensive Plan"
    served = {o["id"]: o["serves"] for o in data["objects"] if "serves" in o}
    assert served == {
        "TV1": ["sogo:V1"],
        "TM1": ["sogo:M1"],
        "TM2": ["sogo:M1", "sogo:M2"],
        "TM3": [],
    }


def test_alignment_in_the_served_plan(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """MyST: plan-alignment per measure, counts, gaps both ways; the
    measure's own block lists who serves it."""
    src = copy_root("external-served")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    text = _text(result.html("alignment"))
    assert re.search(
        r"M1 Disaster preparedness toshi toshi:TM1 Fire-resistant districts ,"
        r" toshi:TM2 Safe streets 2",
        text,
    ), text
    assert "M2 Road safety toshi toshi:TM2 Safe streets 1" in text
    # per plan: 2 objects serve, 2 measures served, 3 links; 2 of 2 in all
    assert "toshi (Testville Urban Master Plan) 2 2 3" in text
    assert "Total 2 / 2 3" in text
    # TM3 serves nothing; TV1 serves V1 (a vision) itself
    assert "Objects of other plans serving nothing in this plan: toshi:TM3 Parks" in (
        text
    )
    assert "Measures no other plan serves" not in text
    page = result.html("plan")
    assert 'href="https://toshi.example/plan/index.html#TM1"' in page
    assert "Served by (other plans): toshi:TV1 A town resilient" in _text(page)


def test_unserved_measure_is_listed(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-served")
    with (src / "plan.md").open("a", encoding="utf8") as file:
        file.write(
            "\n```{measure} Parks\n:id: M3\n:vision: V1\n```\n\n"
            "```{indicator} Park area\n:id: I3\n:measure: M3\n:target: 2027: 5\n```\n\n"
            "```{budget-link} Parks\n:id: B3\n:measure: M3\n:budget: 2025: 10\n```\n"
        )
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    text = _text(result.html("alignment"))
    assert "Measures no other plan serves: M3 Parks" in text
    assert "Total 2 / 3 3" in text


def test_alignment_in_latex(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("external-served")
    result = build(src, "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text("utf8")
    assert r"\sphinxhref{https://toshi.example/plan/index.html\#TM1}" in tex
    assert "Fire\\sphinxhyphen{}resistant districts" in tex or (
        "Fire-resistant districts" in tex
    )
    assert "Alignment per plan" in tex
    assert "Changes since the previous edition" in tex


def test_japanese_labels(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("external-served")
    edit_source(src / "conf.py", 'language = "en"', 'language = "ja"')
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    assert "個別計画との整合" in result.html("alignment")
    assert "寄与している他計画" in result.html("plan")
    assert "名称変更" in result.html("changes")


def test_external_objects_are_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The other plan's objects are sphinx-needs external needs: a needtable
    with a filter lists them, linked to their pages."""
    src = copy_root("external-served")
    (src / "needs.md").write_text(
        "# Needs\n\n```{needtable}\n:filter: is_external\n"
        ":columns: id, title, type\n:style: table\n```\n",
        encoding="utf8",
    )
    edit_source(src / "index.md", "changes\n", "changes\nneeds\n")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    page = result.html("needs")
    for need_id in ("toshi:TV1", "toshi:TM1", "toshi:TM2", "toshi:TM3"):
        assert need_id in page
    assert "https://toshi.example/plan/index.html#TM1" in page
    # an object gone from the file leaves no need behind
    path = src / "_external" / "toshi.json"
    data = json.loads(path.read_text("utf8"))
    data["objects"] = [o for o in data["objects"] if o["id"] != "TM3"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert "toshi:TM3" not in second.html("needs")
    assert "toshi:TM1" in second.html("needs")


def test_serves_is_a_need_link(copy_root: Callable[[str], Path], build: Build) -> None:
    """In the serving plan, a need's ``serves`` links to the external need."""
    src = copy_root("external-serving")
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write(
            "\n.. needtable::\n   :filter: type == 'measure' and not is_external\n"
            "   :columns: id, serves\n   :style: table\n"
        )
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    text = _text(result.html("index"))
    assert re.search(r"TM2 sogo:M1 ?[,;] ?sogo:M2", text), text


def test_changed_external_file_rewrites_dependent_pages(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    """Incremental: the sectoral plan's file changes, no source does; the
    blocks and the alignment table show the new titles and links, as a
    fresh build does."""
    src = copy_root("external-served")
    first = build(src, "-W")
    assert first.status == 0, first.warnings
    assert "Fire-resistant districts" in first.html("plan")
    path = src / "_external" / "toshi.json"
    data = json.loads(path.read_text("utf8"))
    for obj in data["objects"]:
        if obj["id"] == "TM1":
            obj["title"] = "Fireproof districts"
        if obj["id"] == "TM2":
            obj["serves"] = ["sogo:M1"]  # no longer serves M2
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert "Fireproof districts" in second.html("plan")
    assert "Fire-resistant districts" not in second.html("plan")
    text = _text(second.html("alignment"))
    assert "Measures no other plan serves: M2 Road safety" in text
    assert_same_as_fresh(src, second, tmp_path)


def test_changed_served_file_rewrites_the_serving_page(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("external-serving")
    assert build(src, "-W").status == 0
    path = src / "_external" / "sogo.json"
    data = json.loads(path.read_text("utf8"))
    for obj in data["objects"]:
        if obj["id"] == "M2":
            obj["title"] = "Traffic safety"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert "sogo:M2 Traffic safety" in _text(second.html("index"))
    assert_same_as_fresh(src, second, tmp_path)


def test_parallel_build_same_as_serial(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-served")
    serial = build(src, "-W", "-j", "1", out="serial")
    parallel = build(src, "-W", "-j", "2", out="parallel")
    assert serial.status == parallel.status == 0, parallel.warnings
    for page in ("plan", "alignment", "changes"):
        assert serial.html(page) == parallel.html(page)


# -- bad input ---------------------------------------------------------------


def _serving_with(src: Path, serves: str) -> None:
    edit_source(src / "index.rst", ":serves: sogo:M1\n", f":serves: {serves}\n")


@pytest.mark.parametrize(
    ("serves", "message"),
    [
        ("sogo:M9", "names sogo:M9, which the plan 'sogo' (Testville"),
        ("other:M1", "no external plan is named 'other'; add it to"),
        ("sogo:I1", "names sogo:I1, which is an indicator; name a vision or a"),
    ],
)
def test_unknown_serves_id(
    copy_root: Callable[[str], Path], build: Build, serves: str, message: str
) -> None:
    src = copy_root("external-serving")
    _serving_with(src, serves)
    result = build(src)
    assert result.status == 1
    assert "[keikaku.unknown-id]" in result.warnings
    assert message in result.warnings
    # located at the directive
    assert re.search(r"index\.rst:\d+: ERROR: :serves: of Measure TM1", result.warnings)


def test_serves_not_name_colon_id(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-serving")
    _serving_with(src, "M1")
    result = build(src)
    assert result.status == 1
    assert "[keikaku.value]" in result.warnings
    assert "'M1' names no external plan: write name:ID" in result.warnings


def _conf_line(src: Path, name: str) -> int:
    lines = (src / "conf.py").read_text("utf8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(name))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "_external/sogo.json does not exist"),
        (b"{not json", "_external/sogo.json is not JSON"),
        (b'{"objects": []}', "is not a plan.json exported by sphinxcontrib-keikaku"),
        (b"[1, 2]", "is not a plan.json exported by sphinxcontrib-keikaku"),
        (
            b'{"schema_version": 99, "objects": []}',
            "has schema_version 99, newer than the version 1",
        ),
        (b'{"schema_version": "1", "objects": []}', "which is no plan.json version"),
        (b"\xff\xfe\x00bad", "is not JSON"),
    ],
)
def test_bad_external_file(
    copy_root: Callable[[str], Path],
    build: Build,
    content: bytes | None,
    message: str,
) -> None:
    """A missing, unreadable or non-keikaku file is keikaku.data at the line
    of conf.py naming it; the build goes on (no traceback) and the
    :serves: of that plan are not reported once more."""
    src = copy_root("external-serving")
    path = src / "_external" / "sogo.json"
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    result = build(src)
    assert result.status == 1
    assert "Traceback" not in result.warnings
    line = _conf_line(src, "keikaku_external_plans")
    assert f"conf.py:{line}: ERROR: external plan 'sogo':" in result.warnings
    assert message in result.warnings
    assert "[keikaku.data]" in result.warnings
    assert "[keikaku.unknown-id]" not in result.warnings
    # the page is still written, naming the ids it could not resolve
    assert "sogo:M1" in result.html("index")


def test_external_file_appearing_later(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("external-serving")
    path = src / "_external" / "sogo.json"
    saved = path.read_bytes()
    path.unlink()
    assert build(src).status == 1
    path.write_bytes(saved)
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert "sogo:M1 Disaster preparedness" in _text(second.html("index"))
    assert_same_as_fresh(src, second, tmp_path)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"sogo.json"', "write a dict such as"),
        ('{"so go": "x.json"}', "plan name 'so go' cannot be used"),
        ('{"sogo": ("a", "b", "c")}', "write the path of its plan.json, or a pair"),
        ('{"sogo": ""}', "the path of its plan.json is empty"),
        ('{"sogo": "https://example.org/plan.json"}', "keikaku never fetches"),
    ],
)
def test_bad_setting(
    copy_root: Callable[[str], Path], build: Build, value: str, message: str
) -> None:
    src = copy_root("external-serving")
    conf = src / "conf.py"
    text = conf.read_text("utf8")
    start = text.index("keikaku_external_plans = {")
    end = text.index("}\n", start) + 2
    conf.write_text(
        text[:start] + f"keikaku_external_plans = {value}\n" + text[end:], "utf8"
    )
    result = build(src)
    assert result.status == 1
    assert "[keikaku.config]" in result.warnings
    assert message in result.warnings
    assert f"conf.py:{_conf_line(src, 'keikaku_external_plans')}:" in result.warnings


def test_no_network_url_for_previous_plan(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("external-served")
    edit_source(
        src / "conf.py",
        'keikaku_previous_plan = "_editions/previous.json"',
        'keikaku_previous_plan = "https://example.org/plan.json"',
    )
    result = build(src)
    assert result.status == 1
    assert "keikaku never fetches from the network" in result.warnings


def test_serves_in_myst(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("external-served")
    edit_source(
        src / "plan.md",
        ":id: M2\n:vision: V1\n",
        ":id: M2\n:vision: V1\n:serves: toshi:TM3\n",
    )
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    page = result.html("plan")
    assert "Serves (other plans): toshi:TM3 Parks" in _text(page)
    assert 'href="https://toshi.example/plan/index.html#TM3"' in page


def test_alignment_in_rst(copy_root: Callable[[str], Path], build: Build) -> None:
    """reStructuredText: a plan no other plan serves lists every measure as
    unserved (the comprehensive plan serves nobody)."""
    src = copy_root("external-serving")
    with (src / "index.rst").open("a", encoding="utf8") as page:
        page.write("\n.. plan-alignment::\n   :vision: TV1\n   :caption: Alignment\n")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    text = _text(result.html("index"))
    assert "sogo (Testville Comprehensive Plan) 0 0 0" in text
    assert "Total 0 / 3 0" in text
    assert "Measures no other plan serves: TM1 Fire-resistant districts" in text
    # the served plan's objects serve nothing here, but that plan serves
    # nobody: it is no sectoral plan of this one, so none is listed
    assert "serving nothing in this plan" not in text


def test_relative_base_url(copy_root: Callable[[str], Path], build: Build) -> None:
    """A relative base URL is relative to the site's HTML root: each page
    gets the path from where it is; a PDF gets no link."""
    src = copy_root("external-served")
    edit_source(src / "conf.py", '"https://toshi.example/plan/"', '"../toshi/"')
    (src / "sub").mkdir()
    (src / "plan.md").rename(src / "sub" / "plan.md")
    edit_source(src / "index.md", "\nplan\n", "\nsub/plan\n")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    assert 'href="../../toshi/index.html#TM1"' in result.html("sub/plan")
    assert 'href="../toshi/index.html#TM1"' in result.html("alignment")
    latex = build(src, "-W", builder="latex", out="latex")
    assert latex.status == 0, latex.warnings
    tex = next(latex.outdir.glob("*.tex")).read_text("utf8")
    assert "toshi/index.html" not in tex
    assert "toshi:TM1 Fire" in tex


def test_a_renamed_project_is_warned_of_not_silently_unserved(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The serving plan's export names this plan by its project; renamed,
    every "served by" was empty with no word (issue 32). A located ``data``
    warning at ``project`` in conf.py names the fix; the rest of the plan and
    of the external plan stays."""
    src = copy_root("external-served")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf8").replace(
            'project = "Testville Comprehensive Plan"',
            'project = "Testville Comprehensive Plan 2025"',
        ),
        "utf8",
    )
    result = build(src)
    line = _conf_line(src, "project")
    assert re.search(
        rf"conf\.py:{line}: ERROR: the external plan 'toshi' \(_external/toshi\.json\) "
        r"has objects serving a plan named 'Testville Comprehensive Plan', not "
        r"this project 'Testville Comprehensive Plan 2025'.*set project in "
        r"conf\.py back to 'Testville Comprehensive Plan' \[keikaku\.data\]",
        result.warnings,
    ), result.warnings
    assert result.warnings.count("[keikaku.data]") == 1
    text = _text(result.html("alignment"))
    # the tables stay, with the plan named and its measures listed
    assert "toshi (Testville Urban Master Plan) 0 0 0" in text
    assert "Measures no other plan serves: M1 Disaster preparedness" in text
    assert "M1 Disaster preparedness" in _text(result.html("plan"))
