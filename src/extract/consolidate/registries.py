"""Corpus-level registries: one row per entity, per agreement and per story across all articles.

The registries aggregate every mention of the corpus, so they are computed by DuckDB straight
from the Parquet tables, under a memory limit and with a spill directory: memory stays bounded
however large the corpus grows, and the results stream out in record batches to the one writer.
The same SQL runs over in-memory frames (`build_entities`, `build_agreements`, `build_stories`)
for small inputs. Names are grouped by their folded key (`extract.normalize.values.fold_key`):
spelling variants of one name are one entity or agreement, with every spelling in `aliases` and
every mention value in `values`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ..normalize.values import fold_key
from ..query import create_parquet_view
from ..tables.schemas import AGREEMENTS, DOCUMENT_TABLES, ENTITIES, STORIES
from ..tables.writer import table_path, write_batches_atomic
from .stories import stories_relation

ENTITY_LABELS = ("ORG", "GPE", "PER")

#: Agreement status from the strongest event seen; later in the tuple is stronger.
STATUS_ORDER = ("mentioned", "negotiating", "signed", "ratified", "in_force")
#: Sentence cues that upgrade an event's status (matched case-insensitively).
RATIFY_CUES = "phê chuẩn|phê duyệt|gia nhập"
IN_FORCE_CUES = "có hiệu lực|đi vào hiệu lực"

#: DuckDB's memory while it aggregates, beyond which it spills to disk. A query that still
#: cannot fit (an operator that cannot spill, on a far larger corpus) is retried with the next.
MEMORY_LIMITS = ("128MB", "512MB", "2GB")
THREADS = 2

# Python's `str.isspace` characters as an RE2 class, so a name's spaces are collapsed exactly as
# `" ".join(text.split())` would (RE2's `\s` is ASCII only). Unicode has no whitespace outside
# the Basic Multilingual Plane, so scanning it is enough (and 17 times cheaper at import).
_BMP = 0x10000
_SPACES = (c for c in range(_BMP) if chr(c).isspace())
_SPACE_CLASS = "[" + "".join(f"\\x{{{c:x}}}" for c in _SPACES) + "]"


def _collapse(column: str) -> str:
    """SQL: `column` with whitespace runs made one space and the ends stripped."""
    return f"trim(regexp_replace({column}, '{_SPACE_CLASS}+', ' ', 'g'))"


def _per_document(source: str, keys: str) -> str:
    """SQL CTEs `per_doc` and `counts`: mention and document counts, publication dates, the
    first mention in reading order (publication date, undated last; document; offset) and the
    sorted document ids of each group of `keys`."""
    return f"""per_doc AS (
    SELECT {keys}, doc_id, any_value(published) AS published, count(*) AS n,
           min(start) AS start, arg_min(mention_id, (start, mention_id)) AS first_mention_id
    FROM {source} GROUP BY {keys}, doc_id
),
counts AS (
    SELECT {keys},
           count(*) AS n_documents,
           CAST(sum(n) AS BIGINT) AS n_mentions,
           min(published) AS first_published,
           max(published) AS last_published,
           arg_min(first_mention_id,
                   (coalesce(CAST(published AS VARCHAR), 'None'), doc_id, start))
               AS first_mention_id,
           list_sort(list(doc_id)) AS doc_ids
    FROM per_doc GROUP BY {keys}
)"""


def _names(source: str, keys: str) -> str:
    """SQL CTEs `alias_counts` and `names`: the display name of each group of `keys` (most
    frequent written form; ties to the longest, then alphabetical) and its sorted aliases."""
    return f"""alias_counts AS (
    SELECT {keys}, alias, count(*) AS n FROM {source} GROUP BY {keys}, alias
),
names AS (
    SELECT {keys},
           arg_min(alias, (-n, -length(alias), alias)) AS display_name,
           list_sort(list(alias)) AS aliases
    FROM alias_counts GROUP BY {keys}
)"""


def _status_names() -> str:
    """SQL list literal of the statuses, weakest first (DuckDB lists index from 1)."""
    return "[" + ", ".join(f"'{s}'" for s in STATUS_ORDER) + "]"


# Aggregates keep a few values per group (`arg_min` over sort keys, lists sorted afterwards),
# never every row of a group, so DuckDB can hash and spill them within its memory limit.


def _collapsed_nfc(column: str) -> str:
    """SQL: a written form as an alias: NFC (an NFD copy spells the same), spaces collapsed."""
    return f"nfc_normalize({_collapse(column)})"


def _chosen_values(source: str, keys: str) -> str:
    """SQL CTE `chosen`: per group of `keys`, its value (the most frequent of the mention values
    folded into it; ties to the alphabetically first) and every such value, sorted."""
    return f"""value_counts AS (
    SELECT {keys}, value, count(*) AS n FROM {source} GROUP BY {keys}, value
),
chosen AS (
    SELECT {keys}, arg_min(value, (-n, value)) AS value, list_sort(list(value)) AS "values"
    FROM value_counts GROUP BY {keys}
)"""


#: The ORG/GPE/PER mentions with their folded key (old outputs without one fold by case only).
NAMED_SQL = f"""
SELECT m.label, m.value, coalesce(m.value_key, lower(m.value)) AS key, m.doc_id, m.mention_id,
       m.start, d.published, {_collapsed_nfc("m.text")} AS alias
FROM mentions AS m LEFT JOIN documents AS d USING (doc_id)
WHERE m.label IN {ENTITY_LABELS} AND m.value IS NOT NULL
"""

#: One row per entity key: its entity_id and value. Agreements' parties and stories'
#: participants map mentions to entities through it.
ENTITY_KEYS_SQL = f"""
WITH {_chosen_values("named", "label, key")}
SELECT label, key, label || ':' || value AS entity_id, value, "values" FROM chosen
"""

ENTITIES_SQL = f"""
WITH
{_per_document("named", "label, key")},
{_names("named", "label, key")}
SELECT k.entity_id, label, k.value, display_name, aliases, k."values",
       n_documents, n_mentions, first_published, last_published, first_mention_id, doc_ids
FROM counts JOIN names USING (label, key) JOIN entity_keys AS k USING (label, key)
ORDER BY label, k.value
"""

#: The agreement mentions, kept as a temporary table: every part of the agreement query reads
#: them, and re-deriving them from all mentions each time costs both time and memory.
CITED_SQL = f"""
SELECT m.doc_id, m.mention_id, m.start, m."end", m.value,
       coalesce(m.value_key, lower(m.value)) AS key, m.kind, d.published,
       {_collapsed_nfc("m.text")} AS alias
FROM mentions AS m LEFT JOIN documents AS d USING (doc_id)
WHERE m.label = 'AGREEMENT' AND m.value IS NOT NULL
"""

#: One row per agreement key: its agreement_id and value (as ENTITY_KEYS_SQL for entities).
AGREEMENT_KEYS_SQL = f"""
WITH {_chosen_values("cited", "key")}
SELECT key, 'AGREEMENT:' || value AS agreement_id, value, "values" FROM chosen
"""

AGREEMENTS_SQL = f"""
WITH
{_per_document("cited", "key")},
{_names("cited", "key")},
-- Names, dates and parties written inside an agreement's own name ("Hiệp định ... Việt Nam - Lào").
nested AS (
    SELECT c.key AS agreement, n.label, n.value, n.value_key, n.kind,
           n.date_start, n.date_end, n.date_granularity
    FROM cited AS c JOIN mentions AS n
      ON n.doc_id = c.doc_id AND n.start >= c.start AND n."end" <= c."end"
    WHERE n.label IN ('GPE', 'ORG', 'DATE') AND n.value IS NOT NULL
),
-- Asserted or ongoing events with this agreement as an argument, and their sentence's text
-- (only those sentences are looked up, so the join builds on the few linked events).
linked_events AS (
    SELECT c.key AS agreement, e.event_id, e.type, e.doc_id, e.sentence_id
    FROM cited AS c
    JOIN event_arguments AS a ON a.role = 'agreement' AND a.mention_id = c.mention_id
    JOIN events AS e ON e.event_id = a.event_id AND e.doc_id = a.doc_id
    WHERE e.modality IN ('asserted', 'ongoing')
),
linked_sentences AS (
    SELECT s.doc_id, s.sentence_id, s.text
    FROM sentences AS s
    SEMI JOIN linked_events AS l ON l.doc_id = s.doc_id AND l.sentence_id = s.sentence_id
),
linked AS (
    SELECT l.agreement, l.event_id, l.type, coalesce(s.text, '') AS sentence
    FROM linked_events AS l
    LEFT JOIN linked_sentences AS s ON s.doc_id = l.doc_id AND s.sentence_id = l.sentence_id
),
statuses AS (
    SELECT agreement, max(CASE
        WHEN regexp_matches(sentence, '{IN_FORCE_CUES}', 'i') THEN 4
        WHEN type = 'JOIN' AND regexp_matches(sentence, '{RATIFY_CUES}', 'i') THEN 3
        WHEN type = 'SIGN' THEN 2
        WHEN type = 'NEGOTIATE' THEN 1
        ELSE 0 END) AS rank
    FROM linked GROUP BY agreement
),
-- Parties are entity ids: participants of the linked events, and names inside the agreement's.
party_mentions AS (
    SELECT l.agreement, m.label, coalesce(m.value_key, lower(m.value)) AS key
    FROM linked AS l
    JOIN event_arguments AS a ON a.event_id = l.event_id AND a.role = 'participant'
    JOIN mentions AS m ON m.mention_id = a.mention_id AND m.doc_id = a.doc_id
    WHERE m.value IS NOT NULL
    UNION
    SELECT agreement, label, coalesce(value_key, lower(value)) FROM nested
    WHERE label IN ('GPE', 'ORG')
),
party_lists AS (
    SELECT p.agreement, list_sort(list(DISTINCT k.entity_id)) AS parties
    FROM party_mentions AS p JOIN entity_keys AS k USING (label, key)
    GROUP BY p.agreement
),
nested_dates AS (
    SELECT agreement, min(value) AS first_date,
           arg_min((date_start, date_end, date_granularity), value) AS bounds
    FROM nested WHERE label = 'DATE' AND kind = 'date' GROUP BY agreement
),
kind_counts AS (
    SELECT key, kind, count(*) AS n FROM cited WHERE kind IS NOT NULL GROUP BY key, kind
),
kinds AS (
    SELECT key, arg_min(kind, (-n, kind)) AS kind FROM kind_counts GROUP BY key
)
SELECT a.agreement_id, a.value, k.kind, n.display_name, n.aliases, a."values",
       coalesce(p.parties, []) AS parties,
       coalesce(d.first_date, CAST(c.first_published AS VARCHAR)) AS first_date,
       CASE WHEN d.first_date IS NULL THEN c.first_published ELSE d.bounds[1] END AS date_start,
       CASE WHEN d.first_date IS NULL THEN c.first_published ELSE d.bounds[2] END AS date_end,
       CASE WHEN d.first_date IS NULL THEN
            CASE WHEN c.first_published IS NOT NULL THEN 'day' END
            ELSE d.bounds[3] END AS date_granularity,
       {_status_names()}[coalesce(s.rank, 0) + 1] AS status,
       c.n_documents, c.n_mentions, c.first_mention_id, c.doc_ids
FROM counts AS c
JOIN names AS n USING (key)
JOIN agreement_keys AS a USING (key)
LEFT JOIN kinds AS k USING (key)
LEFT JOIN party_lists AS p ON p.agreement = c.key
LEFT JOIN nested_dates AS d ON d.agreement = c.key
LEFT JOIN statuses AS s ON s.agreement = c.key
ORDER BY agreement_id
"""


#: The columns of each per-document table the registries read.
INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "sha256", "published"),
    "mentions": (
        "doc_id",
        "mention_id",
        "start",
        "end",
        "label",
        "text",
        "value",
        "value_key",
        "kind",
        "date_start",
        "date_end",
        "date_granularity",
    ),
    "events": (
        "doc_id",
        "event_id",
        "sentence_id",
        "type",
        "trigger_start",
        "trigger_end",
        "trigger_text",
        "modality",
        "date_source",
        "date_start",
        "date_end",
    ),
    "event_arguments": ("doc_id", "event_id", "role", "mention_id", "value"),
    "sentences": ("doc_id", "sentence_id", "text"),
}


def _input_schema(name: str) -> pa.Schema:
    # Nullable: an in-memory frame may leave out what the registries can do without (sha256).
    schema = DOCUMENT_TABLES[name]
    return pa.schema([schema.field(column).with_nullable(True) for column in INPUT_COLUMNS[name]])


@contextmanager
def _connection(memory_limit: str, spill_dir: Path | None = None) -> Iterator[Any]:
    import duckdb

    # Results are ordered by their ORDER BY; nothing else needs insertion order kept.
    config = {"threads": THREADS, "memory_limit": memory_limit, "preserve_insertion_order": False}
    if spill_dir is not None:
        config["temp_directory"] = str(spill_dir)
    con = duckdb.connect(config=config)
    try:
        yield con
    finally:
        con.close()


def _views_over_files(con: Any, out_dir: Path) -> None:
    """One view per input table of `out_dir` (an empty one when the table does not exist)."""
    for name, columns in INPUT_COLUMNS.items():
        path = table_path(out_dir, name)
        if path.exists():
            create_parquet_view(con, name, path, columns)
        else:
            con.register(name, _input_schema(name).empty_table())


def _views_over_frames(con: Any, frames: Mapping[str, pd.DataFrame]) -> None:
    """One view per input table from in-memory frames, typed by the tables' schemas."""
    for name in INPUT_COLUMNS:
        schema = _input_schema(name)
        frame = frames.get(name)
        if frame is None:
            con.register(name, schema.empty_table())
            continue
        frame = _with_derived_columns(name, frame, schema)
        table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
        con.register(name, table)


def _with_derived_columns(name: str, frame: pd.DataFrame, schema: pa.Schema) -> pd.DataFrame:
    """A frame missing columns the registries read gets them: the folded key of a mention's
    value as the pipeline computes it, nulls otherwise."""
    missing = [column for column in schema.names if column not in frame.columns]
    if not missing:
        return frame
    frame = frame.copy()
    for column in missing:
        if name == "mentions" and column == "value_key":
            frame[column] = [
                fold_key(v) if isinstance(v, str) and label != "DATE" else None
                for v, label in zip(frame["value"], frame["label"], strict=True)
            ]
        else:
            frame[column] = None
    return frame


def _queries(con: Any) -> Iterator[tuple[str, Any, pa.Schema]]:
    """(registry name, DuckDB relation, schema) of each registry, in turn."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE named AS {NAMED_SQL}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE entity_keys AS {ENTITY_KEYS_SQL}")
    yield "entities", con.sql(ENTITIES_SQL), ENTITIES
    con.execute(f"CREATE OR REPLACE TEMP TABLE cited AS {CITED_SQL}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE agreement_keys AS {AGREEMENT_KEYS_SQL}")
    yield "agreements", con.sql(AGREEMENTS_SQL), AGREEMENTS
    yield "stories", stories_relation(con), STORIES


def _from_frames(frames: Mapping[str, pd.DataFrame], wanted: str) -> pa.Table:
    with _connection(MEMORY_LIMITS[-1]) as con:
        _views_over_frames(con, frames)
        for name, relation, schema in _queries(con):
            if name == wanted:
                return relation.to_arrow_table().cast(schema)
    raise KeyError(wanted)


def build_entities(mentions: pd.DataFrame, documents: pd.DataFrame) -> pa.Table:
    """One row per (label, canonical value) of ORG, GPE and PER mentions in the frames."""
    return _from_frames({"mentions": mentions, "documents": documents}, "entities")


def build_agreements(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    events: pd.DataFrame,
    arguments: pd.DataFrame,
    sentences: pd.DataFrame,
) -> pa.Table:
    """One row per distinct agreement value, with parties and status from its events."""
    frames = {
        "mentions": mentions,
        "documents": documents,
        "events": events,
        "event_arguments": arguments,
        "sentences": sentences,
    }
    return _from_frames(frames, "agreements")


def build_stories(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    events: pd.DataFrame,
    arguments: pd.DataFrame,
) -> pa.Table:
    """One row per real-world event: the events of all articles that report it, grouped."""
    frames = {
        "mentions": mentions,
        "documents": documents,
        "events": events,
        "event_arguments": arguments,
    }
    return _from_frames(frames, "stories")


def build_registries(
    out_dir: Path,
    *,
    batch_rows: int = 65536,
    metadata: Callable[[str], Mapping[bytes, bytes]] | None = None,
) -> dict[str, Path]:
    """Rebuild `entities`, `agreements` and `stories` from the per-document tables of `out_dir`.

    Each registry streams from DuckDB to its Parquet file in record batches; if DuckDB runs out
    of memory under one limit, that registry is recomputed under the next (nothing half-written
    is ever published).
    """
    import duckdb

    written: dict[str, Path] = {}
    spill = out_dir / ".registries-spill"
    try:
        for limit in MEMORY_LIMITS:
            try:
                with _connection(limit, spill) as con:
                    _views_over_files(con, out_dir)
                    for name, relation, schema in _queries(con):
                        if name not in written:
                            batches = relation.to_arrow_reader(batch_rows)
                            written[name] = write_batches_atomic(
                                out_dir,
                                name,
                                batches,
                                schema,
                                metadata(name) if metadata is not None else None,
                            )
                return written
            except duckdb.OutOfMemoryException:
                if limit == MEMORY_LIMITS[-1]:
                    raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return written
