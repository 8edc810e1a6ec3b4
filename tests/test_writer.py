"""The Parquet writer: any document ends as stored rows with exact offsets, or as an error row."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.records import SourceDocument
from extract.runner.config import load_config
from extract.runner.engine import load_pipeline
from extract.tables.writer import RunWriter, table_path

# Every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(codec=None, categories=None, exclude_categories=())
PIECES = st.sampled_from(["Bộ Nội vụ", " ILO ", "ngày 15/1/2019", "Hà Nội", "\n", ". ", "hoà"])
TEXTS = st.lists(st.one_of(PIECES, st.text(ANY_CHAR, max_size=8)), max_size=12).map("".join)


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline(load_config())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
@example(texts=["Bộ Nội vụ họp \ud800 ngày 15/1/2019.", "Hà Nội"])
def test_any_text_is_stored_with_exact_offsets_or_as_an_error(
    texts: list[str], pipeline, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("generation")
    writer = RunWriter(target, "fingerprint")
    sources = {}
    for k, text in enumerate(texts):
        source = SourceDocument(f"d{k}", f"/in/d{k}.txt", "", text)
        sources[source.doc_id] = text
        writer.add(pipeline.process(source).rows)
    writer.publish(None)
    documents = pq.read_table(table_path(target, "documents")).to_pylist()
    assert sorted(d["doc_id"] for d in documents) == sorted(sources)
    status = {d["doc_id"]: d["status"] for d in documents}
    for name, columns in (("sentences", ("start", "end")), ("mentions", ("start", "end"))):
        for row in pq.read_table(table_path(target, name)).to_pylist():
            assert status[row["doc_id"]] == "ok"
            start, end = (row[c] for c in columns)
            assert sources[row["doc_id"]][start:end] == row["text"]
    for row in pq.read_table(table_path(target, "events")).to_pylist():
        text = sources[row["doc_id"]]
        assert text[row["trigger_start"] : row["trigger_end"]] == row["trigger_text"]
    for doc_id, text in sources.items():
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # cannot be written as UTF-8
            assert status[doc_id] == "error"


def test_an_unchanged_table_is_shared_with_the_previous_generation(tmp_path: Path) -> None:
    first, second = tmp_path / "g1", tmp_path / "g2"
    writer = RunWriter(first, "f")
    row = {"doc_id": "a", "source_path": "a.txt", "sha256": "x", "change_key": "k"}
    row |= {"n_chars": 1, "n_sentences": 0, "n_mentions": 0, "n_events": 0, "status": "ok"}
    writer.add({"documents": [row]})
    writer.publish(None)
    RunWriter(second, "f").publish(first)
    # Nothing new and nothing dropped: the next generation links the same file.
    assert (first / "documents.parquet").stat().st_ino == (
        second / "documents.parquet"
    ).stat().st_ino


def test_a_table_too_wide_for_the_first_memory_limit_is_sorted_under_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from extract.tables import writer as writer_module

    # Whole article texts in the documents table: 400 rows of 20 kB cannot be sorted in 1 MB.
    monkeypatch.setattr(writer_module, "MERGE_MEMORY_LIMITS", ("1MB", "256MB"))
    ids = [f"d{i:04d}" for i in range(400)]
    random.Random(7).shuffle(ids)
    writer = RunWriter(tmp_path / "g1", "f", flush_every=50)
    for doc_id in ids:
        row = {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "sha256": "x"}
        row |= {"change_key": "k", "n_chars": 20_000, "n_sentences": 0, "n_mentions": 0}
        row |= {"n_events": 0, "status": "ok", "text": doc_id * 5_000}
        writer.add({"documents": [row]})
    writer.publish(None)
    table = pq.read_table(table_path(tmp_path / "g1", "documents"), columns=["doc_id", "text"])
    assert table.column("doc_id").to_pylist() == sorted(ids)
    assert all(t == d * 5_000 for d, t in zip(*table.to_pydict().values(), strict=True))


def test_a_table_that_fits_no_memory_limit_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    from extract.tables import writer as writer_module

    monkeypatch.setattr(writer_module, "MERGE_MEMORY_LIMITS", ("1MB",))
    writer = RunWriter(tmp_path / "g1", "f", flush_every=50)
    for i in range(400):
        row = {"doc_id": f"d{i:04d}", "source_path": "p", "sha256": "x", "change_key": "k"}
        row |= {"n_chars": 1, "n_sentences": 0, "n_mentions": 0, "n_events": 0, "status": "ok"}
        writer.add({"documents": [row | {"text": "x" * 20_000}]})
    with pytest.raises(duckdb.OutOfMemoryException):
        writer.publish(None)
