"""Evaluation records (施策評価・事務事業評価): the ``evaluation`` directive,
evaluation sheets, their rules, blocks, tables and exports (issue 14 A)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

Build = Callable[..., BuildResult]


def _findings(result: BuildResult) -> set[tuple[str, int, str, str]]:
    """(file, line, level, subtype) of every keikaku message."""
    return {
        (Path(m["file"]).name, int(m["line"]), m["level"], m["subtype"])
        for m in re.finditer(
            r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<level>WARNING|ERROR): .*?"
            r"\[keikaku\.(?P<subtype>[a-z-]+)\]$",
            result.warnings,
            re.M,
        )
    }


def _text(html: str) -> str:
    body = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", body)


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


# -- the good plan ---------------------------------------------------------------


def test_records_build_clean_and_show_everywhere(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings

    # the record's own block: what it evaluates (linked), year, stage, the
    # recorded grade beside the computed one, direction, evaluator, narrative
    records = _text(result.html("records"))
    assert "評価対象： M1 地域防災力の向上" in records
    assert "評価の種類： 施策評価" in records
    assert (
        "評価年度： 2024年度 ／ 評価段階： 一次評価 ／ 評価： B ／ 指標による評価： D"
        in records
    )
    assert "今後の方向性： 拡充 ／ 評価者： 危機管理課" in records
    assert "成果：自主防災組織は目標を上回るペースで増えた。" in records
    assert "評価の種類： 事務事業評価" in records
    assert 'href="plan.html#M1"' in result.html("records")

    # the measure lists its records by year and stage, linked to each
    plan = result.html("plan")
    assert 'href="records.html#M1~2024-1"' in plan
    assert 'href="records.html#M1~2024-2"' in plan
    plan_text = _text(plan)
    assert (
        "施策評価： M1 地域防災力の向上 の評価記録 年度 評価段階 評価 今後の方向性 評価者 評価記録"
        in plan_text
    )
    assert "2024年度 一次評価 B 拡充 危機管理課 M1~2024-1" in plan_text
    assert "2024年度 二次評価 C 改善 副市長 M1~2024-2" in plan_text
    # the budget link lists its 事務事業評価
    assert (
        "事務事業評価： B1 自主防災組織育成事業 の評価記録 年度 評価段階 評価 今後の方向性 評価者 評価記録"
        in plan_text
    )
    assert 'href="records.html#EV-B1-R6"' in plan
    # a sheet's records have no page: their narrative is listed instead
    assert "2024年度 外部評価 A 完了 外部評価委員会 目標を達成した。" in plan_text

    # plan-evaluation: the year's records beside the computed grades and
    # progress (I1: 17 against 17.25 due in 2024 is 80 %, やや遅れ)
    index = _text(result.html("index"))
    assert (
        "評価（2024年度時点） 進捗 評価記録の評価（2024年度） 今後の方向性（2024年度）"
        in index
    )
    assert "M1 地域防災力の向上 D やや遅れ 一次評価 B ／ 二次評価 C 改善" in index
    assert "M2 交通安全の推進 A 順調 一次評価 A ／ 外部評価 A 完了" in index
    assert 'href="records.html#M1~2024-2"' in result.html("index")


def test_records_in_exports_and_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    records = {o["id"]: o for o in data["objects"] if o["kind"] == "evaluation"}
    assert sorted(records) == [
        "EV-B1-R6",
        "M1~2024-1",
        "M1~2024-2",
        "M2~2024-1",
        "M2~2024-3",
    ]
    first = records["M1~2024-1"]
    assert (first["of"], first["year"], first["stage"]) == ("M1", 2024, "一次評価")
    assert (first["grade"], first["computed_grade"], first["direction"]) == (
        "B",
        "D",
        "拡充",
    )
    assert first["url"] == "records.html#M1~2024-1"
    assert records["EV-B1-R6"]["evaluation"] == "project"
    # a budget link's record: the grades of the measures it serves, as its
    # block on the page shows them, not null (issue 32)
    assert records["EV-B1-R6"]["computed_grade"] == "M1 D"
    assert "M1 D（2024年度時点）" in _text(result.html("records"))
    sheet = records["M2~2024-3"]
    assert sheet["sheet"] == {"file": "data/evaluation.csv", "row": 3, "sheet": None}
    assert sheet["url"] is None
    measure = next(o for o in data["objects"] if o["id"] == "M1")
    assert measure["children"]["evaluates"] == ["M1~2024-1", "M1~2024-2"]

    csv = (result.outdir / "keikaku" / "evaluations.csv").read_text("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("of,year,stage,grade,direction,evaluator,text,id")
    assert "M1,2024,二次評価,C,改善,副市長,二次評価の所見。,M1~2024-2" in csv
    assert "M2,2024,外部評価,A,完了,外部評価委員会,目標を達成した。,M2~2024-3" in csv
    assert ",EV-B1-R6,事務事業評価,project,M1 D," in csv
    assert len(lines) == 6

    needs = json.loads((result.outdir / "needs.json").read_text("utf8"))
    version = needs["versions"][needs["current_version"]]["needs"]
    need = version["M1~2024-2"]
    assert need["type"] == "evaluation"
    assert need["evaluates"] == ["M1"]
    assert (need["stage"], need["grade"], need["year"]) == ("二次評価", "C", "2024")
    assert "M1~2024-2" in version["M1"]["evaluates_back"]
    # the needtable of the index lists the directive records
    assert "M1~2024-2" in _text(result.html("index"))


def test_plan_without_records_unchanged(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    (src / "records.md").write_text("# 評価なし\n", encoding="utf8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("keikaku_evaluation_files", "_x"))
    result = build(src)
    assert "unevaluated" not in result.warnings
    index = _text(result.html("index"))
    assert "一次評価" not in index
    assert "施策評価：" not in _text(result.html("plan"))
    csv = (result.outdir / "keikaku" / "evaluations.csv").read_text("utf-8-sig")
    assert len(csv.splitlines()) == 1


def test_rst_records(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("records-rst")
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    text = _text(result.html("index"))
    assert "Evaluates: M1 Disaster preparedness" in text
    assert (
        "Fiscal year: FY2025 / Stage: internal / Grade: A / Computed grade: B" in text
    )
    assert "Next direction: expand / Evaluator: Deputy mayor" in text
    assert "The second stage found the drills well attended." in text
    assert "FY2025 self B keep Safety division M1~2025-1" in text
    assert "FY2025 internal A expand Deputy mayor M1~2025-2" in text


def test_rst_records_in_latex(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("records-rst")
    result = build(src, "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "The second stage found the drills well attended." in tex
    assert "Computed grade:" in tex
    assert "Deputy mayor" in tex


def test_evaluation_report_as_second_latex_document(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The annual evaluation report (評価報告書): a second latex_documents
    entry over a page with the year's table and records, beside the book."""
    src = copy_root("records")
    (src / "report.md").write_text(
        "# 令和6年度 施策評価報告書\n\n```{plan-evaluation}\n```\n\n"
        "```{toctree}\nrecords\n```\n",
        encoding="utf8",
    )
    index = src / "index.md"
    index.write_text(index.read_text().replace("records\n```", "report\n```"))
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text()
        + "latex_documents = [\n"
        + "    ('index', 'plan.tex', 'plan', 'city', 'manual'),\n"
        + "    ('report', 'report.tex', 'report', 'city', 'manual'),\n]\n"
    )
    result = build(src, "-W", builder="latex")
    assert result.status == 0, result.warnings
    report = (result.outdir / "report.tex").read_text(encoding="utf8")
    # the year's table and records; the measures' page is not in the report,
    # so the measures are named without a link
    assert "評価記録の評価（2024年度）" in report
    assert "成果：自主防災組織は目標を上回るペースで増えた。" in report
    assert "M1 地域防災力の向上" in report
    assert "交通安全の推進" in report
    book = (result.outdir / "plan.tex").read_text(encoding="utf8")
    assert "成果：自主防災組織は目標を上回るペースで増えた。" in book


def test_latex_holds_the_records(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    result = build(src, "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    assert "成果：自主防災組織は目標を上回るペースで増えた。" in tex
    assert "今後の方向性" in tex
    assert "副市長" in tex
    assert "目標を達成した。" in tex  # a sheet's narrative, in the measure's list
    assert "評価記録の評価（2024年度）" in tex  # the plan-evaluation column


# -- rules -------------------------------------------------------------------------

BAD = """\
# 不備のある評価

```{evaluation} 対象なし
:year: R6
```

```{evaluation} 存在しない施策
:of: M9
:year: R6
```

```{evaluation} 指標の評価
:of: I1
:year: R6
```

```{evaluation} 読めない年度
:of: M1
:year: 来年
```

```{evaluation} 段階の誤り
:of: M1
:year: R7
:stage: 三次評価
```

```{evaluation} 評価の誤り
:of: M1
:year: R8
:grade: Z
:direction: 拡大
```

```{evaluation} 重複
:id: EV-DUP
:of: M1
:year: R6
:stage: 一次評価
```
"""


def test_every_rule_on_records(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("records")
    page = src / "bad.md"
    page.write_text(BAD, encoding="utf8")
    (src / "index.md").write_text(
        (src / "index.md").read_text().replace("records\n```", "records\nbad\n```")
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    found = _findings(result)
    expected = {
        ("bad.md", _line_of(page, "対象なし"), "ERROR", "orphan"),
        # a problem of an option at the option's line
        ("bad.md", _line_of(page, ":of: M9"), "ERROR", "unknown-id"),
        ("bad.md", _line_of(page, ":of: I1"), "ERROR", "unknown-id"),
        ("bad.md", _line_of(page, ":year: 来年"), "ERROR", "value"),
        ("bad.md", _line_of(page, ":stage: 三次評価"), "ERROR", "value"),
        ("bad.md", _line_of(page, ":grade: Z"), "ERROR", "value"),
        ("bad.md", _line_of(page, ":direction: 拡大"), "ERROR", "value"),
        # the later in document order (by docname, as for every id)
        ("records.md", 3, "ERROR", "duplicate-id"),
        # 2025 and 2026 have records of M1 only: M2 is unevaluated
        (
            "plan.md",
            _line_of(src / "plan.md", "交通安全の推進"),
            "WARNING",
            "unevaluated",
        ),
    }
    assert found == expected, result.warnings
    assert result.status == 1
    warnings = result.warnings
    # the messages name the fix, in the project's language (ja here)
    assert (
        "M9 は存在しません。次のいずれかを指定してください：M1, M2, B1, B2" in warnings
    )
    assert "I1 は成果指標です。施策または予算事業を指定してください" in warnings
    assert (
        "'三次評価' は評価段階ではありません。二次評価 の誤りではありませんか？ "
        "次のいずれかを指定してください：一次評価, 二次評価, 外部評価"
    ) in warnings
    assert "'Z' は keikaku_grades の評価ではありません。" in warnings
    assert (
        "'拡大' は keikaku_directions の方向性ではありません。拡充 の誤り" in warnings
    )
    assert "M1 を 2024年度・評価段階 一次評価 で評価していますが" in warnings
    assert "評価記録 EV-DUP「重複」（文書 bad、" in warnings
    assert warnings.count("[keikaku.unevaluated]") == 2  # 2025 and 2026
    assert "2025年度 の評価記録がありません" in warnings
    assert "2026年度 の評価記録がありません" in warnings


def test_unevaluated_off_and_suppressed(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    records = src / "records.md"
    records.write_text(
        records.read_text() + "\n```{evaluation}\n:of: M1\n:year: R7\n```\n",
        encoding="utf8",
    )
    warned = build(src, out="warned")
    assert {s for *_, s in _findings(warned)} == {"unevaluated"}
    assert warned.status == 0  # a warning by default
    conf = src / "conf.py"
    text = conf.read_text()
    conf.write_text(text + "\nkeikaku_rules = {'unevaluated': 'off'}\n")
    assert _findings(build(src, "-W", "-E", out="off")) == set()
    conf.write_text(text + "\nsuppress_warnings = ['keikaku.unevaluated']\n")
    assert build(src, "-W", "-E", out="suppressed").status == 0


# -- evaluation sheets ---------------------------------------------------------------

SHEET_ROWS = [
    ["評価シート（令和7年度）"],
    [],
    ["対象", "年度", "評価段階", "評価", "今後の方向性", "評価者", "所見", "備考"],
    ["M1", "令和7年度", "self", "B", "継続", "危機管理課", "訓練を続ける。", ""],
    ["M2", "R7", "一次評価", "A", "縮小", "道路課", "事故が減った。", "メモ"],
]


def _write_csv(path: Path, encoding: str) -> None:
    lines = [",".join(row) for row in SHEET_ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_sheet_csv_encodings(
    encoding: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    _write_csv(src / "data" / "r7.csv", encoding)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/evaluation.csv"]', '["data/evaluation.csv", "data/r7.csv"]'
        )
    )
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    plan = _text(result.html("plan"))
    assert "2025年度 一次評価 B 継続 危機管理課 訓練を続ける。" in plan
    assert "2025年度 一次評価 A 縮小 道路課 事故が減った。" in plan


def test_sheet_xlsx(copy_root: Callable[[str], Path], build: Build) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    src = copy_root("records")
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "記入方法"
    notes.append(["この表に記入してください"])
    sheet = workbook.create_sheet("評価")
    for row in SHEET_ROWS:
        sheet.append(row)
    sheet.append(["M1", 2026, "外部評価", "A", "統合", "外部評価委員会", "統合する。"])
    sheet.append(["M2", "R8", "一次評価", "B", "休止", "道路課", "休止する。"])
    workbook.save(src / "data" / "r7.xlsx")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/evaluation.csv"]', '["data/evaluation.csv", "data/r7.xlsx"]'
        )
    )
    result = build(src, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    plan = _text(result.html("plan"))
    assert "2025年度 一次評価 B 継続 危機管理課 訓練を続ける。" in plan
    assert "2026年度 外部評価 A 統合 外部評価委員会 統合する。" in plan
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    record = next(o for o in data["objects"] if o["id"] == "M1~2026-3")
    assert record["sheet"] == {"file": "data/r7.xlsx", "sheet": "評価", "row": 6}


def test_sheet_problems_located_by_row(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    (src / "data" / "evaluation.csv").write_text(
        "of,year,stage,grade,direction,evaluator,text\n"
        "M2,R6,一次評価,A,継続,道路課,よい。\n"
        "M2,来年,一次評価,A,継続,道路課,年度が読めない。\n"
        "M2,R6,四次評価,A,継続,道路課,段階が違う。\n"
        "M9,R6,一次評価,A,継続,道路課,施策がない。\n"
        ",R6,一次評価,A,継続,道路課,対象がない。\n"
        "M2,R6,一次評価,Q,やめる,道路課,評価と方向性が違う。\n"
        "M1,R6,一次評価,B,拡充,危機管理課,directive と重複。\n",
        encoding="utf8",
    )
    (src / "data" / "header.csv").write_text("名称,内容\nx,y\n", encoding="utf8")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/evaluation.csv"]',
            '[\n    "data/evaluation.csv",\n    "data/header.csv",\n    "data/missing.csv",\n]',
        )
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    found = {(f, line, s) for f, line, _, s in _findings(result)}
    assert {
        ("evaluation.csv", 3, "value"),
        ("evaluation.csv", 4, "value"),
        ("evaluation.csv", 5, "unknown-id"),
        ("evaluation.csv", 6, "orphan"),
        ("evaluation.csv", 7, "value"),
        # the same (of, year, stage) as row 2
        ("evaluation.csv", 7, "duplicate-id"),
        # the same as row 8: the sheet's record is kept, the directive's reported
        ("records.md", 3, "duplicate-id"),
        # a missing file: at the line of conf.py naming it
        ("conf.py", 4, "data"),
        # a sheet without the required columns: at its header row (issue 30)
        ("header.csv", 1, "data"),
    } <= found, result.warnings
    warnings = result.warnings
    assert "data/evaluation.csv、3 行目: 年度を読み取れません" in warnings
    assert "（data/evaluation.csv、8 行目）と重複しています" in warnings
    assert (
        "data/header.csv、1 行目: 見出し行に of (対象), year (年度) の列がないため"
        in warnings
    ), warnings
    assert "data/missing.csv: 評価シートがありません" in warnings
    assert result.status == 1


def test_broken_workbook_is_a_located_finding(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    (src / "data" / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"data/evaluation.csv"', '"data/broken.xlsx"')
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    # the data files' message: a sheet is read as a data file is
    assert "data/broken.xlsx: ブックを読み込めません（BadZipFile" in result.warnings
    assert ("conf.py", 4, "ERROR", "data") in _findings(result)


# -- settings ------------------------------------------------------------------------


def test_settings_stages_and_directions(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text()
        + "\nkeikaku_evaluation_stages = ['一次評価', '二次評価', '最終評価', '外部評価']"
        + "\nkeikaku_directions = ['拡充', '継続', '改善', '完了']\n"
    )
    result = build(src)
    # ids do not depend on the list (they are given while reading); a stage
    # of the project's own is accepted, and one not in the list is a value
    assert _findings(result) == set(), result.warnings
    page = src / "records.md"
    page.write_text(
        page.read_text().replace(":stage: internal", ":stage: 最終評価"),
        encoding="utf8",
    )
    final = build(src, out="final")
    assert _findings(final) == set(), final.warnings
    data = json.loads((final.outdir / "keikaku" / "plan.json").read_text("utf8"))
    stages = {o["id"]: o["stage"] for o in data["objects"] if o["kind"] == "evaluation"}
    assert stages["M2~2024-3"] == "外部評価"
    (final_id,) = [i for i, stage in stages.items() if stage == "最終評価"]
    assert re.fullmatch(r"M1~2024-s[0-9a-f]{6}", final_id)
    index = _text(final.html("index"))
    assert "M1 地域防災力の向上 D やや遅れ 一次評価 B ／ 最終評価 C 改善" in index

    conf.write_text(conf.read_text().replace("'最終評価', ", ""))
    unknown = build(src, out="unknown")
    # at the line of the :stage: option
    assert _findings(unknown) == {("records.md", 17, "ERROR", "value")}
    assert "'最終評価' は評価段階ではありません" in unknown.warnings

    conf.write_text(conf.read_text() + "\nkeikaku_directions = '拡充'\n")
    bad = build(src, out="bad")
    assert "keikaku_directions" in bad.warnings
    assert "のような名前のリストで書いてください" in bad.warnings
    assert any(s == "config" for *_, s in _findings(bad))


# -- incremental and parallel --------------------------------------------------------


def test_editing_a_record_updates_other_pages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    first = build(src, "-W")
    assert "2024年度 一次評価 B 拡充 危機管理課" in _text(first.html("plan"))
    assert "M1 地域防災力の向上 D やや遅れ 一次評価 B ／ 二次評価 C 改善" in _text(
        first.html("index")
    )
    time.sleep(0.01)
    page = src / "records.md"
    page.write_text(
        page.read_text()
        .replace(":grade: B", ":grade: A")
        .replace(":direction: 改善", ":direction: 縮小"),
        encoding="utf8",
    )
    second = build(src, "-W")
    assert "2024年度 一次評価 A 拡充 危機管理課" in _text(second.html("plan"))
    assert "M1 地域防災力の向上 D やや遅れ 一次評価 A ／ 二次評価 C 縮小" in _text(
        second.html("index")
    )

    # an edited evaluation sheet updates them too
    sheet = src / "data" / "evaluation.csv"
    sheet.write_text(sheet.read_text("utf8").replace("完了", "統合"), encoding="utf8")
    third = build(src, "-W")
    assert "2024年度 外部評価 A 統合 外部評価委員会" in _text(third.html("plan"))
    assert "M2 交通安全の推進 A 順調 一次評価 A ／ 外部評価 A 統合" in _text(
        third.html("index")
    )
    fresh = build(src, "-W", "-E", out="fresh")
    for page_name in ("index", "plan", "records"):
        assert _text(third.html(page_name)) == _text(fresh.html(page_name))


def test_editing_an_actual_updates_the_record_page(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A record shows the measure's computed grade: an actual changed on the
    measure's page rewrites the record's page."""
    src = copy_root("records")
    first = build(src, "-W")
    assert "評価： B ／ 指標による評価： D" in _text(first.html("records"))
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":actual: 2024: 17", ":actual: 2024: 21"),
        encoding="utf8",
    )
    second = build(src, "-W")
    assert "評価： B ／ 指標による評価： A" in _text(second.html("records"))


def test_parallel_equals_serial(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("records")
    serial = build(src, "-j", "1", out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    assert serial.status == parallel.status == 0
    for name in ("index", "plan", "records"):
        assert serial.html(name) == parallel.html(name)
    for name in ("plan.json", "evaluations.csv"):
        assert (serial.outdir / "keikaku" / name).read_bytes() == (
            parallel.outdir / "keikaku" / name
        ).read_bytes()


# -- the core, without Sphinx -------------------------------------------------------


def test_core_stages_ids_and_settings() -> None:
    from sphinxcontrib_keikaku.core.evaluation_records import (
        DEFAULT_STAGES,
        normalise_directions,
        normalise_stages,
        read_stage,
        record_id,
    )
    from sphinxcontrib_keikaku.core.texts import PlanValueError

    assert read_stage("", DEFAULT_STAGES) == "一次評価"
    assert read_stage("self", DEFAULT_STAGES) == "一次評価"
    assert read_stage("Internal", DEFAULT_STAGES) == "二次評価"
    assert read_stage("external", DEFAULT_STAGES) == "外部評価"
    assert read_stage(" 二次評価 ", DEFAULT_STAGES) == "二次評価"
    with pytest.raises(PlanValueError, match="did you mean 二次評価"):
        read_stage("二次", DEFAULT_STAGES)
    assert record_id("M1-1-1", 2024, "二次評価") == "M1-1-1~2024-2"
    assert record_id("M1", 2024, "") == record_id("M1", 2024, "SELF") == "M1~2024-1"
    assert record_id("M1", 2024, "External") == "M1~2024-3"
    assert record_id("M1", 2024, "Final") == "M1~2024-final"
    assert re.fullmatch(r"M1~2024-s[0-9a-f]{6}", record_id("M1", 2024, "最終評価"))
    assert normalise_stages(["a", " b  c "]) == ("a", "b c")
    for bad in ("拡充", [], ["a", "a"], ["a", 1], None):
        with pytest.raises(ValueError):
            normalise_directions(bad)
