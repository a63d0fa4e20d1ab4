"""Evaluation sheets read by the data layer, as data files are: the same
encoding handling with its location, size limits, error limit and cache
(issue 14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.data import evaluation_sheets, sheets
from sphinxcontrib_keikaku.data.evaluation_sheets import read_evaluation_sheets

Build = Callable[..., BuildResult]

HEADER = "of,year,stage,grade,direction,evaluator,text\n"
STAGES = ("一次評価", "二次評価", "外部評価")


def _findings(result: BuildResult) -> set[tuple[str, int, str]]:
    return {
        (Path(m["file"]).name, int(m["line"]), m["subtype"])
        for m in re.finditer(
            r"^(?P<file>[^\s:]+):(?P<line>\d+): (?:WARNING|ERROR): .*?"
            r"\[keikaku\.(?P<subtype>[a-z-]+)\]$",
            result.warnings,
            re.M,
        )
    }


def test_a_change_of_encoding_is_located_at_its_row(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """Rows pasted from a Shift_JIS export into a UTF-8 sheet: reported at
    the sheet's row where the encoding changes, not as 'unknown encoding'."""
    src = copy_root("records")
    (src / "data" / "evaluation.csv").write_bytes(
        HEADER.encode()
        + "M2,R6,一次評価,A,継続,道路課,事故は減った。\n".encode()
        + "M2,R6,外部評価,A,完了,外部評価委員会,目標を達成した。\n".encode("cp932")
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    assert ("evaluation.csv", 3, "data") in _findings(result), result.warnings
    assert (
        "data/evaluation.csv、3 行目: この行で文字コードが変わっています"
        in result.warnings
    ), result.warnings


def test_a_sheet_in_shift_jis_is_read(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    sheet = src / "data" / "evaluation.csv"
    sheet.write_bytes(sheet.read_text("utf8").encode("cp932"))
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    assert "目標を達成した。" in result.html("plan")


def test_garbage_and_utf16_sheets_are_one_clear_warning(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    data = src / "data"
    (data / "garbage.csv").write_bytes(bytes(range(128, 256)) * 64)
    # Excel's "Unicode text": UTF-16, read as UTF-8 it holds NUL characters
    (data / "utf16.csv").write_bytes((HEADER + "M2,R6,self,A\n").encode("utf-16-le"))
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/evaluation.csv"]',
            '["data/evaluation.csv", "data/garbage.csv", "data/utf16.csv"]',
        )
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    warnings = result.warnings
    # whole files: at the line of conf.py that names them, with the fix
    assert re.search(r"conf\.py:4: ERROR: data/garbage\.csv: .*Shift_JIS", warnings)
    assert re.search(r"conf\.py:4: ERROR: data/utf16\.csv: .*NUL", warnings)
    assert warnings.count("data/garbage.csv") == 1
    assert warnings.count("data/utf16.csv") == 1
    # the good sheet is still read
    assert "目標を達成した。" in result.html("plan")


def test_a_sheet_of_bad_rows_stops_at_the_error_limit(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    rows = "".join(f"M2,来年{n},一次評価,A,継続,道路課,x\n" for n in range(200))
    (src / "data" / "evaluation.csv").write_text(HEADER + rows, encoding="utf8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + "keikaku_data_error_limit = 5\n")
    result = build(src)
    assert "Traceback" not in result.warnings
    shown = re.findall(
        r"evaluation\.csv:(\d+): ERROR: .*年度を読み取れません", result.warnings
    )
    assert [int(row) for row in shown] == [2, 3, 4, 5, 6]
    assert re.search(
        r"evaluation\.csv:7: ERROR: data/evaluation\.csv、7 行目: "
        r"このファイルでは、ここから先のさらに 195 件の問題は表示していません",
        result.warnings,
    ), result.warnings


def test_size_limits(tmp_path: Path) -> None:
    """A sheet over the size limit is refused, naming the limit; a workbook
    that would unpack to far more than its size too (the data files' guard
    against zip bombs)."""
    (tmp_path / "big.csv").write_text(
        HEADER + "M1,R6,一次評価,A,継続,課,x\n" * 100, encoding="utf8"
    )
    records, findings = read_evaluation_sheets(
        tmp_path, ["big.csv"], stages=STAGES, max_bytes=1000
    )
    assert records == []
    (finding,) = findings
    assert finding.path == "big.csv"
    assert finding.lineno is None
    assert "1000" in finding.message
    assert "big.csv" in finding.message

    pytest.importorskip("openpyxl")
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "0" * 200_000)
    records, findings = read_evaluation_sheets(
        tmp_path, ["bomb.xlsx"], stages=STAGES, max_bytes=5000
    )
    assert records == []
    (finding,) = findings
    assert "100000" in finding.message  # the limit: 20 times max_bytes


def test_an_unchanged_sheet_is_not_read_again(
    copy_root: Callable[[str], Path], build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_root("records")
    calls: list[str] = []
    real = sheets.read_tables

    def counting(reader: Any, root: Path, path: str, **options: Any) -> Any:
        calls.append(path)
        return real(reader, root, path, **options)

    # the one reading path of every sheet (data/sheets.py)
    monkeypatch.setattr(sheets, "read_tables", counting)
    first = build(src, "-W")
    assert first.status == 0, first.warnings
    assert calls == ["data/evaluation.csv"]
    # a build that reads nothing again still builds the plan, from the cache
    again = build(src, "-W")
    assert again.status == 0, again.warnings
    assert calls == ["data/evaluation.csv"]
    assert "目標を達成した。" in again.html("plan")
    # a changed sheet is read again
    sheet = src / "data" / "evaluation.csv"
    sheet.write_text(sheet.read_text("utf8").replace("完了", "統合"), encoding="utf8")
    changed = build(src, "-W")
    assert changed.status == 0, changed.warnings
    assert calls == ["data/evaluation.csv", "data/evaluation.csv"]
    assert "統合" in changed.html("plan")


# --- repeated columns, formulas without a value, Excel errors (issue 32) ----


def test_a_second_narrative_column_is_reported_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text(
        "of,year,stage,grade,所見,コメント\n"
        "M1,R6,一次評価,A,成果があった。,来年度も継続\n"
        "M2,R6,一次評価,B,遅れている。,\n",
        encoding="utf8",
    )
    records, findings = read_evaluation_sheets(tmp_path, ["sheet.csv"], stages=STAGES)
    ((rule, row, message),) = [(f.rule.value, f.lineno, f.message) for f in findings]
    assert (rule, row) == ("data", 1)
    assert "sheet.csv, row 1: column F ('コメント') repeats column E" in message
    assert "remove one of the two" in message
    # the records are all read, with the first column's text
    assert [(r.of, r.grade, r.text) for r in records] == [
        ("M1", "A", "成果があった。"),
        ("M2", "B", "遅れている。"),
    ]


def test_formulas_and_excel_errors_in_a_sheet_are_reported(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "評価"
    sheet.append(["of", "year", "stage", "grade", "direction", "text"])
    sheet.append(["M1", "R6", "一次評価", '=IF(1,"A","B")', "継続", "成果"])
    sheet.append(["M2", "R6", "一次評価", "#N/A", "拡充", '="遅れ"&""'])
    sheet.append(["M3", "R6", "一次評価", "C", "完了", "目標を達成した。"])
    book.save(tmp_path / "sheet.xlsx")
    records, findings = read_evaluation_sheets(tmp_path, ["sheet.xlsx"], stages=STAGES)
    by_of = {r.of: r for r in records}
    assert sorted(by_of) == ["M1", "M2", "M3"]  # every record kept
    assert (by_of["M3"].grade, by_of["M3"].text) == ("C", "目標を達成した。")
    assert findings == []  # the problems belong to the records
    problems = [
        (p.rule.value, p.lineno, p.message) for r in records for p in r.problems
    ]
    assert [(rule, row) for rule, row, _text in problems] == [
        ("data", 2),
        ("value", 3),
        ("data", 3),
    ]
    assert (
        "sheet.xlsx, sheet 評価, row 2: cell D holds the formula "
        '\'=IF(1,"A","B")\' without a computed value' in problems[0][2]
    )
    assert "the grade cell (column D) holds '#N/A', an Excel error" in problems[1][2]
    assert "cell F holds the formula" in problems[2][2]
    assert by_of["M2"].grade == ""


def test_a_row_pasted_thousands_of_times_gives_a_bounded_number_of_messages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """Every copy is a duplicate of the first: at most
    ``keikaku_data_error_limit`` messages for the sheet, then one with the
    count of the rest, not one per row (issue 32)."""
    src = copy_root("records")
    sheet = src / "data" / "evaluation.csv"
    rows = sheet.read_text("utf8").splitlines()
    pasted = "M2,R6,一次評価,B,継続,道路課,同じ行。\n" * 2000
    sheet.write_text("\n".join(rows) + "\n" + pasted, encoding="utf8")
    result = build(src)
    assert "Traceback" not in result.warnings
    at_sheet = [
        line
        for line in result.warnings.splitlines()
        if re.match(r"\S*evaluation\.csv:\d+: ", line)
    ]
    assert len(at_sheet) == 21, at_sheet[:3]
    assert re.search(
        r"evaluation\.csv:24: ERROR: data/evaluation\.csv、24 行目: "
        r"このファイルでは、ここから先のさらに 1980 件の問題は表示していません",
        result.warnings,
    ), at_sheet[-1]
    # the records before the copies are all there
    plan = result.html("plan")
    assert "事故は減った。" in plan and "目標を達成した。" in plan


def test_a_file_named_twice_is_read_once(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/evaluation.csv"]',
            '["data/evaluation.csv", "./data/evaluation.csv", "data//evaluation.csv"]',
        )
    )
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    assert "目標を達成した。" in result.html("plan")


# --- one reading path for every kind of sheet (issue 28) --------------------


class _Opinions(sheets.RecordReader):
    """A kind of sheet of its own (as the opinion sheets will be): only its
    columns and its rows are its own."""

    columns = sheets.SheetColumns(
        {"of": ("of", "対象"), "opinion": ("opinion", "意見")}, required=("of",)
    )

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.rows: list[tuple[str, str]] = []

    def read_row(
        self,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
        formulas: dict[int, Any],
    ) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        self.rows.append((cell("of"), cell("opinion")))


def test_another_kind_of_sheet_reads_through_the_same_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Encodings, the header's misspelling check and the cache are the
    reading path's, not the kind's."""
    (tmp_path / "op.csv").write_bytes(
        "対象,意件\nM1,もっと早く\n".encode("cp932")  # Shift_JIS, 意件 for 意見
    )

    def read() -> tuple[list[tuple[str, str]], list[Any]]:
        return sheets.read_sheets(
            tmp_path,
            ["op.csv"],
            _Opinions,
            lambda reader: reader.rows,
            kind=tuple,
            texts=evaluation_sheets.SheetTexts(),
            cache_dir=tmp_path / "cache",
        )

    rows, findings = read()
    assert rows == [("M1", "")]  # the misspelt column is not read ...
    ((finding),) = findings  # ... and says so, at its cell
    assert (finding.lineno, finding.max_severity) == (1, "warning")
    assert finding.message == (
        "op.csv, row 1: cell B1 ('意件') is not a column keikaku reads, so the "
        "column is ignored: did you mean 意見? Correct the header"
    )
    # unchanged: from the cache, the file not read again
    monkeypatch.setattr(sheets, "read_tables", None)
    assert read() == (rows, findings)
