"""Lexicon matching of countries (GPE), places (LOC) and known organizations (ORG)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language

from ..records import Mention, Token
from .base import SentenceExtractor
from .lexicon import SyllableMatcher, read_tsv, split_names

#: Conditions of `countries_ambiguous.tsv` (defined in that file's header).
CONDITIONS = (
    "capitalized",
    "in_pair",
    "in_country_list",
    "after_country_cue",
    "not_person_name",
    "not_in_longer_name",
    "not_compound",
    "after_minister_title",
    "title_before_foreign_name",
)

# ANNOTATION §3: only these keys replace an organization's written name as its value.
CANONICAL_ORG_KEYS = frozenset(
    [
        "ILO",
        "UNICEF",
        "UNDP",
        "UNFPA",
        "UNHCR",
        "UNODC",
        "IOM",
        "UN",
        "WB",
        "ADB",
        "IMF",
        "WTO",
        "OECD",
        "ASEAN",
        "APEC",
        "ASEM",
        "AFTA",
        "EU",
        "ASCC",
        "ACCSM",
        "ACCSM+3",
        "SIDA",
        "JICA",
        "KOICA",
        "GIZ",
        "MOLISA",
        "MOHA",
        "MOFA",
    ]
) | {"UN Women", "Chính phủ Việt Nam"}


@dataclass(frozen=True, slots=True)
class Entry:
    """What a lexicon name stands for; `conditions` are alternatives, each a set of must-holds."""

    label: str
    value: str
    source: str
    conditions: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class GazetteerLexicons:
    """The lexicon files the gazetteer reads, relative to the lexicon folder."""

    countries: str = "countries.tsv"
    countries_ambiguous: str = "countries_ambiguous.tsv"
    places: str = "places.tsv"
    organizations: str = "organizations.tsv"
    titles: str = "person_titles.tsv"
    surnames: str = "surnames.tsv"


@dataclass
class GazetteerData:
    """Everything the gazetteer loads from the lexicon folder."""

    matcher: SyllableMatcher[Entry]
    person_cues: frozenset[str] = field(default_factory=frozenset)
    name_syllables: frozenset[str] = field(default_factory=frozenset)


def load_gazetteer(directory: Path, files: GazetteerLexicons) -> GazetteerData:
    """Build one matcher over every country, place and organization name, plus name cues."""
    matcher: SyllableMatcher[Entry] = SyllableMatcher()
    for row in read_tsv(directory / files.countries, ["iso3", "names"]):
        for name in split_names(row["names"]):
            matcher.add(name, Entry("GPE", row["iso3"], "lexicon:countries"))
    ambiguous: dict[tuple[str, str], list[frozenset[str]]] = {}
    path = directory / files.countries_ambiguous
    if path.exists():
        for row in read_tsv(path, ["iso3", "name", "condition"]):
            parts = frozenset(p.strip() for p in row["condition"].split("+") if p.strip())
            unknown = parts - set(CONDITIONS)
            if unknown:
                raise ValueError(
                    f"{path}: unknown condition(s) {sorted(unknown)} for {row['name']}"
                )
            ambiguous.setdefault((row["iso3"], row["name"]), []).append(parts)
    for (iso3, name), alternatives in sorted(ambiguous.items()):
        entry = Entry("GPE", iso3, "lexicon:countries_ambiguous", tuple(alternatives))
        matcher.add(name, entry)
    for row in read_tsv(directory / files.places, ["name", "type"]):
        matcher.add(row["name"], Entry("LOC", row["name"], f"lexicon:places:{row['type']}"))
    for row in read_tsv(directory / files.organizations, ["value", "names"]):
        key = row["value"]
        value = key if key in CANONICAL_ORG_KEYS else ""
        for name in split_names(row["names"]):
            # A ministry's name without "Bộ" ("LĐ-TB&XH") names the ministry only inside a
            # minister's title (§9); after "ngành" it is the generic sector.
            bare = (
                row.get("type") == "vn_ministry"
                and not name.startswith("Bộ")
                and not name.isascii()
            )
            conditions = (frozenset({"after_minister_title"}),) if bare else ()
            matcher.add(name, Entry("ORG", value, "lexicon:organizations", conditions))
    cues = frozenset(
        r["title"].casefold() for r in read_tsv(directory / files.titles, ["title", "kind"])
    )
    surnames = frozenset(r["surname"] for r in read_tsv(directory / files.surnames, ["surname"]))
    return GazetteerData(matcher, cues | _PRONOUNS, surnames | _MIDDLE_NAMES)


_PRONOUNS = frozenset({"ông", "bà", "anh", "chị", "em", "cô", "chú", "đồng chí", "ngài"})
# Frequent middle and given-name syllables: a country name right after one is part of a name.
_MIDDLE_NAMES = frozenset(
    "Thị Văn Minh Đình Hữu Ngọc Quang Xuân Thanh Đức Anh Hoàng Thu Kim Mạnh Công Duy Quốc Bá "
    "Trọng Thế Tuấn Hồng Lan Hải Việt Nam Hà Chí Khánh Bảo Gia Phương Mai".split()
)
_COUNTRY_CUES = frozenset("nước tại ở sang từ đến với của phía giữa thăm đất".split())
_CUE_PHRASES = (
    "chính phủ",
    "nhà nước",
    "đại sứ quán",
    "đại sứ",
    "thủ tướng",
    "vương quốc",
    "thị trường",
)
_COMPOUND_NEXT = frozenset(
    "luật lệnh lý chế hùng kiến nghĩa ký dài hạch chí tưởng thức định muốn danh sư văn ngữ".split()
)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"^\s*(\w+)")
_PAIR_AFTER = re.compile(r"^\s*[-–—]\s*\w")
_PAIR_BEFORE = re.compile(r"\w\s*[-–—]\s*$")
_LIST_GAP = re.compile(r"^\s*(,|và|hoặc|;)\s*$")
# A dash next to a compass word lists regions ("miền Bắc - Trung - Nam"), not a country pair;
# "Nam" is a compass word unless it ends "Việt Nam".
_COMPASS_BEFORE = re.compile(r"(?:(?<!Việt )\bNam|\bBắc|\bĐông|\bTây)\s*[-–—]\s*$")
_COMPASS_AFTER = re.compile(r"^\s*[-–—]\s*(?:Bắc|Nam|Đông|Tây)\b")

# Names that are part of a title, or generic, after these words (§1, §9).
# Conditions look at most this far around a name: cues and titles are short phrases, and a
# bounded window keeps the cost per name constant however long the sentence.
CONTEXT_CHARS = 120
_TITLE_BOUND = {
    # a numeral counts governments like "các" does: "giữa hai Chính phủ" is not Vietnam's
    "Chính phủ": re.compile(
        r"(Thủ tướng|liên|Phó Thủ tướng|các|những|nhiều|\bhai|\bba|\b[2-9])\s*$", re.IGNORECASE
    ),
    "Quốc hội": re.compile(r"(Chủ tịch|đại biểu|Phó Chủ tịch|Tổng Thư ký)\s*$", re.IGNORECASE),
}
# "Chính phủ các nước", "Chính phủ nước ngoài": governments in general, not Vietnam's.
_GENERIC_AFTER = {"Chính phủ": re.compile(r"^\s*(các|những|nước ngoài|hai nước)\b")}
_MINISTER_TITLE = re.compile(r"(Bộ trưởng|Thứ trưởng|Thứ trưởng Thường trực)\s*$", re.IGNORECASE)
# A head of state's or minister's title, or a ministry's name, right before a country and a
# foreign name: "Thủ tướng Anh Rishi Sunak", "Tổng thống Mỹ Joe Biden", "Bộ Nội vụ Lào Kham…".
_STATE_TITLE = re.compile(
    r"\b(?:Phó\s+)?(?:Thủ\s+tướng|Tổng\s+thống|Chủ\s+tịch|Quốc\s+vương|Nhà\s+vua|Nữ\s+hoàng|"
    r"Hoàng\s+tử|Thái\s+tử|Công\s+chúa|Ngoại\s+trưởng|Đại\s+sứ|Bộ\s+trưởng|Thứ\s+trưởng|"
    r"Tổng\s+Bí\s+thư|Chủ\s+tịch\s+Quốc\s+hội)\s*$"
)
# A national ministry's name ("Bộ Nội vụ", "Bộ Lao động và Phúc lợi xã hội"): a capitalised
# word after it and a country word is a person, never a province ("Bộ Nội vụ Lào Kham…").
_MINISTRY_BEFORE = re.compile(r"\bBộ\s+[A-ZĐ]\w*(?:\s+\w+){0,6}\s*$")
_UNIT_BEFORE = re.compile(r"\b(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|TP\.?)\s*$")


class Gazetteer(SentenceExtractor):
    """Finds lexicon names; a match's value is the entry's canonical key (ANNOTATION §3)."""

    name = "gazetteer"

    def __init__(self, data: GazetteerData) -> None:
        self.data = data

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Lexicon hits in one sentence; ambiguous names kept only where a condition holds."""
        hits = list(self.data.matcher.find(text))
        plain = [
            (h.start, h.end)
            for h in hits
            if any(not e.conditions and e.label == "GPE" for e in h.payloads)
        ]
        found: list[Mention] = []
        for hit in hits:
            before = text[max(0, hit.start - CONTEXT_CHARS) : hit.start]
            surface = text[hit.start : hit.end]
            bound = _TITLE_BOUND.get(surface)
            if bound and bound.search(before):
                continue
            generic = _GENERIC_AFTER.get(surface)
            if generic and generic.match(text[hit.end : hit.end + CONTEXT_CHARS]):
                continue
            entry = next((e for e in hit.payloads if not e.conditions), None)
            if entry is None or any(e.conditions for e in hit.payloads):
                # A name listed as ambiguous anywhere must meet one of its alternatives.
                conditional = [e for e in hit.payloads if e.conditions]
                context = _Context(text, hit.start, hit.end, plain, self.data)
                if not any(context.holds(alt) for e in conditional for alt in e.conditions):
                    continue
                entry = entry or conditional[0]
            value = entry.value or " ".join(surface.split())
            start = hit.start
            if entry.label == "GPE":
                form = _STATE_FORM.search(text, max(0, hit.start - _STATE_FORM_CHARS), hit.start)
                # unless a listed long form already covers it ("Cộng hòa Dân chủ Đức" is DDR)
                if form and not any(
                    h.start <= form.start() and hit.end <= h.end for h in hits if h is not hit
                ):
                    start = form.start()
            found.append(Mention(start, hit.end, entry.label, value, entry.source))
        return found


# A state form written before a country's short name belongs to the GPE (§1: "Vương quốc
# Campuchia", "Cộng hòa Liên bang Đức", "Cộng hòa XHCN Việt Nam", "CHDCND Lào"). "Nhà nước" is
# not one: "Đảng, Nhà nước Việt Nam" is the state as an institution (seed gold: GPE "Việt Nam").
_STATE_FORM = re.compile(
    r"(?<!\w)(?:(?:Vương quốc|Hợp chúng quốc|Công quốc|Đại công quốc|Liên bang|"
    r"Cộng hòa|Cộng hoà)(?:\s+(?i:liên bang|dân chủ|nhân dân|xã hội chủ nghĩa|XHCN|hồi giáo|"
    r"ả rập|thống nhất|tự trị))*|CHXHCN|CHLB|CHDCND|CHND|CHDC)\s+$"
)
_STATE_FORM_CHARS = 60


@dataclass
class _Context:
    text: str
    start: int
    end: int
    plain: list[tuple[int, int]]
    data: GazetteerData

    def _before(self) -> str:
        return self.text[max(0, self.start - CONTEXT_CHARS) : self.start]

    def _after(self) -> str:
        return self.text[self.end : self.end + CONTEXT_CHARS]

    def holds(self, conditions: frozenset[str]) -> bool:
        return all(getattr(self, f"_{c}")() for c in conditions)

    def _capitalized(self) -> bool:
        first = self.text[self.start]
        return first.isupper() and bool(self._before().strip(" \t\"'“(-–*•"))

    def _in_pair(self) -> bool:
        before, after = self._before(), self._after()
        if _COMPASS_BEFORE.search(before) or _COMPASS_AFTER.match(after):
            return False
        return bool(_PAIR_AFTER.match(after) or _PAIR_BEFORE.search(before))

    def _in_country_list(self) -> bool:
        for s, e in self.plain:
            gap = self.text[e : self.start] if e <= self.start else self.text[self.end : s]
            if (e <= self.start or s >= self.end) and _LIST_GAP.match(gap):
                return True
        return False

    def _after_country_cue(self) -> bool:
        before = self._before().rstrip()
        lowered = before.casefold()
        if any(lowered.endswith(cue) for cue in _CUE_PHRASES):
            return True
        m = _WORD_BEFORE.search(before)
        return bool(m and m.group(1) in _COUNTRY_CUES and m.end(1) == len(before))

    def _after_minister_title(self) -> bool:
        return bool(_MINISTER_TITLE.search(self._before()))

    def _not_person_name(self) -> bool:
        before = self._before()
        m = _WORD_BEFORE.search(before)
        # Only a word directly before the name (no punctuation between) can be part of it.
        if m and before[m.end(1) :].strip() == "":
            word = m.group(1)
            if word.casefold() in self.data.person_cues or word in self.data.name_syllables:
                return False
            lowered = before.casefold().rstrip()
            if any(lowered.endswith(cue) for cue in self.data.person_cues if " " in cue):
                return False
        after = _WORD_AFTER.match(self._after())
        return not (
            after and after.group(1)[0].isupper() and self.text[self.end : self.end + 1] == " "
        )

    def _title_before_foreign_name(self) -> bool:
        from .organizations import looks_vietnamese  # that module imports this one

        after = _WORD_AFTER.match(self.text[self.end :])
        if not (after and self.text[self.end : self.end + 1] == " "):
            return False
        word = after.group(1)
        if not word[0].isupper() or word.isupper():
            return False
        before = self.text[max(0, self.start - 60) : self.start]
        if not looks_vietnamese(word):
            return bool(_STATE_TITLE.search(before) or _MINISTRY_BEFORE.search(before))
        return (
            bool(_MINISTRY_BEFORE.search(before))
            and not _UNIT_BEFORE.search(before)
            and not self._starts_longer_place(word)
        )

    def _starts_longer_place(self, word: str) -> bool:
        """Whether the name and the word after it are a listed place ("Lào Cai")."""
        phrase = self.text[self.start : self.end + 1 + len(word)]
        return any(
            h.start == 0 and h.end == len(phrase) and any(e.label == "LOC" for e in h.payloads)
            for h in self.data.matcher.find(phrase)
        )

    def _not_in_longer_name(self) -> bool:
        after = _WORD_AFTER.match(self._after())
        gap = self.text[self.end : self.end + 1]
        return not (after and gap == " " and after.group(1)[0].isupper())

    def _not_compound(self) -> bool:
        after = _WORD_AFTER.match(self._after())
        return not (after and after.group(1) in _COMPOUND_NEXT)


@Language.factory(
    "vi_gazetteer",
    default_config={
        "lexicon_dir": "",
        "countries": "countries.tsv",
        "countries_ambiguous": "countries_ambiguous.tsv",
        "places": "places.tsv",
        "organizations": "organizations.tsv",
        "titles": "person_titles.tsv",
        "surnames": "surnames.tsv",
    },
)
def make_gazetteer(
    nlp: Language,
    name: str,
    *,
    lexicon_dir: str,
    countries: str,
    countries_ambiguous: str,
    places: str,
    organizations: str,
    titles: str,
    surnames: str,
) -> Gazetteer:
    """Country / place / organization lexicon matcher."""
    files = GazetteerLexicons(
        countries, countries_ambiguous, places, organizations, titles, surnames
    )
    return Gazetteer(load_gazetteer(Path(lexicon_dir), files))
