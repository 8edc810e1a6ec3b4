"""Detect an article's publication date from its own header lines (dateline, 'date' tag)."""

from __future__ import annotations

import re
from datetime import date

from .dates import FIRST_DATE, LAST_DATE

# A dateline is a short line near the top holding a full date, often with a time of day:
# "03:59 PM 15/01/2019", "07:39 - 30/01/2022", "Thứ Hai, 15/01/2019 08:00 (GMT+7)".
HEADER_LINES = 8
MAX_DATELINE_CHARS = 80
_LEADING_TAG = re.compile(r"\A\ufeff?\s*date\s+(\d{4})-(\d{1,2})-(\d{1,2})\b", re.IGNORECASE)
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-])")
_YMD = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/.-])")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_DATELINE_WORDS = re.compile(
    r"(cập nhật|đăng|ngày đăng|thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ nhật|GMT)", re.IGNORECASE
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    # A "9999-12-31" placeholder is no publication date (and would overflow date arithmetic).
    return found if FIRST_DATE <= found <= LAST_DATE else None


def _line_date(line: str) -> date | None:
    if m := _DMY.search(line):
        return _safe_date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if m := _YMD.search(line):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def detect_published(text: str) -> tuple[date | None, tuple[int, int] | None]:
    """Return the publication date stated in the header and the span of its date expression."""
    if m := _LEADING_TAG.match(text):
        found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found:
            return found, (m.start(1), m.end(3))
    pos = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        body = line.replace("\ufeff", "").strip()
        if body:
            seen += 1
            if seen > HEADER_LINES:
                break
            short = len(body) <= MAX_DATELINE_CHARS
            # A short line that is mostly a date (with a time or dateline words) is a dateline;
            # a date inside a sentence of the body is not a publication date.
            if short and (_TIME.search(body) or _DATELINE_WORDS.search(body) or _mostly_date(body)):
                for pattern in (_DMY, _YMD):
                    if m := pattern.search(line):
                        found = _line_date(m.group(0))
                        if found:
                            return found, (pos + m.start(), pos + m.end())
        pos += len(line)
    return None, None


def _mostly_date(line: str) -> bool:
    stripped = _DMY.sub("", _YMD.sub("", line))
    return len(stripped.strip(" -|,:()")) <= 12 and stripped != line
