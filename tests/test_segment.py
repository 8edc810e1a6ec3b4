"""Sentence splitting, token alignment and the spaCy Doc: offsets never shift."""

from __future__ import annotations

from itertools import pairwise

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest.normalize import normalize_text
from extract.records import Sentence, Token
from extract.segment.align import AlignmentError, align_pieces, fallback_words
from extract.segment.sentences import (
    cut_long,
    paragraphs,
    split_sentences,
    underthesea_splitter,
)
from extract.segment.spacy_doc import build_doc
from extract.segment.tokens import FALLBACK_POS, tokenize, underthesea_tagger

VIETNAMESE = st.sampled_from(
    [
        "Bộ",
        "Nội vụ",
        "hoà",
        "Việt Nam",
        "ILO",
        "(",
        ")",
        "15/1",
        "năm",
        "2019",
        ".",
        ",",
        "–",
        "“",
        "”",
    ]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(
        st.one_of(VIETNAMESE, st.sampled_from([" ", "  ", "\n", "\r\n", "\t"])), max_size=40
    ).map("".join),
)


@pytest.fixture(scope="module")
def tools():
    return underthesea_splitter(), underthesea_tagger()


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).vocab


def test_paragraphs_are_nonblank_lines() -> None:
    text = "Tiêu đề\r\n\r\n  Đoạn một. Câu hai.\n\t\nCuối"
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["Tiêu đề", "Đoạn một. Câu hai.", "Cuối"]


def test_sentences_split_inside_paragraphs(tools) -> None:
    splitter, _ = tools
    text = "Hợp tác quốc tế\nBộ Nội vụ họp với ILO. Hai bên ký bản ghi nhớ.\n"
    sentences = split_sentences(text, splitter=splitter)
    assert [text[s.start : s.end] for s in sentences] == [
        "Hợp tác quốc tế",
        "Bộ Nội vụ họp với ILO.",
        "Hai bên ký bản ghi nhớ.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1]


def test_closing_quote_stays_with_its_sentence(tools) -> None:
    splitter, _ = tools
    text = "Ông nói: “Việt Nam muốn làm bạn.” Sau đó hội nghị bế mạc."
    pieces = [text[s.start : s.end] for s in split_sentences(text, splitter=splitter)]
    assert pieces[0].endswith("”")
    assert not any(p.startswith("”") for p in pieces)


def test_align_pieces_tolerates_spacing_and_tones() -> None:
    source = "Bộ Lao động  – Thương binh hoà"
    spans = align_pieces(source, ["Bộ", "Lao_động", "– Thương binh", "hòa"])
    assert [source[s:e] for s, e in spans] == ["Bộ", "Lao động", "– Thương binh", "hoà"]


def test_align_pieces_rejects_rewritten_text() -> None:
    with pytest.raises(AlignmentError):
        align_pieces("abc", ["abd"])


def test_tokenizer_falls_back_when_words_do_not_align() -> None:
    def rewriting_tagger(text: str) -> list[tuple[str, str]]:
        return [("XYZ", "N")]

    text = "Hà Nội, 2019"
    tokens = tokenize(text, 0, len(text), tagger=rewriting_tagger)
    assert [t.text for t in tokens] == ["Hà", "Nội", ",", "2019"]
    assert {t.pos for t in tokens} == {FALLBACK_POS}


def test_fallback_words_cover_all_nonspace() -> None:
    assert fallback_words("a  b,c", offset=3) == [(3, 4), (6, 7), (7, 8), (8, 9)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXTS)
def test_sentence_and_token_offsets_index_the_original(tools, vocab, original: str) -> None:
    splitter, tagger = tools
    normalized = normalize_text(original)
    text = normalized.text
    sentences = split_sentences(text, splitter=splitter)
    previous = 0
    all_tokens = []
    for sentence in sentences:
        assert previous <= sentence.start < sentence.end <= len(text)
        previous = sentence.end
        o_start, o_end = normalized.to_original(sentence.start, sentence.end)
        assert original[o_start:o_end].strip()
        tokens = tokenize(text, sentence.start, sentence.end, tagger=tagger)
        last = sentence.start
        for token in tokens:
            assert last <= token.start < token.end <= sentence.end
            assert text[token.start : token.end] == token.text
            assert not text[last : token.start].strip()
            last = token.end
        assert not text[last : sentence.end].strip()
        all_tokens.append(tokens)
    # Everything that is not whitespace lies in some sentence.
    covered = sum(s.end - s.start for s in sentences)
    assert covered >= len(text.strip()) - text.count("\n") - sum(c.isspace() for c in text)
    doc = build_doc(vocab, text, sentences, all_tokens, doc_id="d", published=None)
    assert doc.text == text


def test_build_doc_rejects_overlapping_tokens(vocab) -> None:
    text = "Hà Nội đón đoàn"
    sentences = [Sentence(0, 0, len(text), 0)]
    tokens = [[Token(0, 6, "Hà Nội", "Np"), Token(3, 10, "Nội đón", "V")]]
    with pytest.raises(ValueError, match="overlaps"):
        build_doc(vocab, text, sentences, tokens, doc_id="d", published=None)


@given(
    text=st.text(alphabet=st.sampled_from("ab ,.;\n\u00a0ư"), max_size=400),
    limit=st.integers(min_value=1, max_value=40),
)
def test_cut_long_pieces_are_bounded_ordered_and_cover_every_non_space(
    text: str, limit: int
) -> None:
    pieces = cut_long(text, 0, len(text), limit)
    assert all(0 < e - s <= limit for s, e in pieces)
    assert all(a[1] <= b[0] for a, b in pairwise(pieces))
    covered = {k for s, e in pieces for k in range(s, e)}
    assert all(k in covered for k, c in enumerate(text) if not c.isspace())
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in pieces)


def test_cut_long_prefers_sentence_then_clause_punctuation() -> None:
    text = "Một hai ba. Bốn năm, sáu bảy tám chín mười"
    first = [text[s:e] for s, e in cut_long(text, 0, len(text), 24)]
    assert first == ["Một hai ba. Bốn năm,", "sáu bảy tám chín mười"]
    first = [text[s:e] for s, e in cut_long(text, 0, len(text), 14)]
    assert first[0] == "Một hai ba."


def test_long_lines_and_sentences_are_cut_for_processing(tools) -> None:
    splitter, _ = tools
    text = "Tiêu đề\n" + " ".join(f"từ{k}" for k in range(3000)) + "\nCâu ngắn."
    sentences = split_sentences(
        text, splitter=splitter, max_paragraph_chars=5000, max_sentence_chars=800
    )
    assert max(s.end - s.start for s in sentences) <= 800
    assert [s.paragraph for s in sentences][-1] == 2
    body = [text[s.start : s.end] for s in sentences if s.paragraph == 1]
    assert " ".join(body) == text.splitlines()[1]
