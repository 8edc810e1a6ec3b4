"""The full pipeline on the seed articles: offsets, published dates, stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from conftest import GOLD, RAW


def _gold() -> dict[str, dict]:
    return {
        d["doc_id"]: d
        for d in (json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines())
    }


def test_every_mention_and_sentence_points_at_its_text(seed_outputs: Path) -> None:
    originals = {p.stem: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}
    mentions = pq.read_table(seed_outputs / "mentions.parquet").to_pylist()
    assert mentions
    for row in mentions:
        assert originals[row["doc_id"]][row["start"] : row["end"]] == row["text"], row
    for row in pq.read_table(seed_outputs / "sentences.parquet").to_pylist():
        assert originals[row["doc_id"]][row["start"] : row["end"]] == row["text"]
    for row in pq.read_table(seed_outputs / "events.parquet").to_pylist():
        text = originals[row["doc_id"]][row["trigger_start"] : row["trigger_end"]]
        assert text == row["trigger_text"]


def test_published_dates_match_the_gold(seed_outputs: Path) -> None:
    gold = _gold()
    documents = pq.read_table(seed_outputs / "documents.parquet").to_pylist()
    assert {d["doc_id"] for d in documents} == set(gold)
    for row in documents:
        found = row["published"].isoformat() if row["published"] else None
        assert found == gold[row["doc_id"]]["published"], row["doc_id"]
        assert row["status"] == "ok"


def test_every_mention_sits_in_its_sentence(seed_outputs: Path) -> None:
    sentences = {
        (r["doc_id"], r["sentence_id"]): r
        for r in pq.read_table(seed_outputs / "sentences.parquet").to_pylist()
    }
    for row in pq.read_table(seed_outputs / "mentions.parquet").to_pylist():
        sentence = sentences[(row["doc_id"], row["sentence_id"])]
        assert sentence["start"] <= row["start"] < row["end"] <= sentence["end"], row


def test_argument_rows_reference_existing_mentions(seed_outputs: Path) -> None:
    mention_ids = {
        r["mention_id"] for r in pq.read_table(seed_outputs / "mentions.parquet").to_pylist()
    }
    event_ids = {r["event_id"] for r in pq.read_table(seed_outputs / "events.parquet").to_pylist()}
    for row in pq.read_table(seed_outputs / "event_arguments.parquet").to_pylist():
        assert row["mention_id"] in mention_ids and row["event_id"] in event_ids
