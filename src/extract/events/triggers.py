"""Event triggers (ANNOTATION §6): lexicon loading, syllable matching and context rules.

The lexicon (`event_triggers.tsv`, columns `type  trigger  note`) lists multi-word triggers
and their spelling variants. Matching reuses the syllable matcher of the mention lexicons, so
it is case-insensitive and tone-placement-insensitive, and then keeps only matches that
  - coincide with underthesea word boundaries ("tiếp" is not a trigger inside "tiếp tục"),
  - are not a word inside a name ("Vụ Hợp tác quốc tế", "Hiệp định hợp tác lao động"),
  - pass the context rule of ambiguous triggers (bare "tiếp", "hỗ trợ", "tham gia", ...).
Adjacent triggers of one type naming one activity ("hội đàm, hội kiến") become one trigger.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import Errors, ExtractError
from ..extractors.lexicon import SyllableMatcher, fold_syllable, read_tsv, syllables
from ..records import EVENT_TYPES, Mention, Token

#: Labels of mentions that can take part in an event.
PARTY_LABELS = frozenset({"ORG", "GPE", "PER"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon row: event type, trigger phrase and the curator's note."""

    type: str
    trigger: str
    note: str = ""

    @property
    def key(self) -> str:
        """The trigger in folded form (lower-case, NFC): the key of its context rule."""
        return fold_phrase(self.trigger)


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger accepted in a sentence; offsets are relative to the sentence text."""

    type: str
    start: int
    end: int
    rule: str
    confidence: float = 0.8
    generic: bool = False  # a general phrase: an event only with a party of its own after it
    nominal: bool = False  # a topic noun ("lao động di cư giữa A và B") a verb before may govern


# The context rules fold the same few thousand token texts over and over.
@lru_cache(maxsize=65536)
def fold_phrase(text: str) -> str:
    """Folded form of a phrase: syllables folded and joined by single spaces."""
    return " ".join(fold_syllable(text[s:e]) for s, e in syllables(text))


class TriggerLexicon:
    """The trigger lexicon as a syllable matcher; every entry matches in any letter case."""

    def __init__(self, entries: Sequence[TriggerEntry]) -> None:
        self.entries = tuple(entries)
        self.matcher: SyllableMatcher[TriggerEntry] = SyllableMatcher()
        for entry in self.entries:
            # The matcher keeps the first letter's case; register the usual casings.
            phrase = entry.trigger
            for variant in {phrase.lower(), phrase[:1].upper() + phrase[1:].lower()}:
                self.matcher.add(variant, entry)
            self.matcher.add(phrase.upper(), entry)

    def __len__(self) -> int:
        return len(self.entries)


def load_triggers(path: Path) -> TriggerLexicon:
    """Read `event_triggers.tsv`; an unknown event type raises E030."""
    rows = read_tsv(path, ("type", "trigger"))
    entries: list[TriggerEntry] = []
    for line, row in enumerate(rows, start=2):
        event_type = row["type"].upper()
        if event_type not in EVENT_TYPES:
            problem = f"unknown event type {row['type']!r}; choose from {', '.join(EVENT_TYPES)}"
            raise ExtractError(Errors.E030.format(path=path, line=line, problem=problem))
        trigger = " ".join(row.get("trigger", "").split())
        if not trigger:
            raise ExtractError(Errors.E030.format(path=path, line=line, problem="empty trigger"))
        entries.append(TriggerEntry(event_type, trigger, row.get("note", "")))
    return TriggerLexicon(entries)


# --- sentence context -------------------------------------------------------------------------


@dataclass
class SentenceView:
    """A sentence with its words and mentions, all offsets relative to the sentence text."""

    text: str
    tokens: Sequence[Token]
    mentions: Sequence[Mention]

    def __post_init__(self) -> None:
        self._starts = {t.start: i for i, t in enumerate(self.tokens)}
        self._ends = {t.end: i for i, t in enumerate(self.tokens)}
        # The rules ask for the same folded words many times per sentence: fold each once.
        self._words = [fold_phrase(t.text) for t in self.tokens]
        # Tokens come in text order without overlap, so both offset lists are sorted.
        self._start_offsets = [t.start for t in self.tokens]
        self._end_offsets = [t.end for t in self.tokens]

    def token_starting(self, offset: int) -> int | None:
        """Index of the token that starts exactly at `offset`."""
        return self._starts.get(offset)

    def token_ending(self, offset: int) -> int | None:
        """Index of the token that ends exactly at `offset`."""
        return self._ends.get(offset)

    @property
    def words(self) -> Sequence[str]:
        """Folded text of every token, in order (scans read it instead of calling `word`)."""
        return self._words

    def word(self, index: int) -> str:
        """Folded text of token `index` ("" outside the sentence)."""
        return self._words[index] if 0 <= index < len(self._words) else ""

    def words_before(self, start: int, n: int) -> list[str]:
        """Folded words of the `n` tokens ending at or before `start`, nearest first."""
        stop = bisect_right(self._end_offsets, start)
        return self._words[max(stop - n, 0) : stop][::-1]

    def words_after(self, end: int, n: int) -> list[str]:
        """Folded words of the `n` tokens starting at or after `end`, nearest first."""
        first = bisect_left(self._start_offsets, end)
        return self._words[first : first + n]

    def mention_starting_near(
        self,
        end: int,
        labels: frozenset[str],
        *,
        skip: frozenset[str] = frozenset(),
        limit: int = 3,
    ) -> Mention | None:
        """A mention of `labels` starting after `end`, past at most `limit` words in `skip`."""
        pos = end
        for hop in range(limit + 1):
            for m in self.mentions:
                if m.label in labels and m.start >= pos and not self.text[pos : m.start].strip():
                    return m
            if hop == limit:
                break
            nxt = [t for t in self.tokens if t.start >= pos]
            if not nxt or fold_phrase(nxt[0].text) not in skip:
                return None
            pos = nxt[0].end
        return None

    def mention_ending_near(self, start: int, labels: frozenset[str], *, gap: int = 1) -> bool:
        """True when a mention of `labels` ends right before `start` (at most `gap` words)."""
        for m in self.mentions:
            if m.label in labels and m.end <= start:
                between = [t for t in self.tokens if t.start >= m.end and t.end <= start]
                if len(between) <= gap and all(
                    fold_phrase(t.text) in _PASSIVE_GLUE for t in between
                ):
                    return True
        return False


# --- context rules ----------------------------------------------------------------------------

#: Heads of names of bodies and instruments: a trigger word right after one is part of a name.
NAME_HEADS = frozenset(
    {
        "vụ", "cục", "ban", "viện", "học viện", "cơ quan", "ủy ban", "uỷ ban", "hội đồng",
        "văn phòng", "trung tâm", "quỹ", "diễn đàn", "hiệp hội", "liên hiệp", "trường",
        "đại học", "hiệp định", "ghi nhớ", "thỏa thuận", "thoả thuận", "văn kiện", "công ước",
        "nghị định thư", "biên bản", "văn bản", "khuôn khổ", "tuyên bố", "hiệp ước",
        "bản ghi nhớ", "văn bản ghi nhớ", "biên bản ghi nhớ", "thư trao đổi", "nghị quyết",
        "chương trình khung", "ủy ban liên chính phủ", "uỷ ban liên chính phủ",
        "doanh nghiệp", "công ty", "dịch vụ", "cơ sở",
    }
)  # fmt: skip
#: Heads that start a name only when capitalised ("Luật Dạy nghề", not "quyết định gia nhập").
CAPITAL_NAME_HEADS = frozenset(
    {
        "luật", "bộ luật", "chiến lược", "đề án", "quyết định", "nghị định", "thông tư",
        "chỉ thị", "chương trình", "kế hoạch", "dự án", "học viện", "tổ chức",
    }
)  # fmt: skip
#: Words that may stand between a participant and a passive or agentive trigger ("do X hỗ trợ").
_PASSIVE_GLUE = frozenset({"đã", "đang", "sẽ", "cùng", "tiếp tục", "trực tiếp"})
#: Words that introduce a person received, visited or worked with.
PERSON_HEADS = frozenset(
    {
        "ông", "bà", "ngài", "đoàn", "đại sứ", "bộ trưởng", "thứ trưởng", "chủ tịch",
        "phó chủ tịch", "thủ tướng", "phó thủ tướng", "tổng bí thư", "tổng thống", "quốc vương",
        "giám đốc", "phó giám đốc", "trưởng đoàn", "trưởng đại diện", "lãnh đạo", "đại diện",
        "tổng thư ký", "tổng giám đốc", "phó tổng giám đốc", "chủ tịch quốc hội", "đại biểu",
        "hoàng thân", "công chúa", "cục trưởng", "vụ trưởng", "viện trưởng", "hiệu trưởng",
        "tham tán", "bí thư", "nhà vua", "nữ hoàng", "phái đoàn",
    }
)  # fmt: skip
#: Nouns naming bodies or instruments one joins ("tham gia các tổ chức ...").
JOINABLE_HEADS = frozenset(
    {
        "tổ chức", "công ước", "hiệp định", "hiệp ước", "khuôn khổ", "diễn đàn", "cơ chế",
        "hiệp hội", "liên minh", "cộng đồng", "hội đồng", "ủy ban", "uỷ ban", "nghị định thư",
        "thỏa thuận", "thoả thuận", "cam kết", "hiệp định thương mại", "khối", "nhóm",
        "tổ chức quốc tế", "định chế",
    }
)  # fmt: skip
#: Fillers between a verb and its object ("tham gia tích cực vào các ...").
_FILLERS = frozenset(
    {
        "các", "những", "nhiều", "một", "một số", "vào", "trong", "tích cực", "chủ động",
        "đầy đủ", "sâu rộng", "ngày càng", "hiệu quả", "thêm", "lại", "chính thức", "cả",
        "thành công", "mạnh mẽ", "với", "cho", "bản", "văn bản", "của",
    }
)  # fmt: skip
#: Resources given by a donor: "hỗ trợ tài chính", "hỗ trợ vốn".
_RESOURCES = frozenset(
    {
        "tài chính", "vốn", "kinh phí", "oda", "ngân sách", "tài trợ", "trang thiết bị",
        "thiết bị", "kỹ thuật", "kĩ thuật", "nguồn lực", "khoản", "tiền", "học bổng",
        "không hoàn lại",
    }
)  # fmt: skip
#: Nouns naming aid as a thing: "dự án hỗ trợ", "nguồn hỗ trợ", "những hỗ trợ".
_AID_NOUNS = frozenset(
    {
        "dự án", "chương trình", "khoản", "nguồn", "gói", "những", "sự", "các khoản",
        "nguồn vốn", "vốn",
    }
)  # fmt: skip
#: Words between "hỗ trợ của/từ" and the donor's name ("của Văn phòng ILO", "từ phía Nhật Bản").
_DONOR_GLUE = _FILLERS | frozenset(
    {"cơ quan", "tổ chức", "văn phòng", "đại diện", "phía", "chính phủ", "nhân dân"}
)
#: Things handed over as aid: "trao trang thiết bị dạy nghề cho Bộ X".
_GOODS = frozenset(
    {
        "trang thiết bị", "thiết bị", "kinh phí", "tiền", "học bổng", "xe", "hàng", "quà",
        "vật tư", "máy", "máy móc", "phương tiện", "hàng hóa", "hàng hoá", "nhà", "sách",
        "tài liệu", "vắc xin", "vaccine", "thuốc", "lương thực", "gạo", "khoản", "gói",
    }
)  # fmt: skip
#: "sự hỗ trợ", "những hỗ trợ": aid only when a party gives or receives it.
_AID_ABSTRACT = frozenset({"sự", "những"})
_HOLD_VERBS = frozenset(
    {
        "tổ chức", "dự", "tham dự", "khai mạc", "bế mạc", "chủ trì", "đồng chủ trì", "tại",
        "diễn ra", "phát biểu", "tham gia", "đăng cai", "cuộc", "phiên",
    }
)  # fmt: skip
#: Auxiliaries between a forum and the predicate saying it is held ("Diễn đàn dự kiến tổ chức").
_FORUM_AUXILIARIES = frozenset(
    {
        "dự kiến", "sẽ", "đã", "được", "vừa", "đang", "chính thức", "lần này", "năm nay",
        "sẽ được", "đã được", "cũng", "dự kiến sẽ", "dự kiến được",
    }
)  # fmt: skip
#: Predicates of a forum being held, whose subject it is.
_HOLDING_PREDICATES = (
    "tổ chức", "diễn ra", "khai mạc", "bế mạc", "kết thúc", "chủ trì", "đồng chủ trì",
    "đăng cai", "có sự tham gia", "có sự tham dự", "có sự góp mặt", "thu hút", "quy tụ",
    "nhóm họp", "họp",
)  # fmt: skip
_INSTRUMENT_HEADS = frozenset(
    {
        "hiệp định", "công ước", "tuyên bố", "nghị quyết", "văn kiện", "bản ghi nhớ",
        "thỏa thuận", "thoả thuận", "luật", "bộ luật", "kế hoạch", "chương trình", "hiệp ước",
        "nghị định thư", "biên bản", "khung", "chiến lược", "đề án",
    }
)  # fmt: skip
_SIGN_BLOCKERS = frozenset({"đăng", "thư", "chữ", "nhật", "bút", "tổng thư"})
#: Nouns that "trao đổi" modifies rather than predicates of ("kim ngạch trao đổi").
_EXCHANGE_NOUNS = frozenset({"kim ngạch", "thư", "tỷ giá", "tỉ giá", "giá trị", "hàng"})
#: Goods traded: "trao đổi thương mại" is trade, not an exchange between partners.
_TRADED = frozenset(
    {"thương mại", "hàng hóa", "hàng hoá", "mua bán", "ngoại tệ", "buôn bán", "tù nhân"}
)
_MIGRATION_CONTEXT = frozenset({"đi", "sang", "ra", "đưa", "lao động", "người lao động"})
#: Words between a preposition and the countries it governs ("giữa các nước CLMTV").
_COUNTRY_GLUE = frozenset({"các", "nước", "các nước", "quốc gia", "các quốc gia", "khu vực"})
_COPULAS = frozenset({"là", "trở thành", "thành", "làm"})

Rule = Callable[[SentenceView, int, int], bool]


def _receive(view: SentenceView, start: int, end: int) -> bool:
    """Bare "tiếp" is MEET only as the verb of receiving someone ("tiếp Đại sứ", "cuộc tiếp")."""
    before = view.words_before(start, 1)
    if before and before[0] in {"cuộc", "buổi"}:
        return True
    if view.mention_starting_near(end, frozenset({"PER", "ORG"}), skip=_FILLERS, limit=1):
        return True
    after = " ".join(view.words_after(end, 3))
    return any(after == h or after.startswith(h + " ") for h in PERSON_HEADS)


def _work_with(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "làm việc với" is MEET with a person or body, never workers "đi làm việc với ..."."""
    before = view.words_before(start, 3)
    if before and before[0] in {"buổi", "cuộc", "có buổi"}:
        return True
    if any(w in _MIGRATION_CONTEXT for w in before):
        return False
    if view.mention_starting_near(end, frozenset({"PER", "ORG"}), skip=_FILLERS, limit=1):
        return True
    after = " ".join(view.words_after(end, 3))
    return any(after == h or after.startswith(h + " ") for h in PERSON_HEADS)


def _fund_support(view: SentenceView, start: int, end: int) -> bool:
    """Bare "hỗ trợ" is FUND only when resources go from a party to a party."""
    before = view.words_before(start, 2)
    after = view.words_after(end, 2)
    if after and (after[0] in _RESOURCES or " ".join(after) in _RESOURCES):
        return True
    if before and before[0] in _AID_NOUNS and before[0] not in _AID_ABSTRACT:
        return True
    # Donor before the verb: "do UNDP và ILO hỗ trợ", "Hàn Quốc hỗ trợ".
    if view.mention_ending_near(start, frozenset({"ORG", "GPE"})):
        return True
    # Recipient after it: "hỗ trợ Việt Nam", "hỗ trợ cho Lào"; donor after "của".
    parties = frozenset({"ORG", "GPE"})
    if view.mention_starting_near(end, parties, skip=frozenset({"cho", "các", "nước"}), limit=2):
        return True
    if after and after[0] in {"của", "từ"}:
        # "sự hỗ trợ của Văn phòng ILO", "với sự hỗ trợ từ UNICEF": the donor after it.
        return bool(view.mention_starting_near(end, parties, skip=_DONOR_GLUE, limit=4))
    # Money given: "được hỗ trợ 200.000 yen", "hỗ trợ thêm 5 triệu USD".
    return _money_follows(view, end)


def _money_follows(view: SentenceView, end: int) -> bool:
    """True when a COUNT of money follows `end`, past fillers only."""
    pos = end
    for _ in range(3):
        for m in view.mentions:
            if m.label == "COUNT" and m.start >= pos and not view.text[pos : m.start].strip():
                return (m.unit or "").casefold() in MONEY_UNITS
        nxt = [t for t in view.tokens if t.start >= pos]
        if not nxt or fold_phrase(nxt[0].text) not in _FILLERS | {"thêm", "tổng cộng"}:
            return False
        pos = nxt[0].end
    return False


def _join_body(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "tham gia" is JOIN only with a convention or a body as its object, after it or
    before a relative clause ("các công ước mà Việt Nam đã tham gia")."""
    if relative_antecedent(view, start) is not None:
        return True
    pos = _past_joiner(view, end)
    for _ in range(5):
        for m in view.mentions:
            if m.start >= pos and not view.text[pos : m.start].strip():
                if m.label in {"ORG", "AGREEMENT"}:
                    return True
                unit = fold_phrase(m.unit or "")  # "9/10 công ước cơ bản"
                if m.label == "COUNT" and any(unit.startswith(h) for h in JOINABLE_HEADS):
                    return True
        nxt = [t for t in view.tokens if t.start >= pos]
        if not nxt:
            return False
        word = fold_phrase(nxt[0].text)
        if word in JOINABLE_HEADS:
            return True
        if word not in _FILLERS:
            return False
        pos = nxt[0].end
    return False


def _past_joiner(view: SentenceView, end: int) -> int:
    """ "sự tham gia của Việt Nam vào …": the offset after "vào", past the party that joins;
    `end` itself otherwise."""
    if view.words_after(end, 1) != ["của"]:
        return end
    of = next(t for t in view.tokens if t.start >= end)
    party = view.mention_starting_near(of.end, PARTY_LABELS, limit=0)
    if party is None:
        return end
    nxt = [t for t in view.tokens if t.start >= party.end][:1]
    return nxt[0].end if nxt and fold_phrase(nxt[0].text) == "vào" else end


def _adopt_instrument(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "thông qua" is SIGN only when an instrument is adopted, not "through" something."""
    if view.mention_starting_near(end, frozenset({"AGREEMENT"}), skip=_FILLERS, limit=2):
        return True
    # Passive: "Công ước ... được Hội nghị Lao động Quốc tế thông qua".
    before = [t for t in view.tokens if t.end <= start][-8:]
    passive = [t for t in before if fold_phrase(t.text) == "được"]
    if passive and any(
        m.label == "AGREEMENT" and m.end <= passive[-1].start for m in view.mentions
    ):
        return True
    after = view.words_after(end, 3)
    words = [w for w in after if w not in _FILLERS]
    return bool(words) and words[0] in _INSTRUMENT_HEADS


def _partner(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "đối tác" is COOPERATE as a predicate ("là đối tác", "trở thành đối tác")."""
    before = [w for w in view.words_before(start, 4) if w not in {"các", "những", "một", "của"}]
    return bool(before) and before[0] in _COPULAS


def _forum_held(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "diễn đàn" is MEET only for a forum being held or attended, not a body's name.

    Held: governed by a verb of holding ("tổ chức Diễn đàn", "tại Diễn đàn"), or the subject
    of one ("Diễn đàn dự kiến tổ chức ...", "Diễn đàn có sự tham gia của ...", "diễn đàn do X
    đồng chủ trì"), or an edition of a named forum ("Diễn đàn ... ASEAN lần thứ 15").
    """
    before = view.words_before(start, 2)
    if before and before[0] in _HOLD_VERBS:
        return True
    # Past the forum's own name, if the trigger opens one.
    name_end = max(
        (m.end for m in view.mentions if m.start == start and m.label == "ORG"), default=end
    )
    words = view.words_after(name_end, 14)
    if " ".join(words[:2]) == "lần thứ":
        return True
    pos = 0
    while pos < len(words) and words[pos] in _FORUM_AUXILIARIES:
        pos += 1
    if pos < len(words) and words[pos] == "do":
        # "diễn đàn do X và Y (đồng) chủ trì": a holding verb before the chunk ends.
        for w in words[pos + 1 :]:
            if w in {",", ";", ":", "."}:
                return False
            if w in _HOLDING_PREDICATES:
                return True
        return False
    rest = " ".join(words[pos : pos + 3])
    return any(rest == p or rest.startswith(p + " ") for p in _HOLDING_PREDICATES)


#: Auxiliaries between the subject of a relative clause and its verb ("mà Việt Nam đã ký").
_RELATIVE_AUXILIARIES = frozenset(
    {"đã", "đang", "sẽ", "cũng", "đều", "vừa", "mới", "chính thức", "đã chính thức"}
)
#: Names a relative clause can be about: the instrument or body one signs, joins or ratifies.
_RELATIVE_OBJECTS = frozenset({"AGREEMENT", "ORG"})


def relative_antecedent(view: SentenceView, start: int) -> Mention | None:
    """The instrument or body a relative clause ending in the trigger is about.

    In "Công ước X mà Việt Nam (đã) là thành viên" the relativised object of the verb stands
    before "mà", and the clause's subject (a party, or a list of them) between "mà" and the
    verb: the instrument before "mà" is the verb's object.
    """
    before = [t for t in view.tokens if t.end <= start]
    k = len(before) - 1
    while k >= 0 and fold_phrase(before[k].text) in _RELATIVE_AUXILIARIES:
        k -= 1
    subject = False
    while k >= 0:
        t = before[k]
        inside = [
            m for m in view.mentions
            if m.label in PARTY_LABELS and m.start <= t.start and t.end <= m.end
        ]  # fmt: skip
        if inside:
            subject = True
            k = next(n for n, o in enumerate(before) if o.start >= inside[0].start) - 1
            continue
        if subject and fold_phrase(t.text) in {"và", ",", "cùng"}:
            k -= 1
            continue
        break
    if not subject or k < 0 or fold_phrase(before[k].text) != "mà":
        return None
    return _mention_ending(view, before[k].start, _RELATIVE_OBJECTS)


def _mention_ending(view: SentenceView, offset: int, labels: frozenset[str]) -> Mention | None:
    """The mention of `labels` ending right before `offset`; an owner after "của" gives way
    to the instrument it owns ("Công ước số 98 của ILO")."""
    for m in view.mentions:
        if m.label in labels and m.end <= offset and not view.text[m.end : offset].strip():
            if m.label != "AGREEMENT" and view.words_before(m.start, 1) == ["của"]:
                of = view.text[: m.start].rstrip()
                owned = _mention_ending(view, len(of) - len("của"), frozenset({"AGREEMENT"}))
                if owned is not None:
                    return owned
            return m
    return None


def _member(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "là thành viên" is JOIN when a body follows, directly or after "của", or when
    an instrument or body is the object of the relative clause it ends ("mà Việt Nam là
    thành viên")."""
    if relative_antecedent(view, start) is not None:
        return True
    after = [t for t in view.tokens if t.start >= end][:8]
    for t in after:
        word = fold_phrase(t.text)
        if word in {"trong", ";"}:
            return False
        if word == "của" or any(m.start == t.start and m.label == "ORG" for m in view.mentions):
            return bool(
                view.mention_starting_near(
                    t.start, frozenset({"ORG", "GPE"}), skip=_FILLERS | {"tổ chức"}, limit=2
                )
            )
    return False


def _relation_pair(view: SentenceView, start: int, end: int) -> bool:
    """Rule: bare "quan hệ" is COOPERATE for the relations of two named parties written right
    after it: "quan hệ Việt Nam – Lào", "quan hệ giữa Việt Nam và ILO"."""
    after = view.words_after(end, 4)
    # "quan hệ (đặc biệt, hữu nghị …) giữa A và B", "quan hệ giữa hai nước"
    skip = 0
    while skip < len(after) - 1 and after[skip] in _RELATION_MODIFIERS:
        skip += 1
    if after[skip : skip + 1] == ["giữa"]:
        nxt = [t for t in view.tokens if t.start >= end][skip]
        if view.mention_starting_near(nxt.end, _PAIR_LABELS, skip=_COUNTRY_GLUE):
            return True
        count = view.mention_starting_near(nxt.end, frozenset({"COUNT"}), limit=0)
        return count is not None and fold_phrase(count.unit or "") in _PAIR_UNITS
    first = view.mention_starting_near(end, _PAIR_LABELS, limit=0)
    if first is None:
        return False
    link = view.text[first.end :].lstrip()
    for dash in ("–", "-", "—", "và "):
        if link.startswith(dash):
            pos = first.end + (len(view.text) - first.end - len(link)) + len(dash)
            return bool(view.mention_starting_near(pos, _PAIR_LABELS, limit=0))
    return False


#: Parties whose relations "quan hệ" names.
_PAIR_LABELS = frozenset({"GPE", "ORG"})
#: Counted parties whose relations "quan hệ giữa …" names ("giữa hai nước").
_PAIR_UNITS = frozenset({"bên", "nước", "quốc gia", "bộ", "chính phủ", "phía", "dân tộc"})
#: Adjectives between "quan hệ" and "giữa".
_RELATION_MODIFIERS = frozenset(
    {
        "đặc biệt",
        "hữu nghị",
        "tốt đẹp",
        "truyền thống",
        "hợp tác",
        "lâu đời",
        "gắn bó",
        "thân thiết",
    }
)


def _funding(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "tài trợ" is FUND as a verb or the aid itself, not in "nhà tài trợ" (a donor)."""
    before = view.words_before(start, 1)
    return not (before and before[0] == "nhà")


def _meeting_verb(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "chủ trì", "tham dự": MEET only when a meeting follows ("chủ trì Hội nghị").

    Otherwise the verb means "be in charge of" a task or "attend to" something.
    """
    after = view.words_after(end, 4)
    return any(w in MEETING_NOUNS for w in after)


def _meet_person(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "gặp", "đón" are MEET only with a person or a body ("gặp Đại sứ", not "gặp khó")."""
    return _receive(view, start, end) and view.words_after(end, 1)[:1] != ["khó khăn"]


def _visit(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "thăm" is a visit, not "thăm dò" (survey) or "thăm hỏi" (condolences), nor the
    bare "chuyến thăm" / "cuộc thăm" of a visit already reported (`_visit_named`)."""
    after = view.words_after(end, 1)
    if after and after[0] in {"dò", "hỏi", "khám", "quan", "viếng"}:
        return False
    before = view.words_before(start, 1)
    return not (before and before[0] in {"chuyến", "cuộc"}) or _visit_named(view, start, end)


#: Words right after a bare visit noun that show it refers back to a visit already reported.
_BACK_REFERENCE_AFTER = frozenset(
    {
        ",", ".", ";", ":", "!", "?", "sẽ", "kéo dài", "kéo", "này", "là", "đã", "được",
        "diễn ra", "diễn", "đó", "ấy", "nói trên", "trên", "nhằm", "cũng", "vừa", "đang",
        "mang", "góp phần", "thể hiện", "khẳng định",
    }
)  # fmt: skip


def _visit_named(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "chuyến thăm" is a visit event when something names it right after (a place or
    party, "chính thức", "và làm việc", "của", "tới"); a bare one ("Trong chuyến thăm, …",
    "Chuyến thăm sẽ là cơ hội …", "chuyến thăm kéo dài hai ngày") refers back to a visit the
    article has reported and is no new event."""
    after = view.words_after(end, 1)
    return bool(after) and after[0] not in _BACK_REFERENCE_AFTER


def _donation(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "ủng hộ" is FUND only for a donation of money ("ủng hộ 100 triệu đồng")."""
    return _money_follows(view, end)


def _gift(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "tặng", "bàn giao" are FUND when things go to a party, not an award."""
    after = view.words_after(end, 2)
    if any(
        w.startswith(("huân chương", "bằng khen", "kỷ niệm chương", "danh hiệu")) for w in after
    ):
        return False
    return _fund_support(view, start, end)


def _handover(view: SentenceView, start: int, end: int) -> bool:
    """Rule: bare "trao" is FUND when goods or money are handed over ("trao trang thiết bị
    cho Bộ X"), not "trao quyền", "trao đổi" or a signed instrument ("trao Bản ghi nhớ")."""
    after = [w for w in view.words_after(end, 10) if w not in {"các", "những", "một số"}]
    return bool(after) and after[0] in _GOODS and ("cho" in after or _gift(view, start, end))


def _exchange(view: SentenceView, start: int, end: int) -> bool:
    """Rule: bare "trao đổi" is COOPERATE as a verb of exchanging views ("hai bên trao đổi về
    ...", "trao đổi với phía Qatar"), not trade ("trao đổi thương mại"), a noun modifier
    ("kim ngạch trao đổi", "Thư trao đổi") or the exchange of a signed instrument (SIGN)."""
    before = view.words_before(start, 1)
    if before and before[0] in _EXCHANGE_NOUNS:
        return False
    after = view.words_after(end, 1)
    return not (after and after[0] in _TRADED) and not _exchange_instrument(view, start, end)


def _exchange_instrument(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "trao đổi" is SIGN when its object is an instrument: "trao đổi văn kiện hợp tác",
    "trao đổi “Bản ghi nhớ về …”" (the signed copies change hands)."""
    return _instrument_after(view, end) is not None


#: Quotes and determiners between a verb and the instrument it governs.
_INSTRUMENT_GLUE = frozenset({"các", "những", "hai", "bản", "văn bản"})


def _instrument_after(view: SentenceView, end: int) -> Mention | None:
    """The AGREEMENT right after `end`, past quotes and determiners ("trao đổi “Bản ghi nhớ"),
    or None."""
    pos = end
    text = view.text
    for _ in range(3):
        while pos < len(text) and (text[pos].isspace() or text[pos] in "“\"«‘'"):
            pos += 1
        for m in view.mentions:
            if m.label == "AGREEMENT" and m.start == pos:
                return m
        nxt = view.words_after(pos, 1)
        if not nxt or nxt[0] not in _INSTRUMENT_GLUE:
            return None
        token = next(t for t in view.tokens if t.start >= pos)
        pos = token.end
    return None


def _connect(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "kết nối X với Y" is COOPERATE when parties are linked with each other ("kết nối
    doanh nghiệp Việt Nam với đối tác Đức"); "kết nối dữ liệu", "kết nối cung - cầu" are not."""
    tokens = [t for t in view.tokens if t.start >= end][:12]
    for k, t in enumerate(tokens):
        word = fold_phrase(t.text)
        if word in {";", ".", ":"}:
            return False
        if word == "với":
            limit = tokens[min(k + 8, len(tokens) - 1)].end
            return any(
                m.label in {"ORG", "GPE"} and end <= m.start and m.end <= limit
                for m in view.mentions
            )
    return False


def _issue_declaration(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "đưa ra", "công bố", "ra" adopt an instrument (SIGN) only with a declaration or joint
    statement as object ("đưa ra Tuyên bố chung về ..."); otherwise they are no event."""
    m = view.mention_starting_near(end, frozenset({"AGREEMENT"}), skip=_FILLERS, limit=2)
    if m is None:
        return False
    head = fold_phrase(view.text[m.start : m.end]).split(" ")[:2]
    return m.kind == "declaration" or " ".join(head) in {"tuyên bố", "thông cáo"}


#: Instruments a government announces ("công bố Chiến lược …", "Kế hoạch … do hai Thủ tướng
#: công bố"); an announced decision ("công bố Quyết định bổ nhiệm") adopts nothing.
_ANNOUNCED_KINDS = frozenset({"declaration", "arrangement"})
_ANNOUNCED_POLICIES = ("chiến lược", "kế hoạch", "chương trình", "đề án", "khung")


def _announced(view: SentenceView, m: Mention) -> bool:
    if m.kind in _ANNOUNCED_KINDS:
        return True
    return m.kind == "legal" and fold_phrase(view.text[m.start : m.end]).startswith(
        _ANNOUNCED_POLICIES
    )


def _announce_instrument(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "công bố" is SIGN when a declaration, a strategy or a programme is announced: as
    its object, or as the instrument before "do <party> công bố" (passive)."""
    if _issue_declaration(view, start, end):
        return True
    m = _instrument_after(view, end)
    if m is not None and _announced(view, m):
        return True
    before = [t for t in view.tokens if t.end <= start][-10:]
    agents = [t for t in before if fold_phrase(t.text) == "do"]
    if not agents:
        return False
    cut = agents[-1].start
    if any(t.text in {",", ";", ":"} for t in before if t.start >= cut):
        return False
    return any(
        m.label == "AGREEMENT" and _announced(view, m) and m.end <= cut
        and cut - m.end < 60 and "," not in view.text[m.end : cut]
        for m in view.mentions
    )  # fmt: skip


def _issue_instrument(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "ban hành", "phê duyệt" are SIGN only for an international instrument."""
    m = view.mention_starting_near(end, frozenset({"AGREEMENT"}), skip=_FILLERS, limit=2)
    return m is not None and m.kind not in {None, "legal"}


def _capacity(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "nâng cao năng lực" is TRAIN when people are trained, not "năng lực cạnh tranh"."""
    after = view.words_after(end, 3)
    if after and after[0] == "cho":
        return True
    return any(w in TRAINEES for w in after[:2])


def _not_a_donor(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "nhà tài trợ" names a donor, not an act; it counts only with the donor named."""
    return bool(view.mention_starting_near(end, PARTY_LABELS, limit=0))


def _not_a_ceremony(view: SentenceView, start: int, end: int) -> bool:
    """A signing ceremony is the SIGN event itself (one activity, §9), not a separate MEET."""
    return False


def _migration_topic(view: SentenceView, start: int, end: int) -> bool:
    """Nouns of migration ("lao động di cư") are LABOR_MIGRATION only with the countries
    between which workers move: a destination ("sang Thái Lan"), or the countries or bloc
    they move between or within ("giữa các nước CLMTV", "trong ASEAN", "từ Việt Nam")."""
    for t in [t for t in view.tokens if t.start >= end][:4]:
        word = fold_phrase(t.text)
        if word in {"sang", "tới", "đến", "tại", "ở", "qua", "giữa", "trong", "từ"}:
            labels = frozenset({"GPE", "LOC"})
            if word in {"giữa", "trong", "từ", "tại", "ở"}:
                labels = labels | {"ORG"}  # a bloc: "giữa các nước ASEAN", "trong ASEAN"
            found = view.mention_starting_near(t.end, labels, skip=_COUNTRY_GLUE, limit=3)
            return found is not None and (found.label != "LOC" or word not in {"trong"})
    return False


def _bargain(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "thương lượng" negotiates between parties, but "thương lượng tập thể" (collective
    bargaining) names an institution of labour relations."""
    after = view.words_after(end, 2)
    return not (after[:1] == ["tập thể"] or after == ["tập", "thể"])


def _dialogue(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "đối thoại" after "đối tác" names a kind of partner ("các nước đối tác đối thoại
    Canada, Australia"), not a dialogue held."""
    before = view.words_before(start, 1)
    return not (before and before[0] in {"đối tác", "bên đối thoại"})


def _internship(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "thực tập" is TRAIN as the activity, not in "thực tập sinh" (the trainee, a worker)."""
    return view.words_after(end, 1)[:1] != ["sinh"]


def _sign(view: SentenceView, start: int, end: int) -> bool:
    """Rule: "ký"/"kí" is SIGN unless it is part of another word ("đăng ký", "thư ký")."""
    before = view.words_before(start, 1)
    if before and before[0] in _SIGN_BLOCKERS:
        return False
    # The segmenter may glue "ký" to the syllables before it ("Tổng Thư ký" as one token).
    folded = [fold_phrase(w) for w in view.text[:start].split()[-2:]]
    glued = folded[-1:] + [" ".join(folded)]
    return not any(w in _SIGN_BLOCKERS for w in glued)


#: Nouns of meetings: what "chủ trì"/"tham dự" must govern to be MEET.
MEETING_NOUNS = frozenset(
    {
        "hội nghị", "hội thảo", "diễn đàn", "tọa đàm", "toạ đàm", "phiên họp", "cuộc họp",
        "kỳ họp", "khóa họp", "lễ", "buổi", "cuộc", "phiên", "đối thoại", "hội đàm", "họp",
        "buổi làm việc", "cuộc gặp", "lễ ký", "lễ ký kết", "hội nghị trực tuyến",
    }
)  # fmt: skip
#: Units of money counts ("100 triệu đồng", "5 triệu USD").
MONEY_UNITS = frozenset({"đồng", "usd", "euro", "eur", "yên", "won", "nhân dân tệ", "đô la"})
#: People trained in "nâng cao năng lực cho cán bộ".
TRAINEES = frozenset(
    {"cán bộ", "công chức", "viên chức", "đội ngũ", "giảng viên", "học viên", "nhân viên"}
)

#: Context rules by folded trigger; triggers without a rule are accepted as matched.
CONTEXT_RULES: dict[str, Rule] = {
    "tiếp": _receive,
    "làm việc với": _work_with,
    "hỗ trợ": _fund_support,
    "tham gia": _join_body,
    "thông qua": _adopt_instrument,
    "đối tác": _partner,
    "diễn đàn": _forum_held,
    "ký": _sign,
    "kí": _sign,
    "là thành viên": _member,
    "quan hệ": _relation_pair,
    "tài trợ": _funding,
    "chủ trì": _meeting_verb,
    "đồng chủ trì": _meeting_verb,
    "tham dự": _meeting_verb,
    "gặp": _meet_person,
    "đón": _meet_person,
    "thăm": _visit,
    "chuyến thăm": _visit_named,
    "ủng hộ": _donation,
    "tặng": _gift,
    "trao tặng": _gift,
    "bàn giao": _gift,
    "ban hành": _issue_instrument,
    "trao": _handover,
    "trao đổi": _exchange,
    "kết nối": _connect,
    "đưa ra": _issue_declaration,
    "ra": _issue_declaration,
    "phê duyệt": _issue_instrument,
    "nâng cao năng lực": _capacity,
    "nhà tài trợ": _not_a_donor,
    "thực tập": _internship,
    "thương lượng": _bargain,
    "đối thoại": _dialogue,
    **dict.fromkeys(
        (
            "lao động di cư", "di cư lao động", "di chuyển lao động", "dịch chuyển lao động",
            "di chuyển nhân lực", "lao động ngoài nước", "thực tập sinh kỹ năng",
        ),
        _migration_topic,
    ),
}  # fmt: skip
#: Rules that apply to one type only (the same words are another type's trigger too).
TYPED_RULES: dict[tuple[str, str], Rule] = {
    ("MEET", "lễ ký kết"): _not_a_ceremony,
    ("SIGN", "trao đổi"): _exchange_instrument,
    ("SIGN", "công bố"): _announce_instrument,
}

#: General phrases ("mở rộng hợp tác quốc tế") that name an event only with a party after them.
GENERIC_TRIGGERS = frozenset(
    {
        "hợp tác quốc tế",
        "quan hệ đối tác",
        "quan hệ với",
        "phối hợp",
        "quan hệ hữu nghị",
        "đồng hành",
    }
)
#: Words before a TRAIN trigger that make it a modifier ("năng lực đào tạo", "cơ sở đào tạo").
_TRAINING_MODIFIED = frozenset(
    {
        "năng lực", "cơ sở", "trường", "hệ thống", "chất lượng", "lĩnh vực", "phát triển",
        "thiết bị", "trang thiết bị", "giáo trình",
    }
)  # fmt: skip


#: Internships that are a worker scheme when workers go abroad for them (technical interns).
_WORKER_INTERNSHIPS = frozenset({"thực tập", "tu nghiệp"})


def _interning_workers(view: SentenceView, key: str, start: int) -> bool:
    """True for workers sent abroad as interns ("lao động sang tu nghiệp tại Nhật Bản",
    "thực tập sinh sang thực tập"): the labour migration itself, not a training (§6)."""
    if key not in _WORKER_INTERNSHIPS:
        return False
    i = bisect_right(view._end_offsets, start) - 1
    # "sang tu nghiệp và thực tập": the second internship goes with the first.
    while i > 1 and view.word(i) in {"và", ","} and view.word(i - 1) in _WORKER_INTERNSHIPS:
        i -= 2
    return i >= 0 and view.word(i) in _CROSSING and _workers_before(view, i) is not None


def _modifies_a_noun(view: SentenceView, start: int) -> bool:
    """True for a training word modifying the noun before it ("cơ sở đào tạo", "trang thiết bị
    dạy nghề"), also when the segmenter glued that noun to a verb ("trao trang thiết bị")."""
    before = view.words_before(start, 1)
    return bool(before) and any(
        before[0] == noun or before[0].endswith(" " + noun) for noun in _TRAINING_MODIFIED
    )


#: Confidence of triggers that needed a context rule or are very general.
_LOW_CONFIDENCE = {"hợp tác": 0.6, "quan hệ với": 0.6, "trao đổi": 0.5}

#: Words allowed between two triggers of one type that name one activity.
_MERGE_GAP = frozenset(
    {",", "và", "/", "hoặc", "-", "cùng", "người", "lao động", "tổ chức", "thành công"}
)


def _names_event(view: SentenceView, entry_type: str, start: int) -> bool:
    """A name that begins with a trigger can still denote the event itself.

    "Hội nghị cấp Bộ trưởng ... ASEAN" may be tagged as a name, yet it is the meeting held;
    a lower-case "hợp tác ASEAN về ..." is the cooperation, while a capitalised "Hợp tác"
    starts a proper name.
    """
    if entry_type == "MEET":
        return True
    return entry_type == "COOPERATE" and view.text[start : start + 1].islower()


def _inside_name(view: SentenceView, entry_type: str, start: int, end: int) -> bool:
    """True when the trigger is a word of a mention's name rather than a predicate."""
    for m in view.mentions:
        if m.end <= start or end <= m.start or (m.start, m.end) == (start, end):
            continue
        if start <= m.start and m.end <= end:
            continue  # a name inside the trigger ("đưa lao động Việt Nam đi làm việc")
        if not (m.start <= start and end <= m.end):
            # A trigger straddling a name's edge ("bản ghi nhớ [hợp tác] với") is no predicate.
            return True
        if m.start == start and m.label == "ORG" and _names_event(view, entry_type, start):
            continue
        return True
    before = view.words_before(start, 2)
    if before and before[0] in NAME_HEADS:
        return True
    if len(before) > 1 and f"{before[1]} {before[0]}" in NAME_HEADS:
        return True
    # A capital is only a name's mark away from the start of the sentence.
    previous = [t for t in view.tokens if t.end <= start]
    return (
        len(previous) > 1
        and fold_phrase(previous[-1].text) in CAPITAL_NAME_HEADS
        and previous[-1].text[:1].isupper()
    )


def _opens_title(view: SentenceView, start: int) -> bool:
    """True for a capitalised trigger right after an opening quote: the title of a programme
    or a paper ("“Đào tạo và tăng trưởng bền vững ...”"), not an event."""
    before = view.text[:start].rstrip()
    return bool(before) and before[-1] in '“"«' and view.text[start : start + 1].isupper()


def _on_word_boundaries(view: SentenceView, start: int, end: int) -> bool:
    """True when the trigger starts and ends on word boundaries.

    The segmenter sometimes glues a verb to the capitalised name after it ("tiếp Trưởng");
    a space between a lower-case and a capitalised syllable inside a word counts as a boundary.
    """
    return _boundary(view, start, before=True) and _boundary(view, end, before=False)


def _boundary(view: SentenceView, offset: int, *, before: bool) -> bool:
    if (view.token_starting(offset) if before else view.token_ending(offset)) is not None:
        return True
    text = view.text
    gap = offset - 1 if before else offset
    if not 0 < gap < len(text) - 1 or not text[gap].isspace():
        return False
    left, right = text[gap - 1], text[gap + 1]
    # The case of a syllable is its first letter's: "Lâm tiếp" splits a name from a verb.
    return (
        left.isalpha()
        and right.isalpha()
        and (text[_word_start(text, gap - 1)].isupper() != right.isupper())
    )


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


#: Verbs of sending or receiving workers, and the workers they take (LABOR_MIGRATION).
MIGRATION_VERBS = frozenset({"đưa", "phái cử", "tiếp nhận", "tuyển chọn", "cử", "gửi", "cung ứng"})
WORKER_NOUNS = frozenset(
    {
        "lao động", "người lao động", "thực tập sinh", "điều dưỡng viên", "lao động kỹ thuật",
        "nlđ",
    }
)  # fmt: skip
_WORKER_FILLERS = frozenset({"thêm", "các", "những", "số", "được", "hơn", "khoảng", "gần"})
#: Verbs of handling workers coordinated with a sending verb ("tiếp nhận và đăng ký lao động").
_LABOUR_VERBS = frozenset(
    {
        "đăng ký", "quản lý", "sử dụng", "tuyển dụng", "tuyển chọn", "đưa", "tiếp nhận",
        "phái cử", "cung ứng",
    }
)  # fmt: skip
_CONJUNCTIONS = frozenset({"và", ",", "-", "–", "hoặc", "/"})
#: Verbs of going abroad ("sang Hàn Quốc làm việc") and of the work done there.
_GOING = frozenset({"sang", "qua", "ra", "tới", "đến", "đi"})
_WORKING = frozenset({"làm việc", "lao động", "làm"})


def _worker_phrases(view: SentenceView) -> list[TriggerMatch]:
    """Sending and going abroad that no fixed lexicon phrase covers: a sending verb and its
    workers with a count, a filler or a coordinated verb between ("đưa hơn 150 nghìn lao
    động", "tiếp nhận và đăng ký lao động"), and workers going to work in a foreign country
    ("lao động Việt Nam sang Hàn Quốc làm việc")."""
    found: list[TriggerMatch] = []
    tokens = view.tokens
    for i, verb in enumerate(view.words):
        if verb not in MIGRATION_VERBS:
            continue
        t = tokens[i]
        j = i + 1
        while j < min(i + 7, len(tokens)):
            word = view.word(j)
            if word in WORKER_NOUNS:
                if j > i + 1:  # adjacent pairs are lexicon entries
                    found.append(
                        TriggerMatch("LABOR_MIGRATION", t.start, tokens[j].end, "đưa+lao động", 0.7)
                    )
                break
            if word in _CONJUNCTIONS and view.word(j + 1) in _LABOUR_VERBS:
                j += 2
                continue
            count = next(
                (
                    m
                    for m in view.mentions
                    if m.label == "COUNT" and m.start <= tokens[j].start and tokens[j].end <= m.end
                ),
                None,
            )
            if count is not None and fold_phrase(count.unit or "") in WORKER_NOUNS:
                # "tiếp nhận hơn 80.000 thực tập sinh": the count of workers ends the phrase
                found.append(
                    TriggerMatch("LABOR_MIGRATION", t.start, count.end, "đưa+lao động", 0.7)
                )
                break
            if count is None and word not in _WORKER_FILLERS:
                break
            j += 1
    found.extend(_going_abroad(view))
    return found


def _going_abroad(view: SentenceView) -> list[TriggerMatch]:
    """Workers going to work in a foreign country: "lao động (Việt Nam) sang Hàn Quốc (để)
    làm việc", "lao động đi làm việc trong ngành nông nghiệp tại Australia".

    The workers must be named just before, in the same chunk: an official "sang Nhật Bản làm
    việc" is on a working visit, not migrating.
    """
    found: list[TriggerMatch] = []
    for i, verb in enumerate(view.words):
        if verb in _WORKING:
            found.extend(_working_abroad(view, i))
        if verb not in _GOING:
            continue
        foreign = _foreigners_before(view, i)
        end = _work_abroad_end(view, i, inbound=foreign)
        rule = "lao động+sang làm việc"
        if end is None:
            rule = "lao động+sang"
            end = _abroad_end(view, i)
            # Without a verb of working, the workers must go right after being named: "khoảng
            # 1.000 lao động sang Hàn Quốc", not "lao động ... được cử sang Hàn Quốc dự họp".
            if end is None or not _workers_right_before(view, i):
                continue
        start = _workers_before(view, i)
        if start is not None:
            found.append(TriggerMatch("LABOR_MIGRATION", start, end, rule, 0.7))
    return found


def _working_abroad(view: SentenceView, i: int) -> list[TriggerMatch]:
    """Workers already working abroad: "người lao động Việt Nam đang làm việc (hợp pháp) tại
    Malaysia" — the verb of working, with the workers right before it and a foreign country
    after "tại"/"ở" in the same chunk."""
    if view.word(i - 1) in _GOING:
        return []  # "sang làm việc": the going verb makes the trigger
    k = i - 1
    while k >= 0 and view.word(k) in _WORK_ADVERBS:
        k -= 1
    if k < 0 or _workers_before(view, k + 1) is None or not _workers_end_at(view, k):
        return []
    tokens = view.tokens
    for j in range(i + 1, min(i + 5, len(tokens))):
        word = view.word(j)
        if word in {",", ";", ":", ".", "và"}:
            return []
        if word in {"tại", "ở"}:
            place = view.mention_starting_near(
                tokens[j].end, frozenset({"GPE"}), skip=_COUNTRY_GLUE, limit=1
            )
            if place is not None and place.value != "VNM":
                t = tokens[i]
                return [TriggerMatch("LABOR_MIGRATION", t.start, t.end, "lao động+làm việc", 0.7)]
            return []
    return []


#: Adverbs between workers and the verb of working ("lao động Việt Nam đang làm việc").
_WORK_ADVERBS = frozenset({"đang", "hiện", "hiện đang", "vẫn", "đã", "đều"})


def _workers_end_at(view: SentenceView, k: int) -> bool:
    """True when token `k` ends the workers' phrase: a worker noun, a count of workers, or the
    workers' country ("lao động Việt Nam")."""
    if view.word(k) in WORKER_NOUNS:
        return True
    t = view.tokens[k]
    return any(
        m.start <= t.start
        and t.end <= m.end
        and (
            (m.label == "COUNT" and fold_phrase(m.unit or "") in WORKER_NOUNS)
            or (m.label == "GPE" and view.word(_token_before(view, m.start)) in WORKER_NOUNS)
        )
        for m in view.mentions
    )


def _token_before(view: SentenceView, offset: int) -> int:
    return bisect_right(view._end_offsets, offset) - 1


def _foreigners_before(view: SentenceView, i: int) -> bool:
    """True when foreign nationals are named right before token `i` ("người Hàn Quốc đến làm
    việc tại Việt Nam"): then Vietnam is their destination."""
    k = i - 1
    if k < 0:
        return False
    t = view.tokens[k]
    return any(
        m.label == "GPE" and m.value != "VNM" and m.start <= t.start and t.end <= m.end
        and view.word(_token_before(view, m.start)) == "người"
        for m in view.mentions
    )  # fmt: skip


def _work_abroad_end(view: SentenceView, i: int, *, inbound: bool = False) -> int | None:
    """End of "sang <foreign country> (để) làm việc" or "đi làm việc ... tại <foreign country>"
    starting at token `i`, or None; with `inbound` (foreigners going), Vietnam is abroad too."""
    tokens = view.tokens
    # A country, not a place: "ra Hà Nội làm việc" is moving inside the country.
    country = view.mention_starting_near(
        tokens[i].end, frozenset({"GPE"}), skip=frozenset({"nước", "xứ"}), limit=1
    )
    if country is not None and country.value != "VNM":
        k = next((k for k, t in enumerate(tokens) if t.start >= country.end), len(tokens))
        if view.word(k) == "để":
            k += 1
        if view.word(k) in _WORKING:
            return tokens[k].end
        return None
    # Interns are workers too: "thực tập sinh sang thực tập tại Nhật Bản" (the caller checks
    # that workers, not officials, go).
    if view.word(i + 1) not in {"làm việc"} | _WORKER_INTERNSHIPS:
        return None
    for k in range(i + 2, min(i + 9, len(tokens))):
        word = view.word(k)
        if word in {",", ";", ":", ".", "và"}:
            return None
        if word in {"tại", "ở"}:
            place = view.mention_starting_near(
                tokens[k].end, frozenset({"GPE"}), skip=_COUNTRY_GLUE, limit=1
            )
            if place is not None and (place.value != "VNM" or inbound):
                return tokens[i + 1].end
            return None
    return None


def _abroad_end(view: SentenceView, i: int) -> int | None:
    """End of "sang/qua/đi <foreign country>" starting at token `i`, or None."""
    if view.word(i) not in _CROSSING:
        return None
    country = view.mention_starting_near(
        view.tokens[i].end, frozenset({"GPE"}), skip=frozenset({"nước", "xứ"}), limit=1
    )
    return country.end if country is not None and country.value != "VNM" else None


#: Verbs of crossing a border (not "ra", "tới", "đến", which also move inside a country).
_CROSSING = frozenset({"sang", "qua", "đi"})


def _workers_right_before(view: SentenceView, i: int) -> bool:
    """True when the worker noun (or a count of workers) ends right before token `i`."""
    if i == 0:
        return False
    if view.word(i - 1) in WORKER_NOUNS:
        return True
    offset = view.tokens[i].start
    return any(
        m.label == "COUNT"
        and not view.text[m.end : offset].strip()
        and fold_phrase(m.unit or "") in WORKER_NOUNS
        for m in view.mentions
    )


def _workers_before(view: SentenceView, i: int) -> int | None:
    """Start of the workers named right before token `i` in its chunk ("lao động Việt Nam",
    "khoảng 1.000 lao động"), with the verb sending them if any; None without workers.

    The workers belong to the trigger: they are not the subject of the clause's other events.
    """
    tokens = view.tokens
    for k in range(i - 1, max(i - 6, -1), -1):
        word = view.word(k)
        if word in {",", ";", ":", "."}:
            return None
        if word == "sinh" and view.word(k - 1) == "thực tập":
            k, word = k - 1, "thực tập sinh"  # the segmenter splits "thực tập sinh"
        nationals = _nationals_at(view, k)
        if nationals is not None:
            return nationals
        if word in WORKER_NOUNS:
            start = tokens[k].start
            for m in view.mentions:  # counted workers: the whole count
                if m.label == "COUNT" and m.start <= start < m.end:
                    start = m.start
            k = next(n for n, t in enumerate(tokens) if t.start >= start)
            while k > 0 and view.word(k - 1) in _WORKER_FILLERS | {"người"}:
                k -= 1
            if k > 0 and view.word(k - 1) in MIGRATION_VERBS:
                k -= 1
            return tokens[k].start
    return None


def _nationals_at(view: SentenceView, k: int) -> int | None:
    """Start of "người <country>" ending at token `k` ("người Việt", "người Hàn Quốc"): people
    of a nationality going to work are migrant workers, unlike an official on a visit."""
    t = view.tokens[k]
    if view.word(k) == "việt" and view.word(k - 1) == "người":
        return view.tokens[k - 1].start  # "người Việt" (the short ethnonym is no GPE name)
    for m in view.mentions:
        if m.label == "GPE" and m.start <= t.start and t.end <= m.end:
            n = _token_before(view, m.start)
            if n >= 0 and view.word(n) == "người":
                return view.tokens[n].start
    return None


def find_triggers(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    lexicon: TriggerLexicon,
) -> list[TriggerMatch]:
    """Triggers of one sentence (offsets relative to `text`), merged and sorted by position."""
    return triggers_in_view(SentenceView(text, tokens, mentions), lexicon)


def triggers_in_view(view: SentenceView, lexicon: TriggerLexicon) -> list[TriggerMatch]:
    """`find_triggers` on a sentence view that the caller shares with later steps."""
    accepted: list[TriggerMatch] = []
    for hit in lexicon.matcher.find(view.text):
        if not _on_word_boundaries(view, hit.start, hit.end) or _opens_title(view, hit.start):
            continue
        for entry in dict.fromkeys(hit.payloads):
            start, end = hit.start, hit.end
            if _inside_name(view, entry.type, start, end):
                # "trao đổi [văn kiện hợp tác]": the verb before the instrument's name is the
                # trigger when the phrase runs into the name.
                end = _verb_before_instrument(view, entry.type, start, end)
                if end is None or _inside_name(view, entry.type, start, end):
                    continue
            rule = TYPED_RULES.get((entry.type, entry.key)) or CONTEXT_RULES.get(entry.key)
            if rule is not None and not rule(view, start, end):
                continue
            if entry.type == "TRAIN" and (
                _modifies_a_noun(view, hit.start) or _interning_workers(view, entry.key, hit.start)
            ):
                continue
            confidence = _LOW_CONFIDENCE.get(entry.key, 0.7 if rule else 0.85)
            generic = entry.key in GENERIC_TRIGGERS
            nominal = rule is _migration_topic
            accepted.append(
                TriggerMatch(entry.type, start, end, entry.key, confidence, generic, nominal)
            )
    accepted.extend(
        m for m in _worker_phrases(view) if not _inside_name(view, m.type, m.start, m.end)
    )
    return merge_triggers(view, _longest_first(accepted))


def _verb_before_instrument(
    view: SentenceView, entry_type: str, start: int, end: int
) -> int | None:
    """End of a SIGN phrase cut before the AGREEMENT it runs into, or None."""
    if entry_type != "SIGN":
        return None
    for m in view.mentions:
        if m.label == "AGREEMENT" and start < m.start < end <= m.end:
            cut = len(view.text[: m.start].rstrip())
            return cut if cut > start and view.token_ending(cut) is not None else None
    return None


def _longest_first(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Drop matches overlapping a longer (then earlier) accepted match."""
    kept: list[TriggerMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def merge_triggers(view: SentenceView, matches: Sequence[TriggerMatch]) -> list[TriggerMatch]:
    """Join neighbouring triggers of one type that name one activity (ANNOTATION §9)."""
    merged: list[TriggerMatch] = []
    for m in matches:
        if merged and _supports(view, merged[-1], m):
            # "chủ trì Hội nghị", "tham dự và phát biểu tại Hội nghị": the meeting is the trigger.
            prev = merged[-1]
            merged[-1] = TriggerMatch(
                m.type, m.start, m.end, f"{prev.rule}+{m.rule}", m.confidence, m.generic
            )
        elif merged and merged[-1].type == m.type and _one_activity(view, merged[-1], m):
            prev = merged[-1]
            rule = f"{prev.rule}+{m.rule}"
            confidence = max(prev.confidence, m.confidence)
            merged[-1] = TriggerMatch(
                m.type,
                prev.start,
                m.end,
                rule,
                confidence,
                prev.generic and m.generic,
                prev.nominal and m.nominal,
            )
        else:
            merged.append(m)
    return merged


#: Verbs of taking part in a meeting: the meeting noun after them is the trigger.
SUPPORT_VERBS = frozenset({"chủ trì", "đồng chủ trì", "tham dự", "họp"})


def _supports(view: SentenceView, left: TriggerMatch, right: TriggerMatch) -> bool:
    if left.rule not in SUPPORT_VERBS or right.type != "MEET" or right.rule in SUPPORT_VERBS:
        return False
    between = [t for t in view.tokens if t.start >= left.end and t.end <= right.start]
    return len(between) <= 4


def _one_activity(view: SentenceView, left: TriggerMatch, right: TriggerMatch) -> bool:
    if left.rule == "quan hệ":
        # "quan hệ Việt Nam – Nhật Bản, hợp tác giữa A và B": the names after "quan hệ" are
        # its own pair, so the next trigger names another relation.
        return False
    between = [t for t in view.tokens if t.start >= left.end and t.end <= right.start]
    if len(between) > 4:
        return False
    for t in between:
        inside_place = any(
            m.label == "GPE" and m.start <= t.start and t.end <= m.end for m in view.mentions
        )
        if not inside_place and fold_phrase(t.text) not in _MERGE_GAP:
            return False
    return True
