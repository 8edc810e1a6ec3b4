"""underthesea's CRF NER on the pipeline's tokens: same tags as `ner()`, strict filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.extractors.statistical_ner import (
    CHUNK_TEMPLATES,
    NER_TEMPLATES,
    SOURCE,
    CrfNer,
    NerFilter,
    StatisticalNer,
    TagSpan,
    bio_spans,
    keep_span,
    make_statistical_ner,
)
from extract.records import Mention, Token
from extract.segment.tokens import crf_features, tokenize, underthesea_tagger

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons"
RULES = NerFilter(
    labels=frozenset({"PER", "LOC", "ORG"}),
    confidence=0.5,
    surnames=frozenset({"nguyễn", "trần", "lê"}),
    org_heads=frozenset({("bộ",), ("tổ", "chức")}),
    places=frozenset({("hà", "lan")}),
)


@pytest.fixture(scope="module")
def tagger():
    return underthesea_tagger()


@pytest.fixture(scope="module")
def model() -> CrfNer:
    return CrfNer.from_underthesea()


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông Trần Văn Nam làm việc tại Hà Nội",
        "Bộ Lao động - Thương binh và Xã hội hợp tác với ILO",
        "Hội nghị",
    ],
)
def test_features_match_underthesea(tagger, sentence: str) -> None:
    from underthesea.pipeline.ner.tagged_feature import word2features

    words = tagger(sentence)
    rows = [(w, p, "B-NP", "X") for w, p in words]
    columns = [list(column) for column in zip(*rows, strict=True)]
    for templates in (CHUNK_TEMPLATES, NER_TEMPLATES):
        ours = [list(f) for f in crf_features(columns, templates)]
        theirs = [word2features(rows, i, list(templates)) for i in range(len(rows))]
        assert ours == theirs


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông Putin ca ngợi những thành tựu vĩ đại của Liên Xô",
        "Sáng nay, ông Nguyễn Văn An đã gặp Đại sứ Hoa Kỳ tại Hà Nội.",
    ],
)
def test_tags_match_underthesea_ner(tagger, model: CrfNer, sentence: str) -> None:
    from underthesea import ner

    words = tagger(sentence)
    ours = model.tag([w for w, _ in words], [p for _, p in words])
    assert [t.ner for t in ours] == [row[3] for row in ner(sentence)]
    assert all(0.0 <= t.probability <= 1.0 for t in ours)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "B-PER", "I-PER", "O"], [(1, 2, "PER")]),
        (["B-LOC", "I-LOC", "B-LOC"], [(0, 1, "LOC"), (2, 2, "LOC")]),
        (["I-ORG", "I-ORG", "O"], [(0, 1, "ORG")]),  # a dangling I- starts a span
        (["B-PER", "I-LOC"], [(0, 0, "PER"), (1, 1, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_bio_spans(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert [(s.first, s.last, s.label) for s in bio_spans(tags)] == expected


def test_bio_spans_confidence_is_the_weakest_tag() -> None:
    (span,) = bio_spans(["B-PER", "I-PER"], [0.9, 0.6])
    assert span.confidence == pytest.approx(0.6)


def _tokens(*pieces: tuple[str, str]) -> tuple[str, list[Token]]:
    text, tokens, pos = "", [], 0
    for word, tag in pieces:
        tokens.append(Token(pos, pos + len(word), word, tag))
        text += word + " "
        pos += len(word) + 1
    return text.rstrip(), tokens


@pytest.mark.parametrize(
    ("pieces", "span", "known", "kept"),
    [
        # a Vietnamese name with a known surname
        ([("Hôm qua", "N"), ("Lê Văn Tám", "Np"), ("đến", "V")], (1, 1, "PER", 0.9), [], True),
        # a foreign name
        ([("Hôm qua", "N"), ("Maria Schulz", "Np"), ("đến", "V")], (1, 1, "PER", 0.9), [], True),
        # below the PER floor
        ([("Hôm qua", "N"), ("Lê Văn Tám", "Np"), ("đến", "V")], (1, 1, "PER", 0.6), [], False),
        # a rule mention already covers the characters
        (
            [("Hôm qua", "N"), ("Lê Văn Tám", "Np"), ("đến", "V")],
            (1, 1, "PER", 0.9),
            [Mention(8, 18, "PER", "Lê Văn Tám", "grammar:people")],
            False,
        ),
        # lowercase, digits, acronyms and time words are never names
        ([("Hôm qua", "N"), ("bối cảnh", "N")], (1, 1, "LOC", 0.99), [], False),
        ([("Từ", "E"), ("năm", "N"), ("1960", "M")], (1, 2, "LOC", 0.99), [], False),
        ([("Công tác", "N"), ("HTQT", "Np")], (1, 1, "PER", 0.99), [], False),
        # a Vietnamese-looking pair without a known surname is not believed
        ([("Theo", "E"), ("Minh Tâm", "Np")], (1, 1, "PER", 0.99), [], False),
        # a listed country is not a LOC
        ([("Tại", "E"), ("Hà Lan", "Np")], (1, 1, "LOC", 0.99), [], False),
        # a foreign city the lexicon lacks
        ([("Tại", "E"), ("Rotterdam", "Np")], (1, 1, "LOC", 0.95), [], True),
        # an organization head makes it no LOC
        ([("Tại", "E"), ("Bộ Công Thương", "Np")], (1, 1, "LOC", 0.99), [], False),
        # a sentence-initial capitalised single word
        ([("Ngành", "Np"), ("này", "P")], (0, 0, "PER", 0.99), [], False),
    ],
)
def test_keep_span(pieces, span, known, kept: bool) -> None:
    text, tokens = _tokens(*pieces)
    first, last, label, confidence = span
    assert keep_span(text, tokens, TagSpan(first, last, label, confidence), known, RULES) is kept


def test_configured_labels_and_confidence() -> None:
    text, tokens = _tokens(("Hôm qua", "N"), ("Lê Văn Tám", "Np"))
    span = TagSpan(1, 1, "PER", 0.8)
    only_loc = NerFilter(frozenset({"LOC"}), 0.5, RULES.surnames, RULES.org_heads)
    assert not keep_span(text, tokens, span, [], only_loc)
    strict = NerFilter(frozenset({"PER"}), 0.85, RULES.surnames, RULES.org_heads)
    assert not keep_span(text, tokens, span, [], strict)


def test_component_adds_only_uncovered_names(tagger, model: CrfNer) -> None:
    component = StatisticalNer(model, RULES)
    text = "Sáng nay, ông Nguyễn Văn An đã gặp các đối tác."
    tokens = tokenize(text, 0, len(text), tagger=tagger)
    found = component.match_sentence(text, tokens, published=None)
    assert [(text[m.start : m.end], m.label, m.source) for m in found] == [
        ("Nguyễn Văn An", "PER", SOURCE)
    ]
    covered = [Mention(14, 27, "PER", "Nguyễn Văn An", "grammar:people")]
    assert component.match_sentence(text, tokens, published=None, known=covered) == []


@pytest.mark.skipif(not (LEXICONS / "surnames.tsv").exists(), reason="lexicons not written yet")
def test_factory_reads_settings() -> None:
    component = make_statistical_ner(
        None,
        "statistical_ner",
        lexicon_dir=str(LEXICONS),
        labels=["PER"],
        confidence=0.8,
        surnames="surnames.tsv",
        org_heads="org_heads.tsv",
        countries="countries.tsv",
        places="places.tsv",
    )
    assert component.rules.labels == {"PER"}
    assert component.rules.threshold("PER") == 0.8
    assert component.rules.threshold("LOC") == 0.9
    assert "nguyễn" in component.rules.surnames


@pytest.mark.parametrize(
    ("word", "pos", "covered", "expected"),
    [
        ("Nam Hải", "Np", False, True),
        ("Nam Hải", "Np", True, False),  # already a rule mention
        ("Nam Hải", "N", False, False),  # not a proper noun
        ("nam hải", "Np", False, False),  # not capitalised
        ("Hải 2", "Np", False, False),  # digits
        ("ILO", "Ny", False, False),  # acronyms belong to the organization grammar
        ("Hội nghị", "Np", False, False),  # a word that is never part of a name
    ],
)
def test_crf_runs_only_where_it_can_add(word: str, pos: str, covered: bool, expected: bool):
    tokens = [Token(0, 3, "Ông", "N"), Token(4, 4 + len(word), word, pos)]
    known = [Mention(4, 4 + len(word), "PER", "x", "people")] if covered else []
    assert StatisticalNer._may_add(tokens, known) is expected
