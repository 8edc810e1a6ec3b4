"""AGREEMENT mentions (ANNOTATION §5, §9): a head-word grammar, a lexicon of named instruments,
and a document-level pass that gives short names and aliases their full instrument's value.

The grammar works on *units* of one sentence (syllables, with identifiers such as "145/QĐ-TTg"
kept whole). A head word ("Hiệp định", "bản ghi nhớ", "Quyết định", …) opens a span that runs
over the instrument's name, subject, number, parties written as a name, and year, and ends
before a governing preposition, a verb clause or punctuation. Whether the span is annotated
then depends on what identifies it: a number, a proper name, a specific subject, or parties
named right after it. Generic plural and counted mentions are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from ..records import Mention, Token
from .lexicon import fold_syllable, keyed_syllables, read_tsv, split_names

LABEL = "AGREEMENT"
HEADS_FILE = "agreement_heads.tsv"
NAMED_FILE = "named_agreements.tsv"
ORGANIZATIONS_FILE = "organizations.tsv"
GRAMMAR = "agreement_grammar"
LEXICON_SOURCE = "agreement_lexicon"

# A unit is a word (identifiers and hyphenated codes stay whole) or one punctuation mark.
_UNIT = re.compile(r"[\w&]+(?:[-/][\w&]+)*|\S")
# Syllables for name matching: hyphenated names match however the dash is spaced.
_SYLLABLE = re.compile(r"\w+|[^\w\s]")
_DASHES = frozenset("-–—‐‑−")
_IDENTIFIER = re.compile(r"^\d+[\w&]*(?:[-/][\w&]+)+$")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d(?:-(?:1[89]|20)\d\d)?$")
_NUMBER = re.compile(r"^\d+(?:[./,-]\d+)*$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PLAIN_WORD = re.compile(r"\w+")
_MAX_SPAN_UNITS = 45


#: Folded key of one unit (case, dash and tone placement ignored).
_fold = fold_syllable


class _Phrases:
    """Word sequences, written "|"-separated, matched on folded units (case, dash and tone
    placement ignored)."""

    def __init__(self, phrases: str) -> None:
        self._by_len: dict[int, set[tuple[str, ...]]] = {}
        for phrase in phrases.split("|"):
            key = tuple(_fold(w) for w in phrase.split())
            if key:
                self._by_len.setdefault(len(key), set()).add(key)
        self._lengths = sorted(self._by_len, reverse=True)

    def match(self, keys: Sequence[str], i: int) -> int:
        """Length in units of the longest phrase starting at unit `i`, or 0."""
        for n in self._lengths:
            if i + n <= len(keys) and tuple(keys[i : i + n]) in self._by_len[n]:
                return n
        return 0


# Words that end a span: governing prepositions, auxiliaries and clause starters (§5).
_STOP = _Phrases(
    "giữa|của|do|được|đã|ký|kí|là|sẽ|cũng|vẫn|thì|mà|nhằm|để|cho|tại|theo|từ|vào|trên|sau|"
    "trước|khi|nếu|này|đó|ấy|nay|có|không|chưa|phải|cần|nên|bị|hay|hoặc|như|gồm|nhưng|qua|"
    "tới|vừa|mới|rất|đều|cùng|với|đang|trong|ở|bởi|vì|ngày|tháng|hôm|nhé|nhất|lên|ra|các|"
    "những|nhiều|mọi|lần|ký kết|kí kết|bao gồm|hôm nay|chính thức|đối với|nói trên|nêu trên|"
    "trên đây|hiện nay|đầu tiên|cuối cùng|có hiệu lực|cũng như|trong đó|thời gian|giai đoạn"
)
# Inside an official title ("Tuyên bố về Phát triển … trong một thế giới đang thay đổi") these
# words do not end the subject.
_TITLE_SUBJECT_OK = _Phrases("trong|đang|các|những|mọi|đến")
# Inside a capitalised legal title these words continue the name (§5 "Luật Người lao động
# Việt Nam đi làm việc ở nước ngoài theo hợp đồng").
_TITLE_NAME_OK = _Phrases("đi|ở|theo hợp đồng")
_AMENDED = _Phrases("sửa đổi|bổ sung|sửa đổi bổ sung")
_SUBJECT_LINKS = _Phrases("với|của|cho|trong")
# After a subject link these words start a time frame or a governing context.
_NOT_SUBJECT = _Phrases(
    "năm|tháng|đó|dịp|chuyến|các|những|này|thời gian|khuôn khổ|bối cảnh|quá trình|giai đoạn|"
    "thời kỳ|"
    # the other side of the instrument ("với phía Pháp", "với bên đối tác")
    "phía|bên|đối tác"
)
# In a lowercase subject ("về xóa bỏ mọi hình thức …", "về các quyền …") determiners continue it.
_SUBJECT_OK = _Phrases("các|những|mọi")
_PLURAL = _Phrases("các|những|nhiều|mọi|hàng loạt|loạt|vài|một số|số")
_SPELLED_NUMBER = _Phrases("hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|chục|triệu")
# Words before a head that show it is used as a verb or adjective, not as a noun.
_VERB_MARKERS = _Phrases(
    "đã|sẽ|đang|vừa|mới|cùng|từng|không|chưa|cũng|đều|được|hãy|phải|cần|long trọng|chính thức|"
    # a party as the clause's subject: "hai bên thỏa thuận", "các nước tuyên bố"
    "bên|nước|phía"
)
_ADJECTIVE_CONTEXT = _Phrases(
    "đối tác|hợp tác|quan hệ|đột phá|tầm|mang tính|vị trí|ý nghĩa|lợi ích|đối thoại|tư duy|"
    "tầm nhìn|nghiên cứu|một"
)
# Words before a head that make it a noun ("ký thỏa thuận", "bản thỏa thuận").
_NOUN_CONTEXT = _Phrases(
    "các|những|nhiều|một|mọi|bản|ký|kí|trao|theo|với|về|của|tại|thực hiện|triển khai|ký kết|"
    "kí kết|thông qua|ban hành|đàm phán|phê chuẩn|phê duyệt|gia nhập|dự thảo|xây dựng|"
    "sửa đổi|văn bản|lễ ký"
)
# Verbs that sign, adopt or negotiate an instrument: a generic "thỏa thuận hợp tác" after them
# is a specific new instrument.
_SIGN_VERBS = _Phrases(
    "ký|kí|trao|ký kết|kí kết|ký tắt|thông qua|đàm phán|phê chuẩn|phê duyệt|ban hành|gia nhập"
)
# Modifiers that say nothing specific about an instrument.
_GENERIC = _Phrases(
    "khác|mới|chung|này|đó|trên|hợp tác|song phương|đa phương|quốc tế|cụ thể|quan trọng|"
    "thương mại|tự do|tự do hóa|kinh tế|thế hệ|liên quan|hiện hành|cơ bản|toàn diện|khu vực|"
    "chính thức|lĩnh vực|đã ký|rất|quản trị|kỹ thuật|nêu trên|nói trên|trước đây|tương ứng"
)
_FUNCTION_WORDS = _Phrases("về|và|của|với|trong|một|các|những|mọi")
# Compounds in which a head's syllables mean something else ("pháp luật", "kế hoạch hóa").
# "Bộ/Sở Kế hoạch và Đầu tư", "Vụ Kế hoạch - Tài chính": a unit's name, not a plan.
_NOT_HEAD_BEFORE = {
    "luật": _Phrases("pháp|kỷ|quy|định|dự|đạo"),
    "kế hoạch": _Phrases("bộ|sở|vụ|phòng|ban"),
}
_NOT_HEAD_AFTER = {
    "luật": _Phrases("pháp|sư|lệ"),
    "kế hoạch": _Phrases("hóa"),
    "chương trình": _Phrases("nghị sự"),
}
# Heads that are also verbs or adjectives in running text.
_AMBIGUOUS_HEADS = {
    "tuyên bố",
    "quyết định",
    "thỏa thuận",
    "kế hoạch",
    "chiến lược",
    "chỉ thị",
    "hướng dẫn",
    "kết luận",
    "quy định",
    "lệnh",
    "đồng thuận",
    "cam kết",
    "thông báo",
    "ghi nhớ hợp tác",  # "ký kết ghi nhớ hợp tác với …", not "hai bên ghi nhớ hợp tác …"
}
_ADJECTIVAL_HEADS = {"chiến lược"}
# Common nouns that name an instrument only with a name or number (§5 "with a name or number").
_NEEDS_NAME = (
    "chương trình",
    "khung",
    "lộ trình",
    "quy chế",
    "quy định",
    "chính sách",
    "kế hoạch",
    "chiến lược",
    "đề án",
    "đồng thuận",
)
# Words written before a head that belong to the instrument's name.
_PREFIXES = _Phrases("văn bản|bản|khung")
# Organizations named "Chương trình …" (UN programmes) are ORG, not AGREEMENT.
_ORG_TAIL = _Phrases("liên hợp quốc|lhq|thế giới|liên hiệp quốc")
# Capitalised words that start an organization's name inside a span: an acronym in
# parentheses after it stands for that organization ("… Cộng đồng Văn hóa - Xã hội (ASCC)").
_ORG_HEADS = _Phrases(
    "bộ|tổ chức|ủy ban|hiệp hội|liên minh|quỹ|ngân hàng|cơ quan|diễn đàn|hội đồng|viện|"
    "trung tâm|cộng đồng|văn phòng|liên đoàn"
)
_PARTY_WORDS = _Phrases("với|giữa|cùng")
_PARTY_NOUNS = _Phrases("phía|bên|nước|tỉnh|thành phố|chính quyền")
_COPULA = _Phrases("là|đều là|cũng là|không phải là")
_SENTENCE_END = frozenset(".!?…:;")
_POLICY_KINDS = frozenset({"legal"})
_TRADE_WORDS = _Phrases("thương mại|đối tác|fta")
_FRAMEWORK = _Phrases("khung")
_PROJECT = _Phrases("dự án")
# Heads that only open a proper name ("Chương trình Thị thực Nông nghiệp Australia"): never the
# shorter head of a longer one ("Chương trình hành động" keeps "hành động" as part of its head).
_NAME_ONLY_HEADS = frozenset({"chương trình"})
# "Chương trình Hội nghị" is a meeting's agenda, not a programme.
_EVENT_NAMES = _Phrases("hội nghị|hội thảo|lễ|diễn đàn|tọa đàm|buổi|phiên|đại hội|kỳ họp|chuyến")
_OPEN_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_MAX_QUOTED_UNITS = 40
# "… trong lĩnh vực lao động": a field written after the head is the instrument's subject.
_FIELD = _Phrases("trong lĩnh vực|trong các lĩnh vực|về lĩnh vực|lĩnh vực")
# Verbs of sending, receiving and working abroad: in a subject built on them, "tại/ở + place"
# is where the people go and belongs to the title ("… đưa thực tập sinh sang thực tập kỹ thuật
# tại Nhật Bản"); elsewhere "tại …" is where the instrument was signed.
_SENDING_SUBJECT = _Phrases(
    "sang|đi|đưa|phái cử|tiếp nhận|làm việc|thực tập|học tập|tu nghiệp|tuyển dụng|cử"
)
_PLACE_AFTER = _Phrases("tại|ở")
_MAX_PLACE_UNITS = 5


@dataclass(frozen=True, slots=True)
class AgreementHead:
    """A head word that opens an instrument's name, with the kind it gives (§5).

    `lowercase` is False when the lexicon lists only capitalised spellings: then the head
    matches only capitalised ("Luật Việc làm", never "pháp luật" or "luật pháp").
    """

    head: str
    kind: str
    note: str = ""
    lowercase: bool = True

    @property
    def key(self) -> str:
        """The head's folded words joined by spaces."""
        return " ".join(_fold(w) for w in self.head.split())


@dataclass(frozen=True, slots=True)
class NamedAgreement:
    """A well-known instrument: its value and kind; `canonical` when the value is a short name
    or an identifier rather than one of its written names."""

    value: str
    kind: str
    canonical: bool = True


@dataclass(frozen=True)
class AgreementLexicon:
    """Head words (`agreement_heads.tsv`) and named instruments (`named_agreements.tsv`)."""

    heads: Mapping[tuple[str, ...], AgreementHead]
    names: Mapping[tuple[str, ...], tuple[tuple[str, NamedAgreement], ...]]
    organizations: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        heads: Iterable[Sequence[str]],
        named: Iterable[tuple[str, str, Sequence[str]]],
        *,
        organizations: Iterable[str] = (),
    ) -> AgreementLexicon:
        """Build from (head, kind[, note]) rows, (value, kind, names) rows and organization
        acronyms (an acronym in parentheses that names an organization is not an alias)."""
        head_map: dict[tuple[str, ...], AgreementHead] = {}
        for row in heads:
            head, kind, note = row[0], row[1], (row[2] if len(row) > 2 else "")
            key = tuple(_fold(w) for w in head.split())
            if not key:
                continue
            lowercase = head[:1].islower()
            seen = head_map.get(key)
            if seen is None:
                head_map[key] = AgreementHead(head, kind, note, lowercase)
            else:
                head_map[key] = replace(
                    seen, note=seen.note or note, lowercase=seen.lowercase or lowercase
                )
        names: dict[tuple[str, ...], list[tuple[str, NamedAgreement]]] = {}
        for value, kind, spellings in named:
            written = {_fold_name(n) for n in spellings if not _is_acronym(n)}
            canonical = _is_acronym(value) or _fold_name(value) not in written
            entry = NamedAgreement(value, kind, canonical)
            for name in spellings:
                key = _fold_name(name)
                if key:
                    names.setdefault(key, []).append((name, entry))
        frozen = {k: tuple(v) for k, v in names.items()}
        return cls(head_map, frozen, frozenset(organizations))

    # The lexicon is immutable: these summaries are computed once, on first use.
    @cached_property
    def max_head(self) -> int:
        """Length in words of the longest head."""
        return max((len(k) for k in self.heads), default=0)

    @cached_property
    def head_lengths(self) -> Mapping[str, tuple[int, ...]]:
        """Lengths of the heads starting with each folded word, longest first."""
        return _lengths_by_first_word(self.heads)

    @cached_property
    def name_lengths(self) -> Mapping[str, tuple[int, ...]]:
        """Lengths of the listed names starting with each folded syllable, longest first."""
        return _lengths_by_first_word(self.names)

    def heads_at(
        self, keys: Sequence[str], i: int, *, capitalized: bool
    ) -> list[tuple[int, AgreementHead]]:
        """Heads starting at unit `i`, longest first, with their length in units."""
        if not 0 <= i < len(keys):
            return []
        found: list[tuple[int, AgreementHead]] = []
        # Only the lengths of heads that start with this word can match here.
        for n in self.head_lengths.get(keys[i], ()):
            if i + n > len(keys):
                continue
            head = self.heads.get(tuple(keys[i : i + n]))
            if head is not None and (capitalized or head.lowercase):
                found.append((n, head))
        return found

    @cached_property
    def max_name(self) -> int:
        """Length in syllables of the longest listed name."""
        return max((len(k) for k in self.names), default=0)

    @cached_property
    def _plain_heads(self) -> bool:
        """True when every word of every head is plain (letters and digits only)."""
        return all(_PLAIN_WORD.fullmatch(word) for key in self.heads for word in key)

    def may_open_head(self, text: str) -> bool:
        """False when no head occurs anywhere in `text`, in any case.

        The grammar finds heads on units; a unit that is a plain word is also one of the text's
        syllables. So when every head is made of plain words, a text whose (cached) syllable
        keys hold no head holds none on units either, and the unit grammar need not run on it.
        """
        if not self._plain_heads:
            return True
        _, keys = keyed_syllables(text)
        for i, first in enumerate(keys):
            for n in self.head_lengths.get(first, ()):
                if keys[i : i + n] in self.heads:
                    return True
        return False


def _lengths_by_first_word(keys: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


def _fold_name(name: str) -> tuple[str, ...]:
    return tuple(_fold(s) for s in _SYLLABLE.findall(name))


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def load_agreement_lexicon(directory: Path) -> AgreementLexicon:
    """Read `agreement_heads.tsv` (head, kind, note) and `named_agreements.tsv` (value, kind,
    names); organization acronyms come from `organizations.tsv` when it exists."""
    heads = [
        (r["head"], r["kind"], r.get("note", ""))
        for r in read_tsv(directory / HEADS_FILE, ["head", "kind"])
    ]
    named = [
        (r["value"], r["kind"], split_names(r.get("names", "")))
        for r in read_tsv(directory / NAMED_FILE, ["value", "kind", "names"])
    ]
    organizations: list[str] = []
    if (directory / ORGANIZATIONS_FILE).exists():
        for row in read_tsv(directory / ORGANIZATIONS_FILE, ["value", "names"]):
            spellings = [row["value"], *split_names(row.get("names", ""))]
            organizations.extend(n for n in spellings if _is_acronym(n))
    return AgreementLexicon.build(heads, named, organizations=organizations)


# ---------------------------------------------------------------------------------------------
# Sentence grammar


# Not frozen: one is built for every word of every sentence, and a frozen dataclass's __init__
# costs several times as much. Units are never changed once built.
@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    text: str
    key: str


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for m in _UNIT.finditer(text):
        word = m.group()
        units.append(_Unit(m.start(), m.end(), word, _fold(word)))
    return units


class _Sentence:
    """Units of one sentence with the predicates the grammar asks about them."""

    def __init__(self, text: str, tokens: Sequence[Token], lexicon: AgreementLexicon) -> None:
        self.text = text
        self.units = _units(text)
        self.keys = [u.key for u in self.units]
        self.lexicon = lexicon
        reliable = any(t.pos != "X" for t in tokens)
        self.pos = {t.start: t.pos for t in tokens} if reliable else {}

    def __len__(self) -> int:
        return len(self.units)

    def word(self, i: int) -> bool:
        return 0 <= i < len(self.units) and self.units[i].text[0].isalnum()

    def cap(self, i: int) -> bool:
        return self.word(i) and self.units[i].text[0].isupper()

    def lower(self, i: int) -> bool:
        return self.word(i) and self.units[i].text[0].islower()

    def number(self, i: int) -> bool:
        return 0 <= i < len(self.units) and bool(_NUMBER.match(self.units[i].text))

    def year(self, i: int) -> bool:
        return 0 <= i < len(self.units) and bool(_YEAR.match(self.units[i].text))

    def identifier(self, i: int) -> bool:
        t = self.units[i].text if 0 <= i < len(self.units) else ""
        return bool(_IDENTIFIER.match(t)) and any(c.isalpha() for c in t)

    def punct(self, i: int, marks: Iterable[str]) -> bool:
        return 0 <= i < len(self.units) and self.units[i].text in marks

    def is_(self, i: int, phrases: _Phrases) -> int:
        return phrases.match(self.keys, i) if 0 <= i < len(self.units) else 0

    def ends_with(self, end: int, phrases: _Phrases) -> int:
        """Length of a phrase that ends right before unit `end`, or 0."""
        for n in (3, 2, 1):
            if end - n >= 0 and phrases.match(self.keys[end - n : end], 0) == n:
                return n
        return 0

    def word_start(self, i: int) -> bool:
        """Unit `i` starts a word: not the second syllable of "tự do", "hợp tác" etc."""
        if self.pos:
            return self.units[i].start in self.pos
        return not (i > 0 and self.keys[i] == "do" and self.keys[i - 1] == "tự")

    def sentence_initial(self, i: int) -> bool:
        """Unit `i` opens a sentence, clause after a colon, quotation or bracket: a capital
        there says nothing about a name."""
        j = i - 1
        while j >= 0 and self.units[j].text in "“\"'‘(«[-–—•*":
            j -= 1
        return j < 0 or self.units[j].text in _SENTENCE_END

    def heads(self, i: int) -> list[tuple[int, AgreementHead]]:
        """Heads starting at unit `i` in the case they are written, longest first."""
        if not self.word(i) or self.keys[i] not in self.lexicon.head_lengths:
            return []  # most words open no head: skip the case test
        return self.lexicon.heads_at(self.keys, i, capitalized=self.cap(i))

    def head(self, i: int) -> tuple[int, AgreementHead] | None:
        found = self.heads(i)
        return found[0] if found else None

    def base(self, i: int) -> tuple[int, AgreementHead] | None:
        """The shortest head at unit `i` in any case ("thỏa thuận" in "thỏa thuận hợp tác")."""
        found = self.lexicon.heads_at(self.keys, i, capitalized=True) if self.word(i) else []
        return found[-1] if found else None

    def verb(self, i: int) -> bool:
        return self.pos.get(self.units[i].start) == "V" if 0 <= i < len(self.units) else False


@dataclass(slots=True)
class _Candidate:
    first: int  # unit index of the span start (prefix included)
    head_first: int
    head_end: int  # after the longest head ("Thỏa thuận hợp tác")
    name_first: int  # after the shortest head of the same kind ("Thỏa thuận"): the name starts
    last: int  # unit index after the span
    head: AgreementHead  # the longest head: it gives the kind
    base: str  # folded shortest head: the word the grammar's special cases are about
    policy: bool  # a common-noun policy head ("Kế hoạch", "Chiến lược") needs a name
    identifier: str | None = None
    number: str | None = None
    plural: bool = False
    counted: bool = False
    rule: str = "head"


def find_agreements(
    text: str, tokens: Sequence[Token], *, lexicon: AgreementLexicon
) -> list[Mention]:
    """AGREEMENT mentions of one sentence (offsets relative to `text`), same-label overlaps
    resolved longest-first."""
    named = _named_mentions(text, lexicon)
    if not named and not lexicon.may_open_head(text):
        return []  # most sentences name no instrument: skip building their units
    s = _Sentence(text, tokens, lexicon)
    found: list[Mention] = [h.mention for h in named]
    previous: _Candidate | None = None
    head_words = lexicon.head_lengths
    i = 0
    while i < len(s):
        # Most words open no head: skip them before the case and length tests of `head`.
        hit = s.head(i) if s.keys[i] in head_words else None
        if hit is None:
            i += 1
            continue
        n, head = hit
        candidate = _candidate(s, i, n, head, previous)
        if candidate is None:
            i += n
            continue
        previous = candidate
        mention = _decide(s, candidate)
        if mention is not None:
            mention, used = _with_listed_name(s, candidate, mention, named)
            found.append(mention)
            if used is not None and used.mention in found:
                found.remove(used.mention)
        i += n
    kept = _longest(found)
    kept.extend(_parenthesised_aliases(s, kept))
    return _longest(kept)


def _candidate(
    s: _Sentence, i: int, n: int, head: AgreementHead, previous: _Candidate | None
) -> _Candidate | None:
    """The span a head opens, or None when the head word is not used as an instrument noun."""
    _, base = s.base(i) or (n, head)
    key = base.key
    before = _NOT_HEAD_BEFORE.get(key)
    if before is not None and s.ends_with(i, before):
        return None
    after = _NOT_HEAD_AFTER.get(key)
    if after is not None and s.is_(i + n, after):
        return None
    if key in _ADJECTIVAL_HEADS and s.ends_with(i, _ADJECTIVE_CONTEXT):
        return None
    if key in _AMBIGUOUS_HEADS and (s.lower(i) or s.sentence_initial(i)):
        numbered = s.keys[i + n : i + n + 1] == ["số"] or s.identifier(i + n) or s.number(i + n)
        if not numbered and not _noun_use(s, i):
            return None
    first = i
    prefix = s.ends_with(i, _PREFIXES)
    if prefix and not (key.startswith("bản") or key.startswith("văn bản")):
        first = i - prefix
    same_kind = [
        m
        for m, h in s.lexicon.heads_at(s.keys, i, capitalized=True)
        if h.kind == head.kind and (m == n or h.key not in _NAME_ONLY_HEADS)
    ]
    name_first = i + min(same_kind, default=n)
    policy = head.kind in _POLICY_KINDS or any(_starts_with(key, w) for w in _NEEDS_NAME)
    candidate = _Candidate(first, i, i + n, name_first, i + n, head, key, policy)
    _mark_plural_or_count(s, candidate, previous)
    _extend(s, candidate)
    return candidate


def _starts_with(key: str, words: str) -> bool:
    return key == words or key.startswith(words + " ")


def _noun_use(s: _Sentence, i: int) -> bool:
    """A lowercase ambiguous head ("thỏa thuận", "tuyên bố") used as a noun."""
    if s.ends_with(i, _VERB_MARKERS):
        return False
    if s.ends_with(i, _NOUN_CONTEXT):
        return True
    tag = s.pos.get(s.units[i].start)
    return tag is None or tag not in ("V", "A")


def _mark_plural_or_count(s: _Sentence, c: _Candidate, previous: _Candidate | None) -> None:
    """Plural determiners and numbers before the head; a coordinated head inherits them."""
    p = c.first - 1
    if s.ends_with(c.first, _PLURAL):
        c.plural = True
    elif (s.number(p) and not s.year(p)) or s.is_(p, _SPELLED_NUMBER):
        # "trên 30 thỏa thuận", "hai Hiệp định" are COUNTs; "năm 2020 Hiệp định …" is not
        c.counted = True
    elif (s.punct(p, {",", "/"}) or s.keys[p : p + 1] in (["và"], ["hoặc"], ["hay"])) and (
        previous is not None and previous.last == p
    ):
        # "các hiệp định, thỏa thuận song phương", "trên 30 thỏa thuận, biên bản hợp tác"
        c.plural, c.counted = previous.plural, previous.counted


def _extend(s: _Sentence, c: _Candidate) -> None:
    """Extend the span over name, subject, number, year; stop before what governs it."""
    k = c.head_end
    subject = False  # inside a "về …" subject
    field = False  # the subject is a field ("trong lĩnh vực …"): "với", "của" end it
    subject_start = k
    title = False  # the subject is written as a title (capitalised first word)
    policy = c.policy
    horizon = False  # the title's time horizon has been read: it ends the title
    name_title = s.cap(c.name_first) and not s.is_(c.name_first, _ORG_HEADS)
    limit = c.head_end + _MAX_SPAN_UNITS
    while k < len(s) and k < limit:
        key = s.keys[k]
        # A title in quotes right after the head is the whole name (Tuyên bố "…").
        quoted = _quoted_title(s, k) if k == c.head_end else None
        if quoted is not None:
            k = quoted
            c.rule = "quoted"
            break
        # A quoted title closing the subject is its object ("… về dự án xây dựng "Trung tâm …"").
        quoted = _quoted_title(s, k) if subject and k > subject_start and s.word(k - 1) else None
        if quoted is not None:
            k = quoted
            break
        n = s.is_(k, _FIELD)
        if n and _subject_goes_on(s, k + n):
            subject = field = True
            subject_start = k + n
            k += n
            continue
        # A time horizon closes a title: only the interval's end or ", tầm nhìn …" may follow.
        if horizon and not (s.number(k) or s.punct(k, _DASHES) or s.punct(k, {","})):
            break
        if key == "số" and (s.number(k + 1) or s.identifier(k + 1)) and k == c.head_end:
            if s.identifier(k + 1):
                c.identifier = s.units[k + 1].text
                k += 2
                break
            c.number = s.units[k + 1].text
            c.rule = "number"
            k += 2
            continue
        if k == c.head_end and s.identifier(k):
            c.identifier = s.units[k].text
            k += 1
            break
        if s.number(k) or (s.word(k) and _ROMAN.match(s.units[k].text)):
            if k == c.head_end and s.number(k):
                c.number = s.units[k].text
                c.rule = "number"
            k += 1
            continue
        if s.punct(k, {","}) and s.keys[k - 1] == "phòng" and s.keys[k + 1 : k + 2] == ["chống"]:
            k += 2  # "phòng, chống tham nhũng": one compound written with a comma
            continue
        if s.punct(k, {","}):
            named = any(s.cap(j) for j in range(subject_start, k))
            tail = _subject_list(s, k, title or named) if subject else None
            tail = tail or _comma_continuation(s, k, policy)
            if tail:
                k = tail
                continue
            break
        if s.punct(k, _DASHES):
            # "Việt Nam - Lào", "2021 - 2025", "kinh tế - xã hội"
            if s.word(k + 1) and not s.is_(k + 1, _STOP) and s.head(k + 1) is None:
                k += 1
                continue
            break
        if not s.word(k):
            break
        if key == "về":
            subject, field = True, False
            subject_start = k + 1
            first = k + 1 + (s.is_(k + 1, _PLURAL) or s.keys[k + 1 : k + 2] == ["việc"])
            title = s.cap(first)
            k += 1
            continue
        if key == "năm":
            if s.year(k + 1):
                k += 2
                continue
            break
        if key == "đến":
            if s.keys[k + 1 : k + 2] == ["năm"] and s.year(k + 2):
                horizon = True
                k += 3
                continue
            if s.year(k + 1):
                k += 2
                continue
            if subject and title:
                k += 1
                continue
            break
        if s.keys[k : k + 2] == ["giai", "đoạn"] and s.year(k + 2):
            horizon = True
            k += 3
            continue
        if s.keys[k : k + 2] == ["lần", "thứ"]:
            # "Nghị quyết Hội nghị Trung ương lần thứ 8": the ordinal says which meeting adopted
            # it and is part of the name; "Khung Chương trình … lần thứ tư" counts instruments.
            if not any(s.is_(j, _MEETING_NOUNS) for j in range(c.first, k)):
                break
            k += 2
            continue
        if key == "và":
            if _and_continues(s, k, subject):
                k += 1
                continue
            jump = _horizon_ahead(s, k) if policy and not horizon else None
            if jump is None or jump <= k:
                break
            k = jump
            continue
        # Inside a subject, "với"/"của"/"cho"/"trong" + a common noun continue it ("phân biệt
        # đối xử với phụ nữ", "quyền của người khuyết tật", "việc làm cho người khuyết tật",
        # "trong việc làm"); before a name, a number or a time frame they end it.
        if s.is_(k, _SUBJECT_LINKS) and subject and not field and _subject_goes_on(s, k + 1):
            k += 1
            continue
        # A law's title reads as a clause: "Luật Người lao động Việt Nam đi làm việc ở nước
        # ngoài theo hợp đồng".
        n = s.is_(k, _TITLE_NAME_OK)
        if n and policy and name_title and (n > 1 or s.lower(k + n)):
            k += n
            continue
        stop = s.is_(k, _STOP) and s.word_start(k)
        if stop:
            # "… sang thực tập kỹ thuật tại Nhật Bản", "… Công ước số 105 của ILO về …"
            ahead = _destination_ahead(s, subject_start, k) if subject else None
            jump = ahead or _embedded_owner(s, c, k)
            if jump is not None:
                k = jump
                continue
            if subject and title and s.is_(k, _TITLE_SUBJECT_OK):
                k += 1
                continue
            if subject and s.is_(k, _SUBJECT_OK):
                k += 1
                continue
            soft = s.is_(k, _SOFT_STOP)
            jump = _horizon_ahead(s, k) if policy and soft and not horizon else None
            if jump is None or jump <= k:
                break
            k = jump
            continue
        # "Luật Bảo hiểm xã hội sửa đổi": amendment words belong to the name.
        n = s.is_(k, _AMENDED)
        if n:
            k += n
            continue
        # A verb after a title-case name or a number starts the predicate ("Hiệp định Bảo hiểm
        # xã hội mở ra …", "Đề án 161 đạt …"); lowercase names may contain verbs ("Kế hoạch
        # tổng thể thực hiện …").
        if s.lower(k) and s.verb(k) and k > c.head_end and not subject and not s.is_(k, _GENERIC):
            after_title_word = s.ends_with(k, _TITLE_NAME_OK)
            if (name_title and not after_title_word) or s.number(k - 1) or s.cap(k - 1):
                break
        k += 1
    # Never end on a dash or a dangling function word.
    while k > c.head_end and (
        s.punct(k - 1, _DASHES) or s.keys[k - 1] in ("về", "và", "số", "của", "với", "đến")
    ):
        k -= 1
    c.last = k


def _quoted_title(s: _Sentence, k: int) -> int | None:
    """Unit index after the closing quote of a title quoted right at `k`, or None."""
    if not 0 <= k < len(s):
        return None
    close = _OPEN_QUOTES.get(s.units[k].text)
    if close is None or not s.cap(k + 1):
        return None
    for j in range(k + 2, min(len(s), k + _MAX_QUOTED_UNITS)):
        text = s.units[j].text
        if text == close:
            return j + 1 if j > k + 1 else None
        if text in _SENTENCE_END and text not in ":…":
            return None
    return None


def _destination_ahead(s: _Sentence, subject_start: int, k: int) -> int | None:
    """ "tại/ở Nhật Bản" closing a subject about sending or working people: the unit after the
    place name, or None."""
    n = s.is_(k, _PLACE_AFTER)
    if not n or not s.cap(k + n) or s.sentence_initial(k + n):
        return None
    if not any(s.is_(j, _SENDING_SUBJECT) for j in range(subject_start, k)):
        return None
    j = k + n
    while j < len(s) and s.cap(j) and j < k + n + _MAX_PLACE_UNITS:
        j += 1
    if s.cap(j):
        return None  # a longer capitalised run is a name of something else
    return j


def _embedded_owner(s: _Sentence, c: _Candidate, k: int) -> int | None:
    """ "Nghị quyết gia nhập Công ước số 105 của Tổ chức Lao động Quốc tế về …": an instrument
    named inside the title keeps its owner and subject; the unit of that "về", or None."""
    if s.keys[k] != "của" or not s.cap(k + 1):
        return None
    if not any(s.cap(j) and s.head(j) is not None for j in range(c.head_end, k)):
        return None
    j = k + 1
    while j < len(s) and j < k + 12 and s.word(j) and s.keys[j] != "về":
        if s.is_(j, _STOP):
            return None
        j += 1
    if s.keys[j : j + 1] != ["về"] or not s.lower(j + 1):
        return None
    return j


def _comma_continuation(s: _Sentence, k: int, policy: bool) -> int | None:
    """ ", tầm nhìn đến năm 2030" (and ", giai đoạn 2021 - 2025") continue a strategy's title."""
    if not policy:
        return None
    j = k + 1
    if s.keys[j : j + 2] == ["tầm", "nhìn"]:
        j += 2
        if s.keys[j : j + 1] == ["đến"]:
            j += 1
        if s.keys[j : j + 1] == ["năm"]:
            j += 1
        return j + 1 if s.year(j) else None
    if s.keys[j : j + 2] == ["giai", "đoạn"] and s.year(j + 2):
        return j + 3
    return None


_LIST_ITEM_SYLLABLES = 5


def _subject_goes_on(s: _Sentence, j: int) -> bool:
    """A common noun (not a name, number, determiner or time frame) continues a subject."""
    return (
        s.lower(j)
        and not s.is_(j, _PLURAL)
        and not s.is_(j, _SPELLED_NUMBER)
        and not s.is_(j, _NOT_SUBJECT)
        and not s.is_(j, _STOP)
    )


def _subject_list(s: _Sentence, k: int, title: bool) -> int | None:
    """ "về phụ nữ, hòa bình và an ninh", "về các quyền Kinh tế, Xã hội và Văn hóa": a short
    comma list closed by "và" ends a subject."""

    def item(j: int) -> int:
        n = 0
        while (
            (s.lower(j + n) or (title and s.cap(j + n)))
            and not s.is_(j + n, _STOP)
            and s.keys[j + n] != "và"
            and s.head(j + n) is None
        ):
            n += 1
        return n if 0 < n <= _LIST_ITEM_SYLLABLES else 0

    j = k
    while s.punct(j, {","}):
        n = item(j + 1)
        if not n:
            return None
        j += 1 + n
    if s.keys[j : j + 1] != ["và"]:
        return None
    n = item(j + 1)
    end = j + 1 + n
    # The list closes the subject: punctuation or a word that follows an instrument's name
    # ("về tuyển dụng, việc làm và hồi hương lao động giữa A và B").
    if not n or (s.word(end) and not s.is_(end, _AFTER_INSTRUMENT)):
        return None
    return end


def _and_continues(s: _Sentence, k: int, subject: bool) -> bool:
    """Whether "và" joins two parts of one name rather than a second instrument or clause."""
    nxt = k + 1
    if s.head(nxt) is not None or not s.word(nxt) or s.is_(nxt, _STOP):
        return False
    if not subject:
        return s.cap(nxt)
    j = nxt
    while j < len(s) and s.word(j) and not s.is_(j, _STOP) and s.keys[j] != "và":
        if s.head(j) is not None:
            return False
        j += 1
    # The conjunct must end where an instrument's name ends ("về lao động và xã hội đến năm
    # 2020", "… và tiếp nhận lao động tại …"), not where a verb phrase goes on ("về đào tạo
    # nghề và hưởng lợi từ …" joins two predicates).
    return j >= len(s) or not s.word(j) or bool(s.is_(j, _AFTER_INSTRUMENT))


# Words that follow an instrument's name (governing words, auxiliaries, time frames).
_AFTER_INSTRUMENT = _Phrases(
    "giữa|với|của|do|được|đã|ký|kí|tại|ngày|theo|và|sẽ|là|năm|đến|vừa|đang|mà|này|cho|ký kết|"
    "giai đoạn|có hiệu lực"
)
# Stops that a policy title may run past when its time horizon follows in the same clause.
_MEETING_NOUNS = _Phrases("hội nghị|đại hội|kỳ họp|phiên họp|hội nghị trung ương")
_SOFT_STOP = _Phrases("của|các|những|với|trong|mới")
_HARD_FOR_HORIZON = _Phrases("do|được|đã|theo|ngày|là|sẽ|ký|kí|tại|nhằm|để|cho|giữa")


def _horizon_ahead(s: _Sentence, k: int) -> int | None:
    """A policy title runs to its time horizon ("Đề án … của Cộng đồng … đến năm 2025"):
    the unit index where "đến năm YYYY" / "giai đoạn YYYY" starts, if it closes this clause."""
    for j in range(k, min(len(s), k + 20)):
        if not s.word(j) and not s.punct(j, _DASHES):
            return None
        if j > k and s.is_(j, _HARD_FOR_HORIZON):
            return None
        if s.keys[j] == "đến" and s.keys[j + 1 : j + 2] == ["năm"] and s.year(j + 2):
            return j
        if s.keys[j : j + 2] == ["giai", "đoạn"] and s.year(j + 2):
            return j
    return None


def _decide(s: _Sentence, c: _Candidate) -> Mention | None:
    """Annotate the span only when something in or right after it identifies the instrument."""
    if c.counted:
        return None
    name = range(c.name_first, c.last)
    # UN programmes are organizations ("Chương trình Phát triển Liên hợp quốc"); a "Dự án"
    # after a head ("Văn kiện dự án") is a project.
    if _starts_with(c.base, "chương trình") and any(s.is_(j, _ORG_TAIL) for j in name):
        return None
    if s.is_(c.name_first, _PROJECT) and c.name_first == c.head_end:
        return None
    # "Chương trình" names an instrument only with a title-case name; a quoted title after it
    # is a show or a campaign ('Chương trình "Xuân biên giới"').
    if c.head.key in _NAME_ONLY_HEADS and (
        not s.cap(c.name_first) or c.rule == "quoted" or s.is_(c.name_first, _EVENT_NAMES)
    ):
        return None
    has_id = c.identifier is not None or c.number is not None
    proper = any(s.cap(j) for j in name)
    dated = any(s.year(j) for j in name)
    specific = _specific_content(s, c)
    modified = c.last > c.name_first
    # A bare head needs named parties ("bản ghi nhớ với Bộ Lao động Hoa Kỳ"); "Hiệp định giữa
    # hai nước" is a back-reference.
    party = _party_after(s, c.last, named=not modified)
    head_cap = s.cap(c.head_first) and not s.sentence_initial(c.first)
    aliased = _acronym_after(s, c.last)
    if not has_id and not modified and not party and not aliased:
        return None
    # A predicate nominal classifies rather than refers ("… là công ước kỹ thuật của ILO").
    if s.ends_with(c.first, _COPULA) and not (has_id or proper):
        return None
    if c.policy:
        if c.plural:
            ok = has_id or proper
        elif head_cap:
            ok = has_id or proper or specific or dated
        elif s.cap(c.head_first):
            # Sentence-initial: the capital says nothing, and a later capital may be the
            # clause's subject ("Công văn nêu Bộ …"): the name itself must start with one.
            ok = has_id or s.cap(c.name_first) or (dated and specific)
        else:
            ok = has_id or proper
    elif c.plural:
        ok = has_id or proper or specific or party
    else:
        generic_signed = modified and _signed_before(s, c.first)
        ok = has_id or proper or specific or party or generic_signed or aliased
    if not ok:
        return None
    start, end = s.units[c.first].start, s.units[c.last - 1].end
    kind = _kind(s, c)
    value = _value(s, c, start, end)
    rule = c.rule if c.rule != "head" else ("identifier" if c.identifier else "head")
    return Mention(start, end, LABEL, value, f"{GRAMMAR}:{rule}", kind=kind)


def _specific_content(s: _Sentence, c: _Candidate) -> bool:
    """A modifier or subject word that is neither generic ("hợp tác", "song phương") nor a
    function word; a subject opened by a plural determiner ("về các lĩnh vực") is generic."""
    j = c.name_first
    while j < c.last:
        if s.keys[j] == "về" and s.is_(j + 1, _PLURAL):
            # Only names (capitals) count inside a plural subject.
            return any(s.cap(x) for x in range(j, c.last))
        n = s.is_(j, _GENERIC) or s.is_(j, _FUNCTION_WORDS)
        if n:
            j += n
            continue
        if s.word(j) and not s.number(j):
            return True
        j += 1
    return False


def _party_after(s: _Sentence, k: int, *, named: bool) -> bool:
    """Parties right after the span: "với Lào", "của ILO", and unless `named` is required,
    counted ones ("giữa hai cơ quan", "với 2 tổ chức")."""
    n = s.is_(k, _PARTY_WORDS)
    if n:
        nxt = k + n
        nxt += s.is_(nxt, _PARTY_NOUNS)  # "với phía Lào", "với tỉnh Xiêng Khoảng"
        counted = s.number(nxt) or bool(s.is_(nxt, _SPELLED_NUMBER))
        return s.cap(nxt) or (counted and not named)
    if s.keys[k : k + 1] == ["của"]:
        return s.cap(k + 1)
    if s.keys[k : k + 3] == ["trong", "nội", "khối"]:
        return s.cap(k + 3)
    return False


def _acronym_after(s: _Sentence, k: int) -> bool:
    """ "Bản ghi nhớ (MOU) về …": an instrument's acronym in parentheses right after the head
    names one instrument."""
    return (
        s.punct(k, {"("})
        and s.punct(k + 2, {")"})
        and 0 <= k + 1 < len(s)
        and _instrument_acronym(s.units[k + 1].text)
    )


def _signed_before(s: _Sentence, first: int) -> bool:
    """A signing or adoption verb right before the head (plural determiners skipped)."""
    j = first
    j -= s.ends_with(j, _PLURAL)
    return bool(s.ends_with(j, _SIGN_VERBS))


def _kind(s: _Sentence, c: _Candidate) -> str:
    """The head's kind; a treaty about trade or an economic partnership is a trade agreement,
    a framework ("Khung …") an arrangement."""
    name = range(c.name_first, c.last)
    if c.head.kind == "treaty" and any(s.is_(j, _TRADE_WORDS) for j in name):
        return "trade_agreement"
    if s.is_(c.first, _FRAMEWORK):
        return "arrangement"
    return c.head.kind


def _value(s: _Sentence, c: _Candidate, start: int, end: int) -> str:
    """Identifier, ILO convention number ("Công ước số 105" → C105), else the span text."""
    if c.identifier is not None:
        return c.identifier
    if c.head.kind == "convention" and c.number is not None and c.number.isdigit():
        return f"C{int(c.number)}"
    return _collapse(s.text[start:end])


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class _NamedHit:
    mention: Mention
    entry: NamedAgreement


# A listed name that runs on past the grammar's span over a governing word ("Công ước số 88
# của ILO") does not move the span's end (§5: the span ends before "của", "giữa", …).
_GOVERNED_TAIL = re.compile(r"^\s*(?:của|giữa|với|do|được|ngày|tại|theo)\b", re.IGNORECASE)


def _with_listed_name(
    s: _Sentence, c: _Candidate, mention: Mention, named: Sequence[_NamedHit]
) -> tuple[Mention, _NamedHit | None]:
    """A span that is, or starts with, a listed name takes the listed value and kind
    ("Hiệp định Thương mại Tự do Việt Nam - Liên minh Châu Âu" → EVFTA); returns the hit used.

    A listed name may extend the span over a comma ("Luật An toàn, vệ sinh lao động"). A
    listed name that is only a written name (its value is that name) gives its value only when
    it covers the whole span ("Luật Việc làm năm 2013" keeps its own text)."""
    head_start = s.units[c.head_first].start
    name_start = s.units[c.head_end].start if c.head_end < len(s) else mention.end
    for hit in sorted(named, key=lambda h: -h.mention.length):
        m = hit.mention
        starts_span = m.start in (mention.start, head_start) and m.end >= name_start
        is_name = m.start == name_start and m.end == mention.end
        if not (starts_span or is_name) or m.end <= mention.start:
            continue
        end = mention.end
        if m.end > end and not _GOVERNED_TAIL.match(s.text[end : m.end]):
            end = m.end
        if not hit.entry.canonical and m.end < end:
            return replace(mention, end=end), hit
        return replace(mention, end=end, value=m.value, kind=m.kind), hit
    return mention, None


def _named_mentions(text: str, lexicon: AgreementLexicon) -> list[_NamedHit]:
    """Named instruments and their acronyms from the lexicon (acronyms match as written)."""
    # The same syllables and keys as the gazetteer's matcher: share its cached split.
    spans, keys = keyed_syllables(text)
    found: list[_NamedHit] = []
    i = 0
    while i < len(spans):
        step = 1
        for n in lexicon.name_lengths.get(keys[i], ()):
            if i + n > len(spans):
                continue
            entries = lexicon.names.get(tuple(keys[i : i + n]))
            if not entries:
                continue
            a, b = spans[i][0], spans[i + n - 1][1]
            entry = _accept_name(text, a, b, entries)
            if entry is not None:
                mention = Mention(a, b, LABEL, entry.value, LEXICON_SOURCE, kind=entry.kind)
                found.append(_NamedHit(mention, entry))
                step = n
                break
        i += step
    return found


def _accept_name(
    text: str, a: int, b: int, entries: Sequence[tuple[str, NamedAgreement]]
) -> NamedAgreement | None:
    surface = text[a:b]
    compact = "".join(surface.split()).translate(_DASH_FOLD)
    for name, entry in entries:
        if not _is_acronym(name):
            return entry
        if compact == "".join(name.split()).translate(_DASH_FOLD) and not _glued(text, a, b):
            return entry
    return None


_DASH_FOLD = str.maketrans({d: "-" for d in _DASHES})


def _glued(text: str, a: int, b: int) -> bool:
    """An acronym glued to a longer code ("EVFTA-2", "X-CPTPP") is not that acronym."""
    return (a > 0 and text[a - 1] in "-/&") or (b < len(text) and text[b] in "-/&")


def _longest(mentions: Sequence[Mention]) -> list[Mention]:
    """Same-label spans never overlap: longest first; on a tie the grammar span (it carries the
    lexicon's value when it covers a listed name)."""
    ordered = sorted(mentions, key=lambda m: (-m.length, m.source == LEXICON_SOURCE, m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# "(ICCPR)", also "(gọi tắt là MOU)", "(sau đây gọi là Hiệp định VJEPA)": the alias is the group.
_PAREN = re.compile(
    r"\s*\(\s*(?:(?:sau đây )?(?:gọi|viết) tắt là\s+|sau đây gọi là\s+)?([^()]{1,40}?)\s*\)",
    re.IGNORECASE,
)
# An acronym: two or more capitals, digits or joiners, no lowercase ("TPP", "ALM-WP").
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ0-9&+.-]*[A-ZĐ0-9+]$")


# Acronyms of instrument types (memorandum of understanding / cooperation / agreement, letter
# of intent / agreement): after an instrument they are its alias even where an organization
# shares the letters (MOC is also a ministry's acronym).
_INSTRUMENT_ACRONYMS = frozenset({"MOU", "MOC", "MOA", "LOI", "LOA"})


def _instrument_acronym(alias: str) -> bool:
    return alias.upper() in _INSTRUMENT_ACRONYMS


def _parenthesised_aliases(s: _Sentence, kept: Sequence[Mention]) -> list[Mention]:
    """ "Công ước … (ICCPR)", "Chiến lược … (BMZ 2030)": an acronym in parentheses right after
    an instrument is its own mention with the same value (§5), unless it names an organization
    ("… Cộng đồng Văn hóa - Xã hội (ASCC)")."""
    found: list[Mention] = []
    occupied = [(m.start, m.end) for m in kept]
    for m in kept:
        match = _PAREN.match(s.text, m.end)
        if match is None:
            continue
        alias = match.group(1)
        a, b = match.span(1)
        if any(x < b and a < y for x, y in occupied):
            continue
        if _instrument_acronym(alias):
            found.append(Mention(a, b, LABEL, m.value, f"{GRAMMAR}:paren_alias", kind=m.kind))
            continue
        if alias in s.lexicon.organizations:
            continue
        words = alias.split()
        if not words or len(words) > 3 or not _ACRONYM.match(words[0]):
            continue
        if not all(_ACRONYM.match(w) or w.isdigit() for w in words[1:]):
            continue
        if _names_organization(s, m):
            continue
        found.append(Mention(a, b, LABEL, m.value, f"{GRAMMAR}:paren_alias", kind=m.kind))
    return found


def _names_organization(s: _Sentence, m: Mention) -> bool:
    """The span ends with an organization's name, so a following acronym is the organization's."""
    inside = [i for i, u in enumerate(s.units) if m.start <= u.start and u.end <= m.end]
    return any(s.cap(i) and s.is_(i, _ORG_HEADS) for i in inside[1:])


# ---------------------------------------------------------------------------------------------
# Document-level alias resolution

_LINK_AFTER_TITLE = re.compile(
    r"^\s*(?:do\s[^,.;()]{1,60}?\s)?(?:được\s+)?(?:ban\s+hành\s+|phê\s+duyệt\s+)?"
    r"(?:kèm\s+)?(?:theo|tại)\s*$",
    re.IGNORECASE,
)
_LINK_BEFORE_TITLE = re.compile(
    r"^\s*(?:ngày\s[^,;()]{1,30}?\s)?(?:của\s[^,;()]{1,60}?\s)?(?:về\s+việc\s+)?"
    r"(?:phê\s+duyệt|ban\s+hành)\s*$",
    re.IGNORECASE,
)
_LEADING_NUMBER = re.compile(r"^(\d+)[-/]")


@dataclass(slots=True)
class _DocMention:
    sentence: int
    index: int
    mention: Mention
    text: str
    value: str | float | None


def resolve_aliases(
    mentions_by_sentence: Sequence[Sequence[Mention]],
    sentence_texts: Sequence[str],
    *,
    lexicon: AgreementLexicon,
) -> list[list[Mention]]:
    """Give short names and aliases of one document the full instrument's value (§5, §9).

    Mentions are per sentence with offsets relative to their sentence's text. Links:
    a title followed by "ban hành theo Quyết định số …" (or preceded by "Quyết định số … phê
    duyệt") takes the decision's number; "Chiến lược 145" takes "145/QĐ-TTg" from the same
    document; "Hiệp định BHXH" takes "Hiệp định Bảo hiểm xã hội"'s value; a parenthesised
    short name takes its instrument's value. Other labels pass through unchanged.
    """
    items: list[_DocMention] = []
    for si, (mentions, text) in enumerate(zip(mentions_by_sentence, sentence_texts, strict=True)):
        for mi, m in enumerate(mentions):
            if m.label == LABEL:
                items.append(_DocMention(si, mi, m, text[m.start : m.end], m.value))
    by_sentence: dict[int, list[_DocMention]] = {}
    for item in items:
        by_sentence.setdefault(item.sentence, []).append(item)
    for group in by_sentence.values():
        group.sort(key=lambda d: d.mention.start)
    for _ in range(3):
        _link_titles(by_sentence, sentence_texts)
        _link_numbers(items, lexicon)
        _link_parentheses(by_sentence, sentence_texts)
        _link_short_names(items, lexicon)
    _link_prefixes(items, sentence_texts, lexicon)
    _link_generic(items, sentence_texts, lexicon)
    out = [list(ms) for ms in mentions_by_sentence]
    for item in items:
        if item.value != item.mention.value:
            out[item.sentence][item.index] = replace(item.mention, value=item.value)
    for si, found in _acronym_uses(items, sentence_texts).items():
        out[si].extend(found)
    return out


_ACRONYM_EDGE = r"[\w/&-]"


def _acronym_uses(items: Sequence[_DocMention], texts: Sequence[str]) -> dict[int, list[Mention]]:
    """ "Bản ghi nhớ hợp tác (MOC) …; chưa ký MOC": an acronym the document defines in
    parentheses after an instrument refers to it wherever else it is written."""
    defined: dict[str, _DocMention] = {}
    for item in items:
        source = item.mention.source or ""
        if source.endswith(":paren_alias") and _ACRONYM.match(item.text):
            defined.setdefault(item.text, item)
    if not defined:
        return {}
    taken: dict[int, list[tuple[int, int]]] = {}
    for item in items:
        taken.setdefault(item.sentence, []).append((item.mention.start, item.mention.end))
    names = "|".join(map(re.escape, sorted(defined, key=len, reverse=True)))
    pattern = re.compile(rf"(?<!{_ACRONYM_EDGE})(?:{names})(?!{_ACRONYM_EDGE})")
    found: dict[int, list[Mention]] = {}
    for si, text in enumerate(texts):
        for match in pattern.finditer(text):
            a, b = match.span()
            if any(x < b and a < y for x, y in taken.get(si, ())):
                continue
            origin = defined[match.group()]
            mention = Mention(
                a, b, LABEL, origin.value, f"{GRAMMAR}:alias_use", kind=origin.mention.kind
            )
            found.setdefault(si, []).append(mention)
    return found


# Heads general enough to name an instrument of any kind ("văn kiện hợp tác" for a memorandum).
_HYPERNYM_HEADS = frozenset(
    {
        "văn kiện",
        "văn kiện hợp tác",
        "văn bản",
        "văn bản hợp tác",
        "thỏa thuận",
        "thỏa thuận hợp tác",
    }
)
_HYPERNYM_KINDS = frozenset({"mou", "treaty", "arrangement"})
_PLURAL_BEFORE = re.compile(
    r"(?:^|\s)(?:các|những|nhiều|mọi|vài|một số|hàng loạt|loạt|\d+|hai|ba|bốn|năm)\s+$",
    re.IGNORECASE,
)


def _link_generic(
    items: Sequence[_DocMention], texts: Sequence[str], lexicon: AgreementLexicon
) -> None:
    """A generic mention under a more general head ("văn kiện hợp tác", "thỏa thuận") takes the
    value of the one specific instrument the document names under another head, so the registry
    counts one instrument. A generic mention under the instrument's own head ("Bản ghi nhớ hợp
    tác" next to "Bản ghi nhớ hợp tác trong lĩnh vực lao động") keeps its text: the gold treats it
    as a mention of its own, and nothing in it says which of the document's memoranda it is. A
    dated name ("… năm 2012") marks one of several and is never an antecedent; a plural ("các văn
    kiện hợp tác …") refers to none; with two candidates nothing is linked."""
    parsed = [(item, *_head_and_name(item.text, lexicon)) for item in items]
    # Specific instruments by head: two distinct values are enough to know it is not one.
    specific: dict[str, set[str]] = {}
    for item, head, name in parsed:
        kind = item.mention.kind or ""
        if head is None or kind not in _HYPERNYM_KINDS or _ACRONYM.match(item.text):
            continue
        if not _generic_name(name) and not any(_YEAR.match(w) for w in name):
            specific.setdefault(head, set()).add(str(item.value))
    if not specific:
        return
    for item, head, name in parsed:
        if head not in _HYPERNYM_HEADS or _strong(item.value, item.text):
            continue
        if not _generic_name(name):
            continue
        before = texts[item.sentence][max(0, item.mention.start - 20) : item.mention.start]
        if _PLURAL_BEFORE.search(before):
            continue
        values = set().union(*(v for h, v in specific.items() if h != head))
        if len(values) == 1:
            item.value = next(iter(values))


def _generic_name(words: Sequence[str]) -> bool:
    """True when the name after the head says nothing specific ("hợp tác", "song phương")."""
    keys = [_fold(w) for w in words]
    i = 0
    while i < len(keys):
        n = _GENERIC.match(keys, i) or _FUNCTION_WORDS.match(keys, i)
        if not n:
            return False
        i += n
    return True


def _strong(value: str | float | None, text: str) -> bool:
    """A value that is an identifier or a canonical short name, not the span text itself."""
    return isinstance(value, str) and value != _collapse(text)


def _identifier_value(value: str | float | None) -> bool:
    return isinstance(value, str) and bool(_IDENTIFIER.match(value))


def _link_titles(by_sentence: Mapping[int, list[_DocMention]], texts: Sequence[str]) -> None:
    for si, group in by_sentence.items():
        text = texts[si]
        for a, b in pairwise(group):
            gap = text[a.mention.end : b.mention.start]
            if (
                _identifier_value(b.value)
                and not _strong(a.value, a.text)
                and _LINK_AFTER_TITLE.match(gap)
            ):
                a.value = b.value
            elif (
                _identifier_value(a.value)
                and not _strong(b.value, b.text)
                and _LINK_BEFORE_TITLE.match(gap)
            ):
                b.value = a.value


def _link_numbers(items: Sequence[_DocMention], lexicon: AgreementLexicon) -> None:
    """ "Chiến lược 145" / "Đề án số 161" take the one identifier of the document that starts
    with that number and belongs to an instrument of the same head or to the decision that
    adopted it ("Quyết định số 145/QĐ-TTg"); "Đề án 06" does not take "06-NQ/TW"."""
    identifiers: dict[str, set[tuple[str, str | None]]] = {}
    for item in items:
        if _identifier_value(item.value):
            match = _LEADING_NUMBER.match(str(item.value))
            if match:
                head, _ = _head_and_name(item.text, lexicon)
                number = str(int(match.group(1)))
                identifiers.setdefault(number, set()).add((str(item.value), head))
    for item in items:
        if _strong(item.value, item.text):
            continue
        head, name = _head_and_name(item.text, lexicon)
        if name[:1] and _fold(name[0]) == "số":
            name = name[1:]
        if head is None or len(name) != 1 or not name[0].isdigit():
            continue
        found = identifiers.get(str(int(name[0])), set())
        values = {v for v, h in found if h in (head, _ADOPTING_HEAD)}
        if len(values) == 1:
            item.value = values.pop()


_ADOPTING_HEAD = "quyết định"


def _link_parentheses(by_sentence: Mapping[int, list[_DocMention]], texts: Sequence[str]) -> None:
    for si, group in by_sentence.items():
        text = texts[si]
        for a, b in pairwise(group):
            gap = text[a.mention.end : b.mention.start]
            if not re.fullmatch(r"\s*\(\s*", gap) or not re.match(r"\s*\)", text[b.mention.end :]):
                continue
            if _strong(a.value, a.text) or not _strong(b.value, b.text):
                b.value = a.value
            else:
                a.value = b.value


def _name_syllables(text: str) -> list[str]:
    return [w for w in _SYLLABLE.findall(text) if w[0].isalnum()]


def _link_short_names(items: Sequence[_DocMention], lexicon: AgreementLexicon) -> None:
    """ "Hiệp định BHXH" ↔ "Hiệp định Bảo hiểm xã hội": same head, acronyms expanded; a variant
    title sharing a long prefix with an identified one takes its identifier.

    Mentions with the same text and value link alike on either side, so each such class is
    compared once with the classes of the same head: a long article repeats a few names many
    times, and comparing every mention with every other grew with the square of its length.
    """
    classes: dict[tuple[str, object], list[_DocMention]] = {}
    for item in items:
        classes.setdefault((item.text, item.value), []).append(item)
    parsed = [(members, _head_and_name(members[0].text, lexicon)) for members in classes.values()]
    by_head: dict[str, list[tuple[list[_DocMention], list[str]]]] = {}
    for members, (head, name) in parsed:
        if head is not None and name:
            by_head.setdefault(head, []).append((members, name))
    for members, (head, name) in parsed:
        item = members[0]
        if head is None or _strong(item.value, item.text) or not name:
            continue
        has_acronym = any(_is_acronym(w) and len(w) > 1 for w in name)
        best: _DocMention | None = None
        for other_members, other_name in by_head[head]:
            if other_members is members:
                continue
            other = other_members[0]
            matched, complete = _aligned_prefix(name, other_name)
            if complete and has_acronym and len(other_name) > len(name):
                best = other
                break
            if matched >= 4 and _identifier_value(other.value):
                best = other
        if best is not None:
            value = best.value if _strong(best.value, best.text) else _collapse(best.text)
            for member in members:
                member.value = value


_OWN_PARTIES = re.compile(r"\s*(?:giữa|với)\b", re.IGNORECASE)


def _link_prefixes(
    items: Sequence[_DocMention], texts: Sequence[str], lexicon: AgreementLexicon
) -> None:
    """ "Thỏa thuận hành chính" after "Thỏa thuận hành chính thực hiện Hiệp định …": a name
    that the document writes out longer elsewhere is a short name of that instrument (§9).

    Names are compared by their content words (case, punctuation and function words such as
    "về" ignored), so a headline's "Khung Chương trình quốc gia việc làm thỏa đáng giai đoạn
    2022-2026" and the body's "Khung Chương trình Quốc gia về Việc làm thỏa đáng, giai đoạn 2022
    – 2026" are one name, valued by its fullest spelling. A shorter name links only when all its
    longer forms are one chain (each a prefix of the longest), the longest says something
    specific, and what they add carries no number, year or amendment ("Luật X năm 2014", "Luật X
    sửa đổi" may be other instruments) unless it is the programme's period ("giai đoạn 2022 –
    2026", "đến năm 2030"); a plural ("các thỏa thuận") refers to none, and one followed by its
    own parties ("Hiệp định Thương mại tự do giữa A và B") names itself. Names are sorted so the
    longer forms of a name follow it."""
    by_keys: dict[tuple[str, ...], list[_DocMention]] = {}
    for item in items:
        head, name = _head_and_name(item.text, lexicon)
        if head is not None:
            by_keys.setdefault((*head.split(), *_content_keys(name)), []).append(item)
    values = {keys: _fullest_value(group) for keys, group in by_keys.items()}
    for keys, group in by_keys.items():
        _link_spellings(group, texts, values[keys])
    ordered = sorted(by_keys)
    for n, keys in enumerate(ordered):
        longest: tuple[str, ...] | None = None
        for other in ordered[n + 1 :]:
            if other[: len(keys)] != keys:
                break
            if longest is not None and other[: len(longest)] != longest:
                longest = None  # two different longer names: not one instrument
                break
            longest = other
        if longest is None:
            continue
        added = longest[len(keys) :]
        numbered = any(any(c.isdigit() for c in w) for w in added)
        if (numbered and not _PERIOD_TAIL.fullmatch(" ".join(added))) or _AMENDED.match(added, 0):
            continue
        best = by_keys[longest][0]
        if _generic_name(_head_and_name(best.text, lexicon)[1]):
            continue
        _link_group(by_keys[keys], texts, values[longest])


# What a programme's or strategy's fuller name may add to its short name: its period.
_PERIOD_TAIL = re.compile(
    r"giai đoạn \d{4}(?: \d{4})?|đến năm \d{4}(?: tầm nhìn (?:đến )?(?:năm )?\d{4})?"
)


def _content_keys(words: Sequence[str]) -> list[str]:
    """Folded words of a name without its function words ("về", "của", "và" …)."""
    keys = [_fold(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(keys):
        n = _FUNCTION_WORDS.match(keys, i)
        if n:
            i += n
            continue
        out.append(keys[i])
        i += 1
    return out


def _fullest_value(group: Sequence[_DocMention]) -> str | float | None:
    """The value of one name written several ways: an identifier or canonical short name if a
    spelling has one, else the spelling with the most syllables (the first of equals)."""
    for item in group:
        if _strong(item.value, item.text):
            return item.value
    fullest = max(group, key=lambda d: len(_name_syllables(d.text)))
    return _collapse(fullest.text)


def _link_spellings(
    group: Sequence[_DocMention], texts: Sequence[str], value: str | float | None
) -> None:
    """Spellings of one name that differ in punctuation or function words take the fullest
    one's `value`; one that differs only in case keeps its own ("Thỏa thuận hợp tác" is valued
    as written even after a "thỏa thuận hợp tác")."""
    folded = str(value).casefold()
    others = [d for d in group if _collapse(d.text).casefold() != folded]
    if others:
        _link_group(others, texts, value)


def _link_group(
    group: Sequence[_DocMention], texts: Sequence[str], value: str | float | None
) -> None:
    for item in group:
        text = texts[item.sentence]
        before = text[max(0, item.mention.start - 20) : item.mention.start]
        after = text[item.mention.end : item.mention.end + 8]
        if _strong(item.value, item.text) or _PLURAL_BEFORE.search(before):
            continue
        if not _OWN_PARTIES.match(after):
            item.value = value


def _head_and_name(text: str, lexicon: AgreementLexicon) -> tuple[str | None, list[str]]:
    """The mention's head word (folded) and the words of its name after the head."""
    words = _name_syllables(text)
    keys = [_fold(w) for w in words]
    for n in range(min(lexicon.max_head, len(keys)), 0, -1):
        if tuple(keys[:n]) in lexicon.heads:
            return " ".join(keys[:n]), words[n:]
    return None, words


def _aligned_prefix(short: Sequence[str], long: Sequence[str]) -> tuple[int, bool]:
    """Syllables of `long` matched from the start by `short`, where an acronym in `short` matches
    as many syllables of `long` as it has letters, by their initials; and whether all of both
    were used."""
    i = j = 0
    while i < len(short) and j < len(long):
        word = short[i]
        if _is_acronym(word) and len(word) > 1 and _fold(word) != _fold(long[j]):
            letters = [c for c in _fold(word) if c.isalpha()]
            initials = [_fold(w)[0] for w in long[j : j + len(letters)]]
            if initials != letters:
                break
            i += 1
            j += len(letters)
            continue
        if _fold(word) != _fold(long[j]):
            break
        i += 1
        j += 1
    return j, i == len(short) and j == len(long)
