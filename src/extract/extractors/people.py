"""PER names without their titles; `title` = the title phrase written directly before (§1, §9).

Evidence for a name, strongest first:
- a title or an honorific before a capitalised run: "Thứ trưởng Bộ Nội vụ Vũ Chiến Thắng",
  "Trưởng đại diện … tại Việt Nam Caroline Nyamayemombe", "bà Sinwon Park", "bà Đức";
- a Vietnamese surname from the lexicon starting a run of 2–4 capitalised syllables;
- a photo credit or byline: "(Ảnh: Nguyễn Thảo/TTXVN)", a lone capitalised line at the start or
  the end of the article ("Minh Ngọc", "- Tây Y").

The title phrase runs from a title word through the organizations, offices and places that
qualify it ("Giám đốc Văn phòng Tổ chức Lao động quốc tế (ILO) tại Việt Nam"). Honorifics
(ông, bà…) are not titles. Places, countries and organizations found by earlier components are
never names, except that a country syllable inside a name ("Hà Thị Minh Đức") does not break it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Mention, Sentence, Token
from .base import ContextSentenceExtractor, sentences_with_context
from .lexicon import SyllableMatcher, fold_syllable, read_tsv, split_names
from .organizations import (
    MentionIndex,
    Syllable,
    collapse,
    hits_by_syllable,
    is_acronym_word,
    load_surnames,
    load_titles,
    looks_vietnamese,
    name_key,
    syllable_view,
    word_set,
)

SOURCE = "grammar:people"

# Honorifics and address words: evidence for a name, but not a title (§9: "bà Đức" → PER "Đức").
HONORIFICS = frozenset(
    fold_syllable(w)
    for w in ("ông", "bà", "anh", "chị", "ngài", "cô", "em", "cụ", "bác", "chú", "cháu", "bé")
)
_HONORIFIC_PHRASES = ("đồng chí", "Ông", "Bà", "ngài", "Ngài")
# Words that qualify a title without being an organization: "Trưởng đại diện thường trú …".
_TITLE_QUALIFIERS = word_set(
    "thường trú thường trực đặc mệnh toàn quyền phụ trách kiêm đại diện chính thức "
    "nước Chính phủ Quốc hội Văn phòng Trụ sở Phái đoàn Cơ quan"
)
_PLACE_PREPOSITIONS = frozenset(fold_syllable(w) for w in ("tại", "ở", "bên", "cạnh"))
# Given-name particles that are lowercase in foreign names ("Ali bin Saeed", "Ursula von der …").
_NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "de", "der", "da", "al", "el", "la"})
# Foreign honorifics between a title and the name ("Thủ tướng Malaysia Dato' Sri Ismail"):
# neither title nor name.
_FOREIGN_HONORIFIC = re.compile(
    r"(?:Dato['’]?\s+Sri|Dato['’]?\s+Seri|Datuk\s+Seri|Datuk\s+Sri|Tan\s+Sri|Puan\s+Sri|"
    r"Dato['’]|Datuk|Datin|Tunku|Tun)\s+(?=\w)"
)
# Initials written for a name ("bà N.T.H.", "anh T.V.", "ông Đ.M.T"): two or more capitals each
# followed by a dot (the last dot may be missing).
_INITIALS = re.compile(
    r"(?:[A-ZĐ]\.){1,4}[A-ZĐ](?:\.(?=[\s,;:)]))?(?![\w.])|(?:[A-ZĐ]\.){2,4}(?=[\s,;:)])"
)
# Sexagenary year names ("Tết Giáp Thìn", "năm Ất Tỵ"): a heavenly stem and an earthly branch
# look like a surname and a given name but are never a person.
_STEMS = word_set("Giáp Ất Bính Đinh Mậu Kỷ Canh Tân Nhâm Quý")
_BRANCHES = word_set("Tý Sửu Dần Mão Mẹo Thìn Tỵ Tị Ngọ Mùi Thân Dậu Tuất Hợi")
_CREDIT = re.compile(r"\((?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn|Bài và ảnh)\s*:\s*([^()]*)\)")
_NON_NAME_WORDS = word_set(
    "Hội nghị Thời sự Tin tức Thông báo Ảnh Nguồn Theo Tổng hợp Chủ nhật Thứ Ngày Tháng "
    "Năm Sáng Chiều Tối Trưa Bài Video Clip Xem"
)


@dataclass(frozen=True, slots=True)
class PeopleLexicons:
    """Titles (`title` → kind), folded surnames, and place names that are never a person."""

    titles: dict[str, str]
    surnames: frozenset[str]
    places: frozenset[tuple[str, ...]] = frozenset()


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What the name rules read in one sentence: its syllables, known mentions and titles."""

    text: str
    view: Sequence[Syllable]
    index: MentionIndex
    hits: dict[int, tuple[int, str]]  # title or honorific start → (end, kind)


class PersonGrammar:
    """Pure matching functions for person names in one sentence."""

    def __init__(self, lexicons: PeopleLexicons) -> None:
        self.lex = lexicons
        matcher: SyllableMatcher[str] = SyllableMatcher()
        for title, kind in lexicons.titles.items():
            matcher.add(title, kind)
        for phrase in _HONORIFIC_PHRASES:
            matcher.add(phrase, "honorific")
        self.titles = matcher

    def is_honorific(self, kind: str, text: str) -> bool:
        """True for address words (ông, bà, đồng chí…), which are not recorded as titles."""
        return kind == "honorific" or fold_syllable(text) in HONORIFICS

    def find(
        self,
        text: str,
        tokens: Sequence[Token],
        known: Sequence[Mention],
        *,
        given_names: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Person names of one sentence (offsets relative to `text`)."""
        return self.names(self.context(text, tokens, known), given_names=given_names)

    def context(
        self, text: str, tokens: Sequence[Token], known: Sequence[Mention]
    ) -> SentenceContext:
        """Prepare one sentence for `names` (the document pass reads each sentence twice)."""
        view = syllable_view(text, tokens)
        hits = hits_by_syllable(view, self.titles.find(text))
        return SentenceContext(text, view, MentionIndex.build(view, known), hits)

    def names(
        self, sentence: SentenceContext, *, given_names: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Person names of a prepared sentence (offsets relative to its text)."""
        text, view, index, hits = sentence.text, sentence.view, sentence.index, sentence.hits
        found: list[Mention] = []
        taken: set[int] = set()
        for i in sorted(hits):
            if i in taken or not view[i].word_start:
                continue
            end, kind = hits[i]
            if not view[end - 1].word_end and end < len(view) and view[end].lower:
                continue  # "Bà" of "Bà con", "Chủ tịch" of a longer lowercase word
            if index.inside(i, ("ORG",)) and not _starts_name_after(view, end):
                continue
            honorific = self.is_honorific(kind, text[view[i].start : view[end - 1].end])
            title_end = end if honorific else self._title_end(view, end, index, hits)
            title = None if honorific else collapse(text[view[i].start : view[title_end - 1].end])
            initials = _initials_at(text, view, title_end)
            if initials is not None:
                start, stop, last = initials
                found.append(Mention(start, stop, "PER", text[start:stop], SOURCE, title=title))
                taken.update(range(i, last))
                continue
            name_start = _after_foreign_honorific(text, view, title_end)
            name = self._name_after(view, name_start, index, honorific, given_names)
            if name is None:
                continue
            first, last = name
            start, stop = view[first].start, view[last - 1].end
            found.append(
                Mention(start, stop, "PER", collapse(text[start:stop]), SOURCE, title=title)
            )
            taken.update(range(i, last))
        found.extend(self._surname_names(view, index, taken, hits))
        found.extend(self._credits(text, view, index, taken))
        return found

    def _title_end(
        self,
        view: Sequence[Syllable],
        j: int,
        index: MentionIndex,
        hits: dict[int, tuple[int, str]],
    ) -> int:
        """Extend a title over the organizations, offices and places that qualify it."""
        n = len(view)
        end = j
        inner = index.inside(j, ("ORG",)) if j < n else None
        if inner and inner[0] < j:
            # The listed title ends inside an organization found by the grammar: "Bí thư Tỉnh
            # ủy | Nghệ An", "Chủ tịch UBND | tỉnh Quảng Nam" — the title runs to its end.
            j = end = inner[1]
        while j < n:
            org = index.at(j, ("ORG",))
            if org:
                j = end = org[0]
                if j < n and view[j].text == "(":
                    close = next((k for k in range(j, min(n, j + 6)) if view[k].text == ")"), None)
                    if close is not None:
                        j = end = close + 1
                continue
            if view[j].key in _PLACE_PREPOSITIONS:
                k = j + 1
                while k < n and view[k].key in _PLACE_PREPOSITIONS:
                    k += 1
                place = index.at(k, ("GPE", "LOC", "ORG"))
                if place:
                    j = end = place[0]
                    continue
                break
            place = index.at(j, ("GPE", "LOC"))
            if place and place[0] < n and view[place[0]].cap:
                # "Đại sứ Israel …", "Thủ tướng Lào Thongloun …", "Bí thư Tỉnh ủy Nghệ An …"
                j = end = place[0]
                continue
            if view[j].key in _TITLE_QUALIFIERS:
                j = end = j + 1
                continue
            if view[j].text in "-–" and j + 1 < n and index.at(j + 1, ("ORG",)):
                j += 1
                continue
            hit = hits.get(j)
            if hit and not self.is_honorific(hit[1], view[j].text) and j > end - 1:
                j = end = hit[0]
                continue
            break
        return end

    def _name_after(
        self,
        view: Sequence[Syllable],
        j: int,
        index: MentionIndex,
        honorific: bool,
        given_names: frozenset[str],
    ) -> tuple[int, int] | None:
        """The capitalised run after a title or honorific, if it reads as a name."""
        n = len(view)
        particle = j + 1 < n and view[j].text in _NAME_PARTICLES and view[j + 1].cap
        if j >= n or not (view[j].cap or particle) or is_acronym_word(view[j].text):
            return None
        if index.at(j, ("ORG", "LOC", "DATE", "AGREEMENT", "COUNT")):
            return None
        gpe = index.at(j, ("GPE",))
        run = _name_run(view, j)
        if not run:
            return None
        # "Thủ tướng Lào Thongloun Sisoulith": a country written before the name qualifies the
        # title even where the gazetteer left it unmarked.
        for cut in range(min(len(run) - 1, 3), 0, -1):
            if tuple(view[k].key for k in run[:cut]) in self.lex.places:
                run = run[cut:]
                j, gpe = run[0], None
                break
        last = run[-1] + 1
        words = [view[k].text for k in run if view[k].is_word]
        if any(fold_syllable(w) in _NON_NAME_WORDS for w in words[:1]):
            return None
        if gpe and gpe[0] >= last and not (honorific and len(words) == 1):
            return None  # the run is a country: "Bộ trưởng Lào"
        if view[j].key in self.lex.surnames and len(words) >= 2:
            return j, last
        if all(not looks_vietnamese(w) for w in words if w[0].isupper()):
            return j, last  # a foreign name: "Caroline Nyamayemombe", "Sinwon Park"
        if any(_glued_lower_syllable(view, k) for k in run[1:]):
            return j, last  # "Kham phan Philavong": the glued syllable marks a foreign name
        if honorific and (len(words) > 1 or len(words[0]) > 1):
            return j, last  # "bà Đức", "ông Kim Young Mok"
        if len(words) == 1 and view[j].key in given_names:
            return j, last  # "Thứ trưởng Thắng" after "Vũ Chiến Thắng"
        if len(words) >= 2 and all(view[k].pos == "Np" for k in run if view[k].is_word):
            return j, last
        return None

    def _surname_names(
        self,
        view: Sequence[Syllable],
        index: MentionIndex,
        taken: set[int],
        titles: dict[int, tuple[int, str]],
    ) -> list[Mention]:
        """Runs of 2–4 capitalised syllables that start with a known surname."""
        found: list[Mention] = []
        i = 0
        while i < len(view):
            s = view[i]
            # The surname lookup comes first: it rules out nearly every syllable.
            if (
                i in taken
                or s.key not in self.lex.surnames
                or not s.cap
                or (i > 0 and view[i - 1].cap and view[i - 1].is_word)
                or index.inside(i, ("ORG", "LOC", "GPE", "DATE", "AGREEMENT"))
            ):
                i += 1
                continue
            run = _cap_syllables(view, i)
            if 2 <= len(run) <= 4 and self._plausible_run(view, run, index, titles):
                start, stop = view[run[0]].start, view[run[-1]].end
                if not any(fold_syllable(view[k].text) in _NON_NAME_WORDS for k in run):
                    text = " ".join(view[k].text for k in run)
                    found.append(Mention(start, stop, "PER", text, SOURCE))
                    taken.update(run)
                i = run[-1] + 1
                continue
            i += 1
        return found

    def _plausible_run(
        self,
        view: Sequence[Syllable],
        run: list[int],
        index: MentionIndex,
        titles: dict[int, tuple[int, str]],
    ) -> bool:
        """A surname run is a name unless it is a place, a title or part of a longer word."""
        if len(run) == 2 and view[run[0]].key in _STEMS and view[run[1]].key in _BRANCHES:
            return False  # "Giáp Thìn": a year of the sexagenary cycle
        if any(index.inside(k, ("ORG", "LOC", "AGREEMENT")) for k in run):
            return False
        for k in run:
            place = index.inside(k, ("GPE",))
            if place and place[1] - place[0] > 1:
                return False  # "Đoàn Việt Nam": a multi-syllable country is not a given name
        if tuple(view[k].key for k in run) in self.lex.places:
            return False  # "Hà Lan", "Hoa Kỳ": a country even where the gazetteer held back
        if any(k in titles for k in run):
            return False  # "Phó Vụ trưởng"
        last = view[run[-1]]
        after = run[-1] + 1
        return last.word_end or after >= len(view) or not view[after].lower

    def _credits(
        self, text: str, view: Sequence[Syllable], index: MentionIndex, taken: set[int]
    ) -> list[Mention]:
        """Names in a photo credit: "(Ảnh: Nguyễn Thảo/TTXVN)", "(Ảnh: Sơn Nguyễn)"."""
        credits = list(_CREDIT.finditer(text))
        if not credits:
            return []  # most sentences carry no credit: skip indexing their syllables
        found: list[Mention] = []
        starts = {s.start: k for k, s in enumerate(view)}
        for m in credits:
            for part in re.finditer(r"[^/,;]+", m.group(1)):
                raw = part.group()
                lead = len(raw) - len(raw.lstrip())
                start = m.start(1) + part.start() + lead
                k = starts.get(start)
                if k is None or k in taken or index.inside(k, ("ORG", "GPE", "LOC")):
                    continue
                words = raw.split()
                if 2 <= len(words) <= 4 and all(
                    w[0].isupper() and not is_acronym_word(w) for w in words
                ):
                    stop = start + len(raw.strip())
                    found.append(Mention(start, stop, "PER", collapse(raw), SOURCE))
        return found


def _syllable_match(
    pattern: re.Pattern[str], text: str, view: Sequence[Syllable], j: int
) -> tuple[re.Match[str], int] | None:
    """`pattern` matched at syllable `j`, and the first syllable after the match."""
    if j >= len(view):
        return None
    m = pattern.match(text, view[j].start)
    if m is None:
        return None
    k = j
    while k < len(view) and view[k].start < m.end():
        k += 1
    return m, k


def _initials_at(text: str, view: Sequence[Syllable], j: int) -> tuple[int, int, int] | None:
    """Initials standing for a name right at syllable `j`: (start, end, syllable after)."""
    found = _syllable_match(_INITIALS, text, view, j)
    return None if found is None else (found[0].start(), found[0].end(), found[1])


def _after_foreign_honorific(text: str, view: Sequence[Syllable], j: int) -> int:
    """The syllable after a foreign honorific at `j` ("Dato' Sri", "Tan Sri"), else `j`."""
    found = _syllable_match(_FOREIGN_HONORIFIC, text, view, j)
    return j if found is None else found[1]


def _starts_name_after(view: Sequence[Syllable], end: int) -> bool:
    return end < len(view) and view[end].cap


def _cap_syllables(view: Sequence[Syllable], i: int) -> list[int]:
    run: list[int] = []
    k = i
    while k < len(view) and view[k].cap and not is_acronym_word(view[k].text) and len(run) < 5:
        run.append(k)
        k += 1
    return run


def _name_run(view: Sequence[Syllable], j: int) -> list[int]:
    """Capitalised syllables from `j`, joined by hyphens or foreign particles, at most 6 words."""
    run: list[int] = []
    k = j
    words = 0
    while k < len(view) and words < 6:
        s = view[k]
        if s.cap and not is_acronym_word(s.text):
            run.append(k)
            words += 1
            k += 1
        elif not run and s.text in _NAME_PARTICLES and k + 1 < len(view) and view[k + 1].cap:
            run.append(k)  # "bin Yaakob" after an honorific: the particle opens the name
            k += 1
        elif (
            s.text in "-'"
            and run
            and k + 1 < len(view)
            and view[k + 1].is_word
            and s.start == view[k - 1].end
            and view[k + 1].start == s.end
            and (view[k + 1].lower or not looks_vietnamese(view[k + 1].text))
        ):
            run.extend((k, k + 1))  # "Woo-young", "Khăm-phanh"; "Bình-Thường" is two things
            k += 2
        elif (
            s.text == "."
            and run
            and len(view[k - 1].text) == 1
            and k + 1 < len(view)
            and view[k + 1].cap
        ):
            run.append(k)  # an initial: "Margarita M. Gonzalez"
            k += 1
        elif s.text in _NAME_PARTICLES and run and k + 1 < len(view) and view[k + 1].cap:
            run.append(k)
            k += 1
        elif run and _glued_lower_syllable(view, k):
            run.append(k)  # "Kham phan Philavong", "Thongsouk sing Saysana"
            k += 1
        else:
            break
    return run


def _glued_lower_syllable(view: Sequence[Syllable], k: int) -> bool:
    """A lower-case syllable inside a Lao, Thai or Khmer name ("Kham phan Philavong",
    "Bounkham vo Vorachit"): underthesea glues it into one word with a capitalised neighbour,
    which is spelled non-Vietnamese (no Vietnamese word mixes them); a preposition or
    verb after a name stays a word of its own ("Merkel | tại Berlin")."""
    s = view[k]
    if not s.lower or k + 1 >= len(view):
        return False
    prev, nxt = view[k - 1], view[k + 1]
    if not (prev.cap and nxt.cap and prev.end < s.start and s.end < nxt.start):
        return False
    if is_acronym_word(nxt.text):  # "Bộ trưởng Lao động ASEAN": a title and a body
        return False
    # glued to a neighbour that is itself foreign: "Lao động" is a Vietnamese word, not a name
    glued_prev = not s.word_start and not looks_vietnamese(prev.text)
    return glued_prev or (not nxt.word_start and not looks_vietnamese(nxt.text))


def byline(text: str) -> tuple[int, int] | None:
    """A lone name line ("Minh Ngọc", "- Tây Y", "Theo Minh Ngọc"): the name's span, or None."""
    m = re.match(r"^\s*(?:[-–—*]\s*)?(?:Theo\s+)?(\w+(?:\s+\w+){1,3})\s*$", text)
    if not m:
        return None
    words = m.group(1).split()
    if not all(w[0].isupper() and not is_acronym_word(w) and not w[0].isdigit() for w in words):
        return None
    if any(fold_syllable(w) in _NON_NAME_WORDS for w in words):
        return None
    return m.start(1), m.end(1)


class PeopleExtractor(ContextSentenceExtractor):
    """PER mentions with titles, in two passes (full names, then short forms and bylines)."""

    name = "people"

    def __init__(self, lexicons: PeopleLexicons, *, byline_window: int = 3) -> None:
        self.grammar = PersonGrammar(lexicons)
        self.byline_window = byline_window

    def match(self, doc: Doc) -> list[Mention]:
        """Names of every sentence; short forms use the given names found in the whole document."""
        sentences = list(doc._.sentences)
        contexts: list[tuple[Sentence, SentenceContext, list[Mention]]] = []
        given: set[str] = set()
        for sentence, text, tokens, known in sentences_with_context(doc):
            context = self.grammar.context(text, tokens, known)
            contexts.append((sentence, context, known))
            for m in self.grammar.names(context):
                words = str(m.value).split()
                if len(words) >= 2:
                    given.add(fold_syllable(words[-1]))
        given_names = frozenset(given)
        found: list[Mention] = []
        n = len(sentences)
        for position, (sentence, context, known) in enumerate(contexts):
            text = context.text
            mentions = self.grammar.names(context, given_names=given_names)
            at_edge = position < self.byline_window or position >= n - 2
            if not mentions and at_edge and _whole_paragraph(doc, sentence):
                span = byline(text)
                if span and not any(m.start < span[1] and span[0] < m.end for m in known):
                    value = collapse(text[span[0] : span[1]])
                    mentions = [Mention(span[0], span[1], "PER", value, SOURCE)]
            found.extend(m.shifted(sentence.start) for m in mentions)
        return found

    def match_sentence(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        published: date | None,
        known: Sequence[Mention] = (),
        given_names: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Person names of one sentence."""
        return self.grammar.find(text, tokens, known, given_names=given_names)


def _whole_paragraph(doc: Doc, sentence: Sentence) -> bool:
    """True when the sentence is alone on its line."""
    before = doc._.text[: sentence.start].rsplit("\n", 1)[-1]
    after = doc._.text[sentence.end :].split("\n", 1)[0]
    return not before.strip() and not after.strip()


@Language.factory(
    "vi_people",
    default_config={
        "lexicon_dir": "",
        "person_titles": "person_titles.tsv",
        "surnames": "surnames.tsv",
        "countries": "countries.tsv",
        "places": "places.tsv",
        "byline_window": 3,
    },
)
def make_people(
    nlp: Language,
    name: str,
    *,
    lexicon_dir: str,
    person_titles: str,
    surnames: str,
    countries: str,
    places: str,
    byline_window: int,
) -> PeopleExtractor:
    """Person-name component (lexicons load here, once)."""
    directory = Path(lexicon_dir)
    lexicons = PeopleLexicons(
        load_titles(directory / person_titles),
        load_surnames(directory / surnames),
        load_place_names(directory / countries, directory / places),
    )
    return PeopleExtractor(lexicons, byline_window=byline_window)


def load_place_names(*paths: Path) -> frozenset[tuple[str, ...]]:
    """Folded names of countries and places (`names` or `name` column) from the given TSVs."""
    keys: set[tuple[str, ...]] = set()
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            header = next((line for line in handle if not line.startswith("#")), "")
        first = header.split("\t")[0].strip()
        for row in read_tsv(path, [first]):
            for name in split_names(row.get("names") or row.get("name") or ""):
                keys.add(name_key(name))
    return frozenset(keys)
