"""Tests of the TIMEX → (date_start, date_end, granularity) function."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize.timex import GRANULARITY_ORDER, bounds_columns, timex_bounds

D = date


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2019-07-15", D(2019, 7, 15), D(2019, 7, 15), "day"),
        ("2019-07", D(2019, 7, 1), D(2019, 7, 31), "month"),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("2019-Q3", D(2019, 7, 1), D(2019, 9, 30), "quarter"),
        ("2019-H1", D(2019, 1, 1), D(2019, 6, 30), "half"),
        ("2019-W05", D(2019, 1, 28), D(2019, 2, 3), "week"),
        ("2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("201", D(2010, 1, 1), D(2019, 12, 31), "decade"),
        ("201X", D(2010, 1, 1), D(2019, 12, 31), "decade"),
        ("20", D(2000, 1, 1), D(2099, 12, 31), "century"),
        ("19XX", D(1900, 1, 1), D(1999, 12, 31), "century"),
        ("2021/2025", D(2021, 1, 1), D(2025, 12, 31), "year"),
        ("2019-01-15/2019-03", D(2019, 1, 15), D(2019, 3, 31), "month"),
        ("1945/1975", D(1945, 1, 1), D(1975, 12, 31), "year"),
    ],
)
def test_bounds(value: str, start: date, end: date, granularity: str) -> None:
    bounds = timex_bounds(value)
    assert bounds is not None
    assert (bounds.start, bounds.end, bounds.granularity) == (start, end, granularity)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "P5Y",
        "PXM",
        "P1Y",
        "XXXX-01-15",
        "XXXX-03",
        "2011/PRESENT_REF",
        "PRESENT_REF",
        "2019-QX",
        "2019-WXX",
        "2019-02-30",
        "2019-13",
        "2021-W53",
        "2025/2021",
        "X019",
        "0000",
    ],
)
def test_durations_sets_and_unresolved_values_have_no_bounds(value: str | None) -> None:
    assert timex_bounds(value) is None
    assert bounds_columns(value) == {"date_start": None, "date_end": None, "date_granularity": None}


days = st.dates(min_value=D(1000, 1, 1), max_value=D(9899, 12, 31))


@given(days)
def test_a_day_is_its_own_bounds(day: date) -> None:
    bounds = timex_bounds(day.isoformat())
    assert bounds is not None and bounds.day_precise
    assert bounds.start == bounds.end == day


UNITS = ("month", "quarter", "half", "week", "year", "decade", "century")


def unit_value(day: date, granularity: str) -> str:
    """The TIMEX value of the unit of `granularity` that contains `day`."""
    iso_year, iso_week, _ = day.isocalendar()
    return {
        "month": f"{day:%Y-%m}",
        "quarter": f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
        "half": f"{day.year:04d}-H{(day.month - 1) // 6 + 1}",
        "week": f"{iso_year:04d}-W{iso_week:02d}",
        "year": f"{day.year:04d}",
        "decade": f"{day.year // 10:03d}",
        "century": f"{day.year // 100:02d}",
    }[granularity]


@given(days)
def test_every_enclosing_unit_contains_the_day_and_tiles_the_calendar(day: date) -> None:
    for granularity in UNITS:
        bounds = timex_bounds(unit_value(day, granularity))
        assert bounds is not None
        assert bounds.granularity == granularity
        assert bounds.start <= day <= bounds.end
        # The unit after this one starts the day after this one ends (no gap, no overlap).
        after = bounds.end + timedelta(days=1)
        following = timex_bounds(unit_value(after, granularity))
        assert following is not None and following.start == after


@given(days, days)
def test_an_interval_spans_from_its_first_ends_start_to_its_last_ends_end(a: date, b: date) -> None:
    first, last = min(a, b), max(a, b)
    for left, right in ((first.isoformat(), f"{last:%Y-%m}"), (f"{first:%Y}", f"{last:%Y}")):
        bounds = timex_bounds(f"{left}/{right}")
        start, end = timex_bounds(left), timex_bounds(right)
        assert bounds is not None and start is not None and end is not None
        assert (bounds.start, bounds.end) == (start.start, end.end)
        assert GRANULARITY_ORDER.index(bounds.granularity) == max(
            GRANULARITY_ORDER.index(start.granularity), GRANULARITY_ORDER.index(end.granularity)
        )


@given(st.text(max_size=12))
def test_any_string_gives_ordered_bounds_or_none(value: str) -> None:
    bounds = timex_bounds(value)
    assert bounds is None or bounds.start <= bounds.end
