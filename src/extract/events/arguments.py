"""Event arguments (ANNOTATION §6, §9): which mentions of the sentence fill which role.

The sentence is cut into clauses at ";" (and at "…" before a capital). Inside a clause:
  - the words before the first trigger are the clause's subject zone, shared by every event
    of the clause ("Việt Nam đã trao đổi kinh nghiệm với Trung Quốc và hợp tác với Liên Xô");
    only its last chunk (after a comma that does not separate list items, or a reporting verb
    such as "cho biết") names participants: preposed adverbials do not, but the DATE that
    governs the clause may stand anywhere in it;
  - each trigger owns the words up to the next trigger (its object zone), so a list of
    partners after "với" attaches to the nearest trigger before it, as a whole;
  - a chunk right before a later trigger that names a party is that trigger's own subject
    ("..., trong đó có gần 20 tổ chức hợp tác trực tiếp với Bộ");
  - a trigger with no party of its own shares the object of the verb it is coordinated with
    ("đàm phán, ký kết X"; "các tổ chức như X, Y"; "V1 ..., đồng thời V2 X"), of the topic
    noun it governs ("hợp tác về ... di cư lao động giữa A và B"), or of the verb it is chained
    after ("hợp tác với A đào tạo"); an exchange after a meeting that opens the clause is
    made by the meeting's hosts ("diễn đàn do A và B chủ trì, tập trung trao đổi ...").
A clause without a subject continues the sentence's first clause. Roles follow the mention
label and the word that introduces it ("tại Hà Nội" is a place; countries people are sent to
are places for TRAIN and LABOR_MIGRATION).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..extractors.counts import CountUnits
from ..records import Mention, Token
from .triggers import (
    PARTY_LABELS,
    PERSON_HEADS,
    SentenceView,
    TriggerMatch,
    fold_phrase,
    relative_antecedent,
)

#: Prepositions that make the country or place after them a location.
LOCATIVE = frozenset({"tại", "ở"})
#: Prepositions of a destination: where workers or trainees are sent.
DESTINATION = frozenset({"sang", "tại", "ở", "đến", "tới", "qua", "đi", "vào"})
#: Types whose foreign countries are destinations rather than partners (§9).
SENDING_TYPES = frozenset({"TRAIN", "LABOR_MIGRATION"})
#: Verbs that report speech: the speaker is not a participant of what is reported.
REPORTING = frozenset(
    {
        "cho biết", "khẳng định", "nhấn mạnh", "nêu rõ", "thông báo", "bày tỏ",
        "rằng", "cho rằng", "nhận định", "chia sẻ rằng", "khẳng định rằng",
        "cho hay", "thông tin rằng", "mong muốn", "đề nghị", "kiến nghị", "nhấn mạnh rằng",
        "hy vọng", "hi vọng", "kỳ vọng", "tin tưởng", "đánh giá rằng", "lưu ý",
    }
)  # fmt: skip
#: Verbs of wishing: with a verb right after them the wisher is that verb's subject, not a
#: speaker ("Đức mong muốn hợp tác với Việt Nam" vs "Bộ trưởng mong muốn hai bên hợp tác").
DESIRE = frozenset({"mong muốn", "hy vọng", "hi vọng", "kỳ vọng"})
#: Verbs that report speech only when what is said follows ("X chia sẻ, ...", "X nói: ...").
SOFT_REPORTING = frozenset(
    {"chia sẻ", "phát biểu", "nói", "tuyên bố", "giải thích", "ghi nhớ"}  # "Hai bên ghi nhớ, …"
)
_SPEECH_OPENERS = frozenset({",", ":", "rằng", "“", '"'})
#: Nouns after which "khẳng định" means "assert one's role", not reported speech.
_NOT_REPORTED = frozenset({"vai trò", "vị thế", "vị trí", "tầm quan trọng", "sự", "lại"})
#: Words that may stand between two coordinated verbs sharing one object.
_COORDINATION = frozenset(
    {
        ",", "và", "để", "tiếp tục", "đã", "đang", "sẽ", "cũng", "còn", "hoặc", "/", "tiến tới",
        "nhằm", "cùng", "rồi", "tiến hành", "xúc tiến", "chuẩn bị", "đồng thời",
    }
)  # fmt: skip
#: Words that open a chunk continuing an object rather than naming a new subject.
_CONTINUATIONS = frozenset(
    {"đặc biệt", "đặc biệt là", "như", "nhất là", "kể cả", "bao gồm", "gồm", "trong đó có"}
)
#: Words allowed between a partner list and its introducing preposition.
_LIST_GLUE = frozenset(
    {
        ",", "và", "/", "như", "các", "nước", "những", "cũng như", "đặc biệt", "là",
        "đặc biệt là", "cùng", "hoặc", "-", "–", "(", ")", "…", "...", "bạn", "nước bạn",
        "quốc gia", "các nước", "địa bàn", "thị trường", "lớn", "trên", "khắp", "thế giới",
        "chính thức", "cấp nhà nước", "làm việc", "hữu nghị", "thủ đô", "tỉnh", "thành phố",
    }
)  # fmt: skip
#: Photo credits, sources and asides: names inside them take part in nothing.
_ASIDE_WORDS = frozenset(
    {"ảnh", "nguồn", "video", "đồ họa", "đồ hoạ", "theo", "nay", "trước đây", "tức", "cũ"}
)
_NATIVE = "VNM"
_AGENT_MARKERS = frozenset({"do", "bởi"})
_NOT_AGENTS = frozenset({"vậy", "đó", "này", "đâu", "vì"})  # "do vậy" = therefore
_ELLIPSIS = frozenset({"…", "...", "…."})
# Label and word sets the argument rules test for every mention or token, built once.
_INTRODUCERS = DESTINATION | LOCATIVE | {"với", "cho", "của", "giữa", "thăm"}
_VENUE_INTRODUCERS = LOCATIVE | {"thăm"}
_PARTY_OR_COUNT = PARTY_LABELS | {"COUNT"}
_PARTY_OR_LOC = PARTY_LABELS | {"LOC"}
_ARGUMENT_LABELS = PARTY_LABELS | {"AGREEMENT", "COUNT", "LOC"}
_NAME_OR_COUNT = frozenset({"ORG", "PER", "COUNT"})
_INSTRUMENT = frozenset({"AGREEMENT"})


@dataclass(frozen=True, slots=True)
class Zone:
    """A half-open character range of the sentence."""

    start: int
    end: int
    partners_only: bool = False  # borrowed from a chained verb: its partners, not its objects

    def holds(self, m: Mention) -> bool:
        """True when mention `m` lies inside the zone."""
        return self.start <= m.start and m.end <= self.end


#: "Dự Lễ ký có A; B cùng C": a list of attendees whose items ";" separates.
_ATTENDANCE = re.compile(
    r"(?:^|\s)(?:tham dự|dự|có mặt tại|chứng kiến)\s[^;]*?\scó\s", re.IGNORECASE
)


def clauses(view: SentenceView) -> list[Zone]:
    """Clause ranges of the sentence: cut at ";" and at an ellipsis before a capital; a ";"
    between the attendees listed after "Dự … có" cuts nothing."""
    zones: list[Zone] = []
    start = 0
    tokens = view.tokens
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if t.text == ";" and _ATTENDANCE.search(view.text[start : t.start]):
            continue
        if t.text == ";" or (t.text in _ELLIPSIS and nxt[:1].isupper()):
            zones.append(Zone(start, t.start))
            start = t.end
    zones.append(Zone(start, len(view.text)))
    return [z for z in zones if z.end > z.start]


def _asides(view: SentenceView) -> list[Zone]:
    """Parenthesised credits, sources and asides: "(Ảnh: Bộ Nội vụ)", "(nay thuộc Bộ X)".

    A parenthesis opening the sentence is a source tag ("(LĐXH) Sáng 15/1, ...").
    """
    zones: list[Zone] = []
    text = view.text
    pos = text.find("(")
    while pos != -1:
        close = text.find(")", pos)
        if close == -1:
            break
        inner = text[pos + 1 : close]
        head = fold_phrase(inner.split(":")[0])
        first_two = " ".join(fold_phrase(inner).split()[:2])
        if (
            head in _ASIDE_WORDS
            or first_two in _ASIDE_WORDS
            or fold_phrase(inner).split()[:1] == ["nay"]
            or not text[:pos].strip()
        ):
            zones.append(Zone(pos, close + 1))
        pos = text.find("(", close)
    return zones


def _nested(m: Mention, mentions: Sequence[Mention], labels: frozenset[str]) -> bool:
    """True when `m` lies strictly inside a mention of `labels`."""
    return any(
        o is not m
        and o.label in labels
        and o.start <= m.start
        and m.end <= o.end
        and (o.start, o.end) != (m.start, m.end)
        for o in mentions
    )


def _usable(m: Mention, mentions: Sequence[Mention], text: str = "") -> bool:
    """Mentions nested in a name or a count are part of it; in an instrument its parties count
    ("Hiệp định … Việt Nam - Lào"), but not the names inside its subject ("Bản ghi nhớ về …
    lao động Việt Nam sang … tại Nhật Bản") nor a lone owner ("Chương trình Thị thực Nông
    nghiệp Australia": Australia's own programme, which others join)."""
    if _nested(m, mentions, _NAME_OR_COUNT):
        return False
    if m.label not in {"ORG", "GPE"}:
        return not _nested(m, mentions, _INSTRUMENT)
    for o in mentions:
        if o.label not in _INSTRUMENT or not (o.start <= m.start and m.end <= o.end) or o is m:
            continue
        if _SUBJECT_WORD.search(text[o.start : m.start]):
            return False
        parties = [
            p for p in mentions
            if p.label in {"ORG", "GPE"} and o.start <= p.start and p.end <= o.end
        ]  # fmt: skip
        if len(parties) < 2 and m.end == o.end:
            return False
    return True


_SUBJECT_WORD = re.compile(r"(?<!\w)về(?!\w)", re.IGNORECASE)


class Chunks:
    """Chunk boundaries of a sentence: non-list commas, colons, reporting verbs."""

    def __init__(self, view: SentenceView) -> None:
        self.view = view
        self.breaks: list[int] = []
        self.speech: list[int] = []  # starts of reporting verbs
        tokens = view.tokens
        for i, (t, word) in enumerate(zip(tokens, view.words, strict=True)):
            pair = f"{word} {view.word(i + 1)}"
            if t.text in {",", ":"} and not (
                self._list_comma(t.start, t.end) or self._inside_name(t.start)
            ):
                self.breaks.append(t.end)
            elif pair in REPORTING and view.word(i + 2) not in _NOT_REPORTED:
                # A reporting verb split by the segmenter ("cho" + "biết").
                self.breaks.append(tokens[i + 1].end)
                self.speech.append(t.start)
            elif word in REPORTING and view.word(i + 1) not in _NOT_REPORTED:
                if word in DESIRE and self._body_wishes(i):
                    continue  # "Đức mong muốn hợp tác với Việt Nam": Đức wants to cooperate
                self.breaks.append(t.end)
                self.speech.append(t.start)
            elif (
                word in SOFT_REPORTING
                and i + 1 < len(tokens)
                and (tokens[i + 1].text in _SPEECH_OPENERS)
            ):
                self.speech.append(t.start)  # the punctuation after it makes the break
            elif word == "trong đó" or (word == "đó" and i and view.word(i - 1) == "trong"):
                self.breaks.append(t.end)

    def _body_wishes(self, i: int) -> bool:
        """True when a country or a body wishes to act itself ("Đức mong muốn hợp tác với Việt
        Nam"): a verb follows the wish and its subject is no person (a person wishing is
        reporting a proposal: "bà X mong muốn tăng cường sự hỗ trợ của Y")."""
        tokens = self.view.tokens
        if i + 1 >= len(tokens) or not tokens[i + 1].pos.startswith("V"):
            return False
        # The wisher opens its chunk ("..., Bộ X mong muốn ...", "Đức đang thiếu ... và mong
        # muốn ..."); a name further in is an object ("thành viên Hội đồng ... và mong muốn").
        floor = max([b for b in self.breaks if b <= tokens[i].start], default=0)
        text = self.view.text
        lead = len(text[:floor]) + len(text[floor:]) - len(text[floor:].lstrip())
        names = [
            m for m in self.view.mentions
            if m.label in PARTY_LABELS and m.start == lead and m.end <= tokens[i].start
        ]  # fmt: skip
        return bool(names) and all(m.label != "PER" for m in names)

    def _inside_name(self, offset: int) -> bool:
        """A comma inside a name ("Bộ Lao động, Thương binh và Xã hội") separates nothing."""
        return any(m.start < offset < m.end for m in self.view.mentions)

    def _list_comma(self, start: int, end: int) -> bool:
        """A comma between two names is a list separator, not a chunk boundary.

        Names of different kinds make a list only when the list goes on after the second
        ("các đối tác Hoa Kỳ, EU, ..."); "Theo Ban Tôn giáo Chính phủ, Việt Nam là ..." is none.
        """
        text = self.view.text
        left = len(text[:start].rstrip(" )…."))
        right = end + (len(text[end:]) - len(text[end:].lstrip(" (")))
        parties = [m for m in self.view.mentions if m.label in PARTY_LABELS]
        before = [m for m in parties if m.end == left]
        after = [m for m in parties if m.start == right]
        if not before or not after:
            return False
        if before[0].label == after[0].label or self._office(before[0], parties) == after[0].label:
            return True
        rest = text[after[0].end :].lstrip(" )")
        return rest.startswith((",", "và ", "/", "…", "...", ";")) or not rest.strip(" .")

    def _office(self, m: Mention, parties: Sequence[Mention]) -> str:
        """Label of the item `m` ends: a country right after a body's name is that body's
        office ("IMF Việt Nam", §9), so the item is an ORG."""
        text = self.view.text
        if m.label == "GPE" and any(
            o.label == "ORG" and o.end <= m.start and not text[o.end : m.start].strip()
            for o in parties
        ):
            return "ORG"
        return m.label

    def last_break(self, zone: Zone) -> int:
        """Start of the zone's last chunk."""
        inside = [b for b in self.breaks if zone.start < b <= zone.end]
        return inside[-1] if inside else zone.start

    def chunk_of(self, offset: int) -> Zone:
        """The chunk holding character `offset`."""
        start = max([b for b in self.breaks if b <= offset], default=0)
        end = min([b for b in self.breaks if b > offset], default=len(self.view.text))
        return Zone(start, end)

    def speakers(self, usable: Sequence[int]) -> dict[int, int]:
        """Mentions naming who speaks, with the offset from which they take no part.

        A speaker is named in the chunk before a reporting verb, or in a chunk opened by "Theo"
        ("Theo Bộ trưởng X, ...", "Theo phóng viên TTXVN tại Lào, ..."); what is reported
        after it is not an event the speaker takes part in.
        """
        found: dict[int, int] = {}
        zones = [
            Zone(max([b for b in self.breaks if b <= verb], default=0), verb)
            for verb in self.speech
        ]
        for t, word in zip(self.view.tokens, self.view.words, strict=True):
            if word == "theo" and (
                t.start == 0
                or t.start in self.breaks
                or (not self.view.text[: t.start].strip(" ,"))
            ):
                zones.append(self.chunk_of(t.start))
        for zone in zones:
            for i in usable:
                if zone.holds(self.view.mentions[i]):
                    found[i] = min(found.get(i, zone.end), zone.end)
        return found

    def crosses(self, start: int, end: int) -> bool:
        """True when a chunk boundary lies between `start` and `end`."""
        return any(start < b <= end for b in self.breaks)


def _introducer(view: SentenceView, m: Mention, floor: int, *, reach: int = 0) -> str | None:
    """The preposition that governs the list `m` belongs to, searching back to `floor`.

    With `reach`, up to that many other words may stand between ("học tập tại các nước có
    quan hệ như Singapore").
    """
    # The segmenter may glue a preposition or a verb to the name after it ("thăm Lào").
    glued = next((t for t in view.tokens if floor <= t.start < m.start < t.end), None)
    if glued is not None:
        word = fold_phrase(view.text[glued.start : m.start])
        last = word.split()[-1:] or [""]
        if last[0] in _INTRODUCERS:
            return last[0]
        if last[0] == "thăm":
            return "thăm"
    tokens = [t for t in view.tokens if floor <= t.start and t.end <= m.start]
    # Other items of the same list: names of the same kind ("tại Lào, Campuchia và Thái Lan").
    kinds = {"GPE", "LOC"} if m.label in {"GPE", "LOC"} else {m.label}
    for t in reversed(tokens):
        inside = any(
            o.start <= t.start and t.end <= o.end and o.label in kinds for o in view.mentions
        )
        if inside:
            continue
        word = fold_phrase(t.text)
        if word in _INTRODUCERS:
            return word
        if word == "địa bàn" and _word_before(view, t.start) == "trên":
            return "tại"  # "trên địa bàn TP. Huế": in the area of
        if word.startswith("thăm") or word in {"chuyến thăm"}:
            return "thăm"
        if word not in _LIST_GLUE:
            if reach <= 0 or word in REPORTING or t.text in {";", ":"}:
                return None
            reach -= 1
    return None


def _word_before(view: SentenceView, offset: int) -> str:
    words = view.words_before(offset, 1)
    return words[0] if words else ""


def _bare(view: SentenceView, m: Mention, floor: int) -> bool:
    """True when `m` heads a noun phrase of its own, not the object of a preposition."""
    return _introducer(view, m, floor) is None


def _seat(view: SentenceView, m: Mention, *, sending: bool = False) -> bool:
    """A seat, not a venue: "Văn phòng ILO tại Việt Nam", "đại sứ quán tại Hà Nội".

    With `sending` (workers or trainees sent abroad), "lao động Việt Nam tại Đức" names where
    the workers go, so a country after another country is no seat.
    """
    before = [t for t in view.tokens if t.end <= m.start]
    if len(before) < 2 or fold_phrase(before[-1].text) not in LOCATIVE:
        return False
    at = before[-1].start
    left = len(view.text[:at].rstrip(" )"))
    holders = {"ORG"} if sending else {"ORG", "GPE"}
    if m.label == "GPE" and any(o.label in holders and o.end == left for o in view.mentions):
        return True
    words = " ".join(fold_phrase(t.text) for t in before[-4:-1])
    return any(w in words for w in ("văn phòng", "đại sứ", "đại diện", "trụ sở", "cơ quan"))


def role_of(view: SentenceView, m: Mention, trigger: TriggerMatch, floor: int) -> str | None:
    """The role mention `m` plays in the event of `trigger`, or None if it plays none."""
    if m.label == "DATE":
        return "time"
    if m.label == "COUNT":
        return "quantity"
    if m.label == "AGREEMENT":
        return "agreement"
    if m.label in {"ORG", "PER"}:
        return "participant"
    if m.label not in {"GPE", "LOC"} or _seat(view, m, sending=trigger.type in SENDING_TYPES):
        return None
    intro = _introducer(view, m, floor)
    if m.label == "LOC":
        if intro in _VENUE_INTRODUCERS or trigger.type in SENDING_TYPES:
            return "place"
        return None
    if trigger.type in SENDING_TYPES:
        intro = _introducer(view, m, max(floor, trigger.start), reach=6) or intro
    if trigger.type == "LABOR_MIGRATION":
        if intro == "giữa":
            return "participant"  # "di chuyển lao động giữa A và B": both take part
        if intro in DESTINATION:
            return "place"
        # The sending country: the subject, or the workers' own ("lao động Việt Nam", "người
        # Hàn Quốc đến làm việc" written inside the trigger).
        own = trigger.start <= m.start and m.end <= trigger.end
        native = m.value == _NATIVE or m.start < trigger.start or own
        return "participant" if native else "place"
    if trigger.type == "TRAIN":
        return "place" if intro in DESTINATION else "participant"
    if intro in LOCATIVE or intro == "thăm":
        return "place"
    if intro in DESTINATION and trigger.type == "MEET" and _is_trip(trigger):
        return "place"  # "chuyến thăm cấp Nhà nước tới Hàn Quốc"
    return "participant"


def _is_trip(trigger: TriggerMatch) -> bool:
    return any(word in trigger.rule for word in ("thăm", "công tác"))


@dataclass
class _Slot:
    """One trigger of a clause with the zones its arguments come from."""

    index: int
    trigger: TriggerMatch
    own: Zone
    subject: Zone | None = None  # a subject of its own, cut from the previous object zone
    has_own: bool = False
    previous: int | None = None  # start of the clause's trigger before this one


def attach_arguments(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    triggers: Sequence[TriggerMatch],
) -> list[list[tuple[str, int]]]:
    """For each trigger, its (role, index into `mentions`) pairs; offsets relative to `text`.

    A trigger gets no arguments (so no event) when it only repeats an activity already named
    in its chunk by a trigger of the same type (§9), or is a general phrase with nothing of
    its own after it.
    """
    return arguments_in_view(SentenceView(text, tokens, mentions), triggers)


def arguments_in_view(
    view: SentenceView,
    triggers: Sequence[TriggerMatch],
    *,
    zones: Sequence[Zone] | None = None,
    unit_groups: Mapping[str, str] | None = None,
) -> list[list[tuple[str, int]]]:
    """`attach_arguments` on a sentence view that the caller shares with other steps.

    `zones` are the sentence's `clauses`, when the caller has already cut them. `unit_groups`
    maps a folded COUNT unit to its group in `count_units.tsv` (see `unit_groups_of`); without
    it every count may be a quantity.
    """
    text, mentions = view.text, view.mentions
    asides = _asides(view)
    usable = [
        i
        for i, m in enumerate(mentions)
        if not any(z.holds(m) for z in asides) and _usable(m, mentions, text)
    ]
    chunks = Chunks(view)
    speakers = chunks.speakers(usable)
    result: list[list[tuple[str, int]]] = [[] for _ in triggers]
    first_subject: Zone | None = None
    for clause_no, clause in enumerate(clauses(view) if zones is None else zones):
        inside = [k for k, t in enumerate(triggers) if clause.start <= t.start < clause.end]
        subject = Zone(clause.start, triggers[inside[0]].start) if inside else clause
        if clause_no == 0:
            first_subject = subject
        slots = _slots(view, usable, chunks, inside, triggers, clause)
        repeated = _repeats(slots, chunks)
        for pos, slot in enumerate(slots):
            if pos in repeated:
                continue
            borrowed = None if slot.has_own else _borrowed(view, chunks, slots, pos, clause)
            if borrowed is None and not slot.has_own and _topic_of_earlier(view, slots, pos):
                continue
            heard = [i for i in usable if speakers.get(i, len(text)) > slot.trigger.start]
            result[slot.index] = _collect(
                view, heard, chunks, slot, clause_subject=subject, borrowed=borrowed,
                inherited=first_subject if clause_no else None, unit_groups=unit_groups or {},
            )  # fmt: skip
        _merge_passive_agents(view, slots, result)
        _share_visit(view, slots, result)
    return result


#: A preposed adverbial naming the visit during which the clause's events happen.
_DURING_VISIT = re.compile(
    r"(?:^|,)\s*(?:nhân|nhân dịp|trong|trong dịp|trong khuôn khổ|trong thời gian)\s+"
    r"(?:chuyến|cuộc)?\s*$",
    re.IGNORECASE,
)


def _share_visit(
    view: SentenceView, slots: Sequence[_Slot], result: list[list[tuple[str, int]]]
) -> None:
    """ "Nhân chuyến thăm Campuchia cùng Thủ tướng X, Bộ trưởng Y ký …": the visit's place is
    where the later events of the clause happen, and the people who act in them are on the
    visit."""
    for pos, visit in enumerate(slots):
        if visit.trigger.type != "MEET" or not _is_trip(visit.trigger):
            continue
        if not _DURING_VISIT.search(view.text[: visit.trigger.start]):
            continue
        places = [(r, i) for r, i in result[visit.index] if r == "place"]
        for later in slots[pos + 1 :]:
            if "," not in view.text[visit.trigger.end : later.trigger.start]:
                continue
            own = result[later.index]
            if not own:
                continue
            if places and not any(r == "place" for r, _ in own):
                own.extend(places)
            for role, i in list(own):
                m = view.mentions[i]
                if (
                    role == "participant"
                    and m.label == "PER"
                    and m.end <= later.trigger.start
                    and (role, i) not in result[visit.index]
                ):
                    result[visit.index].append((role, i))
        return  # one visit frames the clause; a second one is an event of its own


def _merge_passive_agents(
    view: SentenceView, slots: Sequence[_Slot], result: list[list[tuple[str, int]]]
) -> None:
    """ "một khoản viện trợ … cho Việt Nam, do Chính phủ Nhật Bản tài trợ": a trigger of the same
    type in a passive "do X V" after a noun trigger names the same aid; its agents join the
    noun's event, which is then the only one."""
    for prev, slot in pairwise(slots):
        if prev.trigger.type != slot.trigger.type or not result[slot.index]:
            continue
        between = view.text[prev.trigger.end : slot.trigger.start]
        head, sep, agent = between.rpartition(",")
        if not sep or ";" in head or not _PASSIVE_AGENT.match(agent):
            continue
        if not result[prev.index]:
            continue
        agents = [
            (role, i) for role, i in result[slot.index]
            if role == "participant" and view.mentions[i].start >= slot.trigger.start - len(agent)
        ]  # fmt: skip
        for item in agents:
            if item not in result[prev.index]:
                result[prev.index].append(item)
        if agents:
            result[slot.index] = []


_PASSIVE_AGENT = re.compile(r"^\s*do\s+[^,;:]{2,80}?\s*(?:đã\s+|cùng\s+)?$", re.IGNORECASE)


def _slots(
    view: SentenceView,
    usable: Sequence[int],
    chunks: Chunks,
    inside: Sequence[int],
    triggers: Sequence[TriggerMatch],
    clause: Zone,
) -> list[_Slot]:
    slots = [_Slot(k, triggers[k], Zone(triggers[k].start, clause.end)) for k in inside]
    if slots:
        slots[0].subject = _subordinate_subject(view, usable, clause.start, slots[0].trigger.start)
    for pos in range(1, len(slots)):
        prev, slot = slots[pos - 1], slots[pos]
        slot.previous = prev.trigger.start
        cut = chunks.last_break(Zone(prev.trigger.end, slot.trigger.start))
        local = Zone(cut, slot.trigger.start)
        first_words = " ".join(view.words_after(cut, 2))
        heads = [
            i
            for i in _parties(view, usable, local)
            if view.mentions[i].label in _PARTY_OR_COUNT and _bare(view, view.mentions[i], cut)
        ]
        opens_object = any(
            first_words == w or first_words.startswith(w + " ") for w in _CONTINUATIONS
        ) or _linked_object(view, heads, local)
        if cut > prev.trigger.end and heads and not opens_object:
            slot.subject = local
            prev.own = Zone(prev.own.start, cut)
        else:
            prev.own = Zone(prev.own.start, slot.trigger.start)
            slot.subject = _adjacent_subject(view, usable, prev.trigger.end, slot.trigger.start)
    for slot in slots:
        slot.has_own = bool(_parties(view, usable, slot.own))
    return slots


def _linked_object(view: SentenceView, heads: Sequence[int], zone: Zone) -> bool:
    """True when the names of `zone` stand before a "với" that follows them in it: the first
    term of "kết nối A với B" is the object of the verb before, not the next verb's subject."""
    links = [
        t.start for t in view.tokens
        if zone.start <= t.start and t.end <= zone.end and fold_phrase(t.text) == "với"
    ]  # fmt: skip
    return bool(links) and all(view.mentions[i].end <= links[-1] for i in heads)


#: Auxiliaries between a name and the predicate it is the subject of ("X đang có chuyến thăm").
_AUXILIARIES = frozenset(
    {
        "đang",
        "đã",
        "sẽ",
        "vừa",
        "cũng",
        "có",
        "đang có",
        "đã có",
        "vừa có",
        "cũng có",
        "mới",
        "chuyến",
        "cuộc",
        "buổi",
    }
)


def _adjacent_subject(
    view: SentenceView, usable: Sequence[int], floor: int, start: int
) -> Zone | None:
    """The name right before a trigger, past auxiliaries only, as its subject.

    "Phó Thủ tướng tiếp Bộ trưởng Y đang có chuyến thăm ...": Y is the object of "tiếp" and
    the subject of the visit.
    """
    names = [
        view.mentions[i]
        for i in usable
        if view.mentions[i].label in PARTY_LABELS and floor <= view.mentions[i].start
        and view.mentions[i].end <= start
    ]  # fmt: skip
    if not names:
        return None
    last = max(names, key=lambda m: m.end)
    between = [fold_phrase(t.text) for t in view.tokens if last.end <= t.start and t.end <= start]
    # "việc Việt Nam gia nhập": a bare name; "hợp tác với Trung Quốc đào tạo" is an object.
    if all(w in _AUXILIARIES for w in between) and _bare(view, last, 0):
        return Zone(last.start, start)
    return None


#: Words opening a subordinate clause whose own subject follows ("việc Việt Nam gia nhập").
_SUBORDINATORS = frozenset(
    {"việc", "khi", "để", "sau khi", "trước khi", "nhằm", "giúp", "nơi", "mà", "tới khi"}
)


def _subordinate_subject(
    view: SentenceView, usable: Sequence[int], floor: int, start: int
) -> Zone | None:
    """The subject of a subordinate clause holding the trigger: the names (a list allowed)
    between a subordinator and the trigger ("lễ công bố việc Việt Nam gia nhập Công ước")."""
    zone = _adjacent_subject(view, usable, floor, start)
    if zone is None:
        return None
    pos = zone.start
    for t in reversed([t for t in view.tokens if floor <= t.start and t.end <= zone.start]):
        word = fold_phrase(t.text)
        inside = any(
            view.mentions[i].start <= t.start and t.end <= view.mentions[i].end
            and view.mentions[i].label in PARTY_LABELS
            for i in usable
        )  # fmt: skip
        if inside or word in {",", "và", "cùng", "/"}:
            pos = t.start
            continue
        return Zone(pos, start) if word in _SUBORDINATORS else None
    return None


#: Confidence at or below which a trigger is a general verb ("trao đổi") that yields to a more
#: specific trigger of its type in the same chunk.
_WEAK = 0.5


def _repeats(slots: list[_Slot], chunks: Chunks) -> set[int]:
    """Positions of triggers that name again an activity already named in their chunk (§9).

    Of two triggers of one type in one chunk, a later one without a party of its own repeats
    the earlier; when only the later one has parties, the earlier keeps the event and takes
    the later one's object ("hoạt động chia sẻ kinh nghiệm ... với các đối tác có quan hệ
    hữu nghị với Việt Nam như Lào"), unless it is a weak general verb ("trao đổi"), which
    then yields to the later one. General phrases without a party of their own are dropped.
    """
    dropped = {pos for pos, slot in enumerate(slots) if slot.trigger.generic and not slot.has_own}
    for j, later in enumerate(slots):
        for i in range(j):
            earlier = slots[i]
            if i in dropped or earlier.trigger.type != later.trigger.type:
                continue
            if chunks.crosses(earlier.trigger.end, later.trigger.start):
                continue
            if not earlier.has_own and earlier.trigger.confidence <= _WEAK:
                dropped.add(i)  # "trao đổi về ... hợp tác của X": the specific word names it
            elif not later.has_own:
                dropped.add(j)
            elif not earlier.has_own:
                earlier.own = Zone(earlier.own.start, later.own.end)
                earlier.has_own = True
                dropped.add(j)
            break
    return dropped


def _borrowed(
    view: SentenceView, chunks: Chunks, slots: Sequence[_Slot], pos: int, clause: Zone
) -> Zone | None:
    """The zone whose partners a trigger without its own shares.

    Coordinated verbs share the object that follows them ("đàm phán, ký kết X", "đàm phán để
    ký X"); a noun before "như" shares the whole enumeration after it ("các tổ chức như A, B");
    a verb chained after another shares the one before it ("hợp tác với A đào tạo cán bộ").
    """
    slot = slots[pos]
    if pos + 1 < len(slots):
        between = [
            t for t in view.tokens
            if slot.trigger.end <= t.start and t.end <= slots[pos + 1].trigger.start
        ]  # fmt: skip
        gap = [fold_phrase(t.text) for t in between]
        if "như" in gap[-3:] or ":" in gap[-2:]:
            return Zone(slots[pos + 1].trigger.start, clause.end)
        coordinated = all(w in _COORDINATION for w in gap) or _joined_predicates(between)
        nxt = slots[pos + 1]
        if nxt.has_own and nxt.subject is None and coordinated:
            return nxt.own
        if (
            nxt.has_own
            and nxt.trigger.nominal
            and not chunks.crosses(slot.trigger.end, nxt.trigger.start)
        ):
            # "hợp tác trong lĩnh vực X và di chuyển nhân lực giữa A và B": the topic noun is
            # the object of the verb, whose partners are the noun's.
            return Zone(nxt.own.start, nxt.own.end, partners_only=True)
    if pos > 0 and slots[pos - 1].has_own:
        prev = slots[pos - 1]
        if not chunks.crosses(prev.trigger.end, slot.trigger.start) or _meeting_subject(
            view, slots, pos, clause
        ):
            return Zone(prev.own.start, prev.own.end, partners_only=True)
    return None


#: Verbs whose "về …" complement lists topics ("trao đổi về … đào tạo nghề, trao đổi thông tin").
_TOPIC_VERBS = frozenset({"COOPERATE", "MEET", "NEGOTIATE"})


def _topic_of_earlier(view: SentenceView, slots: Sequence[_Slot], pos: int) -> bool:
    """True when the trigger, with no party of its own, stands in the topic list an earlier
    trigger opens with "về" ("Hai bên trao đổi về các lĩnh vực … như: đào tạo nghề, …"): a
    topic discussed, not an event."""
    for earlier in slots[:pos]:
        if earlier.trigger.type not in _TOPIC_VERBS:
            continue
        if view.words_after(earlier.trigger.end, 1) == ["về"]:
            between = view.text[earlier.trigger.end : slots[pos].trigger.start]
            return ";" not in between and "." not in between
    return False


def _joined_predicates(between: Sequence[Token]) -> bool:
    """True for "V1 <modifiers>, đồng thời V2": two predicates joined after the first one's
    nominal complement ("tăng cường hợp tác lao động song phương, đồng thời kết nối ...")."""
    commas = [k for k, t in enumerate(between) if t.text == ","]
    if not commas:
        return False
    head, tail = between[: commas[-1]], [fold_phrase(t.text) for t in between[commas[-1] :]]
    return (
        all(w in _COORDINATION for w in tail)
        and bool({"đồng thời", "và"} & set(tail))
        and not any(t.pos.startswith("V") or t.text in {",", ";", ":"} for t in head)
    )


def _meeting_subject(view: SentenceView, slots: Sequence[_Slot], pos: int, clause: Zone) -> bool:
    """True when a meeting opening the clause is the subject of the exchange after it.

    "Theo chương trình, diễn đàn do A và B đồng chủ trì, tập trung trao đổi về ...": what
    the meeting discusses or shares is exchanged by those who hold it.
    """
    prev, slot = slots[pos - 1], slots[pos]
    if pos != 1 or prev.trigger.type != "MEET" or slot.trigger.type != "COOPERATE":
        return False
    lead = view.text[clause.start : prev.trigger.start].strip()
    return slot.subject is None and (not lead or lead.endswith(","))


#: Units of counts that stand for the parties themselves ("hai bên", "hai nước", "hai Bộ").
PARTY_UNITS = frozenset(
    {"bên", "nước", "quốc gia", "bộ", "cơ quan", "chính phủ", "bộ trưởng", "đoàn", "phía"}
)


def _partner_like(m: Mention) -> bool:
    """A named party, or a count of parties ("hai bên") that a chained verb shares too."""
    if m.label in PARTY_LABELS:
        return True
    return m.label == "COUNT" and fold_phrase(m.unit or "") in PARTY_UNITS


def _parties(view: SentenceView, usable: Sequence[int], zone: Zone) -> list[int]:
    return [i for i in usable if zone.holds(view.mentions[i]) and _is_party(view.mentions[i])]


def _is_party(m: Mention) -> bool:
    return m.label in _ARGUMENT_LABELS


def _subject_parties(
    view: SentenceView, usable: Sequence[int], chunks: Chunks, zone: Zone
) -> tuple[list[int], int]:
    """Parties of the zone's subject chunk (after "do"/"bởi" for an agent) and its start.

    The subject chunk is the last chunk naming a party that no preposition governs; preposed
    adverbials ("Là thành viên của X, ...", "Tại Hà Nội, ...") name none.
    """
    start = chunks.last_break(zone)
    for i in reversed(_parties(view, usable, zone)):
        m = view.mentions[i]
        if m.label in _PARTY_OR_COUNT:
            chunk_start = max(chunks.chunk_of(m.start).start, zone.start)
            if _bare(view, m, chunk_start):
                start = chunk_start
                break
    start = _apposed_person(view, usable, chunks, zone, start)
    chunk = Zone(start, zone.end)
    agents = [
        t.end for i, t in enumerate(view.tokens) if chunk.start <= t.start and t.end <= chunk.end
        and view.word(i) in _AGENT_MARKERS and view.word(i + 1) not in _NOT_AGENTS
    ]  # fmt: skip
    parties = _parties(view, usable, chunk)
    if agents:
        after = Zone(agents[-1], chunk.end)
        agent_parties = [i for i in parties if after.holds(view.mentions[i])]
        if any(view.mentions[i].label in PARTY_LABELS for i in agent_parties):
            keep = [
                i
                for i in parties
                if view.mentions[i].label not in _PARTY_OR_LOC or i in agent_parties
            ]
            return keep, start
    # Witnesses named in a preposed adverbial take part ("dưới sự chứng kiến của A và B, X ký").
    parties = _witnesses(view, usable, Zone(zone.start, start)) + parties
    # Places and the governing date may stand in a preposed adverbial ("Tại Hà Nội, ...").
    places = [
        i
        for i in _parties(view, usable, zone)
        if view.mentions[i].label in {"LOC", "GPE"}
        and not chunk.holds(view.mentions[i])
        and _introducer(view, view.mentions[i], zone.start) in LOCATIVE
    ]
    return places + parties, start


def _apposed_person(
    view: SentenceView, usable: Sequence[int], chunks: Chunks, zone: Zone, start: int
) -> int:
    """ "Ông Nguyễn Văn Nam, Thứ trưởng Bộ Công Thương, đã …": a subject chunk that is a title
    in apposition to the person named in the chunk before it extends back over that person."""
    if start <= zone.start or " ".join(view.words_after(start, 1)) not in PERSON_HEADS:
        return start
    before = chunks.chunk_of(start - 1)
    lead = max(before.start, zone.start)
    people = [
        view.mentions[i] for i in usable
        if view.mentions[i].label == "PER" and Zone(lead, start).holds(view.mentions[i])
    ]  # fmt: skip
    if len(people) != 1:
        return start
    person = people[0]
    rest = fold_phrase(view.text[lead : person.start] + " " + view.text[person.end : start])
    words = rest.replace(",", " ").split()
    # Only the person's honorific or title may stand around the name.
    if len(words) > 3 or any(w not in _HONORIFIC_WORDS for w in words):
        return start
    return lead


#: Words around a name in an apposed subject ("Ông", "Bà", "Tiến sĩ").
_HONORIFIC_WORDS = frozenset({"ông", "bà", "ngài", "tiến", "sĩ", "giáo", "sư", "ts", "gs", "pgs"})


#: An adverbial whose names witness, attend or host the clause's event ("dưới sự chứng kiến
#: của A", "nhận lời mời của A, B thăm …").
_WITNESS = re.compile(
    r"(?:sự\s+(?:chứng\s+kiến|tham\s+dự|có\s+mặt)|lời\s+mời)\s+của\s", re.IGNORECASE
)


def _witnesses(view: SentenceView, usable: Sequence[int], zone: Zone) -> list[int]:
    """Parties after "(dưới/với) sự chứng kiến của", "(nhận) lời mời của" in the zone: they
    witness or host the event."""
    found = _WITNESS.search(view.text, zone.start, zone.end) if zone.end > zone.start else None
    if found is None:
        return []
    after = Zone(found.end(), zone.end)
    return [
        i for i in usable
        if view.mentions[i].label in PARTY_LABELS and after.holds(view.mentions[i])
    ]  # fmt: skip


def _collect(
    view: SentenceView,
    usable: Sequence[int],
    chunks: Chunks,
    slot: _Slot,
    *,
    clause_subject: Zone,
    borrowed: Zone | None,
    inherited: Zone | None,
    unit_groups: Mapping[str, str],
) -> list[tuple[str, int]]:
    mentions = view.mentions
    subject_zone = slot.subject or clause_subject
    subject, _ = _subject_parties(view, usable, chunks, subject_zone)
    floor = subject_zone.start
    if inherited is not None and not any(mentions[i].label in PARTY_LABELS for i in subject):
        extra, _ = _subject_parties(view, usable, chunks, inherited)
        subject = extra + subject
        floor = inherited.start
    own = borrowed or slot.own
    own_parties = _parties(view, usable, own)
    if own.partners_only:
        own_parties = [i for i in own_parties if _partner_like(mentions[i])]
    chosen: list[tuple[str, int]] = []
    if slot.trigger.type in _RELATIVE_TYPES:
        # "Công ước X mà Việt Nam là thành viên": the instrument before "mà" is the object.
        head = relative_antecedent(view, slot.trigger.start)
        if head is not None:
            own_parties = [i for i in usable if mentions[i] is head] + own_parties
    for start, group in ((floor, subject), (own.start, own_parties)):
        for i in group:
            role = role_of(view, mentions[i], slot.trigger, start)
            if role is not None and (role, i) not in chosen:
                chosen.append((role, i))
    chosen = [
        (role, i) for role, i in chosen
        if role != "quantity" or (
            _event_quantity(mentions[i], slot.trigger, unit_groups)
            and not _owner_count(view, mentions[i], slot.trigger)
            and not _comparison_count(view, mentions[i])
        )
    ]  # fmt: skip
    time = _time(view, usable, chunks, slot, subject_zone, inherited, clause_subject)
    if time is not None:
        chosen.append(("time", time))
        chosen.extend(("time", i) for i in _coordinated_dates(view, usable, time))
    _complete_pairs(view, chosen, usable)
    return chosen


#: Groups of counted heads (`count_units.tsv`) that measure rather than count what an event
#: involves, with the event types where they still do: sizes, areas and ages ("tòa nhà 4
#: tầng", "dưới 35 tuổi") never; weights and volumes only as goods given ("viện trợ 2.000 tấn
#: gạo"); a share only as the vote that adopts an instrument ("thông qua … với 94,82% tán
#: thành").
MEASURE_GROUPS: Mapping[str, frozenset[str]] = {
    "measure": frozenset(),
    "percent": frozenset({"SIGN"}),
}
_GOODS_UNITS = frozenset(
    fold_phrase(u) for u in ("tấn", "kg", "ki-lô-gam", "kilôgam", "gam", "lít", "m3", "m³")
)
_GOODS_TYPES = frozenset({"FUND"})


def unit_groups_of(units: CountUnits) -> dict[str, str]:
    """Folded unit -> its group (`note` column) from the counted-head lexicon."""
    return {fold_phrase(unit): note for unit, note in units.entries.values() if note}


def _event_quantity(m: Mention, trigger: TriggerMatch, unit_groups: Mapping[str, str]) -> bool:
    """False for a count that measures something other than what the event involves."""
    unit = fold_phrase(m.unit or "")
    types = MEASURE_GROUPS.get(unit_groups.get(unit, ""))
    if types is None or trigger.type in types:
        return True
    return unit in _GOODS_UNITS and trigger.type in _GOODS_TYPES


#: Words before a count that make it describe another noun: what something belongs to
#: ("thanh niên thuộc 81 huyện nghèo"), a share or a multiple ("chiếm 30%", "gấp 3 lần").
_COMPARING = frozenset({"thuộc", "chiếm", "gấp", "tương đương", "bằng"})


def _comparison_count(view: SentenceView, m: Mention) -> bool:
    """True for a count that qualifies another noun rather than counting the event's own."""
    before = view.words_before(m.start, 1)
    return bool(before) and before[0] in _COMPARING


#: Words that make a count of parties the owner of the noun before it ("luật pháp của hai
#: nước", "sự hiểu biết giữa hai bộ").
_OWNER_MARKERS = frozenset({"của", "giữa"})
#: A relation's "giữa" names its sides wherever it stands ("trao đổi đoàn thường xuyên giữa
#: hai Bộ"); only "của" far from it owns another noun ("… cụ thể, vì lợi ích của hai bên").
_RELATION_OWNERS = frozenset({"của"})
#: Words a trigger's own noun phrase may hold before its owner ("quan hệ đặc biệt giữa …").
_OWN_PHRASE_WORDS = 3


def _owner_count(view: SentenceView, m: Mention, trigger: TriggerMatch) -> bool:
    """True for a count of parties that owns a noun other than the trigger ("đại diện các bộ
    ngành của hai nước", "luật pháp của cả hai nước"): it is not how many take part.

    A relation is what the two sides have, so for COOPERATE "quan hệ … giữa hai nước" names
    the parties, and "Hợp tác của hai Bộ" does; so do an owner right after the trigger ("ký kết
    giữa hai bộ"), the parties of an instrument ("ký thỏa thuận hợp tác giữa hai cơ quan")
    and those who attend ("có sự tham dự của 10 Bộ trưởng")."""
    if fold_phrase(m.unit or "") not in PARTY_UNITS:
        return False
    before = [w for w in view.words_before(m.start, 2) if w != "cả"]
    markers = _RELATION_OWNERS if trigger.type == "COOPERATE" else _OWNER_MARKERS
    if not before or before[0] not in markers:
        return False
    gap = view.text[trigger.end : m.start].split()
    if m.start >= trigger.end and len(gap) <= _OWN_PHRASE_WORDS:
        return False
    lead = view.text[max(0, m.start - 40) : m.start]
    if _ATTENDING.search(lead):
        return False
    owner = _OWNER_TAIL.search(lead)
    marker_start = m.start - len(owner.group()) if owner else m.start
    return not any(o.label == "AGREEMENT" and 0 <= marker_start - o.end <= 1 for o in view.mentions)


_ATTENDING = re.compile(
    r"sự\s+(?:tham\s+dự|tham\s+gia|có\s+mặt|chứng\s+kiến)\s+của\s+(?:cả\s+)?$", re.IGNORECASE
)
_OWNER_TAIL = re.compile(r"\s*(?:của|giữa)\s+(?:cả\s+)?$", re.IGNORECASE)


#: Types whose object a relative clause can name before "mà" (an instrument or a body).
_RELATIVE_TYPES = frozenset({"JOIN", "SIGN", "NEGOTIATE"})


def _time(
    view: SentenceView,
    usable: Sequence[int],
    chunks: Chunks,
    slot: _Slot,
    subject: Zone,
    inherited: Zone | None,
    clause_subject: Zone | None = None,
) -> int | None:
    """The DATE governing the trigger: in the chunks just before it, else the clause's own
    before its first trigger, else the first after it, else the one opening the clause
    ("Ngày 8/11, nhân chuyến thăm X, Bộ trưởng ký …"), else the sentence's."""
    mentions = view.mentions

    def dates(zone: Zone) -> list[int]:
        return [i for i in usable if mentions[i].label == "DATE" and zone.holds(mentions[i])]

    before = Zone(slot.trigger.start, slot.trigger.start)
    if slot.previous is not None:
        # Dates between an earlier trigger's chunk and this one ("..., trong 10 năm qua, đã ký").
        before = Zone(chunks.chunk_of(slot.previous).end, slot.trigger.start)
    for found, pick in ((dates(before), -1), (dates(subject), -1), (dates(slot.own), 0)):
        if found:
            return found[pick]
    if clause_subject is not None and clause_subject != subject:
        opening = [
            i for i in dates(clause_subject) if _opens_clause(view, mentions[i], clause_subject)
        ]
        if opening:
            return opening[0]
    if inherited is not None:
        governing = dates(inherited)
        if governing:
            return governing[-1]
    return None


_DATE_LINK = re.compile(
    r"^\s*(?:,|và|hoặc)\s*(?:(?:tiếp theo|sau đó|lần thứ \w+|lần)\s*)?(?:vào\s*|năm\s*)?$",
    re.IGNORECASE,
)


def _coordinated_dates(view: SentenceView, usable: Sequence[int], first: int) -> list[int]:
    """Dates coordinated with the chosen one ("ký lại năm 2010 và năm 2016", "vào tháng
    12-2003 và tiếp theo vào tháng 8-2015"): each is a time of the event."""
    mentions = view.mentions
    dates = sorted(
        (i for i in usable if mentions[i].label == "DATE"), key=lambda i: mentions[i].start
    )
    found: list[int] = []
    last = mentions[first]
    for i in dates:
        m = mentions[i]
        if m.start < last.end:
            continue
        if not _DATE_LINK.match(view.text[last.end : m.start]):
            break
        found.append(i)
        last = m
    return found


def _opens_clause(view: SentenceView, m: Mention, zone: Zone) -> bool:
    """True for a mention standing first in the zone, before a comma ("Ngày 8/11, …")."""
    lead = view.text[zone.start : m.start].strip(' \t\n,(“"')
    if lead and fold_phrase(lead) not in {"vào", "trong", "từ", "sau đó", "tiếp đó"}:
        return False
    return view.text[m.end : m.end + 2].lstrip().startswith(",")


def _complete_pairs(
    view: SentenceView, chosen: list[tuple[str, int]], usable: Sequence[int]
) -> None:
    """Add the partner of a chosen name: its parenthesised acronym, a title's organization."""
    mentions = view.mentions
    text = view.text
    picked = {i for _, i in chosen}
    for role, i in list(chosen):
        m = mentions[i]
        for j in usable:
            if j in picked:
                continue
            o = mentions[j]
            acronym = (
                o.label == m.label
                and o.value == m.value
                and (
                    (o.start > m.end and text[m.end : o.start].strip() == "(")
                    or (m.start > o.end and text[o.end : m.start].strip() == "(")
                )
            )
            title_org = (
                m.label == "PER"
                and o.label == "ORG"
                and o.end <= m.start
                and not text[o.end : m.start].strip()
            )
            if acronym or title_org:
                chosen.append(("participant" if title_org else role, j))
                picked.add(j)


def modality(view: SentenceView, trigger: TriggerMatch, floor: int) -> str:
    """Modality of the event: negated, planned, ongoing or asserted, from the words before it."""
    words = [
        fold_phrase(t.text) for t in view.tokens if floor <= t.start and t.end <= trigger.start
    ][-6:]
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in {"không", "chưa", "chẳng"} and nxt not in _NOT_NEGATING:
            return "negated"
    planned = [w for w in words if w in _PLANNED]
    # "Quốc hội nhất trí thông qua Nghị quyết": the vote is the adoption itself.
    if planned and words[-1:] and words[-1] in _VOTE and trigger.rule == "thông qua":
        planned = [w for w in planned if w not in _VOTE]
    if planned:
        return "planned"
    if "đang" in words:
        return "ongoing"
    return "asserted"


_PLANNED = frozenset(
    {
        "sẽ", "dự kiến", "sắp", "dự định", "kế hoạch", "sắp tới", "định", "chuẩn bị", "sớm",
        "hướng tới", "hướng đến", "tiến tới", "mong muốn", "hy vọng", "đề nghị", "đề xuất",
        "xem xét", "cam kết", "nhất trí", "thống nhất",
    }
)  # fmt: skip
_VOTE = frozenset({"nhất trí", "thống nhất", "biểu quyết"})
_NOT_NEGATING = frozenset({"ngừng", "chỉ", "những", "ít", "tách rời", "thể thiếu", "kém", "ngớt"})
