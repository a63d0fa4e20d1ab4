"""Flag options read the usual yes/no words in MyST and reStructuredText
(issue 19, item 8): ``:cumulative: false`` is not cumulative, and a value no
flag takes is a ``keikaku.value`` finding at the option's line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.core.flags import FALSE_WORDS, TRUE_WORDS, parse_flag
from sphinxcontrib_keikaku.core.values import PlanValueError

Build = Callable[..., BuildResult]

ON = ["", "true", "True", "YES", "1", "はい", "ｙｅｓ"]
OFF = ["false", "False", "no", "NO", "0", "いいえ", "０"]


@pytest.mark.parametrize("text", ON)
def test_on_words(text: str) -> None:
    assert parse_flag(text) is True


@pytest.mark.parametrize("text", OFF)
def test_off_words(text: str) -> None:
    assert parse_flag(text) is False


def test_bare_flag_is_on() -> None:
    assert parse_flag(None) is True


@pytest.mark.parametrize("text", ["maybe", "y", "off-ish", "2", "true false"])
def test_other_words_are_refused_with_the_spellings(text: str) -> None:
    with pytest.raises(PlanValueError) as err:
        parse_flag(text)
    for word in [w for w in TRUE_WORDS + FALSE_WORDS if w]:
        assert word in str(err.value)


def _myst_indicator(object_id: str, value: str | None) -> str:
    option = ":cumulative:" if value is None else f":cumulative: {value}"
    return (
        f"```{{indicator}} Groups {object_id}\n:id: {object_id}\n:measure: M1\n"
        f":target: 2027: 1\n{option}\n```\n\n"
    )


def _rst_indicator(object_id: str, value: str | None) -> str:
    option = ":cumulative:" if value is None else f":cumulative: {value}"
    return (
        f".. indicator:: Groups {object_id}\n   :id: {object_id}\n"
        f"   :measure: M1\n   :target: 2027: 1\n   {option}\n\n"
    )


def _cumulative(result: BuildResult, docname: str, object_id: str) -> bool:
    """Whether the page shows *object_id* as cumulative."""
    html = result.html(docname)
    start = html.index(f'id="{object_id}"')
    block = html[start : html.index("keikaku-object", start + 1)]
    return bool(re.search(r"Cumulative:</span>\s*yes", block))


CASES: list[tuple[str | None, bool]] = [
    (None, True),
    *[(word, True) for word in ON if word],
    *[(word, False) for word in OFF],
]


def test_cumulative_values_in_myst_and_rst(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("flags")
    myst = (src / "index.md").read_text(encoding="utf8")
    rst = (src / "rst.rst").read_text(encoding="utf8") + "\n"
    for number, (value, _on) in enumerate(CASES):
        myst += _myst_indicator(f"I{number}", value)
        rst += _rst_indicator(f"R{number}", value)
    # a last one so that no block ends the page
    myst += _myst_indicator("Iend", None)
    rst += _rst_indicator("Rend", None)
    (src / "index.md").write_text(myst, encoding="utf8")
    (src / "rst.rst").write_text(rst, encoding="utf8")
    result = build(src)
    assert result.status == 0, result.warnings
    assert "keikaku.value" not in result.warnings
    for number, (value, on) in enumerate(CASES):
        assert _cumulative(result, "index", f"I{number}") is on, ("MyST", value)
        assert _cumulative(result, "rst", f"R{number}") is on, ("reST", value)


@pytest.mark.parametrize("parser", ["myst", "rst"])
def test_unreadable_flag_is_a_value_finding_at_its_line(
    parser: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("flags")
    if parser == "myst":
        page, docname = src / "index.md", "index"
        text = page.read_text(encoding="utf8")
        line = text.count("\n") + 5
        text += _myst_indicator("I1", "maybe") + _myst_indicator("I2", None)
    else:
        page, docname = src / "rst.rst", "rst"
        text = page.read_text(encoding="utf8") + "\n"
        line = text.count("\n") + 5
        text += _rst_indicator("I1", "maybe") + _rst_indicator("I2", None)
    page.write_text(text, encoding="utf8")
    result = build(src)
    assert result.status == 1
    suffix = "md" if parser == "myst" else "rst"
    assert re.search(
        rf"{docname}\.{suffix}:{line}: ERROR: :cumulative: of I1 cannot be read: "
        r"'maybe' is not a yes/no value: .*true, yes, 1 or はい.*false, no, 0 or "
        r"いいえ.* \[keikaku\.value\]",
        result.warnings,
    ), result.warnings
    # the object is still rendered, and not cumulative
    assert not _cumulative(result, docname, "I1")
    assert "docutils" not in result.warnings
    # reported again on a build that reads nothing, like every plan finding
    again = build(src)
    assert again.status == 1
    assert ":cumulative: of I1 cannot be read" in again.warnings


@pytest.mark.parametrize("parser", ["myst", "rst"])
def test_presentation_flags(
    parser: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("flags")
    if parser == "myst":
        page, docname, suffix = src / "index.md", "index", "md"

        def directive(name: str, option: str) -> str:
            return f"```{{{name}}}\n{option}\n```\n\n"
    else:
        page, docname, suffix = src / "rst.rst", "rst", "rst"

        def directive(name: str, option: str) -> str:
            return f".. {name}::\n   {option}\n\n"

    text = page.read_text(encoding="utf8") + "\n"
    text += directive("plan-coverage", ":gaps: false")
    text += directive("plan-coverage", ":gaps: yes")
    bad_line = text.count("\n") + 2
    text += directive("plan-evaluation", ":no-chart: perhaps")
    page.write_text(text, encoding="utf8")
    result = build(src)
    html = result.html(docname)
    # one coverage table lists the gaps, the other does not
    assert html.count("Measures without an indicator:") == 1
    assert re.search(
        rf"{docname}\.{suffix}:{bad_line}: ERROR: :no-chart: of plan-evaluation "
        r"cannot be read: 'perhaps' is not a yes/no value.* \[keikaku\.value\]",
        result.warnings,
    ), result.warnings
    assert "docutils" not in result.warnings
    assert "keikaku-evaluation" in html  # the table is still there
    again = build(src)
    assert ":no-chart: of plan-evaluation cannot be read" in again.warnings
