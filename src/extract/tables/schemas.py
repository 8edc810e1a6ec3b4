"""Explicit Arrow schemas of every output table: the one place a column is defined."""

from __future__ import annotations

import pyarrow as pa

#: Bumped whenever a column is added, removed or changes type; stored in every file's metadata.
SCHEMA_VERSION = "4"
#: Typed time of a row carrying a TIMEX value (`extract.normalize.timex`): inclusive bounds.
DATE_BOUNDS = (
    pa.field("date_start", pa.date32()),
    pa.field("date_end", pa.date32()),
    pa.field("date_granularity", pa.string()),
)

DOCUMENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("change_key", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("url", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("published_source", pa.string()),
        pa.field("n_chars", pa.int64(), nullable=False),
        pa.field("n_sentences", pa.int32(), nullable=False),
        pa.field("n_mentions", pa.int32(), nullable=False),
        pa.field("n_events", pa.int32(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        # Self-contained tables: the format read, the exact text every offset indexes, and the
        # input's other columns as a JSON object.
        pa.field("input_format", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("meta", pa.string()),
    ]
)

SENTENCES = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("sentence_id", pa.int32(), nullable=False),
        pa.field("paragraph", pa.int32(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
    ]
)

MENTIONS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("mention_id", pa.string(), nullable=False),
        pa.field("sentence_id", pa.int32(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("value", pa.string()),
        pa.field("value_key", pa.string()),
        pa.field("value_num", pa.float64()),
        pa.field("kind", pa.string()),
        pa.field("mod", pa.string()),
        pa.field("unit", pa.string()),
        pa.field("total", pa.float64()),
        pa.field("title", pa.string()),
        *DATE_BOUNDS,
        pa.field("source", pa.string(), nullable=False),
        pa.field("confidence", pa.float32(), nullable=False),
    ]
)

EVENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("sentence_id", pa.int32(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("trigger_start", pa.int32(), nullable=False),
        pa.field("trigger_end", pa.int32(), nullable=False),
        pa.field("trigger_text", pa.string(), nullable=False),
        pa.field("date_value", pa.string()),
        pa.field("date_source", pa.string()),
        *DATE_BOUNDS,
        pa.field("modality", pa.string(), nullable=False),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
    ]
)

EVENT_ARGUMENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("role", pa.string(), nullable=False),
        pa.field("mention_id", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("value", pa.string()),
        pa.field("text", pa.string(), nullable=False),
    ]
)

#: Per-document tables, keyed by doc_id: rows of one document are replaced together.
DOCUMENT_TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "events": EVENTS,
    "event_arguments": EVENT_ARGUMENTS,
}

#: Sort keys that make every table's row order deterministic.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sentence_id"],
    "mentions": ["doc_id", "start", "end", "label"],
    "events": ["doc_id", "trigger_start", "type"],
    "event_arguments": ["doc_id", "event_id", "role", "mention_id"],
    "entities": ["label", "value"],
    "agreements": ["agreement_id"],
    "stories": ["story_id"],
}

# --- Corpus-level registries, rebuilt from the per-document tables after every run. -------------

ENTITIES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("display_name", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string()), nullable=False),
        pa.field("values", pa.list_(pa.string()), nullable=False),
        pa.field("n_documents", pa.int32(), nullable=False),
        pa.field("n_mentions", pa.int32(), nullable=False),
        pa.field("first_published", pa.date32()),
        pa.field("last_published", pa.date32()),
        pa.field("first_mention_id", pa.string(), nullable=False),
        pa.field("doc_ids", pa.list_(pa.string()), nullable=False),
    ]
)

AGREEMENTS = pa.schema(
    [
        pa.field("agreement_id", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("kind", pa.string()),
        pa.field("display_name", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string()), nullable=False),
        pa.field("values", pa.list_(pa.string()), nullable=False),
        pa.field("parties", pa.list_(pa.string()), nullable=False),
        pa.field("first_date", pa.string()),
        *DATE_BOUNDS,
        pa.field("status", pa.string(), nullable=False),
        pa.field("n_documents", pa.int32(), nullable=False),
        pa.field("n_mentions", pa.int32(), nullable=False),
        pa.field("first_mention_id", pa.string(), nullable=False),
        pa.field("doc_ids", pa.list_(pa.string()), nullable=False),
    ]
)

STORIES = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("date_start", pa.date32()),
        pa.field("date_end", pa.date32()),
        pa.field("participants", pa.list_(pa.string()), nullable=False),
        pa.field("agreement_id", pa.string()),
        pa.field("n_articles", pa.int32(), nullable=False),
        pa.field("n_events", pa.int32(), nullable=False),
        pa.field("event_ids", pa.list_(pa.string()), nullable=False),
        pa.field("doc_ids", pa.list_(pa.string()), nullable=False),
        pa.field("first_published", pa.date32()),
        pa.field("first_event_id", pa.string(), nullable=False),
    ]
)

REGISTRY_TABLES: dict[str, pa.Schema] = {
    "entities": ENTITIES,
    "agreements": AGREEMENTS,
    "stories": STORIES,
}
