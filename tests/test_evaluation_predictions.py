"""Reading pipeline output folders (Parquet with the project schemas) into `Predictions`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.evaluation.model import EvalArgument, EvalEvent, EvalMention, GoldDocument
from extract.evaluation.predictions import (
    PredictionFormatError,
    gold_to_predictions,
    load_predictions,
    write_predictions,
)
from extract.tables.schemas import DOCUMENTS, EVENT_ARGUMENTS, EVENTS, MENTIONS

TEXT = "Tổ chức Di cư quốc tế (IOM) hỗ trợ 2 triệu USD cho tỉnh Nghệ An."


def _defaults(schema: pa.Schema, row: dict[str, Any]) -> dict[str, Any]:
    """Fill the columns a test does not care about with type-correct neutral values."""
    neutral = {pa.string(): "", pa.int32(): 0, pa.int64(): 0, pa.float32(): 1.0}
    full = {}
    for field in schema:
        if field.name in row:
            full[field.name] = row[field.name]
        else:
            full[field.name] = None if field.nullable else neutral[field.type]
    return full


def _write(path: Path, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    table = pa.Table.from_pylist([_defaults(schema, r) for r in rows], schema=schema)
    pq.write_table(table, path)


def _span(needle: str) -> dict[str, int]:
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle)}


def _output(tmp_path: Path, *, events: bool = True) -> Path:
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    _write(
        tmp_path / "documents.parquet",
        DOCUMENTS,
        [{"doc_id": "d1", "sha256": digest, "status": "ok"}],
    )
    mentions = [
        {"doc_id": "d1", "mention_id": "d1-m1", "label": "ORG", "text": "Tổ chức Di cư quốc tế",
         "value": "IOM", **_span("Tổ chức Di cư quốc tế")},
        {"doc_id": "d1", "mention_id": "d1-m2", "label": "COUNT", "text": "2 triệu USD",
         "value": "2000000", "value_num": 2000000.0, "unit": "USD", **_span("2 triệu USD")},
        {"doc_id": "d1", "mention_id": "d1-m3", "label": "LOC", "text": "tỉnh Nghệ An",
         "value": "tỉnh Nghệ An", **_span("tỉnh Nghệ An")},
        {"doc_id": "other", "mention_id": "o-m1", "label": "LOC", "start": 0, "end": 1},
    ]  # fmt: skip
    _write(tmp_path / "mentions.parquet", MENTIONS, mentions)
    if events:
        trigger = _span("hỗ trợ")
        _write(
            tmp_path / "events.parquet",
            EVENTS,
            [{"doc_id": "d1", "event_id": "d1-e1", "type": "FUND",
              "trigger_start": trigger["start"], "trigger_end": trigger["end"]}],
        )  # fmt: skip
        _write(
            tmp_path / "event_arguments.parquet",
            EVENT_ARGUMENTS,
            [
                {"doc_id": "d1", "event_id": "d1-e1", "role": "participant", "mention_id": "d1-m1"},
                {"doc_id": "d1", "event_id": "d1-e1", "role": "quantity", "mention_id": "d1-m2"},
            ],
        )
    return tmp_path


def test_reads_mentions_events_and_arguments(tmp_path: Path) -> None:
    predictions = load_predictions(_output(tmp_path))
    assert predictions.has_events
    assert list(predictions.documents) == ["d1"]
    doc = predictions.documents["d1"]
    assert doc.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert [m.label for m in doc.mentions] == ["ORG", "COUNT", "LOC"]
    count = doc.mentions[1]
    assert count.value == 2000000.0 and isinstance(count.value, float) and count.unit == "USD"
    assert doc.mentions[0].value == "IOM"
    assert doc.events == (
        EvalEvent(
            "d1-e1",
            "FUND",
            TEXT.index("hỗ trợ"),
            TEXT.index("hỗ trợ") + len("hỗ trợ"),
            (EvalArgument("participant", "d1-m1"), EvalArgument("quantity", "d1-m2")),
        ),
    )


def test_missing_event_tables_mean_no_events(tmp_path: Path) -> None:
    predictions = load_predictions(_output(tmp_path, events=False))
    assert predictions.has_events is False
    assert predictions.documents["d1"].events == ()


@pytest.mark.parametrize("table", ["documents", "mentions"])
def test_missing_required_table_is_a_clear_error(tmp_path: Path, table: str) -> None:
    _output(tmp_path)
    (tmp_path / f"{table}.parquet").unlink()
    with pytest.raises(PredictionFormatError, match=f"no {table}.parquet"):
        load_predictions(tmp_path)


def test_missing_folder_and_bad_columns(tmp_path: Path) -> None:
    with pytest.raises(PredictionFormatError, match="not found"):
        load_predictions(tmp_path / "nowhere")
    _output(tmp_path)
    pq.write_table(pa.table({"doc_id": ["d1"]}), tmp_path / "mentions.parquet")
    with pytest.raises(PredictionFormatError, match=r"missing column.*mention_id"):
        load_predictions(tmp_path)


def test_write_predictions_uses_the_project_schemas_and_round_trips(tmp_path: Path) -> None:
    mentions = (
        EvalMention("m1", 0, 21, "ORG", "Tổ chức Di cư quốc tế", "IOM"),
        EvalMention("m2", 35, 46, "COUNT", "2 triệu USD", 2000000, unit="USD", mod="APPROX"),
    )
    # A gold event's stated modality is kept; one without is written as the default, asserted.
    arguments = (EvalArgument("participant", "m1"),)
    events = (
        EvalEvent("e1", "FUND", 28, 34, arguments),
        EvalEvent("e2", "FUND", 28, 34, arguments, modality="planned"),
    )
    gold = [GoldDocument("d1", TEXT, None, mentions, events)]
    write_predictions(gold_to_predictions(gold), tmp_path, texts={"d1": TEXT})
    for name, schema in (("mentions", MENTIONS), ("events", EVENTS), ("documents", DOCUMENTS)):
        assert pq.read_schema(tmp_path / f"{name}.parquet").equals(schema, check_metadata=False)
    doc = load_predictions(tmp_path).documents["d1"]
    assert doc.mentions == mentions
    assert [e.modality for e in doc.events] == ["asserted", "planned"]
    assert doc.events[1] == events[1]
    assert pq.read_table(tmp_path / "events.parquet").column("trigger_text").to_pylist() == [
        TEXT[28:34],
        TEXT[28:34],
    ]
