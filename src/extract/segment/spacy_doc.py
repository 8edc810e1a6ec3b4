"""Build one spaCy `Doc` per document from underthesea's words, whitespace kept exactly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..records import Sentence, Token

#: Custom attributes every Doc of the pipeline carries (registered by `register_extensions`).
DOC_EXTENSIONS: dict[str, object] = {
    # spaCy rebuilds `Doc.text` from every token on each access; components slice this instead.
    "text": None,
    "doc_id": None,
    "published": None,
    "sentences": None,
    "tokens": None,
    "mentions": None,
    "events": None,
}


def register_extensions() -> None:
    """Register the pipeline's `Doc._` attributes; safe to call more than once."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def build_doc(
    vocab: Vocab,
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[Token]],
    *,
    doc_id: str,
    published: date | None,
) -> Doc:
    """Return a Doc whose `text` equals `text` exactly; words are underthesea's tokens.

    Whitespace other than a single space between two words becomes its own token, as spaCy's
    own tokenizer does, so that character offsets of the Doc are offsets into `text`.
    """
    register_extensions()
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    starts: list[bool | None] = []
    pos = 0

    def gap(upto: int) -> None:
        nonlocal pos
        between = text[pos:upto]
        if not between:
            return
        if between == " " and words and not words[-1].isspace():
            spaces[-1] = True
        else:
            words.append(between)
            spaces.append(False)
            tags.append("_SP")
            starts.append(False)
        pos = upto

    if len(sentences) != len(tokens):
        raise ValueError(f"{len(sentences)} sentences but {len(tokens)} token lists")
    for sentence_tokens in tokens:
        first = True
        for token in sentence_tokens:
            if token.start < pos:
                # Words are slices of `text` between gaps, so in-order tokens rebuild `text`
                # exactly; this is the one way the Doc's text could differ (and it is cheaper
                # than spaCy rebuilding `Doc.text` to compare).
                raise ValueError(f"token {token.text!r} at {token.start} overlaps the one before")
            gap(token.start)
            words.append(text[token.start : token.end])
            spaces.append(False)
            tags.append(token.pos)
            starts.append(first)
            first = False
            pos = token.end
    gap(len(text))
    if starts:
        starts[0] = True
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, sent_starts=starts or None)
    doc._.text = text
    doc._.doc_id = doc_id
    doc._.published = published
    doc._.sentences = list(sentences)
    doc._.mentions = []
    doc._.events = []
    return doc
