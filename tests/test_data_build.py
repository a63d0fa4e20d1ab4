"""Data files in a build, and open data out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult
from helpers.tables import table_rows

Build = Callable[..., BuildResult]


def test_data_values_reach_pages_and_exports(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("data"), "-W")
    assert result.status == 0, result.warnings
    rows = table_rows(result, "tables", "Evaluation of measures")
    i1 = {r[0].split()[0]: r for r in rows[1:]}["I1"]
    # I1: baseline 10, target 20, actual 18 (FY2025, from the data file) → 80.0%
    # and 18 against 15 due in FY2025 on the line 10 (2023) → 20 (2027)
    assert i1[3:] == ["18 (FY2025)", "80.0%", "B", "On track 160.0%"]
    caption = "Implementation plan and budget (thousand yen): "
    budget = table_rows(result, "tables", caption + "FY2025")
    assert budget[2][:2] == ["V2 Green city", "1,200"]
    assert table_rows(result, "tables", caption + "FY2024 to")[2][:2] == [
        "V2 Green city",
        "1,800",
    ]

    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    assert data["schema_version"] == 1
    objects = {o["id"]: o for o in data["objects"]}
    assert objects["I1"]["actual"] == {"2024": 15, "2025": 18}
    assert objects["I1"]["evaluation"]["rate"] == 80.0
    assert objects["I1"]["evaluation"]["grade"] == "B"
    assert objects["B2"]["settlement"] == {"2024": 500, "2025": 1150}
    assert objects["M1"]["children"]["measure"] == ["I1", "I2", "B1", "B3"]
    totals = data["budget"]["totals"]
    assert totals["budget"] == {"2024": 1600, "2025": 3200}
    assert totals["execution"]["2025"] == 35.9  # 1,150 / (2,000 + 1,200)

    raw = (result.outdir / "keikaku" / "evaluation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows_csv = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    i1_csv = next(r for r in rows_csv if r["indicator"] == "I1")
    assert (i1_csv["actual"], i1_csv["rate"], i1_csv["grade"]) == ("18", "80.0", "B")
    # the tables link to the files they mirror
    assert 'href="keikaku/evaluation.csv"' in result.html("tables")


def test_exports_are_reproducible(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("data")
    first = build(src, out="one")
    second = build(src, "-E", out="two")
    for name in (
        "plan.json",
        "values.csv",
        "coverage.csv",
        "evaluation.csv",
        "budget.csv",
    ):
        assert (first.outdir / "keikaku" / name).read_bytes() == (
            second.outdir / "keikaku" / name
        ).read_bytes(), name


def test_round_trip_export_edit_reimport(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("data")
    first = build(src, out="first")
    exported = (first.outdir / "keikaku" / "values.csv").read_text("utf-8-sig")
    edited = exported.replace("I2,2025,actual,76", "I2,2025,actual,70")
    assert edited != exported
    (src / "data" / "edited.csv").write_text(edited, encoding="utf-8-sig")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('["data/actuals.csv"]', '["data/edited.csv"]')
    )
    second = build(src, out="second")
    # one difference: the edited value overrides the directive's, reported once
    assert second.warnings.count("[keikaku.data]") == 1, second.warnings
    assert "I2 actual 2025 is 70 here but 76 in the directive (plan, line" in (
        second.warnings
    )
    assert "WARNING" in second.warnings and second.status == 0
    rows = table_rows(second, "tables", "Evaluation of measures")
    i2 = {r[0].split()[0]: r for r in rows[1:]}["I2"]
    assert i2[3:] == ["70 (FY2025)", "150.0%", "A", "On track 300.0%"]


def test_data_problems_name_file_and_row(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("data")
    (src / "data" / "actuals.csv").write_text(
        "id,fiscal_year,field,value\n"
        "I1,2025,actual,18\n"
        "I9,2025,actual,3\n"  # unknown id, near miss
        "B1,2025,actual,3\n"  # a budget link has no actual
        "I1,20x5,actual,3\n"  # unreadable year
        "B1,2025,budget,lots\n",  # not a number
        encoding="utf8",
    )
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            '["data/actuals.csv"]',
            '["data/actuals.csv", "data/missing.xlsx", "../x.csv"]',
        )
    )
    result = build(src)
    lines = [w for w in result.warnings.splitlines() if "[keikaku.data]" in w]
    assert any("actuals.csv:3: ERROR" in w and "unknown id I9" in w for w in lines)
    assert any("actuals.csv:4: ERROR" in w and "B1 is budget-link" in w for w in lines)
    assert any("actuals.csv:5: ERROR" in w and "20x5" in w for w in lines)
    assert any("actuals.csv:6: ERROR" in w and "lots" in w for w in lines)
    assert any("missing.xlsx" in w for w in lines)
    assert any("x.csv" in w and "outside the source" in w for w in lines)
    assert "Traceback" not in result.warnings
    assert result.status == 1
    # good rows are still used
    rows = table_rows(result, "tables", "Evaluation of measures")
    assert {r[0].split()[0]: r for r in rows[1:]}["I1"][3] == "18 (FY2025)"


def test_changed_data_file_rebuilds_dependent_pages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("data")
    build(src)
    data = src / "data" / "actuals.csv"
    data.write_text(data.read_text().replace("I1,2025,actual,18", "I1,2025,actual,20"))
    result = build(src)  # incremental: no document changed
    rows = table_rows(result, "tables", "Evaluation of measures")
    assert {r[0].split()[0]: r for r in rows[1:]}["I1"][3] == "20 (FY2025)"
    assert "<p>20</p>" in result.html("plan")  # the indicator's own table
    fresh = build(src, "-E", out="fresh")
    assert result.html("tables") == fresh.html("tables")
    assert result.html("plan") == fresh.html("plan")


def test_data_values_reach_sphinx_needs(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("data"), builder="needs")
    needs = next(
        iter(
            json.loads((result.outdir / "needs.json").read_text("utf8"))[
                "versions"
            ].values()
        )
    )["needs"]
    # the data file's values, in the directive syntax; untouched objects keep
    # the text written in their directive
    assert needs["I1"]["actual"] == "2024: 15, 2025: 18"
    assert needs["B2"]["budget"] == "2024: 500, 2025: 1,200"
    assert needs["B2"]["settlement"] == "2024: 500, 2025: 1,150"
    assert needs["I2"]["actual"] == "2025: 76"
