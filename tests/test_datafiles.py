"""Tests for :mod:`sphinxcontrib_keikaku.data.files`.

Most files are written here, in the encodings and shapes departments send;
``tests/data/`` holds two samples as Excel saves them (Shift_JIS with CRLF and
a title row; UTF-8 with BOM).
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import pickle
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.data.files import (
    FIELD_ALIASES,
    FIELDS,
    HEADER_ALIASES,
    DataRecord,
    file_fingerprint,
    normalise_data_files,
    read_data_files,
)
from sphinxcontrib_keikaku.sphinxext.reporting import Finding

DATA = Path(__file__).parent / "data"

Table = tuple[list[DataRecord], list[Finding]]


# --- helpers ---------------------------------------------------------------


def write(directory: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    """Write ``text`` to ``directory/name`` in ``encoding``; return ``name``."""
    target = directory / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(encoding))
    return name


def write_xlsx(directory: Path, name: str, sheets: dict[str, list[list[Any]]]) -> str:
    """Write a workbook with one sheet per entry, rows from row 1."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    target = directory / name
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return name


def read(srcdir: Path, *paths: str, **kwargs: Any) -> Table:
    records, findings = read_data_files(srcdir, list(paths), **kwargs)
    for finding in findings:
        # Every finding is a keikaku.data finding, located at the file, with a
        # plain str message (picklable for parallel builds).
        assert finding.rule is Rule.DATA
        assert type(finding.message) is str
        assert finding.path in paths
        assert finding.docname is None
        assert finding.object_id is None
        assert "error in keikaku" not in finding.message
        pickle.dumps(finding)
    return records, findings


def values(records: list[DataRecord]) -> dict[tuple[str, str, int], object]:
    return {(r.object_id, r.field, r.year): r.value for r in records}


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def same_decimal(value: object, expected: str) -> bool:
    """Equal *and* written the same (1234, not 1234.0)."""
    return isinstance(value, Decimal) and str(value) == expected


# --- normalise_data_files --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ([], ()),
        ((), ()),
        ("data/actuals.csv", ("data/actuals.csv",)),
        (["a.csv", "b.xlsx"], ("a.csv", "b.xlsx")),
        (("a.csv",), ("a.csv",)),
        (["a.csv", "b.csv", "a.csv"], ("a.csv", "b.csv")),
        ([Path("data") / "a.csv"], (str(Path("data") / "a.csv"),)),
        (Path("a.csv"), ("a.csv",)),
    ],
)
def test_normalise_data_files(value: Any, expected: tuple[str, ...]) -> None:
    assert normalise_data_files(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (42, ["int", "list of paths"]),
        ({"a.csv": 1}, ["dict", "list of paths"]),
        ({"a.csv"}, ["set", "list of paths"]),
        (["a.csv", 3], ["entry 2", "3"]),
        (["a.csv", None], ["entry 2", "None"]),
        ([""], ["entry 1", "file name"]),
        (["  "], ["entry 1"]),
        (["a\0.csv"], ["entry 1"]),
    ],
)
def test_normalise_data_files_rejects(value: Any, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        normalise_data_files(value)
    message = str(info.value)
    assert type(info.value.args[0]) is str
    for word in words:
        assert word in message


# --- CSV: encodings and shapes ---------------------------------------------

LONG_EN = """id,fiscal_year,field,value
K1-1-1,2023,baseline,16
K1-1-1,2027,target,21
K1-1-1,2024,actual,17.5
K1-1-1,2025,estimate,19
P-001,2024,budget,"12,345"
P-001,2024,settlement,△120
K2-1-1,2027,target,設置
"""

LONG_JA = """事業ID,年度,項目,値
P-001,令和6年度,予算,"１２，５００"
P-001,R5,決算,△３
K1-1-1,2024,実績,１７．５
K1-1-1,ＦＹ２０２３,基準値,16
K1-1-1,平成31年度,見込,12
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_long_english(tmp_path: Path, encoding: str) -> None:
    records, findings = read(tmp_path, write(tmp_path, "a.csv", LONG_EN, encoding))
    assert findings == []
    assert values(records) == {
        ("K1-1-1", "baseline", 2023): Decimal(16),
        ("K1-1-1", "target", 2027): Decimal(21),
        ("K1-1-1", "actual", 2024): Decimal("17.5"),
        ("K1-1-1", "estimate", 2025): Decimal(19),
        ("P-001", "budget", 2024): Decimal(12345),
        ("P-001", "settlement", 2024): Decimal(-120),
        ("K2-1-1", "target", 2027): "設置",
    }
    assert [r.row for r in records] == [2, 3, 4, 5, 6, 7, 8]
    assert {r.path for r in records} == {"a.csv"}
    assert {r.sheet for r in records} == {None}
    assert records[0].location == "a.csv, row 2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_long_japanese(tmp_path: Path, encoding: str) -> None:
    records, findings = read(tmp_path, write(tmp_path, "j.csv", LONG_JA, encoding))
    assert findings == []
    assert values(records) == {
        ("P-001", "budget", 2024): Decimal(12500),
        ("P-001", "settlement", 2023): Decimal(-3),
        ("K1-1-1", "actual", 2024): Decimal("17.5"),
        ("K1-1-1", "baseline", 2023): Decimal(16),
        ("K1-1-1", "estimate", 2019): Decimal(12),
    }


def test_csv_long_column_order_is_free(tmp_path: Path) -> None:
    text = "Value, Field ,Fiscal Year,ID,備考\n3,actual,2024,K1,memo\n"
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert findings == []
    assert values(records) == {("K1", "actual", 2024): Decimal(3)}


WIDE_JA = """指標ID,指標名,担当課,単位,項目,令和5年度,R6,２０２５,FY2026,備考
K1-1-1,出生数,こども課,人,実績,１，２３４,"1,250",,,
K1-1-1,出生数,こども課,人,目標値,,,,"1,300",
K2-1-1,空き家バンク,建設課,,目標,,,設置,,
P-001,子育て支援事業,こども課,千円,予算,"12,000",－,ー,―,
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_wide(tmp_path: Path, encoding: str) -> None:
    records, findings = read(tmp_path, write(tmp_path, "w.csv", WIDE_JA, encoding))
    assert findings == []
    assert values(records) == {
        ("K1-1-1", "actual", 2023): Decimal(1234),
        ("K1-1-1", "actual", 2024): Decimal(1250),
        ("K1-1-1", "target", 2026): Decimal(1300),
        ("K2-1-1", "target", 2025): "設置",
        # The dashes (－, ー, ―) mean "no value": no record, no finding.
        ("P-001", "budget", 2023): Decimal(12000),
    }
    assert {(r.object_id, r.year): r.row for r in records}[("K1-1-1", 2024)] == 2


def test_csv_wide_english_header_with_unit_and_title(tmp_path: Path) -> None:
    text = "id,title,unit,field,2023,2024\nK1,Births,persons,actual,10,11\n"
    records, findings = read(tmp_path, write(tmp_path, "w.csv", text))
    assert findings == []
    assert values(records) == {
        ("K1", "actual", 2023): Decimal(10),
        ("K1", "actual", 2024): Decimal(11),
    }


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    text = (
        "令和6年度 成果指標 実績一覧,,,\n"
        ",,,\n"
        "（単位：人）,,,\n"
        "id,field,2024,2025\n"
        "K1,actual,5,6\n"
    )
    records, findings = read(tmp_path, write(tmp_path, "t.csv", text))
    assert findings == []
    assert [(r.year, r.row) for r in records] == [(2024, 5), (2025, 5)]


def test_full_width_ids_are_folded(tmp_path: Path) -> None:
    text = "id,field,2024\nＫ１－１,actual,5\n"
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert findings == []
    assert records[0].object_id == "K1-1"


def test_blank_rows_totals_and_empty_cells_are_skipped(tmp_path: Path) -> None:
    text = (
        "id,field,2024,2025\n"
        "\n"
        ",,,\n"
        "K1,actual,,\n"  # prepared for later years
        "K1,actual,3,\n"
        ",合計,,\n"
        ",,100,200\n"  # a total row names no object
        "\n"
    )
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert findings == []
    assert [(r.object_id, r.year, r.row) for r in records] == [("K1", 2024, 5)]


def test_long_form_empty_value_is_skipped(tmp_path: Path) -> None:
    text = (
        "id,fiscal_year,field,value\n"
        "K1,2024,actual,\n"
        "K1,2025,actual,－\n"
        ",,,\n"
        ",2024,,1000\n"  # a total
    )
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert records == []
    assert findings == []


def test_quoted_line_break_keeps_spreadsheet_rows(tmp_path: Path) -> None:
    # Excel shows a record with a line break inside quotes as one row.
    text = 'id,field,備考,2024\nK1,actual,"two\nlines",1\nK2,actual,,"12,34"\n'
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert [(r.object_id, r.row) for r in records] == [("K1", 2)]
    assert "a.csv, row 3" in only(findings).message
    assert only(findings).lineno == 3


@pytest.mark.parametrize(
    ("word", "field"),
    [(alias, name) for name, aliases in FIELD_ALIASES.items() for alias in aliases]
    + [("ACTUAL", "actual"), (" Target ", "target"), ("実 績", "actual")],
)
def test_field_aliases(tmp_path: Path, word: str, field: str) -> None:
    text = f"id,field,2024\nK1,{word},7\n"
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert findings == []
    assert records[0].field == field
    assert field in FIELDS


@pytest.mark.parametrize(
    ("column", "alias"),
    [(column, alias) for column, aliases in HEADER_ALIASES.items() for alias in aliases]
    + [("id", "ＩＤ"), ("id", "事業ＩＤ"), ("fiscal_year", "Fiscal Year")],
)
def test_header_aliases(tmp_path: Path, column: str, alias: str) -> None:
    names = {"id": "id", "fiscal_year": "fiscal_year", "field": "field"}
    names["value"] = "value"
    names[column] = alias
    text = "{},{},{},{}\nK1,2024,actual,3\n".format(
        names["id"], names["fiscal_year"], names["field"], names["value"]
    )
    records, findings = read(tmp_path, write(tmp_path, "a.csv", text))
    assert findings == []
    assert values(records) == {("K1", "actual", 2024): Decimal(3)}


def test_static_samples_as_excel_saves_them(tmp_path: Path) -> None:
    for sample in DATA.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    records, findings = read(tmp_path, "budget_sjis.csv", "actuals_wide_bom.csv")
    assert findings == []
    got = values(records)
    assert got[("P-001", "budget", 2025)] == Decimal(13000)
    assert got[("P-001", "settlement", 2023)] == Decimal(11800)
    assert ("P-001", "settlement", 2024) not in got  # － means no value
    assert got[("P-002", "budget", 2023)] == Decimal(8000)
    assert got[("P-002", "settlement", 2023)] == Decimal(-50)
    assert got[("K1-1-1", "baseline", 2023)] == Decimal("1.42")
    assert got[("K1-1-1", "actual", 2024)] == Decimal("1.45")
    assert got[("K1-1-1", "target", 2025)] == Decimal("1.5")
    assert got[("K2-1-1", "target", 2025)] == "設置"
    assert got[("K2-1-1", "estimate", 2024)] == "検討中"
    assert len(records) == 13
    budget_rows = {r.row for r in records if r.path == "budget_sjis.csv"}
    assert budget_rows == {4, 5, 6, 7}


# --- XLSX ------------------------------------------------------------------


def test_xlsx_every_sheet(tmp_path: Path) -> None:
    name = write_xlsx(
        tmp_path,
        "data/actuals.xlsx",
        {
            "説明": [["この表の使い方"], ["項目", "説明"], ["実績", "毎年度更新"]],
            "実績": [
                ["id", "fiscal_year", "field", "value"],
                ["K1-1-1", 2024, "actual", 12.5],
                ["K1-1-1", 2023, "実績", 1234.0],
                ["K1-1-2", "令和6年度", "actual", 0.1 + 0.2],
                ["K1-1-3", 2024.0, "actual", 7],
                ["K1-1-4", 2024, "target", "設置"],
                [None, None, None, None],
                ["K1-1-5", 2024, "actual", 1e-05],
            ],
            "予算": [
                ["事業ID", "事業名", "区分", 2023, "R6", "令和7年度"],
                ["P-001", "子育て支援", "予算", 12000, 12500.0, None],
                ["P-001", "子育て支援", "決算", 11800, "△120", None],
                [None, "合計", None, 12000, 12500, None],
            ],
            "空": [],
        },
    )
    records, findings = read(tmp_path, name)
    assert findings == []
    got = {(r.object_id, r.field, r.year): r for r in records}
    assert same_decimal(got["K1-1-1", "actual", 2024].value, "12.5")
    assert same_decimal(got["K1-1-1", "actual", 2023].value, "1234")
    # Binary noise of a float is dropped, as Excel shows it.
    assert same_decimal(got["K1-1-2", "actual", 2024].value, "0.3")
    assert same_decimal(got["K1-1-3", "actual", 2024].value, "7")
    assert got["K1-1-4", "target", 2024].value == "設置"
    assert same_decimal(got["K1-1-5", "actual", 2024].value, "0.00001")
    assert same_decimal(got["P-001", "budget", 2024].value, "12500")
    assert got["P-001", "settlement", 2024].value == Decimal(-120)
    assert len(records) == 10
    record = got["K1-1-5", "actual", 2024]
    assert (record.sheet, record.row, record.path) == ("実績", 8, "data/actuals.xlsx")
    assert record.location == "data/actuals.xlsx, sheet 実績, row 8"
    assert got["P-001", "settlement", 2023].location == (
        "data/actuals.xlsx, sheet 予算, row 3"
    )


def test_xlsx_rows_after_gaps_keep_their_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "S"
    sheet["B3"] = "id"
    sheet["C3"] = "field"
    sheet["D3"] = 2024
    sheet["B7"] = "K1"
    sheet["C7"] = "actual"
    sheet["D7"] = 5
    workbook.save(tmp_path / "g.xlsx")
    records, findings = read(tmp_path, "g.xlsx")
    assert findings == []
    assert [(r.object_id, r.row, r.sheet) for r in records] == [("K1", 7, "S")]


def test_xlsx_wrong_stored_dimensions_do_not_hide_rows(tmp_path: Path) -> None:
    # Some exporters write <dimension ref="A1"/>; read-only mode trusts it.
    name = write_xlsx(
        tmp_path, "d.xlsx", {"S": [["id", "field", 2024], ["K1", "actual", 1]]}
    )
    source = tmp_path / name
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(patched, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data
                )
                assert count == 1
            new.writestr(info, data)
    records, findings = read(tmp_path, "patched.xlsx")
    assert findings == []
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}


def test_xlsm_is_read(tmp_path: Path) -> None:
    write_xlsx(tmp_path, "a.xlsx", {"S": [["id", "field", 2024], ["K1", "actual", 1]]})
    (tmp_path / "a.xlsx").rename(tmp_path / "a.XLSM")
    records, findings = read(tmp_path, "a.XLSM")
    assert findings == []
    assert len(records) == 1


def test_xlsx_without_any_data_sheet_is_reported(tmp_path: Path) -> None:
    name = write_xlsx(
        tmp_path,
        "notes.xlsx",
        {"メモ": [["項目", "説明"], ["a", "b"]], "他": [["x"]]},
    )
    records, findings = read(tmp_path, name)
    assert records == []
    assert len(findings) == 2
    assert "notes.xlsx, sheet メモ, row 1: the header row is not recognised" in (
        findings[0].message
    )
    assert "sheet 他, row 1" in findings[1].message
    for finding in findings:
        assert "id, fiscal_year, field, value" in finding.message
        assert "one column per fiscal year" in finding.message


def test_xlsx_sheet_with_a_broken_header_is_reported(tmp_path: Path) -> None:
    # Two recognised columns: a sheet meant as data, even beside a good one.
    name = write_xlsx(
        tmp_path,
        "b.xlsx",
        {
            "good": [["id", "field", 2024], ["K1", "actual", 1]],
            "bad": [["指標ID", "指標名", 2024], ["K2", "x", 1]],
            "notes": [["自由記述"]],
        },
    )
    records, findings = read(tmp_path, name)
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}
    message = only(findings).message
    assert message.startswith("b.xlsx, sheet bad, row 1: the header row is not")
    assert "no column for field" in message
    assert only(findings).lineno == 1


def test_xlsx_empty_workbook(tmp_path: Path) -> None:
    name = write_xlsx(tmp_path, "e.xlsx", {"Sheet1": []})
    records, findings = read(tmp_path, name)
    assert records == []
    assert "e.xlsx: the workbook has no data" in only(findings).message


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a zip file at all",
        b"PK\x03\x04 truncated",
        b"",
    ],
)
def test_xlsx_corrupt(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "c.xlsx").write_bytes(content)
    records, findings = read(tmp_path, "c.xlsx")
    assert records == []
    message = only(findings).message
    assert message.startswith("c.xlsx: cannot read the workbook")
    assert "save it again" in message


def test_xlsx_zip_that_is_no_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    records, findings = read(tmp_path, "z.xlsx")
    assert records == []
    assert only(findings).message.startswith("z.xlsx: cannot read the workbook")


def test_xlsx_damaged_sheet_keeps_the_other_sheets(tmp_path: Path) -> None:
    name = write_xlsx(
        tmp_path,
        "s.xlsx",
        {
            "good": [["id", "field", 2024], ["K1", "actual", 1]],
            "broken": [["id", "field", 2024], ["K2", "actual", 2]],
        },
    )
    source = tmp_path / name
    patched = tmp_path / "p.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(patched, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # truncated XML
            new.writestr(info, data)
    records, findings = read(tmp_path, "p.xlsx")
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}
    assert only(findings).message.startswith(
        "p.xlsx, sheet broken: cannot read the sheet"
    )


def test_xlsx_entity_expansion_is_refused(tmp_path: Path) -> None:
    # defusedxml (used by openpyxl when installed) refuses entity bombs.
    name = write_xlsx(tmp_path, "x.xlsx", {"S": [["id", "field", 2024]]})
    source = tmp_path / name
    patched = tmp_path / "bomb.xlsx"
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(patched, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = bomb + data[data.index(b"<worksheet") :]
            new.writestr(info, data)
    records, findings = read(tmp_path, "bomb.xlsx")
    assert records == []
    message = only(findings).message
    assert message.startswith("bomb.xlsx: cannot read the workbook (EntitiesForbidden")
    assert "\n" not in message


def test_xlsx_that_unpacks_too_large(tmp_path: Path) -> None:
    with zipfile.ZipFile(
        tmp_path / "big.xlsx", "w", compression=zipfile.ZIP_DEFLATED
    ) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 2_000_000)
    assert (tmp_path / "big.xlsx").stat().st_size < 50_000
    records, findings = read(tmp_path, "big.xlsx", max_bytes=50_000)
    assert records == []
    message = only(findings).message
    assert message.startswith("big.xlsx: the workbook unpacks to 2000000 bytes")


def test_xlsx_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = write_xlsx(tmp_path, "a.xlsx", {"S": [["id", "field", 2024]]})
    real = importlib.import_module

    def refuse(module: str, package: str | None = None) -> Any:
        if module == "openpyxl":
            raise ImportError(module)
        return real(module, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    records, findings = read(tmp_path, name)
    assert records == []
    assert "needs openpyxl" in only(findings).message


def test_xlsx_errors_name_sheet_and_row(tmp_path: Path) -> None:
    name = write_xlsx(
        tmp_path,
        "e.xlsx",
        {
            "実績": [
                ["id", "fiscal_year", "field", "value"],
                ["K1", 2024, "actual", 1],
                ["K1", 2024, "jisseki", 1],
                ["K1", "R99x", "actual", 1],
                ["K1", 2025, "actual", "12,34"],
                ["P1", 2025, "budget", "未定"],
            ]
        },
    )
    records, findings = read(tmp_path, name)
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}
    messages = [f.message for f in findings]
    assert [f.lineno for f in findings] == [3, 4, 5, 6]
    assert messages[0].startswith("e.xlsx, sheet 実績, row 3: unknown field 'jisseki'")
    assert messages[1].startswith("e.xlsx, sheet 実績, row 4: cannot read 'R99x'")
    assert messages[2].startswith("e.xlsx, sheet 実績, row 5: ")
    assert "'12,34'" in messages[2]
    assert messages[3].startswith(
        "e.xlsx, sheet 実績, row 6: the budget of P1 for FY2025 must be a number, "
        "not '未定'"
    )


# --- errors: files ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    records, findings = read(tmp_path, "data/nope.csv")
    assert records == []
    finding = only(findings)
    assert finding.message.startswith("data/nope.csv: the data file does not exist")
    assert "relative to the source directory" in finding.message
    assert finding.path == "data/nope.csv"
    assert finding.lineno is None


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    records, findings = read(tmp_path, "dir.csv")
    assert records == []
    assert "dir.csv: this is not a file" in only(findings).message


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every path opened through pathlib or open() during the test."""
    paths: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        paths.append(self.resolve())
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    real_builtin = open

    def spy_builtin(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)):
            paths.append(Path(file).resolve())
        return real_builtin(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy_builtin)
    return paths


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A source directory and a secret file beside it."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_text("id,field,2024\nK1,actual,1\n", encoding="utf-8")
    return srcdir, secret


def test_dotdot_escape_is_refused_unopened(
    layout: tuple[Path, Path], opened: list[Path]
) -> None:
    srcdir, secret = layout
    records, findings = read(srcdir, "../secret.csv")
    assert records == []
    assert only(findings).message.startswith(
        "../secret.csv: the file is outside the source directory, so it was not read"
    )
    assert secret not in opened
    assert file_fingerprint(srcdir, "../secret.csv") is None
    assert secret not in opened


def test_dotdot_inside_the_source_directory_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "data/a.csv", "id,field,2024\nK1,actual,1\n")
    (tmp_path / "other").mkdir()
    records, findings = read(tmp_path, "other/../data/a.csv")
    assert findings == []
    assert records[0].path == "other/../data/a.csv"


@pytest.mark.parametrize("kind", ["posix", "windows", "unc"])
def test_absolute_path_is_refused_unopened(
    layout: tuple[Path, Path], opened: list[Path], kind: str
) -> None:
    srcdir, secret = layout
    path = {
        "posix": str(secret),
        "windows": "C:\\plan\\secret.csv",
        "unc": "\\\\server\\share\\secret.csv",
    }[kind]
    records, findings = read(srcdir, path)
    assert records == []
    assert only(findings).message.startswith(f"{path}: the path is absolute")
    assert secret not in opened


def test_absolute_path_inside_the_source_directory_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,field,2024\nK1,actual,1\n")
    records, findings = read(tmp_path, str(tmp_path / "a.csv"))
    assert records == []
    assert "the path is absolute" in only(findings).message


def test_symlink_out_of_the_source_directory_is_refused_unopened(
    layout: tuple[Path, Path], opened: list[Path]
) -> None:
    srcdir, secret = layout
    (srcdir / "data").mkdir()
    (srcdir / "data" / "link.csv").symlink_to(secret)
    (srcdir / "dirlink").symlink_to(secret.parent, target_is_directory=True)
    records, findings = read(srcdir, "data/link.csv", "dirlink/secret.csv")
    assert records == []
    assert len(findings) == 2
    for finding, path in zip(
        findings, ["data/link.csv", "dirlink/secret.csv"], strict=True
    ):
        assert finding.message.startswith(f"{path}: the file is outside the source")
    assert secret not in opened
    assert file_fingerprint(srcdir, "data/link.csv") is None


def test_symlink_inside_the_source_directory_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "real/a.csv", "id,field,2024\nK1,actual,1\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real" / "a.csv")
    records, findings = read(tmp_path, "link.csv")
    assert findings == []
    assert records[0].path == "link.csv"


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    records, findings = read(tmp_path, "a.csv")
    assert records == []
    assert only(findings).message.startswith("a.csv: ")


@pytest.mark.parametrize("name", ["p.csv", "p.xlsx"])
def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    if name.endswith(".csv"):
        write(tmp_path, name, "id,field,2024\nK1,actual,1\n")
    else:
        write_xlsx(tmp_path, name, {"S": [["id", "field", 2024]]})
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    # chmod does not stop root, who runs some CI containers.
    monkeypatch.setattr(Path, "open", denied)
    records, findings = read(tmp_path, name)
    assert records == []
    message = only(findings).message
    assert message.startswith(f"{name}: cannot read the data file")
    assert "Permission denied" in message


def test_file_larger_than_the_limit(tmp_path: Path) -> None:
    write(tmp_path, "big.csv", "id,field,2024\n" + "K1,actual,1\n" * 100)
    records, findings = read(tmp_path, "big.csv", max_bytes=1000)
    assert records == []
    message = only(findings).message
    assert message.startswith("big.csv: the data file has 1214 bytes")
    assert "limit of 1000" in message
    records, findings = read(tmp_path, "big.csv", max_bytes=1214)
    assert findings == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("a.txt", "unsupported data file type '.txt'"),
        ("a.json", "unsupported data file type '.json'"),
        ("noext", "unsupported data file type"),
        ("old.xls", "the old Excel format .xls cannot be read"),
    ],
)
def test_other_extensions(tmp_path: Path, name: str, words: str) -> None:
    write(tmp_path, name, "id,field,2024\nK1,actual,1\n")
    records, findings = read(tmp_path, name)
    assert records == []
    message = only(findings).message
    assert message.startswith(f"{name}: {words}")


def test_upper_case_extension(tmp_path: Path) -> None:
    write(tmp_path, "A.CSV", "id,field,2024\nK1,actual,1\n")
    records, findings = read(tmp_path, "A.CSV")
    assert findings == []
    assert len(records) == 1


@pytest.mark.parametrize(
    "content",
    [
        "id,field,2024\nCafé,actual,1\n".encode("latin-1"),
        b"id,field,2024\n\x81\x20,actual,1\n",
    ],
)
def test_unknown_encoding(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "e.csv").write_bytes(content)
    records, findings = read(tmp_path, "e.csv")
    assert records == []
    assert only(findings).message.startswith(
        "e.csv: unknown encoding; save as UTF-8 or Shift_JIS"
    )


def test_utf16_is_explained(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_bytes("id,field,2024\n".encode("utf-16-le"))
    records, findings = read(tmp_path, "u.csv")
    assert records == []
    message = only(findings).message
    assert message.startswith("u.csv: ")
    assert "UTF-16" in message


@pytest.mark.parametrize("content", ["", "\n\n", ",,,\n,,\n", "\ufeff"])
def test_empty_csv(tmp_path: Path, content: str) -> None:
    write(tmp_path, "e.csv", content)
    records, findings = read(tmp_path, "e.csv")
    assert records == []
    assert only(findings).message.startswith("e.csv: the data file is empty")


def test_header_only_csv_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "h.csv", "id,fiscal_year,field,value\n")
    assert read(tmp_path, "h.csv") == ([], [])


def test_csv_field_too_large(tmp_path: Path) -> None:
    text = 'id,field,2024\nK1,actual,1\n"' + "x" * 200_000 + '"\nK2,actual,2\n'
    write(tmp_path, "f.csv", text)
    records, findings = read(tmp_path, "f.csv")
    assert values(records) == {
        ("K1", "actual", 2024): Decimal(1),
        ("K2", "actual", 2024): Decimal(2),
    }
    message = only(findings).message
    assert message.startswith("f.csv, row 3: cannot read this row")


# --- errors: tables --------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("id,year,value", "field"),
        ("number,field,2024", "id"),
        ("id,field,value", "fiscal_year"),
        ("コード,名称,予算額", "id, field"),
        ("名前,年齢", "id, field"),
    ],
)
def test_unrecognised_header(tmp_path: Path, header: str, missing: str) -> None:
    write(tmp_path, "h.csv", f"{header}\nK1,2024,actual\n")
    records, findings = read(tmp_path, "h.csv")
    assert records == []
    finding = only(findings)
    assert finding.lineno == 1
    message = finding.message
    assert message.startswith("h.csv, row 1: the header row is not recognised")
    assert f"no column for {missing}" in message
    assert "id, fiscal_year, field, value" in message  # the long form
    assert "id, field and one column per fiscal year" in message  # the wide form


def test_unrecognised_header_after_title_rows(tmp_path: Path) -> None:
    text = "実績一覧\n\nid,年,項目,値\nK1,2024,実績,1\n"
    write(tmp_path, "h.csv", text)
    records, findings = read(tmp_path, "h.csv")
    assert records == []
    # The row closest to a header is named, not the title, and its cell 年
    # is taken for the column it resembles.
    meant, header = findings
    assert meant.message.startswith("h.csv, row 3: cell B3 ('年') is not a column")
    assert "did you mean 年度?" in meant.message
    assert header.message.startswith("h.csv, row 3: the header row")
    assert "no column for fiscal_year" in header.message


def test_unknown_field(tmp_path: Path) -> None:
    text = "id,field,2024\nK1,actual,1\nK1,jisseki,2\nK2,,3\n"
    records, findings = read(tmp_path, write(tmp_path, "f.csv", text))
    assert len(records) == 1
    assert len(findings) == 2
    assert findings[0].message.startswith("f.csv, row 3: unknown field 'jisseki'")
    assert "actual (実績値)" in findings[0].message
    assert "budget (予算額)" in findings[0].message
    assert findings[1].message.startswith("f.csv, row 4: the field is missing")


@pytest.mark.parametrize(
    ("year", "words"),
    [
        ("2O24", "cannot read '2O24' as a fiscal year"),
        ("H32", "'H32' does not exist"),
        ("令和0年度", "era year 0"),
        ("1800", "out of range"),
        ("", "a fiscal year is missing"),
    ],
)
def test_unreadable_year(tmp_path: Path, year: str, words: str) -> None:
    text = f"id,fiscal_year,field,value\nK1,2024,actual,1\nK1,{year},actual,2\n"
    records, findings = read(tmp_path, write(tmp_path, "y.csv", text))
    assert len(records) == 1
    finding = only(findings)
    assert finding.message.startswith("y.csv, row 3: ")
    assert words in finding.message
    assert finding.lineno == 3


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("12,34", "'12,34' has misplaced thousands separators"),
        ("1e5", "'1e5' uses an exponent"),
        ("50%", "cannot read '50%' as a number"),
        ("NaN", "'NaN' is not a finite number"),
        ("1" * 20, "is too large"),
    ],
)
def test_unreadable_number(tmp_path: Path, cell: str, words: str) -> None:
    text = f'id,field,2023,2024\nK1,actual,1,"{cell}"\n'
    records, findings = read(tmp_path, write(tmp_path, "n.csv", text))
    assert values(records) == {("K1", "actual", 2023): Decimal(1)}
    message = only(findings).message
    assert message.startswith("n.csv, row 2: column D (FY2024): ")
    assert words in message


@pytest.mark.parametrize("field", ["budget", "予算", "settlement", "決算額"])
def test_amount_must_be_a_number(tmp_path: Path, field: str) -> None:
    text = f"id,field,2024,2025\nP1,{field},未定,100\n"
    records, findings = read(tmp_path, write(tmp_path, "b.csv", text))
    assert len(records) == 1
    message = only(findings).message
    assert message.startswith("b.csv, row 2: column C (FY2024): the ")
    assert "of P1 for FY2024 must be a number, not '未定'" in message


def test_text_is_allowed_for_targets_and_actuals(tmp_path: Path) -> None:
    text = "id,field,2024\nK1,target,設置\nK1,actual,策定済\nK1,estimate,検討\nK1,baseline,なし\n"
    records, findings = read(tmp_path, write(tmp_path, "t.csv", text))
    assert findings == []
    assert [r.value for r in records] == ["設置", "策定済", "検討", "なし"]


def test_bad_and_missing_ids(tmp_path: Path) -> None:
    text = "id,field,2024\nK 1,actual,1\n,actual,2\nK2,actual,3\n"
    records, findings = read(tmp_path, write(tmp_path, "i.csv", text))
    assert values(records) == {("K2", "actual", 2024): Decimal(3)}
    assert len(findings) == 2
    assert findings[0].message.startswith("i.csv, row 2: 'K 1' is not a valid id")
    assert findings[1].message.startswith("i.csv, row 3: an id is missing")


def test_duplicates(tmp_path: Path) -> None:
    text = (
        "id,fiscal_year,field,value\n"
        "K1,2024,actual,10\n"
        "K1,FY2024,actual,10.0\n"  # the same value: kept once, no finding
        "K1,R6,実績,11\n"  # a different value: reported, first kept
        "K1,2025,actual,設置\n"
        "K1,2025,actual,設置\n"
    )
    records, findings = read(tmp_path, write(tmp_path, "d.csv", text))
    assert values(records) == {
        ("K1", "actual", 2024): Decimal(10),
        ("K1", "actual", 2025): "設置",
    }
    assert [r.row for r in records] == [2, 5]
    finding = only(findings)
    assert finding.lineno == 4
    assert finding.message.startswith(
        "d.csv, row 4: the actual of K1 for FY2024 is given again with a "
        "different value (11 here, 10 at d.csv, row 2)"
    )


def test_duplicates_across_files_and_sheets(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,field,2024\nP1,budget,100\n")
    write_xlsx(
        tmp_path,
        "b.xlsx",
        {"予算": [["id", "field", 2024], [None], ["P1", "予算", 120]]},
    )
    records, findings = read(tmp_path, "a.csv", "b.xlsx")
    assert values(records) == {("P1", "budget", 2024): Decimal(100)}
    finding = only(findings)
    assert finding.path == "b.xlsx"
    assert finding.lineno == 3
    assert finding.message == (
        "b.xlsx, sheet 予算, row 3: the budget of P1 for FY2024 is given again "
        "with a different value (120 here, 100 at a.csv, row 2): keep one of the two"
    )


def test_repeated_columns(tmp_path: Path) -> None:
    text = "id,field,2024,R6,id\nK1,actual,1,2,K9\n"
    records, findings = read(tmp_path, write(tmp_path, "r.csv", text))
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}
    messages = sorted(f.message for f in findings)
    assert len(messages) == 2
    assert "r.csv, row 1: column D ('R6') repeats column C" in messages[0]
    assert "r.csv, row 1: column E ('id') repeats column A" in messages[1]


def test_year_like_columns_that_cannot_be_read(tmp_path: Path) -> None:
    text = "id,field,R6,R6見込,H32,第2期,備考1,4月\nK1,actual,1,2,3,4,5,6\n"
    records, findings = read(tmp_path, write(tmp_path, "y.csv", text))
    assert values(records) == {("K1", "actual", 2024): Decimal(1)}
    messages = [f.message for f in findings]
    assert len(messages) == 2
    assert messages[0].startswith("y.csv, row 1: column D ('R6見込') is ignored")
    assert messages[1].startswith("y.csv, row 1: column E ('H32') is ignored")
    assert "does not exist" in messages[1]


def test_problems_do_not_stop_the_file(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,field,2024\nK1,actual,1e5\nK2,actual,2\n")
    write(tmp_path, "b.csv", "id,field,2024\nK3,actual,3\n")
    records, findings = read(tmp_path, "missing.csv", "a.csv", "/abs.csv", "b.csv")
    assert [r.object_id for r in records] == ["K2", "K3"]
    assert [f.path for f in findings] == ["missing.csv", "a.csv", "/abs.csv"]


def test_broken_source_directory(tmp_path: Path) -> None:
    records, findings = read(tmp_path / "nowhere", "a.csv")
    assert records == []
    assert "a.csv: the data file does not exist" in only(findings).message


# --- scale -----------------------------------------------------------------


def test_ten_thousand_rows(tmp_path: Path) -> None:
    lines = ["事業ID,年度,区分,値"]
    bad: dict[int, str] = {}
    for index in range(10_000):
        row = index + 2
        object_id = f"P-{index // 6:04d}"
        year = 2020 + index % 6
        field = ("予算", "決算")[index % 2]
        value = f'"{index * 1000:,}"'
        if index % 2:
            # Settlement rows use a different object so keys stay unique.
            object_id += "s"
        if index in (17, 4242, 9999):
            value = "未定"
            bad[row] = "must be a number, not '未定'"
        elif index in (500, 7777):
            year = "令和99x"  # type: ignore[assignment]
            bad[row] = "cannot read '令和99x' as a fiscal year"
        elif index == 6000:
            field = "予想"
            bad[row] = "unknown field '予想'"
        lines.append(f"{object_id},{year},{field},{value}")
    write(tmp_path, "big.csv", "\n".join(lines) + "\n", "cp932")
    records, findings = read(tmp_path, "big.csv")
    assert len(records) == 10_000 - len(bad)
    assert {f.lineno: f.message for f in findings}.keys() == bad.keys()
    for finding in findings:
        assert finding.lineno is not None
        assert finding.message.startswith(f"big.csv, row {finding.lineno}: ")
        assert bad[finding.lineno] in finding.message
    assert records[0].value == Decimal(0)
    assert records[-1].row == 10_000


def test_ten_thousand_rows_wide(tmp_path: Path) -> None:
    lines = ["指標ID,指標名,項目,R3,R4,R5,R6"]
    lines += [f"K{index},指標{index},実績,1,2.5,３,△4" for index in range(10_000)]
    write(tmp_path, "wide.csv", "\n".join(lines))
    records, findings = read(tmp_path, "wide.csv")  # 40,000 values
    assert findings == []
    assert len(records) == 40_000


# --- never raises ----------------------------------------------------------

cell_text = st.text(
    st.characters(exclude_categories=["Cs"]), max_size=12
) | st.sampled_from(
    ["2024", "R6", "令和元年度", "actual", "予算", "△3", "1,234", "－", "K1", "", " "]
)
headers = st.sampled_from(
    [
        ["id", "fiscal_year", "field", "value"],
        ["事業ID", "区分", "R5", "2024", "FY2025"],
        ["value", "id", "年度", "項目"],
    ]
) | st.lists(cell_text, max_size=6)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    header=headers,
    rows=st.lists(st.lists(cell_text, max_size=7), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
)
def test_arbitrary_csv_cells_never_raise(
    tmp_path: Path, header: list[str], rows: list[list[str]], encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        content = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        content = buffer.getvalue().encode("utf-8")
    (tmp_path / "h.csv").write_bytes(content)
    records, findings = read(tmp_path, "h.csv")
    for record in records:
        assert record.field in FIELDS
        assert isinstance(record.value, Decimal | str)
        assert record.row >= 2
        if record.field in ("budget", "settlement"):
            assert isinstance(record.value, Decimal)
    for finding in findings:
        assert finding.message.startswith("h.csv")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_arbitrary_bytes_never_raise(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    (tmp_path / f"b{suffix}").write_bytes(content)
    read(tmp_path, f"b{suffix}")


# --- fingerprints ----------------------------------------------------------


def test_file_fingerprint(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,field,2024\nK1,actual,1\n")
    first = file_fingerprint(tmp_path, "a.csv")
    assert first is not None
    assert file_fingerprint(tmp_path, "a.csv") == first
    # A touch (or a fresh checkout) does not count as a change.
    stat = (tmp_path / "a.csv").stat()
    os.utime(tmp_path / "a.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert file_fingerprint(tmp_path, "a.csv") == first
    # The same size, another content.
    write(tmp_path, "a.csv", "id,field,2024\nK1,actual,2\n")
    assert file_fingerprint(tmp_path, "a.csv") not in (None, first)


def test_file_fingerprint_missing_or_refused(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    write(tmp_path, "outside.csv", "x")
    srcdir = tmp_path / "src"
    assert file_fingerprint(srcdir, "nope.csv") is None
    assert file_fingerprint(srcdir, "../outside.csv") is None
    assert file_fingerprint(srcdir, str(tmp_path / "outside.csv")) is None
    assert file_fingerprint(srcdir, "") is None
    (srcdir / "dir").mkdir()
    assert file_fingerprint(srcdir, "dir") is None


def test_file_fingerprint_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.csv", "x")

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    fingerprint = file_fingerprint(tmp_path, "a.csv")
    assert fingerprint is not None
    assert "unreadable" in fingerprint


# --- records ---------------------------------------------------------------


def test_record_is_frozen_and_picklable() -> None:
    record = DataRecord("K1", "actual", 2024, Decimal(3), "a.xlsx", 12, "実績")
    assert record.location == "a.xlsx, sheet 実績, row 12"
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(AttributeError):
        record.year = 2025  # type: ignore[misc]
    assert DataRecord("K1", "actual", 2024, "x", "a.csv", 3, None).location == (
        "a.csv, row 3"
    )


def test_temporary_directory_is_clean() -> None:
    # Reading never writes next to the data (no caches, no lock files).
    with tempfile.TemporaryDirectory() as directory:
        srcdir = Path(directory)
        write(srcdir, "a.csv", "id,field,2024\nK1,actual,1\n")
        write_xlsx(
            srcdir, "b.xlsx", {"S": [["id", "field", 2024], ["K2", "actual", 2]]}
        )
        before = sorted(p.name for p in srcdir.iterdir())
        records, findings = read(srcdir, "a.csv", "b.xlsx")
        assert findings == []
        assert len(records) == 2
        assert sorted(p.name for p in srcdir.iterdir()) == before


# --- misspelt headers (issue 28: one reading path; issue 30 item 1) ---------


def test_a_misspelt_column_of_an_unrecognised_header_is_named_at_its_cell(
    tmp_path: Path,
) -> None:
    """数字 for 数値: as in an evaluation sheet, the cell and the column
    meant; the other sheet of the workbook is still read."""
    name = write_xlsx(
        tmp_path,
        "actuals.xlsx",
        {
            "実績": [["ID", "年度", "項目", "数字"], ["I1", "R6", "実績", 3]],
            "予算": [
                ["id", "fiscal_year", "field", "value"],
                ["B1", 2024, "予算", 100],
            ],
        },
    )
    records, findings = read(tmp_path, name)
    assert [(r.object_id, r.field, r.year, r.value) for r in records] == [
        ("B1", "budget", 2024, Decimal(100))
    ]
    messages = [(f.lineno, f.message) for f in findings]
    assert messages[0] == (
        1,
        "actuals.xlsx, sheet 実績, row 1: cell D1 ('数字') is not a column "
        "keikaku reads, so the column is ignored: did you mean 数値? Correct "
        "the header",
    )
    assert "the header row is not recognised" in messages[1][1]
    assert len(messages) == 2


def test_an_unknown_column_of_a_recognised_header_is_still_ignored(
    tmp_path: Path,
) -> None:
    """名称, 担当課 and 備考 are the department's own columns."""
    name = write(
        tmp_path,
        "a.csv",
        "事業ID,名称,担当課,項目,R6,備考\nB1,啓発,道路課,予算,100,メモ\n",
    )
    records, findings = read(tmp_path, name)
    assert findings == []
    assert [(r.object_id, r.year) for r in records] == [("B1", 2024)]
