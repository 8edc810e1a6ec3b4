"""Where numbers are normalized: values of Vietnamese numerals written in digits or in words.

Pure functions, no I/O. Conventions (decided here, relied on by the COUNT extractor):

* Digits. Vietnamese groups thousands with "." and writes the decimal mark as ","
  ("1.234.567", "3,5"), but English-style numbers ("1,500", "2.5") appear in the same
  articles. A separator followed by a group of exactly three digits groups thousands,
  whatever the separator ("1.200" = "1,200" = 1200); any other single separator is a
  decimal mark ("1.5" = "1,5" = 1.5; "0,500" = 0.5 because a leading zero never starts a
  thousands group). Repeated separators must all group thousands ("1.234.567"), and when
  both marks appear the last one is the decimal mark ("1.234,5" and "1,234.5" = 1234.5).
  A single separator after more than three digits is a decimal mark ("1234,5"); repeated
  separators that do not group thousands ("1.2.3", "12.34.567") are not a number.
* Scale words multiply what precedes them: nghìn/ngàn (10^3), vạn (10^4), triệu (10^6),
  tỷ/tỉ (10^9); a smaller scale after a larger one adds ("1 tỷ 200 triệu" = 1.2e9), a larger
  one multiplies the whole ("trăm ngàn" = 100000). "rưỡi" adds half of the last unit.
* "hàng" + scale is an approximate round number: "hàng trăm" = 100, "hàng chục nghìn" = 10000.
* Spelled numbers: một … chín, mười (10), mươi (x10 after a digit ≥ 2), chục (x10), trăm,
  linh/lẻ (zero tens), and the forms used only after a tens word: mốt (1), tư (4),
  lăm/nhăm (5). "năm" after mười/mươi is not read as 5 ("mười năm" is ten years; fifteen is
  "mười lăm"); two digits in a row ("hai ba") are a range, not a number; "không" is zero
  only in "không trăm" after a scale word ("hai nghìn không trăm linh năm" = 2005).
* A fraction "9/10" is worth 0.9 in `parse_number`; `parse_fraction` gives both parts.
* A percentage "12,5%" is worth 12.5 (the number as written, unit "%").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

DIGIT_WORDS: dict[str, int] = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
# Digit forms valid only right after a tens word ("hai mươi mốt", "mười lăm", "ba mươi tư").
AFTER_TENS_WORDS: dict[str, int] = {"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5, "một": 1}
SCALE_WORDS: dict[str, float] = {
    "nghìn": 1e3,
    "ngàn": 1e3,
    "vạn": 1e4,
    "triệu": 1e6,
    "tỷ": 1e9,
    "tỉ": 1e9,
}
HUNDRED_WORDS = frozenset({"trăm"})
TENS_WORDS = frozenset({"mươi", "chục"})
ZERO_TENS_WORDS = frozenset({"linh", "lẻ"})
ZERO_WORD = "không"  # only in "không trăm" after a scale word ("hai nghìn không trăm linh năm")
HALF_WORDS = frozenset({"rưỡi", "rưởi"})
APPROX_WORDS = frozenset({"hàng"})
PERCENT_SIGN = "%"

NUMERAL_WORDS = frozenset(
    {*DIGIT_WORDS, *AFTER_TENS_WORDS, *SCALE_WORDS, *HUNDRED_WORDS, *TENS_WORDS, "mười", ZERO_WORD}
    | ZERO_TENS_WORDS
    | HALF_WORDS
)
_START_WORDS = NUMERAL_WORDS | APPROX_WORDS

_DIGITS = re.compile(r"(\d+)((?:[.,]\d+)*)")
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")
_GROUP = re.compile(r"([.,])(\d+)")


@dataclass(frozen=True, slots=True)
class NumeralMatch:
    """A numeral found at the start of a word sequence.

    `length` is the number of words consumed (scale words and a trailing "%" included);
    `approximate` is set by "hàng"; `scaled` when a scale word, "trăm" or "chục" was read.
    """

    value: float
    length: int
    spelled: bool
    approximate: bool = False
    scaled: bool = False
    percent: bool = False


def parse_digits(text: str) -> float | None:
    """Value of a digit string with Vietnamese or English separators ("1.200", "3,5"), or None."""
    m = _DIGITS.fullmatch(text.strip())
    if not m:
        return None
    head, rest = m.group(1), m.group(2)
    if not rest:
        return float(head)
    groups = _GROUP.findall(rest)
    marks = [mark for mark, _ in groups]
    if len(set(marks)) == 2:
        # Both marks: the final one is the decimal mark, all earlier ones group thousands.
        *grouping, (decimal_mark, fraction) = groups
        if any(mark == decimal_mark for mark, _ in grouping):
            return None
        if not _thousands(head, [digits for _, digits in grouping]):
            return None
        whole = head + "".join(digits for _, digits in grouping)
        return float(f"{whole}.{fraction}")
    if len(groups) > 1:
        digits = [d for _, d in groups]
        return float(head + "".join(digits)) if _thousands(head, digits) else None
    (_, tail) = groups[0]
    if _thousands(head, [tail]) and head != "0":
        return float(head + tail)
    return float(f"{head}.{tail}")


def _thousands(head: str, groups: Sequence[str]) -> bool:
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


def parse_fraction(text: str) -> tuple[float, float] | None:
    """Numerator and denominator of "9/10" (digits only), or None."""
    m = _FRACTION.fullmatch(text.strip())
    if not m:
        return None
    numerator, denominator = float(m.group(1)), float(m.group(2))
    if denominator == 0:
        return None
    return numerator, denominator


def parse_percent(text: str) -> float | None:
    """Value of a percentage as written ("12,5%" -> 12.5, "6 %" -> 6.0), or None."""
    body = text.strip()
    if not body.endswith(PERCENT_SIGN):
        return None
    return parse_digits(body[:-1].strip())


def match_numeral(words: Sequence[str], start: int = 0) -> NumeralMatch | None:
    """The longest numeral beginning at `words[start]` (lower-cased words or digit strings).

    Handles digits ("1.200", "3,5"), digits with scale words ("3,5 triệu"), spelled numbers
    ("hai mươi lăm", "một trăm linh năm"), "hàng" + scale ("hàng trăm ngàn") and a trailing
    "%" (attached or as its own word).
    """
    if start >= len(words):
        return None
    if is_digit_range(words, start):
        return None
    approximate = words[start] in APPROX_WORDS
    first = start + 1 if approximate else start
    best: NumeralMatch | None = None
    end = first
    while end < len(words) and _numeral_word(words[end]):
        end += 1
    # Back off from the longest run until a prefix is a well-formed numeral.
    for stop in range(end, first, -1):
        parsed = _evaluate(words[first:stop], approximate=approximate)
        if parsed is None:
            continue
        value, spelled, scaled, percent = parsed
        length = stop - start
        if not percent and stop < len(words) and words[stop] == PERCENT_SIGN:
            percent = True
            length += 1
        best = NumeralMatch(value, length, spelled, approximate, scaled, percent)
        break
    return best


def numeral_starts(words: Sequence[str]) -> list[int]:
    """Indices of the words where a numeral may begin; `match_numeral` finds none elsewhere.

    A cheap first pass for scanners: few words of a text are numerals.
    """
    # A numeral opens with a numeral word, "hàng", or digits (see `_numeral_word`).
    return [i for i, w in enumerate(words) if w in _START_WORDS or w.lstrip()[:1].isdigit()]


def is_digit_range(words: Sequence[str], start: int) -> bool:
    """True when `words[start]` and the next word are consecutive digits: "hai ba" (2-3)."""
    if start + 1 >= len(words):
        return False
    first, second = DIGIT_WORDS.get(words[start]), DIGIT_WORDS.get(words[start + 1])
    return first is not None and second == first + 1


def _numeral_word(word: str) -> bool:
    if word in NUMERAL_WORDS:
        return True
    body = word[:-1] if word.endswith(PERCENT_SIGN) else word
    return parse_digits(body) is not None


def _evaluate(words: Sequence[str], *, approximate: bool) -> tuple[float, bool, bool, bool] | None:
    """(value, spelled, scaled, percent) of a whole word run, or None when ill-formed."""
    total = 0.0
    group = 0.0
    has_group = False
    last = ""  # kind of the previous word
    last_scale = math.inf
    last_unit = 1.0  # value of the last scale/hundred word, for "rưỡi"
    spelled = scaled = percent = False
    digit_in_group = 0  # the pending spelled digit of this group (for "mươi")
    digit_after = ""  # kind of word before the last spelled digit
    for index, word in enumerate(words):
        if percent:
            return None  # nothing follows a "%"
        body = word[:-1] if word.endswith(PERCENT_SIGN) and len(word) > 1 else word
        number = parse_digits(body) if body[:1].isdigit() else None
        if number is not None:
            if has_group or last not in ("", "scale"):
                return None
            group, has_group, last = number, True, "number"
            percent = body is not word
        elif word in ("mười",):
            if last not in ("", "scale", "hundred"):
                return None
            spelled = True
            group += 10
            has_group, last = True, "ten"
        elif word in TENS_WORDS:
            if last == "digit" and (digit_in_group >= 2 or word == "chục"):
                group += digit_in_group * 9  # the digit already counted once becomes tens
            elif word == "chục" and last in ("", "scale") and not has_group:
                group += 10  # "hàng chục", "chục nghìn"
            else:
                return None
            spelled = True
            scaled = scaled or word == "chục"
            has_group, last = True, "tens"
        elif last in ("tens", "ten", "zero") and word in AFTER_TENS_WORDS:
            if last == "zero" and word not in ("tư", "một"):
                return None
            if last == "ten" and word in ("mốt", "tư"):
                return None  # "mười tư", "mười mốt" are not standard
            spelled = True
            group += AFTER_TENS_WORDS[word]
            last = "unit_end"
        elif word in DIGIT_WORDS:
            if word == "năm" and last in ("tens", "ten"):
                return None  # "mười năm" = ten years; fifteen is "mười lăm"
            if last not in ("", "scale", "hundred", "zero", "tens", "ten"):
                return None  # "hai ba" is a range
            spelled = True
            digit_in_group = DIGIT_WORDS[word]
            group += digit_in_group
            has_group = True
            digit_after = last
            last = "digit" if last in ("", "scale", "hundred") else "unit_end"
        elif word == ZERO_WORD:
            if last != "scale":
                return None
            last = "zero_hundreds"
        elif word in ZERO_TENS_WORDS:
            if last != "hundred":
                return None
            last = "zero"
        elif word in HUNDRED_WORDS:
            if last == "digit" or (last == "number" and group < 10):
                group *= 100
            elif last == "zero_hundreds":
                pass  # "không trăm": no hundreds in this group
            elif last == "number":
                return None
            elif last == "" and approximate and index == 0:
                group = 100.0  # "hàng trăm"
            else:
                return None
            spelled = scaled = True
            has_group, last, last_unit = True, "hundred", 100.0
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            if not has_group and last == "scale":
                if scale <= last_scale:
                    return None
                total *= scale  # "5 nghìn tỷ" = 5 x 10^12
                last, last_scale, last_unit = "scale", scale, scale
                continue
            if not has_group:
                if not approximate or index > 0:
                    return None
                group = 1.0  # "hàng nghìn"
            if scale < last_scale:
                total += group * scale
            else:
                total = (total + group) * scale
            spelled = spelled or not any(w[:1].isdigit() for w in words)
            scaled = True
            group, has_group, digit_in_group = 0.0, False, 0
            last, last_scale, last_unit = "scale", scale, scale
        elif word in HALF_WORDS:
            if last not in ("scale", "hundred"):
                return None
            total += last_unit / 2
            last = "half"
        else:
            return None
    if last in ("zero", "zero_hundreds", ""):
        return None
    if approximate and not scaled:
        return None
    if last == "digit" and digit_after in ("scale", "hundred"):
        # Colloquial shorthand ("hai nghìn ba" = 2300, "một trăm hai" = 120) is not read: the
        # digit is more often the start of something else ("một trăm năm" = a hundred years).
        return None
    return total + group, spelled, scaled, percent


def split_words(text: str) -> list[str]:
    """Lower-cased words of a numeral text, with a "%" split off as its own word."""
    spaced = re.sub(r"\s*%", " %", text.strip().lower())
    return spaced.split()


def parse_number(text: str) -> float | None:
    """Value of a whole numeral text: "1.200", "3,5 triệu", "hai mươi lăm", "9/10" (0.9), "12,5%".

    Returns None unless the entire text is one numeral.
    """
    body = text.strip()
    fraction = parse_fraction(body)
    if fraction is not None:
        return fraction[0] / fraction[1]
    words = split_words(body)
    if not words:
        return None
    m = match_numeral(words)
    if m is None or m.length != len(words):
        return None
    return m.value
