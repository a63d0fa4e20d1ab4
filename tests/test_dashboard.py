"""plan-dashboard and plan-logic-model: numbers a reader can check by hand,
the same as the detailed tables', fresh after edits, in HTML and LaTeX.

The root ``test-dashboard`` is the plan of ``test-tables`` (checked by hand
there) with a dashboard on its MyST front page and, on a reStructuredText
page, a logic model of V1 and a dashboard by policy (``:level: 2``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult, fake_dot, path_without, run_build
from helpers.tables import tables

from sphinxcontrib_keikaku.sphinxext.programs import GRAPHVIZ, install_line

Build = Callable[..., BuildResult]


class _Cards(HTMLParser):
    """Every dashboard card as (title, {metric label: text, link target})."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, dict[str, tuple[str, str]]]] = []
        self._depth = 0  # <div> nesting inside the current card
        self._part: str | None = None  # "title", "label" or "metric"
        self._text: list[str] = []
        self._label = ""
        self._href = ""
        self._hidden = 0  # inside a bar, which only repeats the words

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and (self._hidden or "keikaku-bar" in classes):
            self._hidden += 1
        if tag == "div":
            if "keikaku-dash-card" in classes:
                self.cards.append(("", {}))
                self._depth = 1
            elif self._depth:
                self._depth += 1
        if not self._depth:
            return
        if tag == "p" and "keikaku-dash-title" in classes:
            self._part, self._text = "title", []
        elif tag == "p" and "keikaku-dash-metric" in classes:
            self._part, self._text, self._href = "metric", [], ""
        elif tag == "span" and "keikaku-label" in classes and self._part == "metric":
            self._part, self._text = "label", []
        elif tag == "a" and "keikaku-dash-more" in classes:
            self._href = dict(attrs).get("href") or ""
            self._part = "link"

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._hidden:
            self._hidden -= 1
            return
        if tag == "div" and self._depth:
            self._depth -= 1
        elif tag == "span" and self._part == "label":
            self._label = "".join(self._text).strip()
            self._part, self._text = "metric", []
        elif tag == "a" and self._part == "link":
            self._part = None
        elif tag == "p" and self._part == "title":
            title = " ".join("".join(self._text).split())
            self.cards[-1] = (title, self.cards[-1][1])
            self._part = None
        elif tag == "p" and self._label:
            text = " ".join("".join(self._text).split())
            self.cards[-1][1][self._label] = (text, self._href)
            self._label, self._part = "", None

    def handle_data(self, data: str) -> None:
        if self._part in ("title", "label", "metric") and not self._hidden:
            self._text.append(data)


def cards(html: str) -> dict[str, dict[str, tuple[str, str]]]:
    parser = _Cards()
    parser.feed(html)
    return dict(parser.cards)


def table(html: str, caption: str) -> list[list[str]]:
    """The rows of the table whose caption starts with *caption*."""
    return next(rows for name, rows in tables(html).items() if name.startswith(caption))


def figures(html: str) -> dict[str, dict[str, str]]:
    """Card title -> metric label -> the figure in words (no link)."""
    return {
        title: {label: text for label, (text, _href) in metrics.items()}
        for title, metrics in cards(html).items()
    }


@pytest.fixture
def built(copy_root: Callable[[str], Path], build: Build) -> BuildResult:
    return build(copy_root("dashboard"))


def test_dashboard_numbers(built: BuildResult) -> None:
    found = figures(built.html("index"))
    assert list(found) == [
        "Whole plan",
        "V1 Safe city grade A",
        "V2 Green city grade B",
    ]
    assert found["Whole plan"] == {
        # I1 15 of 12.5 due in FY2024, I2 76 of 90 due in FY2025 (down): on
        # track; I3's final target is a text and I4 has no baseline: no line
        "On schedule (FY2025)": "100.0% of measures on track (1 of 1) · "
        "100.0% of indicators on track (2 of 2) "
        "(measures: On track 1 · Slightly behind 0 · Behind 0 · − 3)",
        "Measures": "4",
        "Grades of measures": "A 1 · B 2 · C 0 · D 0 · − 1",
        "Indicators achieved": "50.0% 2 of 4 evaluated indicators",
        "Budget execution (FY2024)": "87.5% settlement 1,400 / budget 1,600 thousand yen",
        "Actuals entered (FY2025)": "50.0% 2 of 4 indicators (2 missing)",
    }
    v1 = found["V1 Safe city grade A"]
    assert v1["Measures"] == "2"
    assert v1["Indicators achieved"] == "66.7% 2 of 3 evaluated indicators"
    assert v1["Budget execution (FY2024)"].startswith("81.8% settlement 900 / budget")
    assert v1["Actuals entered (FY2025)"] == "66.7% 2 of 3 indicators (1 missing)"
    v2 = found["V2 Green city grade B"]
    assert v2["Indicators achieved"] == "0.0% 0 of 1 evaluated indicators"
    assert v2["Budget execution (FY2024)"].startswith("83.3% settlement 500 / budget")
    html = built.html("index")
    # every status in words beside its bar, which screen readers skip
    # four bars a card, and the on-track bar of the two cards (whole plan,
    # V1) where some measure's progress could be told
    assert html.count('aria-hidden="true"') == 3 * 4 + 2
    assert (
        "<script"
        not in html.split('class="keikaku-dashboard')[1].split("</div>\n</div>")[0]
    )
    assert "A: achievement 100.0% or more" in html
    assert "Traceback" not in built.warnings


def test_numbers_equal_the_detailed_tables(built: BuildResult) -> None:
    """The dashboard says what plan-budget, plan-evaluation and plan-coverage say."""
    found = figures(built.html("index"))
    # plan-budget's table of the year: budget, settlement, execution rate
    settlement = table(
        built.html("budget"), "Implementation plan and budget (thousand yen): FY2024¶"
    )
    assert settlement[0][1:] == ["Budget", "Settlement", "Execution rate"]
    for row in settlement[1:]:
        title = "Whole plan" if row[0] == "Total" else None
        if title is None:
            title = next(t for t in found if t.startswith(row[0]))
        text = found[title]["Budget execution (FY2024)"]
        assert text.startswith(f"{row[3]} settlement {row[2]} / budget {row[1]}"), (
            title,
            row,
        )
    distribution = table(built.html("evaluation"), "Grade distribution")
    counts = {row[0]: row[2] for row in distribution[1:-1]}  # the measures' column
    grades = found["Whole plan"]["Grades of measures"]
    for label, count in counts.items():
        assert f"{label} {count}" in grades
    coverage = table(built.html("coverage"), "Coverage of the plan")
    measures = {row[0]: row[1] for row in coverage[1:]}
    assert found["V1 Safe city grade A"]["Measures"] == measures["V1 Safe city"]
    assert found["Whole plan"]["Measures"] == measures["Total"]


def test_links_to_the_detailed_tables(built: BuildResult) -> None:
    links = {
        label: href
        for _title, metrics in cards(built.html("index")).items()
        for label, (_text, href) in metrics.items()
    }
    assert links["Measures"] == "coverage.html"
    assert links["Grades of measures"] == "evaluation.html"
    assert links["Budget execution (FY2024)"] == "budget.html"
    assert links["Actuals entered (FY2025)"] == "evaluation.html"
    # the vision's title links to its block
    assert 'href="plan.html#V1"' in built.html("index")


def test_rst_dashboard_by_level(built: BuildResult) -> None:
    found = figures(built.html("logic"))
    assert list(found) == [
        "Whole plan",
        "V1-1 Disaster prevention grade B",
        "V1-2 Community grade A",
        "V2 Green city grade B",
    ]
    assert found["V1-2 Community grade A"]["Indicators achieved"] == (
        "100.0% 1 of 1 evaluated indicators"
    )
    assert "By policy" in built.html("logic")


_SVG = "{http://www.w3.org/2000/svg}"


def diagram(page: str) -> ET.Element:
    """The inline ``<svg>`` of the (first) logic model on *page*."""
    model = page.split('class="keikaku-logic-model')[1]
    markup = re.search(r"<svg\b.*?</svg>", model, re.DOTALL)
    assert markup is not None, "no inline SVG"
    return ET.fromstring(markup.group(0))


def boxes(svg: ET.Element) -> dict[str, tuple[str, list[str]]]:
    """Each linked box: its accessible name -> (href, its lines of text)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for link in svg.iter(f"{_SVG}a"):
        name = link.findtext(f"{_SVG}title") or ""
        lines = [text.text or "" for text in link.iter(f"{_SVG}text")]
        found[name] = (link.get("href") or "", lines)
    return found


#: The objects of V1's logic model in test-dashboard (plan.md), by hand.
V1_MODEL = {
    "B1": "Group support",
    "B3": "Shared office",
    "M1": "Local disaster preparedness",
    "M2": "Community plan",
    "I1": "Voluntary groups",
    "I2": "Fires",
    "I3": "Plan adopted",
    "V1": "Safe city",
    "V1-1": "Disaster prevention",
    "V1-2": "Community",
}


def test_logic_model(built: BuildResult) -> None:
    html = built.html("logic")
    model = html.split('class="keikaku-logic-model')[1]
    # keikaku's own diagram, inline: no program, no picture file (the page
    # links graphviz.css only because sphinx-needs loads sphinx.ext.graphviz)
    assert "graphviz" not in model and "graphviz-" not in html
    assert "[keikaku.chart]" not in built.warnings
    svg = diagram(html)
    alt = "Logic model: V1 Safe city. 2 measures, 3 indicators and 2 budget links serve V1 Safe city."
    assert svg.get("role") == "group" and svg.get("aria-label") == alt
    assert svg.findtext(f"{_SVG}title") == alt
    assert "max-width" in (svg.get("style") or "")
    # one link per object, to its page and anchor, named by id and title
    found = boxes(svg)
    assert found.keys() == {f"{i} {title}" for i, title in V1_MODEL.items()}
    for object_id, title in V1_MODEL.items():
        href, lines = found[f"{object_id} {title}"]
        assert href == f"plan.html#{object_id}"
        assert title in " ".join(lines)
    assert found["B1 Group support"][1][0] == "Budget link B1"
    assert found["M1 Local disaster preparedness"][1][0] == "Measure M1"
    assert found["I2 Fires"][1] == [
        "Outcome indicator I2",
        "Fires",
        "achievement 120.0%, grade A",
    ]
    assert found["V1 Safe city"][1] == ["Vision V1", "Safe city", "grade A"]
    headings = [t.text for t in svg.iter(f"{_SVG}text") if t.get("font-weight")]
    assert headings == [
        "Inputs (budget links)",
        "Activities (measures)",
        "Outcomes (indicators)",
        "Aims (visions)",
    ]
    # the same structure as a list, with the same figures
    listed = re.sub(
        r"<[^>]+>", "", model.split("keikaku-logic-list")[1].split("By policy")[0]
    )
    for text in (
        "Vision V1 Safe city (grade A)",
        "Measure M1 Local disaster preparedness (grade B)",
        "Outcome indicator I2 Fires (achievement 120.0%, grade A)",
        "Budget link B1 Group support (budget FY2025 2,000 thousand yen)",
        "Measure M2 Community plan (grade A)",
    ):
        assert text in listed
    assert "V2" not in listed  # another vision's objects stay out
    assert "2 measures, 3 indicators and 2 budget links serve V1 Safe city." in model


def test_latex(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("dashboard"), builder="latex")
    assert "Traceback" not in result.warnings
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
    # one compact table: a row per card, the same figures as the HTML cards
    for text in (
        r"87.5\%",
        r"settlement 1,400 / budget 1,600 thousand yen",
        r"66.7\%",
        r"2 of 3 evaluated indicators",
        r"Whole plan",
        r"Details",
    ):
        assert text in tex, text
    # the bars as coloured rules, the diagram as a PDF picture keikaku drew
    assert r"\textcolor[HTML]{3D6FC9}{\rule[-0.2ex]" in tex
    assert "graphviz" not in tex
    picture = re.search(
        r"\\sphinxincludegraphics\[width=\\linewidth,[^]]*\]\{\{(keikaku-[0-9a-f]+)\}\.pdf\}",
        tex,
    )
    assert picture is not None
    assert (result.outdir / f"{picture.group(1)}.pdf").read_bytes().startswith(b"%PDF")
    assert (
        r"\DUrole{keikaku-label}{Outcome indicator} "
        r"{\hyperref[\detokenize{plan:I2}]{\sphinxcrossref{I2 Fires}}} "
        r"(achievement 120.0\%, grade A)"
    ) in tex
    # links to the detailed tables are cross-references inside the book
    assert r"\hyperref[\detokenize{budget::doc}]" in tex


def test_japanese(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("dashboard")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"en"', '"ja"'), encoding="utf8")
    result = build(src)
    html = result.html("index")
    for text in (
        "計画の進み具合",
        "計画全体",
        "評価 A",
        "施策の評価",
        "目標を達成した成果指標",
        "評価できた4指標のうち2指標",
        "予算の執行率（2024年度）",
        "決算 1,400／予算 1,600千円",
        "実績値の入力状況（2025年度）",
        "未入力 2",
        "評価の基準：",
    ):
        assert text in html, text
    tex_result = build(src, builder="latex", out="latex")
    tex = next(tex_result.outdir.glob("*.tex")).read_text(encoding="utf8")
    for text in (
        "計画全体",
        "詳しい表",
        "決算 1,400／予算 1,600千円",
        "ロジックモデル：V1",
    ):
        assert text in tex, text
    # the diagram's PDF drawn with every Japanese glyph (a missing one is a
    # keikaku.chart warning naming the character)
    assert "[keikaku.chart]" not in tex_result.warnings
    assert re.search(r"\{\{keikaku-[0-9a-f]+\}\.pdf\}", tex)
    labels = [t.text for t in diagram(result.html("logic")).iter(f"{_SVG}text")]
    assert "投入（予算事業）" in labels and "施策 M1" in labels


def test_fresh_after_an_edit_on_another_page(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("dashboard")
    build(src)
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text().replace(":actual: 2024: 40", ":actual: 2024: 40, 2025: 50"),
        encoding="utf8",
    )
    result = build(src)
    v2 = figures(result.html("index"))["V2 Green city grade A"]
    assert v2["Indicators achieved"] == "100.0% 1 of 1 evaluated indicators"
    assert v2["Actuals entered (FY2025)"] == "100.0% 1 of 1 indicators"
    fresh = build(src, "-E", out="fresh")
    for page in ("index", "logic"):
        assert result.html(page) == fresh.html(page)


def test_links_follow_the_tables(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A detailed table removed from its page: the links go, though no plan
    object changed."""
    src = copy_root("dashboard")
    build(src)
    (src / "budget.md").write_text("# Budget\n\nNo table yet.\n", encoding="utf8")
    result = build(src)
    links = [
        href
        for metrics in cards(result.html("index")).values()
        for _text, href in metrics.values()
    ]
    assert "budget.html" not in links and "evaluation.html" in links
    assert result.html("index") == build(src, "-E", out="fresh").html("index")


def test_parallel_equals_serial(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("dashboard")
    serial = build(src)
    parallel = build(src, "-E", "-j", "2", out="parallel")
    for page in ("index", "logic"):
        assert parallel.html(page) == serial.html(page), page


def test_without_the_graphviz_extension() -> None:
    """sphinx-needs loads sphinx.ext.graphviz today; should it ever stop, the
    diagram is left out with a warning naming the fix."""
    from types import SimpleNamespace

    from sphinxcontrib_keikaku.output.tables.logicmodel import drawing_problem

    app: Any = SimpleNamespace(extensions={}, config=SimpleNamespace())
    problem = drawing_problem(app)
    assert problem is not None and "'sphinx.ext.graphviz'" in problem
    app.extensions["sphinx.ext.graphviz"] = object()
    # a missing dot is not the project's to fix: said once per build
    # (test_graphviz_engine_without_dot)
    assert drawing_problem(app) is None


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_drawn_without_dot(
    builder: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    """keikaku draws the diagram itself: no Graphviz needed, no warning."""
    src = copy_root("dashboard")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write("graphviz_dot = 'no-such-dot-program'\n")
    result = build(src, builder=builder)
    assert result.status == 0
    assert "[keikaku.chart]" not in result.warnings
    assert "dot command" not in result.warnings
    assert "Traceback" not in result.warnings
    if builder == "html":
        assert len(boxes(diagram(result.html("logic")))) == len(V1_MODEL)
    else:
        tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf8")
        assert re.search(r"\{\{keikaku-[0-9a-f]+\}\.pdf\}", tex)


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_graphviz_engine_without_dot(
    builder: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    """``:engine: graphviz`` draws with dot as before: without the program,
    a warning at the directive and the list alone."""
    src = copy_root("dashboard")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write("graphviz_dot = 'no-such-dot-program'\n")
    logic = src / "logic.rst"
    logic.write_text(
        logic.read_text(encoding="utf8").replace(
            "   :vision: V1\n", "   :vision: V1\n   :engine: graphviz\n"
        ),
        encoding="utf8",
    )
    result = build(src, builder=builder)
    assert result.status == 0  # a warning, not an error
    line = next(w for w in result.warnings.splitlines() if "[keikaku.chart]" in w)
    assert "logic.rst:4:" in line and "'no-such-dot-program'" in line
    assert "Graphviz" in line and install_line(GRAPHVIZ) in line
    assert "dot command" not in result.warnings  # graphviz's own never runs
    assert "Traceback" not in result.warnings
    if builder == "html":
        html = result.html("logic")
        assert "keikaku-logic-missing" in html and "graphviz-" not in html
        assert (
            "<svg"
            not in html.split('class="keikaku-logic-model')[1].split("By policy")[0]
        )
        listed = re.sub(r"<[^>]+>", "", html)
        assert "Measure M1 Local disaster preparedness" in listed  # the list stays


def test_engine_setting(copy_root: Callable[[str], Path], build: Build) -> None:
    """``keikaku_logic_model_engine`` chooses for every logic model; a
    directive's ``:engine:`` for its own."""
    src = copy_root("dashboard")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write("graphviz_dot = 'no-such-dot-program'\n")
        conf.write("keikaku_logic_model_engine = 'graphviz'\n")
    result = build(src)
    line = next(w for w in result.warnings.splitlines() if "[keikaku.chart]" in w)
    assert "logic.rst:4:" in line and "'no-such-dot-program'" in line
    assert "keikaku-logic-missing" in result.html("logic")
    logic = src / "logic.rst"
    logic.write_text(
        logic.read_text(encoding="utf8").replace(
            "   :vision: V1\n", "   :vision: V1\n   :engine: keikaku\n"
        ),
        encoding="utf8",
    )
    result = build(src, "-E", out="own")
    assert "[keikaku.chart]" not in result.warnings
    assert len(boxes(diagram(result.html("logic")))) == len(V1_MODEL)


def test_unknown_engine_setting(copy_root: Callable[[str], Path], build: Build) -> None:
    """An unknown value: an error at its line of conf.py, and keikaku draws."""
    src = copy_root("dashboard")
    conf = src / "conf.py"
    lines = conf.read_text(encoding="utf8").count("\n")
    with conf.open("a", encoding="utf8") as file:
        file.write("keikaku_logic_model_engine = 'dot'\n")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if "[keikaku.config]" in w]
    assert len(found) == 1, result.warnings
    assert f"conf.py:{lines + 1}:" in found[0]
    assert "'dot'" in found[0] and "keikaku, graphviz" in found[0]
    assert "Traceback" not in result.warnings
    assert len(boxes(diagram(result.html("logic")))) == len(V1_MODEL)
    assert "87.5%" in result.html("index")  # the dashboard is still there


@pytest.mark.parametrize(
    ("page", "text", "line"),
    [
        ("logic.rst", ".. plan-logic-model::\n   :vision: V1\n   :engine: dot\n", 6),
        ("index.md", "```{plan-logic-model}\n:vision: V1\n:engine: dot\n```", 5),
    ],
)
def test_unknown_engine(
    page: str, text: str, line: int, copy_root: Callable[[str], Path], build: Build
) -> None:
    """An engine keikaku does not know: an error at the option, and the
    diagram drawn by keikaku, the list and the rest of the page kept."""
    src = copy_root("dashboard")
    title = "Page\n====\n\n" if page.endswith(".rst") else "# Page\n\n"
    (src / page).write_text(title + text + "\n\nAfter the model.\n", encoding="utf8")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if "[keikaku.value]" in w]
    assert len(found) == 1, result.warnings
    assert f"{page}:{line}:" in found[0] and "'dot'" in found[0]
    assert "'keikaku'" in found[0] and "'graphviz'" in found[0]
    assert "ERROR" in found[0]
    assert "Traceback" not in result.warnings
    html = result.html(page.split(".")[0])
    assert len(boxes(diagram(html))) == len(V1_MODEL)
    assert "Measure M1 Local disaster preparedness" in re.sub(r"<[^>]+>", "", html)
    assert "After the model." in html
    assert 'id="M1"' in result.html("plan")  # the plan itself is untouched


@pytest.mark.parametrize(
    ("builder", "page", "href"),
    [
        ("dirhtml", "logic/index.html", "../plan/#M1"),
        ("singlehtml", "index.html", "#M1"),
        ("epub", "logic.xhtml", "plan.xhtml#M1"),
    ],
)
def test_diagram_links_in_other_builders(
    builder: str,
    page: str,
    href: str,
    copy_root: Callable[[str], Path],
    build: Build,
) -> None:
    result = build(copy_root("dashboard"), builder=builder)
    assert "Traceback" not in result.warnings
    written = (result.outdir / page).read_text(encoding="utf8")
    found = boxes(diagram(written))
    assert found["M1 Local disaster preparedness"][0] == href
    assert len(found) == len(V1_MODEL)
    if builder == "singlehtml":  # every anchor is on the one page
        assert 'id="M1"' in written


@pytest.mark.parametrize(
    ("page", "text", "line", "hint"),
    [
        ("index.md", "```{plan-dashboard}\n:level: 0\n```", 4, "whole number"),
        ("index.md", "```{plan-dashboard}\n:level: two\n```", 4, "'two'"),
        ("index.md", "```{plan-dashboard}\n:vision: V1, V<2>\n```", 4, ":vision:"),
        ("logic.rst", ".. plan-logic-model::\n", 4, "one vision id"),
        ("logic.rst", ".. plan-logic-model::\n   :vision: V1, V2\n", 5, "one vision"),
    ],
)
def test_bad_options(
    page: str,
    text: str,
    line: int,
    hint: str,
    copy_root: Callable[[str], Path],
    build: Build,
) -> None:
    src = copy_root("dashboard")
    title = "Page\n====\n\n" if page.endswith(".rst") else "# Page\n\n"
    (src / page).write_text(title + text, encoding="utf8")
    result = build(src)
    found = [w for w in result.warnings.splitlines() if "[keikaku.value]" in w]
    assert len(found) == 1, result.warnings
    assert f"{page}:{line}:" in found[0]
    assert hint in found[0]
    assert "Traceback" not in result.warnings


def test_unknown_vision(copy_root: Callable[[str], Path], build: Build) -> None:
    src = copy_root("dashboard")
    (src / "logic.rst").write_text(
        "Logic\n=====\n\n.. plan-logic-model::\n   :vision: V9\n\n"
        ".. plan-dashboard::\n   :vision: M1\n",
        encoding="utf8",
    )
    result = build(src)
    unknown = [w for w in result.warnings.splitlines() if "[keikaku.unknown-id]" in w]
    assert any("logic.rst:4:" in w and "V9" in w for w in unknown), unknown
    assert any("logic.rst:7:" in w and "M1" in w for w in unknown), unknown
    assert "Traceback" not in result.warnings


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub", "text"])
def test_other_builders(
    builder: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    """Every builder writes both; the graphviz node has HTML visitors in
    every HTML builder (keikaku's own nodes name them, so Sphinx would not
    fall back to the ``html`` ones)."""
    result = build(copy_root("dashboard"), builder=builder)
    assert result.status == 0, result.warnings
    assert "unknown node type" not in result.warnings
    assert "Traceback" not in result.warnings
    written = "".join(
        path.read_text(encoding="utf8")
        for path in result.outdir.rglob("*")
        if path.suffix in (".html", ".xhtml", ".txt") and path.is_file()
    )
    assert "87.5%" in written and "Whole plan" in written
    assert "2 measures, 3 indicators and 2 budget links serve V1 Safe city." in written


def test_box_titles_wrap_at_words() -> None:
    from sphinxcontrib_keikaku.output.tables.logicmodel import _wrap

    assert _wrap("Disaster-resilient community") == ["Disaster-resilient", "community"]
    # 20 columns: ten wide characters a line
    assert _wrap("保育・子育て支援サービスの充実") == [
        "保育・子育て支援サー",
        "ビスの充実",
    ]
    assert _wrap("GIGAスクール推進事業") == ["GIGAスクール推進事業"]
    assert _wrap("x" * 30) == ["x" * 20, "x" * 10]


def test_graphviz_engine_page_written_again_once_dot_is_found(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    """With ``:engine: graphviz`` and no ``dot``, the page shows a note; once
    ``dot`` is found (nothing else changed) the page is written again, as
    a fresh build writes it."""
    src = copy_root("dashboard")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write('keikaku_logic_model_engine = "graphviz"\n')
    bare = path_without(tmp_path / "bare", "dot")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", bare)
        first = run_build(src, tmp_path / "inc")
        assert "keikaku-logic-missing" in first.html("logic")
        assert first.warnings.count("[keikaku.chart]") == 1, first.warnings
        patch.setenv("PATH", str(fake_dot(tmp_path / "fake")) + ":" + bare)
        second = run_build(src, tmp_path / "inc")
        assert "[keikaku.chart]" not in second.warnings, second.warnings
        assert "keikaku-logic-missing" not in second.html("logic")
        fresh = run_build(src, tmp_path / "fresh")
        assert second.html("logic") == fresh.html("logic")
