"""Lexicon matching of countries (GPE), places (LOC) and known organizations (ORG)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..records import Mention, Token
from .base import SentenceExtractor
from .lexicon import SyllableMatcher, read_tsv, split_names


@dataclass(frozen=True, slots=True)
class Entry:
    """What a lexicon name stands for."""

    label: str
    value: str
    source: str
    condition: str | None = None


@dataclass(frozen=True, slots=True)
class GazetteerLexicons:
    """The lexicon files the gazetteer reads, relative to the lexicon folder."""

    countries: str = "countries.tsv"
    countries_ambiguous: str = "countries_ambiguous.tsv"
    places: str = "places.tsv"
    organizations: str = "organizations.tsv"


def load_gazetteer(directory: Path, files: GazetteerLexicons) -> SyllableMatcher[Entry]:
    """Build one matcher over every country, place and organization name."""
    matcher: SyllableMatcher[Entry] = SyllableMatcher()
    for row in read_tsv(directory / files.countries, ["iso3", "names"]):
        for name in split_names(row["names"]):
            matcher.add(name, Entry("GPE", row["iso3"], "lexicon:countries"))
    ambiguous = directory / files.countries_ambiguous
    if ambiguous.exists():
        for row in read_tsv(ambiguous, ["iso3", "name", "condition"]):
            entry = Entry("GPE", row["iso3"], "lexicon:countries_ambiguous", row["condition"])
            matcher.add(row["name"], entry)
    for row in read_tsv(directory / files.places, ["name", "type"]):
        matcher.add(row["name"], Entry("LOC", row["name"], f"lexicon:places:{row['type']}"))
    for row in read_tsv(directory / files.organizations, ["value", "names"]):
        for name in split_names(row["names"]):
            matcher.add(name, Entry("ORG", row["value"], "lexicon:organizations"))
    return matcher


# Names that are part of a title rather than an organization after these words (§1, §9).
_TITLE_BOUND = {
    "Chính phủ": re.compile(r"(Thủ tướng|liên|Phó Thủ tướng)\s*$", re.IGNORECASE),
    "Quốc hội": re.compile(r"(Chủ tịch|đại biểu|Phó Chủ tịch|Tổng Thư ký)\s*$", re.IGNORECASE),
}
_PAIR_DASH = re.compile(r"^\s*[-–—]\s*\w")
_PAIR_DASH_BEFORE = re.compile(r"\w\s*[-–—]\s*$")


class Gazetteer(SentenceExtractor):
    """Finds lexicon names; a match's value is the entry's canonical key."""

    name = "gazetteer"

    def __init__(self, matcher: SyllableMatcher[Entry]) -> None:
        self.matcher = matcher

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Lexicon hits in one sentence, with ambiguous entries kept only where their rule holds."""
        found: list[Mention] = []
        for hit in self.matcher.find(text):
            before = text[: hit.start]
            after = text[hit.end :]
            bound = _TITLE_BOUND.get(text[hit.start : hit.end])
            if bound and bound.search(before):
                continue
            # A name listed as ambiguous anywhere is kept only where its condition holds.
            conditions = {e.condition for e in hit.payloads if e.condition}
            if any(not _condition_holds(c, before, after) for c in conditions):
                continue
            entry = next((e for e in hit.payloads if not e.condition), hit.payloads[0])
            found.append(Mention(hit.start, hit.end, entry.label, entry.value, entry.source))
        return found


def _condition_holds(condition: str, before: str, after: str) -> bool:
    if condition == "in_pair":
        return bool(_PAIR_DASH.match(after) or _PAIR_DASH_BEFORE.search(before))
    if condition == "capitalized":
        return True  # the matcher already enforces the first letter's case
    if condition == "not_after_person_name":
        return not re.search(r"\b(bà|ông|anh|chị|Bà|Ông)\s+(\w+\s+){0,3}$", before)
    return False
