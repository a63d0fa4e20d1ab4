"""Tests for the classification axes' Sphinx-free core (issue 16):
:mod:`~sphinxcontrib_keikaku.core.sdgs`, :mod:`~sphinxcontrib_keikaku.core.axes`,
:mod:`~sphinxcontrib_keikaku.core.axisvalues` and
:mod:`~sphinxcontrib_keikaku.core.axistables`."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core import i18n
from sphinxcontrib_keikaku.core.axes import (
    RESERVED_OPTIONS,
    Axis,
    AxisError,
    normalise_axes,
    read_axes,
    sdgs_axis,
)
from sphinxcontrib_keikaku.core.axistables import axis_matrix, axis_table
from sphinxcontrib_keikaku.core.axisvalues import (
    AxisValues,
    Badge,
    badges,
    parse_axis_values,
)
from sphinxcontrib_keikaku.core.sdgs import (
    AA_NORMAL_TEXT,
    BLACK,
    GOALS,
    TARGETS,
    WHITE,
    contrast_ratio,
    parse_target,
    relative_luminance,
    target_range,
    target_sort_key,
    text_colour,
)

#: ``shared/sdgs.md`` beside the project's checkouts (/work/shared).
SDGS_MD = Path(__file__).resolve().parents[2] / "shared" / "sdgs.md"

#: The contract's example (authoring contract, Part 2).
CONTRACT = {
    "sdgs": "sdgs",
    "strategy": {
        "label": "総合戦略",
        "values": {
            "1": "稼ぐ地域",
            "2": "人の流れ",
            "3": "結婚・出産・子育て",
            "4": "魅力的な地域",
        },
    },
    "pledge": {
        "label": "市長公約",
        "values": {"P1": "子育て日本一", "P2": "防災先進都市"},
    },
}


@pytest.fixture
def axes() -> dict[str, Axis]:
    return {axis.name: axis for axis in normalise_axes(CONTRACT, language="ja")}


# --- the SDG table ---------------------------------------------------------


@pytest.mark.skipif(not SDGS_MD.exists(), reason="shared/sdgs.md is not here")
def test_goals_are_those_of_shared_sdgs_md() -> None:
    rows = []
    for line in SDGS_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], cells[2], cells[3]))
    assert len(rows) == 17
    assert [(g.number, g.name_ja, g.name_en, g.colour) for g in GOALS] == rows


def test_goals_are_numbered_1_to_17() -> None:
    assert [g.key for g in GOALS] == [str(n) for n in range(1, 18)]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", g.colour) for g in GOALS)


def test_wcag_luminance_and_contrast() -> None:
    assert relative_luminance(WHITE) == pytest.approx(1.0)
    assert relative_luminance(BLACK) == 0.0
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio(BLACK, WHITE) == contrast_ratio(WHITE, BLACK)
    assert contrast_ratio("#E5243B", "#E5243B") == pytest.approx(1.0)
    # Well-known values: #767676 is the lightest grey with AA on white.
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError, match="RRGGBB"):
        relative_luminance("red")


@pytest.mark.parametrize("goal", GOALS, ids=lambda g: f"goal{g.number}")
def test_every_badge_has_aa_contrast(goal: Any) -> None:
    assert goal.text_colour in (WHITE, BLACK)
    assert contrast_ratio(goal.text_colour, goal.colour) >= AA_NORMAL_TEXT
    # White, as on the official icons, wherever white passes.
    if contrast_ratio(WHITE, goal.colour) >= AA_NORMAL_TEXT:
        assert goal.text_colour == WHITE


def test_badge_text_colours() -> None:
    by_number = {g.number: g.text_colour for g in GOALS}
    assert by_number[7] == BLACK  # the yellow
    assert contrast_ratio(BLACK, "#FCC30B") > 12
    assert contrast_ratio(WHITE, "#FCC30B") < 2  # why white will not do
    assert [n for n, c in by_number.items() if c == WHITE] == [1, 4, 8, 10, 13, 16, 17]
    # A stricter minimum (AAA, 7:1) can be asked for.
    assert text_colour("#19486A", 7) == WHITE  # 9.65
    assert text_colour("#FCC30B", 7) == BLACK  # 12.95
    assert text_colour("#DD1367", 7) == WHITE  # neither; white 4.81 > black 4.36
    assert text_colour("#DD1367") == WHITE


def test_black_or_white_always_reaches_aa() -> None:
    # The claim behind text_colour: on any colour one of the two passes.
    steps = range(0, 256, 17)
    for r in steps:
        for g in steps:
            for b in steps:
                colour = f"#{r:02X}{g:02X}{b:02X}"
                assert contrast_ratio(text_colour(colour), colour) >= AA_NORMAL_TEXT


def test_the_169_targets() -> None:
    assert (
        sum(
            n + (ord(last) - ord("a") + 1 if last else 0)
            for n, last in TARGETS.values()
        )
        == 169
    )
    assert sorted(TARGETS) == list(range(1, 18))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11.2", (11, "11.2")),
        ("11.a", (11, "11.a")),
        ("11.C", (11, "11.c")),
        ("17.19", (17, "17.19")),
        ("3.d", (3, "3.d")),
        ("8.10", (8, "8.10")),
        ("11.02", (11, "11.2")),
        ("11", None),
        ("18.1", None),
        ("abc", None),
        ("11.2.1", None),  # an indicator number, not a target
    ],
)
def test_parse_target(text: str, expected: tuple[int, str] | None) -> None:
    parsed = parse_target(text)
    assert (None if parsed is None else (parsed[0].number, parsed[1])) == expected


@pytest.mark.parametrize("text", ["11.8", "11.d", "17.a", "17.20", "1.0", "7.c"])
def test_parse_target_a_goal_does_not_have(text: str) -> None:
    with pytest.raises(LookupError) as info:
        parse_target(text)
    assert info.value.args[0].key == text.split(".")[0]


def test_target_order_and_range() -> None:
    targets = ["11.a", "11.10", "2.1", "11.2", "11.b"]
    assert sorted(targets, key=target_sort_key) == [
        "2.1",
        "11.2",
        "11.10",
        "11.a",
        "11.b",
    ]
    assert target_range(GOALS[10]) == "11.1–11.7, 11.a–11.c"
    assert target_range(GOALS[16]) == "17.1–17.19"


# --- declaring axes --------------------------------------------------------


def test_the_contract_example(axes: dict[str, Axis]) -> None:
    assert list(axes) == ["sdgs", "strategy", "pledge"]
    sdgs, strategy, pledge = axes.values()
    assert sdgs.is_builtin and sdgs.builtin == "sdgs"
    assert sdgs.label == "SDGs"
    assert sdgs.keys == tuple(str(n) for n in range(1, 18))
    assert sdgs.label_of("11") == "住み続けられるまちづくりを"
    assert sdgs.goal("7") is GOALS[6]
    assert not strategy.is_builtin and strategy.builtin is None
    assert strategy.label == "総合戦略"
    assert strategy.values[0] == ("1", "稼ぐ地域")
    assert strategy.keys == ("1", "2", "3", "4")
    assert strategy.goal("1") is None
    assert pledge.label_of("P2") == "防災先進都市"
    with pytest.raises(KeyError):
        pledge.label_of("P3")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("ja", "気候変動に具体的な対策を"),
        ("ja_JP", "気候変動に具体的な対策を"),
        ("en", "Climate Action"),
        (None, "Climate Action"),
        ("de", "Climate Action"),
    ],
)
def test_sdg_names_follow_the_language(language: str | None, name: str) -> None:
    (axis,) = normalise_axes({"sdgs": "sdgs"}, language=language)
    assert axis.label == "SDGs"
    assert axis.label_of("13") == name


def test_the_builtin_axis_under_another_name() -> None:
    (axis,) = normalise_axes({"goals": "sdgs"})
    assert (axis.name, axis.builtin) == ("goals", "sdgs")
    assert axis == sdgs_axis("goals")


def test_lenient_but_canonical_declarations() -> None:
    (axis,) = normalise_axes(
        {"priority-project": {"values": {1: " 子育て ", "２": "防災", "Ｐ３": "交通"}}}
    )
    assert axis.label == "priority-project"  # no label: the name
    assert axis.values == (("1", "子育て"), ("2", "防災"), ("P3", "交通"))
    assert axis.field == "priority_project"
    assert normalise_axes(None) == ()
    assert normalise_axes({}) == ()


def test_axes_pickle_and_hash(axes: dict[str, Axis]) -> None:
    # Sphinx pickles the config with the environment.
    again = pickle.loads(pickle.dumps(tuple(axes.values())))
    assert again == tuple(axes.values())
    assert len({*axes.values()}) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["sdgs"], "write a dict of axis names and axes"),
        ("sdgs", "write a dict of axis names and axes"),
        (
            {"Strategy": "sdgs"},
            "axis name 'Strategy' is not a valid option name.*'strategy'",
        ),
        ({"総合戦略": "sdgs"}, "axis name '総合戦略' is not a valid option name"),
        ({"1st": "sdgs"}, "'1st' is not a valid option name.*'st'"),
        ({"my_axis": "sdgs"}, "'my_axis' is not a valid option name.*'my-axis'"),
        ({1: "sdgs"}, "axis name 1 is not text"),
        ({"target": "sdgs"}, "axis name 'target' is already an option.*choose another"),
        ({"plan": "sdgs"}, "axis name 'plan' is already an option"),
        ({"for": "sdgs"}, "'for' is a Python keyword.*'for-axis'"),
        (
            {"x": "sdg"},
            "axis 'x': 'sdg' is not a built-in axis; the built-in axes are: sdgs",
        ),
        ({"x": 3}, "axis 'x': write 'sdgs' for the built-in SDGs axis or a dict"),
        ({"x": {"label": "X"}}, "axis 'x' has no values: add 'values'"),
        ({"x": {"label": "X", "values": {}}}, "axis 'x' has no values"),
        (
            {"x": {"label": "X", "values": ["a", "b"]}},
            "axis 'x': 'values' must be a dict.*not a list",
        ),
        (
            {"x": {"lable": "X", "values": {"a": "A"}}},
            "axis 'x': unknown key 'lable'; an axis has 'label' and 'values'",
        ),
        (
            {"x": {"label": 1, "values": {"a": "A"}}},
            "axis 'x': the label must be a text",
        ),
        (
            {"x": {"label": " ", "values": {"a": "A"}}},
            "axis 'x': the label must be a text",
        ),
        ({"x": {"values": {"": "A"}}}, "axis 'x' has an empty value key"),
        ({"x": {"values": {"\u3000": "A"}}}, "axis 'x' has an empty value key"),
        ({"x": {"values": {None: "A"}}}, "axis 'x': value key None is not a text"),
        ({"x": {"values": {True: "A"}}}, "axis 'x': value key True is not a text"),
        (
            {"x": {"values": {"a": 1}}},
            "axis 'x': the label of value 'a' must be a text",
        ),
        (
            {"x": {"values": {"a": ""}}},
            "axis 'x': the label of value 'a' must be a text",
        ),
        ({"x": {"values": {"P 1": "A"}}}, "axis 'x': value key 'P 1' contains.*'P-1'"),
        ({"x": {"values": {"P1,P2": "A"}}}, "value key 'P1,P2' contains"),
        (
            {"x": {"values": {"1": "A", "１": "B"}}},
            "axis 'x': the value key '1' is given twice",
        ),
    ],
)
def test_invalid_declarations(value: object, expected: str) -> None:
    with pytest.raises(AxisError) as info:
        normalise_axes(value)
    assert isinstance(info.value, ValueError)
    assert type(info.value.args[0]) is str
    assert re.search(expected, str(info.value)), str(info.value)


def test_reserved_names_are_a_parameter() -> None:
    assert "target" in RESERVED_OPTIONS
    (axis,) = normalise_axes({"target": "sdgs"}, reserved=("status",))
    assert axis.name == "target"
    with pytest.raises(AxisError, match="'status' is already an option"):
        normalise_axes({"status": "sdgs"}, reserved=("status",))


def test_read_axes_keeps_the_valid_axes() -> None:
    axes, errors = read_axes(
        {
            "sdgs": "sdgs",
            "Bad": "sdgs",
            "x": {"label": "X"},
            "pledge": CONTRACT["pledge"],
        }
    )
    assert [a.name for a in axes] == ["sdgs", "pledge"]
    assert [str(e).split(" ")[1:3] for e in errors] == [
        ["name", "'Bad'"],
        ["'x'", "has"],
    ]
    assert read_axes(None) == ((), [])


@pytest.fixture
def shouting() -> Iterator[None]:
    """A translator that marks every message it translates."""
    previous = i18n._translate[0]
    i18n.use_translator(lambda text: "‹" + text + "›")
    try:
        yield
    finally:
        i18n.use_translator(previous)


@pytest.mark.usefixtures("shouting")
def test_messages_are_translated(axes: dict[str, Axis]) -> None:
    with pytest.raises(AxisError) as info:
        normalise_axes({"x": "sdg"})
    assert str(info.value).startswith("‹axis 'x'")
    _values, problems = parse_axis_values(axes["pledge"], "P3, 子育て日本一")
    assert all(p.message.startswith("‹:pledge:") for p in problems)
    _values, problems = parse_axis_values(axes["sdgs"], "18, 11.9")
    assert all(p.message.startswith("‹:sdgs:") for p in problems)
    assert axis_table(axes["pledge"], {}).total.label == "‹Total›"


# --- values on objects -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys", "targets"),
    [
        ("11, 13", ("11", "13"), ()),
        ("13, 11", ("11", "13"), ()),
        ("１１、１３", ("11", "13"), ()),
        ("11，13；4", ("4", "11", "13"), ()),
        ("11 13", ("11", "13"), ()),
        ("11, 11, 11", ("11",), ()),
        ("07", ("7",), ()),
        ("11.2, 13", ("11", "13"), ("11.2",)),
        ("11.b, 11.2, 11, 11.2", ("11",), ("11.2", "11.b")),
        ("１１．ａ", ("11",), ("11.a",)),
        ("", (), ()),
        (" ,、 ", (), ()),
    ],
)
def test_sdg_values(
    axes: dict[str, Axis], text: str, keys: tuple[str, ...], targets: tuple[str, ...]
) -> None:
    values, problems = parse_axis_values(axes["sdgs"], text)
    assert values == AxisValues(keys, targets)
    assert problems == ()


@pytest.mark.parametrize(
    ("text", "keys", "value", "hint", "expected"),
    [
        (
            "18, 11",
            ("11",),
            "18",
            None,
            r"^:sdgs: there is no goal 18; the goals are numbered 1–17$",
        ),
        (
            "11.9, 13",
            ("11", "13"),
            "11.9",
            "11",
            r"goal 11 has no target '11.9' \(its targets are 11.1–11.7, 11.a–11.c\); the value counts under goal 11",
        ),
        (
            "SDG11",
            (),
            "SDG11",
            "11",
            r"'SDG11' is not a value of SDGs; did you mean '11'\? The values are: 1, 2, .*, 17$",
        ),
        ("目標１３", (), "目標13", "13", "did you mean '13'"),
        (
            "気候変動に具体的な対策を, 4",
            ("4",),
            "気候変動に具体的な対策を",
            "13",
            r"^:sdgs: '気候変動に具体的な対策を' is a label; write its key, '13'$",
        ),
        (
            "Climate Action",
            (),
            "Climate Action",
            "13",
            "is a label; write its key, '13'",
        ),
        ("Climate Acton", (), "Climate Acton", "13", "did you mean '13'"),
        (
            "x",
            (),
            "x",
            None,
            r"^:sdgs: 'x' is not a value of SDGs; the values are: 1, 2",
        ),
        # A digit to str.isdigit, but not to int(); NFKC leaves it as it is.
        ("\U00010a40", (), "\U00010a40", None, "is not a value of SDGs"),
    ],
)
def test_bad_sdg_values(
    axes: dict[str, Axis],
    text: str,
    keys: tuple[str, ...],
    value: str,
    hint: str | None,
    expected: str,
) -> None:
    values, problems = parse_axis_values(axes["sdgs"], text)
    assert values.keys == keys
    (problem,) = problems
    assert (problem.value, problem.hint) == (value, hint)
    assert type(problem.message) is str
    assert re.search(expected, problem.message), problem.message


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_read_without_surprises(text: str) -> None:
    axis = sdgs_axis()
    values, problems = parse_axis_values(axis, text)
    assert list(values.keys) == [k for k in axis.keys if k in values.keys]
    assert len(set(values.keys)) == len(values.keys)
    assert all(t.split(".")[0] in values.keys for t in values.targets)
    assert all(type(p.message) is str and p.message for p in problems)


def test_custom_axis_values(axes: dict[str, Axis]) -> None:
    pledge = axes["pledge"]
    assert parse_axis_values(pledge, "P2, P1") == (AxisValues(("P1", "P2")), ())
    assert parse_axis_values(pledge, "ｐ１") == (AxisValues(("P1",)), ())
    # No SDG targets on a custom axis.
    values, (problem,) = parse_axis_values(axes["strategy"], "1.2, 3")
    assert values == AxisValues(("3",))
    assert problem.value == "1.2"


def test_an_unknown_value_hints_the_nearest(axes: dict[str, Axis]) -> None:
    values, problems = parse_axis_values(axes["pledge"], "P3, P1, 子育て日本一, 11 foo")
    assert values.keys == ("P1",)  # the readable values are kept
    assert [(p.value, p.hint) for p in problems] == [
        ("P3", "P2"),
        ("子育て日本一", "P1"),
        ("11", "P1"),  # one character off, like "P3"
        ("foo", None),
    ]
    assert problems[0].message == (
        ":pledge: 'P3' is not a value of 市長公約; did you mean 'P2'? The values are: P1, P2"
    )
    assert (
        problems[3].message
        == ":pledge: 'foo' is not a value of 市長公約; the values are: P1, P2"
    )


def test_case_folding_only_when_unambiguous() -> None:
    axis = Axis("x", "X", (("a", "A"), ("A", "big A"), ("b", "B")))
    assert parse_axis_values(axis, "A, a, B")[0].keys == ("a", "A", "b")
    ambiguous = Axis("y", "Y", (("Ab", "1"), ("aB", "2")))
    values, (problem,) = parse_axis_values(ambiguous, "ab, ａＢ")
    assert values.keys == ("aB",)
    assert problem.value == "ab"


def test_long_value_lists_are_cut_in_messages() -> None:
    axis = Axis(
        "project", "重点プロジェクト", tuple((f"K{n}", f"p{n}") for n in range(1, 31))
    )
    (problem,) = parse_axis_values(axis, "Z")[1]
    assert problem.message.endswith("K19, K20, …")


def test_badges(axes: dict[str, Axis]) -> None:
    values = parse_axis_values(axes["sdgs"], "11.2, 7, 11.b")[0]
    assert badges(axes["sdgs"], values) == (
        Badge("7", "エネルギーをみんなに そしてクリーンに", "#FCC30B", BLACK),
        Badge("11", "住み続けられるまちづくりを", "#FD9D24", BLACK, ("11.2", "11.b")),
    )
    (english,) = normalise_axes({"sdgs": "sdgs"}, language="en")
    assert badges(english, AxisValues(("13",))) == (
        Badge("13", "Climate Action", "#3F7E44", WHITE),
    )
    assert badges(axes["pledge"], AxisValues(("P1",))) == (Badge("P1", "子育て日本一"),)
    assert badges(axes["pledge"], AxisValues()) == ()


# --- plan-axis rows --------------------------------------------------------

GRADES = ("A", "B", "C", "D", "−")


def test_axis_rows(axes: dict[str, Axis]) -> None:
    table = axis_table(
        axes["strategy"],
        {
            "M1": ["1"],
            "M2": AxisValues(("1", "3")),  # a cross-cutting measure
            "M3": ["3", "unknown"],
            "M4": [],
        },
        indicators={"I1-a": ["1"], "I2-a": ["3"], "I2-b": [], "I4-a": ["1", "2"]},
        budget_links={"B1": ["2"], "B2": ["1"]},
        measure_indicators={
            "M1": ["I1-a"],
            "M2": ["I2-a", "I2-b"],
            "M3": ["I2-a"],
            "M4": ["I4-a"],
        },
        measure_budgets={
            "M1": Decimal("100"),
            "M2": Decimal("20.5"),
            "M3": Decimal(7),
            "M4": Decimal(1),
        },
        budget_link_totals={"B1": Decimal(3), "B2": Decimal(4)},
        grades={"M1": "A", "M2": "C", "M3": "−"},
        grade_labels=GRADES,
    )
    assert [row.key for row in table.rows] == ["1", "2", "3", "4"]
    one, two, three, four = table.rows
    assert one.label == "稼ぐ地域"
    assert one.measures == ("M1", "M2")
    assert one.measure_count == 2
    assert one.indicators == ("I1-a", "I2-a", "I2-b")
    assert one.indicator_count == 3
    assert one.flagged_indicators == ("I1-a", "I4-a")
    assert one.flagged_indicator_count == 2
    assert one.flagged_budget_links == ("B2",)
    assert one.budget == Decimal("120.5")
    assert one.flagged_budget == Decimal(4)
    assert one.grades == (("A", 1), ("B", 0), ("C", 1), ("D", 0), ("−", 0))
    assert one.grade_count("A") == 1
    assert one.grade_count("Z") == 0
    assert one.ungraded == 0
    # Served by a flagged indicator and budget link, but by no measure: a gap.
    assert (two.measures, two.flagged_indicators, two.flagged_budget) == (
        (),
        ("I4-a",),
        Decimal(3),
    )
    assert two.budget == Decimal(0)
    assert three.measures == ("M2", "M3")
    assert three.indicators == ("I2-a", "I2-b")
    assert three.grades[4] == ("−", 1)
    assert four.measures == () and four.grades == tuple((g, 0) for g in GRADES)
    assert table.gaps == ("2", "4")
    assert table.unassigned == ("M4",)
    total = table.total
    assert total.key is None and total.label == "Total"
    # Distinct measures: M2 is in two rows but counts once.
    assert total.measures == ("M1", "M2", "M3")
    assert total.measure_count == 3 < sum(r.measure_count for r in table.rows)
    assert total.indicators == ("I1-a", "I2-a", "I2-b")
    assert total.flagged_indicators == ("I1-a", "I2-a", "I4-a")
    assert total.flagged_budget_links == ("B1", "B2")
    assert total.budget == Decimal("127.5")
    assert total.flagged_budget == Decimal(7)
    assert total.grades == (("A", 1), ("B", 0), ("C", 1), ("D", 0), ("−", 1))


def test_ungraded_measures() -> None:
    axis = Axis("x", "X", (("a", "A"),))
    table = axis_table(
        axis,
        {"M1": ["a"], "M2": ["a"], "M3": ["a"]},
        grades={"M1": "B", "M2": "?"},
        grade_labels=("A", "B"),
    )
    (row,) = table.rows
    assert row.grades == (("A", 0), ("B", 1))
    assert row.ungraded == 2
    # Without grade labels every measure is ungraded.
    assert axis_table(axis, {"M1": ["a"]}).rows[0].ungraded == 1


def test_an_axis_that_no_measure_serves(axes: dict[str, Axis]) -> None:
    table = axis_table(axes["pledge"], {"M1": [], "M2": ()}, grade_labels=("A",))
    assert table.gaps == ("P1", "P2")
    assert table.unassigned == ("M1", "M2")
    assert table.total.measures == () and table.total.budget == Decimal(0)
    assert table.total.grades == (("A", 0),)
    empty = axis_table(axes["pledge"], {})
    assert [r.measure_count for r in empty.rows] == [0, 0]
    assert empty.gaps == ("P1", "P2") and empty.unassigned == ()
    no_values = axis_table(Axis("x", "X", ()), {"M1": ["a"]})
    assert (
        no_values.rows == ()
        and no_values.gaps == ()
        and no_values.unassigned == ("M1",)
    )


def test_sdg_rows_with_targets(axes: dict[str, Axis]) -> None:
    sdgs = axes["sdgs"]
    parsed = {
        "M1-1-1": parse_axis_values(sdgs, "11.5, 13")[0],
        "M1-1-2": parse_axis_values(sdgs, "11.b, 11.2")[0],
    }
    plain = {
        "M1-1-1": ["11.5", "13", "13.x", "13.9"],
        "M1-1-2": ["11.b", "11.2", "99.1", "11.", "x.y"],
    }
    for measures in (parsed, plain):
        table = axis_table(sdgs, measures, measure_budgets={"M1-1-1": Decimal(12345)})
        eleven = table.rows[10]
        assert (eleven.key, eleven.label) == ("11", "住み続けられるまちづくりを")
        assert eleven.measures == ("M1-1-1", "M1-1-2")
        assert eleven.targets == ("11.2", "11.5", "11.b")
        assert table.rows[12].measures == ("M1-1-1",) and table.rows[12].targets == ()
        assert table.gaps == tuple(str(n) for n in range(1, 18) if n not in (11, 13))
        assert table.total.targets == ("11.2", "11.5", "11.b")
        assert table.total.budget == Decimal(12345)


def test_matrix(axes: dict[str, Axis]) -> None:
    measures = {"M1": ["1"], "M2": AxisValues(("1", "3")), "M3": []}
    matrix = axis_matrix(axes["strategy"], measures)
    assert matrix.columns == ("1", "2", "3", "4")
    assert matrix.measures == ("M1", "M2", "M3")
    assert matrix.cells == (
        (True, False, False, False),
        (True, False, True, False),
        (False, False, False, False),
    )
    assert matrix.column_counts == (2, 0, 1, 0)
    ordered = axis_matrix(axes["strategy"], measures, order=["M2", "M9"])
    assert ordered.measures == ("M2", "M9")
    assert ordered.cells == ((True, False, True, False), (False,) * 4)
    assert ordered.column_counts == (1, 0, 1, 0)
    # A single key as a str is one key, not its characters.
    assert axis_matrix(axes["sdgs"], {"M1": "11"}).column_counts[:11] == (0,) * 10 + (
        1,
    )
    sdgs = axis_matrix(axes["sdgs"], {"M1": ["11.2"]})
    assert sdgs.cells[0][10] is True and sum(sdgs.cells[0]) == 1
    assert axis_matrix(axes["pledge"], {}).cells == ()


def test_need_fields_list_keys_then_targets(axes: dict[str, Axis]) -> None:
    from sphinxcontrib_keikaku.core.axisvalues import field_name, need_fields

    values, problems = parse_axis_values(axes["sdgs"], "13.a, 11, 11.2")
    assert problems == ()
    assert need_fields({"sdgs": values, "my-axis": AxisValues()}) == {
        "sdgs": ["11", "13", "11.2", "13.a"]
    }
    assert field_name("priority-project") == "priority_project"


def test_canonical_setting_round_trips() -> None:
    from sphinxcontrib_keikaku.sphinxext.settings_axes import _normalise, canonical

    raw = {"sdgs": "sdgs", "pledge": {"label": " 市長公約 ", "values": {1: "子育て"}}}
    value = _normalise(raw)
    assert value == {
        "sdgs": "sdgs",
        "pledge": {"label": "市長公約", "values": {"1": "子育て"}},
    }
    assert _normalise(value) == value
    assert canonical(normalise_axes(value)) == value
