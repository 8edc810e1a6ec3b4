"""ORG names the lexicon does not list: organization-head grammar, acronyms, source tags (§1, §9).

A Vietnamese organization name is a head noun ("Bộ", "Cục", "Trung tâm", "Tổ chức"…) followed by
its name: a capitalised first word and the name's lowercase words ("Cục Quản lý lao động ngoài
nước"), or lowercase descriptors ending in a proper noun ("Trung tâm chỉnh hình Kiến An"). The
grammar works on syllables (underthesea segments names inconsistently) and uses the words' POS
tags only to stop at verbs, prepositions and other phrase boundaries.

The same module also marks sub-national places written with their unit word ("xã Đạo Trù",
"tỉnh Jeonbuk"), which the place lexicon lists without it, and holds the small helpers the
people and statistical NER components share (known mentions per sentence, syllable views).

Values: a name the lexicon lists keeps its canonical key (the gazetteer found it); a grammar name
is valued as written, whitespace collapsed. A parenthesised acronym gets the value of the name it
follows; when only the acronym is listed, the grammar name takes the acronym's canonical key;
when neither is listed both are valued as the name is written (§1: "same value").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Mention, Token
from .base import ContextSentenceExtractor, sentences_with_context
from .gazetteer import CANONICAL_ORG_KEYS
from .lexicon import (
    SyllableMatcher,
    fold_syllable,
    keyed_syllables,
    read_tsv,
    split_names,
    syllables,
)

SOURCE = "grammar:organizations"
SOURCE_ACRONYM = "grammar:acronym"
SOURCE_PLACE = "grammar:places"
SOURCE_GOVERNMENT = "grammar:government"

# ---------------------------------------------------------------------------------------------
# Shared helpers (also used by people.py and statistical_ner.py)
# ---------------------------------------------------------------------------------------------

_VI_MARKS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_VI_PLAIN = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|oai|oay|uoi|uou|ieu|yeu|uy|oa|oe|ua|uo|ie|ye|ia|ai|ao|au|ay|eo|eu|oi|ui|iu|"
    r"[aeiouy])"
    r"(ch|ng|nh|[cmnpt])?$"
)


def is_capitalized(word: str) -> bool:
    """True when the first letter of `word` is upper case."""
    first = next((c for c in word if c.isalpha()), "")
    return bool(first) and first.isupper()


def is_acronym_word(word: str) -> bool:
    """True for a run of at least two capitals, digits allowed (ILO, LĐXH, ACCSM, G20)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and word[0].isalpha()


def looks_vietnamese(syllable: str) -> bool:
    """True when a syllable is spelled like a Vietnamese syllable (tells foreign names apart)."""
    lower = unicodedata.normalize("NFC", syllable).lower()
    if any(c in _VI_MARKS for c in lower):
        return True
    return bool(_VI_PLAIN.match(lower))


def _split(text: str) -> list[str]:
    return text.split()


def word_set(text: str) -> frozenset[str]:
    """Folded syllables of a space-separated word list (stop lists and the like)."""
    return frozenset(fold_syllable(w) for w in _split(text))


def phrase_set(text: str) -> frozenset[str]:
    """Folded phrases of a space-separated list where "_" joins the syllables of one word."""
    return frozenset(" ".join(fold_syllable(p) for p in w.split("_")) for w in _split(text))


def collapse(text: str) -> str:
    """Whitespace-collapsed copy of `text` (the value of a name written as is)."""
    return " ".join(text.split())


# Not frozen: a view is built for every sentence, and a frozen dataclass's __init__ costs about
# four times as much. Views are shared read-only between components; nothing assigns to them.
@dataclass(slots=True)
class Syllable:
    """A syllable or punctuation mark with the POS tag and boundaries of its underthesea word."""

    start: int
    end: int
    text: str
    pos: str
    word_start: bool
    word_end: bool
    key: str  # case- and tone-placement-folded form of `text`
    word: str = ""  # folded text of the whole underthesea word

    @property
    def is_word(self) -> bool:
        """True for letters/digits, False for punctuation."""
        return self.text[0].isalnum()

    @property
    def cap(self) -> bool:
        """True for a word whose first character is an upper-case letter."""
        return self.text[0].isalpha() and self.text[0].isupper()

    @property
    def lower(self) -> bool:
        """True for a word starting with a lower-case letter."""
        return self.text[0].isalpha() and self.text[0].islower()


class SyllableView(tuple[Syllable, ...]):
    """The syllables of one sentence, with lookups by offset that several grammars share."""

    @cached_property
    def starts(self) -> list[int]:
        """Start offsets of the syllables, in order."""
        return [s.start for s in self]

    @cached_property
    def index_starting(self) -> dict[int, int]:
        """Syllable index by start offset."""
        return {s.start: i for i, s in enumerate(self)}

    @cached_property
    def index_after_end(self) -> dict[int, int]:
        """One past the syllable index, by end offset."""
        return {s.end: i + 1 for i, s in enumerate(self)}


def syllable_view(text: str, tokens: Sequence[Token]) -> SyllableView:
    """Syllables of `text` annotated with the POS and word boundaries of `tokens`."""
    # The place, organization and person grammars all view every sentence: build the view
    # once per (text, tokens) and share it between them (it is immutable).
    return _syllable_view(text, tuple(tokens))


@lru_cache(maxsize=1024)
def _syllable_view(text: str, tokens: tuple[Token, ...]) -> SyllableView:
    # The gazetteer has already split and folded this sentence: reuse its cached keys.
    spans, keys = keyed_syllables(text)
    # Every syllable of a word carries the word's folded text: fold each word once.
    words = [" ".join(name_key(token.text)) for token in tokens]
    result: list[Syllable] = []
    t = 0
    for i, (s, e) in enumerate(spans):
        while t < len(tokens) and tokens[t].end <= s:
            t += 1
        inside = t < len(tokens) and tokens[t].start <= s and e <= tokens[t].end
        if not inside:
            result.append(Syllable(s, e, text[s:e], "X", True, True, keys[i], keys[i]))
            continue
        token = tokens[t]
        word_start = token.start == s or (i > 0 and spans[i - 1][1] <= token.start)
        word_end = e == token.end or (i + 1 < len(spans) and spans[i + 1][0] >= token.end)
        result.append(Syllable(s, e, text[s:e], token.pos, word_start, word_end, keys[i], words[t]))
    return SyllableView(result)


@dataclass
class MentionIndex:
    """Known mentions of a sentence by the syllable they start at (syllable index ranges)."""

    starts: dict[int, list[tuple[int, Mention]]] = field(default_factory=dict)
    covered: dict[int, list[tuple[int, int, Mention]]] = field(default_factory=dict)

    @classmethod
    def build(cls, view: Sequence[Syllable], mentions: Iterable[Mention]) -> MentionIndex:
        """Map each mention to its first and one-past-last syllable."""
        index = cls()
        starts = view.starts if isinstance(view, SyllableView) else [s.start for s in view]
        for m in mentions:
            first = bisect_left(starts, m.start)  # the first syllable at or after the mention
            if first == len(view) or view[first].start >= m.end:
                continue
            last = first
            while last < len(view) and view[last].end <= m.end:
                last += 1
            if last == first:
                continue
            index.starts.setdefault(first, []).append((last, m))
            for i in range(first, last):
                index.covered.setdefault(i, []).append((first, last, m))
        for items in index.starts.values():
            items.sort(key=lambda x: -x[0])
        return index

    def at(self, i: int, labels: Iterable[str]) -> tuple[int, Mention] | None:
        """The longest mention of one of `labels` starting at syllable `i`."""
        wanted = set(labels)
        return next(((e, m) for e, m in self.starts.get(i, []) if m.label in wanted), None)

    def at_end(self, end: int, labels: Iterable[str]) -> Mention | None:
        """A mention of one of `labels` whose last syllable is `end - 1`."""
        wanted = set(labels)
        for first, items in self.starts.items():
            for last, m in items:
                if last == end and first < end and m.label in wanted:
                    return m
        return None

    def inside(self, i: int, labels: Iterable[str]) -> tuple[int, int, Mention] | None:
        """A mention of one of `labels` covering syllable `i`."""
        wanted = set(labels)
        return next((c for c in self.covered.get(i, []) if c[2].label in wanted), None)


# ---------------------------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeadInfo:
    """An organization head noun from org_heads.tsv and how its name continues."""

    head: str
    type: str
    tag: str  # lower_ok | cap_next | place_next | country_next | pair_next
    lower_next: bool  # an example in the note has a lowercase word right after the head
    excludes: frozenset[tuple[str, ...]]  # folded words that make the head a different word


_HEAD_TAGS = ("lower_ok", "cap_next", "place_next", "country_next", "pair_next")
_QUOTED = re.compile(r"'([^']+)'")


def parse_head(head: str, type_: str, note: str) -> HeadInfo:
    """Read the continuation tag, lowercase examples and exclusions from a head's note."""
    tag = note.split(":", 1)[0].strip()
    tag = tag if tag in _HEAD_TAGS else "lower_ok"
    head_key = name_key(head)
    size = len(head.split())
    lower_next = False
    positive = re.split(r"(?i)exclud|\bnot\b", note)[0]
    for example in _QUOTED.findall(positive) if tag == "lower_ok" else ():
        words = example.split()
        if name_key(example)[: len(head_key)] == head_key and len(words) > size:
            nxt = words[size]
            lower_next = lower_next or (nxt[:1].islower() and nxt not in ("và", "về"))
    excludes: set[tuple[str, ...]] = set()
    for part in re.split(r"(?i)exclud\w*", note)[1:]:
        for example in _QUOTED.findall(part.split(";")[0]):
            key = name_key(example)
            if key[: len(head_key)] == head_key and len(key) > len(head_key):
                excludes.add(key)
    return HeadInfo(head, type_, tag, lower_next, frozenset(excludes))


def load_org_heads(path: Path) -> dict[str, HeadInfo]:
    """Organization heads (`head type note`) by folded head; missing file → empty."""
    if not path.exists():
        return {}
    heads: dict[str, HeadInfo] = {}
    for row in read_tsv(path, ["head"]):
        info = parse_head(row["head"], row.get("type", ""), row.get("note", ""))
        heads[" ".join(name_key(row["head"]))] = info
    return heads


def load_titles(path: Path) -> dict[str, str]:
    """Person titles (`title kind`) → kind; missing file → empty."""
    if not path.exists():
        return {}
    return {r["title"]: r.get("kind", "") for r in read_tsv(path, ["title"])}


def load_surnames(path: Path) -> frozenset[str]:
    """Folded surnames (`surname note`); missing file → empty."""
    if not path.exists():
        return frozenset()
    return frozenset(fold_syllable(r["surname"]) for r in read_tsv(path, ["surname"]))


@dataclass(frozen=True, slots=True)
class KnownOrg:
    """A lexicon organization: canonical value, type and country (ISO3 or empty)."""

    value: str
    type: str
    country: str


def load_organizations(path: Path) -> dict[tuple[str, ...], KnownOrg]:
    """Lexicon organization names (folded syllables) → entry; missing file → empty."""
    if not path.exists():
        return {}
    table: dict[tuple[str, ...], KnownOrg] = {}
    for row in read_tsv(path, ["value", "names"]):
        entry = KnownOrg(row["value"], row.get("type", ""), row.get("country", ""))
        for name in split_names(row["names"]):
            table.setdefault(name_key(name), entry)
    return table


@lru_cache(maxsize=65536)  # every syllable of a sentence asks for the key of its whole word
def name_key(name: str) -> tuple[str, ...]:
    """Folded syllables of a name, the key of `load_organizations`."""
    return tuple(fold_syllable(name[s:e]) for s, e in syllables(name))


# Representations of another body: never an ORG of their own (§1 "Văn phòng ILO tại Việt Nam").
REPRESENTATION_HEADS = frozenset(
    {"phái đoàn", "văn phòng đại diện", "cơ quan đại diện", "trụ sở", "đại diện"}
)
# Offices: before a listed body or an acronym, only that body is an ORG ("Văn phòng ILO").
OFFICE_HEADS = frozenset({"văn phòng"})
# Governing organs and organs of a body: "Hội đồng Quản trị ILO", "Đảng ủy Chính phủ",
# "Thanh tra Bộ Nội vụ" are one ORG (§9). Other heads before a listed body ("Văn phòng ILO")
# are that body's office or a generic word: only the listed body is marked.
ORGAN_HEADS = frozenset(
    {
        "hội đồng", "ban", "ủy ban", "uỷ ban", "tiểu ban", "phân ban", "ban chỉ đạo",
        "ban thư ký", "ban chấp hành", "ban cán sự đảng", "đảng ủy", "đảng uỷ", "đảng đoàn",
        "thanh tra", "cổng thông tin điện tử", "báo điện tử",
    }
)  # fmt: skip
# Heads whose names are events or delegations more often than bodies: only listed names count.
EVENT_HEADS = frozenset({"diễn đàn"})
DELEGATION_HEADS = frozenset({"đoàn"})
# organizations.tsv types of state bodies, which keep a trailing country in their name.
_STATE_TYPES = frozenset(
    {"vn_ministry", "vn_central", "vn_department", "vn_local", "foreign_gov", "court", "party"}
)
_MINISTER_TITLES = frozenset({"bộ trưởng", "thứ trưởng", "phó bộ trưởng", "quyền bộ trưởng"})
# Head types whose name may be a person's name: "Trường THPT Chu Văn An", "Bệnh viện Nguyễn
# Tri Phương", "Trường Đại học Tôn Đức Thắng", "Công ty Hoàng Long". The head wins over the
# person-name rule, but only for the name right after the head: a name after a complete ORG is
# its head's officer.
PERSON_NAMED_TYPES = frozenset({"hospital", "university", "school", "company"})
# Facilities named with ordinary words that may also be listed names ("Bệnh viện Nhân dân 115",
# "Trường Tiểu học Kim Đồng"): after their head, a listed name is part of theirs.
FACILITY_TYPES = PERSON_NAMED_TYPES | frozenset({"military", "museum"})
# Heads whose lowercase continuation is never a name, even one ending in a place: delegations,
# meetings, governments and representations ("Đoàn công tác tỉnh X", "Hội nghị …").
_NO_DESCRIPTOR_HEADS = (
    DELEGATION_HEADS
    | EVENT_HEADS
    | REPRESENTATION_HEADS
    | OFFICE_HEADS
    # "Bộ phim …", "Hội chợ …", "Vụ cháy …", "Hãng xe …": classifier and event readings.
    | frozenset({"chính phủ", "quốc hội", "đảng", "cộng đồng", "chương trình", "báo", "đài"})
    | frozenset({"bộ", "hội", "vụ", "hãng", "tập đoàn", "nhóm", "mạng lưới", "khoa"})
)
# Heads of provincial departments and offices named after a ministry's field.
_FIELD_HEADS = frozenset({"Sở", "Phòng", "Chi cục", "Cục", "Vụ", "Ban"})
# Lowercase words that may follow an acronym inside a name: the unit word of its place
# ("Sở GD-ĐT tỉnh Nghệ An"); any other lowercase word ends it ("Bộ LĐTB-XH | thông tin").
_UNIT_FIRST_SYLLABLES = frozenset({"tỉnh", "thành", "huyện", "quận", "xã", "phường", "thị", "tp"})
_PLURAL_WORDS = frozenset({"các", "những", "hai", "ba", "nhiều", "mọi"})
_OPENING_QUOTES = frozenset("\"“«‘'")
_NOT_NAME_LABELS = ("DATE", "COUNT", "PER", "AGREEMENT")

#: The canonical keys of ANNOTATION §3; any other listed ORG is valued as written.
SECTION3_KEYS = CANONICAL_ORG_KEYS

# Unit words of streets, which may be named by a date ("đường 30 tháng 4", "phố 19/5").
STREET_UNITS = ("đường", "phố", "đại lộ", "ngõ", "hẻm")
VILLAGE_UNITS = ("bản", "Bản")
_DATE_NAME = re.compile(r"\d{1,2}(?:\s+tháng\s+\d{1,2}|\s*[/-]\s*\d{1,2})(?![\d/-])")

# Lowercase words before a news outlet's name (folded syllables).
_MEDIA_WORDS = frozenset({("phóng", "viên"), ("báo",), ("tờ",), ("kênh",), ("tờ", "báo")})
_ANY_NAME = ("ORG", "GPE", "LOC", "PER", "AGREEMENT", "DATE", "COUNT")
_MEDIA_FIRST = frozenset(words[0] for words in _MEDIA_WORDS)
# Company words before a brand name (folded syllables), and the trades between them.
_BRAND_HEADS = frozenset({("hãng",), ("tập", "đoàn"), ("công", "ty"), ("nhà", "mạng")})
_BRAND_FIRST = frozenset(words[0] for words in _BRAND_HEADS)
_BRAND_TRADES = word_set(
    "dược xe ô tô hàng không bay tin công nghệ phần mềm điện tử mỹ phẩm thời trang sản xuất "
    "viễn thông thông tấn chip bán dẫn năng lượng dầu khí thép vận tải đồ uống thực phẩm"
)
# Last words of foreign company names: "Bamboo Airways", "Sun Group", "Kia Motors".
_COMPANY_WORDS = word_set(
    "airways airlines airline group corporation corp inc ltd limited holdings holding motors "
    "motor electronics technologies technology pharma pharmaceuticals energy capital bank "
    "foods studios entertainment airport logistics securities insurance"
)

# Abbreviations of common nouns, units and programmes: never an organization on their own (§1).
GENERIC_ACRONYMS = frozenset(
    _split(
        "NGO NGOS INGO INGOS ODA FDI GDP GNI HTQT LĐ NLĐ BHXH BHYT BHTN GDNN CNH HĐH CNH-HĐH "
        "KT-XH TP TPHCM TW UBND HĐND CP TTG QĐ NĐ NQ TT CT BCĐ USD VND VNĐ EUR JPY KRW COVID "
        "SARS TS PGS THS GS CN KS BS CEO PV CLB CNTT ICT AI AIDS HIV STEM SME SMES MOU FTA FTAS "
        "PPP IT OK TV CPI GRDP PCI PAPI VAT THPT THCS KCN CCN BĐS ATGT ATTP PCCC SXKD "
        # state forms that open a country's name ("CHLB Đức", "CHDCND Lào"): part of a GPE
        "CHLB CHXHCN XHCN CHDCND CHND CHDC CHDCN"
    )
)
# A well-formed Roman numeral (XII, XIV, IV), not any run of its letters ("CDC", "IM", "MD").
_ROMAN = re.compile(r"^(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")

# Lowercase words that end an organization name (verbs, adverbs, prepositions, determiners,
# time nouns); POS tags catch most, these catch underthesea's frequent mistags.
_STOP_WORDS = phrase_set(
    "đã đang sẽ vừa mới được bị là có cũng còn đều không chưa phải cần nên hãy "
    "của với tại ở trong cho từ đến theo do bởi nhằm để vì như trên dưới sau trước "
    "giữa qua cùng hoặc hay nhưng mà thì nếu khi lúc "
    "các những mọi mỗi một hai ba này đó ấy kia nọ nay nói_trên "
    "năm tháng ngày tuần quý sáng chiều tối trưa hôm giai_đoạn khóa nhiệm_kỳ lần "
    "đây thế tổ_chức"
)
_STOP_POS = frozenset({"V", "R", "E", "C", "CC", "P", "L", "M", "T", "X", "I", "Z", "CH", "Nu"})
# Words that may continue a name whatever POS underthesea gave them.
_NAME_WORDS = phrase_set(
    "quốc_tế quốc_gia xã_hội thế_giới nước_ngoài ngoài_nước ngoài nước trung_ương địa_phương "
    "nhân_dân dân_tộc lao_động việc_làm phát_triển hợp_tác nghiên_cứu đào_tạo quản_lý "
    "chăm_sóc bảo_vệ hữu_nghị bình_đẳng giới trẻ_em phụ_nữ người di_cư"
)
# Function words that underthesea sometimes glues to the word before ("Thương binh và").
_GLUE_WORDS = word_set("và về của với tại ở cho")
# Words after which a capitalised word starts something else than the name.
_DASHES = frozenset("-–—")


@dataclass(frozen=True, slots=True)
class OrgLexicons:
    """Everything the organization grammar reads from the lexicon folder."""

    heads: dict[str, HeadInfo]
    titles: dict[str, str]
    surnames: frozenset[str]
    organizations: dict[tuple[str, ...], KnownOrg]
    place_units: tuple[str, ...] = (
        "thành phố",
        "thị xã",
        "thị trấn",
        "tỉnh",
        "huyện",
        "quận",
        "xã",
        "phường",
        "bang",
        "TP",
        "Tp",
        # Streets, hamlets and natural regions: what follows is a place even when it is a
        # person's name ("phố Trần Hưng Đạo", "thôn Nguyễn Huệ") or a date ("đường 2 tháng 9").
        *STREET_UNITS,
        "quảng trường",
        "sân bay",
        "sân vận động",
        "cửa khẩu",
        "thôn",
        # a village in Laos and the northern uplands ("bản Cát Cát", "686 Bản Cân"); also
        # "copy/version" ("Bản ghi nhớ"), so the name after it must be tagged a proper noun
        *VILLAGE_UNITS,
        "ấp",
        "xóm",
        "làng",
        "khu phố",
        "tiểu vùng",
        "tiểu vùng sông",
        "lưu vực sông",
        "sông",
    )

    def head_matcher(self) -> SyllableMatcher[str]:
        """Phrase matcher over head nouns (payload = folded head)."""
        matcher: SyllableMatcher[str] = SyllableMatcher()
        for key, info in self.heads.items():
            matcher.add(info.head, key)
        return matcher

    def title_matcher(self) -> SyllableMatcher[str]:
        """Phrase matcher over person titles (payload = kind)."""
        matcher: SyllableMatcher[str] = SyllableMatcher()
        for title, kind in self.titles.items():
            matcher.add(title, kind)
        return matcher


def load_org_lexicons(
    directory: Path,
    *,
    org_heads: str = "org_heads.tsv",
    person_titles: str = "person_titles.tsv",
    surnames: str = "surnames.tsv",
    organizations: str = "organizations.tsv",
) -> OrgLexicons:
    """Read the lexicons the organization grammar needs (missing optional files → empty)."""
    return OrgLexicons(
        load_org_heads(directory / org_heads),
        load_titles(directory / person_titles),
        load_surnames(directory / surnames),
        load_organizations(directory / organizations),
    )


# ---------------------------------------------------------------------------------------------
# The grammar
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrgCandidate:
    """A grammar organization: syllable range, the head's folded form and its value."""

    first: int
    last: int  # one past the last syllable
    head: str
    value: str | None = None


class OrgGrammar:
    """Pure matching functions of the organization grammar over one sentence."""

    def __init__(self, lexicons: OrgLexicons) -> None:
        self.lex = lexicons
        self.heads = lexicons.head_matcher()
        self.titles = lexicons.title_matcher()
        units = SyllableMatcher[str]()
        for unit in lexicons.place_units:
            units.add(unit, unit)
            units.add(unit[0].upper() + unit[1:], unit)  # "Huyện Thụ-lạ-khôm", "Tỉnh Phú Thọ"
        self.units = units
        # Ministries' fields ("Giao thông vận tải", "Tài nguyên và Môi trường"): the names of
        # provincial departments and offices that mirror a ministry ("Sở Giao thông vận tải").
        self.fields = frozenset(
            key[1:]
            for key, entry in lexicons.organizations.items()
            if entry.type == "vn_ministry" and key[:1] == ("bộ",) and len(key) > 2
        )
        self.field_max = max((len(f) for f in self.fields), default=0)

    # -- lookups ------------------------------------------------------------------------------

    def head_at(self, view: Sequence[Syllable], text: str) -> dict[int, tuple[int, str]]:
        """Organization heads by start syllable → (end syllable, folded head)."""
        return hits_by_syllable(view, self.heads.find(text))

    def title_at(self, view: Sequence[Syllable], text: str) -> dict[int, tuple[int, str]]:
        """Person titles by start syllable → (end syllable, kind)."""
        return hits_by_syllable(view, self.titles.find(text))

    def lexicon_entry(self, name: str) -> KnownOrg | None:
        """The lexicon entry of a name written in any case/dash/tone variant."""
        return self.lex.organizations.get(name_key(name))

    def value(self, surface: str) -> str:
        """§3 key when the name is listed under one, else the name as written (§1)."""
        entry = self.lexicon_entry(surface)
        if entry is not None and entry.value in SECTION3_KEYS:
            return entry.value
        return collapse(surface)

    def info(self, head: str) -> HeadInfo:
        """The lexicon description of a folded head (a plain `lower_ok` head when unlisted)."""
        return self.lex.heads.get(head) or HeadInfo(head, "any", "lower_ok", False, frozenset())

    def starts_person(self, view: Sequence[Syllable], j: int, known: MentionIndex) -> bool:
        """True when a capitalised run starting at `j` reads as a personal name."""
        if j >= len(view) or not view[j].cap or known.at(j, ("GPE", "LOC", "ORG")):
            return False
        if is_acronym_word(view[j].text):
            return False
        run = _cap_run(view, j)
        if len(run) < 2:
            return False
        if view[j].key in self.lex.surnames:
            return not any(known.inside(k, ("GPE", "LOC", "ORG")) for k in run[1:2])
        if is_acronym_word(view[run[1]].text) or known.inside(run[1], ("GPE", "LOC", "ORG")):
            return False  # "Pasteur TP.HCM": a name and a place, not a person
        return all(not looks_vietnamese(view[k].text) for k in run[:2])

    # -- organizations ------------------------------------------------------------------------

    def find(
        self,
        text: str,
        tokens: Sequence[Token],
        known: Sequence[Mention],
        *,
        view: SyllableView | None = None,
    ) -> list[OrgCandidate]:
        """Grammar organizations of one sentence (syllable ranges), given the known mentions.

        `view` is the sentence's `syllable_view` when the caller already holds it.
        """
        view = view if view is not None else syllable_view(text, tokens)
        index = MentionIndex.build(view, known)
        heads = self.head_at(view, text)
        titles = self.title_at(view, text)
        found: list[OrgCandidate] = []
        i = 0
        while i < len(view):
            hit = heads.get(i)
            cand = self._candidate(view, i, hit, heads, titles, index) if hit else None
            if cand is not None:
                found.append(cand)
                i = cand.last
                continue
            i += 1
        taken = {k for c in found for k in range(c.first, c.last)}
        for k, items in sorted(index.starts.items()):
            listed = next(((e, m) for e, m in items if m.label == "ORG"), None)
            if listed and k not in taken and not any(k < e <= listed[0] for e in taken):
                # "Bộ trưởng Lao động - Thương binh và Xã hội Việt Nam": a listed state body
                # with its country, even where no head starts it.
                cand = self._extend_known(view, k, listed, index)
                if cand is not None:
                    found.append(cand)
        found.extend(self._government_lowercase(view, index, found))
        found.extend(self._ministry_after_title(view, titles, index, found))
        found.extend(self._lowercase_ministry(view, index, found))
        found.extend(self._media_after_reporter(view, index, found))
        found.extend(self._acronym_with_place(view, index, found))
        found.extend(self._latin_brands(view, index, found))
        found.extend(self._campuses(text, view, index, found))
        return found

    def _lowercase_ministry(
        self, view: Sequence[Syllable], known: MentionIndex, found: Sequence[OrgCandidate]
    ) -> list[OrgCandidate]:
        """A listed ministry written with a lowercase "bộ" in running text: "của bộ Nội vụ"
        (the word "bộ" alone; "cán bộ", "toàn bộ" are other words)."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i in range(len(view) - 1):
            s = view[i]
            if s.text != "bộ" or not (s.word_start and s.word_end) or i in taken:
                continue
            if not view[i + 1].cap or known.inside(i + 1, ("ORG", "GPE", "LOC", "PER")):
                continue
            for end in range(min(len(view), i + 8), i + 1, -1):
                entry = self.lexicon_entry("Bộ " + _text(view, i + 1, end))
                if entry is not None and entry.type == "vn_ministry":
                    value = entry.value if entry.value in SECTION3_KEYS else None
                    result.append(OrgCandidate(i, end, "bộ", value))
                    break
        return result

    def _media_after_reporter(
        self, view: Sequence[Syllable], known: MentionIndex, found: Sequence[OrgCandidate]
    ) -> list[OrgCandidate]:
        """An acronym or Latin name after "phóng viên", "báo", "tờ", "kênh" names the outlet:
        "theo ghi nhận của phóng viên PLO", "báo VnExpress đưa tin"."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i, s in enumerate(view[:-1]):
            if not s.lower or s.key not in _MEDIA_FIRST:
                continue
            size = next(
                (n for n in (2, 1) if tuple(v.key for v in view[i : i + n]) in _MEDIA_WORDS), 0
            )
            j = i + size
            if not size or j >= len(view) or j in taken or known.inside(j, _ANY_NAME):
                continue
            name = view[j]
            if is_org_acronym(name.text):
                nxt = view[j + 1] if j + 1 < len(view) else None
                if nxt is None or not nxt.cap:
                    result.append(OrgCandidate(j, j + 1, ""))  # "phóng viên PLO"
            elif name.cap and name.text.isascii():
                k = j
                while k < len(view) and k - j < 4 and view[k].cap and view[k].text.isascii():
                    if not view[k].text.isalpha():
                        break
                    k += 1
                words = [v.text for v in view[j:k]]
                foreign = any(not looks_vietnamese(w) for w in words)
                if foreign and not any(known.inside(x, _ANY_NAME) for x in range(j, k)):
                    result.append(OrgCandidate(j, k, ""))  # "báo The Guardian"
        return result

    def _acronym_with_place(
        self, view: Sequence[Syllable], known: MentionIndex, found: Sequence[OrgCandidate]
    ) -> list[OrgCandidate]:
        """An organization acronym directly followed by a sub-national place is the local body
        ("CDC Hà Nội", "PC Đà Nẵng"); with a country it stays ORG + GPE (§9 "IMF Việt Nam")."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i in range(len(view) - 1):
            s = view[i]
            # Cheap tests first: a place must start right after, the word must be capitals.
            if i in taken or i + 1 not in known.starts or not s.text[1:2].isupper():
                continue
            if not is_org_acronym(s.text):
                continue
            if s.text in self.lex.heads or " ".join(name_key(s.text)) in self.lex.heads:
                continue  # "UBND", "HĐND": heads with their own place rule
            listed = known.at(i, ("ORG",))
            if listed and (listed[0] != i + 1 or listed[1].value in SECTION3_KEYS):
                continue
            if known.inside(i, ("GPE", "LOC", "PER", "AGREEMENT")):
                continue
            place = known.at(i + 1, ("LOC",))
            if place and not any(k in taken for k in range(i + 1, place[0])):
                result.append(OrgCandidate(i, place[0], ""))
        return result

    def _latin_brands(
        self, view: Sequence[Syllable], known: MentionIndex, found: Sequence[OrgCandidate]
    ) -> list[OrgCandidate]:
        """Latin-script names after a company word and its lowercase trade: "hãng Apple",
        "tập đoàn Meta", "Hãng dược Pfizer và BioNTech" (the head is generic; each brand alone
        is an ORG); and Latin names ending in a company word ("Bamboo Airways")."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i, s in enumerate(view):
            if s.key not in _BRAND_FIRST or i in taken or not s.word_start:
                continue
            size = next(
                (n for n in (2, 1) if tuple(v.key for v in view[i : i + n]) in _BRAND_HEADS), 0
            )
            if not size:
                continue
            j = i + size
            while j < len(view) and j - i - size < 3 and view[j].key in _BRAND_TRADES:
                j += 1  # "hãng dược", "hãng hàng không", "công ty công nghệ"
            while j < len(view):
                k = _latin_run(view, j, taken)
                if k == j or known.inside(j, ("ORG", "GPE", "LOC", "PER", "AGREEMENT")):
                    break
                result.append(OrgCandidate(j, k, ""))
                if not (k + 1 < len(view) and view[k].key in ("và", ",")):
                    break
                j = k + 1  # "Pfizer và BioNTech"
        if not any(v.key in _COMPANY_WORDS for v in view):
            return result  # no company word: no "Bamboo Airways"
        for i, s in enumerate(view):
            if i in taken or not s.cap or (i > 0 and view[i - 1].cap) or known.inside(i, _ANY_NAME):
                continue
            k = i
            while k < len(view) and k - i < 4 and view[k].cap and k not in taken:
                k += 1
                if view[k - 1].key in _COMPANY_WORDS and k - i >= 2:
                    result.append(OrgCandidate(i, k, ""))  # "Kia Motors", "Sun Group"
                    break
        return result

    def _campuses(
        self,
        text: str,
        view: Sequence[Syllable],
        known: MentionIndex,
        found: Sequence[OrgCandidate],
    ) -> list[OrgCandidate]:
        """A named body completed by its campus or branch number: "… Hà Nội cơ sở 2"."""
        result: list[OrgCandidate] = []
        ends = [(c.first, c.last) for c in found]
        ends += [(k, e) for k, items in known.starts.items() for e, m in items if m.label == "ORG"]
        for first, last in ends:
            if last + 2 < len(view) and (view[last].key, view[last + 1].key) == ("cơ", "sở"):
                number = view[last + 2]
                if number.text.isdigit() and len(number.text) <= 2:
                    result.append(OrgCandidate(first, last + 3, ""))
        return result

    def _candidate(
        self,
        view: Sequence[Syllable],
        i: int,
        hit: tuple[int, str],
        heads: dict[int, tuple[int, str]],
        titles: dict[int, tuple[int, str]],
        known: MentionIndex,
    ) -> OrgCandidate | None:
        head_end, head = hit
        info = self.info(head)
        if not _head_is_word(view, i, head_end) or self._excluded(view, i, info):
            return None
        title = titles.get(i)
        if title and title[0] > head_end:
            return None  # "Bộ trưởng", "Vụ trưởng": a title, not a head
        if head_end < len(view) and view[head_end].key in ("trưởng", "phó"):
            return None
        covering = known.inside(i, ("ORG", "GPE", "LOC", "PER", "AGREEMENT"))
        if covering and (covering[0] < i or covering[2].label != "ORG"):
            # Inside a listed name, a place ("Đài Loan") or an instrument, unless it opens a
            # quoted title the instrument is about ("dự án xây dựng "Trung tâm Bảo trợ …"").
            quoted = i > 0 and view[i - 1].text in _OPENING_QUOTES
            if not (quoted and covering[2].label == "AGREEMENT"):
                return None
        nxt = view[head_end] if head_end < len(view) else None
        if (
            (head in REPRESENTATION_HEADS or head in OFFICE_HEADS)
            and nxt is not None
            and is_org_acronym(nxt.text)
            and not known.at(head_end, ("ORG",))
            and (head_end + 1 >= len(view) or not view[head_end + 1].cap)
        ):
            return OrgCandidate(head_end, head_end + 1, head)  # "Văn phòng HRD": HRD alone
        if head in REPRESENTATION_HEADS or head in EVENT_HEADS:
            return None
        listed = known.at(i, ("ORG",))
        if listed:
            return self._extend_known(view, i, listed, known)
        j = head_end
        if j >= len(view):
            return None
        inner = known.at(j, ("ORG",))
        if inner and info.type in FACILITY_TYPES and not is_acronym_word(view[j].text):
            inner = None  # "Bệnh viện Nhân dân 115": "Nhân dân" is the hospital's name here
        if inner:
            if head in ORGAN_HEADS:  # "Hội đồng Quản trị ILO", "Đảng ủy Chính phủ"
                return OrgCandidate(i, self._trailing_place(view, inner[0], known), head)
            return None  # "Văn phòng ILO", "Tổ chức ILO": the listed body alone
        # "Đảng ủy Đại sứ quán Việt Nam", "Bệnh viện Đại học Y Dược TP.HCM": an organ, or a
        # hospital of the body whose name follows, is one ORG with it.
        if (head in ORGAN_HEADS or info.type == "hospital") and j in heads:
            nested = self._candidate(view, j, heads[j], heads, titles, known)
            if nested is not None:
                return OrgCandidate(i, nested.last, head)
        if info.tag in ("country_next", "pair_next", "place_next"):
            return self._place_named(view, i, j, head, info, known)
        if head in DELEGATION_HEADS and known.at(j, ("GPE",)):
            return None  # "Đoàn Việt Nam" is a delegation
        end = self._name(view, j, heads, titles, known, info)
        if end is None:
            return None
        if info.type == "un_agency" and not known.at_end(end, ("ORG",)):
            return None  # "Chương trình …" is an ORG only as a UN programme
        return OrgCandidate(i, end, head)

    def _excluded(self, view: Sequence[Syllable], i: int, info: HeadInfo) -> bool:
        for phrase in info.excludes:
            keys = tuple(s.key for s in view[i : i + len(phrase)])
            if keys == phrase:
                return True
        return False

    def _place_named(
        self,
        view: Sequence[Syllable],
        i: int,
        j: int,
        head: str,
        info: HeadInfo,
        known: MentionIndex,
    ) -> OrgCandidate | None:
        """Heads named by a place: "Chính phủ Hàn Quốc", "UBND tỉnh Phú Thọ", "Ủy ban liên
        Chính phủ Việt Nam - Cuba", "Đại sứ quán Việt Nam" (its host, "tại Hàn Quốc", is where
        it is, as for an office: §1 "Văn phòng ILO tại Việt Nam")."""
        k = j + 1 if j < len(view) and view[j].key == "nước" else j
        labels = ("GPE", "LOC") if info.tag == "place_next" else ("GPE",)
        place = known.at(k, labels)
        if place is None:
            return None
        end = self._pair(view, place[0], known)
        if info.tag == "pair_next" and end == place[0]:
            return None
        return OrgCandidate(i, end, head)

    def _extend_known(
        self, view: Sequence[Syllable], i: int, hit: tuple[int, Mention], known: MentionIndex
    ) -> OrgCandidate | None:
        """A listed state body followed by a country is one ORG (§1 "Bộ Lao động Hoa Kỳ");
        so is a listed body with its term ("Ban Chấp hành Trung ương Đảng khóa XII")."""
        end, mention = hit
        if end + 1 < len(view) and view[end].key == "khóa" and _ROMAN.match(view[end + 1].text):
            return OrgCandidate(i, end + 2, "")
        entry = self.lexicon_entry(_text(view, i, end))
        country = entry.country if entry else ""
        j = end + 1 if end < len(view) and view[end].key == "nước" else end
        place = known.at(j, ("GPE",))
        if not place or not country or entry is None or entry.type not in _STATE_TYPES:
            return None  # international bodies: "Unicef Việt Nam" is ORG + GPE (§9)
        last = self._pair(view, place[0], known)
        same = place[1].value == country and mention.value in SECTION3_KEYS
        return OrgCandidate(i, last, "", str(mention.value) if same else None)

    def _pair(self, view: Sequence[Syllable], end: int, known: MentionIndex) -> int:
        """Extend a country over a dashed partner ("Việt - Đức", "Việt Nam - Lào")."""
        if end + 1 < len(view) and view[end].text in _DASHES:
            partner = known.at(end + 1, ("GPE",))
            if partner:
                return partner[0]
            # A one-syllable partner the gazetteer held back as ambiguous ("Việt - Đức").
            nxt = view[end + 1]
            after = view[end + 2] if end + 2 < len(view) else None
            if (
                nxt.cap
                and nxt.word_end
                and not (after and after.cap)
                and not known.at(end + 1, ("ORG", "PER", "LOC"))
            ):
                return end + 2
        return end

    def _trailing_place(self, view: Sequence[Syllable], end: int, known: MentionIndex) -> int:
        place = known.at(end, ("GPE", "LOC"))
        return self._pair(view, place[0], known) if place else end

    def _name(
        self,
        view: Sequence[Syllable],
        j: int,
        heads: dict[int, tuple[int, str]],
        titles: dict[int, tuple[int, str]],
        known: MentionIndex,
        info: HeadInfo,
    ) -> int | None:
        """One past the last syllable of the name that starts at `j`, or None when there is none."""
        n = len(view)
        first = view[j]

        def starts_org(k: int) -> bool:
            hit = heads.get(k)
            return (
                hit is not None and self._candidate(view, k, hit, heads, titles, known) is not None
            )

        organ = " ".join(name_key(info.head)) in ORGAN_HEADS
        if first.key == "về" and j + 1 < n and view[j + 1].cap and not known.at(j + 1, ("GPE",)):
            start, end, k, name_start = j, j, j + 1, j + 1  # "Ban Chỉ đạo về Nhân quyền"
        elif first.cap or is_acronym_word(first.text) or (first.text.isdigit() and j > 0):
            person_named = info.type in PERSON_NAMED_TYPES
            if (self.starts_person(view, j, known) and not person_named) or starts_org(j):
                return None
            if j in titles and not organ:
                return None  # "Ban Bí thư" is a body, "Cục Giám đốc …" is not
            if _ROMAN.match(first.text):
                return None
            if known.at(j, _NOT_NAME_LABELS) and not (
                first.text.isdigit() and _name_number(view, j) and not known.at(j, ("DATE",))
            ):
                return None  # "Bệnh viện 108", "Sư đoàn 325" despite a count read there
            start = end = k = name_start = j
            if info.head in _FIELD_HEADS:
                k = end = self._field_end(view, j)
        elif first.lower and (info.lower_next or info.head.lower() not in _NO_DESCRIPTOR_HEADS):
            person_ok = info.type in PERSON_NAMED_TYPES and info.lower_next
            proper = self._descriptor(view, j, heads, known, person_ok=person_ok)
            if proper is None:
                return None
            if not info.lower_next and not known.at(proper, ("LOC",)):
                # Other heads take lowercase descriptors only when a place ends them: "Bệnh
                # viện đa khoa tỉnh Thanh Hóa", "Ban chỉ đạo phòng chống thiên tai tỉnh X".
                return None
            start, end, k = j, proper, proper
            name_start = proper
        else:
            return None
        # A name that is a proper noun after descriptors or a facility head ends with it: an
        # adjective after the proper noun describes the body ("… Gia Định | quá tải").
        proper_ends = first.lower or info.type in FACILITY_TYPES
        while k < n and k - start < 16:
            s = view[k]
            other = known.at(k, ("GPE", "LOC", "ORG"))
            if other and not view[other[0] - 1].word_end and other[1].label != "ORG":
                other = None  # "Pháp ngữ", "Pháp luật": not the country
            if other and other[1].label == "ORG" and k == start and info.type in FACILITY_TYPES:
                end = k = other[0]  # a listed word as the facility's name: "Nhân dân | 115"
                continue
            if other:
                o_end, mention = other
                if mention.label == "ORG":
                    if k in heads and k > start:
                        break  # "Vụ Hợp tác quốc tế Bộ Nội vụ": department and ministry
                    end = self._trailing_place(view, o_end, known)
                else:
                    end = self._pair(view, o_end, known)
                break
            if s.text.isdigit() and _name_number(view, k):
                if known.at(k, ("DATE",)):
                    break
                end = k = k + 1  # "Bệnh viện Nhân dân 115", "Trường Mầm non Hoa Sen 2"
                continue
            if known.at(k, _NOT_NAME_LABELS):
                break
            if (
                s.lower
                and k > start
                and is_acronym_word(view[k - 1].text)
                and s.key not in _UNIT_FIRST_SYLLABLES
            ):
                break
            if proper_ends and s.lower and s.pos == "A" and k > start and view[k - 1].pos == "Np":
                break
            if not s.is_word:
                if s.text in _DASHES | {"&"} and k + 1 < n and view[k + 1].cap:
                    if self.starts_person(view, k + 1, known) or known.at(k + 1, ("GPE",)):
                        break
                    k += 1
                    continue
                break
            if s.cap or is_acronym_word(s.text):
                person_here = self.starts_person(view, k, known)
                if person_here and k == name_start and info.type in PERSON_NAMED_TYPES:
                    end = k = _cap_run(view, k)[-1] + 1  # the person's whole name
                    if k < n and view[k].lower and view[k].key not in _UNIT_FIRST_SYLLABLES:
                        break  # "Công ty Trần Gia | phân phối": the name ends with the person's
                    continue
                if k > start and (person_here or starts_org(k) or k in titles):
                    break
                end = k = k + 1
                continue
            if not s.word_start and end == k and s.key not in _GLUE_WORDS:
                end = k = k + 1  # the rest of a word already in the name ("Hỗ trợ")
                continue
            if s.key in ("và", "về"):
                nxt = k + 1
                after_acronym = s.key == "về" and is_acronym_word(view[k - 1].text)
                if (
                    not after_acronym
                    and nxt < n
                    and view[nxt].cap
                    and not starts_org(nxt)
                    and nxt not in titles
                    and not self.starts_person(view, nxt, known)
                    and not known.at(nxt, ("GPE", "ORG", "PER"))
                ):
                    k += 1
                    continue
                break
            if s.key == "khóa" and k + 1 < n and _ROMAN.match(view[k + 1].text):
                end = k + 2
                break
            if _stops(s):
                break
            end = k = k + 1
        return end if end > start else None

    def _field_end(self, view: Sequence[Syllable], j: int) -> int:
        """One past a ministry's field written from `j` ("Giao thông vận tải"), else `j`."""
        for n in range(min(self.field_max, len(view) - j), 1, -1):
            if tuple(v.key for v in view[j : j + n]) in self.fields:
                return j + n
        return j

    def _descriptor(
        self,
        view: Sequence[Syllable],
        j: int,
        heads: dict[int, tuple[int, str]],
        known: MentionIndex,
        *,
        person_ok: bool = False,
    ) -> int | None:
        """Lowercase descriptors must lead to a proper noun ("chỉnh hình Kiến An"): its index.
        `person_ok`: the proper noun may be a person's name ("THPT chuyên Lê Hồng Phong")."""
        k = j
        while k < len(view) and k - j < 7:
            s = view[k]
            if known.at(k, ("GPE", "LOC")) or (known.at(k, ("ORG",)) and k not in heads):
                return k if k > j else None
            if s.cap:
                if k in heads or (self.starts_person(view, k, known) and not person_ok):
                    return None
                return k if k > j else None
            after_plural = k > j and view[k - 1].key in ("các", "những")
            stop = s.word_start and s.word in _STOP_WORDS and not after_plural
            joined = s.key == "và" and k > j and k + 1 < len(view) and view[k + 1].lower
            if joined:  # "giáo dục và đào tạo": two fields of one body
                k += 1
                continue
            if not s.is_word or (stop and s.key != "các"):
                return None
            if s.pos in ("R", "E", "C", "P"):
                return None
            if s.key == "các" and k != j:
                return None
            k += 1
        return None

    def _government_lowercase(
        self, view: Sequence[Syllable], known: MentionIndex, found: Sequence[OrgCandidate]
    ) -> list[OrgCandidate]:
        """Lowercase "chính phủ (nước) <country>" names a government (§1 "chính phủ Đức")."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i in range(len(view) - 2):
            if i in taken or view[i].text != "chính" or view[i + 1].key != "phủ":
                continue
            j = i + 3 if view[i + 2].key == "nước" else i + 2
            place = known.at(j, ("GPE",))
            if place:
                result.append(OrgCandidate(i, self._pair(view, place[0], known), "chính phủ"))
        return result

    def _ministry_after_title(
        self,
        view: Sequence[Syllable],
        titles: dict[int, tuple[int, str]],
        known: MentionIndex,
        found: Sequence[OrgCandidate],
    ) -> list[OrgCandidate]:
        """ "Bộ trưởng Nội vụ", "Bộ trưởng Lao động Qatar": a ministry written inside a
        minister's title is ORG (§9) when "Bộ" + name is listed or a country ends it."""
        taken = {k for c in found for k in range(c.first, c.last)}
        result: list[OrgCandidate] = []
        for i, (end, _kind) in titles.items():
            if " ".join(v.key for v in view[i:end]) not in _MINISTER_TITLES:
                continue
            if i > 0 and view[i - 1].key in _PLURAL_WORDS:
                continue  # "các Bộ trưởng Lao động ASEAN": ministers of a bloc
            if i >= 2 and (view[i - 2].key, view[i - 1].key) == ("hội", "nghị"):
                continue  # "Hội nghị Bộ trưởng Lao động ASEAN" is a meeting
            if end >= len(view) or end in taken or known.at(end, ("ORG", "GPE", "LOC", "PER")):
                continue
            s = view[end]
            if not s.cap or s.key == "bộ" or self.starts_person(view, end, known):
                continue
            last = self._name(view, end, {}, titles, known, self.info("bộ"))
            if last is None:
                continue
            listed = self.lexicon_entry("Bộ " + _text(view, end, last))
            if listed is None and not known.at_end(last, ("GPE",)):
                continue
            value = listed.value if listed and listed.value in SECTION3_KEYS else None
            result.append(OrgCandidate(end, last, "bộ", value))
        return result


def _name_number(view: Sequence[Syllable], k: int) -> bool:
    """A number that ends a name ("Bệnh viện 108", "Quân khu 7", "Nhân dân 115"): not a year
    and not followed by a lowercase noun it would count ("Bộ Y tế | 2 đoàn")."""
    s = view[k]
    if len(s.text) > 3:
        return False
    nxt = view[k + 1] if k + 1 < len(view) else None
    if nxt is None or not nxt.is_word or nxt.cap:
        return True
    return nxt.pos in ("V", "E", "C", "CC", "R")


def _latin_run(view: Sequence[Syllable], j: int, taken: set[int]) -> int:
    """One past a run of up to four capitalised foreign-spelled words or acronyms from `j`."""
    k = j
    while k < len(view) and k - j < 4 and view[k].cap and k not in taken:
        if looks_vietnamese(view[k].text) and not is_acronym_word(view[k].text):
            break
        k += 1
    return k


def _stops(s: Syllable) -> bool:
    """True when a lowercase word ends a name: a function word, a verb, a time word…"""
    word = s.word if s.word_start else s.key
    if word in _STOP_WORDS or (s.key in _STOP_WORDS and " " not in word):
        return True
    if word in _NAME_WORDS or s.key in _NAME_WORDS:
        return False
    return s.pos in _STOP_POS


def hits_by_syllable(view: Sequence[Syllable], hits: Iterable) -> dict[int, tuple[int, str]]:
    """Matcher hits that start and end on syllable boundaries: start → (end, first payload)."""
    if not isinstance(view, SyllableView):
        view = SyllableView(view)
    starts, ends = view.index_starting, view.index_after_end
    result: dict[int, tuple[int, str]] = {}
    for hit in hits:
        if hit.start in starts and hit.end in ends:
            result[starts[hit.start]] = (ends[hit.end], hit.payloads[0])
    return result


def _head_is_word(view: Sequence[Syllable], i: int, end: int) -> bool:
    """The head must start a word and not run into a lowercase syllable of the same word
    ("Hội nghị", "Trường hợp", "Bộ trưởng" are single words, not heads)."""
    if not view[i].word_start:
        return False
    last = view[end - 1]
    if last.word_end or end >= len(view):
        return True
    return view[end].cap


def _cap_run(view: Sequence[Syllable], j: int) -> list[int]:
    run: list[int] = []
    k = j
    while k < len(view) and view[k].cap and len(run) < 5:
        run.append(k)
        k += 1
    return run


def _text(view: Sequence[Syllable], first: int, last: int) -> str:
    return " ".join(s.text for s in view[first:last])


# ---------------------------------------------------------------------------------------------
# Acronyms, source tags, places
# ---------------------------------------------------------------------------------------------

_PAREN_ACRONYM = re.compile(
    r"\(\s*([A-ZĐ][\wĐ&+.\-]*(?:\s+[A-Z0-9][\w&+\-]*)?(?:\s+(?=[^\W\d_])\w+){0,3})\s*\)"
)
_SOURCE_TAG = re.compile(r"^\s*\(([A-ZĐ][\w .&\-]{1,24})\)\s*(?:[-–—:]\s*)?\S")
_CREDIT = re.compile(r"\((?:Ảnh|Nguồn|Ảnh minh họa|Ảnh minh hoạ)\s*:\s*([^()]*)\)", re.IGNORECASE)


def is_org_acronym(word: str) -> bool:
    """An all-capitals token that can name an organization (not a generic abbreviation)."""
    core = word.strip()
    if not is_acronym_word(core.replace("-", "").replace("&", "")):
        return False
    letters = sum(c.isalpha() for c in core)
    if letters < 2 or letters > 10:
        return False
    if core.upper() in GENERIC_ACRONYMS or _ROMAN.match(core):
        return False
    return not core.upper().startswith("COVID")


def parenthesised_acronyms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, acronym) of "(ACR)" groups whose first word is an organization acronym."""
    found: list[tuple[int, int, str]] = []
    for m in _PAREN_ACRONYM.finditer(text):
        acronym = m.group(1)
        words = acronym.split()
        if not is_org_acronym(words[0].rstrip(".")):
            continue
        if all(is_capitalized(w) or w[0].isdigit() for w in words[1:]):
            found.append((m.start(1), m.end(1), acronym))
    return found


def source_tag(text: str) -> tuple[int, int] | None:
    """A leading "(LĐXH)" / "(VOV5) -" source tag of a paragraph: its span (§9)."""
    m = _SOURCE_TAG.match(text)
    if not m:
        return None
    inner = m.group(1).strip()
    words = inner.split()
    if len(words) > 3 or not is_capitalized(words[0]):
        return None  # "(Dân trí)", "(VOV5)", "(LĐXH)"
    start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
    return start, start + len(inner)


def credit_acronyms(text: str) -> list[tuple[int, int]]:
    """Agency acronyms in a photo credit "(Ảnh: Nguyễn Thảo/TTXVN)" (§9)."""
    spans: list[tuple[int, int]] = []
    for m in _CREDIT.finditer(text):
        offset = m.start(1)
        for part in re.finditer(r"[^/,;]+", m.group(1)):
            word = part.group().strip()
            if word and is_acronym_word(word.replace("-", "")) and " " not in word:
                s = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
                spans.append((s, s + len(word)))
    return spans


def find_places(
    text: str,
    tokens: Sequence[Token],
    known: Sequence[Mention],
    units: SyllableMatcher[str],
    *,
    view: SyllableView | None = None,
) -> list[Mention]:
    """Places written with their unit word: "xã Đạo Trù", "tỉnh Phú Thọ", "bang Thurigen".

    `view` is the sentence's `syllable_view` when the caller already holds it.
    """
    view = view if view is not None else syllable_view(text, tokens)
    index = MentionIndex.build(view, known)
    found: list[Mention] = []
    for i, (end, unit) in hits_by_syllable(view, units.find(text)).items():
        if not view[i].word_start:
            continue
        j = end
        if j < len(view) and view[j].text == "." and unit.upper() == "TP":
            j += 1
        if j < len(view) and unit.lower() in STREET_UNITS and view[j].text.isdigit():
            named = _DATE_NAME.match(text, view[j].start)
            if named:  # "đường 2 tháng 9": a street named by a date
                start = view[i].start
                found.append(
                    Mention(
                        start, named.end(), "LOC", collapse(text[start : named.end()]), SOURCE_PLACE
                    )
                )
            continue
        if j >= len(view) or not view[j].cap or index.at(j, ("ORG", "PER")):
            continue
        if unit in VILLAGE_UNITS and not _proper_name_at(view, j):
            continue
        if index.inside(i, ("LOC",)):
            continue  # the lexicon already has the unit-word form ("TP. Huế")
        place = index.at(j, ("LOC", "GPE"))
        if place and unit.lower() in STREET_UNITS and _is_region(place[1]):
            continue  # "tuyến đường Hà Nội - Hải Phòng": a road between cities, not a street
        if place and place[1].label == "GPE" and unit.lower() not in ("bang", "thủ đô"):
            continue
        last = place[0] if place else _place_name_end(view, j, index)
        if last == j:
            continue
        start, stop = view[i].start, view[last - 1].end
        found.append(Mention(start, stop, "LOC", collapse(text[start:stop]), SOURCE_PLACE))
        if i > 0 and view[i - 1].key in _PLURAL_WORDS:
            found.extend(_listed_places(text, view, last, index))
    return found


def _proper_name_at(view: Sequence[Syllable], j: int) -> bool:
    """Whether the capitalised word at `j` is tagged a proper noun and ends as a whole word
    ("bản Cát Cát"), not an instrument's name ("Bản Ghi nhớ", "Bản Tuyên bố chung")."""
    k = j
    while k < len(view) and k - j < 3 and view[k].cap and view[k].pos == "Np":
        if view[k].word_end:
            return True
        k += 1
    return False


def _is_region(m: Mention) -> bool:
    """A listed province, city, region or country (what a street is never named after)."""
    return m.label == "GPE" or m.source.split(":")[-1] in ("province", "city", "region")


def _place_name_end(view: Sequence[Syllable], j: int, index: MentionIndex) -> int:
    """One past a place name of up to four capitalised syllables ("Krông Pắc", "Cư M'gar")."""
    last = j
    while last < len(view) and last - j < 4:
        s = view[last]
        if s.cap and not index.at(last, ("GPE", "ORG", "PER", "DATE")):
            last += 1
        elif (
            s.text in ("-", "'", "’")
            and last + 1 < len(view)
            and view[last + 1].is_word
            and view[last - 1].end == s.start == view[last + 1].start - 1
        ):
            last += 2  # "Thụ-lạ-khôm", "Cư M'gar"; a spaced dash separates two places
        else:
            break
    return last


def _listed_places(
    text: str, view: Sequence[Syllable], k: int, index: MentionIndex
) -> list[Mention]:
    """The other items of "các xã A, B và C", where the unit word stands before the first
    only: each item is a place of that unit (written without it)."""
    found: list[Mention] = []
    while k + 1 < len(view):
        if view[k].text == "," and view[k + 1].key == "và":
            k += 1
        if view[k].text != "," and view[k].key != "và":
            break
        j = k + 1
        if j >= len(view) or not view[j].cap or index.at(j, ("ORG", "PER", "DATE", "COUNT")):
            break
        known = index.at(j, ("LOC", "GPE"))
        last = known[0] if known else _place_name_end(view, j, index)
        if last == j or (not known and not view[last - 1].word_end):
            break  # "…, Ủy ban": a capitalised word that goes on in lowercase is no place
        if not known:
            start, stop = view[j].start, view[last - 1].end
            found.append(Mention(start, stop, "LOC", collapse(text[start:stop]), SOURCE_PLACE))
        k = last
    return found


# ---------------------------------------------------------------------------------------------
# The component
# ---------------------------------------------------------------------------------------------


class OrganizationExtractor(ContextSentenceExtractor):
    """ORG grammar, acronym links, source tags and unit-word places for one document."""

    name = "organizations"

    def __init__(self, lexicons: OrgLexicons) -> None:
        self.lexicons = lexicons
        self.grammar = OrgGrammar(lexicons)

    def match(self, doc: Doc) -> list[Mention]:
        """Two passes: names and parenthesised acronyms, then the acronyms' other uses."""
        found: list[Mention] = []
        defined: dict[str, str] = {}
        per_sentence: list[tuple[int, str, list[Token], list[Mention]]] = []
        for sentence, text, tokens, known in sentences_with_context(doc):
            mentions = self.match_sentence(text, tokens, published=doc._.published, known=known)
            for m in mentions:
                if m.source == SOURCE_ACRONYM and isinstance(m.value, str):
                    defined.setdefault(text[m.start : m.end], m.value)
            per_sentence.append((sentence.start, text, tokens, known + mentions))
            found.extend(m.shifted(sentence.start) for m in mentions)
        for offset, text, _tokens, known in per_sentence:
            for m in self.reused_acronyms(text, known, defined):
                found.append(m.shifted(offset))
        return found

    def match_sentence(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        published: date | None,
        known: Sequence[Mention] = (),
    ) -> list[Mention]:
        """Places, grammar ORGs, acronyms in parentheses and source tags of one sentence."""
        # Looking the view up hashes every token: do it once for the three steps that read it.
        view = syllable_view(text, tokens)
        places = find_places(text, tokens, known, self.grammar.units, view=view)
        context = [*known, *places]
        orgs: list[Mention] = []
        for cand in self.grammar.find(text, tokens, context, view=view):
            start, end = view[cand.first].start, view[cand.last - 1].end
            value = cand.value or self.grammar.value(text[start:end])
            orgs.append(Mention(start, end, "ORG", value, SOURCE))
        orgs = _drop_nested(orgs)
        acronyms = self._acronyms(text, [*known, *places], orgs)
        result = [*places, *orgs, *acronyms]
        result.extend(foreign_governments(text, known))
        tag = source_tag(text)
        if tag and not _covered(tag, known):
            result.append(Mention(*tag, "ORG", text[tag[0] : tag[1]], SOURCE_ACRONYM))
        for span in credit_acronyms(text):
            if not _covered(span, known):
                result.append(Mention(*span, "ORG", text[span[0] : span[1]], SOURCE_ACRONYM))
        return result

    def _acronyms(self, text: str, known: Sequence[Mention], orgs: list[Mention]) -> list[Mention]:
        """ "Tổ chức X (ACR)": the acronym is an ORG with the name's value; values are shared."""
        result: list[Mention] = []
        names = [m for m in [*known, *orgs] if m.label == "ORG"]
        for start, end, acronym in parenthesised_acronyms(text):
            if not any(m.label == "ORG" and (m.start, m.end) == (start, end) for m in known):
                end = _acronym_end(start, end, acronym, known)
            listed = next(
                (m for m in known if m.label == "ORG" and m.start == start and m.end == end), None
            )
            before = text[: start - 1].rstrip()
            name = max(
                (m for m in names if m.end == len(before) and m.start < start),
                key=lambda m: m.length,
                default=None,
            )
            if name is None or is_acronym_word(text[name.start : name.end].replace(" ", "")):
                continue  # "ASEAN (ALM-WP)": an acronym does not expand another acronym
            if listed is not None and listed.value in CANONICAL_ORG_KEYS:
                # A §3 acronym: the grammar name takes its canonical key.
                if name in orgs and listed.value != name.value:
                    orgs[orgs.index(name)] = _revalue(name, listed.value)
                continue
            # Otherwise the acronym shares the name's value (§1), even when the lexicon lists it.
            result.append(Mention(start, end, "ORG", name.value, SOURCE_ACRONYM))
        return result

    def reused_acronyms(
        self, text: str, known: Sequence[Mention], defined: dict[str, str]
    ) -> list[Mention]:
        """Later uses of an acronym defined in parentheses earlier in the document."""
        if not defined:
            return []
        result: list[Mention] = []
        for m in re.finditer(r"[\w&+\-]+", text):
            word = m.group()
            if word in defined and not _covered(m.span(), known, replaceable=True):
                result.append(Mention(m.start(), m.end(), "ORG", defined[word], SOURCE_ACRONYM))
        # Acronyms of several words ("IM Japan", "CDC Hà Nội"): found as whole words.
        for name, value in defined.items():
            if " " not in name:
                continue
            for m in re.finditer(rf"(?<![\w&+\-]){re.escape(name)}(?![\w&+\-])", text):
                if not _covered(m.span(), known, replaceable=True) or _covered_by_grammar(
                    m.span(), known
                ):
                    result.append(Mention(m.start(), m.end(), "ORG", value, SOURCE_ACRONYM))
        return result

    def set_annotations(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        """Append the grammar's ORG and LOC mentions; an acronym defined in the text replaces the
        lexicon's reading of the same span (its value is the name it abbreviates)."""
        redefined = {(m.start, m.end) for m in mentions if m.source == SOURCE_ACRONYM}
        governments = {(m.start, m.end) for m in mentions if m.source == SOURCE_GOVERNMENT}
        doc._.mentions[:] = [
            m
            for m in doc._.mentions
            if not (m.label == "ORG" and (m.start, m.end) in redefined and _replaceable(m))
            and not (m.label == "ORG" and (m.start, m.end) in governments)
        ]
        doc._.mentions.extend(mentions)
        doc._.mentions[:] = _without_brand_countries(doc._.text, doc._.mentions)


def _acronym_end(start: int, end: int, acronym: str, known: Sequence[Mention]) -> int:
    """Where a parenthesised acronym ends: over the words after it only when they are a place
    ("(CDC Hà Nội)") or one Latin word of the name ("(IM Japan)"); "(ILO Việt Nam)" is ILO."""
    words = acronym.split()
    if len(words) == 1:
        return end
    rest = start + acronym.index(words[1], len(words[0]))
    if any(m.label == "LOC" and m.start == rest and m.end == end for m in known):
        return end
    gpe = any(m.label == "GPE" and m.start == rest for m in known)
    if len(words) == 2 and words[1][0].isascii() and not gpe:
        return end
    return start + len(words[0])


# "Chính phủ của Thủ tướng Scott Morrison": the government of a foreign leader (§9).
_LEADER_AFTER = re.compile(
    r"\s+của\s+(?:Thủ\s+tướng|Tổng\s+thống|Quốc\s+vương|Nhà\s+vua|Nữ\s+hoàng|Thủ\s+hiến)"
    r"\s+([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})"
)


def foreign_governments(text: str, known: Sequence[Mention]) -> list[Mention]:
    """A bare "Chính phủ" that a foreign leader's name makes another country's: valued as
    that country's government when the sentence names exactly one other country (§9)."""
    result: list[Mention] = []
    for m in known:
        if m.label != "ORG" or text[m.start : m.end] != "Chính phủ":
            continue
        leader = _LEADER_AFTER.match(text, m.end)
        if leader is None:
            continue
        words = leader.group(1).split()
        name = words[: next((k for k, w in enumerate(words) if not w[0].isupper()), len(words))]
        if not name or any(looks_vietnamese(w) for w in name):
            continue
        countries = {g.value: text[g.start : g.end] for g in known if g.label == "GPE"}
        countries.pop("VNM", None)
        if len(countries) == 1:
            country = next(iter(countries.values()))
            value = f"Chính phủ {country}"
            result.append(Mention(m.start, m.end, "ORG", value, SOURCE_GOVERNMENT))
    return result


def _without_brand_countries(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop a country spelled in a foreign language inside an organization name written wholly
    in one: the word belongs to the name ("IM Japan", "Samsung Electronics Vietnam"); inside a
    Vietnamese name it stays a GPE ("Đại sứ quán Australia", "BHXH Việt Nam", §9)."""
    orgs = [m for m in mentions if m.label == "ORG"]
    if not orgs:
        return mentions
    drop: set[int] = set()
    for k, g in enumerate(mentions):
        if g.label != "GPE" or any(looks_vietnamese(w) for w in text[g.start : g.end].split()):
            continue  # "BHXH Việt Nam": a Vietnamese spelling is the country
        for o in orgs:
            if o.start <= g.start and g.end <= o.end and o.length > g.length:
                rest = (text[o.start : g.start] + " " + text[g.end : o.end]).split()
                if all(
                    w.isascii()
                    and w[0].isalpha()
                    and (is_acronym_word(w) or not looks_vietnamese(w))
                    for w in rest
                ):
                    drop.add(k)
                    break
    return [m for k, m in enumerate(mentions) if k not in drop] if drop else mentions


def _revalue(m: Mention, value: str | float | None) -> Mention:
    return Mention(m.start, m.end, m.label, value, m.source, confidence=m.confidence)


def _replaceable(m: Mention) -> bool:
    """A lexicon ORG whose value is only its own spelling (not a §3 key)."""
    return m.source.startswith("lexicon") and m.value not in CANONICAL_ORG_KEYS


def _covered(span: tuple[int, int], known: Sequence[Mention], *, replaceable: bool = False) -> bool:
    return any(
        m.start < span[1]
        and span[0] < m.end
        and m.label == "ORG"
        and not (replaceable and (m.start, m.end) == span and _replaceable(m))
        for m in known
    )


def _covered_by_grammar(span: tuple[int, int], known: Sequence[Mention]) -> bool:
    """Only an ORG of this grammar's own, valued as written, has exactly this span."""
    return any(
        m.label == "ORG" and (m.start, m.end) == span and m.source == SOURCE for m in known
    ) and not any(
        m.label == "ORG" and m.start < span[1] and span[0] < m.end and m.source != SOURCE
        for m in known
    )


def _drop_nested(orgs: list[Mention]) -> list[Mention]:
    ordered = sorted(orgs, key=lambda m: (-m.length, m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@Language.factory(
    "vi_organizations",
    default_config={
        "lexicon_dir": "",
        "org_heads": "org_heads.tsv",
        "person_titles": "person_titles.tsv",
        "surnames": "surnames.tsv",
        "organizations": "organizations.tsv",
    },
)
def make_organizations(
    nlp: Language,
    name: str,
    *,
    lexicon_dir: str,
    org_heads: str,
    person_titles: str,
    surnames: str,
    organizations: str,
) -> OrganizationExtractor:
    """Organization grammar component (lexicons load here, once)."""
    lexicons = load_org_lexicons(
        Path(lexicon_dir),
        org_heads=org_heads,
        person_titles=person_titles,
        surnames=surnames,
        organizations=organizations,
    )
    return OrganizationExtractor(lexicons)
