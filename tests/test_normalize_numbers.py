"""Tests of Vietnamese numeral parsing: digits with separators, scale words, spelled numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize.numbers import (
    match_numeral,
    numeral_starts,
    parse_digits,
    parse_fraction,
    parse_number,
    parse_percent,
    split_words,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7", 7.0),
        ("1.200", 1200.0),  # Vietnamese thousands
        ("1,200", 1200.0),  # English thousands: three digits after one separator
        ("1.234.567", 1234567.0),
        ("3,5", 3.5),  # Vietnamese decimal comma
        ("1.5", 1.5),  # English decimal point: not a three-digit group
        ("12,75", 12.75),
        ("0,500", 0.5),  # a leading zero never starts a thousands group
        ("1.234,5", 1234.5),  # both marks: the last one is decimal
        ("1,234.5", 1234.5),
        ("1234,567", 1234.567),  # four digits before: not a thousands group
        ("1.2.3", None),  # version numbers are not numbers
        ("12.34.567", None),
        ("1.234,5.6", None),
        ("", None),
        ("abc", None),
    ],
)
def test_parse_digits(text: str, value: float | None) -> None:
    assert parse_digits(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.400", 2400.0),
        ("4,25 triệu", 4_250_000.0),
        ("7 tỷ", 7e9),
        ("2 tỉ 300 triệu", 2.3e9),  # a smaller scale after a larger one adds
        ("300 nghìn", 300_000.0),
        ("15 ngàn", 15_000.0),
        ("3 vạn", 30_000.0),
        ("4 trăm", 400.0),
        ("hàng trăm ngàn", 100_000.0),
        ("hàng chục", 10.0),
        ("hàng chục nghìn", 10_000.0),
        ("hàng nghìn", 1000.0),
        ("hàng triệu", 1e6),
        ("ba mươi hai", 32.0),
        ("bốn mươi lăm", 45.0),
        ("sáu mươi nhăm", 65.0),
        ("hai mươi mốt", 21.0),
        ("bảy mươi tư", 74.0),
        ("mười", 10.0),
        ("mười bốn", 14.0),
        ("mười lăm", 15.0),
        ("mười một", 11.0),
        ("hai trăm linh sáu", 206.0),
        ("ba trăm lẻ năm", 305.0),
        ("chín trăm năm mươi", 950.0),
        ("bốn nghìn sáu trăm", 4600.0),
        ("tám chục", 80.0),
        ("năm triệu rưỡi", 5_500_000.0),
        ("một trăm rưỡi", 150.0),
        ("ba tỷ bốn trăm triệu", 3.4e9),
        ("5 nghìn tỷ", 5e12),  # a larger scale after a scale multiplies
        ("hàng nghìn tỷ", 1e12),
        ("hai nghìn không trăm linh năm", 2005.0),
        ("bảy", 7.0),
        ("6/8", 0.75),  # a fraction is worth its quotient
        ("12,5%", 12.5),  # a percentage is the number as written
        ("40 %", 40.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "mười năm",  # ten years: fifteen is "mười lăm"
        "ba mươi năm",
        "hai ba",  # a range, not 23
        "tư",  # "four" only after a tens word
        "lăm",
        "mươi",
        "linh năm",
        "trăm",  # a bare scale word needs a number or "hàng"
        "nghìn",
        "triệu",
        "hàng",
        "hàng 100",
        "một trăm năm",  # a hundred years, not 150
        "hai nghìn năm",
        "5 tỷ nghìn",  # a smaller scale right after a scale is not a number
        "không trăm",
        "một mươi",
        "mười mốt",
        "một số",
        "3 dự án",
        "",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("words", "value", "length", "flags"),
    [
        ("5 triệu đồng", 5e6, 2, "scaled"),
        ("hàng trăm ngàn lao động", 1e5, 3, "approximate scaled spelled"),
        ("hai mươi năm qua", 20.0, 2, "spelled"),  # "năm" is left for the duration
        ("một trăm năm", 100.0, 2, "spelled scaled"),
        ("6 % dân số", 6.0, 2, "percent"),
        ("6% dân số", 6.0, 1, "percent"),
        ("ba bên", 3.0, 1, "spelled"),
        ("1.500 người", 1500.0, 1, ""),
    ],
)
def test_match_numeral(words: str, value: float, length: int, flags: str) -> None:
    m = match_numeral(words.split())
    assert m is not None
    assert (m.value, m.length) == (value, length)
    for flag in ("approximate", "scaled", "spelled", "percent"):
        assert getattr(m, flag) == (flag in flags.split()), flag


@pytest.mark.parametrize(
    ("words", "start"),
    [("hơn hai ba người", 1), ("vài trăm người", 0), ("hàng năm", 0), ("trăm năm", 0)],
)
def test_match_numeral_none(words: str, start: int) -> None:
    assert match_numeral(words.split(), start) is None


def test_match_numeral_from_offset() -> None:
    m = match_numeral(["gần", "hai", "mươi", "lăm", "quốc", "gia"], 1)
    assert m is not None and (m.value, m.length) == (25.0, 3)


@pytest.mark.parametrize(
    ("words", "starts"),
    [
        ("hơn 1.200 người lao động", [1]),
        ("hàng chục nghìn tấn", [0, 1, 2]),
        ("ba mươi lăm phần trăm", [0, 1, 2, 4]),
        ("các bên ký kết văn kiện", []),
        ("12,5% dân số", [0]),
    ],
)
def test_numeral_starts(words: str, starts: list[int]) -> None:
    assert numeral_starts(words.split()) == starts


_WORDS = ["hai", "mươi", "lăm", "hàng", "trăm", "nghìn", "rưỡi", "1.200", "3,5", "%", "12%"]
_WORDS += ["không", "linh", "người", "năm", "dự", "án", "tỷ", "đồng", "-", "VIE/90"]


@given(st.lists(st.sampled_from(_WORDS), max_size=10))
def test_no_numeral_outside_numeral_starts(words: list[str]) -> None:
    starts = set(numeral_starts(words))
    for i in range(len(words)):
        if i not in starts:
            assert match_numeral(words, i) is None


def test_split_words_separates_percent() -> None:
    assert split_words("12,5%") == ["12,5", "%"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [("9/10", (9.0, 10.0)), ("180 / 193", (180.0, 193.0)), ("3/0", None), ("9/10/2020", None)],
)
def test_parse_fraction(text: str, parts: tuple[float, float] | None) -> None:
    assert parse_fraction(text) == parts


@pytest.mark.parametrize(
    ("text", "value"), [("12,5%", 12.5), ("6 %", 6.0), ("100%", 100.0), ("6", None), ("%", None)]
)
def test_parse_percent(text: str, value: float | None) -> None:
    assert parse_percent(text) == value


def _group_vi(n: int) -> str:
    """n written the Vietnamese way: "." between thousands groups."""
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(n: int) -> None:
    assert parse_digits(_group_vi(n)) == float(n)
    assert parse_digits(f"{n:,}") == float(n)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_decimal_comma_round_trip(whole: int, cents: int) -> None:
    text = f"{whole},{cents:02d}"
    assert parse_digits(text) == pytest.approx(whole + cents / 100)


_UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell_below_thousand(n: int, *, full: bool) -> list[str]:
    """Standard reading of 0 < n < 1000; `full` writes the hundreds even when zero."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_UNITS[hundreds] or "không", "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_UNITS[units]]
    elif tens == 1:
        words += ["mười"] + (["lăm"] if units == 5 else [_UNITS[units]] if units else [])
    else:
        words += [_UNITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_UNITS[units])
    return words


def _spell(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        words += [*_spell_below_thousand(thousands, full=False), "nghìn"]
    if rest:
        words += _spell_below_thousand(rest, full=bool(thousands))
    return " ".join(words)


@given(st.integers(min_value=1, max_value=999_999))
def test_spelled_numbers_round_trip(n: int) -> None:
    text = _spell(n)
    assert parse_number(text) == float(n), text


@pytest.mark.parametrize(
    ("n", "text"),
    [(2005, "hai nghìn không trăm linh năm"), (21, "hai mươi mốt"), (115, "một trăm mười lăm")],
)
def test_spell_helper_matches_usage(n: int, text: str) -> None:
    assert _spell(n) == text
