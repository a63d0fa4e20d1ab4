"""The English edition (issue 18): author text through Sphinx's gettext
workflow, in every place an object appears."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TEX_TOOLS, BuildResult, latexpdf, require_tools

Build = Callable[..., BuildResult]

TITLE = "Stronger community disaster preparedness"
INDICATOR = "Voluntary disaster-prevention groups"
DEPARTMENT = "Crisis Management Division"


def pot(result: BuildResult, domain: str) -> str:
    return (result.outdir / f"{domain}.pot").read_text(encoding="utf8")


def entry(text: str, msgid: str) -> str:
    """The location comments of *msgid* in a .pot's *text*."""
    pattern = r"((?:#: [^\n]+\n)+)msgid " + re.escape(f'"{msgid}"') + "\n"
    match = re.search(pattern, text)
    assert match is not None, f"{msgid} is not in the catalogue"
    return match.group(1)


@pytest.mark.parametrize(
    ("root", "suffix"), [("english", "md"), ("english-rst", "rst")]
)
def test_gettext_extracts_author_strings_with_locations(
    copy_root: Callable[[str], Path], build: Build, root: str, suffix: str
) -> None:
    result = build(copy_root(root), builder="gettext")
    assert result.status == 0, result.warnings
    assert "keikaku" not in result.warnings
    measures = pot(result, "measures")
    # the directive's own line: the measure, then the indicator
    assert entry(measures, "地域防災力の向上").endswith(f"measures.{suffix}:7\n")
    assert f"measures.{suffix}:7" in entry(measures, "危機管理課")
    for text in (
        "自主防災組織数",
        "組織",
        "危機管理課調べ",
        "自主防災組織の結成と訓練を支援する。",
    ):
        entry(measures, text)
    # a table's caption is the author's too; the originals, never a translation
    entry(pot(result, "index"), "成果指標の達成状況")
    assert TITLE not in measures


def test_gettext_writes_the_settings_catalogue(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("english"), builder="gettext")
    plan = pot(result, "keikaku-plan")
    assert "conf.py:" in entry(plan, "重点プロジェクト")
    entry(plan, "防災プロジェクト")


def words(html: str) -> str:
    """The text of a page's body, its tags and runs of spaces made one space."""
    body = html[html.find("<body") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def english(copy_root: Callable[[str], Path], build: Build, *args: str) -> BuildResult:
    result = build(copy_root("english"), "-D", "language=en", *args)
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    return result


def test_translation_in_the_block_tables_charts_and_exports(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = english(copy_root, build)
    page = result.html("measures")
    for text in (TITLE, INDICATOR, DEPARTMENT, "Crisis Management Division survey"):
        assert text in page
    assert "17 groups" in page  # the translated unit, spaced
    assert "We support forming and training voluntary groups." in page
    for original in ("地域防災力の向上", "自主防災組織数", "危機管理課", "組織<"):
        assert original not in page
    # the chart's alt text names the translated indicator
    assert re.search(r'<img [^>]*alt="' + re.escape(INDICATOR), page)
    index = result.html("index")
    assert TITLE in index and INDICATOR in index  # plan-evaluation, another page
    assert "How the indicators are doing" in index  # the caption
    assert "地域防災力の向上" not in index
    # plan-coverage :department: 危機管理課 matches the translated department
    # (its one measure is counted)
    assert "安全なまち 1 1 (100.0%)" in words(index)
    # the conf.py catalogue: the axis label in the block
    assert "Priority projects" in page and "重点プロジェクト" not in page
    plan = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    objects = {o["id"]: o for o in plan["objects"]}
    assert objects["M1"]["title"] == TITLE
    assert objects["M1"]["department"] == DEPARTMENT
    assert objects["I1"]["unit"] == "groups"
    record = next(o for o in plan["objects"] if o.get("of") == "M1")
    assert record["evaluator"] == DEPARTMENT
    assert record["text"] == "More residents took part in drills."
    values = (result.outdir / "keikaku" / "evaluation.csv").read_text("utf8")
    assert INDICATOR in values and "自主防災組織数" not in values


def test_untranslated_text_stays_as_written(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = english(copy_root, build)
    page = result.html("measures")
    assert "訓練の参加者数" in page  # no entry in the catalogue
    assert "安全なまち" in page


def test_japanese_build_is_unchanged(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("english"))
    assert result.status == 0 and result.warnings == ""
    page = result.html("measures")
    assert "地域防災力の向上" in page and TITLE not in page
    assert "plan_messages" not in page


def test_catalogue_edit_updates_other_pages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("english")
    english_build = lambda: build(src, "-D", "language=en")  # noqa: E731
    assert english_build().status == 0
    po = src / "locales" / "en" / "LC_MESSAGES" / "measures.po"
    po.write_text(po.read_text("utf8").replace(TITLE, "Safer neighbourhoods"), "utf8")
    plan_po = src / "locales" / "en" / "LC_MESSAGES" / "keikaku-plan.po"
    plan_po.write_text(
        plan_po.read_text("utf8").replace("Priority projects", "Lead projects"),
        "utf8",
    )
    later = po.stat().st_mtime + 5  # newer than the .mo Sphinx compiled
    for path in (po, plan_po):
        os.utime(path, (later, later))
    result = english_build()
    assert result.status == 0, result.warnings
    index = result.html("index")
    assert "Safer neighbourhoods" in index and TITLE not in index
    assert "Lead projects" in result.html("measures")


def test_parallel_build_gives_the_same_pages(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    serial = english(copy_root, build)
    parallel = build(serial.srcdir, "-D", "language=en", "-j", "2", "-E", out="par")
    assert parallel.status == 0, parallel.warnings
    for docname in ("index", "measures"):
        assert parallel.html(docname) == serial.html(docname)
    assert (parallel.outdir / "keikaku" / "plan.json").read_text() == (
        serial.outdir / "keikaku" / "plan.json"
    ).read_text()


def test_broken_catalogue_is_a_warning_not_a_traceback(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("english")
    po = src / "locales" / "en" / "LC_MESSAGES" / "measures.po"
    po.write_text('msgid "地域防災力の向上\nmsgstr oops\n', "utf8")
    result = build(src, "-D", "language=en")
    assert "Traceback" not in result.warnings
    assert result.status == 0
    assert "地域防災力の向上" in result.html("measures")  # no translation applied


def test_latex_of_the_english_edition(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("english"), "-D", "language=en", builder="latex")
    assert result.status == 0, result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text("utf8")
    assert TITLE in tex and DEPARTMENT in tex
    assert "地域防災力の向上" not in tex


def test_untranslated_japanese_is_marked_lang_ja(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = english(copy_root, build)
    page = result.html("measures")
    # the header of an untranslated object, and its link in a block
    assert re.search(r'<strong class="keikaku-title" lang="ja">訓練の参加者数', page)
    assert re.search(r'<span lang="ja">訓練の参加者数</span>', page)
    # a translated one is not marked
    assert re.search(r'<strong class="keikaku-title">' + re.escape(TITLE), page)
    assert not re.search(r'lang="ja">' + re.escape(TITLE), page)
    # an untranslated body paragraph
    assert re.search(r'<p lang="ja">自主防災組織の結成数。</p>', page)
    # the words of a record in its block's table: the untranslated direction
    assert '<td><p><span lang="ja">継続</span></p></td>' in page
    assert f"<td><p>{DEPARTMENT}</p></td>" in page
    # in a plan-wide table on another page (written as one block of HTML)
    index = result.html("index")
    assert re.search(r'<span lang="ja">訓練の参加者数</span>', index)
    assert not re.search(r'lang="ja">' + re.escape(INDICATOR), index)


def test_no_lang_marks_in_the_plans_own_language(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("english")
    result = build(src)
    assert 'lang="ja"' not in result.html("measures").split("<body", 1)[1]
    # an English plan says so, and its text is never marked
    english_source = build(
        src, "-D", "language=en", "-D", "keikaku_source_language=en", out="en-src"
    )
    assert english_source.status == 0, english_source.warnings
    assert 'lang="ja"' not in english_source.html("measures")


def test_source_language_setting_is_checked(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("english"), "-D", "keikaku_source_language=日本語")
    assert "keikaku_source_language" in result.warnings
    assert "[keikaku.config]" in result.warnings
    assert "Traceback" not in result.warnings


def test_marked_raw_tables_are_the_translators_tables(
    copy_root: Callable[[str], Path], build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinxcontrib_keikaku.output import htmltables

    src = copy_root("english")
    fast = build(src, "-E", "-D", "language=en", out="fast")
    assert '<div class="no-search">' in fast.html("index")  # written as raw HTML
    monkeypatch.setattr(
        htmltables.HTMLTableWriter, "for_builder", classmethod(lambda cls, b: None)
    )
    slow = build(src, "-E", "-D", "language=en", out="slow")
    unwrap = re.compile(r'<div class="no-search">(<table .*?</table>\n)</div>', re.S)
    assert unwrap.sub(r"\1", fast.html("index")) == slow.html("index")
    assert '<span lang="ja">訓練の参加者数</span>' in slow.html("index")


def test_pdf_of_the_english_edition(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    """upLaTeX (for the untranslated Japanese) with embedded fonts."""
    require_tools(*TEX_TOOLS, "pdftotext", "pdffonts")
    out = tmp_path / "pdf"
    latexpdf(
        copy_root("english"), out, "-D", "language=en", "-D", "latex_engine=uplatex"
    )
    pdf = next(p for p in (out / "latex").glob("*.pdf") if "keikaku-" not in p.name)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert TITLE in " ".join(text.split())
    assert "訓練の参加者数" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts


@pytest.mark.parametrize(
    "builder", ["text", "man", "texinfo", "singlehtml", "epub", "pseudoxml"]
)
def test_messages_are_invisible_in_every_builder(
    copy_root: Callable[[str], Path], build: Build, builder: str
) -> None:
    result = build(copy_root("english"), "-D", "language=en", builder=builder)
    assert result.status == 0, result.warnings
    assert "Traceback" not in result.warnings
    written = "".join(
        path.read_text("utf8", errors="replace")
        for path in result.outdir.rglob("*")
        if path.is_file()
        and path.suffix in (".txt", ".1", ".texi", ".html", ".pseudoxml", ".xhtml")
    )
    assert TITLE in written
    assert "plan_messages" not in written
    # the original is not kept anywhere in the output
    assert "地域防災力の向上" not in written


def test_chart_alt_joins_units_as_the_value_table() -> None:
    from decimal import Decimal

    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.output.charts import indicator_spec

    def alt(unit: str, language: str) -> str:
        obj = Indicator("I1", "x", "d", 1, unit=unit, target={2027: Decimal(21)})
        spec = indicator_spec(obj, year_style="western", language=language)
        assert spec is not None
        return spec.alt

    assert "21km" in alt("km", "ja") and "21組織" in alt("組織", "ja")
    assert "21 groups" in alt("groups", "en") and "21 人" in alt("人", "en")
    assert "21%" in alt("%", "en")
