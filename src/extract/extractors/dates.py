"""DATE mentions: a Vietnamese temporal grammar over one sentence or header line.

The grammar runs in four passes over the text:

1. *points* — calendar expressions with their parts ("ngày 15/1", "tháng 11/2025", "quý I/2020",
   "năm 2018", a bare year, "thập niên 1990", "thế kỷ XXI", "năm ngoái", "hôm nay", "cuối năm");
2. *intervals* — two points joined by "-", "đến", "tới" ("1945-1975", "năm 2016 đến năm 2020",
   "từ tháng 3 đến tháng 5/2020"), a day or month range written once ("ngày 19-20/10",
   "tháng 3-5/2020"), a point up to "nay" ("2011 đến nay"), "6 tháng cuối năm";
3. *durations and sets* ("hơn 5 năm", "10 năm tới đây", "mấy tháng", "2 năm một lần",
   "hằng năm", "thường niên");
4. selection — identifiers and clock times veto what they overlap; among the rest, the
   longest span wins (same-label spans never overlap, ANNOTATION.md §1).

Values come from `extract.normalize.dates`. Governing prepositions ("từ", "đến" before the
first endpoint, "vào", "trong", "tại", "sau", "trước") are never part of a span.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..normalize import dates as nd
from ..records import Mention

_I = re.IGNORECASE
_W = r"[^\S\n]"  # horizontal white space: a span never crosses a line
_SP = rf"{_W}+"
_OS = rf"{_W}*"
# A number starts after neither a word character nor a number separator; "-" is allowed
# only after a digit so that the end of "1945-1975" is a number and the "19" of "Covid-19"
# is not.
_NS = r"(?<![\w/.,:])(?<![^\W\d_]-)"
# A number ends before no word character, no "/" (identifiers such as "12/2022/NĐ-CP"),
# no decimal or clock continuation, and no "-MM" (the year of an ISO date is not a year).
_NE = r"(?![\w/]|[.,:]\d|-\d{1,2}(?!\d))"

_PART_OF_DAY = r"rạng\s+sáng|sáng\s+sớm|chiều\s+tối|sáng|trưa|chiều|tối|đêm|khuya"
# Part-of-day and unit words that belong to a day expression's span ("Sáng ngày 15/1").
_DAY_PREFIX = (
    rf"(?:\b(?P<pod>{_PART_OF_DAY})(?:{_SP}(?:hôm|ngày))?{_SP}|\b(?P<dayword>ngày|hôm){_SP})?"
)
_MOD_WORDS: dict[str, str | None] = {
    "đầu": "START",
    "cuối": "END",
    "giữa": None,
    "khoảng": "APPROX",
    "khoảng chừng": "APPROX",
    "chừng": "APPROX",
    "thượng tuần": "START",
    "trung tuần": None,
    "hạ tuần": "END",
}


def _alternation(words: list[str]) -> str:
    """Regex alternation of phrases, longest first, any horizontal space between words."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


_MOD = rf"(?:\b(?P<mod>{_alternation(list(_MOD_WORDS))}){_SP})?"
_MONTH_NAME = r"mười\s+một|mười\s+hai|giêng|chạp|hai|ba|tư|năm|sáu|bảy|tám|chín|mười"
_MONTH = rf"(?:\d{{1,2}}|(?:{_MONTH_NAME})\b)"
_YEAR_REL = r"nay|ngoái|trước|rồi|tới|sau"
# Units of durations and sets ("5 năm", "mỗi quý").
_UNIT = r"thập\s+k[ỷỉ]|thập\s+niên|thế\s+k[ỷỉ]|năm|tháng|tuần|ngày|qu[ýí]"
# Units and the words after them that make "năm nay", "tháng trước", "quý tới" a point in time.
_POINT_UNIT = r"năm|tháng|tuần|quý"
_UNIT_REL = r"nay|này|vừa\s+qua|qua|ngoái|trước|rồi|sắp\s+tới|tới|sau|kế\s+tiếp"
_POINT_TRAIL = r"vừa\s+qua|sắp\s+tới|tới"  # "tháng 3 vừa qua", "ngày 15/1 tới"
_CONNECTOR = re.compile(r"\s*(?:-|–|—|đến|tới|cho\s+đến|cho\s+tới|đến\s+hết|tới\s+hết)\s*", _I)
_PRESENT = re.compile(
    r"(?:\s*(?:-|–|—|đến|tới|cho\s+đến|cho\s+tới)\s*(?:nay|hiện\s+nay|hiện\s+tại|bây\s+giờ)"
    r"|\s+trở\s+lại\s+đây)\b",
    _I,
)
# Names of periods that belong to an interval's span ("giai đoạn 2021 - 2025").
_PERIOD_HEAD = re.compile(
    r"\b(?:giai\s+đoạn|thời\s+kỳ|thời\s+kì|nhiệm\s+kỳ|nhiệm\s+kì|niên\s+khóa|niên\s+khoá|"
    r"năm\s+học|năm)\s+(?:từ\s+)?$",
    _I,
)
_DAY_RANGE_HEAD = re.compile(
    rf"(?:\b(?:(?:{_PART_OF_DAY})(?:{_SP}ngày)?|ngày|hôm){_SP})?(?<![\w:.,/\-])(?P<d>\d{{1,2}})"
    rf"{_OS}(?:-|–|đến|tới){_OS}(?:ngày{_SP})?$",
    _I,
)
_MONTH_RANGE_HEAD = re.compile(
    rf"\btháng{_SP}(?P<m>\d{{1,2}}){_OS}(?:-|–|đến|tới){_OS}$",
    _I,
)

# ---------------------------------------------------------------------------------------------
# Context of a bare "d/m" (no "ngày", no year).
#
# "15/1" and "9/10" have the same shape; in news text the first is a date and the second a
# fraction ("9/10 công ước"). A bare d/m is taken as a date when
#   (a) a temporal word stands right before it: a part of day, "ngày/hôm", a weekday
#       ("thứ Hai, 15/1"), "dịp/lễ/Tết", or it sits alone in parentheses ("hôm nay (5/12)");
#   (b) it is one end of an interval with another date ("từ 1/3 đến 5/3/2020");
#   (c) otherwise only if what follows cannot be a counted noun — end of line, punctuation,
#       a capitalised word or a function word ("15/1 tại Hà Nội") — and no count qualifier
#       ("gần", "hơn", "khoảng", "số", "tỷ lệ") precedes it.
# "24/7" (round the clock) is never a date.
# ---------------------------------------------------------------------------------------------
_STRONG_CUE = re.compile(
    rf"(?:\b(?:{_PART_OF_DAY}|ngày|hôm|dịp|lễ|tết|quốc{_SP}khánh|giáng{_SP}sinh|noel|kỷ{_SP}niệm)"
    rf"|\bthứ{_SP}(?:hai|ba|tư|năm|sáu|bảy|[2-7])|\bchủ{_SP}nhật){_OS}[,(–-]?{_OS}$",
    _I,
)
# Range and list words before a day-month written without "ngày": "từ 15-3 đến 20-3",
# "(15-3)", "nay đến 30/6", "các ngày 12, 13 và 14-6", "ngày 5 đến 7-8", "thứ Hai, 15-7".
_RANGE_CUE = re.compile(
    rf"(?:\b(?:từ|đến|tới|cho{_SP}đến|nay)|\(|\bthứ{_SP}(?:hai|ba|tư|năm|sáu|bảy|[2-7]){_OS},?"
    rf"|\bchủ{_SP}nhật{_OS},?){_OS}$",
    _I,
)
_LIST_HEAD = re.compile(
    rf"\b(?P<dayword>ngày){_SP}(?P<days>\d{{1,2}}(?:{_OS},{_OS}\d{{1,2}})*)"
    rf"{_OS}(?P<conj>,{_OS}và|,|và|-|–|đến|tới){_OS}$",
    _I,
)
# A number after a street or class word names the street or the class: "đường 2 tháng 9",
# "phố 19/5", "lớp 10/3" are not dates.
_NAME_BEFORE = re.compile(
    rf"\b(?:đường|phố|cầu|ngõ|ngách|hẻm|quảng{_SP}trường|lớp|chi{_SP}đội){_SP}"
    rf"(?:\d{{1,2}}{_SP})?$",
    _I,
)
# A clock time owns the part of day after it: "9 giờ 10 sáng 14-12" dates "14-12" only.
_CLOCK_BEFORE = re.compile(
    rf"(?:\d{{1,2}}{_OS}(?:giờ|h)(?:{_OS}\d{{1,2}}(?:{_OS}phút)?)?|\d{{1,2}}[:h]\d{{2}}){_OS}$",
    _I,
)
_DAY_WORD = re.compile(r"\b(?:ngày|hôm)\b", _I)
# A time word before a bracketed day-month: the brackets give that day's date.
_BRACKET_TEMPORAL = re.compile(
    rf"\b(?:nay|qua|mai|hôm|ngày|{_PART_OF_DAY}|thứ{_SP}(?:hai|ba|tư|năm|sáu|bảy|[2-7])"
    rf"|chủ{_SP}nhật|tuần{_SP}(?:này|trước|tới|qua)){_OS}\({_OS}$",
    _I,
)
_COUNT_CUE = re.compile(
    rf"\b(?:số|thứ|hơn|gần|khoảng|trên|dưới|đạt|chiếm|tổng|tỷ\s+lệ|tỉ\s+lệ|mã|top|còn|bằng|"
    rf"giảm|tăng|gấp|chỉ|phần){_OS}$",
    _I,
)
_FOLLOW_WORDS = re.compile(
    r"(?:tại|ở|vừa|qua|tới|đã|sẽ|đang|của|và|với|theo|do|khi|thì|là|trong|nhằm|lúc|vào|sau|"
    r"trước|đến|cho|nhân|diễn|được|này|nay|mới|về|hoặc|hay|hằng|hàng|năm|kỷ|đánh|kết|bắt|"
    r"tiếp)\b",
    _I,
)
_LEGAL_CUE = re.compile(
    r"\b(?:số|nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|nghị\s+quyết|luật|công\s+văn|"
    r"kết\s+luận|pháp\s+lệnh|thông\s+báo|hướng\s+dẫn|công\s+điện|văn\s+bản|tờ\s+trình|"
    r"QĐ|NĐ|TT|NQ|CT)(?:\s+số)?\s*$",
    _I,
)
_YEAR_COUNT_FOLLOW = re.compile(
    r"\s*(?:%|‰|\d|\b(?:người|lượt|lao\s+động|USD|đô|đồng|euro|EUR|yên|won|tỷ|triệu|nghìn|ngàn|"
    r"trăm|km|ha|tấn|học\s+viên|sinh\s+viên|doanh\s+nghiệp|hộ|trẻ|thực\s+tập\s+sinh)\b)",
    _I,
)
_YEAR_BLOCK_BEFORE = re.compile(
    r"(?:\b(?:số|mã|hơn|gần|trên|dưới|tổng|đạt|thứ|điều|khoản|top|lần|phòng|ISO|khoảng)"
    r"|[#№+])\s*$",
    _I,
)

# Spans no date may overlap: legal and project identifiers, codes, clock times, URLs.
_PROTECTED = re.compile(
    r"\b\d+(?:/\d+)*[/-][A-ZĐ][\wĐđ&.\-]*(?:/[\wĐđ&.\-]+)*"  # 145/QĐ-TTg, 12/2022/NĐ-CP
    r"|\b(?![IVXL]+/)[A-ZĐ]{2,}\w*(?:/\d+)+"  # VIE/90/017, but not "quý III/2020"
    r"|\b[^\W\d_]+-\d+\b"  # Covid-19
    r"|(?<![\d/])\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?(?![\d/])"  # 03:59 PM, 7h30
    r"|GMT\s*[+-]\s*\d+"
    r"|https?://\S+",
)


@dataclass(frozen=True, slots=True)
class _Point:
    """A calendar point found in the text, before its missing parts are filled."""

    start: int
    end: int
    point: nd.DatePoint
    rule: str
    mod: str | None = None
    direction: nd.Direction = "nearest"
    bare: bool = False  # needs context to count as a date on its own (bare d/m, bare year)
    accepted_alone: bool = True


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: str
    kind: str
    mod: str | None
    rule: str
    priority: int  # tie-break between equally long overlapping candidates (lower wins)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


# Cues. Most rule patterns open with optional words, so the regex engine tries them at every
# position of a sentence, and most sentences hold no date. Each rule therefore names cues:
# patterns, compiled with the same flags as the rule, that every match of the rule contains.
# A rule runs only on text where all its cues occur, so cues never change what a rule finds.
_CUE_YEAR_DIGITS = _compile(r"\d{4}")
_CUE_DAY_MONTH = _compile(r"\d[-/.]\d")  # "15/1", "4-8", "6.11", the "-MM-" of an ISO date
_CUE_MONTH_YEAR = _compile(r"\d/\d{4}")
_CUE_NAM = _compile("năm")
_CUE_THANG = _compile("tháng")
_CUE_QUY = _compile("qu[ýí]")
_CUE_DECADE = _compile("thập|những")
_CUE_CENTURY = _compile("thế")
_CUE_RELATIVE_DAY = _compile("nay|qua|mai|kia")  # every "hôm nay"-like phrase ends so
_CUE_TIMES = _compile("lần")
_CUE_UNIT = _compile(_UNIT)
# The unit and the relative word of "năm nay", "tháng trước", "quý tới" (`_RELATIVE`): a unit
# word is in many sentences, the pair in few.
_CUE_RELATIVE_UNIT = _compile(rf"(?:{_POINT_UNIT}){_SP}(?:{_UNIT_REL})")


class _Cues:
    """Which cues occur in one text; each cue is searched for at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[re.Pattern[str], bool] = {}

    def all_in_text(self, cues: Sequence[re.Pattern[str]]) -> bool:
        """Whether every one of `cues` occurs in the text."""
        for cue in cues:
            found = self._found.get(cue)
            if found is None:
                found = self._found[cue] = cue.search(self.text) is not None
            if not found:
                return False
        return True


def _mod_of(m: re.Match[str]) -> str | None:
    word = m.groupdict().get("mod")
    return _MOD_WORDS.get(" ".join(word.lower().split())) if word else None


def _year_of(text: str | None, *, low: int = 1000, high: int = 2199) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year if low <= year <= high else None


def _month_ok(raw: str, *, has_year: bool) -> int | None:
    """Month number of a written month; a month name must be capitalised unless a year follows
    ("tháng Năm" is May, "năm tháng" is "years")."""
    word = " ".join(raw.split())
    if not word.isdigit() and not has_year and not word[0].isupper():
        return None
    return nd.month_from_word(word)


def _relative_year(word: str | None, published: datetime.date | None) -> int | bool | None:
    """Year of "năm nay/ngoái/tới…" after a month or day; False when no such word is written."""
    if word is None:
        return False
    return nd.relative_point(nd.YEAR, nd.RELATIVE_OFFSETS[word.lower()], published=published).year


def _trail_direction(word: str | None) -> nd.Direction:
    if word is None:
        return "nearest"
    return "past" if "qua" in word.lower() else "future"


# ------------------------------------------------------------------------------- point rules

_PointBuilder = Callable[[re.Match[str], str, "datetime.date | None"], "_Point | None"]

_ISO = _compile(rf"{_NS}(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_NE}")


def _iso(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    point = nd.DatePoint(nd.DAY, _year_of(m["y"]), int(m["m"]), int(m["d"]))
    if point.year is None or not nd.valid_point(point):
        return None
    return _Point(m.start(), m.end(), point, "iso")


_DMY = _compile(
    rf"{_DAY_PREFIX}{_NS}(?P<d>\d{{1,2}})"
    rf"(?:{_W}?/{_W}?(?P<m1>\d{{1,2}}){_W}?/{_W}?|-(?P<m2>\d{{1,2}})-|\.(?P<m3>\d{{1,2}})\.)"
    rf"(?P<y>\d{{4}}){_NE}"
)


def _dmy(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    month = int(m["m1"] or m["m2"] or m["m3"])
    point = nd.DatePoint(nd.DAY, _year_of(m["y"]), month, int(m["d"]))
    if point.year is None or not nd.valid_point(point):
        return None
    return _Point(_after_clock(m, text), m.end(), point, "dmy")


_DM = _compile(
    rf"{_DAY_PREFIX}{_NS}(?P<d>\d{{1,2}})(?:/(?P<m1>\d{{1,2}})|(?P<sep>[-.])(?P<m2>\d{{1,2}})){_NE}"
    rf"(?:{_SP}năm{_SP}(?P<y>\d{{4}}){_NE}|{_SP}năm{_SP}(?P<rely>{_YEAR_REL})\b"
    rf"|{_SP}(?P<trail>{_POINT_TRAIL})\b)?"
)


def _dm(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    prefixed = bool(m["pod"] or m["dayword"])
    before = text[max(0, m.start("d") - 40) : m.start("d")]
    # "-" and "." separate day and month only after "ngày"/a part of day ("Ngày 4-8",
    # "chiều 31-10", "ngày 6.11"); bare "9.5" or "3-5" are numbers and ranges, except that
    # "-" after a range or list word is a day-month when nothing counted follows ("từ 15-3
    # đến 20-3", "các ngày 12, 13 và 14-6"; not "từ 3-5 người").
    cued = not prefixed and _cued_day_month(text, before, m.end())
    if m["sep"] and not prefixed and not (m["sep"] == "-" and cued):
        return None
    month = int(m["m1"] or m["m2"])
    if m["d"] == "24" and month == 7 and not prefixed:
        return None
    rel = _relative_year(m["rely"], published)
    year = _year_of(m["y"]) if m["y"] else (None if rel is False else rel)
    point = nd.DatePoint(nd.DAY, year, month, int(m["d"]))
    if not nd.valid_point(point):
        return None
    start = _after_clock(m, text)
    bare = not prefixed and not m["y"]
    accepted = True
    if bare:
        accepted = cued or _bare_dm_ok(text, m.start("d"), m.end())
    return _Point(
        start,
        m.end(),
        point,
        "dm_bare" if bare else "dm",
        direction=_trail_direction(m["trail"]),
        bare=bare,
        accepted_alone=accepted,
    )


def _cued_day_month(text: str, before: str, end: int) -> bool:
    """A day-month without "ngày" that a range or list word announces (see `_RANGE_CUE`)."""
    if not (_RANGE_CUE.search(before) or _LIST_HEAD.search(before)):
        return False
    if before.rstrip().endswith("("):
        # "Sáng nay (15-8)", "thứ Hai (12-6)", but not a score: "thắng Lào (2-1)".
        closed = text[end:].lstrip().startswith(")")
        return closed and bool(_BRACKET_TEMPORAL.search(before))
    return _follow_ok(text, end)


def _after_clock(m: re.Match[str], text: str) -> int:
    """Start of a day expression: after its part of day when a clock time owns that word."""
    if m["pod"] and _CLOCK_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
        word = _DAY_WORD.search(text, m.start(), m.start("d"))
        return word.start() if word else m.start("d")
    return m.start()


def _bare_dm_ok(text: str, start: int, end: int) -> bool:
    """Whether a bare d/m stands alone as a date (see the context notes above)."""
    before = text[max(0, start - 30) : start]
    after = text[end:]
    if _STRONG_CUE.search(before):
        return True
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        return True
    if _COUNT_CUE.search(before):
        return False
    return _follow_ok(text, end)


def _follow_ok(text: str, pos: int) -> bool:
    """Whether what follows `pos` cannot be a counted noun: end of line, punctuation, a dash,
    a capitalised word or a function word."""
    rest = text[pos:].lstrip()
    if not rest:
        return True
    if rest[0] in ",.;:!?)]\"”'’…–—-" or rest[0].isupper():
        return True
    return bool(_FOLLOW_WORDS.match(rest))


_DAY_VERBAL = _compile(
    rf"{_DAY_PREFIX}{_NS}(?P<d>\d{{1,2}}){_SP}tháng{_SP}(?P<m>{_MONTH})"
    rf"(?:(?:{_OS},)?{_SP}năm{_SP}(?P<y>\d{{4}})|{_OS}[,/]{_OS}(?P<y2>\d{{4}})"
    rf"|{_SP}năm{_SP}(?P<rely>{_YEAR_REL})\b|{_SP}(?P<trail>{_POINT_TRAIL})\b)?{_NE}"
)


def _day_verbal(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    year_text = m["y"] or m["y2"]
    month = _month_ok(m["m"], has_year=year_text is not None)
    # Without "ngày" or a year, "3 tháng 1" is as likely "3 months, 1 …" as a date.
    if month is None or not (m["pod"] or m["dayword"] or year_text):
        return None
    if " ".join(m["m"].lower().split()) in _LUNAR_MONTHS:
        return None  # "ngày 28 tháng Chạp" is a lunar day (`_lunar_points`)
    rel = _relative_year(m["rely"], published)
    year = _year_of(year_text) if year_text else (None if rel is False else rel)
    point = nd.DatePoint(nd.DAY, year, month, int(m["d"]))
    if not nd.valid_point(point):
        return None
    return _Point(m.start(), m.end(), point, "day_verbal", direction=_trail_direction(m["trail"]))


_MONTH_RULE = _compile(
    rf"{_MOD}\btháng{_SP}(?P<m>{_MONTH})"
    rf"(?:{_OS}[/.-]{_OS}(?P<y>\d{{4}})|(?:{_OS},)?{_SP}năm{_SP}(?P<y2>\d{{4}})"
    rf"|{_SP}năm{_SP}(?P<rely>{_YEAR_REL})\b|{_SP}(?P<trail>{_POINT_TRAIL}|này)\b)?{_NE}"
)


def _month(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    year_text = m["y"] or m["y2"]
    month = _month_ok(m["m"], has_year=year_text is not None)
    if month is None:
        return None
    rel = _relative_year(m["rely"], published)
    if m["trail"] and m["trail"].lower() == "này":
        rel = nd.relative_point(nd.YEAR, 0, published=published).year
    year = _year_of(year_text) if year_text else (None if rel is False else rel)
    if year_text and year is None:
        return None
    direction = _trail_direction(m["trail"]) if m["trail"] and m["trail"] != "này" else "nearest"
    point = nd.DatePoint(nd.MONTH, year, month)
    return _Point(m.start(), m.end(), point, "month", mod=_mod_of(m), direction=direction)


_MONTH_NUMERIC = _compile(rf"{_MOD}{_NS}(?P<m>\d{{1,2}})/(?P<y>\d{{4}}){_NE}")


def _month_numeric(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    month, year = int(m["m"]), _year_of(m["y"], low=1900, high=2100)
    if year is None or not 1 <= month <= 12:
        return None
    # "Nghị định 12/2022" without its suffix is still a document number, not December 2022.
    if _LEGAL_CUE.search(text[max(0, m.start() - 25) : m.start()]):
        return None
    point = nd.DatePoint(nd.MONTH, year, month)
    return _Point(m.start(), m.end(), point, "month_numeric", mod=_mod_of(m))


_QUARTER = _compile(
    rf"{_MOD}\bqu[ýí]{_SP}(?P<q>IV|III|II|I|[1-4])\b"
    rf"(?:{_OS}[/.-]{_OS}(?P<y>\d{{4}})|(?:{_OS},)?{_SP}năm{_SP}(?P<y2>\d{{4}})"
    rf"|{_SP}năm{_SP}(?P<rely>{_YEAR_REL})\b)?{_NE}"
)


def _quarter(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    quarter = nd.quarter_from_word(m["q"].upper())
    if quarter is None:
        return None
    year_text = m["y"] or m["y2"]
    rel = _relative_year(m["rely"], published)
    year = _year_of(year_text) if year_text else (None if rel is False else rel)
    point = nd.DatePoint(nd.QUARTER, year, quarter=quarter)
    return _Point(m.start(), m.end(), point, "quarter", mod=_mod_of(m))


_YEAR = _compile(rf"{_MOD}\bnăm{_SP}{_NS}(?P<y>\d{{4}}){_NE}")


def _year(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    year = _year_of(m["y"])
    if year is None:
        return None
    return _Point(m.start(), m.end(), nd.DatePoint(nd.YEAR, year), "year", mod=_mod_of(m))


_YEAR_BARE = _compile(rf"{_MOD}{_NS}(?P<y>\d{{4}}){_NE}")


def _year_bare(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    """A year written without "năm" ("Đối thoại lao động 2014", "1945-1975", "(1973-2018)").

    Vietnamese writes counts of a thousand or more with a dot ("1.400 người"), so four bare
    digits in 1900-2100 are a year unless a count word precedes them or a counted noun follows.
    """
    year = _year_of(m["y"], low=1900, high=2100)
    if year is None:
        return None
    before = text[max(0, m.start("y") - 20) : m.start("y")]
    accepted = not (_YEAR_BLOCK_BEFORE.search(before) or _YEAR_COUNT_FOLLOW.match(text, m.end()))
    point = nd.DatePoint(nd.YEAR, year)
    return _Point(
        m.start(), m.end(), point, "year_bare", mod=_mod_of(m), bare=True, accepted_alone=accepted
    )


_DECADE = _compile(
    rf"{_MOD}\b(?:thập{_SP}niên|thập{_SP}k[ỷỉ]|những{_SP}năm){_SP}(?P<y>\d{{4}}|\d0)"
    rf"(?:{_OS}s)?{_NE}(?!{_OS}(?:,|và|-|–|đến|tới){_OS}\d)(?:{_SP}(?:của{_SP})?thế{_SP}k[ỷỉ]{_SP}(?P<c>[IVXL]+|\d{{1,2}}|trước)\b)?"
)


def _decade(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    digits = m["y"]
    century: int | None = None
    if m["c"]:
        if m["c"].lower() == "trước":
            # The century before the publication's: numbered 20 ("thế kỷ XX") for 20xx.
            century = published.year // 100 if published else 20
        else:
            century = int(m["c"]) if m["c"].isdigit() else nd.roman_to_int(m["c"])
    if len(digits) == 4:
        if int(digits) % 10:
            return None
        point = nd.decade_point(int(digits))
    else:
        point = nd.two_digit_decade(int(digits), century=century, published=published)
    return _Point(m.start(), m.end(), point, "decade", mod=_mod_of(m))


_CENTURY = _compile(rf"{_MOD}\bthế{_SP}k[ỷỉ]{_SP}(?P<c>[IVXL]+|\d{{1,2}}|trước|này)\b")


def _century(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    word = m["c"].lower()
    if word in ("trước", "này"):
        offset = -1 if word == "trước" else 0
        point = nd.relative_point(nd.CENTURY, offset, published=published)
    else:
        number = int(word) if word.isdigit() else nd.roman_to_int(word)
        if number is None or not 1 <= number <= 22:
            return None
        point = nd.century_point(number)
    return _Point(m.start(), m.end(), point, "century", mod=_mod_of(m))


_UNIT_GRANULARITY = {"năm": nd.YEAR, "tháng": nd.MONTH, "tuần": nd.WEEK, "quý": nd.QUARTER}
_RELATIVE = _compile(
    rf"{_MOD}\b(?P<unit>{_POINT_UNIT}){_SP}(?P<rel>{_UNIT_REL})\b"
    r"(?!\s+(?:đó|nữa|khi|này))"
)
# A count before the unit makes a duration ("5 năm qua", "nhiều năm nay"), not a point.
_COUNTED_BEFORE = re.compile(
    r"(?:\d|\b(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|nhiều|mấy|vài|"
    r"những|các|mỗi|hàng|hằng|bao|từng|số|thứ|cả|chục|nửa|dăm))\s*$",
    _I,
)


def _relative(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    unit, rel = m["unit"].lower(), " ".join(m["rel"].lower().split())
    if not m["mod"] and _COUNTED_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
        return None
    # "năm này" and "năm kế tiếp" point back to a year named earlier, not to publication;
    # "tháng/tuần nay" and "tháng ngoái" are not idiomatic.
    if unit == "năm" and rel in ("này", "kế tiếp"):
        return None
    if unit != "năm" and rel in ("nay", "ngoái"):
        return None
    point = nd.relative_point(
        _UNIT_GRANULARITY[unit], nd.RELATIVE_OFFSETS[rel], published=published
    )
    return _Point(m.start(), m.end(), point, "relative", mod=_mod_of(m))


_RELATIVE_DAY = _compile(
    rf"\b(?:(?P<pod>{_PART_OF_DAY}){_SP}(?P<rel>nay|qua|mai)"
    r"|(?P<word>ngày\s+hôm\s+nay|ngày\s+hôm\s+qua|hôm\s+nay|hôm\s+qua|hôm\s+kia|ngày\s+mai))\b"
    r"(?!\s*\d)"
)


def _relative_day(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    key = " ".join((m["rel"] or m["word"]).lower().split())
    point = nd.relative_point(nd.DAY, nd.DAY_OFFSETS[key], published=published)
    return _Point(m.start(), m.end(), point, "relative_day")


# "cuối năm", "đầu năm" without a year: the year of publication, as in "cuối năm nay".
_VAGUE_YEAR = _compile(
    rf"\b(?P<mod>đầu|cuối|giữa){_SP}năm\b(?!{_OS}\d|{_SP}(?:{_YEAR_REL}|qua|học|tài|này|đó|"
    r"ấy|thứ|năm|tháng|\d))"
)


def _vague_year(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    if _COUNTED_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
        return None
    point = nd.relative_point(nd.YEAR, 0, published=published)
    return _Point(m.start(), m.end(), point, "vague_year", mod=_mod_of(m))


# "trong năm" standing for the year being reported: only where no count or year follows.
_IN_YEAR = _compile(
    r"(?<=\btrong\s)năm(?=\s*(?:[,.;:!?)]|$|\s+(?:do|để|và|với|nhưng|thì|mà|đã|vẫn|cũng)\b))"
)


def _in_year(m: re.Match[str], text: str, published: datetime.date | None) -> _Point | None:
    point = nd.relative_point(nd.YEAR, 0, published=published)
    return _Point(m.start(), m.end(), point, "in_year")


# Lunar dates: "mùng 3 Tết", "mồng một Tết", "30 Tết", "rằm tháng Giêng", "mùng 5 tháng 5
# âm lịch". Valued as the solar day when the lunar year can be placed (written, or the one
# nearest the publication date); the number is never a COUNT.
_LUNAR_DAY = r"\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
_LUNAR = re.compile(
    rf"(?:\b(?P<pod>{_PART_OF_DAY}|đêm|ngày){_SP})?"
    rf"(?:\b(?:mùng|mồng){_SP}(?P<d>{_LUNAR_DAY})|(?<![\w/.,-])(?P<d30>29|30)(?={_SP}tết)"
    rf"|(?<![\w/.,-])(?P<dn>\d{{1,2}})(?={_SP}tháng{_SP}(?:giêng|chạp\b|\d{{1,2}}{_SP}âm{_SP}lịch))"
    rf"|\b(?P<ram>rằm))"
    rf"{_SP}(?:(?P<tet>tết)(?:{_SP}(?:nguyên{_SP}đán|âm{_SP}lịch))?"
    rf"|tháng{_SP}(?P<m>giêng|chạp|\d{{1,2}}|{_MONTH_NAME})(?P<al>{_SP}âm{_SP}lịch)?)"
    rf"(?:{_SP}năm{_SP}(?P<y>\d{{4}}))?\b",
    _I,
)
_CUE_LUNAR = re.compile(r"mùng|mồng|tết|rằm|âm\s+lịch|giêng|chạp", _I)
# Month names that only the lunar calendar uses for days ("28 tháng Chạp", "mùng 6 tháng
# Giêng"); "tháng Giêng năm 2020" alone stays the solar month (`_month`).
_LUNAR_MONTHS = frozenset({"giêng", "chạp"})


def _lunar_points(text: str, published: datetime.date | None) -> Iterator[_Point]:
    if not _CUE_LUNAR.search(text):
        return
    for m in _LUNAR.finditer(text):
        if m["tet"]:
            month = 12 if m["d30"] else 1
        else:
            month = nd.month_from_word(m["m"].lower()) if m["m"] else None
            # "mùng 2 tháng 9" is the solar National Day; only "Giêng/Chạp", "rằm" or an
            # explicit "âm lịch" make a month lunar.
            if month is None or not (m["al"] or m["ram"] or m["m"].lower() in ("giêng", "chạp")):
                continue
        word = m["d"] or m["d30"] or m["dn"]
        day = 15 if m["ram"] else nd.parse_number(word)
        if day is None or not 1 <= day <= 30:
            continue
        year = _year_of(m["y"])
        point = nd.lunar_point(month, int(day), published=published, year=year)
        yield _Point(m.start(), m.end(), point, "lunar")


# A weekday placed by a relative week: "thứ Hai tuần tới", "chủ nhật tuần trước", "thứ Sáu này".
_WEEKDAYS = {"hai": 1, "ba": 2, "tư": 3, "năm": 4, "sáu": 5, "bảy": 6}
_WEEK_OFFSETS = {"tới": 1, "sau": 1, "trước": -1, "qua": -1, "này": 0}
_WEEKDAY_REL = re.compile(
    rf"\b(?:thứ{_SP}(?P<wd>hai|ba|tư|năm|sáu|bảy)|(?P<cn>chủ{_SP}nhật))"
    rf"{_SP}(?:tuần{_SP}(?P<rel>tới|sau|trước|qua|này)|(?P<this>này|tới))\b",
    _I,
)


def _weekday_points(text: str, published: datetime.date | None) -> Iterator[_Point]:
    if "tuần" not in text.lower() and "này" not in text and "tới" not in text:
        return
    for m in _WEEKDAY_REL.finditer(text):
        weekday = 7 if m["cn"] else _WEEKDAYS[m["wd"].lower()]
        word = (m["rel"] or m["this"]).lower()
        offset = _WEEK_OFFSETS[word]
        if m["this"] and word == "tới":
            offset = 0 if weekday > (published.isoweekday() if published else 8) else 1
        point = nd.weekday_point(weekday, offset, published=published)
        yield _Point(m.start(), m.end(), point, "weekday")


# English dates in datelines and quotes: "Monday, July 15, 2024", "15 July 2024", "Jul 15".
_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_EN_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
)
_EN_DATE = re.compile(
    rf"(?:\b{_EN_WEEKDAY}\.?,?{_SP})?"
    rf"(?:\b(?P<m1>{_EN_MONTH}){_SP}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?{_SP}(?P<y1>\d{{4}})\b)?"
    rf"|(?<![\w/.,])(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?P<m2>{_EN_MONTH})"
    rf"(?:,?{_SP}(?P<y2>\d{{4}})\b)?"
    rf"|\b(?P<m3>{_EN_MONTH}){_SP}(?P<y3>\d{{4}})\b)"
)
_CUE_ENGLISH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


def _english_points(text: str, published: datetime.date | None) -> Iterator[_Point]:
    if not _CUE_ENGLISH.search(text):
        return
    for m in _EN_DATE.finditer(text):
        year_text = m["y1"] or m["y2"] or m["y3"]
        month_word = (m["m1"] or m["m2"] or m["m3"]).rstrip(".")
        weekday = not (m.group().startswith(month_word) or m.group()[0].isdigit())
        if month_word == "May" and not year_text and not weekday:
            continue  # "Tổng công ty May 10": "may" is also Vietnamese (garment)
        parts = nd.parse_english_date(
            m.group(), has_day=not m["m3"], has_year=bool(year_text), published=published
        )
        if parts is None:
            continue
        month, day = parts
        granularity = nd.MONTH if m["m3"] else nd.DAY
        point = nd.DatePoint(granularity, _year_of(year_text), month, day)
        if not nd.valid_point(point):
            continue
        yield _Point(m.start(), m.end(), point, "english")


# (cues, pattern, builder); see the note on cues above.
_POINT_RULES: tuple[tuple[tuple[re.Pattern[str], ...], re.Pattern[str], _PointBuilder], ...] = (
    ((_CUE_YEAR_DIGITS, _CUE_DAY_MONTH), _ISO, _iso),
    ((_CUE_YEAR_DIGITS,), _DMY, _dmy),
    ((_CUE_DAY_MONTH,), _DM, _dm),
    ((_CUE_THANG,), _DAY_VERBAL, _day_verbal),
    ((_CUE_THANG,), _MONTH_RULE, _month),
    ((_CUE_MONTH_YEAR,), _MONTH_NUMERIC, _month_numeric),
    ((_CUE_QUY,), _QUARTER, _quarter),
    ((_CUE_YEAR_DIGITS, _CUE_NAM), _YEAR, _year),
    ((_CUE_YEAR_DIGITS,), _YEAR_BARE, _year_bare),
    ((_CUE_DECADE,), _DECADE, _decade),
    ((_CUE_CENTURY,), _CENTURY, _century),
    ((_CUE_UNIT, _CUE_RELATIVE_UNIT), _RELATIVE, _relative),
    ((_CUE_RELATIVE_DAY,), _RELATIVE_DAY, _relative_day),
    ((_CUE_NAM,), _VAGUE_YEAR, _vague_year),
    ((_CUE_NAM,), _IN_YEAR, _in_year),
)


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """All matches, also those starting inside an earlier match (optional prefixes overlap)."""
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1


def _points(text: str, cues: _Cues, published: datetime.date | None) -> list[_Point]:
    points: dict[tuple[int, int, str], _Point] = {}
    for needed, pattern, build in _POINT_RULES:
        if not cues.all_in_text(needed):
            continue
        for m in _finditer(pattern, text):
            if m.end() == m.start():
                continue
            found = build(m, text, published)
            if found is not None and not _NAME_BEFORE.search(
                text, max(0, found.start - 30), found.start
            ):
                points.setdefault((found.start, found.end, found.rule), found)
    for found in _lunar_points(text, published):
        points.setdefault((found.start, found.end, found.rule), found)
    for found in _english_points(text, published):
        points.setdefault((found.start, found.end, found.rule), found)
    for found in _weekday_points(text, published):
        points.setdefault((found.start, found.end, found.rule), found)
    return _share_coordinated_years(text, list(points.values()))


_COORDINATION = re.compile(r"\s*(?:,|và|hoặc|hay|,\s*và)\s*", _I)


def _share_coordinated_years(text: str, points: list[_Point]) -> list[_Point]:
    """ "tháng 3 và tháng 4/2017", "quý I, quý II/2020": coordinated points of one granularity
    written with a single year share it (right to left, so a list passes it along)."""
    result = sorted(points, key=lambda p: p.start, reverse=True)
    for i, a in enumerate(result):
        if a.point.year is not None or a.point.granularity not in (nd.DAY, nd.MONTH, nd.QUARTER):
            continue
        for b in result[:i]:
            if (
                b.start >= a.end
                and b.point.granularity == a.point.granularity
                and b.point.year is not None
                and _COORDINATION.fullmatch(text, a.end, b.start)
            ):
                result[i] = replace(a, point=replace(a.point, year=b.point.year))
                break
    return result


# ------------------------------------------------------------------------------- intervals


def _resolve(point: _Point, published: datetime.date | None) -> nd.DatePoint:
    return nd.fill_year(point.point, published=published, direction=point.direction)


def _interval(
    start: nd.DatePoint, end: nd.DatePoint, published: datetime.date | None
) -> str | None:
    """Value of an interval between two points, None if it runs backwards."""
    start = nd.inherit_parts(start, end)
    start = nd.fill_year(start, published=published)
    if not nd.ordered(start, end):
        return None
    return nd.interval_value(nd.point_value(start), nd.point_value(end))


def _extend_head(text: str, start: int) -> int:
    """Move an interval's start over a period name before it ("giai đoạn", "năm học")."""
    head = _PERIOD_HEAD.search(text[max(0, start - 25) : start])
    return start - len(head.group(0)) if head else start


def _intervals(
    text: str, points: list[_Point], published: datetime.date | None
) -> Iterator[_Candidate]:
    by_start = sorted(points, key=lambda p: p.start)
    for a in by_start:
        if a.rule in ("in_year",):
            continue
        # Point + connector + point.
        for b in by_start:
            if b.start < a.end or b.rule in ("in_year", "vague_year"):
                continue
            if b.start - a.end > 20:
                break
            if not _CONNECTOR.fullmatch(text, a.end, b.start):
                continue
            if (
                a.point.granularity == nd.DAY
                and a.bare
                and b.bare
                and not _follow_ok(text, b.end)
                and not _STRONG_CUE.search(text, max(0, a.start - 30), a.start)
            ):
                continue  # "3/4 - 1/2 số hộ" are fractions; "dịp lễ 30/4 - 1/5" is a range
            # "2016 - tháng 5" mixes a year with a month written without one: not a range.
            mixed = (a.point.granularity == nd.YEAR) != (b.point.granularity == nd.YEAR)
            if mixed and (b.point.year is None or a.point.year is None):
                continue
            end = _resolve(b, published)
            value = _interval(a.point, end, published)
            if value is not None:
                yield _Candidate(
                    _extend_head(text, a.start), b.end, value, "interval", None, "interval", 0
                )
        # Point up to now.
        present = _PRESENT.match(text, a.end)
        if present and a.rule not in ("relative_day", "vague_year"):
            start = _resolve(a, published)
            end = nd.present_value(start.granularity, published=published)
            value = nd.interval_value(nd.point_value(start), end)
            yield _Candidate(
                _extend_head(text, a.start),
                present.end(),
                value,
                "interval",
                None,
                "interval_present",
                0,
            )
    for b in by_start:
        if b.point.granularity == nd.DAY and b.point.day is not None:
            yield from _day_range(text, b, published)
            yield from _day_list(text, b, published)
        if b.point.granularity == nd.MONTH and b.point.month is not None:
            yield from _month_range(text, b, published)


def _day_range(text: str, b: _Point, published: datetime.date | None) -> Iterator[_Candidate]:
    """A day range sharing month and year: "ngày 19-20/10", "19-20 tháng 10 năm 2022"."""
    head = _DAY_RANGE_HEAD.search(text[max(0, b.start - 30) : b.start])
    if head is None:
        return
    end = _resolve(b, published)
    start = replace(end, day=int(head["d"]))
    if not nd.valid_point(start) or start.day is None or start.day >= (end.day or 0):
        return
    value = nd.interval_value(nd.point_value(start), nd.point_value(end))
    yield _Candidate(b.start - len(head.group(0)), b.end, value, "interval", None, "day_range", 0)


def _day_list(text: str, b: _Point, published: datetime.date | None) -> Iterator[_Candidate]:
    """Days listed before the one that carries the month: "các ngày 12, 13 và 14-6" gives
    "ngày 12", "13" (and "14-6" itself), each a date of that month."""
    window = max(0, b.start - 40)
    head = _LIST_HEAD.search(text, window, b.start)
    if head is None or head["conj"] in ("-", "–") or head["conj"].lower() in ("đến", "tới"):
        return
    end = _resolve(b, published)
    for k, day in enumerate(re.finditer(r"\d{1,2}", head["days"])):
        point = replace(end, day=int(day.group()))
        if not nd.valid_point(point):
            return
        start = head.start("days") + day.start()
        stop = head.start("days") + day.end()
        yield _Candidate(
            head.start() if k == 0 else start,
            stop,
            nd.point_value(point),
            "date",
            None,
            "day_list",
            0,
        )


def _month_range(text: str, b: _Point, published: datetime.date | None) -> Iterator[_Candidate]:
    """A month range sharing the year: "tháng 3-5/2020"."""
    head = _MONTH_RANGE_HEAD.search(text[max(0, b.start - 20) : b.start])
    if head is None:
        return
    end = _resolve(b, published)
    start = replace(end, month=int(head["m"]))
    if not nd.valid_point(start) or (start.month or 0) >= (end.month or 0):
        return
    value = nd.interval_value(nd.point_value(start), nd.point_value(end))
    yield _Candidate(b.start - len(head.group(0)), b.end, value, "interval", None, "month_range", 0)


_NUMBER_WORD = r"một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
_NUMBER_TAIL = r"một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ"
_SPELLED = rf"(?:{_NUMBER_WORD})(?:{_SP}(?:{_NUMBER_TAIL})){{0,4}}"
_YEAR_PART = _compile(
    rf"(?:(?P<n>\d{{1,2}}|{_SPELLED}){_SP}tháng|\bnửa)(?:{_SP}(?P<which>đầu|cuối))?{_SP}năm\b"
    rf"(?:{_SP}(?P<y>\d{{4}}){_NE}|{_SP}(?P<rel>nay|ngoái|qua|trước|tới|sau)\b)?"
)


def _year_parts(text: str, cues: _Cues, published: datetime.date | None) -> Iterator[_Candidate]:
    """Months counted from a year's start or end, as in economic reporting.

    "6 tháng đầu năm 2025" -> 2025-01/2025-06, "6 tháng cuối năm" -> the publication year's
    July-December, "nửa đầu năm" -> January-June, "9 tháng năm 2024" (no "đầu", a year
    written) -> 2024-01/2024-09.
    """
    if not cues.all_in_text((_CUE_NAM,)):
        return
    for m in _finditer(_YEAR_PART, text):
        if m["n"] is None and m["which"] is None:
            continue
        if m["which"] is None and not (m["y"] or m["rel"]):
            continue
        if m["n"] and _AMOUNT_BLOCK_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        months = 6 if m["n"] is None else nd.parse_number(m["n"])
        if months is None or not float(months).is_integer() or not 1 <= months <= 11:
            continue
        if m["y"]:
            year = _year_of(m["y"])
        else:
            offset = nd.RELATIVE_OFFSETS[m["rel"].lower()] if m["rel"] else 0
            year = nd.relative_point(nd.YEAR, offset, published=published).year
        count = int(months)
        from_end = m["which"] is not None and m["which"].lower() == "cuối"
        first, last = (13 - count, 12) if from_end else (1, count)
        value = nd.year_months_interval(year, first, last)
        yield _Candidate(m.start(), m.end(), value, "interval", None, "year_part", 0)


# ------------------------------------------------------------------------ durations and sets

_QUALIFIERS: dict[str, str] = {
    "hơn": "MORE_THAN",
    "trên": "MORE_THAN",
    "ngoài": "MORE_THAN",
    "gần": "LESS_THAN",
    "dưới": "LESS_THAN",
    "chưa đầy": "LESS_THAN",
    "chưa đến": "LESS_THAN",
    "chưa tới": "LESS_THAN",
    "không đầy": "LESS_THAN",
    "khoảng": "APPROX",
    "khoảng chừng": "APPROX",
    "chừng": "APPROX",
    "xấp xỉ": "APPROX",
    "ước": "APPROX",
}
_QUAL = _alternation(list(_QUALIFIERS))
_VAGUE_AMOUNT = (
    r"nhiều|mấy|vài|một\s+vài|dăm|hàng\s+chục|hàng\s+trăm|hàng\s+nghìn|hàng\s+ngàn|mấy\s+chục|"
    r"vài\s+chục|nhiều\s+chục"
)
_AMOUNT = rf"(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?|{_SPELLED}|nửa)"
_DURATION_TRAIL = (
    r"vừa\s+qua|qua|tới\s+đây|sắp\s+tới|tới|tiếp\s+theo|kế\s+tiếp|gần\s+đây|trở\s+lại\s+đây|"
    r"gần\s+nhất"
)
_DURATION = _compile(
    rf"(?:\b(?P<qual>{_QUAL}){_SP})?(?:{_NS}{_AMOUNT}|\b(?P<vague>{_VAGUE_AMOUNT})){_SP}"
    rf"(?P<unit>{_UNIT})\b(?P<half>{_SP}rưỡi\b)?"
    rf"(?:{_SP}(?P<num2>\d{{1,2}}|{_SPELLED}){_SP}(?P<unit2>tháng|tuần|ngày)\b)?"
    rf"(?:{_SP}(?P<trail>{_DURATION_TRAIL})\b)?"
    r"(?!\s*\d|\s+tuổi|\s+(?:một|1|hai|2|ba|3)\s+lần)"
)
# Words after which a number is an ordinal or part of a name, not an amount of time.
_AMOUNT_BLOCK_BEFORE = re.compile(
    r"\b(?:thứ|số|lần|khóa|khoá|điều|chương|mục|hạng|đầu|tháng|ngày|quý|tuổi|phiên|kỳ|kì)\s*$",
    _I,
)
_PLURAL_DURATION = _compile(
    rf"\b(?P<plural>những|các){_SP}(?P<unit>năm|tháng|tuần|thập\s+k[ỷỉ]|thập\s+niên){_SP}"
    rf"(?P<trail>vừa\s+qua|qua|tới\s+đây|sắp\s+tới|tới|tiếp\s+theo|gần\s+đây|"
    r"trở\s+lại\s+đây)\b"
)


def _amount(text: str | None) -> float | None:
    return None if text is None else nd.parse_number(text)


# "một" is also the indefinite article ("là một năm đặc biệt" = "a special year"); it counts
# time only after a duration word ("trong/sau/mất một năm"), with a qualifier or a trailing
# "qua/tới", or when the phrase ends there ("mất một năm.").
_ONE_DURATION_BEFORE = re.compile(
    r"\b(?:trong|sau|suốt|mất|vòng|hạn|dài|gian|cho|tròn|chỉ|còn|đầy|nhất|đa|thiểu|tới|đến|"
    r"lên|gần|hơn|khoảng|được)\s*$",
    _I,
)


def _one_is_amount(text: str, m: re.Match[str]) -> bool:
    if m["qual"] or m["trail"] or m["half"] or m["unit2"]:
        return True
    if _ONE_DURATION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
        return True
    rest = text[m.end() :].lstrip()
    return not rest or rest[0] in ",.;:!?)…"


def _durations(text: str, cues: _Cues) -> Iterator[_Candidate]:
    if not cues.all_in_text((_CUE_UNIT,)):
        return  # every duration has a unit word
    for m in _finditer(_DURATION, text):
        if m["num"]:
            if _AMOUNT_BLOCK_BEFORE.search(text[max(0, m.start("num") - 10) : m.start("num")]):
                continue
            amount = _amount(m["num"])
            if amount is None:
                continue
            # "năm tháng" is "years and months" (time in general), not "five months".
            if m["num"].lower() == "năm" and m["unit"].lower() == "tháng":
                continue
            if m["num"].lower() == "một" and not _one_is_amount(text, m):
                continue
        else:
            amount = None
        if m["half"] and amount is not None:
            amount += 0.5
        unit_word = " ".join(m["unit"].lower().split())
        parts = [nd.unit_duration(amount, unit_word)]
        if m["unit2"]:
            second = _amount(m["num2"])
            if second is None:
                continue
            parts.append(nd.unit_duration(second, m["unit2"].lower()))
        mod = _QUALIFIERS.get(" ".join(m["qual"].lower().split())) if m["qual"] else None
        yield _Candidate(
            m.start(), m.end(), nd.duration_value(parts), "duration", mod, "duration", 2
        )
    for m in _finditer(_PLURAL_DURATION, text):
        parts = [nd.unit_duration(None, " ".join(m["unit"].lower().split()))]
        yield _Candidate(
            m.start(), m.end(), nd.duration_value(parts), "duration", None, "duration_plural", 2
        )


_SET_EVERY = _compile(
    rf"\b(?:mỗi|hằng|hàng){_SP}(?:(?P<num>\d+|{_SPELLED}){_SP})?(?P<unit>{_UNIT})\b"
    rf"(?:{_SP}(?:một|1){_SP}lần\b)?(?!{_SP}trời|{_OS}\d)"
)
_SET_TIMES = _compile(
    rf"{_NS}(?P<num>\d+|{_SPELLED}|mỗi){_SP}(?P<unit>{_UNIT})"
    rf"(?:{_SP}(?:một|1|hai|2|ba|3|bốn|4){_SP}lần\b|{_OS}/{_OS}lần\b)"
)
_SET_WORD = _compile(r"\bthường\s+niên\b")


def _sets(text: str, cues: _Cues) -> Iterator[_Candidate]:
    rules = (
        ((_CUE_UNIT,), _SET_EVERY, "set_every"),
        ((_CUE_UNIT, _CUE_TIMES), _SET_TIMES, "set_times"),
    )
    for needed, pattern, rule in rules:
        if not cues.all_in_text(needed):
            continue
        for m in _finditer(pattern, text):
            word = m["num"]
            amount = 1.0 if word is None or word.lower() == "mỗi" else nd.parse_number(word)
            if amount is None:
                continue
            unit_word = " ".join(m["unit"].lower().split())
            value = nd.duration_value([nd.unit_duration(amount, unit_word)])
            yield _Candidate(m.start(), m.end(), value, "set", None, rule, 1)
    for m in _finditer(_SET_WORD, text):
        yield _Candidate(m.start(), m.end(), "P1Y", "set", None, "set_word", 1)


# ------------------------------------------------------------------------------- selection


def _point_candidates(
    points: list[_Point], published: datetime.date | None
) -> Iterator[_Candidate]:
    for p in points:
        if p.bare and not p.accepted_alone:
            continue
        value = nd.point_value(_resolve(p, published))
        yield _Candidate(p.start, p.end, value, "date", p.mod, p.rule, 0)


def _select(candidates: list[_Candidate], protected: list[tuple[int, int]]) -> list[_Candidate]:
    """Longest first; identifiers and clock times veto what they overlap."""
    kept: list[_Candidate] = []
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start))
    for cand in ordered:
        if any(cand.start < e and s < cand.end for s, e in protected):
            continue
        if any(cand.start < k.end and k.start < cand.end for k in kept):
            continue
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


# Rules that read context rather than an explicit date carry less confidence.
_CONFIDENCE: dict[str, float] = {
    "dm_bare": 0.8,
    "year_bare": 0.85,
    "relative": 0.9,
    "vague_year": 0.7,
    "in_year": 0.6,
}


def find_dates(text: str, *, published: datetime.date | None) -> list[Mention]:
    """DATE mentions of one sentence or header line, valued as TIMEX3 (ANNOTATION.md §2)."""
    cues = _Cues(text)
    points = _points(text, cues, published)
    candidates = [
        *_point_candidates(points, published),
        *_intervals(text, points, published),
        *_year_parts(text, cues, published),
        *_durations(text, cues),
        *_sets(text, cues),
    ]
    if not candidates:
        return []
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    return [
        Mention(
            start=c.start,
            end=c.end,
            label="DATE",
            value=c.value,
            source=f"date_grammar:{c.rule}",
            kind=c.kind,
            mod=c.mod,
            confidence=_CONFIDENCE.get(c.rule, 1.0),
        )
        for c in _select(candidates, protected)
    ]
