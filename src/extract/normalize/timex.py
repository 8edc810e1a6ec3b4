"""Typed time: the inclusive calendar bounds and granularity of a TIMEX value.

One pure function, `timex_bounds`, used for every table that carries a TIMEX string (DATE
mentions, events' `date_value`, agreements' `first_date`), so an analyst can filter and join on
real dates while the TIMEX strings stay as written by the grammar:

* `2019-07-15` → 2019-07-15..2019-07-15 (day); `2019-07` → 2019-07-01..2019-07-31 (month);
  `2019-Q3`, `2019-H1`, `2019-W05` (ISO week), `2019`, decade `201` or `201X`, century `20` or
  `20XX`;
* an interval `A/B` spans from A's first day to B's last day, at the coarser granularity of
  its ends; an end that is `PRESENT_REF` or otherwise unresolved makes the whole value unknown;
* durations (`P5Y`), sets, an unknown year (`XXXX-01-15`) or any other unresolved part give
  None: bounds are never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

#: Granularities from finest to coarsest; an interval takes the coarser of its two ends.
GRANULARITY_ORDER: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
    "millennium",
)

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_YEAR = re.compile(r"\d{4}")
# "201X" / "20XX" / "2XXX": a year with its last digits unknown is a decade, century, millennium.
_YEAR_PREFIX = re.compile(r"(\d{1,3})(X{1,3})")
# TIMEX3 short forms written by the date grammar: decade "201", century "20".
_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")
_PREFIX_GRANULARITY = {1: "decade", 2: "century", 3: "millennium"}


@dataclass(frozen=True, slots=True)
class TimexBounds:
    """Inclusive first and last day of a TIMEX value, and the granularity it was written at."""

    start: date
    end: date
    granularity: str

    @property
    def day_precise(self) -> bool:
        """Whether the value names exactly one day."""
        return self.start == self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _years(first: int, last: int, granularity: str) -> TimexBounds | None:
    if first < 1 or last > 9999:
        return None
    return TimexBounds(date(first, 1, 1), date(last, 12, 31), granularity)


def _point_bounds(value: str) -> TimexBounds | None:
    """Bounds of one point value (no interval); None when it is not a resolved point."""
    try:
        if m := _DAY.fullmatch(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return TimexBounds(day, day, "day")
        if m := _MONTH.fullmatch(value):
            year, month = int(m[1]), int(m[2])
            return TimexBounds(date(year, month, 1), _month_end(year, month), "month")
        if m := _QUARTER.fullmatch(value):
            year, first = int(m[1]), 3 * int(m[2]) - 2
            return TimexBounds(date(year, first, 1), _month_end(year, first + 2), "quarter")
        if m := _HALF.fullmatch(value):
            year, first = int(m[1]), 6 * int(m[2]) - 5
            return TimexBounds(date(year, first, 1), _month_end(year, first + 5), "half")
        if m := _WEEK.fullmatch(value):
            year, week = int(m[1]), int(m[2])
            return TimexBounds(
                date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7), "week"
            )
    except ValueError:  # month 13, day 31 of a 30-day month, week 53 of a 52-week year
        return None
    if _YEAR.fullmatch(value):
        return _years(int(value), int(value), "year")
    if m := _YEAR_PREFIX.fullmatch(value):
        if len(m[1]) + len(m[2]) != 4:
            return None
        span = 10 ** len(m[2])
        first = int(m[1]) * span
        return _years(first, first + span - 1, _PREFIX_GRANULARITY[len(m[2])])
    if _DECADE.fullmatch(value):
        return _years(int(value) * 10, int(value) * 10 + 9, "decade")
    if _CENTURY.fullmatch(value):
        return _years(int(value) * 100, int(value) * 100 + 99, "century")
    return None


def coarser(a: str, b: str) -> str:
    """The coarser of two granularities."""
    return max(a, b, key=GRANULARITY_ORDER.index)


def timex_bounds(value: str | None) -> TimexBounds | None:
    """Inclusive calendar bounds of a TIMEX value; None for durations, sets, unresolved values."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        first, _, last = value.partition("/")
        start, end = _point_bounds(first), _point_bounds(last)
        if start is None or end is None or end.end < start.start:
            return None
        return TimexBounds(start.start, end.end, coarser(start.granularity, end.granularity))
    return _point_bounds(value)


def bounds_columns(value: str | None) -> dict[str, date | str | None]:
    """The `date_start`, `date_end` and `date_granularity` columns of a row with this value."""
    bounds = timex_bounds(value)
    if bounds is None:
        return {"date_start": None, "date_end": None, "date_granularity": None}
    return {
        "date_start": bounds.start,
        "date_end": bounds.end,
        "date_granularity": bounds.granularity,
    }
