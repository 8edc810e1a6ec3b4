"""The one Parquet writer: explicit schemas, zstd, key-value metadata, rows sorted by key.

Rows of processed documents are staged as row groups; publishing merges them with the kept
rows of the previous generation into the next generation's folder (`tables/store.py` makes
that folder current in one step). Nothing here ever writes into a published generation.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..errors import Errors, ExtractError
from .schemas import DOCUMENT_TABLES, SCHEMA_VERSION, SORT_KEYS

FINGERPRINT_KEY = b"extract.pipeline_fingerprint"
COMPRESSION = "zstd"
ROW_GROUP_ROWS = 64 * 1024  # rows per row group of a published table
# DuckDB sorts the merged rows under the first of these limits, spilling to disk beyond it; a
# table whose rows are too wide to sort in it (whole article texts) is sorted again under the
# next. The first is low so that publishing a large output adds little to the run's peak.
MERGE_MEMORY_LIMITS = ("96MB", "384MB", "2GB")

Rows = dict[str, list[dict[str, object]]]
RETRIED_ERRORS = ("[E051]",)  # worker died: the next run tries the document again


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the output folder already holds about one document."""

    doc_id: str
    change_key: str
    status: str
    error: str | None = None

    @property
    def current(self) -> bool:
        """Whether these rows still stand for an input with the same change key.

        Failures that may not recur (a worker killed from outside, e.g. by the OOM killer)
        are retried; every other result, errors included, is as deterministic as the input.
        """
        return self.status == "ok" or not (self.error or "").startswith(RETRIED_ERRORS)


def table_path(out_dir: Path, name: str) -> Path:
    """Where table `name` lives in an output folder (or in one generation's folder)."""
    return Path(out_dir) / f"{name}.parquet"


def table_metadata(name: str, *, fingerprint: str, config_hash: str) -> dict[bytes, bytes]:
    """Key-value metadata of every published Parquet file: what made it, and when."""
    return {
        b"extract.table": name.encode(),
        b"extract.package_version": __version__.encode(),
        b"extract.schema_version": SCHEMA_VERSION.encode(),
        FINGERPRINT_KEY: fingerprint.encode(),
        b"extract.config_hash": config_hash.encode(),
        b"extract.created": datetime.now(UTC).isoformat(timespec="seconds").encode(),
    }


def read_fingerprint(tables_dir: Path) -> str | None:
    """The pipeline fingerprint the documents table in `tables_dir` was written with, if any."""
    path = table_path(tables_dir, "documents")
    if not path.exists():
        return None
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(FINGERPRINT_KEY)
    return value.decode() if value else None


def read_stored_documents(tables_dir: Path) -> dict[str, StoredDocument]:
    """doc_id → stored state, from a generation's documents table (empty if none)."""
    path = table_path(tables_dir, "documents")
    if not path.exists():
        return {}
    table = pq.read_table(path, columns=["doc_id", "change_key", "status", "error"])
    return {
        row["doc_id"]: StoredDocument(row["doc_id"], row["change_key"], row["status"], row["error"])
        for row in table.to_pylist()
    }


def _writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    return pq.ParquetWriter(path, schema, compression=COMPRESSION)


def write_batches_atomic(
    out_dir: Path,
    name: str,
    batches: Iterable[pa.RecordBatch],
    schema: pa.Schema,
    metadata: Mapping[bytes, bytes] | None = None,
) -> Path:
    """Write a whole table (registries) from record batches already in `SORT_KEYS` order,
    with its schema: a temporary file, then a rename, so memory holds one batch at a time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final_path = table_path(out_dir, name)
    tmp = out_dir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    schema = schema.with_metadata(dict(metadata or {}))
    try:
        with _writer(tmp, schema) as writer:
            for batch in batches:
                if batch.num_rows:
                    writer.write_table(pa.Table.from_batches([batch]).cast(schema))
        os.replace(tmp, final_path)
    finally:
        tmp.unlink(missing_ok=True)
    return final_path


@dataclass
class RunWriter:
    """Collects rows of processed documents as staged row groups, then writes whole tables.

    Rows are flushed every `flush_every` documents so memory stays bounded; `publish` writes
    every document table of the next generation into `target`, sorted by `SORT_KEYS`.
    """

    target: Path
    fingerprint: str
    config_hash: str = ""
    flush_every: int = 256
    _staging: Path = field(init=False)
    _docs: list[dict[str, list[dict[str, object]]]] = field(init=False)
    _writers: dict[str, pq.ParquetWriter] = field(init=False)
    _written_ids: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self._staging = self.target / "staged"
        self._staging.mkdir(parents=True)
        self._docs = []
        self._writers = {}
        self._written_ids = set()

    @property
    def written_ids(self) -> frozenset[str]:
        """doc_ids whose rows this run produced."""
        return frozenset(self._written_ids)

    def metadata(self, name: str) -> dict[bytes, bytes]:
        """The key-value metadata of table `name` written by this run."""
        return table_metadata(name, fingerprint=self.fingerprint, config_hash=self.config_hash)

    def add(self, rows: Mapping[str, Iterable[dict[str, object]]]) -> None:
        """Add one document's rows (table name → rows)."""
        self._docs.append({name: list(table_rows) for name, table_rows in rows.items()})
        for row in self._docs[-1].get("documents", ()):
            self._written_ids.add(str(_printable(row["doc_id"])))
        if len(self._docs) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        """Write buffered rows as one row group per table."""
        if not self._docs:
            return
        try:
            tables = self._tables(self._docs)
        except (pa.ArrowException, UnicodeError) as exc:
            # Some document's rows cannot be stored (e.g. a lone surrogate in a file name):
            # that document gets an error row; the others are written as they are.
            docs = [doc if _storable(doc) else _unstorable(doc, exc) for doc in self._docs]
            tables = self._tables(docs)
        for name, table in tables.items():
            if not table.num_rows:
                continue
            writer = self._writers.get(name)
            if writer is None:
                writer = pq.ParquetWriter(self._staging / f"{name}.parquet", table.schema)
                self._writers[name] = writer
            writer.write_table(table)
        self._docs = []

    @staticmethod
    def _tables(docs: list[dict[str, list[dict[str, object]]]]) -> dict[str, pa.Table]:
        return {
            name: pa.Table.from_pylist([r for doc in docs for r in doc.get(name, ())], schema)
            for name, schema in DOCUMENT_TABLES.items()
        }

    def close(self) -> None:
        """Finish the staged files."""
        self.flush()
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def publish(self, previous: Path | None, *, drop: Iterable[str] = ()) -> None:
        """Write every document table into `target`: the previous generation's rows minus
        `drop` and minus this run's documents, plus this run's rows, sorted by key."""
        self.close()
        drop = set(drop) | self._written_ids
        for name, schema in DOCUMENT_TABLES.items():
            old = table_path(previous, name) if previous is not None else None
            if old is not None and not old.exists():
                old = None
            staged = self._staging / f"{name}.parquet"
            self._publish_table(name, schema, old, staged if staged.exists() else None, drop)
        shutil.rmtree(self._staging, ignore_errors=True)

    def _publish_table(
        self, name: str, schema: pa.Schema, old: Path | None, staged: Path | None, drop: set[str]
    ) -> None:
        final = table_path(self.target, name)
        if old is not None and not pq.read_schema(old).remove_metadata().equals(schema):
            raise ExtractError(Errors.E040.format(path=old, reason="columns differ"))
        if staged is None and old is not None and not drop:
            # Nothing of this table changed: the new generation shares the old file.
            try:
                os.link(old, final)
            except OSError:
                shutil.copyfile(old, final)
            return
        out_schema = schema.with_metadata(self.metadata(name))
        if old is None and staged is None:
            pq.write_table(out_schema.empty_table(), final, compression=COMPRESSION)
            return
        _merge_sorted(old, staged, final, name, out_schema, drop, self.target)


def _storable(doc: dict[str, list[dict[str, object]]]) -> bool:
    try:
        RunWriter._tables([doc])
    except (pa.ArrowException, UnicodeError):
        return False
    return True


def _printable(value: object) -> object:
    """A string with lone surrogates (undecodable file names) made storable, others as given."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _unstorable(
    doc: Mapping[str, list[dict[str, object]]], exc: Exception
) -> dict[str, list[dict[str, object]]]:
    row = {key: _printable(value) for key, value in doc["documents"][0].items()}
    reason = f"{type(exc).__name__}: {exc}"
    row.update(
        status="error",
        error=Errors.E054.format(path=row["source_path"], reason=reason),
        n_sentences=0,
        n_mentions=0,
        n_events=0,
    )
    return {"documents": [row]}


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _merge_sorted(
    old: Path | None,
    staged: Path | None,
    final: Path,
    name: str,
    schema: pa.Schema,
    drop: set[str],
    spill: Path,
) -> None:
    """The rows of `old` minus documents in `drop`, plus the rows of `staged`, sorted by the
    table's keys, into `final`.

    DuckDB sorts under a memory limit and spills to disk beyond it, so publishing holds about
    one row group plus the limit in memory however large the tables are; the limit is raised
    only for a table that cannot be sorted under the lower one.
    """
    import duckdb

    columns = ", ".join(f'"{c}"' for c in schema.names)
    keys = ", ".join(f'"{c}"' for c in SORT_KEYS[name])
    parts = []
    if old is not None:
        parts.append(
            f"SELECT {columns} FROM read_parquet({_quote(old)}) "
            "WHERE doc_id NOT IN (SELECT doc_id FROM dropped)"
        )
    if staged is not None:
        parts.append(f"SELECT {columns} FROM read_parquet({_quote(staged)})")
    query = f"{' UNION ALL '.join(parts)} ORDER BY {keys}"
    dropped = pa.table({"doc_id": pa.array(sorted(drop), pa.string())})
    for n, limit in enumerate(MERGE_MEMORY_LIMITS):
        try:
            _write_sorted(query, dropped, limit, final, schema, spill / ".merge-spill")
            return
        except duckdb.OutOfMemoryException:
            if n == len(MERGE_MEMORY_LIMITS) - 1:
                raise


def _write_sorted(
    query: str, dropped: pa.Table, memory_limit: str, final: Path, schema: pa.Schema, spill: Path
) -> None:
    """Run `query` under `memory_limit` and write its rows to `final` in row groups."""
    import duckdb

    config = {"threads": 1, "memory_limit": memory_limit, "temp_directory": str(spill)}
    con = duckdb.connect(config=config)
    try:
        con.register("dropped", dropped)
        tmp = final.with_name(f".{final.name}.tmp")
        with _writer(tmp, schema) as writer:
            empty = True
            for batch in con.sql(query).to_arrow_reader(ROW_GROUP_ROWS):
                if batch.num_rows:
                    writer.write_table(pa.Table.from_batches([batch]).cast(schema))
                    empty = False
            if empty:
                writer.write_table(schema.empty_table())
        os.replace(tmp, final)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
