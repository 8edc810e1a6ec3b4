"""Corpus-level registries: one row per entity and per agreement across all articles."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..tables.schemas import AGREEMENTS, ENTITIES
from ..tables.writer import table_path, write_table_atomic

ENTITY_LABELS = ("ORG", "GPE", "PER")

#: Agreement status from the strongest event seen; later in the tuple is stronger.
STATUS_ORDER = ("mentioned", "negotiating", "signed", "ratified", "in_force")
_RATIFY = re.compile(r"phê chuẩn|phê duyệt|gia nhập", re.IGNORECASE)
_IN_FORCE = re.compile(r"có hiệu lực|đi vào hiệu lực", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _read(
    out_dir: Path, name: str, columns: list[str], filters: list | None = None
) -> pd.DataFrame:
    """Columns of a table (rows matching `filters` only); an empty frame if it does not exist."""
    path = table_path(out_dir, name)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pq.read_table(path, columns=columns, filters=filters).to_pandas()


def _display_name(texts: pd.Series) -> str:
    """The most frequent surface form; ties go to the longest, then alphabetical."""
    counts = Counter(_collapse(t) for t in texts)
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _in_reading_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by publication date, document and offset: each group's first row is its earliest
    mention (groupby keeps this order inside a group), so no group is sorted again."""
    frame = frame.assign(published_sort=frame["published"].astype(str))
    return frame.sort_values(["published_sort", "doc_id", "start"], kind="stable")


def _first_mention(group: pd.DataFrame) -> str:
    return str(group["mention_id"].iloc[0])


def _dates(values: pd.Series) -> tuple[object, object]:
    known = values.dropna()
    if known.empty:
        return None, None
    return known.min(), known.max()


@dataclass
class _EntityState:
    """What is kept per entity while the mentions stream past (not the mentions themselves)."""

    aliases: Counter[str] = field(default_factory=Counter)
    doc_ids: set[str] = field(default_factory=set)
    n_mentions: int = 0
    first: tuple[tuple[str, str, int], str] | None = None
    first_day: date | None = None
    last_day: date | None = None


def aggregate_entities(
    batches: Iterable[pa.RecordBatch], published: dict[str, date | None]
) -> pa.Table:
    """One row per (label, canonical value) of ORG, GPE and PER mentions, streaming over row
    batches so that memory grows with the number of entities, not of mentions."""
    states: dict[tuple[str, str], _EntityState] = {}
    for batch in batches:
        columns = batch.to_pydict()
        rows = zip(
            columns["doc_id"],
            columns["mention_id"],
            columns["start"],
            columns["label"],
            columns["text"],
            columns["value"],
            strict=True,
        )
        for doc_id, mention_id, start, label, text, value in rows:
            if label not in ENTITY_LABELS or value is None:
                continue
            state = states.setdefault((label, value), _EntityState())
            state.aliases[_collapse(text)] += 1
            state.doc_ids.add(doc_id)
            state.n_mentions += 1
            day = published.get(doc_id)
            # Reading order: publication date (undated last), document, offset.
            key = (str(day), doc_id, start)
            if state.first is None or key < state.first[0]:
                state.first = (key, mention_id)
            if day is not None:
                state.first_day = min(day, state.first_day or day)
                state.last_day = max(day, state.last_day or day)
    rows_out = []
    for (label, value), state in sorted(states.items()):
        display = sorted(state.aliases.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        rows_out.append(
            {
                "entity_id": f"{label}:{value}",
                "label": label,
                "value": value,
                "display_name": display,
                "aliases": sorted(state.aliases),
                "n_documents": len(state.doc_ids),
                "n_mentions": state.n_mentions,
                "first_published": state.first_day,
                "last_published": state.last_day,
                "first_mention_id": state.first[1] if state.first else "",
                "doc_ids": sorted(state.doc_ids),
            }
        )
    return pa.Table.from_pylist(rows_out, schema=ENTITIES)


def build_entities(mentions: pd.DataFrame, documents: pd.DataFrame) -> pa.Table:
    """`aggregate_entities` over in-memory frames (convenient for tests and small corpora)."""
    columns = ["doc_id", "mention_id", "start", "label", "text", "value"]
    batches = pa.Table.from_pandas(mentions[columns], preserve_index=False).to_batches()
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    return aggregate_entities(batches, published)


def _status(event_types: list[str], sentences: list[str]) -> str:
    best = "mentioned"
    for event_type, sentence in zip(event_types, sentences, strict=True):
        status = {"NEGOTIATE": "negotiating", "SIGN": "signed"}.get(event_type, "mentioned")
        if event_type == "JOIN" and _RATIFY.search(sentence):
            status = "ratified"
        if _IN_FORCE.search(sentence):
            status = "in_force"
        if STATUS_ORDER.index(status) > STATUS_ORDER.index(best):
            best = status
    return best


def build_agreements(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    events: pd.DataFrame,
    arguments: pd.DataFrame,
    sentences: pd.DataFrame,
) -> pa.Table:
    """One row per distinct agreement value, with parties and status from its events."""
    agreements = mentions[(mentions["label"] == "AGREEMENT") & mentions["value"].notna()]
    agreements = agreements.merge(documents[["doc_id", "published"]], on="doc_id", how="left")
    agreements = _in_reading_order(agreements)
    asserted = events[events["modality"].isin(["asserted", "ongoing"])]
    linked = arguments[arguments["role"] == "agreement"].merge(
        asserted[["event_id", "type", "sentence_id", "doc_id"]], on=["event_id", "doc_id"]
    )
    participants = arguments[arguments["role"] == "participant"]
    sentence_text = {
        (d, s): t
        for d, s, t in sentences[["doc_id", "sentence_id", "text"]].itertuples(index=False)
    }
    parties_inside = _by_document(mentions[mentions["label"].isin(["GPE", "ORG"])])
    dates = mentions[(mentions["label"] == "DATE") & (mentions["kind"] == "date")]
    dates_inside = _by_document(dates)
    rows = []
    for value, group in agreements.groupby("value", sort=True):
        ids = set(group["mention_id"])
        its_events = linked[linked["mention_id"].isin(ids)]
        event_ids = set(its_events["event_id"])
        parties = participants[participants["event_id"].isin(event_ids)]["value"].dropna()
        nested = _nested(group, parties_inside)
        sentences_of = [
            sentence_text.get((d, s), "")
            for d, s in its_events[["doc_id", "sentence_id"]].itertuples(index=False)
        ]
        nested_dates = _nested(group, dates_inside)
        first_published, _ = _dates(group["published"])
        first_date = min(nested_dates) if nested_dates else first_published
        kinds = Counter(k for k in group["kind"] if isinstance(k, str))
        rows.append(
            {
                "agreement_id": f"AGREEMENT:{value}",
                "value": value,
                "kind": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                if kinds
                else None,
                "display_name": _display_name(group["text"]),
                "aliases": sorted({_collapse(t) for t in group["text"]}),
                "parties": sorted(set(parties) | set(nested)),
                "first_date": str(first_date) if first_date is not None else None,
                "status": _status(list(its_events["type"]), sentences_of),
                "n_documents": int(group["doc_id"].nunique()),
                "n_mentions": len(group),
                "first_mention_id": _first_mention(group),
                "doc_ids": sorted(set(group["doc_id"])),
            }
        )
    return pa.Table.from_pylist(rows, schema=AGREEMENTS)


Spans = dict[str, list[tuple[int, int, str]]]


def _by_document(mentions: pd.DataFrame) -> Spans:
    """(start, end, value) of each mention with a string value, grouped by document."""
    spans: Spans = {}
    rows = mentions[["doc_id", "start", "end", "value"]].itertuples(index=False)
    for doc_id, start, end, value in rows:
        if isinstance(value, str):
            spans.setdefault(doc_id, []).append((start, end, value))
    return spans


def _nested(outer: pd.DataFrame, inner: Spans) -> list[str]:
    """Values of `inner` spans lying inside any of the `outer` mentions (same document)."""
    found: list[str] = []
    for doc_id, start, end in outer[["doc_id", "start", "end"]].itertuples(index=False):
        found.extend(v for s, e, v in inner.get(doc_id, ()) if s >= start and e <= end)
    return found


def _linked_sentences(out_dir: Path, events: pd.DataFrame, arguments: pd.DataFrame) -> pd.DataFrame:
    """Only the sentences of events with an agreement argument: their text sets the status."""
    agreement_events = arguments[arguments["role"] == "agreement"]["event_id"]
    linked = events[events["event_id"].isin(agreement_events)]
    path = table_path(out_dir, "sentences")
    columns = ["doc_id", "sentence_id", "text"]
    if linked.empty or not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    docs = sorted(set(linked["doc_id"]))
    frame = pq.read_table(path, columns=columns, filters=[("doc_id", "in", docs)]).to_pandas()
    keys = set(zip(linked["doc_id"], linked["sentence_id"], strict=True))
    wanted = [k in keys for k in zip(frame["doc_id"], frame["sentence_id"], strict=True)]
    return frame[wanted]


def build_registries(out_dir: Path) -> dict[str, Path]:
    """Rebuild `entities` and `agreements` from the per-document tables of `out_dir`.

    Only what a registry needs is read: entity mentions are streamed in batches, and the
    agreement registry reads the mentions, events and arguments of documents citing agreements.
    """
    documents = _read(out_dir, "documents", ["doc_id", "published"])
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    entity_columns = ["doc_id", "mention_id", "start", "label", "text", "value"]
    mentions_path = table_path(out_dir, "mentions")
    batches = (
        pq.ParquetFile(mentions_path).iter_batches(batch_size=65536, columns=entity_columns)
        if mentions_path.exists()
        else ()
    )
    entities = aggregate_entities(batches, published)

    columns = ["doc_id", "mention_id", "start", "end", "label", "text", "value", "kind"]
    cited = _read(out_dir, "mentions", columns, [("label", "=", "AGREEMENT")])
    citing = sorted(set(cited["doc_id"]))
    context = (
        _read(
            out_dir,
            "mentions",
            columns,
            [("doc_id", "in", citing), ("label", "in", ["GPE", "ORG", "DATE"])],
        )
        if citing
        else cited.iloc[0:0]
    )
    mentions = pd.concat([cited, context], ignore_index=True)
    argument_columns = ["doc_id", "event_id", "role", "mention_id", "value"]
    linked = _read(out_dir, "event_arguments", argument_columns, [("role", "=", "agreement")])
    event_ids = sorted(set(linked["event_id"]))
    event_columns = ["doc_id", "event_id", "sentence_id", "type", "modality"]
    # The arguments and events of events that name an agreement (an empty filter matches none).
    linked_filter = [("event_id", "in", event_ids or [""])]
    arguments = _read(out_dir, "event_arguments", argument_columns, linked_filter)
    events = _read(out_dir, "events", event_columns, linked_filter)
    sentences = _linked_sentences(out_dir, events, arguments)
    return {
        "entities": write_table_atomic(out_dir, "entities", entities, ENTITIES),
        "agreements": write_table_atomic(
            out_dir,
            "agreements",
            build_agreements(mentions, documents, events, arguments, sentences),
            AGREEMENTS,
        ),
    }
