"""core.logicmodel_layout without Sphinx, and the SVG written from it:
no box overlaps another or its text, every arrow joins the boxes of its
link, the columns keep the outline's order, the same input gives the same
output, and plan text is escaped."""

from __future__ import annotations

import doctest
import itertools
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core import logicmodel_layout
from sphinxcontrib_keikaku.core.logicmodel import LogicModel
from sphinxcontrib_keikaku.core.logicmodel_layout import (
    Layout,
    layout,
    text_px,
    wrap,
)
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, Measure, Vision
from sphinxcontrib_keikaku.output.charts.spec import (
    Diagram,
    DiagramBox,
    DiagramEdge,
    DiagramHeading,
)
from sphinxcontrib_keikaku.output.logicmodel_svg import svg_markup

HEADINGS = (
    "投入（予算事業）",
    "活動（施策）",
    "成果（成果指標）",
    "目的（政策・基本目標）",
)
SVG = "{http://www.w3.org/2000/svg}"


def _model() -> LogicModel:
    """V0 ← V1, V2; M1 (I1, I2) → V1; M2 (no indicator) → V2; M3 (I3) → V1
    and V2; B1 → M1, B2 → M2 and M3."""
    v0, v1, v2 = (
        Vision("V0", "みんなの未来", "p", 1),
        Vision("V1", "安全", "p", 2, parents=("V0",)),
        Vision("V2", "子育て", "p", 3, parents=("V0",)),
    )
    m1 = Measure("M1", "防災訓練の充実", "p", 4, visions=("V1",))
    m2 = Measure("M2", "保育・子育て支援サービスの充実", "p", 5, visions=("V2",))
    m3 = Measure("M3", "見守り", "p", 6, visions=("V1", "V2"))
    return LogicModel(
        v0,
        visions=[v0, v1, v2],
        measures=[m1, m2, m3],
        indicators=[
            Indicator("I1", "訓練参加者数", "p", 7, measures=("M1",)),
            Indicator("I2", "火災件数", "p", 8, measures=("M1",)),
            Indicator("I3", "見守り世帯数", "p", 9, measures=("M3",)),
        ],
        budget_links=[
            BudgetLink("B1", "防災事業", "p", 10, measures=("M1",)),
            BudgetLink("B2", "地域事業", "p", 11, measures=("M2", "M3")),
        ],
        edges=[
            ("B1", "M1"),
            ("B2", "M2"),
            ("B2", "M3"),
            ("M1", "I1"),
            ("I1", "V1"),
            ("M1", "I2"),
            ("I2", "V1"),
            ("M2", "V2"),
            ("M3", "I3"),
            ("I3", "V1"),
            ("I3", "V2"),
            ("V1", "V0"),
            ("V2", "V0"),
        ],
        unmeasured=[m2],
    )


def _lines(model: LogicModel) -> dict[str, list[str]]:
    objects = [
        *model.budget_links,
        *model.measures,
        *model.indicators,
        *model.visions,
    ]
    return {o.id: [f"種類 {o.id}", *wrap(o.title), "評価 A"] for o in objects}


def near(a: float, b: float) -> bool:
    """Equal but for the rounding to tenths of the layout."""
    return abs(a - b) <= 0.1


def _check(drawn: Layout, model: LogicModel) -> None:
    """No overlaps, no text outside its box, every arrow where it belongs."""
    by_column: dict[int, list[tuple[float, float]]] = {}
    for box in drawn.boxes:
        by_column.setdefault(box.column, []).append((box.y, box.y + box.h))
        assert box.x >= 0 and box.x + box.w <= drawn.width
        assert box.y >= 0 and box.y + box.h <= drawn.height
        band = drawn.columns[box.column]
        assert band.x <= box.x and box.x + box.w <= band.x + band.w
        assert band.y <= box.y and box.y + box.h <= band.y + band.h
        for index, line in enumerate(box.lines):
            assert box.text_x + text_px(line) <= box.x + box.w + 0.1
            assert box.y < box.baseline(index) < box.y + box.h
    for spans in by_column.values():
        spans.sort()
        for (_top, bottom), (top, _bottom) in itertools.pairwise(spans):
            assert bottom < top, spans
    edges = {(e.source, e.target): e for e in drawn.edges}
    assert list(edges) == list(dict.fromkeys(model.edges))
    for (source_id, target_id), edge in edges.items():
        source, target = drawn.box(source_id), drawn.box(target_id)
        (x0, y0), *_controls, (x1, y1) = edge.points
        assert near(x0, source.x + source.w) and source.y < y0 < source.y + source.h
        assert target.y < y1 < target.y + target.h
        if target.column > source.column:
            assert near(x1, target.x)  # into its left side
        else:  # a child vision to its parent, in the same column
            assert target.column == source.column
            assert near(x1, target.x + target.w)


def test_module_examples() -> None:
    result = doctest.testmod(logicmodel_layout)
    assert result.attempted >= 8
    assert result.failed == 0


def test_layout() -> None:
    model = _model()
    drawn = layout(model, _lines(model), HEADINGS)
    _check(drawn, model)
    assert [c.text for c in drawn.columns] == list(HEADINGS)
    columns = {box.id: box.column for box in drawn.boxes}
    assert columns == {
        "B1": 0,
        "B2": 0,
        "M1": 1,
        "M2": 1,
        "M3": 1,
        "I1": 2,
        "I2": 2,
        "I3": 2,
        "V0": 3,
        "V1": 3,
        "V2": 3,
    }
    # every box as wide, as high as its lines
    assert len({box.w for box in drawn.boxes}) == 1
    assert drawn.box("M2").h == drawn.box("M1").h + 16  # two title lines


def test_boxes_follow_their_links() -> None:
    """A box with one link sits level with it when nothing is in the way;
    a box linked to two sits between them."""
    model = _model()
    drawn = layout(model, _lines(model), HEADINGS)
    assert drawn.box("B1").centre_y == drawn.box("M1").centre_y
    i1, i2, m1 = drawn.box("I1"), drawn.box("I2"), drawn.box("M1")
    assert i1.y < m1.centre_y < i2.y + i2.h
    b2 = drawn.box("B2").centre_y
    assert drawn.box("M2").centre_y < b2 < drawn.box("M3").centre_y


def test_order_follows_the_outline() -> None:
    model = _model()
    lines = _lines(model)

    def column_order(drawn: Layout, column: int) -> list[str]:
        found = [box for box in drawn.boxes if box.column == column]
        return [box.id for box in sorted(found, key=lambda b: b.y)]

    drawn = layout(model, lines, HEADINGS)
    assert column_order(drawn, 1) == ["M1", "M2", "M3"]
    assert column_order(drawn, 3) == ["V0", "V1", "V2"]
    turned = layout(model, lines, HEADINGS, order=["M3", "M2", "M1", "V2", "V1"])
    _check(turned, model)
    assert column_order(turned, 1) == ["M3", "M2", "M1"]
    assert column_order(turned, 3) == ["V2", "V1", "V0"]  # V0 not in the order


def test_same_input_same_output() -> None:
    model = _model()
    lines = _lines(model)
    first = layout(model, lines, HEADINGS)
    again = layout(model, {k: tuple(v) for k, v in lines.items()}, HEADINGS)
    assert first == again and repr(first) == repr(again)


def test_empty_columns_are_left_out() -> None:
    model = _model()
    model.budget_links = []
    model.edges = [e for e in model.edges if not e[0].startswith("B")]
    drawn = layout(model, _lines(model), HEADINGS)
    assert [c.text for c in drawn.columns] == list(HEADINGS[1:])
    _check(drawn, model)


def test_wrap_keeps_marks_with_their_characters() -> None:
    """禁則: no line starts with 、。」 or ends with 「（ ."""
    for title in (
        "子どもが健やかに育ち、学びが広がるまち",
        "「授業の内容がよく分かる」と回答した児童生徒の割合",
        "安心して子どもを産み育てられる環境をつくる。",
        "地域の（仮称）まちづくりセンター整備",
    ):
        lines = wrap(title)
        assert "".join(lines) == title
        for line in lines:
            assert line[0] not in "、。」）", lines
            assert line[-1] not in "「（", lines
            assert logicmodel_layout.text_width(line) <= logicmodel_layout.WRAP


@settings(max_examples=40, deadline=None)
@given(
    links=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 3)),
        min_size=1,
        max_size=20,
    ),
    lengths=st.lists(st.integers(1, 60), min_size=6, max_size=6),
)
def test_any_model(links: list[tuple[int, int, int]], lengths: list[int]) -> None:
    """Whatever the links and titles: no overlaps, arrows where they belong."""
    vision = Vision("V0", "目" * lengths[0], "p", 1)
    measures = [Measure(f"M{i}", "施" * lengths[i], "p", 2) for i in range(6)]
    indicators = [Indicator(f"I{i}", "x " * lengths[i], "p", 3) for i in range(6)]
    links_of = [BudgetLink(f"B{i}", "予算", "p", 4) for i in range(4)]
    edges: dict[tuple[str, str], None] = {}
    for measure, indicator, budget in links:
        edges[(f"B{budget}", f"M{measure}")] = None
        edges[(f"M{measure}", f"I{indicator}")] = None
        edges[(f"I{indicator}", "V0")] = None
    model = LogicModel(
        vision,
        visions=[vision],
        measures=measures,
        indicators=indicators,
        budget_links=links_of,
        edges=list(edges),
    )
    drawn = layout(model, _lines(model), HEADINGS)
    _check(drawn, model)
    assert drawn == layout(model, _lines(model), HEADINGS)


def test_svg_escapes_plan_text() -> None:
    """Titles, lines, links and the alt text are text, never markup."""
    hostile = "<script>alert(\"x\")</script> & 'Co'"
    link = 'plan.html#M1" onmouseover="alert(1)'
    diagram = Diagram(
        width=200.0,
        height=100.0,
        font_size=12.0,
        headings=(DiagramHeading(hostile, 0, 0, 200, 100, 8, 17),),
        boxes=(
            DiagramBox(
                object_id="M1",
                title=hostile,
                x=10,
                y=30,
                w=180,
                h=60,
                text_x=18,
                lines=(hostile, "(no indicator)"),
                baselines=(48, 64),
                fill="#e1eaf8",
                warning_lines=1,
            ),
        ),
        edges=(DiagramEdge(((0, 0), (1, 1), (2, 2), (3, 3)), dashed=True),),
    )
    markup = svg_markup(diagram, (link,), hostile)
    assert "<script" not in markup
    svg = ET.fromstring(markup)
    assert svg.get("aria-label") == hostile
    assert svg.findtext(f"{SVG}title") == hostile
    (anchor,) = svg.iter(f"{SVG}a")
    assert anchor.get("href") == link and anchor.get("onmouseover") is None
    assert anchor.get("{http://www.w3.org/1999/xlink}href") == link
    assert anchor.findtext(f"{SVG}title") == f"M1 {hostile}"
    texts = list(svg.iter(f"{SVG}text"))
    assert [t.text for t in texts] == [hostile, hostile, "(no indicator)"]
    assert texts[-1].get("fill") != texts[-2].get("fill")  # the gap in red
    assert any(p.get("stroke-dasharray") for p in svg.iter(f"{SVG}path"))


def test_a_vision_alone() -> None:
    """Nothing under the vision yet: one box; links to objects outside the
    model draw nothing."""
    vision = Vision("V9", "", "p", 1)
    model = LogicModel(vision, visions=[vision], edges=[("M0", "V9")])
    drawn = layout(model, {}, HEADINGS)
    assert [box.id for box in drawn.boxes] == ["V9"]
    assert drawn.box("V9").lines == ("V9",)  # no lines given: the id
    assert [c.text for c in drawn.columns] == [HEADINGS[3]]
    assert drawn.edges == ()


def test_text_contrast_is_aa() -> None:
    """Every text colour of the diagram against every fill it sits on:
    at least 4.5:1 (WCAG 1.4.3), in a light and a dark theme alike, since
    the card is white in both."""
    from sphinxcontrib_keikaku.core.sdgs import contrast_ratio
    from sphinxcontrib_keikaku.output.charts import style
    from sphinxcontrib_keikaku.output.tables.logicmodel import _FILL

    for fill in _FILL.values():
        for ink in (style.DIAGRAM_INK, style.DIAGRAM_WARNING):
            assert contrast_ratio(ink, fill) >= 4.5, (ink, fill)
    assert contrast_ratio(style.DIAGRAM_HEADING, style.DIAGRAM_BAND) >= 4.5
