"""Tests for :mod:`sphinxcontrib_keikaku.core.values`."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sphinx.locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core import values
from sphinxcontrib_keikaku.core.values import (
    ID_PATTERN,
    PlanValueError,
    check_id,
    format_fiscal_year,
    format_number,
    format_period,
    format_value,
    normalize,
    parse_direction,
    parse_fiscal_year,
    parse_id_list,
    parse_number,
    parse_period,
    parse_value,
    parse_year_value,
    parse_year_values,
    split_year_values,
)
from sphinxcontrib_keikaku.sphinxext.i18n import MESSAGE_CATALOG_NAME


def error_of(func: Callable[..., object], *args: Any, **kwargs: Any) -> str:
    """Call ``func``, expect a PlanValueError and return its message."""
    with pytest.raises(PlanValueError) as info:
        func(*args, **kwargs)
    message = info.value.args[0]
    # A lazy translation proxy here would break pickling and comparisons.
    assert type(message) is str
    assert str(info.value) == message
    assert message.strip()
    return message


# --- normalize -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２５", "2025"),
        ("  Ｒ７ ", "R7"),
        ("１，２３４．５", "1,234.5"),
        ("－３", "-3"),
        ("△３", "△3"),
        ("▲３", "▲3"),
        ("\u3000令和７年度\u3000", "令和7年度"),
        ("2025：19；", "2025:19;"),
        ("plain", "plain"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


# --- fiscal years ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2025", 2025),
        ("FY2025", 2025),
        ("fy 2025", 2025),
        ("Fy2025", 2025),
        ("2025年度", 2025),
        ("2025 年度", 2025),
        ("R7", 2025),
        ("r7", 2025),
        ("R07", 2025),
        ("R 7", 2025),
        ("令和7", 2025),
        ("令和7年度", 2025),
        ("令和元年度", 2019),
        ("令和元", 2019),
        ("R1", 2019),
        ("R元", 2019),
        ("H28", 2016),
        ("平成28年度", 2016),
        ("平成元年度", 1989),
        ("H31", 2019),
        ("S63", 1988),
        ("昭和63年度", 1988),
        ("S64", 1989),
        ("S1", 1926),
        ("２０２５", 2025),
        ("Ｒ７", 2025),
        ("令和７年度", 2025),
        ("ＦＹ２０２５", 2025),
        ("  2025  ", 2025),
        ("\u3000R7\u3000", 2025),
        ("㋿7年度", 2025),
        ("㍻28年度", 2016),
        ("1900", 1900),
        ("2200", 2200),
        ("R182", 2200),
    ],
)
def test_parse_fiscal_year(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H32", "'H32'"),
        ("平成32年度", "平成32年度"),
        ("S65", "S65"),
        ("R0", "era year 0"),
        ("令和0年度", "元"),
        ("H0", "era years start at 1"),
        ("1899", "between 1900 and 2200"),
        ("2201", "between 1900 and 2200"),
        ("25", "'25'"),
        ("R183", "between 1900 and 2200"),
        ("12345678901234567890", "out of range"),
        ("9" * 5000, "out of range"),
        ("", "missing"),
        ("   ", "write a year such as 2025"),
        ("abc", "'abc'"),
        ("2025年", "令和7年度"),
        ("FY", "'FY'"),
        ("R", "'R'"),
        ("T10", "'T10'"),
        ("-2025", "'-2025'"),
        ("2025.5", "FY2025"),
        ("令和七年度", "'令和七年度'"),
    ],
)
def test_parse_fiscal_year_rejects(text: str, expected: str) -> None:
    assert expected in error_of(parse_fiscal_year, text)


def test_parse_fiscal_year_era_end_suggests_western_year() -> None:
    message = error_of(parse_fiscal_year, "H32")
    assert "31" in message
    assert "2020" in message


# --- numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234", Decimal("1234")),
        ("1,234", Decimal("1234")),
        ("1,234,567", Decimal("1234567")),
        ("12.5", Decimal("12.5")),
        ("-3", Decimal("-3")),
        ("+3", Decimal("3")),
        ("\u22123", Decimal("-3")),
        ("１，２３４", Decimal("1234")),
        ("－３", Decimal("-3")),
        ("１２．５", Decimal("12.5")),
        ("△3", Decimal("-3")),
        ("▲3", Decimal("-3")),
        ("△ 1,234", Decimal("-1234")),
        ("△３", Decimal("-3")),
        ("  42  ", Decimal("42")),
        ("0", Decimal("0")),
        ("007", Decimal("7")),
        ("0.001", Decimal("0.001")),
        ("999,999,999,999,999", Decimal("999999999999999")),
        ("-999999999999999.99", Decimal("-999999999999999.99")),
    ],
)
def test_parse_number(text: str, number: Decimal) -> None:
    result = parse_number(text)
    assert isinstance(result, Decimal)
    assert result == number


def test_parse_number_keeps_written_exponent() -> None:
    assert parse_number("12.50").as_tuple() == Decimal("12.50").as_tuple()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "missing"),
        ("   ", "write one such as 1234"),
        ("NaN", "'NaN'"),
        ("nan", "not a finite number"),
        ("inf", "'inf'"),
        ("-Infinity", "not a finite number"),
        ("sNaN", "not a finite number"),
        ("1e5", "exponent"),
        ("1E+5", "100000"),
        ("1.5e3", "'1.5e3'"),
        ("12,34", "'12,34'"),
        ("1,2345", "group digits by three"),
        (",123", "thousands separators"),
        ("1,,234", "thousands separators"),
        ("1234,567", "1,234,567"),
        ("1000000000000000", "too large"),
        ("-1,000,000,000,000,000", "too large"),
        ("abc", "'abc'"),
        ("100%", "no unit"),
        ("12人", "'12人'"),
        ("1.2.3", "'1.2.3'"),
        ("12.", "'12.'"),
        (".5", "'.5'"),
        ("--3", "'--3'"),
        ("△-3", "'△-3'"),
        ("3-", "'3-'"),
        ("設置", "'設置'"),
        ("١٢٣", "1234"),  # Arabic-Indic digits are not folded by NFKC
    ],
)
def test_parse_number_rejects(text: str, expected: str) -> None:
    assert expected in error_of(parse_number, text)


# --- values ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["設置", "策定", "完了", " 運用開始 ", "△", "R7"])
def test_parse_value_text(text: str) -> None:
    assert parse_value(text, allow_text=True) == text.strip()
    assert "cannot read" in error_of(parse_value, text, allow_text=False)


def test_parse_value_keeps_text_as_written() -> None:
    # Full-width letters are the author's spelling, not a number.
    assert parse_value(" ＯＫ ", allow_text=True) == "ＯＫ"


@pytest.mark.parametrize("allow_text", [True, False])
@pytest.mark.parametrize(
    ("text", "number"),
    [("19", Decimal(19)), ("１，２３４", Decimal(1234)), ("△3", Decimal(-3))],
)
def test_parse_value_number(text: str, number: Decimal, allow_text: bool) -> None:
    assert parse_value(text, allow_text=allow_text) == number


@pytest.mark.parametrize(
    "text", ["12,34", "1e5", "100%", "NaN", "inf", "1 234", "1.2.3", "", "   "]
)
def test_parse_value_malformed_number_is_not_text(text: str) -> None:
    error_of(parse_value, text, allow_text=True)


# --- year–value lists ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("2025: 19, 2027: 21", [("2025", "19"), ("2027", "21")]),
        ("2024: 12,345, 2025: 12,000", [("2024", "12,345"), ("2025", "12,000")]),
        ("2024:12,345,2025:12,000", [("2024", "12,345"), ("2025", "12,000")]),
        ("2023: 16", [("2023", "16")]),
        ("令和7年度: 19、令和9年度：21", [("令和7年度", "19"), ("令和9年度", "21")]),
        ("R7: 1,234; R8: 2,345", [("R7", "1,234"), ("R8", "2,345")]),
        ("R7：１，２３４，R8：５", [("R7", "１，２３４"), ("R8", "５")]),
        ("2025: 19\n2027: 21", [("2025", "19"), ("2027", "21")]),
        ("2025: 19,\n  2027: 21,", [("2025", "19"), ("2027", "21")]),
        ("FY2025: 1, fy 2026: 2", [("FY2025", "1"), ("fy 2026", "2")]),
        ("H30: △1,000, R1: ▲2", [("H30", "△1,000"), ("R1", "▲2")]),
        (
            "2026: 設置、運用開始, 2027: 完了",
            [("2026", "設置、運用開始"), ("2027", "完了")],
        ),
        ("２０２５：１９", [("２０２５", "１９")]),
        ("2025: 1,000,000, 2026: 2", [("2025", "1,000,000"), ("2026", "2")]),
    ],
)
def test_split_year_values(text: str, pairs: list[tuple[str, str]]) -> None:
    assert split_year_values(text) == pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "2025: 19, 2027: 21"),
        (" , ", "no 'year: value' pair"),
        ("19", "'19'"),
        ("2025 19", "'2025 19'"),
        ("2025: 19, 21", None),  # "19, 21" stays one value; parsing rejects it
        ("2025:", "no value"),
        (": 19", "no year"),
        ("2025: 19 2027: 21", "separate pairs with commas"),
        ("abc, 2025: 19", "'abc' has no colon"),
        ("19, 2025: 3", "write each pair as year: value"),
    ],
)
def test_split_year_values_rejects(text: str, expected: str | None) -> None:
    if expected is None:
        assert split_year_values(text) == [("2025", "19, 21")]
        error_of(parse_year_values, text)
    else:
        assert expected in error_of(split_year_values, text)


def test_split_separator_sets_are_complete() -> None:
    # Every character NFKC folds to a separator or colon must split too, or
    # split_year_values and parse_fiscal_year would disagree on full-width text.
    targets = {",", "、", ";", ":"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if folded in targets:
            assert char in values._SEPARATOR_CHARS + values._COLON_CHARS, hex(code)
    for line_break in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029":
        assert line_break in values._SEPARATOR_CHARS


@pytest.mark.parametrize(
    ("text", "allow_text", "result"),
    [
        ("2025: 19, 2027: 21", False, {2025: Decimal(19), 2027: Decimal(21)}),
        ("2027: 21, 2025: 19", False, {2025: Decimal(19), 2027: Decimal(21)}),
        (
            "2024: 12,345, 2025: 12,000",
            False,
            {2024: Decimal(12345), 2025: Decimal(12000)},
        ),
        ("R6: △1,000", False, {2024: Decimal(-1000)}),
        ("令和8年度: 設置", True, {2026: "設置"}),
        ("R7: 10, R9: 策定", True, {2025: Decimal(10), 2027: "策定"}),
    ],
)
def test_parse_year_values(
    text: str, allow_text: bool, result: dict[int, values.Value]
) -> None:
    parsed = parse_year_values(text, allow_text=allow_text)
    assert parsed == result
    assert list(parsed) == sorted(parsed)


@pytest.mark.parametrize(
    ("text", "allow_text", "expected"),
    [
        ("2025: 19, R7: 20", False, "2025"),
        ("令和7年度: 1, FY2025: 2", False, "given twice"),
        ("", False, "no 'year: value' pair"),
        ("   ", True, "2025: 19"),
        ("2025: 設置", False, "'設置'"),
        ("2025: 12,34", True, "'12,34'"),
        ("2025: 1e5", True, "exponent"),
        ("H32: 1", False, "'H32'"),
        ("abc: 1", False, "'abc'"),
    ],
)
def test_parse_year_values_rejects(text: str, allow_text: bool, expected: str) -> None:
    assert expected in error_of(parse_year_values, text, allow_text=allow_text)


def test_parse_year_value() -> None:
    assert parse_year_value("2023: 16") == (2023, Decimal(16))
    assert parse_year_value("R5: 未設置", allow_text=True) == (2023, "未設置")
    assert "exactly one" in error_of(parse_year_value, "2023: 16, 2024: 17")
    error_of(parse_year_value, "16")


# --- periods ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024-2027",
        "R6-R9",
        "2024〜2027",
        "2024～2027",
        "2024~2027",
        "2024–2027",
        "2024—2027",
        "2024\u22122027",
        "令和6年度～令和9年度",
        "FY2024-FY2027",
        "2024 - 2027",
        "２０２４－２０２７",
        "2024年度-R9",
    ],
)
def test_parse_period(text: str) -> None:
    assert parse_period(text) == (2024, 2027)


def test_parse_period_single_year() -> None:
    assert parse_period("2025-2025") == (2025, 2025)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-2024", "earlier year first"),
        ("2024", "'2024'"),
        ("", "2024-2027"),
        ("2024-2025-2026", "two fiscal years"),
        ("-2024-2027", "'-2024-2027'"),
        ("2024--2027", "'2024--2027'"),
        ("2024-", "R6-R9"),
        ("H32-R3", "'H32'"),
        ("1899-1900", "between 1900 and 2200"),
        ("2024 2027", "'2024 2027'"),
    ],
)
def test_parse_period_rejects(text: str, expected: str) -> None:
    assert expected in error_of(parse_period, text)


# --- directions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        *[
            (w, "up")
            for w in [
                "up",
                "UP",
                " Up ",
                "increase",
                "higher",
                "増加",
                "増",
                "上昇",
                "向上",
                "拡大",
                "ＵＰ",
            ]
        ],
        *[
            (w, "down")
            for w in [
                "down",
                "Decrease",
                "lower",
                "減少",
                "減",
                "低下",
                "削減",
                "縮小",
            ]
        ],
        *[(w, "keep") for w in ["keep", "KEEP", "maintain", "維持", "現状維持"]],
    ],
)
def test_parse_direction(text: str, direction: str) -> None:
    assert parse_direction(text) == direction


@pytest.mark.parametrize("text", ["", "sideways", "upward", "増減", "上"])
def test_parse_direction_rejects(text: str) -> None:
    message = error_of(parse_direction, text)
    assert repr(text.strip()) in message
    for word in ("up", "down", "keep", "増加", "減少", "維持"):
        assert word in message


# --- ids -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("V1, V1-2", ["V1", "V1-2"]),
        ("V1、V1-2", ["V1", "V1-2"]),
        ("V1 V1-2", ["V1", "V1-2"]),
        ("V1,V1-2,V1", ["V1", "V1-2"]),
        (" M2 , M1 ,, M2 ", ["M2", "M1"]),
        ("Ｖ１，Ｖ２", ["V1", "V2"]),
        ("V1\nV2", ["V1", "V2"]),
        ("", []),
        ("  ,  ", []),
    ],
)
def test_parse_id_list(text: str, ids: list[str]) -> None:
    assert parse_id_list(text) == ids


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("V1", "V1"),
        (" M1-2-3 ", "M1-2-3"),
        ("B-0123", "B-0123"),
        ("a.b_c", "a.b_c"),
        ("1st", "1st"),
        ("Ｍ１", "M1"),
    ],
)
def test_check_id(text: str, result: str) -> None:
    assert check_id(text) == result


@pytest.mark.parametrize(
    "text", ["", "-V1", "_a", ".a", "V 1", "V1/2", "施策1", "V1:2", "é"]
)
def test_check_id_rejects(text: str) -> None:
    message = error_of(check_id, text)
    assert "such as M1-2-3" in message
    if text:
        assert repr(text) in message
        assert "ASCII letters" in message


def test_id_pattern() -> None:
    assert ID_PATTERN.match("V1-2_a.b")
    assert not ID_PATTERN.match("V1\n")
    assert not ID_PATTERN.match("ｖ1")


# --- formatting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "decimals", "text"),
    [
        (Decimal("102461314"), None, "102,461,314"),
        (Decimal("12.5"), None, "12.5"),
        (Decimal("12.50"), None, "12.50"),
        (Decimal("-3"), None, "-3"),
        (Decimal("-1234567.5"), None, "-1,234,567.5"),
        (Decimal("1E+3"), None, "1,000"),
        (Decimal("1E-7"), None, "0.0000001"),
        (Decimal("0"), None, "0"),
        (Decimal("-0"), None, "0"),
        (Decimal("618.55"), 1, "618.6"),
        (Decimal("618.549"), 1, "618.5"),
        (Decimal("-618.55"), 1, "-618.6"),
        (Decimal("100"), 1, "100.0"),
        (Decimal("1234.5"), 0, "1,235"),
        (Decimal("-0.04"), 1, "0.0"),
        (Decimal("1E+3"), 2, "1,000.00"),
        (Decimal("999999999999999999999999999999.95"), 1, "1" + ",000" * 10 + ".0"),
    ],
)
def test_format_number(number: Decimal, decimals: int | None, text: str) -> None:
    assert format_number(number, decimals=decimals) == text


@pytest.mark.parametrize("number", [Decimal("NaN"), Decimal("Infinity")])
def test_format_number_rejects_non_finite(number: Decimal) -> None:
    error_of(format_number, number)


def test_format_value() -> None:
    assert format_value(Decimal("12345")) == "12,345"
    assert format_value("設置") == "設置"


@pytest.mark.parametrize(
    ("year", "style", "language", "text"),
    [
        (2025, "western", "ja", "2025年度"),
        (2025, "era", "ja", "令和7年度"),
        (2019, "era", "ja", "令和元年度"),
        (2018, "era", "ja", "平成30年度"),
        (1989, "era", "ja", "平成元年度"),
        (1988, "era", "ja", "昭和63年度"),
        (2025, "era", "ja_JP", "令和7年度"),
        (2025, "western", None, "FY2025"),
        (2025, "western", "en", "FY2025"),
        (2025, "era", None, "FY2025 (R7)"),
        (2019, "era", "en", "FY2019 (R1)"),
        (2018, "era", "de", "FY2018 (H30)"),
        (1988, "era", None, "FY1988 (S63)"),
        (1920, "era", "ja", "1920年度"),
        (1920, "era", None, "FY1920"),
    ],
)
def test_format_fiscal_year(
    year: int, style: values.YearStyle, language: str | None, text: str
) -> None:
    assert format_fiscal_year(year, style=style, language=language) == text


@pytest.mark.parametrize(
    ("style", "language", "text"),
    [
        ("western", "ja", "2024年度～2027年度"),
        ("era", "ja", "令和6年度～令和9年度"),
        ("western", None, "FY2024–FY2027"),
        ("era", "en", "FY2024 (R6)–FY2027 (R9)"),
    ],
)
def test_format_period(
    style: values.YearStyle, language: str | None, text: str
) -> None:
    assert format_period(2024, 2027, style=style, language=language) == text


# --- messages --------------------------------------------------------------


def test_messages_are_plain_str_with_a_translator(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # As inside a Sphinx build with language = "ja": a catalog is registered,
    # so ``_`` returns translated str instead of lazy proxies.
    template = "%r is too large: numbers must be smaller than 10^15 in absolute value"
    catalog = Catalog(locale="ja", domain=MESSAGE_CATALOG_NAME)
    catalog.add(template, "%r は大きすぎます")
    mo_dir = tmp_path / "ja" / "LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    with (mo_dir / f"{MESSAGE_CATALOG_NAME}.mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    monkeypatch.setattr(sphinx.locale, "translators", {})
    sphinx.locale.init([tmp_path], "ja", MESSAGE_CATALOG_NAME)

    assert error_of(parse_number, "1" * 20) == repr("1" * 20) + " は大きすぎます"
    # Messages without a translation stay English.
    assert "'12,34'" in error_of(parse_number, "12,34")


def test_broken_translation_does_not_crash() -> None:
    error = values._error("needs a number %d", "not a number")
    assert "'not a number'" in str(error)


def test_errors_are_value_errors() -> None:
    assert issubclass(PlanValueError, ValueError)


# --- properties ------------------------------------------------------------

_NUMERIC_ALPHABET = "0123456789０１２,.，．-+−－△▲eE %　 nafiNIF"
_YEAR_ALPHABET = "0123456789０１RHSrhsFY令和平成昭和元年度 :：,、，;\n-~～〜–"

texts = st.one_of(
    st.text(),
    st.text(alphabet=_NUMERIC_ALPHABET),
    st.text(alphabet=_YEAR_ALPHABET),
    st.text(alphabet=_NUMERIC_ALPHABET + _YEAR_ALPHABET + "設置"),
)


def _only_plan_value_error(func: Callable[[str], object], text: str) -> object:
    try:
        return func(text)
    except PlanValueError as error:
        assert type(error.args[0]) is str
        return error


@given(texts)
def test_parse_fiscal_year_total(text: str) -> None:
    result = _only_plan_value_error(parse_fiscal_year, text)
    if not isinstance(result, PlanValueError):
        assert type(result) is int
        assert 1900 <= result <= 2200


@given(texts)
def test_parse_number_total(text: str) -> None:
    result = _only_plan_value_error(parse_number, text)
    if not isinstance(result, PlanValueError):
        assert isinstance(result, Decimal)
        assert result.is_finite()
        assert abs(result) < 10**15


@given(texts, st.booleans())
def test_parse_value_total(text: str, allow_text: bool) -> None:
    result = _only_plan_value_error(
        lambda t: parse_value(t, allow_text=allow_text), text
    )
    if isinstance(result, str):
        assert allow_text
        assert result == text.strip()
        assert result
    elif not isinstance(result, PlanValueError):
        assert isinstance(result, Decimal)


@given(texts)
def test_split_year_values_total(text: str) -> None:
    result = _only_plan_value_error(split_year_values, text)
    if isinstance(result, list):
        assert result
        for year, value in result:
            assert year == year.strip() and year
            assert value == value.strip() and value


@given(texts, st.booleans())
def test_parse_year_values_total(text: str, allow_text: bool) -> None:
    result = _only_plan_value_error(
        lambda t: parse_year_values(t, allow_text=allow_text), text
    )
    if isinstance(result, dict):
        assert result
        assert list(result) == sorted(result)
        for year, value in result.items():
            assert type(year) is int
            assert isinstance(value, Decimal | str)


@given(texts)
def test_parse_year_value_total(text: str) -> None:
    result = _only_plan_value_error(parse_year_value, text)
    if isinstance(result, tuple):
        year, value = result
        assert type(year) is int
        assert isinstance(value, Decimal)


@given(texts)
def test_parse_period_total(text: str) -> None:
    result = _only_plan_value_error(parse_period, text)
    if isinstance(result, tuple):
        start, end = result
        assert 1900 <= start <= end <= 2200


@given(texts)
def test_parse_direction_total(text: str) -> None:
    result = _only_plan_value_error(parse_direction, text)
    if not isinstance(result, PlanValueError):
        assert result in ("up", "down", "keep")


@given(texts)
def test_parse_id_list_and_check_id_total(text: str) -> None:
    ids = parse_id_list(text)
    assert len(ids) == len(set(ids))
    assert all(ids)
    result = _only_plan_value_error(check_id, text)
    if isinstance(result, str):
        assert ID_PATTERN.match(result)


@given(st.integers(1900, 2200), st.sampled_from(["western", "era"]))
def test_fiscal_year_round_trip(year: int, style: values.YearStyle) -> None:
    assert (
        parse_fiscal_year(format_fiscal_year(year, style=style, language="ja")) == year
    )
    assert parse_fiscal_year(format_fiscal_year(year, language="en")) == year


@given(st.integers(1900, 2200), st.integers(0, 20))
def test_period_round_trip(start: int, length: int) -> None:
    end = min(start + length, 2200)
    for language in ("ja", None):
        assert parse_period(format_period(start, end, language=language)) == (
            start,
            end,
        )
    assert parse_period(format_period(start, end, style="era", language="ja")) == (
        start,
        end,
    )


finite_decimals = st.decimals(
    min_value=-(10**15) + 1,
    max_value=10**15 - 1,
    allow_nan=False,
    allow_infinity=False,
)


@given(finite_decimals)
def test_format_number_round_trip(number: Decimal) -> None:
    text = format_number(number)
    assert "E" not in text and "e" not in text
    assert parse_number(text) == number


@given(finite_decimals, st.integers(0, 4))
def test_format_number_decimals(number: Decimal, decimals: int) -> None:
    text = format_number(number, decimals=decimals)
    if decimals:
        assert len(text.rpartition(".")[2]) == decimals
    else:
        assert "." not in text
    assert abs(parse_number(text) - number) <= Decimal(1).scaleb(-decimals) / 2


def _spell_year(year: int, spelling: str) -> str:
    if spelling == "fy":
        return f"FY{year}"
    if spelling == "ja":
        return format_fiscal_year(year, language="ja")
    if spelling == "era" and year >= 1926:
        return format_fiscal_year(year, style="era", language="ja")
    if spelling == "wide":
        return unicodedata.normalize("NFKC", str(year)).translate(
            str.maketrans("0123456789", "０１２３４５６７８９")
        )
    return str(year)


@given(
    st.dictionaries(
        st.integers(1900, 2200),
        st.tuples(
            finite_decimals, st.sampled_from(["plain", "fy", "ja", "era", "wide"])
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([", ", ",", "、", "; ", "\n", "，", ",\n"]),
    st.sampled_from([": ", ":", "：", " : "]),
)
def test_parse_year_values_round_trip(
    pairs: dict[int, tuple[Decimal, str]], separator: str, colon: str
) -> None:
    text = separator.join(
        f"{_spell_year(year, spelling)}{colon}{format_number(number)}"
        for year, (number, spelling) in pairs.items()
    )
    parsed = parse_year_values(text)
    assert parsed == {year: number for year, (number, _) in sorted(pairs.items())}
    assert list(parsed) == sorted(pairs)
