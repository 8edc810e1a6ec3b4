"""Read an output folder for the report: the tables as rows grouped by document, and the texts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import Errors, ReportError
from ..tables.writer import table_path

Row = dict[str, Any]


class Grouped:
    """One table's rows of the selected documents, as Arrow, handed out one document at a time.

    Rows become Python dicts only for the document being rendered: 5,000 articles hold half a
    million mentions, which as dicts alone would take about a gigabyte.
    """

    def __init__(
        self, table: pa.Table | None, keep: set[str], order: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.slices: dict[str, tuple[int, int]] = {}
        if table is None:
            self.table = None
            return
        table = table.filter(pc.is_in(table["doc_id"], value_set=pa.array(sorted(keep))))
        self.table = table.sort_by([("doc_id", "ascending"), *order])
        offset = 0
        for item in pc.value_counts(self.table["doc_id"]).to_pylist():
            self.slices[item["values"]] = (offset, item["counts"])
            offset += item["counts"]

    def get(self, doc_id: str, default: Any = ()) -> list[Row]:
        """The rows of one document, in the table's sort order."""
        if self.table is None or doc_id not in self.slices:
            return list(default)
        offset, length = self.slices[doc_id]
        return self.table.slice(offset, length).to_pylist()

    def count(self, doc_id: str) -> int:
        """How many rows one document has."""
        return self.slices.get(doc_id, (0, 0))[1]

    def columns(self, names: Sequence[str]) -> list[Row]:
        """A few columns of every row, as dicts."""
        if self.table is None:
            return []
        return self.table.select(list(names)).to_pylist()

    def __len__(self) -> int:
        return 0 if self.table is None else self.table.num_rows


@dataclass
class Corpus:
    """The rows of one output folder, restricted to the selected documents."""

    out_dir: Path
    documents: list[Row]
    mentions: Grouped
    events: Grouped
    arguments: Grouped
    entities: list[Row] | None = None
    agreements: list[Row] | None = None
    stories: list[Row] | None = None

    @property
    def doc_ids(self) -> list[str]:
        """Selected document ids in table order."""
        return [row["doc_id"] for row in self.documents]


def _read_table(out_dir: Path, name: str, *, required: bool = False) -> pa.Table | None:
    path = table_path(out_dir, name)
    if not path.exists():
        if required:
            raise ReportError(Errors.E090.format(path=out_dir, table=name))
        return None
    return pq.read_table(path)


def read_rows(out_dir: Path, name: str, *, required: bool = False) -> list[Row] | None:
    """All rows of table `name` as dicts; None (or E090 when `required`) if it is absent."""
    table = _read_table(out_dir, name, required=required)
    return None if table is None else table.to_pylist()


def _touches(row: Row, keep: set[str]) -> bool:
    return bool(set(row.get("doc_ids") or ()) & keep)


def load_corpus(out_dir: str | Path, doc_ids: Iterable[str] | None = None) -> Corpus:
    """Read the tables of `out_dir`, keeping only `doc_ids` (all documents when None)."""
    root = Path(out_dir)
    documents = read_rows(root, "documents", required=True) or []
    mentions = _read_table(root, "mentions", required=True)
    if doc_ids is not None:
        wanted = list(dict.fromkeys(doc_ids))
        known = {row["doc_id"] for row in documents}
        unknown = [doc_id for doc_id in wanted if doc_id not in known]
        if unknown:
            path = table_path(root, "documents")
            raise ReportError(Errors.E092.format(doc_ids=", ".join(unknown), path=path))
        order = {doc_id: index for index, doc_id in enumerate(wanted)}
        documents = sorted(
            (r for r in documents if r["doc_id"] in order), key=lambda r: order[r["doc_id"]]
        )
    keep = {row["doc_id"] for row in documents}
    corpus = Corpus(
        out_dir=root,
        documents=documents,
        mentions=Grouped(
            mentions,
            keep,
            [("start", "ascending"), ("end", "descending"), ("mention_id", "ascending")],
        ),
        events=Grouped(
            _read_table(root, "events"),
            keep,
            [
                ("trigger_start", "ascending"),
                ("trigger_end", "ascending"),
                ("event_id", "ascending"),
            ],
        ),
        arguments=Grouped(_read_table(root, "event_arguments"), keep),
    )
    for name in ("entities", "agreements", "stories"):
        rows = read_rows(root, name)
        if rows is not None and doc_ids is not None:
            rows = [row for row in rows if _touches(row, keep)]
        setattr(corpus, name, rows)
    return corpus


def _resolve_source(path_text: str | None, out_dir: Path) -> Path | None:
    # source_path is relative to where the run started; try that, then the output folder.
    if not path_text:
        return None
    path = Path(path_text)
    candidates = [path] if path.is_absolute() else [path, out_dir / path, out_dir.parent / path]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def document_text(
    document: Mapping[str, Any], out_dir: Path, texts: Mapping[str, str] | None = None
) -> str:
    """The original text of a document: `documents.text`, a `texts` table, else its source file.

    Raise ReportError (E091) when the text cannot be found or its SHA-256 differs from the
    table's: offsets into a different text would highlight the wrong characters.
    """
    doc_id = document["doc_id"]
    text = document.get("text")
    if text is None and texts is not None:
        text = texts.get(doc_id)
    if text is None:
        source = _resolve_source(document.get("source_path"), out_dir)
        if source is None:
            reason = f"source file {document.get('source_path') or '(none)'} not found"
            raise ReportError(Errors.E091.format(doc_id=doc_id, reason=reason))
        raw = source.read_bytes()
        if document.get("sha256") and hashlib.sha256(raw).hexdigest() != document["sha256"]:
            reason = f"{source} changed since the run (SHA-256 differs)"
            raise ReportError(Errors.E091.format(doc_id=doc_id, reason=reason))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"{source} is not UTF-8 ({exc.reason})"
            raise ReportError(Errors.E091.format(doc_id=doc_id, reason=reason)) from None
    return text


def read_texts(out_dir: Path) -> dict[str, str] | None:
    """The `texts` table (doc_id -> text) when the output has one."""
    rows = read_rows(out_dir, "texts")
    if rows is None:
        return None
    return {row["doc_id"]: row["text"] for row in rows if row.get("text") is not None}
