"""TIMEX values and anchoring in `extract.normalize.dates`."""

from __future__ import annotations

from datetime import date

import pytest

from extract.normalize import dates as nd


@pytest.mark.parametrize(
    ("point", "value"),
    [
        (nd.DatePoint(nd.YEAR, 2018), "2018"),
        (nd.DatePoint(nd.MONTH, 2025, 11), "2025-11"),
        (nd.DatePoint(nd.DAY, 2019, 1, 15), "2019-01-15"),
        (nd.DatePoint(nd.QUARTER, 2020, quarter=1), "2020-Q1"),
        (nd.DatePoint(nd.WEEK, 2025, week=9), "2025-W09"),
        (nd.DatePoint(nd.DECADE, 1990), "199"),
        (nd.DatePoint(nd.CENTURY, 2000), "20"),
        (nd.DatePoint(nd.DAY, None, 1, 15), "XXXX-01-15"),
        (nd.DatePoint(nd.MONTH, None, 3), "XXXX-03"),
        (nd.DatePoint(nd.YEAR), "XXXX"),
        (nd.DatePoint(nd.QUARTER, None), "XXXX-QX"),
    ],
)
def test_point_value(point: nd.DatePoint, value: str) -> None:
    assert nd.point_value(point) == value


@pytest.mark.parametrize(
    ("point", "published", "direction", "value"),
    [
        # Same day as publication.
        (nd.DatePoint(nd.DAY, None, 1, 15), date(2019, 1, 15), "nearest", "2019-01-15"),
        # December mentioned in early January is last year's.
        (nd.DatePoint(nd.DAY, None, 12, 28), date(2024, 1, 5), "nearest", "2023-12-28"),
        # Within the 31-day horizon after publication: this year.
        (nd.DatePoint(nd.DAY, None, 2, 10), date(2024, 1, 20), "nearest", "2024-02-10"),
        # Beyond the horizon: the year before.
        (nd.DatePoint(nd.DAY, None, 3, 10), date(2024, 1, 20), "nearest", "2023-03-10"),
        (nd.DatePoint(nd.MONTH, None, 12), date(2024, 11, 20), "nearest", "2024-12"),
        (nd.DatePoint(nd.QUARTER, None, quarter=4), date(2025, 11, 27), "nearest", "2025-Q4"),
        # "vừa qua" never lands after publication; "tới" never before it.
        (nd.DatePoint(nd.MONTH, None, 12), date(2024, 11, 20), "past", "2023-12"),
        (nd.DatePoint(nd.MONTH, None, 3), date(2024, 11, 20), "future", "2025-03"),
        # 29 February falls back to the last leap year.
        (nd.DatePoint(nd.DAY, None, 2, 29), date(2023, 6, 1), "nearest", "2020-02-29"),
        # No publication date: the year stays unknown, never "today".
        (nd.DatePoint(nd.DAY, None, 1, 15), None, "nearest", "XXXX-01-15"),
        # A written year is kept.
        (nd.DatePoint(nd.DAY, 2010, 1, 15), date(2024, 1, 1), "nearest", "2010-01-15"),
    ],
)
def test_fill_year(
    point: nd.DatePoint, published: date | None, direction: nd.Direction, value: str
) -> None:
    filled = nd.fill_year(point, published=published, direction=direction)
    assert nd.point_value(filled) == value


def test_inherit_parts_month_and_year() -> None:
    start = nd.DatePoint(nd.DAY, None, None, 19)
    end = nd.DatePoint(nd.DAY, 2022, 10, 20)
    assert nd.point_value(nd.inherit_parts(start, end)) == "2022-10-19"


def test_inherit_parts_wraps_to_previous_year() -> None:
    start = nd.DatePoint(nd.MONTH, None, 11)
    end = nd.DatePoint(nd.MONTH, 2020, 2)
    assert nd.point_value(nd.inherit_parts(start, end)) == "2019-11"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (nd.DatePoint(nd.YEAR, 2016), nd.DatePoint(nd.YEAR, 2020), True),
        (nd.DatePoint(nd.YEAR, 2020), nd.DatePoint(nd.YEAR, 2016), False),
        (nd.DatePoint(nd.DAY, None, 3, 5), nd.DatePoint(nd.DAY, None, 3, 1), False),
    ],
)
def test_ordered(start: nd.DatePoint, end: nd.DatePoint, expected: bool) -> None:
    assert nd.ordered(start, end) is expected


@pytest.mark.parametrize(
    ("granularity", "published", "value"),
    [
        (nd.YEAR, date(2025, 11, 27), "2025"),
        (nd.MONTH, date(2025, 11, 27), "2025-11"),
        (nd.DAY, date(2025, 11, 27), "2025-11-27"),
        (nd.QUARTER, date(2025, 11, 27), "2025-Q4"),
        (nd.YEAR, None, nd.PRESENT_REF),
    ],
)
def test_present_value(granularity: str, published: date | None, value: str) -> None:
    assert nd.present_value(granularity, published=published) == value


@pytest.mark.parametrize(
    ("granularity", "offset", "published", "value"),
    [
        (nd.YEAR, -1, date(2022, 1, 30), "2021"),
        (nd.YEAR, 0, date(2022, 1, 30), "2022"),
        (nd.YEAR, 1, date(2022, 1, 30), "2023"),
        (nd.MONTH, -1, date(2024, 1, 10), "2023-12"),
        (nd.MONTH, 1, date(2024, 12, 10), "2025-01"),
        (nd.QUARTER, 1, date(2024, 11, 10), "2025-Q1"),
        (nd.WEEK, 1, date(2025, 11, 27), "2025-W49"),
        (nd.DAY, -1, date(2024, 3, 1), "2024-02-29"),
        (nd.CENTURY, -1, date(2024, 3, 1), "19"),
        (nd.YEAR, -1, None, "XXXX"),
        (nd.DAY, 0, None, "XXXX-XX-XX"),
    ],
)
def test_relative_point(granularity: str, offset: int, published: date | None, value: str) -> None:
    assert nd.point_value(nd.relative_point(granularity, offset, published=published)) == value


@pytest.mark.parametrize(
    ("parts", "value"),
    [
        ([(80, "Y")], "P80Y"),
        ([(None, "M")], "PXM"),
        ([(None, "Y")], "PXY"),
        ([(1.5, "Y")], "P18M"),
        ([(1, "Y"), (10, "M")], "P1Y10M"),
        ([(2, "W")], "P2W"),
        ([(0.5, "Y")], "P6M"),
        ([(0.5, "W")], "P0.5W"),
        ([(2, "D")], "P2D"),
        ([(1.5, "M")], "P1.5M"),
    ],
)
def test_duration_value(parts: list[tuple[float | None, str]], value: str) -> None:
    assert nd.duration_value(parts) == value


@pytest.mark.parametrize(
    ("amount", "word", "expected"),
    [
        (2, "thập kỷ", (20, "Y")),
        (2, "quý", (6, "M")),
        (None, "năm", (None, "Y")),
        (1, "thế kỷ", (100, "Y")),
    ],
)
def test_unit_duration(amount: float | None, word: str, expected: tuple[float | None, str]) -> None:
    assert nd.unit_duration(amount, word) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("80", 80),
        ("1.000", 1000),
        ("1,5", 1.5),
        ("hai", 2),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("ba mươi tư", 34),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("một rưỡi", 1.5),
        ("nửa", 0.5),
        ("hai ba", None),
        ("nhiều", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert nd.parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("XXI", 21), ("xx", 20), ("IV", 4), ("XIX", 19), ("ABC", None)]
)
def test_roman_to_int(text: str, value: int | None) -> None:
    assert nd.roman_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), ("12", 12), ("13", None), ("Giêng", 1), ("Mười hai", 12), ("Chạp", 12), ("Tư", 4)],
)
def test_month_from_word(text: str, value: int | None) -> None:
    assert nd.month_from_word(text) == value


@pytest.mark.parametrize(("text", "value"), [("I", 1), ("IV", 4), ("3", 3), ("V", None)])
def test_quarter_from_word(text: str, value: int | None) -> None:
    assert nd.quarter_from_word(text) == value


def test_century_and_decade_points() -> None:
    assert nd.point_value(nd.century_point(21)) == "20"
    assert nd.point_value(nd.century_point(20)) == "19"
    assert nd.point_value(nd.decade_point(1995)) == "199"


@pytest.mark.parametrize(
    ("digits", "century", "published", "value"),
    [
        (90, None, date(2025, 1, 1), "199"),
        (20, None, date(2025, 1, 1), "202"),
        (20, 20, date(2025, 1, 1), "192"),
        (80, 19, None, "188"),
    ],
)
def test_two_digit_decade(
    digits: int, century: int | None, published: date | None, value: str
) -> None:
    assert (
        nd.point_value(nd.two_digit_decade(digits, century=century, published=published)) == value
    )


def test_year_months_interval() -> None:
    assert nd.year_months_interval(2025, 7, 12) == "2025-07/2025-12"
    assert nd.year_months_interval(None, 1, 6) == "XXXX-01/XXXX-06"


@pytest.mark.parametrize(
    ("point", "valid"),
    [
        (nd.DatePoint(nd.DAY, 2023, 2, 29), False),
        (nd.DatePoint(nd.DAY, None, 2, 29), True),
        (nd.DatePoint(nd.DAY, 2023, 4, 31), False),
        (nd.DatePoint(nd.MONTH, 2023, 13), False),
    ],
)
def test_valid_point(point: nd.DatePoint, valid: bool) -> None:
    assert nd.valid_point(point) is valid
