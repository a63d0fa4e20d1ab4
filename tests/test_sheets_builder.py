"""``-b keikaku-sheets``: the departments' workbooks, and their way back
(issue 30 item 2; authoring contract Part 3)."""

from __future__ import annotations

import csv
import doctest
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from conftest import BuildResult

from sphinxcontrib_keikaku.core.evaluation_records import (
    DEFAULT_DIRECTIONS,
    DEFAULT_STAGES,
)
from sphinxcontrib_keikaku.core.model import BudgetLink, Measure, Plan
from sphinxcontrib_keikaku.core.numbers import format_number
from sphinxcontrib_keikaku.core.settings import DEFAULT_GRADES
from sphinxcontrib_keikaku.data import sheets_layout
from sphinxcontrib_keikaku.data.evaluation_sheets import read_evaluation_sheets
from sphinxcontrib_keikaku.data.sheets_layout import SheetSettings, layout_workbooks

Build = Callable[..., BuildResult]

BOOKS = ("危機管理課.xlsx", "公園緑地課_維持係.xlsx", "未設定.xlsx")

# What the departments write in their workbooks, in the year's column
# 令和7年度 (the year after the evaluation year 令和6年度): actuals by
# (workbook, indicator), amounts by (workbook, budget link, 項目), and the
# 評価 sheet's cells by (workbook, 対象) and header.
ACTUALS = {
    ("危機管理課.xlsx", "I1"): 16,
    ("危機管理課.xlsx", "I2"): 90,
    ("公園緑地課_維持係.xlsx", "I3"): 45,
}
PROJECTS = {
    ("危機管理課.xlsx", "B1", "決算額"): 1050,
    ("危機管理課.xlsx", "B1", "国庫支出金"): 300,
    ("危機管理課.xlsx", "B1", "県支出金"): 100,
    ("危機管理課.xlsx", "B1", "一般財源"): 700,
    ("危機管理課.xlsx", "B1", "延べ業務時間"): 320,
    ("危機管理課.xlsx", "B1", "従事人数"): 2,
    ("公園緑地課_維持係.xlsx", "B2", "決算額"): 515,
    ("未設定.xlsx", "B3", "決算額"): 280,
}
EVALUATIONS = {
    ("危機管理課.xlsx", "M1"): {
        "評価段階": "一次評価",
        "評価": "B",
        "方向性": "拡充",
        "成果": "訓練の参加者が増えた",
        "課題": "若年層の参加が少ない",
        "改善案": "SNSで訓練を周知する",
    },
    ("危機管理課.xlsx", "B1"): {
        "評価": "A",
        "方向性": "継続",
        "成果": "全地区で組織を支援した",
    },
    ("公園緑地課_維持係.xlsx", "M2"): {
        "評価段階": "二次評価",
        "評価": "C",
        "方向性": "改善",
        "課題": "利用が一部の公園に偏る",
    },
}
YEAR = "令和7年度"


def _write_sheets(root: Path, build: Build) -> Path:
    result = build(root, builder="keikaku-sheets", out="books")
    assert result.status == 0, result.warnings
    assert "keikaku" not in result.warnings
    return result.outdir


def _columns(sheet: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1]}


def _fill(book: Path) -> None:
    """Fill *book* as its department would: values in the white cells only."""
    workbook = openpyxl.load_workbook(book)
    name = book.name
    sheet = workbook["成果指標"]
    cols = _columns(sheet)
    for row in range(2, sheet.max_row + 1):
        value = ACTUALS.get((name, sheet.cell(row, cols["指標ID"]).value))
        if value is not None:
            sheet.cell(row, cols[YEAR]).value = value
    sheet = workbook["事務事業"]
    cols = _columns(sheet)
    for row in range(2, sheet.max_row + 1):
        key = (
            name,
            sheet.cell(row, cols["ID"]).value,
            sheet.cell(row, cols["項目"]).value,
        )
        if key in PROJECTS:
            sheet.cell(row, cols[YEAR]).value = PROJECTS[key]
    sheet = workbook["評価"]
    cols = _columns(sheet)
    for row in range(2, sheet.max_row + 1):
        for header, text in EVALUATIONS.get(
            (name, sheet.cell(row, cols["対象"]).value), {}
        ).items():
            sheet.cell(row, cols[header]).value = text
    workbook.save(book)


def _read_back(root: Path, books: Path, names: tuple[str, ...] = BOOKS) -> None:
    data = root / "data"
    data.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(books / name, data / name)
    listed = [f"data/{name}" for name in names]
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"keikaku_data_files = {listed!r}\n")
        conf.write(f"keikaku_evaluation_files = {listed!r}\n")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_workbooks_written_per_department(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    books = _write_sheets(copy_root("sheets"), build)
    assert sorted(p.name for p in books.glob("*.xlsx")) == sorted(BOOKS)
    workbook = openpyxl.load_workbook(books / "危機管理課.xlsx")
    assert workbook.sheetnames == ["成果指標", "事務事業", "評価", "記入要領"]
    indicators = workbook["成果指標"]
    assert [c.value for c in indicators[1]] == [
        "指標ID",
        "施策",
        "指標名",
        "単位",
        "方向",
        "基準値",
        "目標値",
        "直近の実績",
        "項目",
        YEAR,
    ]
    assert [r[0] for r in indicators.iter_rows(min_row=2, values_only=True)] == [
        "I1",
        "I2",
    ]
    row = [c.value for c in indicators[2]]
    assert (
        row[5] == "令和5年度 10団体" and row[7] == "令和6年度 12団体" and row[9] is None
    )
    # key columns locked, the year's cell open, the sheet protected (no password)
    assert indicators.protection.sheet and not indicators.protection.password
    assert indicators["A2"].protection.locked and indicators["I2"].protection.locked
    assert not indicators["J2"].protection.locked
    projects = workbook["事務事業"]
    assert [r[5] for r in projects.iter_rows(min_row=2, values_only=True)] == [
        "決算額",
        "国庫支出金",
        "県支出金",
        "地方債",
        "その他",
        "一般財源",
        "従事人数",
        "延べ業務時間",
    ]
    assert [c.value for c in projects[2]][3:5] == [1200, 1100]  # planned cost, budget
    evaluation = workbook["評価"]
    assert [r[0] for r in evaluation.iter_rows(min_row=2, values_only=True)] == [
        "M1",
        "B1",
    ]
    lists = {dv.formula1 for dv in evaluation.data_validations.dataValidation}
    assert lists == {
        '"' + ",".join(choices) + '"'
        for choices in (
            DEFAULT_STAGES,
            [label for label, _minimum in DEFAULT_GRADES],
            DEFAULT_DIRECTIONS,
        )
    }
    assert not evaluation["H2"].protection.locked and evaluation["A2"].protection.locked
    guide = [c.value for c in workbook["記入要領"]["A"]]
    assert any("変更しないでください" in str(line) for line in guide)
    # a budget link without a department goes to 未設定.xlsx
    unset = openpyxl.load_workbook(books / "未設定.xlsx")
    # a row per field: settlement, five funding sources, staff, hours
    assert [r[0] for r in unset["事務事業"].iter_rows(min_row=2, values_only=True)] == [
        "B3"
    ] * 8


def test_filled_workbooks_read_back_unedited(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    root = copy_root("sheets")
    books = _write_sheets(root, build)
    for name in BOOKS:
        _fill(books / name)
    _read_back(root, books)
    result = build(root, "-W", "--keep-going")
    assert result.status == 0, result.warnings
    html = result.html("plan")
    out = result.outdir / "keikaku"
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    objects = {o["id"]: o for o in plan["objects"]}
    values = {
        (r["id"], r["fiscal_year"], r["field"]): r["value"]
        for r in _csv(out / "values.csv")
    }
    budget = _csv(out / "budget.csv")
    for (_book, indicator), value in ACTUALS.items():
        assert objects[indicator]["actual"]["2025"] == value
        assert values[(indicator, "2025", "actual")] == str(value)
        assert f">{value}<" in html
    fields = {
        "決算額": "settlement",
        "国庫支出金": "funding_national",
        "県支出金": "funding_prefectural",
        "一般財源": "funding_general",
        "延べ業務時間": "hours",
        "従事人数": "staff",
    }
    for (_book, link, word), amount in PROJECTS.items():
        assert objects[link][fields[word]]["2025"] == amount
        assert values[(link, "2025", fields[word])] == str(amount)
        assert format_number(Decimal(amount)) in html
    # the plan-wide rows of budget.csv add the departments' amounts up
    total = next(
        r for r in budget if r["row"] == "total" and r["fiscal_year"] == "2025"
    )
    assert total["settlement"] == str(
        sum(v for (_b, _l, w), v in PROJECTS.items() if w == "決算額")
    )
    records = {r["of"]: r for r in _csv(out / "evaluations.csv")}
    assert set(records) == {of for _book, of in EVALUATIONS}
    for (_book, of), filled in EVALUATIONS.items():
        record = records[of]
        shown = next(o for o in plan["objects"] if o.get("of") == of)
        assert record["year"] == "2025" and shown["year"] == 2025
        assert record["stage"] == filled.get("評価段階", "一次評価") == shown["stage"]
        assert record["grade"] == filled["評価"] == shown["grade"]
        assert record["direction"] == filled["方向性"] == shown["direction"]
        # the evaluator written in advance (the department) is kept
        assert record["evaluator"] == shown["evaluator"] != ""
        for part in ("成果", "課題", "改善案"):
            if part in filled:
                assert f"{part}：{filled[part]}" in record["text"]
                assert f"{part}：{filled[part]}" in shown["text"]
                assert filled[part] in html


def _outputs(result: BuildResult) -> dict[str, str]:
    out = result.outdir / "keikaku"
    texts = {
        name: (out / name).read_text(encoding="utf-8")
        for name in ("values.csv", "budget.csv", "evaluations.csv", "evaluation.csv")
    }
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    plan.pop("generator", None)
    texts["plan.json"] = json.dumps(plan, sort_keys=True, ensure_ascii=False)
    texts["plan.html"] = result.html("plan")
    return texts


def test_unfilled_workbooks_change_nothing(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    root = copy_root("sheets")
    before = build(root, "-W", out="before")
    assert before.status == 0, before.warnings
    books = _write_sheets(root, build)
    _read_back(root, books)
    after = build(root, "-W", out="after")
    assert after.status == 0, after.warnings
    assert _outputs(after) == _outputs(before)


def test_changed_workbook_gets_located_warnings(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    root = copy_root("sheets")
    books = _write_sheets(root, build)
    for name in BOOKS:
        _fill(books / name)
    book = books / "危機管理課.xlsx"
    workbook = openpyxl.load_workbook(book)
    indicators = workbook["成果指標"]
    # rows moved: I2 above I1 (harmless: each row carries its id) ...
    first = [c.value for c in indicators[2]]
    second = [c.value for c in indicators[3]]
    for column, (a, b) in enumerate(zip(second, first, strict=True), 1):
        indicators.cell(2, column).value = a
        indicators.cell(3, column).value = b
    # ... an id typed over (I2 became I9), a sheet renamed
    indicators["A2"] = "I9"
    workbook["評価"]["A3"] = "B9"
    workbook["評価"].title = "評価（危機管理課）"
    workbook.save(book)
    _read_back(root, books)
    result = build(root, "--keep-going")
    lines = result.warnings.splitlines()

    def line(*words: str) -> str:
        found = [text for text in lines if all(word in text for word in words)]
        assert len(found) == 1, (words, result.warnings)
        return found[0]

    # the renamed sheet, located at it, naming the sheet names expected
    renamed = line("評価（危機管理課）", "成果指標、事務事業、評価、記入要領")
    assert "data/危機管理課.xlsx:1:" in renamed and "[keikaku.data]" in renamed
    # the changed ids, located at the file, sheet and row
    assert "data/危機管理課.xlsx:2:" in line("I9", "成果指標", "[keikaku.data]")
    assert "data/危機管理課.xlsx:3:" in line("B9", "[keikaku.unknown-id]")
    assert len(lines) == 3
    # everything else still arrives: I1 moved, B1's settlement, M1's record,
    # and the other departments' workbooks
    plan = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf-8"))
    objects = {o["id"]: o for o in plan["objects"]}
    assert objects["I1"]["actual"]["2025"] == 16
    assert "2025" not in objects["I2"]["actual"]
    assert objects["B1"]["settlement"]["2025"] == 1050
    assert objects["I3"]["actual"]["2025"] == 45
    assert {o.get("of") for o in plan["objects"]} >= {"M1", "M2"}


def test_layout_file_names_and_years() -> None:
    result = doctest.testmod(sheets_layout)
    assert result.attempted >= 4 and result.failed == 0
    plan = Plan()
    for obj in (
        Measure("M1", "防災", "plan", 1, department="総務部/防災課"),
        Measure("M2", "交通", "plan", 2, department="総務部:防災課"),
        BudgetLink("B1", "事業", "plan", 3, measures=("M1",), department=" "),
    ):
        plan.objects[obj.id] = obj
    books = layout_workbooks(
        plan, SheetSettings(2026, ("A", "B"), ("一次評価",), ("継続",), "era")
    )
    # two departments whose names differ only in unsafe characters do not
    # overwrite each other; a blank department is 未設定
    assert [b.filename for b in books] == [
        "総務部_防災課.xlsx",
        "総務部_防災課-2.xlsx",
        "未設定.xlsx",
    ]
    assert books[0].sheets[0].header[-1] == "令和8年度"
    assert books[2].sheets[1].rows[0][0] == "B1"


def test_sheets_year_and_hostile_titles(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    root = copy_root("sheets")
    plan = root / "plan.md"
    plan.write_text(
        plan.read_text("utf-8").replace(
            "{indicator} 火災件数", '{indicator} =HYPERLINK("http://example.org","x")'
        ),
        "utf-8",
    )
    result = build(
        root, "-D", "keikaku_sheets_year=R8", builder="keikaku-sheets", out="r8"
    )
    assert result.status == 0, result.warnings
    workbook = openpyxl.load_workbook(result.outdir / "危機管理課.xlsx")
    sheet = workbook["成果指標"]
    assert sheet["J1"].value == "令和8年度"
    # the title stays text: no formula in the workbook
    title = sheet["C3"]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    # B1's planned cost and budget of 令和8年度 are not given: empty
    assert [c.value for c in workbook["事務事業"][2]][3:5] == [None, None]
    # an unreadable year is a located config warning, and the default is used
    bad = build(
        root, "-D", "keikaku_sheets_year=来年", builder="keikaku-sheets", out="bad"
    )
    assert "keikaku_sheets_year" in bad.warnings and "[keikaku.config]" in bad.warnings
    workbook = openpyxl.load_workbook(bad.outdir / "危機管理課.xlsx")
    assert workbook["成果指標"]["J1"].value == YEAR


def test_sheet_rows_left_unfilled_and_narrative_parts(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text(
        "対象,年度,評価段階,評価,方向性,評価者,所見,成果,課題,改善案\n"
        "M1,R7,,,,危機管理課,,,,\n"  # written in advance, left unfilled
        "M2,R7,,,,危機管理課,総括,参加者が増えた,,周知を広げる\n"
        "M3,R7,,#N/A,,危機管理課,,,,\n",  # a failed formula: said, not skipped
        encoding="utf-8",
    )
    (tmp_path / "ids.csv").write_text("of,year\nM4,R7\n", encoding="utf-8")
    records, findings = read_evaluation_sheets(
        tmp_path, ["sheet.csv", "ids.csv"], stages=DEFAULT_STAGES
    )
    assert findings == []
    by_of = {r.of: r for r in records}
    # a sheet without a grade, direction or narrative column reads every row
    assert sorted(by_of) == ["M2", "M3", "M4"]
    assert by_of["M2"].text == "総括\n\n成果：参加者が増えた\n\n改善案：周知を広げる"
    assert by_of["M2"].evaluator == "危機管理課"
    (problem,) = by_of["M3"].problems
    assert "sheet.csv, row 4" in problem.message and "#N/A" in problem.message


def test_a_workbook_that_cannot_be_written_costs_only_itself(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    root = copy_root("sheets")
    # a folder in the way of one workbook
    (tmp_path / "books" / "危機管理課.xlsx").mkdir(parents=True)
    result = build(root, builder="keikaku-sheets", out="books")
    assert result.status == 1  # an error: the build did not do its job
    (line,) = [text for text in result.warnings.splitlines() if "危機管理課" in text]
    assert "[keikaku.data]" in line and "books/危機管理課.xlsx" in line
    for name in BOOKS[1:]:
        assert openpyxl.load_workbook(result.outdir / name).sheetnames[0] == "成果指標"


def test_sheets_year_defaults() -> None:
    from types import SimpleNamespace

    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.output.sheets_builder import sheets_year

    def config(**given: object) -> Any:
        values: dict[str, object] = {
            "keikaku_sheets_year": None,
            "keikaku_evaluation_year": None,
            "keikaku_evaluation_basis": "final",
            "keikaku_plan_period": None,
        }
        return SimpleNamespace(**{**values, **given})

    plan = Plan()
    # no actual yet: the plan period's first year
    assert sheets_year(config(keikaku_plan_period=(2024, 2027)), plan) == 2024
    indicator = Indicator("I1", "指標", "plan", 1, actual={2025: Decimal(3)})
    plan.objects["I1"] = indicator
    # the year after the latest actual, or after keikaku_evaluation_year
    assert sheets_year(config(), plan) == 2026
    assert sheets_year(config(keikaku_evaluation_year=2024), plan) == 2025
    assert sheets_year(config(keikaku_sheets_year=2030), plan) == 2030
