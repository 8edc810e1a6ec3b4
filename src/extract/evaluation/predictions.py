"""Read a pipeline output folder (Parquet tables) into `Predictions`, and write one from records.

The writer exists so that gold can be turned into prediction tables (a self-check of the scorer)
and so tests can build tiny output folders; it fills columns the evaluator ignores with neutral
defaults, always with the project's Arrow schemas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..tables.schemas import DOCUMENTS, EVENT_ARGUMENTS, EVENTS, MENTIONS
from .model import EvalArgument, EvalEvent, EvalMention, GoldDocument, PredDocument, Predictions

_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "sha256"),
    "mentions": ("doc_id", "mention_id", "start", "end", "label"),
    "events": ("doc_id", "event_id", "type", "trigger_start", "trigger_end"),
    "event_arguments": ("doc_id", "event_id", "role", "mention_id"),
}


class PredictionFormatError(ValueError):
    """The output folder cannot be read as pipeline predictions (missing file, bad columns)."""


def _read_rows(path: Path, table: str) -> list[dict[str, Any]]:
    try:
        data = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise PredictionFormatError(f"{path}: cannot read Parquet table: {exc}") from None
    missing = [column for column in _REQUIRED_COLUMNS[table] if column not in data.column_names]
    if missing:
        raise PredictionFormatError(f"{path}: missing column(s) {', '.join(missing)}")
    return data.to_pylist()


def _table_path(out_dir: Path, table: str) -> Path | None:
    # A table is a single file or a folder of Parquet parts (a dataset).
    for candidate in (out_dir / f"{table}.parquet", out_dir / table):
        if candidate.exists():
            return candidate
    return None


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _mention_from_row(row: Mapping[str, Any]) -> EvalMention:
    # COUNT values are numbers (value_num); other labels keep their string value.
    value_num = _number(row.get("value_num"))
    value = row.get("value")
    if value_num is not None and (row["label"] == "COUNT" or value is None):
        value = value_num
    return EvalMention(
        id=str(row["mention_id"]),
        start=int(row["start"]),
        end=int(row["end"]),
        label=str(row["label"]),
        text=row.get("text") or "",
        value=value,
        kind=row.get("kind"),
        mod=row.get("mod"),
        unit=row.get("unit"),
        total=_number(row.get("total")),
        title=row.get("title"),
    )


def load_predictions(out_dir: str | Path) -> Predictions:
    """Read documents/mentions (required) and events/event_arguments (optional) Parquet tables."""
    root = Path(out_dir)
    if not root.is_dir():
        raise PredictionFormatError(f"{root}: prediction folder not found")
    paths = {table: _table_path(root, table) for table in _REQUIRED_COLUMNS}
    for table in ("documents", "mentions"):
        if paths[table] is None:
            raise PredictionFormatError(f"{root}: no {table}.parquet in the prediction folder")
    has_events = paths["events"] is not None
    doc_rows = _read_rows(paths["documents"], "documents")
    seen: set[str] = set()
    for row in doc_rows:
        if row["doc_id"] in seen:
            raise PredictionFormatError(f"{paths['documents']}: duplicate doc_id {row['doc_id']}")
        seen.add(row["doc_id"])

    mentions: dict[str, list[EvalMention]] = {}
    for row in _read_rows(paths["mentions"], "mentions"):
        mentions.setdefault(row["doc_id"], []).append(_mention_from_row(row))
    arguments: dict[tuple[str, str], list[EvalArgument]] = {}
    if has_events and paths["event_arguments"] is not None:
        for row in _read_rows(paths["event_arguments"], "event_arguments"):
            key = (row["doc_id"], str(row["event_id"]))
            argument = EvalArgument(role=str(row["role"]), mention_id=str(row["mention_id"]))
            arguments.setdefault(key, []).append(argument)
    events: dict[str, list[EvalEvent]] = {}
    if has_events:
        for row in _read_rows(paths["events"], "events"):
            event_id = str(row["event_id"])
            event = EvalEvent(
                id=event_id,
                type=str(row["type"]),
                trigger_start=int(row["trigger_start"]),
                trigger_end=int(row["trigger_end"]),
                arguments=tuple(arguments.get((row["doc_id"], event_id), ())),
                modality=row.get("modality") or None,
            )
            events.setdefault(row["doc_id"], []).append(event)

    documents = {
        row["doc_id"]: PredDocument(
            doc_id=row["doc_id"],
            sha256=str(row["sha256"]).lower(),
            status=row.get("status") or "",
            source_path=row.get("source_path") or "",
            mentions=tuple(mentions.get(row["doc_id"], ())),
            events=tuple(events.get(row["doc_id"], ())),
            text=row.get("text"),
        )
        for row in doc_rows
    }
    return Predictions(out_dir=root, documents=documents, has_events=has_events)


def gold_to_predictions(gold: Iterable[GoldDocument]) -> Predictions:
    """Turn gold documents into predictions (used to self-check the scorer: all F1 must be 1)."""
    documents = {
        document.doc_id: PredDocument(
            doc_id=document.doc_id,
            sha256=document.sha256,
            status="ok",
            source_path="",
            mentions=document.mentions,
            events=document.events,
        )
        for document in gold
    }
    return Predictions(out_dir=None, documents=documents, has_events=True)


def _value_columns(mention: EvalMention) -> tuple[str | None, float | None]:
    value = mention.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return (str(int(number)) if number.is_integer() else repr(number)), number
    return value, None


def _mention_row(doc_id: str, mention: EvalMention) -> dict[str, Any]:
    value, value_num = _value_columns(mention)
    return {
        "doc_id": doc_id,
        "mention_id": mention.id,
        "sentence_id": 0,
        "start": mention.start,
        "end": mention.end,
        "label": mention.label,
        "text": mention.text,
        "value": value,
        "value_num": value_num,
        "kind": mention.kind,
        "mod": mention.mod,
        "unit": mention.unit,
        "total": None if mention.total is None else float(mention.total),
        "title": mention.title,
        "source": "evaluation",
        "confidence": 1.0,
    }


def write_predictions(
    predictions: Predictions, out_dir: str | Path, *, texts: Mapping[str, str] | None = None
) -> Path:
    """Write predictions as the pipeline's Parquet tables (project schemas) into `out_dir`.

    `texts` (doc_id → text) fills trigger texts and n_chars; events tables are written only when
    `predictions.has_events`.
    """
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    texts = texts or {}
    docs, mention_rows, event_rows, argument_rows = [], [], [], []
    for doc_id in sorted(predictions.documents):
        document = predictions.documents[doc_id]
        text = texts.get(doc_id, "")
        docs.append(
            {
                "doc_id": doc_id,
                "source_path": document.source_path,
                "sha256": document.sha256,
                "change_key": document.sha256,  # no metadata: the text alone decides
                "title": None,
                "url": None,
                "published": None,
                "published_source": None,
                "n_chars": len(text),
                "n_sentences": 0,
                "n_mentions": len(document.mentions),
                "n_events": len(document.events),
                "status": document.status,
                "error": None,
            }
        )
        mention_rows.extend(_mention_row(doc_id, mention) for mention in document.mentions)
        for event in document.events:
            event_rows.append(
                {
                    "doc_id": doc_id,
                    "event_id": event.id,
                    "sentence_id": 0,
                    "type": event.type,
                    "trigger_start": event.trigger_start,
                    "trigger_end": event.trigger_end,
                    "trigger_text": text[event.trigger_start : event.trigger_end],
                    "date_value": None,
                    "date_source": None,
                    "modality": event.modality or "asserted",
                    "confidence": 1.0,
                    "source": "evaluation",
                }
            )
            labels = {mention.id: mention for mention in document.mentions}
            for argument in event.arguments:
                target = labels.get(argument.mention_id)
                argument_rows.append(
                    {
                        "doc_id": doc_id,
                        "event_id": event.id,
                        "role": argument.role,
                        "mention_id": argument.mention_id,
                        "label": target.label if target else "",
                        "value": None if target is None else _value_columns(target)[0],
                        "text": target.text if target else "",
                    }
                )
    pq.write_table(pa.Table.from_pylist(docs, schema=DOCUMENTS), root / "documents.parquet")
    pq.write_table(pa.Table.from_pylist(mention_rows, schema=MENTIONS), root / "mentions.parquet")
    if predictions.has_events:
        pq.write_table(pa.Table.from_pylist(event_rows, schema=EVENTS), root / "events.parquet")
        pq.write_table(
            pa.Table.from_pylist(argument_rows, schema=EVENT_ARGUMENTS),
            root / "event_arguments.parquet",
        )
    return root
