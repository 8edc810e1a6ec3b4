"""Per-sentence helpers shared by the extractor components."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.extractors.base import mention_indices_by_sentence, mentions_by_sentence
from extract.records import Mention, Sentence, Token
from extract.segment.spacy_doc import build_doc

TEXT = "Bộ Nội vụ họp. Đoàn Lào sang Hà Nội.\nHai bên ký kết."


def _doc(mentions: list[Mention]) -> Doc:
    sentences = [Sentence(0, 0, 14, 0), Sentence(1, 15, 36, 0), Sentence(2, 37, 52, 1)]
    # One token per sentence: these helpers look at sentence offsets only.
    tokens = [[Token(s.start, s.end, TEXT[s.start : s.end], "X")] for s in sentences]
    doc = build_doc(Vocab(), TEXT, sentences, tokens, doc_id="d", published=None)
    doc._.mentions = mentions
    return doc


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 9), (20, 23), (29, 35)], [[0], [1, 2], []]),
        ([(29, 35), (20, 23), (37, 44)], [[], [0, 1], [2]]),
        ([(10, 20)], [[], [], []]),  # crosses a sentence boundary: in no sentence
        ([(0, 14), (15, 36), (37, 52)], [[0], [1], [2]]),  # whole sentences
    ],
)
def test_mention_indices_by_sentence(
    spans: list[tuple[int, int]], expected: list[list[int]]
) -> None:
    mentions = [Mention(a, b, "ORG", TEXT[a:b], "test") for a, b in spans]
    assert mention_indices_by_sentence(_doc(mentions), mentions) == expected


def test_mentions_by_sentence_uses_sentence_offsets() -> None:
    doc = _doc([Mention(20, 23, "GPE", "LAO", "test"), Mention(0, 9, "ORG", "MOHA", "test")])
    per_sentence = mentions_by_sentence(doc)
    assert [[(m.start, m.end, m.value) for m in ms] for ms in per_sentence] == [
        [(0, 9, "MOHA")],
        [(5, 8, "LAO")],
        [],
    ]
