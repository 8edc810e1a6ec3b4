"""Publication dates from metadata (columns, sheets, HTML pages): free-form text to a `date`.

dateparser reads the many ways exports write a date ("15/01/2019", "Thứ ba, 15/1/2019 08:30",
"January 15, 2019"). It is configured so that it never invents a missing part: day, month and
year are all required, only absolute forms are parsed (no "hôm qua" / "yesterday", which would
need today's date), and day-first order is preferred for the Vietnamese sources.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from ..errors import Errors

#: Publication dates outside this range are refused with a coded error: 9999-12-31 is a
#: "no date" sentinel in many exports, and year arithmetic on it overflows later stages.
FIRST_DATE = date(1800, 1, 1)
LAST_DATE = date(2199, 12, 31)

MAX_DATE_CHARS = 120
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z ]*)?\s*\Z")
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",  # irrelevant with all parts required; set for determinism
    "RELATIVE_BASE": datetime(2000, 1, 1),  # never today, should a relative form slip through
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


class PublishedError(ValueError):
    """A metadata date that cannot be used; the message is a coded error without location."""


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["vi", "en"], settings=_SETTINGS)


def _checked(found: date, raw: object, where: str) -> date:
    if not FIRST_DATE <= found <= LAST_DATE:
        raise PublishedError(
            Errors.E061.format(path=where, value=raw, first=FIRST_DATE, last=LAST_DATE)
        )
    return found


def parse_published(value: object, where: str) -> date | None:
    """A full calendar date from a metadata value, None when empty; PublishedError otherwise.

    `where` names the file (and line or column) for the error message.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _checked(value.date(), value, where)
    if isinstance(value, date):
        return _checked(value, value, where)
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none", "null"}:
        return None
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= year <= 9999:
            raise PublishedError(Errors.E009.format(path=where, value=value))
        try:
            found_iso = date(year, month, day)
        except ValueError:
            raise PublishedError(Errors.E009.format(path=where, value=value)) from None
        return _checked(found_iso, value, where)
    if len(text) > MAX_DATE_CHARS:  # a mis-mapped column (a whole text): not a date
        raise PublishedError(Errors.E009.format(path=where, value=text[:40] + "…"))
    try:
        found = _parser().get_date_data(text).date_obj
    except (OverflowError, ValueError):
        found = None
    if found is None:
        # A year beyond the range may be why dateparser gave up ("31/12/99999").
        if any(len(y) > 4 for y in re.findall(r"\d+", text)):
            raise PublishedError(
                Errors.E061.format(path=where, value=value, first=FIRST_DATE, last=LAST_DATE)
            )
        raise PublishedError(Errors.E009.format(path=where, value=value))
    return _checked(found.date(), value, where)
