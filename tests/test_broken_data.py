"""Bad data and values that once gave wrong or far too many messages (issue 19).

Each case is in the corpus of broken plans (``tests/roots/test-broken-*``):

* ``test-broken-datavalues``: a year–value list with unreadable pairs among
  readable ones, in MyST and reST; a 400-digit value; a value a float cannot
  hold; a data path with a trailing space; total rows (合計) in the id
  column; a CSV mixing UTF-8 and Shift_JIS rows;
* ``test-broken-manyerrors``: 200,000 rows of unknown ids and 200,000 of
  unreadable ids, which must cost a few messages, not 400,000.

And the cache of parsed data files: an unchanged file is not parsed again,
a changed one is, a damaged cache file is ignored.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from helpers.logs import (
    assert_located,
    assert_sane,
    keikaku_entries,
    objects,
    subtypes_at,
)

from sphinxcontrib_keikaku.core.records import DataRecord
from sphinxcontrib_keikaku.core.values import read_year_values
from sphinxcontrib_keikaku.data import cache as data_cache
from sphinxcontrib_keikaku.data import files as data_files

Build = Callable[..., BuildResult]

#: UTF-8 rows, then a row saved as Shift_JIS (pasted from another export).
MIXED = (
    "id,fiscal_year,field,value,備考\n".encode()
    + "I2,2025,actual,7,実績\n".encode()
    + '"I2",2026,actual,8,"二行の\n備考"\n'.encode()
    + "I2,2027,actual,9,見込み\n".encode("cp932")
)


# --- year–value lists: keep the readable pairs ---------------------------------


def test_read_year_values_keeps_the_readable_pairs() -> None:
    values, errors = read_year_values("2024: 100, 2025: x, 2026: 300")
    assert values == {2024: Decimal(100), 2026: Decimal(300)}
    assert len(errors) == 1 and "'x'" in str(errors[0])
    values, errors = read_year_values(
        "2025: 12,34, 2026: 5, 2027: 1e5", allow_text=True
    )
    assert values == {2026: Decimal(5)}
    assert len(errors) == 2


@pytest.fixture(scope="module")
def datavalues(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    import shutil

    from conftest import ROOTS, run_build

    tmp = tmp_path_factory.mktemp("datavalues")
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-broken-datavalues", src)
    (src / "data" / "mixed.csv").write_bytes(MIXED)
    result = run_build(src, tmp / "html")
    assert_sane(result)
    assert_located(result)
    return result


def test_every_unreadable_pair_is_reported_at_the_directive(
    datavalues: BuildResult,
) -> None:
    at_md = [
        e for e in keikaku_entries(datavalues) if Path(e.path or "").name == "index.md"
    ]
    lines = sorted(e.line or 0 for e in at_md if e.subtype == "value")
    # B1 one bad amount (line 16), I1 two bad targets (line 22), I3 400 digits
    # (line 35), an id of 400 letters (line 46)
    assert lines == [16, 22, 35, 46]
    (both,) = [e.text for e in at_md if e.line == 22]
    # one message for the option, naming each unreadable pair
    assert "'12,34'" in both and "'1e5'" in both
    at_rst = subtypes_at(datavalues, "rest.rst")
    assert at_rst == {(4, "value"), (9, "value")}
    rst_messages = [
        e.text
        for e in keikaku_entries(datavalues)
        if Path(e.path or "").name == "rest.rst"
    ]
    assert len(rst_messages) == 2
    assert any("'1e5'" in m and "'nan'" in m for m in rst_messages)
    found = objects(datavalues)
    assert found["B1"]["budget"] == {"2024": 100, "2026": 300}
    assert found["B3"]["budget"] == {"2024": 100, "2026": 300}
    assert found["I1"]["target"] == {"2026": 5}
    assert found["I4"]["actual"] == {"2025": 4}


def test_messages_repeat_at_most_forty_characters_of_the_input(
    datavalues: BuildResult,
) -> None:
    (message,) = [
        e.text
        for e in keikaku_entries(datavalues)
        if Path(e.path or "").name == "index.md" and e.line == 35
    ]
    assert "1" * 40 + "…" in message
    assert "1" * 41 not in message
    assert len(message) < 300
    (message,) = [
        e.text
        for e in keikaku_entries(datavalues)
        if Path(e.path or "").name == "index.md" and e.line == 46
    ]
    assert "A" * 40 + "…" in message
    assert "A" * 41 not in message


def test_plan_json_keeps_exact_values(datavalues: BuildResult) -> None:
    text = (datavalues.outdir / "keikaku" / "plan.json").read_text("utf-8")
    data = json.loads(text, parse_float=Decimal)
    i2 = next(o for o in data["objects"] if o["id"] == "I2")
    # 19 significant digits: no double holds them, so the digits are a string
    assert i2["target"] == {"2027": "12.34567890123456789"}
    # 17 significant digits read back from a double exactly: a number
    assert i2["actual"]["2024"] == Decimal("12.345678901234567")
    assert "12.34567890123456789" in datavalues.html("index")


def test_total_rows_and_a_trailing_space_in_the_path(datavalues: BuildResult) -> None:
    # no message at all about totals.csv: its path is read without the
    # space, its 合計 / 計 / 小計 / Total rows are skipped
    assert not [
        e for e in keikaku_entries(datavalues) if "totals.csv" in (e.path or "")
    ]
    assert not [e for e in keikaku_entries(datavalues) if "totals.csv" in e.text]
    assert objects(datavalues)["B2"]["budget"] == {"2024": 40, "2025": 60}


def test_mixed_encodings_name_the_row_where_they_change(
    datavalues: BuildResult,
) -> None:
    found = [e for e in keikaku_entries(datavalues) if "mixed.csv" in (e.path or "")]
    # one message, at row 4 (row 3 holds a line break inside quotes)
    assert [(e.line, e.subtype) for e in found] == [(4, "data")]
    assert "UTF-8" in found[0].text and "Shift_JIS" in found[0].text
    assert "save the whole file as UTF-8" in found[0].text


def test_total_rows_are_skipped_without_a_message(tmp_path: Path) -> None:
    (tmp_path / "long.csv").write_text(
        "id,fiscal_year,field,value\nB1,2024,budget,40\n合計,2024,budget,40\n"
        "小 計,2024,,40\nTotal,2024,budget,40\n",
        "utf-8",
    )
    (tmp_path / "wide.csv").write_text(
        "事業ID,項目,R6,R7\nB2,予算,1,2\n合計,予算,1,2\n計,,1,2\n", "utf-8"
    )
    records, findings = data_files.read_data_files(tmp_path, ["long.csv", "wide.csv"])
    assert findings == []
    assert [(r.object_id, r.year) for r in records] == [
        ("B1", 2024),
        ("B2", 2024),
        ("B2", 2025),
    ]


def test_spaces_around_a_data_path(tmp_path: Path) -> None:
    assert data_files.normalise_data_files(["data/a.csv ", " data/a.csv"]) == (
        "data/a.csv",
    )
    # one file however it is spelled: read once, not a duplicate per row
    assert data_files.normalise_data_files(
        ["data/s.csv", "./data/s.csv", "data//s.csv", "data/x/../s.csv"]
    ) == ("data/s.csv",)
    # a caller that does not normalise hears what is wrong, not ".csv "
    (tmp_path / "a.csv").write_text("id,fiscal_year,field,value\n", "utf-8")
    _records, (finding,) = data_files.read_data_files(tmp_path, ["a.csv "])
    assert "space" in finding.message and "'.csv '" not in finding.message


# --- 200,000 bad rows -----------------------------------------------------------


ROWS = 200_000


def _bad_files(src: Path) -> None:
    unknown = ["id,fiscal_year,field,value"]
    unknown += [f"X{n},2025,actual,{n}" for n in range(ROWS)]
    (src / "data").mkdir(exist_ok=True)
    (src / "data" / "unknown.csv").write_text("\n".join(unknown) + "\n", "utf-8")
    invalid = ["id,fiscal_year,field,value"]
    invalid += [f"施策{n},2025,actual,{n}" for n in range(ROWS)]
    (src / "data" / "invalid.csv").write_text("\n".join(invalid) + "\n", "utf-8")


def test_two_hundred_thousand_bad_rows_give_a_few_messages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("broken-manyerrors")
    _bad_files(src)
    result = build(src)
    assert_sane(result)
    assert_located(result)
    assert result.status == 1
    for name in ("unknown.csv", "invalid.csv"):
        found = [e for e in keikaku_entries(result) if Path(e.path or "").name == name]
        # the first 20 rows' problems, then one with the count of the rest
        assert len(found) == 21, [e.text for e in found]
        assert [e.line for e in found[:20]] == list(range(2, 22))
        assert found[-1].line == 22
        assert f"{ROWS - 20} more problems" in found[-1].text
        assert all(len(e.text) < 400 for e in found)
    plan = result.outdir / "keikaku" / "plan.json"
    assert plan.stat().st_size < 100_000


def test_the_error_limit_is_a_setting(tmp_path: Path) -> None:
    _bad_files(tmp_path)
    _records, findings = data_files.read_data_files(
        tmp_path, ["data/invalid.csv"], error_limit=3
    )
    assert len(findings) == 4
    assert f"{ROWS - 3} more problems" in findings[-1].message
    assert "keikaku_data_error_limit is 3" in findings[-1].message


# --- the cache of parsed files ----------------------------------------------------


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed from now on."""
    parsed: list[str] = []
    real = data_files.parse_file

    def parse_file(root: Path, path: str, **kwargs: Any) -> Any:
        parsed.append(path)
        return real(root, path, **kwargs)

    monkeypatch.setattr(data_files, "parse_file", parse_file)
    return parsed


def _write(srcdir: Path, name: str, text: str) -> None:
    (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
    (srcdir / name).write_text(text, "utf-8")


def test_unchanged_files_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, cache = tmp_path / "src", tmp_path / "doctrees" / "keikaku-data"
    _write(src, "a.csv", "id,fiscal_year,field,value\nI1,2025,actual,5\nI1,R7,実績,6\n")
    _write(src, "b.csv", "id,fiscal_year,field,value\nB1,2025,budget,9\n")
    parsed = _spy(monkeypatch)
    first = data_files.read_data_files(src, ["a.csv", "b.csv"], cache_dir=cache)
    assert parsed == ["a.csv", "b.csv"]
    assert len(first[1]) == 1  # the value given twice, differently
    again = data_files.read_data_files(src, ["a.csv", "b.csv"], cache_dir=cache)
    assert parsed == ["a.csv", "b.csv"]  # nothing parsed
    assert again == first
    _write(src, "b.csv", "id,fiscal_year,field,value\nB1,2025,budget,10\n")
    changed = data_files.read_data_files(src, ["a.csv", "b.csv"], cache_dir=cache)
    assert parsed == ["a.csv", "b.csv", "b.csv"]
    assert changed[0][-1].value == Decimal(10)
    # another limit gives other findings: parsed again
    data_files.read_data_files(src, ["a.csv"], cache_dir=cache, error_limit=5)
    assert parsed[-1] == "a.csv"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps(("key", "records", "findings"))[:-3],
        pickle.dumps(("wrong key", [], [])),
        pickle.dumps({"a": 1}),
    ],
)
def test_a_damaged_cache_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    _write(src, "a.csv", "id,fiscal_year,field,value\nI1,2025,actual,5\n")
    expected = data_files.read_data_files(src, ["a.csv"], cache_dir=cache)
    (kept,) = cache.iterdir()
    kept.write_bytes(damage)
    parsed = _spy(monkeypatch)
    assert data_files.read_data_files(src, ["a.csv"], cache_dir=cache) == expected
    assert parsed == ["a.csv"]
    # and written again, whole
    assert data_files.read_data_files(src, ["a.csv"], cache_dir=cache) == expected
    assert parsed == ["a.csv"]


def test_a_cache_of_another_version_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    _write(src, "a.csv", "id,fiscal_year,field,value\nI1,2025,actual,5\n")
    data_files.read_data_files(src, ["a.csv"], cache_dir=cache)
    monkeypatch.setattr(data_cache, "__version__", "99.0")
    parsed = _spy(monkeypatch)
    records, _findings = data_files.read_data_files(src, ["a.csv"], cache_dir=cache)
    assert parsed == ["a.csv"]
    assert records == [DataRecord("I1", "actual", 2025, Decimal(5), "a.csv", 2)]


def test_a_rebuild_without_changes_parses_no_data_file(
    copy_root: Callable[[str], Path], build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_root("data")
    parsed = _spy(monkeypatch)
    first = build(src, "-W")
    assert first.status == 0, first.warnings
    assert parsed == ["data/actuals.csv"]
    kept = src.parent / "out" / ".doctrees" / "keikaku-data"
    assert len(list(kept.iterdir())) == 1
    second = build(src, "-W")
    assert second.status == 0, second.warnings
    assert parsed == ["data/actuals.csv"]
    (src / "data" / "actuals.csv").write_text(
        (src / "data" / "actuals.csv").read_text("utf-8") + "\n", "utf-8"
    )
    third = build(src, "-W")
    assert third.status == 0, third.warnings
    assert parsed == ["data/actuals.csv", "data/actuals.csv"]


def test_hidden_differences_alone_do_not_fail_the_build() -> None:
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.core.overrides import apply_data

    written = {year: Decimal(1) for year in range(1990, 2030)}
    indicator = Indicator("I1", "t", "plan", 3, actual=written)
    records = [
        DataRecord("I1", "actual", year, Decimal(2), "a.csv", row)
        for row, year in enumerate(written, 2)
    ]
    applied, findings = apply_data([indicator], records, error_limit=5)
    # every value is applied; 5 differences are reported, then their count,
    # as a warning like them (a difference never fails the build)
    assert isinstance(applied[0], Indicator)
    assert set(applied[0].actual.values()) == {Decimal(2)}
    assert [f.lineno for f in findings] == [2, 3, 4, 5, 6, 7]
    assert {f.severity("error") for f in findings} == {"warning"}
    assert "35 more problems" in findings[-1].message
    # an unknown id among the hidden makes the count an error
    records += [
        DataRecord(f"X{n}", "actual", 2025, Decimal(1), "a.csv", 100 + n)
        for n in range(6)
    ]
    _applied, findings = apply_data([indicator], records, error_limit=5)
    assert [f.severity("error") for f in findings] == ["error"] * 6
    assert "41 more problems" in findings[-1].message


# --- lone dashes, Excel error values and formulas without a value (issue 32) --


def test_a_lone_dash_is_no_value_in_directives_as_in_data_files() -> None:
    """One rule for both: ``2025: －`` leaves 2025 out, never a text actual."""
    values, errors = read_year_values("2024: 17, 2025: －, 2026: …", allow_text=True)
    assert values == {2024: Decimal(17)}
    assert errors == []
    values, errors = read_year_values("2024: -5, 2025: ―")
    assert values == {2024: Decimal(-5)}
    assert errors == []


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "＃ＲＥＦ！"])
def test_an_excel_error_value_in_a_directive_is_refused(error: str) -> None:
    values, (problem,) = read_year_values(f"2024: 17, 2025: {error}", allow_text=True)
    assert values == {2024: Decimal(17)}
    assert "Excel error value" in str(problem)


def test_excel_error_values_in_a_data_file_are_located_value_problems(
    tmp_path: Path,
) -> None:
    (tmp_path / "wide.csv").write_text(
        "id,field,2024,2025,2026\n"
        "I1,actual,17,#DIV/0!,19\n"
        "I1,target,#REF!,,21\n"
        "I2,actual,－,#N/A,設置\n",
        "utf-8",
    )
    records, findings = data_files.read_data_files(tmp_path, ["wide.csv"])
    assert {(r.object_id, r.field, r.year, r.value) for r in records} == {
        ("I1", "actual", 2024, Decimal(17)),
        ("I1", "actual", 2026, Decimal(19)),
        ("I1", "target", 2026, Decimal(21)),
        ("I2", "actual", 2026, "設置"),
    }
    assert [(f.rule.value, f.path, f.lineno) for f in findings] == [
        ("value", "wide.csv", 2),
        ("value", "wide.csv", 3),
        ("value", "wide.csv", 4),
    ]
    assert "wide.csv, row 2: column D (FY2025): '#DIV/0!' is an Excel error" in (
        findings[0].message
    )
    assert "not the target of I1 for FY2024" in findings[1].message
    assert "correct the formula" in findings[2].message


def _formula_workbook(path: Path) -> None:
    """A workbook as a program writes it: formulas without computed values."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "実績"
    sheet.append(["id", "field", "2025", "2026"])
    sheet.append(["I1", "actual", "=10+9", 19])
    sheet.append(["I1", "target", "#REF!", None])
    sheet.append(["B2", "budget", 2000, "#DIV/0!"])
    sheet.append(['="B"&"1"', "budget", 500, None])
    book.save(path)


def test_a_formula_without_a_value_is_reported_not_dropped(tmp_path: Path) -> None:
    _formula_workbook(tmp_path / "values.xlsx")
    records, findings = data_files.read_data_files(tmp_path, ["values.xlsx"])
    assert {(r.object_id, r.field, r.year, r.value) for r in records} == {
        ("I1", "actual", 2026, Decimal(19)),
        ("B2", "budget", 2025, Decimal(2000)),
    }
    located = [(f.rule.value, f.lineno) for f in findings]
    # row 5: the formula, then the id it leaves missing
    assert located == [
        ("data", 2),
        ("value", 3),
        ("value", 4),
        ("data", 5),
        ("data", 5),
    ]
    assert (
        "values.xlsx, sheet 実績, row 2: cell C holds the formula '=10+9' "
        "without a computed value" in findings[0].message
    )
    assert "open and save the file in Excel" in findings[0].message
    assert "cell A holds the formula" in findings[3].message


def test_formulas_in_a_data_file_build(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """The whole path: the located messages, and the rest of the plan kept."""
    src = copy_root("records")
    (src / "data" / "values.xlsx").unlink(missing_ok=True)
    _formula_workbook(src / "data" / "values.xlsx")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + 'keikaku_data_files = ["data/values.xlsx"]\n', "utf-8"
    )
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text("utf-8").replace(
            ":actual: 2024: 80", ":actual: 2024: 80, 2025: －"
        ),
        "utf-8",
    )
    result = build(src)
    assert_sane(result)
    assert_located(result)
    assert subtypes_at(result, "values.xlsx") == {
        (2, "data"),
        (3, "value"),
        (4, "value"),
        (5, "data"),
    }
    assert subtypes_at(result, "plan.md") == set()  # the dash: no value, silently
    found = objects(result)
    assert found["I2"]["actual"] == {"2024": 80}
    assert found["I1"]["actual"] == {"2024": 17, "2026": 19}
    assert found["I1"]["target"] == {"2027": 21}
    assert found["B2"]["budget"] == {"2024": 1000, "2025": 2000}
    assert found["B1"]["budget"] == {"2024": 12345}


def test_a_workbook_unpacking_to_far_more_than_its_size_is_refused(
    tmp_path: Path,
) -> None:
    """A 30 kB workbook declaring a 30 MB sheet: refused from the declared
    sizes, relative to the file's size (not only the fixed cap of 20 times
    the size limit), before anything is unpacked (issue 32)."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    size = (tmp_path / "bomb.xlsx").stat().st_size
    assert size < 100_000
    (tmp_path / "good.csv").write_text("id,fiscal_year,field,value\nI1,2025,actual,7\n")
    records, findings = data_files.read_data_files(tmp_path, ["bomb.xlsx", "good.csv"])
    ((finding),) = findings
    assert (finding.rule.value, finding.path, finding.lineno) == (
        "data",
        "bomb.xlsx",
        None,
    )
    assert (
        "the workbook unpacks to 30000000 bytes, more than the limit of 10000000 "
        "(100 times its size, at most 1000000000)" in finding.message
    )
    assert [(r.object_id, r.value) for r in records] == [("I1", Decimal(7))]
