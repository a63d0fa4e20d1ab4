"""Citizens' voice (市民の声, issue 31): the ``opinion`` directive, opinion
sheets, their rules, ``plan-opinions``, the blocks' lines and the exports."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.core.opinions import (
    normalise_dispositions,
    parse_count,
    parse_date,
    reflects,
)
from sphinxcontrib_keikaku.core.texts import PlanValueError
from sphinxcontrib_keikaku.data.opinion_sheets import names_a_person

Build = Callable[..., BuildResult]

#: The opinion sheet of the test root, as Japanese Excel saves it (cp932).
SHEET = (
    "番号,区分,日付,地区,該当箇所,意見の概要,件数,取扱い区分,市の考え方,修正箇所\r\n"
    "1,パブリックコメント,2025/1/22,北地区,M2,交通安全教室を増やしてほしい,4,一部反映,"
    "教室の回数を増やしました。,M2\r\n"
    "2,審議会,,,V1,目標の表現を見直すべき,1,E,ご意見として承ります。,\r\n"
)


def _text(html: str) -> str:
    body = re.sub(r"<[^>]+>", " ", html).replace("¶", " ")  # no permalinks
    return re.sub(r"\s+", " ", body)


def _messages(result: BuildResult) -> list[str]:
    return [line for line in result.warnings.splitlines() if "[keikaku." in line]


def _opinions_root(copy_root: Callable[[str], Path]) -> Path:
    src = copy_root("opinions")
    (src / "data" / "opinions.csv").write_bytes(SHEET.encode("cp932"))
    return src


def _csv(result: BuildResult, name: str) -> list[dict[str, str]]:
    text = (result.outdir / "keikaku" / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _plan(result: BuildResult) -> dict[str, object]:
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    assert isinstance(data, dict)
    return data


# -- the good plan: MyST directives and a cp932 sheet ----------------------------


def test_opinions_from_myst_and_a_cp932_sheet_agree_everywhere(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(_opinions_root(copy_root), "-W", "--keep-going")
    assert result.status == 0, result.warnings

    # the table: every opinion, grouped by the vision it concerns, the
    # opinion about no object last; code and label of each disposition
    index = _text(result.html("index"))
    assert "意見の概要と市の考え方: V1 安全・安心に暮らせるまち" in index
    assert "番号 区分 該当箇所 ご意見の概要 件数 取扱い 市の考え方 修正箇所" in index
    assert (
        "O-1-1 パブリックコメント M1 地域防災力の向上 、 I1 自主防災組織数 "
        "北地区にも防災倉庫を設けてほしい 3 A 反映 "
        "北地区への防災倉庫の設置を M1 の主な取組に加えました。 M1 地域防災力の向上"
    ) in index
    assert (
        "O-1 パブリックコメント M2 交通安全の推進 交通安全教室を増やしてほしい 4 "
        "B 一部反映 教室の回数を増やしました。 M2 交通安全の推進"
    ) in index
    assert "意見の概要と市の考え方: 計画全体 番号" in index
    # the totals, counted by hand: 3 + 1 + 2 (pages) + 4 + 1 (sheet) = 11
    # opinions in 5 points; reflected: A (3) and B (4)
    assert "意見提出件数 11 件（5 項目）、計画に反映した数 7 件（2 項目）" in index
    assert (
        "A 反映 1 3 B 一部反映 1 4 C 記載済 1 1 D 参考 1 2 E 回答 1 1 "
        "F その他 0 0 合計 5 11"
    ) in index
    assert "パブリックコメント 3 8 ワークショップ 1 2 審議会 1 1" in index
    # the dashboard counts them too
    assert (
        "市民の声： 意見提出件数 11 件（5 項目）、計画に反映した数 7 件（2 項目）"
        in index
    )
    # the second table: by district, only A and B
    district = index[index.index("地区別") :]
    assert "意見の概要と市の考え方: 北地区" in district
    assert "意見提出件数 7 件（2 項目）、計画に反映した数 7 件（2 項目）" in district
    assert "通学路" not in district

    # links both ways: the table to the objects, the measure to the opinion
    html = result.html("index")
    assert 'href="plan.html#M1"' in html
    assert 'href="opinions.html#O-1-1"' in html
    plan_page = result.html("plan")
    assert 'href="opinions.html#O-1-1"' in plan_page
    plan_text = _text(plan_page)
    assert (
        "市民の声： 3 件（うち計画に反映 3 件） 市民の声を受けて変更： "
        "A 反映: O-1-1 北地区にも防災倉庫を設けてほしい"
    ) in plan_text
    # the sheet's opinion has no page: its number, no link
    assert "B 一部反映: O-1 交通安全教室を増やしてほしい" in plan_text

    # the opinion's own block
    block = _text(result.html("opinions"))
    assert (
        "区分： パブリックコメント ／ 日付： 2025-01-15 ／ 地区： 北地区 ／ "
        "件数： 3 ／ 取扱い： A 反映"
    ) in block
    assert "修正箇所： M1 地域防災力の向上" in block

    # the exports agree with the table
    rows = _csv(result, "opinions.csv")
    assert [r["id"] for r in rows] == ["O-1-1", "O-1-2", "O-2-1", "O-1", "O-2"]
    assert sum(int(r["count"]) for r in rows) == 11
    assert rows[3]["sheet_file"] == "data/opinions.csv"
    assert rows[3]["sheet_row"] == "2"
    assert rows[3]["disposition"] == "B"
    assert rows[0]["district"] == "N"
    assert rows[0]["about"] == "M1, I1"
    opinions = _plan(result)["opinions"]
    assert isinstance(opinions, dict)
    assert opinions["opinions"] == 11
    assert opinions["reflected_opinions"] == 7
    assert opinions["by_disposition"]["A"] == {"points": 1, "opinions": 3}
    assert [e["id"] for e in opinions["entries"]] == [r["id"] for r in rows]
    objects = _plan(result)["objects"]
    assert isinstance(objects, list)
    assert "opinion" not in {o["kind"] for o in objects}

    # sphinx-needs: each opinion of a page is a need linked by about/changed
    needs = json.loads((result.outdir / "needs.json").read_text("utf8"))
    version = next(iter(needs["versions"].values()))
    need = version["needs"]["O-1-1"]
    assert need["type"] == "opinion"
    assert sorted(need["about"]) == ["I1", "M1"]
    assert need["changed"] == ["M1"]
    assert need["disposition"] == "反映"
    # a sheet's opinion too, named by its file, linked to what it concerns
    sheet_need = version["needs"]["O-1"]
    assert sheet_need["type"] == "opinion"
    assert sheet_need["sheet"] == "data/opinions.csv"
    assert sheet_need["about"] == ["M2"] and sheet_need["changed"] == ["M2"]
    assert sheet_need["external_url"].endswith("plan.html#M2")


def test_opinions_in_restructuredtext(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("opinions-rst"), "-W", "--keep-going")
    assert result.status == 0, result.warnings
    page = _text(result.html("index"))
    # grouped by channel, in the order of keikaku_opinion_channels
    assert "意見の概要と市の考え方: 地区懇談会" in page
    assert page.index("意見の概要と市の考え方: 地区懇談会") < page.index(
        "意見の概要と市の考え方: 市民アンケート"
    )
    assert "日付： 2025-02-01" in page
    assert (
        "O-3-1 地区懇談会 M1 地域防災力の向上 防災訓練を休日にも開いてほしい 2" in page
    )
    assert "O-4-1" in page
    assert "市民の声を受けて変更： A 反映: O-3-1 防災訓練を休日にも開いてほしい" in page
    assert "意見提出件数 3 件（2 項目）、計画に反映した数 2 件（1 項目）" in page


SECOND_GOAL = """
```{vision} 子育てしやすいまち
:id: V2
```

```{measure} 子育て支援の充実
:id: M3
:vision: V2
```

```{indicator} 子育て支援センター利用者数
:id: I3
:measure: M3
:target: 2027: 5,000
```

```{budget-link} 子育て支援センター運営事業
:id: B3
:measure: M3
```

```{opinion} 子育て支援センターの利用時間を延ばしてほしい
:id: PC-31
:channel: 市民アンケート
:about: I3
:disposition: D
```
"""

FILTERED = """
## V2 のご意見

```{plan-opinions}
:vision: V2
```

## 区分と分類の誤り

```{plan-opinions}
:by: department
:channel: アンケート
```
"""


def test_filters_and_a_bad_grouping(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _opinions_root(copy_root)
    with (src / "plan.md").open("a", encoding="utf8") as file:
        file.write(SECOND_GOAL)
    with (src / "index.md").open("a", encoding="utf8") as file:
        file.write(FILTERED)
    result = build(src, "--keep-going")
    index = _text(result.html("index"))
    # :vision: V2 keeps the opinion about an indicator of a measure under V2
    v2 = index[index.index("V2 のご意見") : index.index("区分と分類の誤り")]
    assert "PC-31" in v2 and "意見提出件数 1 件（1 項目）" in v2
    assert "O-1-1" not in v2
    # a bad :by: and a filter naming no channel: located, and the table is
    # still drawn (by structure, with no row for the unknown channel)
    messages = _messages(result)
    line = _line(src / "index.md", ":by: department")
    assert any(f"index.md:{line}:" in m and "structure" in m for m in messages)
    line = _line(src / "index.md", ":channel: アンケート")
    assert any(
        f"index.md:{line}:" in m and "市民アンケート" in m and "[keikaku.value]" in m
        for m in messages
    ), result.warnings
    assert "この表に該当する意見はありません。" in index


# -- bad input ----------------------------------------------------------------------

BAD = """
```{opinion} 存在しない施策への意見
:about: M9
:disposition: 参考

参考とします。
```

```{opinion} 区分の誤り
:channel: パブコメ
:about: M1
:disposition: 反英

回答します。
```

```{opinion} 反映したが修正箇所なし
:about: M2
:district: 東地区
:disposition: A

反映しました。
```

```{opinion} 日付と件数の誤り
:date: 令和7年13月1日
:count: たくさん
:about: M2
:disposition: C
:changed: B9
```
"""


def _line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_every_bad_opinion_is_located_and_the_rest_survives(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _opinions_root(copy_root)
    page = src / "opinions.md"
    page.write_text(page.read_text("utf8") + BAD, "utf8")
    result = build(src, "--keep-going")
    messages = _messages(result)
    text = "\n".join(messages)
    assert result.status != 0  # unknown-id and value are errors

    def at(needle: str, subtype: str) -> list[str]:
        line = _line(page, needle)
        return [
            m
            for m in messages
            if f"opinions.md:{line}:" in m and f"[keikaku.{subtype}]" in m
        ]

    # unknown ids, with the nearest id as the fix
    assert any("M9" in m and "M2" in m for m in at(":about: M9", "unknown-id")), text
    assert any("B9" in m and "B2" in m for m in at(":changed: B9", "unknown-id")), text
    # a channel, disposition or district outside its list, with the nearest
    assert any("パブリックコメント" in m for m in at(":channel: パブコメ", "value")), (
        text
    )
    assert any("反映" in m for m in at(":disposition: 反英", "value")), text
    assert any("北地区" in m for m in at(":district: 東地区", "value")), text
    assert at(":date: 令和7年13月1日", "value"), text
    assert at(":count: たくさん", "value"), text
    # 反映 without :changed: — a warning of its own subtype
    unreflected = at(":disposition: A", "unreflected")
    assert unreflected and "WARNING" in unreflected[0], text
    assert ":changed:" in unreflected[0]

    # nothing else of the plan is lost: the bad opinions are still shown,
    # with what could be read, and the good ones as before
    index = _text(result.html("index"))
    assert "存在しない施策への意見" in index
    assert "M9 (unknown)" in index or "M9" in index
    assert "意見提出件数 15 件（9 項目）" in index
    rows = _csv(result, "opinions.csv")
    assert len(rows) == 9
    bad_date = next(r for r in rows if r["summary"] == "日付と件数の誤り")
    assert bad_date["date"] == ""
    assert bad_date["count"] == "1"


def test_an_id_a_sheet_shares_is_reported_with_both_places(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("opinions")
    sheet = SHEET.replace("\r\n2,審議会", "\r\nO-1-1,審議会")
    (src / "data" / "opinions.csv").write_bytes(sheet.encode("cp932"))
    result = build(src, "--keep-going")
    duplicates = [m for m in _messages(result) if "[keikaku.duplicate-id]" in m]
    assert len(duplicates) == 1, result.warnings
    # at the page's opinion, naming the sheet's file and row
    assert "opinions.md:3:" in duplicates[0]
    assert "data/opinions.csv、3 行目" in duplicates[0]
    # both are still shown in the table
    index = _text(result.html("index"))
    assert (
        "目標の表現を見直すべき" in index
        and "北地区にも防災倉庫を設けてほしい" in index
    )


def test_unreflected_when_the_changed_object_is_as_in_the_previous_edition(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _opinions_root(copy_root)
    first = build(src, "-W", "--keep-going", out="first")
    assert first.status == 0, first.warnings
    (src / "_previous").mkdir()
    shutil.copy(first.outdir / "keikaku" / "plan.json", src / "_previous" / "plan.json")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write('keikaku_previous_plan = "_previous/plan.json"\n')
        conf.write('exclude_patterns = ["_previous"]\n')
    # M1 is retitled (O-1-1 changed it); M2, which the sheet's O-1 names as
    # changed, is as it was
    plan_page = src / "plan.md"
    plan_page.write_text(
        plan_page.read_text("utf8").replace("地域防災力の向上", "地域防災力の強化"),
        "utf8",
    )
    second = build(src, "--keep-going", out="second")
    unreflected = [m for m in _messages(second) if "[keikaku.unreflected]" in m]
    assert len(unreflected) == 1, second.warnings
    assert "opinions.csv:2:" in unreflected[0]
    assert "M2" in unreflected[0] and "keikaku_previous_plan" in unreflected[0]
    assert second.status == 0  # a warning by default


def test_a_person_column_is_refused_and_never_read(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    from openpyxl import Workbook

    src = _opinions_root(copy_root)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "意見"
    sheet.append(["第2次総合計画（案）への意見"])
    sheet.append(["番号", "氏名", "意見の概要", "ご住所", "取扱い区分", "市の考え方"])
    sheet.append(
        [
            7,
            "山田花子",
            "図書館の開館時間を延ばしてほしい",
            "北町1-2-3",
            "D",
            "参考とします。",
        ]
    )
    sheet.append([8, "鈴木一郎", "", "南町", "X", "<script>alert(1)</script>"])
    formula = sheet.cell(row=4, column=3)
    formula.value = '=HYPERLINK("http://x")'
    formula.data_type = "s"  # text that looks like a formula, as pasted
    book.save(src / "data" / "voices.xlsx")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf8").replace(
            '["data/opinions.csv"]', '["data/opinions.csv", "data/voices.xlsx"]'
        ),
        "utf8",
    )
    result = build(src, "--keep-going")
    messages = _messages(result)
    refused = [m for m in messages if "names a person" in m or "個人の情報" in m]
    assert len(refused) == 2, result.warnings
    assert all("voices.xlsx" in m and "意見" in m and "2" in m for m in refused)
    assert any("B 列" in m for m in refused) and any("D 列" in m for m in refused)
    assert all("WARNING" in m for m in refused)
    # the bad disposition of row 4 is located at its row, with the fix
    assert any("voices.xlsx:4:" in m and "[keikaku.value]" in m for m in messages)

    # the opinions are read without the names and addresses, everywhere
    index = result.html("index")
    assert "図書館の開館時間を延ばしてほしい" in index
    published = [
        index,
        (result.outdir / "keikaku" / "plan.json").read_text("utf8"),
        (result.outdir / "keikaku" / "opinions.csv").read_text("utf-8-sig"),
    ]
    for text in published:
        for private in ("山田花子", "北町1-2-3", "鈴木一郎"):
            assert private not in text
    # hostile text is escaped, a formula stays text in the CSV
    assert "<script>alert(1)</script>" not in index
    assert "&lt;script&gt;" in index
    rows = _csv(result, "opinions.csv")
    assert any(r["summary"].startswith("'=HYPERLINK") for r in rows)
    assert [r["id"] for r in rows][-2:] == ["O-7", "O-8"]


# -- builds agree ------------------------------------------------------------------


def _pages(outdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf8")
        for path in sorted(outdir.rglob("*.html"))
    }


def _exports(outdir: Path) -> dict[str, bytes]:
    exports = {
        name: (outdir / "keikaku" / name).read_bytes()
        for name in ("plan.json", "opinions.csv")
    }
    needs = json.loads((outdir / "needs.json").read_text("utf8"))
    version = next(iter(needs["versions"].values()))
    exports["needs"] = json.dumps(sorted(version["needs"]), ensure_ascii=False).encode()
    return exports


def test_incremental_and_parallel_builds_equal_a_fresh_one(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = _opinions_root(copy_root)
    first = build(src, out="incremental")
    assert first.status == 0, first.warnings
    # an answer that now changes M2 too: the measure's page was not edited,
    # but its block lists the opinion
    page = src / "opinions.md"
    page.write_text(
        page.read_text("utf8").replace(":changed: M1", ":changed: M1, M2"), "utf8"
    )
    # and a row of the sheet is removed: its opinion and its need go
    sheet = src / "data" / "opinions.csv"
    sheet.write_bytes(SHEET.split("\r\n2,")[0].encode("cp932") + b"\r\n")
    incremental = build(src, out="incremental")
    needs = (incremental.outdir / "needs.json").read_text("utf8")
    assert '"O-1"' in needs and '"O-2"' not in needs
    # listed on M1's block and now on M2's
    assert _text(incremental.html("plan")).count("A 反映: O-1-1") == 2
    fresh = build(src, "-E", out="fresh")
    parallel = build(src, "-E", "-j", "2", out="parallel")
    assert _pages(incremental.outdir) == _pages(fresh.outdir)
    assert _pages(parallel.outdir) == _pages(fresh.outdir)
    assert _exports(incremental.outdir) == _exports(fresh.outdir)
    assert _exports(parallel.outdir) == _exports(fresh.outdir)


# -- the core, without Sphinx ----------------------------------------------------------


def test_dates_counts_and_dispositions() -> None:
    assert parse_date("令和7年1月15日") == "2025-01-15"
    assert parse_date("R7.1.5") == "2025-01-05"
    assert parse_date("2025/01/15") == "2025-01-15"
    with pytest.raises(PlanValueError, match="2025-01-15"):
        parse_date("令和7年2月30日")
    assert parse_count("１２件") == 12
    with pytest.raises(PlanValueError):
        parse_count("0")
    assert normalise_dispositions({"A": "加筆修正（計画に反映）", "B": "記載済"}) == (
        ("A", "加筆修正（計画に反映）"),
        ("B", "記載済"),
    )
    with pytest.raises(ValueError, match="mapping"):
        normalise_dispositions(["反映"])
    assert reflects("一部反映") and reflects("加筆修正（計画に反映）")
    assert not reflects("未反映") and not reflects("参考")
    assert names_a_person("氏名") and names_a_person("Address")
    assert not names_a_person("意見の概要")


HOSTILE = r"""
```{opinion} \input{/etc/passwd} 100% & $x$ #1 _a_ ~ ^
:disposition: F

\input{/etc/passwd} の件
```
"""


def test_the_pdf_table_breaks_across_pages_without_a_lost_row(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """In LaTeX each group's table is a longtable (it breaks across pages
    with its header repeated), and every opinion is a row of it."""
    src = _opinions_root(copy_root)
    page = src / "opinions.md"
    page.write_text(page.read_text("utf8") + HOSTILE, "utf8")
    result = build(src, builder="latex", out="latex")
    assert result.status == 0, result.warnings
    # the hostile text's unbreakable run (\input{/etc/passwd}) is wider than
    # a column can be: said at the directive (keikaku.layout), and nothing else
    warnings = [line for line in result.warnings.splitlines() if line.strip()]
    assert warnings and all("[keikaku.layout]" in line for line in warnings), warnings
    # at the plan-opinions directive that shows the table
    assert all("index.md:" in line for line in warnings), warnings
    tex = next(result.outdir.glob("*.tex")).read_text("utf8")
    tables = re.findall(r"\\begin\{longtable\}.*?\\end\{longtable\}", tex, re.S)
    summaries = [
        "北地区にも防災倉庫を設けてほしい",
        "通学路の安全対策を進めてほしい",
        "計画全体をわかりやすくしてほしい",
        "交通安全教室を増やしてほしい",
        "目標の表現を見直すべき",
    ]
    for summary in summaries:
        assert any(summary in table for table in tables), summary
    assert "意見提出件数 12 件（6 項目）" in tex
    # hostile text is text: no command of it reaches LaTeX
    assert "\\input{" not in tex
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in tex
