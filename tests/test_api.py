"""The Python API: `extract.load()`, the Doc it returns, `pipe`, `to_tables`, `vi_extract`."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy import displacy

import extract
from conftest import RAW, REPO
from extract.api import Annotated, build_public_doc
from extract.errors import InputError
from extract.records import Token
from extract.tables.schemas import SORT_KEYS
from extract.tables.writer import table_path

SEEDS = sorted(RAW.glob("*.txt"))
NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}  # spaCy's default needs pyvi
VOCAB = spacy.blank("vi", config=NO_PYVI).vocab
MEETING = "Hà Nội, ngày 15/1/2019. Bộ Nội vụ họp với Tổ chức Lao động Quốc tế (ILO)."


def _read(path: Path) -> str:
    # Bytes decoded as the reader does: no newline translation, so offsets match the tables.
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def nlp() -> extract.Pipeline:
    return extract.load()


@pytest.fixture(scope="module")
def seed_docs(nlp: extract.Pipeline) -> list[spacy.tokens.Doc]:
    return [nlp(_read(path), doc_id=path.stem) for path in SEEDS]


def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.sort_values(SORT_KEYS[name]).reset_index(drop=True)


def test_import_loads_no_models() -> None:
    code = (
        "import sys, extract; extract.load; extract.to_tables; "
        "assert 'underthesea' not in sys.modules, 'underthesea imported'; print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_every_span_is_the_text_it_points_at(seed_docs: list[spacy.tokens.Doc]) -> None:
    for path, doc in zip(SEEDS, seed_docs, strict=True):
        text = _read(path)
        assert doc.text == text
        spans = list(doc.spans["mentions"]) + list(doc.spans["triggers"])
        assert len(doc.spans["mentions"]) > 20
        for span in spans:
            assert text[span.start_char : span.end_char] == span.text


def test_to_tables_equals_the_tables_of_a_run(
    seed_docs: list[spacy.tokens.Doc], seed_outputs: Path
) -> None:
    frames = extract.to_tables(seed_docs)
    assert set(frames) == set(SORT_KEYS)
    for name, frame in frames.items():
        stored = pd.read_parquet(table_path(seed_outputs, name))
        if name == "documents":
            assert (frame.source_path == "<text>").all()
            frame, stored = frame.drop(columns="source_path"), stored.drop(columns="source_path")
        assert len(frame) > 0, name
        pd.testing.assert_frame_equal(_sorted(frame, name), _sorted(stored, name), obj=name)


def test_span_attributes_are_the_mention_rows(
    seed_docs: list[spacy.tokens.Doc], seed_outputs: Path
) -> None:
    columns = ["mention_id", "start", "end", "label", "text", "value", "kind", "mod", "unit"]
    columns += ["title", "source"]
    stored = pd.read_parquet(table_path(seed_outputs, "mentions"), columns=columns)
    stored = stored.astype(object).where(stored.notna(), None)
    expected = sorted(tuple(row) for row in stored.itertuples(index=False))
    found = sorted(
        (
            s._.mention_id,
            s.start_char,
            s.end_char,
            s.label_,
            s.text,
            s._.value,
            s._.kind,
            s._.mod,
            s._.unit,
            s._.title,
            s._.source,
        )
        for doc in seed_docs
        for s in doc.spans["mentions"]
    )
    assert found == expected


def test_events_are_the_event_rows(seed_docs: list[spacy.tokens.Doc], seed_outputs: Path) -> None:
    events = pd.read_parquet(table_path(seed_outputs, "events"))
    arguments = pd.read_parquet(table_path(seed_outputs, "event_arguments"))
    found = sorted(
        (e.event_id, e.type, e.trigger.start_char, e.trigger.end_char, e.trigger.text, e.modality)
        for doc in seed_docs
        for e in doc._.events
    )
    columns = ["event_id", "type", "trigger_start", "trigger_end", "trigger_text", "modality"]
    assert found == sorted(tuple(r) for r in events[columns].itertuples(index=False))
    found_args = sorted(
        (e.event_id, role, span._.mention_id, span.text)
        for doc in seed_docs
        for e in doc._.events
        for role, span in e.arguments
    )
    columns = ["event_id", "role", "mention_id", "text"]
    assert found_args == sorted(tuple(r) for r in arguments[columns].itertuples(index=False))


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_displacy_renders_every_seed(path: Path, seed_docs: list[spacy.tokens.Doc]) -> None:
    doc = seed_docs[SEEDS.index(path)]
    html = displacy.render(doc, style="ent")
    assert doc.ents and html.count("<mark") == len(doc.ents)
    spans_html = displacy.render(doc, style="span", options={"spans_key": "mentions"})
    assert doc.ents[0].label_ in spans_html


def test_ents_are_a_maximal_non_overlapping_selection(seed_docs: list[spacy.tokens.Doc]) -> None:
    for doc in seed_docs:
        ents = list(doc.ents)
        mentions = {(s.start, s.end, s.label_) for s in doc.spans["mentions"]}
        assert {(e.start, e.end, e.label_) for e in ents} <= mentions
        assert all(a.end <= b.start for a, b in itertools.pairwise(ents))
        for span in doc.spans["mentions"]:
            # Left out only because it overlaps a chosen entity.
            assert any(span.start < e.end and e.start < span.end for e in ents)


def test_offsets_index_the_given_text_not_the_normalized_copy(nlp: extract.Pipeline) -> None:
    # Decomposed characters, an old-style tone mark and Windows line ends: all kept as given.
    text = unicodedata.normalize("NFD", "Thủ tướng thăm Hà Nội hoà bình.\r\n\r\n") + MEETING
    doc = nlp(text)
    assert doc.text == text and len(text) != len(unicodedata.normalize("NFC", text))
    labels = {(s.label_, s._.value) for s in doc.spans["mentions"]}
    assert {("ORG", "MOHA"), ("ORG", "ILO"), ("DATE", "2019-01-15")} <= labels
    for span in doc.spans["mentions"]:
        assert text[span.start_char : span.end_char] == span.text


@pytest.mark.parametrize(
    ("published", "value"),
    [("2019-03-02", "2019-01-15"), (date(2019, 3, 2), "2019-01-15"), (None, "XXXX-01-15")],
)
def test_published_anchors_relative_dates(
    nlp: extract.Pipeline, published: object, value: str
) -> None:
    doc = nlp("Ngày 15/1, Bộ Nội vụ họp với ILO.", published=published)
    assert [s._.value for s in doc.spans["mentions"] if s.label_ == "DATE"] == [value]


def test_events_carry_type_trigger_modality_and_argument_spans(nlp: extract.Pipeline) -> None:
    doc = nlp(MEETING, doc_id="meeting")
    (event,) = doc._.events
    assert (event.type, event.trigger.text, event.modality) == ("MEET", "họp", "asserted")
    assert {(role, span._.value) for role, span in event.arguments} == {
        ("participant", "MOHA"),
        ("participant", "ILO"),
    }
    assert all(span in doc.spans["mentions"] for _role, span in event.arguments)
    assert event.event_id.startswith("meeting:MEET:")


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda nlp: nlp(b"bytes"), "E095"),
        (lambda nlp: nlp("Bộ Nội vụ.", published="15/01/2019"), "E096"),
        (lambda nlp: nlp("Bộ Nội vụ.", doc_id=""), "E099"),
        (lambda nlp: extract.to_tables([spacy.blank("vi", config=NO_PYVI)("Bộ.")]), "E097"),
        (lambda nlp: extract.to_tables([nlp("Bộ.", doc_id="a"), nlp("Vụ.", doc_id="a")]), "E098"),
    ],
    ids=["text-not-str", "published-not-iso", "empty-doc-id", "foreign-doc", "duplicate-doc-id"],
)
def test_bad_input_gets_a_coded_error(nlp: extract.Pipeline, call, code: str) -> None:
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        call(nlp)


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text_gives_an_empty_doc(nlp: extract.Pipeline, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text and not doc.spans["mentions"] and doc._.events == []
    assert extract.to_tables([doc])["documents"].n_mentions.tolist() == [0]


def test_pipe_gives_the_docs_of_single_calls(nlp: extract.Pipeline) -> None:
    texts = [MEETING, "Việt Nam và Hàn Quốc ký kết Bản ghi nhớ về lao động năm 2020.", ""]
    piped = list(nlp.pipe(texts))
    single = [nlp(text) for text in texts]
    assert [d.text for d in piped] == texts
    for a, b in zip(piped, single, strict=True):
        assert [(s._.mention_id, s._.value) for s in a.spans["mentions"]] == [
            (s._.mention_id, s._.value) for s in b.spans["mentions"]
        ]
    pairs = list(nlp.pipe([(MEETING, {"doc_id": "m", "published": "2019-01-01"})], as_tuples=True))
    (doc, context), *_ = pairs
    assert doc._.doc_id == "m" and doc._.published == date(2019, 1, 1) and context["doc_id"] == "m"


@pytest.mark.slow
def test_pipe_with_two_processes_equals_one(nlp: extract.Pipeline, seed_outputs: Path) -> None:
    texts = [_read(path) for path in SEEDS[:3]] + [MEETING]
    # Threads of pyarrow and DuckDB running in this process must not hang the workers.
    pd.read_parquet(table_path(seed_outputs, "mentions"))
    duckdb.sql("SELECT 42").fetchall()
    one = extract.to_tables(nlp.pipe(texts))
    two = extract.to_tables(nlp.pipe(texts, n_process=2, batch_size=1))
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name], obj=name)


def test_vi_extract_component_in_a_blank_spacy_pipeline(
    nlp: extract.Pipeline, tmp_path: Path
) -> None:
    spacy_nlp = spacy.blank("vi", config=NO_PYVI)
    spacy_nlp.add_pipe("vi_extract")
    doc = spacy_nlp(MEETING)
    expected = [(s._.mention_id, s.label_, s._.value) for s in nlp(MEETING).spans["mentions"]]
    assert [(s._.mention_id, s.label_, s._.value) for s in doc.spans["mentions"]] == expected
    assert doc.vocab is spacy_nlp.vocab and [e.type for e in doc._.events] == ["MEET"]
    spacy_nlp.to_disk(tmp_path / "vi_extract")
    reloaded = spacy.load(tmp_path / "vi_extract")
    assert reloaded.pipe_names == ["vi_extract"]
    again = reloaded(MEETING)
    assert [(s._.mention_id, s._.value) for s in again.spans["mentions"]] == [
        (m, v) for m, _label, v in expected
    ]


# --- the Doc builder, on synthetic rows ----------------------------------------------------------


def _annotated(text: str, spans: list[tuple[int, int, str, str]]) -> Annotated:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)?", text)]
    tokens = tuple(Token(s, e, text[s:e], "N") for s, e in words)
    mentions = [
        {"mention_id": f"d:{label}:{s}-{e}", "start": s, "end": e, "label": label, "value": value}
        for s, e, label, value in spans
    ]
    rows = {
        "documents": [{"doc_id": "d", "published": None}],
        "sentences": [{"sentence_id": 0, "start": 0, "end": len(text), "paragraph": 0}],
        "mentions": mentions,
        "events": [],
        "event_arguments": [],
    }
    return Annotated(text, rows, tokens)


def test_same_characters_with_two_labels_keep_their_own_values() -> None:
    text = "Hà Nội là thủ đô"
    doc = build_public_doc(
        VOCAB,
        _annotated(text, [(0, 6, "LOC", "Hà Nội"), (0, 6, "ORG", "X")]),
    )
    assert [(s.label_, s._.value) for s in doc.spans["mentions"]] == [
        ("LOC", "Hà Nội"),
        ("ORG", "X"),
    ]
    assert len(doc.ents) == 1


def test_a_span_inside_a_word_cuts_the_word() -> None:
    text = "Hà Nội, thủ đô"  # the tokenizer's word is "Hà Nội"; the span is "Nội"
    doc = build_public_doc(VOCAB, _annotated(text, [(3, 6, "LOC", "Nội")]))
    assert [t.text for t in doc][:3] == ["Hà", "Nội", ","]
    assert doc.text == text and doc.spans["mentions"][0].text == "Nội"


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet="aă b\n\t.", min_size=1, max_size=30),
    cuts=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30)), max_size=6),
)
def test_any_text_and_spans_keep_exact_offsets(text: str, cuts: list[tuple[int, int]]) -> None:
    spans = sorted({(min(a, len(text) - 1), min(a + b, len(text))) for a, b in cuts})
    spans = [(s, e, "ORG", text[s:e]) for s, e in spans if s < e]
    doc = build_public_doc(VOCAB, _annotated(text, spans))
    assert doc.text == text
    assert [(s.start_char, s.end_char) for s in doc.spans["mentions"]] == [
        (s, e) for s, e, _l, _v in spans
    ]
