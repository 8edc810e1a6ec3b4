"""The one Parquet writer: explicit schemas, row groups, atomic publish, per-document replace."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import Errors, ExtractError
from .schemas import DOCUMENT_TABLES

FINGERPRINT_KEY = b"extract.pipeline_fingerprint"
STAGING_PREFIX = ".staging-"
ROW_GROUP_ROWS = 16 * 1024  # rows per row group when tables are merged: bounds publish memory

Rows = dict[str, list[dict[str, object]]]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the output folder already holds about one document."""

    doc_id: str
    sha256: str
    status: str


def table_path(out_dir: Path, name: str) -> Path:
    """Where table `name` lives in an output folder."""
    return out_dir / f"{name}.parquet"


def read_fingerprint(out_dir: Path) -> str | None:
    """The pipeline fingerprint the documents table was written with, if any."""
    path = table_path(out_dir, "documents")
    if not path.exists():
        return None
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(FINGERPRINT_KEY)
    return value.decode() if value else None


def read_stored_documents(out_dir: Path) -> dict[str, StoredDocument]:
    """doc_id → stored state, from the documents table of a previous run (empty if none)."""
    path = table_path(out_dir, "documents")
    if not path.exists():
        return {}
    table = pq.read_table(path, columns=["doc_id", "sha256", "status"])
    return {
        row["doc_id"]: StoredDocument(row["doc_id"], row["sha256"], row["status"])
        for row in table.to_pylist()
    }


def write_batches_atomic(
    out_dir: Path, name: str, batches: Iterable[pa.RecordBatch], schema: pa.Schema
) -> Path:
    """Write a whole table (registries) from record batches already in `SORT_KEYS` order,
    with its schema: a temporary file, then a rename, so memory holds one batch at a time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final_path = table_path(out_dir, name)
    tmp = out_dir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            for batch in batches:
                if batch.num_rows:
                    writer.write_table(pa.Table.from_batches([batch]).cast(schema))
        os.replace(tmp, final_path)
    finally:
        tmp.unlink(missing_ok=True)
    return final_path


@dataclass
class RunWriter:
    """Collects rows of processed documents into staging files, then publishes all tables.

    Rows are flushed as Parquet row groups every `flush_every` documents so memory stays bounded.
    Nothing in `out_dir` changes until `publish`; each table is then replaced by a rename.
    """

    out_dir: Path
    fingerprint: str
    flush_every: int = 256
    _staging: Path = field(init=False)
    _buffers: dict[str, list[dict[str, object]]] = field(init=False)
    _writers: dict[str, pq.ParquetWriter] = field(init=False)
    _pending_docs: int = field(init=False, default=0)
    _written_ids: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.out_dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
        self._staging = self.out_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        self._staging.mkdir()
        self._buffers = {name: [] for name in DOCUMENT_TABLES}
        self._writers = {}
        self._written_ids = set()

    def add(self, rows: Mapping[str, Iterable[dict[str, object]]]) -> None:
        """Add one document's rows (table name → rows)."""
        for name, table_rows in rows.items():
            self._buffers[name].extend(table_rows)
        for row in rows.get("documents", ()):
            self._written_ids.add(str(row["doc_id"]))
        self._pending_docs += 1
        if self._pending_docs >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        """Write buffered rows as one row group per table."""
        for name in DOCUMENT_TABLES:
            rows = self._buffers[name]
            if not rows:
                continue
            batch = pa.Table.from_pylist(rows, schema=self._schema(name))
            writer = self._writers.get(name)
            if writer is None:
                writer = pq.ParquetWriter(self._staging / f"{name}.parquet", self._schema(name))
                self._writers[name] = writer
            writer.write_table(batch)
            rows.clear()
        self._pending_docs = 0

    def publish(self, *, replaced: set[str] | None = None) -> None:
        """Merge staged rows with the kept rows of earlier runs and atomically replace each table.

        `replaced` names documents of earlier runs whose rows must go (reprocessed documents are
        always replaced).
        """
        self.flush()
        for writer in self._writers.values():
            writer.close()
        drop = set(self._written_ids) | set(replaced or ())
        try:
            for name, schema in DOCUMENT_TABLES.items():
                self._publish_table(name, schema, drop)
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def abort(self) -> None:
        """Discard the staged rows; the output folder is left as it was."""
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self._staging, ignore_errors=True)

    def _schema(self, name: str) -> pa.Schema:
        schema = DOCUMENT_TABLES[name]
        if name == "documents":
            return schema.with_metadata({FINGERPRINT_KEY: self.fingerprint.encode()})
        return schema

    def _publish_table(self, name: str, schema: pa.Schema, drop: set[str]) -> None:
        staged_path = self._staging / f"{name}.parquet"
        final_path = table_path(self.out_dir, name)
        out_schema = self._schema(name)
        if not final_path.exists():
            # First run: staged row groups are already in processing order; publish as written.
            if not staged_path.exists():
                pq.write_table(out_schema.empty_table(), staged_path)
            os.replace(staged_path, final_path)
            return
        if not staged_path.exists() and not drop:
            return  # nothing new and nothing to remove: the published table stays as it is
        old = pq.ParquetFile(final_path)
        if not old.schema_arrow.remove_metadata().equals(schema):
            old_ids = set(pq.read_table(final_path, columns=["doc_id"]).column(0).to_pylist())
            if not old_ids <= drop:
                raise ExtractError(Errors.E040.format(path=final_path, reason="columns differ"))
            # A rebuild replaces every old row, so a table of an older layout is simply replaced.
            if not staged_path.exists():
                pq.write_table(out_schema.empty_table(), staged_path)
            os.replace(staged_path, final_path)
            return
        # Stream: the kept rows of earlier runs, then this run's rows, one row group at a time
        # (row groups are bounded by `flush_every` documents). Nothing is loaded whole, so memory
        # does not grow with the size of the tables.
        dropped = pa.array(sorted(drop), type=pa.string())
        tmp = self._staging / f"{name}.merged.parquet"
        with pq.ParquetWriter(tmp, out_schema) as writer:
            for kept in _read_in_groups(old, ROW_GROUP_ROWS):
                if drop:
                    kept = kept.filter(pc.invert(pc.is_in(kept["doc_id"], value_set=dropped)))
                if kept.num_rows:
                    writer.write_table(kept.cast(out_schema))
            if staged_path.exists():
                for new in _read_in_groups(pq.ParquetFile(staged_path), ROW_GROUP_ROWS):
                    writer.write_table(new.cast(out_schema))
        os.replace(tmp, final_path)


def _read_in_groups(parquet: pq.ParquetFile, rows: int) -> Iterator[pa.Table]:
    """The file's rows in order, as runs of consecutive row groups of about `rows` rows.

    Each run is read on its own (`iter_batches` reads ahead across row groups and held about
    four times a 50 MB file in memory), and small row groups left by incremental runs are
    merged into one, so they do not pile up in the published files.
    """
    run: list[int] = []
    size = 0
    for index in range(parquet.num_row_groups):
        run.append(index)
        size += parquet.metadata.row_group(index).num_rows
        if size >= rows:
            yield parquet.read_row_groups(run)
            run, size = [], 0
    if run:
        yield parquet.read_row_groups(run)
