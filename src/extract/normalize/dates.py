"""Where dates are normalized: TIMEX3-style values for Vietnamese temporal expressions.

Pure functions, no I/O. The grammar in `extract.extractors.dates` parses a surface form
into parts (year, month, day, quarter, an amount and a unit); this module turns those parts
into values (ANNOTATION.md §2) and anchors what the text leaves open to the publication date:

* points are written at the granularity of the text (`2018`, `2025-11`, `2019-01-15`,
  `2020-Q1`, `2025-W48`, decade `199`, century `20`);
* a missing year is filled from the publication date — the nearest such date not after
  publication + 31 days — and stays `XXXX` when the publication date is unknown (never
  "today": the value must not depend on when the pipeline runs);
* intervals are `START/END`; a "nay/hiện nay" end is the publication date at the other end's
  granularity, or `PRESENT_REF` when the publication date is unknown;
* durations and sets are ISO 8601 periods (`P80Y`, `P5Y2M`, `PXM` for an unspecified number).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

PRESENT_REF = "PRESENT_REF"
UNKNOWN = "X"
FILL_HORIZON = timedelta(days=31)

CENTURY = "century"
DECADE = "decade"
YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
WEEK = "week"
DAY = "day"
GRANULARITIES: tuple[str, ...] = (CENTURY, DECADE, YEAR, QUARTER, MONTH, WEEK, DAY)

Direction = Literal["nearest", "past", "future"]

# Vietnamese month names ("tháng Giêng" … "tháng Chạp"); multi-word names first so that a
# longest-first alternation built from this mapping never stops at "mười".
MONTH_NAMES: dict[str, int] = {
    "mười một": 11,
    "mười hai": 12,
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "chạp": 12,
}

# Words that count in spelled-out numbers; "mốt", "lăm/nhăm", "tư" are the forms used after
# "mươi" ("hai mươi mốt", "mười lăm", "hai mươi tư").
_DIGIT_WORDS: dict[str, int] = {
    "không": 0,
    "linh": 0,
    "lẻ": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_ZERO_FILLERS = frozenset({"không", "linh", "lẻ"})  # "một trăm linh năm" = 105
SPELLED_NUMBER_WORDS: frozenset[str] = frozenset(
    {*_DIGIT_WORDS, "mười", "mươi", "trăm", "nghìn", "ngàn", "nửa", "rưỡi"}
)

# Duration/set unit words -> (ISO 8601 designator, multiplier).
UNIT_CODES: dict[str, tuple[str, int]] = {
    "năm": ("Y", 1),
    "tháng": ("M", 1),
    "tuần": ("W", 1),
    "ngày": ("D", 1),
    "quý": ("M", 3),
    "quí": ("M", 3),
    "thập kỷ": ("Y", 10),
    "thập kỉ": ("Y", 10),
    "thập niên": ("Y", 10),
    "thế kỷ": ("Y", 100),
    "thế kỉ": ("Y", 100),
}

# Relative words after a unit ("năm qua", "tháng tới") -> offset from the publication date.
RELATIVE_OFFSETS: dict[str, int] = {
    "nay": 0,
    "này": 0,
    "qua": -1,
    "vừa qua": -1,
    "ngoái": -1,
    "trước": -1,
    "rồi": -1,
    "tới": 1,
    "sắp tới": 1,
    "sau": 1,
    "kế tiếp": 1,
}

# Day words: "hôm nay" etc.; a part of day followed by "nay/qua/mai" uses the same offsets.
DAY_OFFSETS: dict[str, int] = {
    "hôm nay": 0,
    "ngày hôm nay": 0,
    "hôm qua": -1,
    "ngày hôm qua": -1,
    "hôm kia": -2,
    "ngày mai": 1,
    "nay": 0,
    "qua": -1,
    "mai": 1,
}

_ROMAN_VALUES: dict[str, int] = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class DatePoint:
    """A calendar point at a granularity; `None` parts are unknown (written `X` in the value).

    Centuries and decades keep their first year in `year` (2000 for "thế kỷ XXI", 1990 for
    "thập niên 1990"); weeks are ISO weeks (`year` is then the ISO week-year).
    """

    granularity: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    week: int | None = None


def point_value(point: DatePoint) -> str:
    """TIMEX value of a point at its own granularity (`XXXX` for an unknown year)."""
    year = f"{point.year:04d}" if point.year is not None else "XXXX"
    g = point.granularity
    if g == CENTURY:
        return f"{point.year // 100:02d}" if point.year is not None else "XX"
    if g == DECADE:
        return f"{point.year // 10:03d}" if point.year is not None else "XXX"
    if g == YEAR:
        return year
    if g == QUARTER:
        return f"{year}-Q{point.quarter if point.quarter is not None else UNKNOWN}"
    if g == WEEK:
        return f"{year}-W{point.week:02d}" if point.week is not None else f"{year}-WXX"
    month = f"{point.month:02d}" if point.month is not None else "XX"
    if g == MONTH:
        return f"{year}-{month}"
    day = f"{point.day:02d}" if point.day is not None else "XX"
    return f"{year}-{month}-{day}"


def valid_point(point: DatePoint) -> bool:
    """Whether the written parts form a possible calendar point (31/2 is not one)."""
    if point.month is not None and not 1 <= point.month <= 12:
        return False
    if point.quarter is not None and not 1 <= point.quarter <= 4:
        return False
    if point.day is None:
        return True
    if not 1 <= point.day <= 31:
        return False
    # A leap year stands in for an unknown year so that "29/2" stays possible.
    return _safe_date(point.year if point.year is not None else 2000, point.month or 1, point.day)


def _safe_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _first_day(point: DatePoint, year: int) -> date | None:
    """First calendar day the point covers in `year`, None if that day does not exist."""
    month = point.month or (3 * (point.quarter - 1) + 1 if point.quarter else 1)
    day = point.day or 1
    if not _safe_date(year, month, day):
        return None
    return date(year, month, day)


def reference_date(point: DatePoint) -> date | None:
    """First day covered by a point with a known year (for ordering interval ends)."""
    if point.year is None:
        return None
    if point.granularity == WEEK and point.week is not None:
        return date.fromisocalendar(point.year, point.week, 1)
    return _first_day(point, point.year)


def fill_year(
    point: DatePoint, *, published: date | None, direction: Direction = "nearest"
) -> DatePoint:
    """Fill a missing year from the publication date; unchanged when it cannot be filled.

    `nearest` takes the latest year whose date is not after publication + 31 days (an article
    speaks of the recent past or the coming weeks); `past` ("tháng 3 vừa qua") takes the
    latest year not after publication; `future` ("tháng 3 tới") the earliest not before it.
    """
    if point.year is not None or published is None:
        return point
    if point.granularity not in (QUARTER, MONTH, DAY):
        return point
    pub_start = _first_day(
        replace(
            point,
            month=published.month if point.granularity != QUARTER else None,
            quarter=(published.month - 1) // 3 + 1 if point.granularity == QUARTER else None,
            day=published.day if point.granularity == DAY else None,
        ),
        published.year,
    )
    # Down to four years back so that 29 February always finds a leap year.
    years = tuple(published.year + 1 - k for k in range(6))
    if direction == "future":
        for year in sorted(years):
            first = _first_day(point, year)
            if first is not None and pub_start is not None and first >= pub_start:
                return replace(point, year=year)
        return point
    limit = published + FILL_HORIZON if direction == "nearest" else published
    for year in years:
        first = _first_day(point, year)
        if first is not None and first <= limit:
            return replace(point, year=year)
    return point


def inherit_parts(start: DatePoint, end: DatePoint) -> DatePoint:
    """Give an interval start the year (and month) it leaves unwritten from its end.

    "từ 19-20/10/2022", "tháng 3 đến tháng 5/2020": the start shares the end's month and year;
    when the start would then fall after the end ("tháng 11 đến tháng 2/2020") it belongs to the
    year before.
    """
    filled = start
    if filled.granularity == DAY and filled.month is None and end.month is not None:
        filled = replace(filled, month=end.month)
    if filled.year is None and end.year is not None:
        filled = replace(filled, year=end.year)
        first, last = reference_date(filled), reference_date(end)
        if first is not None and last is not None and first > last:
            filled = replace(filled, year=end.year - 1)
    return filled


def ordered(start: DatePoint, end: DatePoint) -> bool:
    """Whether an interval runs forward (unknown years are given the benefit of the doubt)."""
    first, last = reference_date(start), reference_date(end)
    if first is None or last is None:
        if start.year is None and end.year is None and start.month and end.month:
            return (start.month, start.day or 0) <= (end.month, end.day or 0)
        return True
    return first <= last


def interval_value(start: str, end: str) -> str:
    """TIMEX interval value `START/END`."""
    return f"{start}/{end}"


def present_value(granularity: str, *, published: date | None) -> str:
    """The value of "nay/hiện nay" as an interval end: publication at the given granularity."""
    if published is None:
        return PRESENT_REF
    return point_value(at_granularity(published, granularity))


def at_granularity(day: date, granularity: str) -> DatePoint:
    """The point of the given granularity that contains `day`."""
    if granularity == CENTURY:
        return DatePoint(CENTURY, year=day.year // 100 * 100)
    if granularity == DECADE:
        return DatePoint(DECADE, year=day.year // 10 * 10)
    if granularity == YEAR:
        return DatePoint(YEAR, year=day.year)
    if granularity == QUARTER:
        return DatePoint(QUARTER, year=day.year, quarter=(day.month - 1) // 3 + 1)
    if granularity == MONTH:
        return DatePoint(MONTH, year=day.year, month=day.month)
    if granularity == WEEK:
        iso = day.isocalendar()
        return DatePoint(WEEK, year=iso.year, week=iso.week)
    return DatePoint(DAY, year=day.year, month=day.month, day=day.day)


def relative_point(granularity: str, offset: int, *, published: date | None) -> DatePoint:
    """The point `offset` units from publication ("năm ngoái": year, -1); unknown if no date."""
    if published is None:
        return DatePoint(granularity)
    if granularity == CENTURY:
        return DatePoint(CENTURY, year=(published.year // 100 + offset) * 100)
    if granularity == DECADE:
        return DatePoint(DECADE, year=(published.year // 10 + offset) * 10)
    if granularity == YEAR:
        return DatePoint(YEAR, year=published.year + offset)
    if granularity == QUARTER:
        index = published.year * 4 + (published.month - 1) // 3 + offset
        return DatePoint(QUARTER, year=index // 4, quarter=index % 4 + 1)
    if granularity == MONTH:
        index = published.year * 12 + published.month - 1 + offset
        return DatePoint(MONTH, year=index // 12, month=index % 12 + 1)
    if granularity == WEEK:
        return at_granularity(published + timedelta(weeks=offset), WEEK)
    return at_granularity(published + timedelta(days=offset), DAY)


def year_months_interval(year: int | None, first_month: int, last_month: int) -> str:
    """A span of months inside one year ("6 tháng cuối năm 2025" -> `2025-07/2025-12`)."""
    start = point_value(DatePoint(MONTH, year=year, month=first_month))
    end = point_value(DatePoint(MONTH, year=year, month=last_month))
    return interval_value(start, end)


def century_point(number: int) -> DatePoint:
    """The century numbered `number` ("thế kỷ XXI" = 21 -> TIMEX `20`, the years 20xx)."""
    return DatePoint(CENTURY, year=(number - 1) * 100)


def decade_point(year: int) -> DatePoint:
    """The decade that starts with `year` (1990 -> TIMEX `199`)."""
    return DatePoint(DECADE, year=year // 10 * 10)


def two_digit_decade(digits: int, *, century: int | None, published: date | None) -> DatePoint:
    """A decade written with two digits ("thập niên 90") in the given or the likeliest century."""
    if century is not None:
        return decade_point((century - 1) * 100 + digits)
    # Without a century, a decade not yet begun at publication is last century's ("những năm 80").
    now = published.year if published is not None else 2000
    base = now // 100 * 100
    return decade_point(base + digits if base + digits <= now else base - 100 + digits)


def _format_amount(amount: float) -> str:
    if float(amount).is_integer():
        return str(int(amount))
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def duration_value(parts: Sequence[tuple[float | None, str]]) -> str:
    """ISO 8601 period from (amount, designator) parts; `None` amount -> `X` ("mấy tháng" -> PXM).

    Fractions of a year become months and fractions of a week days ("năm rưỡi" -> P18M) so that
    the value keeps whole numbers where the calendar allows.
    """
    totals: dict[str, float | None] = {}
    for amount, unit in parts:
        if amount is not None and not float(amount).is_integer():
            if unit == "Y" and float(amount * 12).is_integer():
                amount, unit = amount * 12, "M"
            elif unit == "W" and float(amount * 7).is_integer():
                amount, unit = amount * 7, "D"
        if unit in totals:
            previous = totals[unit]
            totals[unit] = None if previous is None or amount is None else previous + amount
        else:
            totals[unit] = amount
    text = "".join(
        f"{UNKNOWN if totals[u] is None else _format_amount(totals[u])}{u}"  # type: ignore[arg-type]
        for u in ("Y", "M", "W", "D")
        if u in totals
    )
    return f"P{text}" if text else "P0D"


def unit_duration(amount: float | None, unit_word: str) -> tuple[float | None, str]:
    """(amount, designator) for an amount of a Vietnamese unit word ("2 thập kỷ" -> (20, 'Y'))."""
    designator, factor = UNIT_CODES[unit_word.lower()]
    return (None if amount is None else amount * factor), designator


def roman_to_int(text: str) -> int | None:
    """Value of a Roman numeral (I…C), None if `text` is not one."""
    text = text.upper()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if total > 0 else None


def parse_number(text: str) -> float | None:
    """A written number: digits ("1.000", "1,5", "80") or spelled out ("hai mươi lăm", "nửa")."""
    text = " ".join(text.lower().split())
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+(?:,\d+)?", text):
        return float(text.replace(",", "."))
    return parse_spelled_number(text)


def parse_spelled_number(text: str) -> float | None:
    """Value of a spelled-out Vietnamese number ("mười", "hai mươi mốt", "một trăm"), or None."""
    words = text.lower().split()
    if not words or any(w not in SPELLED_NUMBER_WORDS for w in words):
        return None
    if words == ["nửa"]:
        return 0.5
    total = 0.0
    current = 0.0
    half = False
    for i, word in enumerate(words):
        if word == "rưỡi":
            half = True
        elif word == "mười":
            current += 10
        elif word == "mươi":
            current = (current or 1) * 10
        elif word == "trăm":
            current = (current or 1) * 100
        elif word in ("nghìn", "ngàn"):
            total += (current or 1) * 1000
            current = 0
        elif word == "nửa":
            return None
        else:
            digit = _DIGIT_WORDS[word]
            # Two bare digits in a row ("hai ba") are a range, not one number.
            if i > 0 and words[i - 1] in _DIGIT_WORDS and words[i - 1] not in _ZERO_FILLERS:
                return None
            current += digit
    total += current
    if half:
        # "rưỡi" adds half of the last unit ("một năm rưỡi" = 1.5, "hai trăm rưỡi" = 250).
        last = words[-2] if len(words) > 1 else ""
        total += 50 if last == "trăm" else 500 if last in ("nghìn", "ngàn") else 0.5
    return total


def month_from_word(text: str) -> int | None:
    """Month number of a digit or a Vietnamese month name ("Giêng" -> 1, "Mười hai" -> 12)."""
    text = " ".join(text.lower().split())
    if text.isdigit():
        month = int(text)
        return month if 1 <= month <= 12 else None
    return MONTH_NAMES.get(text)


def quarter_from_word(text: str) -> int | None:
    """Quarter number of "I"…"IV" or "1"…"4"."""
    number = int(text) if text.isdigit() else roman_to_int(text)
    return number if number is not None and 1 <= number <= 4 else None


def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a lunar-calendar day ("mùng 3 Tết" of lunar year `year`), or None.

    Day 30 of a 29-day month is read as the month's last day: "30 Tết" names New Year's Eve
    whatever the month's length.
    """
    from lunardate import LunarDate  # a small pure-Python table; only lunar dates need it

    for d in (day, day - 1) if day == 30 else (day,):
        try:
            return LunarDate(year, month, d).to_solar_date()
        except ValueError:
            continue
    return None


def lunar_point(
    month: int, day: int, *, published: date | None, year: int | None = None
) -> DatePoint:
    """The solar day of a lunar date whose lunar year is written (`year`) or left to the
    publication date (nearest not after publication + 31 days, as for solar dates)."""
    if year is not None:
        solar = lunar_to_solar(year, month, day)
        return DatePoint(DAY, solar.year, solar.month, solar.day) if solar else DatePoint(DAY)
    if published is None:
        return DatePoint(DAY)
    limit = published + FILL_HORIZON
    for lunar_year in (published.year + 1, published.year, published.year - 1):
        solar = lunar_to_solar(lunar_year, month, day)
        if solar is not None and solar <= limit:
            return DatePoint(DAY, solar.year, solar.month, solar.day)
    return DatePoint(DAY)


# dateparser needs a base date; only the parts written in the text are read from its result, so
# the base never shows in a value. The publication date when known, else a fixed leap year.
_ENGLISH_BASE = date(2000, 1, 1)


def parse_english_date(
    text: str, *, has_day: bool, has_year: bool, published: date | None
) -> tuple[int, int | None] | None:
    """(month, day) of an English date ("Monday, July 15, 2024", "15 Jul"), via dateparser.

    `REQUIRE_PARTS` makes dateparser refuse a text missing a part instead of filling it, and
    the year is never taken from its result: a missing year is filled by `fill_year`.
    """
    from datetime import datetime

    import dateparser  # loaded on the first English month name only

    required = ["month"] + (["day"] if has_day else []) + (["year"] if has_year else [])
    base = published or _ENGLISH_BASE
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "REQUIRE_PARTS": required,
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    if parsed is None:
        return None
    return parsed.month, parsed.day if has_day else None


def weekday_point(weekday: int, week_offset: int, *, published: date | None) -> DatePoint:
    """The day `weekday` (1 = Monday … 7 = Sunday) of the week `week_offset` weeks from the
    publication's ("thứ Hai tuần tới": 1, +1); the day is unknown without a publication date."""
    if published is None:
        return DatePoint(DAY)
    monday = published - timedelta(days=published.isoweekday() - 1)
    day = monday + timedelta(weeks=week_offset, days=weekday - 1)
    return DatePoint(DAY, day.year, day.month, day.day)
