"""spaCy factories of the extractor components, with their defaults next to them.

Importing this module registers the factories (cheap); lexicons and models load only when a
pipeline is built, never at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from ..records import Mention, Token
from .base import SentenceExtractor
from .gazetteer import Gazetteer, GazetteerLexicons, load_gazetteer
from .overlap import POLICIES


@Language.factory(
    "vi_gazetteer",
    default_config={
        "lexicon_dir": "",
        "countries": "countries.tsv",
        "countries_ambiguous": "countries_ambiguous.tsv",
        "places": "places.tsv",
        "organizations": "organizations.tsv",
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
) -> Gazetteer:
    """Country / place / organization lexicon matcher."""
    files = GazetteerLexicons(countries, countries_ambiguous, places, organizations)
    return Gazetteer(load_gazetteer(Path(lexicon_dir), files))


class DateExtractor(SentenceExtractor):
    """DATE mentions from the temporal grammar, anchored to the publication date."""

    name = "dates"

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Dates of one sentence."""
        from .dates import find_dates

        return find_dates(text, published=published)


@Language.factory("vi_dates", default_config={"lexicon_dir": ""})
def make_dates(nlp: Language, name: str, *, lexicon_dir: str) -> DateExtractor:
    """Temporal grammar component."""
    return DateExtractor()


class CountExtractor(SentenceExtractor):
    """COUNT mentions: numerals with their qualifier and counted noun."""

    name = "counts"

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Counts of one sentence."""
        from .counts import find_counts

        return find_counts(text, tokens)


@Language.factory("vi_counts", default_config={"lexicon_dir": ""})
def make_counts(nlp: Language, name: str, *, lexicon_dir: str) -> CountExtractor:
    """Count grammar component."""
    return CountExtractor()


class ResolveOverlaps:
    """Applies the configured overlap policy to all mentions of the document."""

    def __init__(self, policy: str) -> None:
        if policy not in POLICIES:
            raise ConfigError(f"unknown overlap policy {policy!r}; choose from {sorted(POLICIES)}")
        self.policy = POLICIES[policy]

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = self.policy(doc._.mentions)
        return doc


@Language.factory("vi_resolve", default_config={"lexicon_dir": "", "policy": "longest_per_label"})
def make_resolve(nlp: Language, name: str, *, lexicon_dir: str, policy: str) -> ResolveOverlaps:
    """Overlap resolution component."""
    return ResolveOverlaps(policy)
