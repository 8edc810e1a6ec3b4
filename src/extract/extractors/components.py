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

from ..errors import ConfigError, Errors
from ..records import Mention, Token
from . import gazetteer as _gazetteer  # noqa: F401  (registers vi_gazetteer)
from .agreements import AgreementLexicon, find_agreements, load_agreement_lexicon, resolve_aliases
from .base import ContextSentenceExtractor, SentenceExtractor, sentence_tokens
from .counts import CountUnits, find_counts, load_count_units
from .dates import find_dates
from .overlap import POLICIES

#: Labels whose names end a counted phrase: "lao động Việt Nam" counts "lao động".
PLACE_LABELS = frozenset({"GPE", "LOC"})


class DateExtractor(SentenceExtractor):
    """DATE mentions from the temporal grammar, anchored to the publication date."""

    name = "dates"

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Dates of one sentence."""
        return find_dates(text, published=published)


@Language.factory("vi_dates", default_config={"lexicon_dir": ""})
def make_dates(nlp: Language, name: str, *, lexicon_dir: str) -> DateExtractor:
    """Temporal grammar component."""
    return DateExtractor()


class CountExtractor(ContextSentenceExtractor):
    """COUNT mentions: numerals with their qualifier and counted noun; the country and place
    names found before it (gazetteer) bound the counted phrase."""

    name = "counts"

    def __init__(self, units: CountUnits) -> None:
        self.units = units

    def match_sentence(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        published: date | None,
        known: Sequence[Mention] = (),
    ) -> list[Mention]:
        """Counts of one sentence."""
        places = {m.start for m in known if m.label in PLACE_LABELS}
        return find_counts(text, tokens, units=self.units, place_starts=places)


@Language.factory("vi_counts", default_config={"lexicon_dir": "", "units": "count_units.tsv"})
def make_counts(nlp: Language, name: str, *, lexicon_dir: str, units: str) -> CountExtractor:
    """Count grammar component; `units` is the counted-noun lexicon."""
    return CountExtractor(load_count_units(Path(lexicon_dir) / units))


class ResolveOverlaps:
    """Applies the configured overlap policy to all mentions of the document."""

    def __init__(self, policy: str) -> None:
        if policy not in POLICIES:
            known = ", ".join(sorted(POLICIES))
            raise ConfigError(Errors.E028.format(policy=policy, known=known))
        self.policy = POLICIES[policy]

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = self.policy(doc._.mentions)
        return doc


@Language.factory("vi_resolve", default_config={"lexicon_dir": "", "policy": "longest_per_label"})
def make_resolve(nlp: Language, name: str, *, lexicon_dir: str, policy: str) -> ResolveOverlaps:
    """Overlap resolution component."""
    return ResolveOverlaps(policy)


class AgreementExtractor(SentenceExtractor):
    """AGREEMENT mentions; short names and aliases take the full instrument's value."""

    name = "agreements"

    def __init__(self, lexicon: AgreementLexicon) -> None:
        self.lexicon = lexicon

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Agreements of one sentence, before document-level alias resolution."""
        return find_agreements(text, tokens, lexicon=self.lexicon)

    def match(self, doc: Doc) -> list[Mention]:
        """Agreements of every sentence, aliases resolved over the whole document."""
        texts = [doc._.text[s.start : s.end] for s in doc._.sentences]
        per_sentence = [
            self.match_sentence(texts[s.index], sentence_tokens(doc, s.index), published=None)
            for s in doc._.sentences
        ]
        resolved = resolve_aliases(per_sentence, texts, lexicon=self.lexicon)
        return [
            m.shifted(sentence.start)
            for sentence, mentions in zip(doc._.sentences, resolved, strict=True)
            for m in mentions
        ]


@Language.factory("vi_agreements", default_config={"lexicon_dir": ""})
def make_agreements(nlp: Language, name: str, *, lexicon_dir: str) -> AgreementExtractor:
    """Agreement grammar component (agreement_heads.tsv, named_agreements.tsv)."""
    return AgreementExtractor(load_agreement_lexicon(Path(lexicon_dir)))
