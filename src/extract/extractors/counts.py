"""COUNT mentions: a numeral with its qualifier and the noun phrase it counts (ANNOTATION §4, §9).

The grammar runs on syllables ("pieces") for the numeral and its qualifier, because underthesea
segments numerals unreliably ("hàng/N trăm ngàn/V", "9/10/V"), and on underthesea's words and
POS tags for the counted noun phrase, checked against word lists because the tags are noisy.

A count is [qualifier] NUMERAL [scale] HEAD [modifiers…]:

* qualifier: a §4 mod word directly before the numeral ("hơn", "gần", "xấp xỉ", "tối đa"…);
  "hàng" + scale ("hàng trăm ngàn") is itself an approximate numeral;
* head: the longest entry of `pipeline/lexicons/count_units.tsv` (compound heads stay whole:
  "văn bản ghi nhớ", "ủy ban"), else a lower-case common noun by its POS tag; "%" / "phần trăm"
  and currency units close the span;
* modifiers: nouns, adjectives and proper nouns after the head, up to the first punctuation,
  conjunction, verb, preposition or adverb; an adjective directly before a verb is adverbial
  ("2 cấp | chính thức hoạt động") and ends the phrase;
* totals: "9/10 công ước" (value 9, total 10) and "180 trên tổng số 193 quốc gia".

Not counts: durations (a time-unit head: năm, tháng, ngày… — those are DATE), years and dates
(4-digit years need a counted head; "15/1", "tháng 11/2025", "2016 - 2020"), identifiers and
names ("số 145", "145/QĐ-TTg", "Chiến lược 145", "G20", a number after a capitalized word),
ordinals ("thứ 5", "lần thứ 11", "Một là"), times of day, "một số" and "một" as an article.

"một": a bare "một" before a noun is read as the indefinite article ("một bước tiến", "một Bộ
trưởng") and kept as a count only when something marks it as counting: a qualifier ("hơn một
dự án"), "chỉ (có) một", a scale word or compound ("một triệu", "một trăm"), a unit of
measure or currency ("một USD"), or coordination with another numeral ("một … và hai …").
"năm" alone is five only before a listed counted head, since it is far more often "year".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..normalize.numbers import (
    NUMERAL_WORDS,
    NumeralMatch,
    is_digit_range,
    match_numeral,
    numeral_starts,
    parse_fraction,
)
from ..records import Mention, Token
from .lexicon import fold_syllable, read_tsv

DEFAULT_UNITS_PATH = (
    Path(__file__).resolve().parents[3] / "pipeline" / "lexicons" / "count_units.tsv"
)

LABEL = "COUNT"

# Digit-led pieces keep their separators ("1.200", "9/10", "145/QĐ-TTg", "1/7/2025"); letter-led
# pieces keep only joined parts holding a digit ("COVID-19", "VIE/90/017", "ACCSM+3"), so that
# "USD/tháng" splits into "USD", "/", "tháng".
_PIECE = re.compile(r"\d\w*(?:[.,/:+&\-–]\w+)*%?|[^\W\d_]\w*(?:[/:+&\-–]\w*\d\w*)*|[^\w\s]")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
_FRACTION = re.compile(r"\d+/\d+")
_YEAR = re.compile(r"\d{4}")

# §4 qualifier words, longest first when they share a prefix ("gần như" before "gần").
MODS: dict[tuple[str, ...], str] = {
    ("khoảng",): "APPROX",
    ("xấp", "xỉ"): "APPROX",
    ("chừng",): "APPROX",
    ("gần", "như"): "APPROX",
    ("trên", "dưới"): "APPROX",
    ("ước", "tính"): "APPROX",
    ("gần",): "LESS_THAN",
    ("dưới",): "LESS_THAN",
    ("chưa", "đến"): "LESS_THAN",
    ("chưa", "tới"): "LESS_THAN",
    ("chưa", "đầy"): "LESS_THAN",
    ("hơn",): "MORE_THAN",
    ("trên",): "MORE_THAN",
    ("ngoài",): "MORE_THAN",
    ("hơn", "nữa"): "MORE_THAN",
    ("ít", "nhất"): "AT_LEAST",
    ("tối", "thiểu"): "AT_LEAST",
    ("không", "dưới"): "AT_LEAST",
    ("tối", "đa"): "AT_MOST",
    ("không", "quá"): "AT_MOST",
    ("không", "vượt", "quá"): "AT_MOST",
}
_MOD_MAX = max(len(k) for k in MODS)

# Heads that make the number a duration (DATE, §2), never a COUNT.
TIME_UNITS: frozenset[tuple[str, ...]] = frozenset(
    tuple(w.split())
    for w in (
        "năm",
        "tháng",
        "tuần",
        "tuần lễ",
        "ngày",
        "ngày đêm",
        "giờ",
        "tiếng",
        "tiếng đồng hồ",
        "phút",
        "giây",
        "thập kỷ",
        "thập niên",
        "thế kỷ",
        "quý",
        "đêm",
        "năm học",
        "học kỳ",
        "niên khóa",
    )
)


def _word_set(text: str) -> frozenset[str]:
    """A set of single-syllable words written space-separated."""
    return frozenset(text.split())


# A number right after these is an identifier, an ordinal, a date or a time of day.
IDENT_CUES = _word_set(
    "số thứ hạng điều khoản mục chương điểm khóa phần trang tập phòng tầng quận phường lô "
    "kỳ đợt lần vòng bảng hình biểu mã tuyến đường hiệu bản "
    # addresses: "ngõ 12", "hẻm 5", "tổ 3", "km 15", "Quốc lộ 1A", "lớp 10"
    "ngõ ngách hẻm kiệt tổ xóm ấp khu km lộ lớp"
)
# "giờ": the number after it is the minutes of a clock time ("9 giờ 10 sáng").
DATE_CUES = _word_set("năm tháng ngày hôm sáng chiều tối trưa đêm quý tuần mùa lúc hồi kỷ giờ")
DATE_CUE_PHRASES = frozenset({"giai đoạn", "thời kỳ", "nhiệm kỳ", "niên khóa", "thời điểm"})
# Extra cues before "d/m" that make it a date rather than a fraction.
FRACTION_DATE_CUES = DATE_CUES | _word_set("từ đến vào tới trước sau dịp hạn nay qua đầu cuối giữa")
# Words before a bare "năm" that make it "year" (trong năm, hàng năm, cả năm…).
YEAR_CONTEXT = _word_set(
    "trong của cả mỗi hằng hàng cuối đầu giữa suốt qua nay các những nhiều từ đến vào tới "
    "sang năm tháng"
)
PREPOSITIONS = _word_set(
    "của với trong tại ở về cho từ đến vào theo giữa trên bằng do để tới sang qua như thuộc "
    "sau trước ngoài dưới nhằm bởi vì khi nhờ gồm lên xuống ra đi"
)
CONJUNCTIONS = _word_set("và hoặc hay cùng nhưng mà song còn rồi nên thì nếu tuy dù lẫn")
# Verbs, auxiliaries and adverbs that commonly follow a counted noun phrase.
CLAUSE_WORDS = _word_set(
    "là có được bị đã đang sẽ vừa mới cũng đều vẫn chưa không chỉ này đó ấy kia nay đây "
    "nhiều ít mỗi các những ký đạt hiện"
)
# Time and occasion nouns: after a counted head they start an adjunct ("hai bên | lần này").
TEMPORAL_WORDS = frozenset(
    {
        "lần",
        "đợt",
        "dịp",
        "kỳ",
        "lúc",
        "hồi",
        "buổi",
        "hôm",
        "sáng",
        "chiều",
        "tối",
        "trưa",
        "đêm",
        "thời gian",
        "giai đoạn",
        "thời kỳ",
        "nhiệm kỳ",
        "hiện nay",
        "hiện tại",
        "vừa qua",
    }
)
STOP_WORDS = PREPOSITIONS | CONJUNCTIONS | CLAUSE_WORDS
# Multi-syllable words underthesea returns as one token that end the phrase.
STOP_PHRASES = frozenset(
    {
        "tham gia",
        "ký kết",
        "thực hiện",
        "bao gồm",
        "trong đó",
        "đối với",
        "cũng như",
        "kể cả",
        "so với",
        "tính đến",
        "kể từ",
        # Reporting and agreeing verbs that underthesea often tags N after a subject count.
        "đánh giá",
        "nhất trí",
        "thống nhất",
        "đồng ý",
        "cam kết",
        "khẳng định",
        "nhấn mạnh",
        "cho biết",
        "cho rằng",
        "bày tỏ",
        "trao đổi",
        "thảo luận",
        "đề nghị",
        "mong muốn",
        "hoan nghênh",
        "tiếp tục",
        "đồng thời",
    }
)
# Verbs that act as noun modifiers right after a head ("ủy ban hợp tác", "công ước quản trị").
MODIFIER_VERBS = frozenset(
    {"hợp tác", "quản trị", "ghi nhớ", "trọng tâm", "lưu trữ", "đào tạo", "nghiên cứu"}
)
# Heads that name actors: a verb after them is the predicate, even one that modifies other
# heads ("hai bên | ghi nhớ", "hai nước | hợp tác" but "20 ủy ban hợp tác").
ACTOR_HEADS = frozenset({"bên", "nước", "quốc gia", "phía", "bộ", "ngành", "người", "đoàn"})
# Predicate verbs underthesea tags N right after an actor head ("Hai bên | duy trì …"); they never
# modify "bên"/"nước"/"người", so they end the phrase there (elsewhere they may: "3 gói hỗ trợ").
ACTOR_PREDICATES = frozenset(
    {
        "duy trì",
        "hỗ trợ",
        "phối hợp",
        "triển khai",
        "tăng cường",
        "thúc đẩy",
        "chia sẻ",
        "ghi nhận",
        "xem xét",
        "mở rộng",
        "hoàn thành",
        "chủ trì",
        "đồng chủ trì",
        "hội đàm",
        "làm việc",
        "tổ chức",
        "phát triển",
    }
)
AUXILIARY_VERBS = frozenset({"là", "được", "bị", "có"})
NOUN_TAGS = frozenset({"N", "Nc", "Nu", "Ny", "Nb"})
MODIFIER_TAGS = frozenset({"N", "Nc", "Nu", "Ny", "Nb", "Np", "A"})
# Nouns after a numeral that do not make it a count ("một số" = some, "một cách" = in a way).
BAD_HEADS = frozenset({"số", "cách", "chút", "khi", "lúc", "lát", "loạt", "nửa", "trong"})
# After "dưới"/"trên" these make it a preposition ("under two forms"), not a qualifier.
FORM_NOUNS = frozenset({"hình thức", "dạng", "phương diện", "góc độ", "mặt", "bình diện", "cấp độ"})
# First syllables of words ending in "hàng" (ngân hàng, cửa hàng, mặt hàng, khách hàng…).
HANG_COMPOUNDS = _word_set("ngân cửa mặt đơn khách xếp nhà món")
# Before "một": the number is meant ("chỉ một", "duy nhất một").
ONLY_WORDS = frozenset({"chỉ", "duy", "độc"})
MEASURE_NOTES = frozenset({"currency", "percent", "measure"})
_CLAUSE_START_PUNCT = frozenset(".!?:;–-—•“”\"'(…[")
_DASHES = frozenset("-–—")


@dataclass(frozen=True, slots=True)
class CountUnits:
    """The counted-head lexicon: folded syllable sequences -> (unit as listed, note)."""

    entries: dict[tuple[str, ...], tuple[str, str]]
    max_len: int

    def match(self, keys: Sequence[str], start: int) -> tuple[int, str, str] | None:
        """Longest entry at `keys[start:]`: (syllables used, unit, note), or None."""
        for n in range(min(self.max_len, len(keys) - start), 0, -1):
            hit = self.entries.get(tuple(keys[start : start + n]))
            if hit:
                return n, hit[0], hit[1]
        return None


def build_count_units(rows: Sequence[tuple[str, str]]) -> CountUnits:
    """A lexicon from (unit, note) pairs."""
    entries: dict[tuple[str, ...], tuple[str, str]] = {}
    for unit, note in rows:
        key = tuple(fold_syllable(p) for p in _PIECE.findall(unit))
        if key:
            entries.setdefault(key, (unit, note))
    return CountUnits(entries, max((len(k) for k in entries), default=0))


@lru_cache(maxsize=8)
def load_count_units(path: Path = DEFAULT_UNITS_PATH) -> CountUnits:
    """Read `count_units.tsv` (columns unit, note) into a lexicon; cached per path."""
    rows = read_tsv(path, ["unit", "note"])
    return build_count_units([(r["unit"], r.get("note", "")) for r in rows])


@dataclass(frozen=True, slots=True)
class _Head:
    end: int  # character offset where the head ends
    unit: str | None
    note: str
    from_lexicon: bool


class _Sentence:
    """Pieces and tokens of one sentence with the lookups the grammar needs.

    Piece `i` is `texts[i]` at `starts[i]:ends[i]`, with the folded key `keys[i]`. Parallel
    lists rather than one object per piece: every syllable of every sentence is a piece, and
    only the few around a numeral are ever looked at.
    """

    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        units: CountUnits,
        place_starts: Collection[int] = (),
    ) -> None:
        self.text = text
        self.units = units
        self.place_starts = place_starts
        matches = list(_PIECE.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.texts = [m.group() for m in matches]
        self.keys = [_fold(piece) for piece in self.texts]
        self.numeral_starts = numeral_starts(self.keys)
        self.tokens = sorted(tokens, key=lambda t: t.start)
        self._token_starts = [t.start for t in self.tokens]

    def token_at(self, offset: int) -> int | None:
        """Index of the token covering character `offset`, if any."""
        i = bisect_right(self._token_starts, offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return i
        return None

    def piece_after(self, offset: int) -> int:
        """Index of the first piece starting at or after `offset`."""
        return bisect_left(self.starts, offset)

    def clause_start(self, index: int) -> bool:
        """True when piece `index` opens the sentence or follows clause punctuation."""
        return index == 0 or self.texts[index - 1] in _CLAUSE_START_PUNCT

    def is_number(self, index: int) -> bool:
        """True for a digit piece (number, fraction, date or identifier)."""
        return 0 <= index < len(self.texts) and self.texts[index][:1].isdigit()

    def is_word(self, index: int) -> bool:
        """True for a piece that starts with a letter."""
        return self.texts[index][:1].isalpha()

    def capitalized(self, index: int) -> bool:
        """True for a piece that starts with an upper-case letter."""
        return self.texts[index][:1].isupper()


@lru_cache(maxsize=65536)  # the same few thousand syllables recur in every sentence
def _fold(piece: str) -> str:
    return fold_syllable(piece) if piece[:1].isalpha() else piece.casefold()


def find_counts(
    text: str,
    tokens: Sequence[Token],
    *,
    units: CountUnits | None = None,
    place_starts: Collection[int] = (),
) -> list[Mention]:
    """COUNT mentions of one sentence; `tokens` are underthesea words with offsets into `text`.

    `place_starts` are the start offsets of country and place names already found: a counted
    phrase ends before them ("230.000 người | Việt Nam", "1.000 lao động | Việt Nam").
    """
    sentence = _Sentence(text, tokens, units or load_count_units(), place_starts)
    mentions: list[Mention] = []
    resume = 0
    for i in sentence.numeral_starts:
        if i < resume:
            continue  # inside a count already found or a numeral already rejected
        mention, resume = _count_at(sentence, i)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _count_at(s: _Sentence, i: int) -> tuple[Mention | None, int]:
    """A count whose numeral starts at piece `i`, and the piece index to resume scanning at."""
    piece = s.texts[i]
    if _FRACTION.fullmatch(piece):
        return _fraction_at(s, i), i + 1
    if piece[:1].isdigit() and not _PLAIN_NUMBER.fullmatch(piece):
        return None, i + 1  # identifier, date, time or code: "145/QĐ-TTg", "1/7/2025", "03:59"
    numeral = match_numeral(s.keys, i)
    if numeral is None:
        return None, i + 1
    mention = _numeral_count(s, i, numeral)
    if mention is None:
        return None, i + numeral.length  # never re-read part of a rejected numeral
    return mention, s.piece_after(mention.end)


def _numeral_count(s: _Sentence, i: int, numeral: NumeralMatch) -> Mention | None:
    """Build the count of the numeral at piece `i` when its context allows one."""
    keys = s.keys
    j = i + numeral.length
    single = numeral.length == 1 and not numeral.percent
    if numeral.spelled and s.capitalized(i) and not s.clause_start(i):
        return None  # "Hai Bà Trưng", "Ba Vì": numerals inside names
    if _in_range(s, i, j) or (numeral.spelled and i > 0 and is_digit_range(s.keys, i - 1)):
        return None  # "2016 - 2020", "hai ba người" (two or three people)
    mod, first = _qualifier(s, i)
    if mod is not None and _prepositional(s, first, j):
        mod, first = None, i
    if numeral.approximate:
        if i > 0 and keys[i - 1] in HANG_COMPOUNDS:
            return None  # "ngân hàng", "cửa hàng": "hàng" is part of a word, not "hundreds of"
        mod = mod or "APPROX"
    if _excluded_left(s, first, direct=first == i) and not _amount_after_name(s, i, j):
        return None
    total: float | None = None
    rule = "spelled" if numeral.spelled else "digits"
    if numeral.scaled:
        rule = "approx_scale" if numeral.approximate else f"{rule}_scale"
    if numeral.percent:
        end = _percent_of(s, j, s.ends[j - 1])
        return _mention(s, first, end, numeral.value, "%", mod, None, "percent")
    if keys[j : j + 2] == ["phần", "trăm"]:
        end = _percent_of(s, j + 2, s.ends[j + 1])
        return _mention(s, first, end, numeral.value, "%", mod, None, "percent")
    of_total = _total_after(s, j)
    if of_total is not None:
        total, j = of_total
        rule = "total"
    if _time_unit_at(keys, j):
        return None
    year_like = single and bool(_YEAR.fullmatch(s.texts[i])) and 1800 <= numeral.value <= 2100
    bare_five = single and keys[i] == "năm"
    if bare_five and i > 0 and (keys[i - 1] in YEAR_CONTEXT or _numeral_piece(s, i - 1)):
        return None  # "trong năm", "hàng năm", "trăm năm", "hai năm": the year, not five
    head = _head(s, j, lexicon_only=year_like or bare_five)
    if head is None:
        if numeral.scaled and numeral.value >= 100 and not single:
            return _mention(s, first, s.ends[j - 1], numeral.value, None, mod, total, rule)
        return None
    if year_like and (not head.from_lexicon or s.capitalized(j)):
        return None
    end = _phrase_end(s, head)
    if keys[i] == "một" and single and not _counting_one(s, i, mod, head, end):
        return None
    if total is None:
        # "6,8 triệu người lao động trên tổng số 10 triệu …": the total follows the phrase.
        after = _total_after(s, s.piece_after(end))
        total = after[0] if after else None
    return _mention(s, first, end, numeral.value, head.unit, mod, total, rule, head)


def _percent_of(s: _Sentence, j: int, end: int) -> int:
    """End of "60% dân số", "30% số hộ": a percentage runs through the noun phrase it is a
    share of (§4: number through the head); "tăng 5% so với", "6% GDP" end at the sign."""
    if j >= len(s.texts) or s.starts[j] > end + 1:
        return end
    if s.keys[j] == "số" and j + 1 < len(s.keys):
        j += 1  # "30% số lao động"
    if s.capitalized(j):
        return end
    head = _head(s, j)
    if head is None or head.note in MEASURE_NOTES or not head.unit:
        return end
    # Only nouns continue the share ("60% dân số nông thôn"); an adjective or verb after it
    # is the predicate ("70 phần trăm người dân | hài lòng").
    end = head.end
    t = s.token_at(end - 1)
    if t is not None and s.tokens[t].end > end and s.tokens[t].pos in NOUN_TAGS:
        end = s.tokens[t].end  # the head starts a longer noun: "dân | số" → "dân số"
    k = _first_token_from(s, end)
    while k < len(s.tokens) and s.tokens[k].pos in NOUN_TAGS:
        token = s.tokens[k]
        words = [_fold(w) for w in token.text.split()]
        if token.start in s.place_starts or " ".join(words) in STOP_PHRASES:
            break
        if (len(words) == 1 and words[0] in STOP_WORDS) or _time_unit_at(words, 0):
            break
        end = token.end
        k += 1
    return end


def _mention(
    s: _Sentence,
    start_piece: int,
    end: int,
    value: float,
    unit: str | None,
    mod: str | None,
    total: float | None,
    rule: str,
    head: _Head | None = None,
) -> Mention:
    confidence = 1.0 if head is None or head.from_lexicon else 0.85
    if unit is None and rule != "percent":
        confidence = 0.6
    return Mention(
        start=s.starts[start_piece],
        end=end,
        label=LABEL,
        value=float(value),
        source=f"count_grammar:{rule}",
        mod=mod,
        unit=unit,
        total=total,
        confidence=confidence,
    )


def _qualifier(s: _Sentence, i: int) -> tuple[str | None, int]:
    """The §4 mod word(s) directly before piece `i`: (mod, index of the first piece)."""
    for n in range(min(_MOD_MAX, i), 0, -1):
        mod = MODS.get(tuple(s.keys[i - n : i]))
        if mod:
            return mod, i - n
    return None, i


def _prepositional(s: _Sentence, first: int, j: int) -> bool:
    """True when "dưới"/"trên" before the number is a preposition: "dưới hai hình thức"."""
    if s.keys[first] not in ("dưới", "trên") or j >= len(s.keys):
        return False
    return any(" ".join(s.keys[j : j + n]) in FORM_NOUNS for n in (1, 2))


def _excluded_left(s: _Sentence, first: int, *, direct: bool) -> bool:
    """True when the word before the count makes it an identifier, ordinal, date or name."""
    if first == 0 or not direct:
        return False  # a qualifier separates the number from any cue or name before it
    prev = first - 1
    key = s.keys[prev]
    if key == "số":
        # "tổng số 193 quốc gia", "trong số 10 nước", "con số 3.000 người" count;
        # "Quyết định số 145" does not.
        return not (first >= 2 and s.keys[first - 2] in ("tổng", "trong", "con"))
    if key in IDENT_CUES or key in DATE_CUES:
        return True
    if first >= 2 and " ".join(s.keys[first - 2 : first]) in DATE_CUE_PHRASES:
        return True
    if s.is_word(prev) and s.capitalized(prev) and not s.clause_start(prev):
        return True  # a number after a name: "Chiến lược 145", "Đề án 161", "ASEAN 2020"
    text = s.texts[prev]
    return s.is_word(prev) and text.isupper() and len(text) > 1  # "ILC 103"


def _amount_after_name(s: _Sentence, i: int, j: int) -> bool:
    """ "gói tài trợ của ADB 75 triệu USD": a money amount after a name is still an amount
    (a scale word and a currency after the number), unlike "Chiến lược 145" or "ASEAN 2020"."""
    if i == 0 or not (s.is_word(i - 1) and s.capitalized(i - 1)) or j >= len(s.keys):
        return False
    if s.keys[i - 1] in IDENT_CUES or s.keys[i - 1] in DATE_CUES:
        return False
    hit = s.units.match(s.keys, j)
    return hit is not None and hit[2] == "currency" and j > i + 1


def _in_range(s: _Sentence, i: int, j: int) -> bool:
    """True for either end of a dash range of numbers ("2016 - 2020", "3 – 5")."""
    before = i >= 2 and s.texts[i - 1] in _DASHES and s.is_number(i - 2)
    after = j + 1 < len(s.texts) and s.texts[j] in _DASHES and s.is_number(j + 1)
    return before or after


def _total_after(s: _Sentence, j: int) -> tuple[float, int] | None:
    """ "trên/trong (tổng) số N" after a numeral: (N, index after N), or None."""
    keys = s.keys
    if j >= len(keys) or keys[j] not in ("trên", "trong"):
        return None
    k = j + 1
    if keys[k : k + 2] == ["tổng", "số"]:
        k += 2
    elif keys[k : k + 1] == ["số"]:
        k += 1
    else:
        return None
    numeral = match_numeral(keys, k)
    if numeral is None or numeral.percent or numeral.approximate:
        return None
    return numeral.value, k + numeral.length


def _time_unit_at(keys: Sequence[str], j: int) -> bool:
    return any(tuple(keys[j : j + n]) in TIME_UNITS for n in (1, 2, 3))


def _head(s: _Sentence, j: int, *, lexicon_only: bool = False) -> _Head | None:
    """The counted head noun starting at piece `j`, from the lexicon or from its POS tag."""
    if j >= len(s.texts) or not s.is_word(j):
        return None
    hit = s.units.match(s.keys, j)
    if hit is not None:
        n, unit, note = hit
        end = s.ends[j + n - 1]
        t = s.token_at(s.starts[j])
        if t is not None and s.tokens[t].end > end:
            if s.tokens[t].pos == "Np":
                return None  # the word begins a longer name: "686 Bản Cân" (a village)
            if lexicon_only:
                return None  # "năm bản lề" is a year, not five "bản"
        return _Head(end, unit, note, True)
    if lexicon_only:
        return None
    key = s.keys[j]
    if s.capitalized(j) or key in BAD_HEADS or key in STOP_WORDS:
        return None
    t = s.token_at(s.starts[j])
    if t is None:
        return None
    token = s.tokens[t]
    if token.pos == "X":
        # Alignment fallback: no tag to trust, take the single syllable.
        return _Head(s.ends[j], key, "", False)
    if token.pos not in NOUN_TAGS:
        return None
    word = s.text[s.starts[j] : token.end]
    unit = " ".join(_fold(w) for w in word.split())
    if unit in STOP_PHRASES or _time_unit_at(unit.split(), 0):
        return None
    return _Head(token.end, unit, "", False)


def _phrase_end(s: _Sentence, head: _Head) -> int:
    """Extend the counted phrase over the head's modifiers (§4): nouns, adjectives, names."""
    if head.note in MEASURE_NOTES:
        return head.end  # "5 triệu USD", "xấp xỉ 6%": the unit closes the phrase
    end = head.end
    t = s.token_at(end - 1)
    if t is not None and s.tokens[t].end > end:
        if s.tokens[t].pos not in MODIFIER_TAGS:
            # The segmenter glued the head's last syllable to a verb ("thực tập | sinh tái |
            # nhập cảnh"): what follows belongs to the clause, not to the counted phrase.
            return end
        end = s.tokens[t].end  # the head is the start of a longer word
    k = (t + 1) if t is not None else _first_token_from(s, end)
    actor = head.unit in ACTOR_HEADS
    first_modifier = not actor
    taken = 0
    while k < len(s.tokens) and taken < 12:
        token = s.tokens[k]
        nxt = s.tokens[k + 1] if k + 1 < len(s.tokens) else None
        folded = " ".join(_fold(w) for w in token.text.split())
        if actor and (folded in MODIFIER_VERBS or folded in ACTOR_PREDICATES):
            break  # tagged N or V alike, "ghi nhớ" after "hai bên" is what the parties do
        if token.start in s.place_starts or not _continues_phrase(s, token, nxt, first_modifier):
            break
        end = token.end
        first_modifier = False
        taken += 1
        k += 1
    return end


def _first_token_from(s: _Sentence, offset: int) -> int:
    return bisect_right(s._token_starts, offset - 1)


def _continues_phrase(s: _Sentence, token: Token, nxt: Token | None, first: bool) -> bool:
    """True when `token` still modifies the counted head."""
    words = [_fold(w) for w in token.text.split()]
    key = " ".join(words)
    if not words or not token.text[:1].isalnum() or token.text[:1].isdigit():
        return False
    if key in STOP_PHRASES or (len(words) == 1 and words[0] in STOP_WORDS):
        return False
    if key in TEMPORAL_WORDS or _time_unit_at(words, 0):
        return False  # "3 dự án năm 2020", "hai bên lần này": a time adjunct starts here
    if token.pos == "V":
        if first and key in MODIFIER_VERBS:
            return True
        # "thành viên tổ chức Liên Hợp Quốc": a listed noun tagged V before a name.
        hit = s.units.match(words, 0)
        return hit is not None and hit[0] == len(words) and nxt is not None and nxt.pos == "Np"
    if token.pos not in MODIFIER_TAGS:
        return False
    if token.pos == "A" and nxt is not None and nxt.pos == "V":
        # An adjective before a verb is adverbial: "2 cấp | chính thức hoạt động".
        return " ".join(_fold(w) for w in nxt.text.split()) in AUXILIARY_VERBS
    return True


def _counting_one(s: _Sentence, i: int, mod: str | None, head: _Head, end: int) -> bool:
    """True when a bare "một" counts rather than being the indefinite article (module doc)."""
    keys = s.keys
    if mod is not None or head.note in MEASURE_NOTES:
        return True
    if i > 0 and (keys[i - 1] in ONLY_WORDS or keys[i - 2 : i] == ["chỉ", "có"]):
        return True
    after = s.piece_after(end)
    if keys[after : after + 2] == ["duy", "nhất"]:
        return True
    # Coordinated with another numeral: "một Phó Thủ tướng và hai Bộ trưởng".
    if after + 1 < len(keys) and keys[after] in ("và", "hoặc", ",", "cùng"):
        other = match_numeral(keys, after + 1)
        if other is not None and keys[after + 1] != "một":
            return True
    if i >= 2 and keys[i - 1] in ("và", "hoặc", ","):
        window = range(max(0, i - 8), i - 1)
        return any(_numeral_word(keys, k) for k in window)
    return False


def _numeral_piece(s: _Sentence, k: int) -> bool:
    """True when piece `k` is a digit string or a numeral word."""
    return s.is_number(k) or s.keys[k] in NUMERAL_WORDS


def _numeral_word(keys: Sequence[str], k: int) -> bool:
    """True when a numeral other than "một" starts at `keys[k]`."""
    return keys[k] != "một" and match_numeral(keys, k) is not None


def _fraction_at(s: _Sentence, i: int) -> Mention | None:
    """ "9/10 công ước": value 9, total 10 — unless the slash writes a date ("15/1", "11/2025")."""
    parts = parse_fraction(s.texts[i])
    if parts is None:
        return None
    numerator, denominator = parts
    if not 0 < numerator <= denominator or 1800 <= denominator <= 2100:
        return None
    if i > 0 and s.keys[i - 1] in FRACTION_DATE_CUES | IDENT_CUES:
        return None
    mod, first = _qualifier(s, i)
    if _excluded_left(s, first, direct=first == i):
        return None
    j = i + 1
    if s.keys[j : j + 1] == ["số"]:
        j += 1  # "2/3 số lao động": two thirds of the workers
    if _time_unit_at(s.keys, j):
        return None
    head = _head(s, j)
    if head is None:
        return None
    end = _phrase_end(s, head)
    return _mention(s, first, end, numerator, head.unit, mod, denominator, "fraction", head)
