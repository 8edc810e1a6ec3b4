"""Shared shape of extractors: `match()` finds mentions, `set_annotations()` stores them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date

from spacy.tokens import Doc

from ..records import Mention, Sentence, Token

_TOKENS_KEY = "extract.sentence_tokens"


def sentence_tokens(doc: Doc, index: int) -> list[Token]:
    """Tokens of sentence `index` with offsets relative to the sentence start.

    Every component asks for them, so they are built once per document and kept on the Doc.
    """
    cache: dict[int, list[Token]] = doc.user_data.setdefault(_TOKENS_KEY, {})
    tokens = cache.get(index)
    if tokens is None:
        offset = doc._.sentences[index].start
        tokens = [
            Token(t.start - offset, t.end - offset, t.text, t.pos) for t in doc._.tokens[index]
        ]
        cache[index] = tokens
    return tokens


class SentenceExtractor:
    """A spaCy component that finds mentions sentence by sentence.

    Subclasses implement `match_sentence` on plain text (offsets relative to the sentence);
    the base class shifts them to document offsets and appends them to `doc._.mentions`.
    """

    name = "extractor"

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        """Find this component's mentions in every sentence of `doc` (document offsets)."""
        found: list[Mention] = []
        published: date | None = doc._.published
        for sentence in doc._.sentences:
            text = doc._.text[sentence.start : sentence.end]
            tokens = sentence_tokens(doc, sentence.index)
            for mention in self.match_sentence(text, tokens, published=published):
                found.append(mention.shifted(sentence.start))
        return found

    def match_sentence(
        self, text: str, tokens: Sequence[Token], *, published: date | None
    ) -> list[Mention]:
        """Mentions in one sentence; offsets relative to `text`."""
        raise NotImplementedError

    def set_annotations(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        """Append `mentions` to the document's mention list."""
        doc._.mentions.extend(mentions)


def mention_indices_by_sentence(doc: Doc, mentions: Sequence[Mention]) -> list[list[int]]:
    """For each sentence of `doc`, the indices of the `mentions` inside it, in list order.

    One pass over the mentions instead of one per sentence: sentences are sorted and disjoint,
    so the only sentence that can hold a mention is the last one starting at or before it.
    """
    sentences = doc._.sentences
    starts = [s.start for s in sentences]
    found: list[list[int]] = [[] for _ in sentences]
    for i, m in enumerate(mentions):
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= sentences[k].end:
            found[k].append(i)
    return found


def mentions_by_sentence(doc: Doc) -> list[list[Mention]]:
    """For each sentence, the mentions of `doc._.mentions` inside it, in sentence offsets."""
    mentions = doc._.mentions
    return [
        [mentions[i].shifted(-sentence.start) for i in indices]
        for sentence, indices in zip(
            doc._.sentences, mention_indices_by_sentence(doc, mentions), strict=True
        )
    ]


def sentences_with_context(doc: Doc) -> Iterator[tuple[Sentence, str, list[Token], list[Mention]]]:
    """Each sentence of `doc` with its text, its tokens and the mentions earlier components
    found in it, all in sentence offsets: the input of a context-aware `match_sentence`."""
    for sentence, known in zip(doc._.sentences, mentions_by_sentence(doc), strict=True):
        text = doc._.text[sentence.start : sentence.end]
        yield sentence, text, sentence_tokens(doc, sentence.index), known


class ContextSentenceExtractor(SentenceExtractor):
    """A sentence extractor that also sees the mentions earlier components found (`known`)."""

    def match(self, doc: Doc) -> list[Mention]:
        """Run `match_sentence` on every sentence with its known mentions; document offsets."""
        found: list[Mention] = []
        for sentence, text, tokens, known in sentences_with_context(doc):
            for m in self.match_sentence(text, tokens, published=doc._.published, known=known):
                found.append(m.shifted(sentence.start))
        return found

    def match_sentence(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        published: date | None,
        known: Sequence[Mention] = (),
    ) -> list[Mention]:
        """Mentions of one sentence; offsets relative to `text`."""
        raise NotImplementedError
