"""One pure reader per input format: bytes in, `SourceDocument`s out, errors recorded not raised.

Formats: `txt` (one article per file), `html` (one saved page per file), and the tabular
`jsonl`, `csv`, `tsv`, `parquet` (one article per line or row, columns mapped by `ColumnMap`).
File access, `.gz`, folders and metadata sheets are `reader.py`'s business.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, BinaryIO

from ..errors import Errors
from ..records import SourceDocument
from .dates import PublishedError, parse_published
from .html import extract_html

FIELDS = ("id", "text", "html", "published", "url", "title")
# Exports name their date column in many ways ("published_at", "publication_date_if_known"):
# besides the listed names, a column whose name starts with one of these is a published column.
_PUBLISHED_PREFIXES = ("published", "publication_date", "publish_date")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of raw bytes: the content identity used for incremental runs."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column (or JSON field) holds each document field; first candidate present wins.

    Names match case-insensitively. `explicit` names the fields the user set on the command
    line: for those only the given name counts.
    """

    id: tuple[str, ...] = ("doc_id", "id")
    text: tuple[str, ...] = ("text", "content", "body")
    html: tuple[str, ...] = ("html",)
    published: tuple[str, ...] = ("published", "date", "publish_date")
    url: tuple[str, ...] = ("url",)
    title: tuple[str, ...] = ("title",)
    explicit: frozenset[str] = field(default_factory=frozenset)

    def with_names(self, **names: str | None) -> ColumnMap:
        """This map with the given fields pinned to one column name each (None: keep default)."""
        given = {k: v for k, v in names.items() if v}
        unknown = set(given) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown column fields {sorted(unknown)}")
        pinned = {k: (v,) for k, v in given.items()}
        return replace(self, **pinned, explicit=self.explicit | frozenset(given))

    def pick(self, name: str, columns: Iterable[str]) -> str | None:
        """The column holding field `name` among `columns`, or None."""
        by_lower = {}
        for column in columns:
            by_lower.setdefault(str(column).lower(), column)
        for candidate in getattr(self, name):
            if candidate.lower() in by_lower:
                return by_lower[candidate.lower()]
        if name == "published" and name not in self.explicit:
            for lower, column in by_lower.items():
                if lower.startswith(_PUBLISHED_PREFIXES):
                    return column
        return None


DEFAULT_COLUMNS = ColumnMap()


def _text_error(text: str, where: str) -> str | None:
    if not text:
        return Errors.E002.format(path=where)
    if not text.strip():
        return Errors.E003.format(path=where)
    return None


def _surrogate(record: Mapping[str, Any]) -> tuple[str, int] | None:
    """The first field (or key) holding a lone surrogate, which UTF-8 and Parquet cannot store."""
    for key, value in record.items():
        for part in (key, value):
            if isinstance(part, str) and (m := _LONE_SURROGATE.search(part)):
                return str(key), m.start()
    return None


def _clean_str(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _meta_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


# --- one article per file -----------------------------------------------------------------------


def decode_utf8(data: bytes, where: str) -> tuple[str | None, str | None]:
    """Strict UTF-8 decoding; (text, None) or (None, coded error)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        return None, Errors.E001.format(path=where, reason=reason)


def read_txt(data: bytes, *, doc_id: str, source_path: str, where: str) -> SourceDocument:
    """One .txt article. A UTF-8 BOM stays in the text: offsets index the file as decoded."""
    text, error = decode_utf8(data, where)
    if error is None and text is not None:
        error = _text_error(text, where)
    return SourceDocument(
        doc_id=doc_id,
        source_path=source_path,
        sha256=sha256_bytes(data),
        text=text,
        error=error,
        input_format="txt",
    )


def _html_document(
    doc_id: str, source_path: str, where: str, page: str | bytes, raw: bytes
) -> SourceDocument:
    article = extract_html(page)
    doc = SourceDocument(
        doc_id=doc_id,
        source_path=source_path,
        sha256=sha256_bytes(raw),
        text=article.text,
        title=article.title,
        url=article.url,
        input_format="html",
    )
    if article.site_name:
        doc.meta["site_name"] = article.site_name
    if article.text is None:
        doc.error = Errors.E063.format(path=where)
        return doc
    doc.sha256 = sha256_bytes(article.text.encode("utf-8"))
    if article.published:
        try:
            doc.published = parse_published(article.published, where)
            doc.published_from = "html" if doc.published else None
        except PublishedError as exc:
            doc.error = str(exc)
    return doc


def read_html(data: bytes, *, doc_id: str, source_path: str, where: str) -> SourceDocument:
    """One saved HTML page: trafilatura's main text, title, date, canonical URL, site name."""
    return _html_document(doc_id, source_path, where, data, data)


# --- one article per record ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableSource:
    """Where a tabular file's records come from, for ids, paths and messages."""

    stem: str  # fallback doc_id prefix: the file name without its suffixes
    source_path: str  # absolute path of the file
    where: str  # the path as given, for messages
    input_format: str


def record_document(
    record: Mapping[str, Any], row: int, source: TableSource, columns: ColumnMap
) -> SourceDocument:
    """One article from a record (JSON object, CSV row, Parquet row) under a column map."""
    where = f"{source.where}:{row}"
    path = f"{source.source_path}:{row}"
    raw = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True)
    picked = {name: columns.pick(name, record) for name in FIELDS}

    def error_doc(message: str, doc_id: str | None = None) -> SourceDocument:
        digest = sha256_bytes(raw.encode("utf-8", errors="surrogatepass"))
        return SourceDocument(
            doc_id=doc_id or f"{source.stem}#{row}",
            source_path=path,
            sha256=digest,
            text=None,
            error=message,
            input_format=source.input_format,
        )

    if found := _surrogate(record):
        return error_doc(Errors.E062.format(path=where, field=found[0], pos=found[1]))
    id_value = record.get(picked["id"]) if picked["id"] else None
    if isinstance(id_value, float) and id_value.is_integer():
        id_value = int(id_value)
    doc_id = _clean_str(id_value) if isinstance(id_value, str | int) else None
    text = record.get(picked["text"]) if picked["text"] else None
    page = record.get(picked["html"]) if picked["html"] else None
    has_text = isinstance(text, str) and text != ""
    has_page = isinstance(page, str) and page.strip() != ""
    if doc_id is None:
        return error_doc(Errors.E006.format(path=source.where, line=row, field=columns.id[0]))
    if not has_text and not has_page:
        if isinstance(text, str):  # present but empty
            return error_doc(Errors.E002.format(path=where), doc_id)
        missing = columns.text[0] if picked["html"] is None else columns.html[0]
        return error_doc(Errors.E006.format(path=source.where, line=row, field=missing), doc_id)
    if has_text:
        assert isinstance(text, str)
        doc = SourceDocument(
            doc_id=doc_id,
            source_path=path,
            sha256=sha256_bytes(text.encode("utf-8")),
            text=text,
            error=_text_error(text, where),
            input_format=source.input_format,
        )
    else:
        assert isinstance(page, str)
        doc = _html_document(doc_id, path, where, page, page.encode("utf-8"))
        doc.input_format = f"{source.input_format}+html"
    title, url = _clean_str(record.get(picked["title"])), _clean_str(record.get(picked["url"]))
    doc.title = title or doc.title
    doc.url = url or doc.url
    used = {column for column in picked.values() if column is not None}
    for key, value in record.items():
        if key not in used and _meta_value(value) not in (None, ""):
            doc.meta[str(key)] = _meta_value(value)
    if picked["published"] is not None and doc.error is None:
        try:
            published = parse_published(record.get(picked["published"]), where)
        except PublishedError as exc:
            doc.error = str(exc)
        else:
            if published is not None:
                doc.published, doc.published_from = published, "metadata"
    return doc


def read_jsonl(
    stream: BinaryIO, source: TableSource, columns: ColumnMap
) -> Iterator[SourceDocument]:
    """One article per JSON line, streamed; a bad line is that line's error document."""
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            # Only the file's first line may start with a BOM (a file saved by a Windows editor).
            record = json.loads(line.decode("utf-8-sig" if line_no == 1 else "utf-8"))
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except (UnicodeDecodeError, ValueError) as exc:
            yield SourceDocument(
                doc_id=f"{source.stem}#{line_no}",
                source_path=f"{source.source_path}:{line_no}",
                sha256=sha256_bytes(line),
                text=None,
                error=Errors.E005.format(path=source.where, line=line_no, reason=exc),
                input_format=source.input_format,
            )
            continue
        yield record_document(record, line_no, source, columns)


def file_error(source: TableSource, message: str) -> SourceDocument:
    """The error document of a whole tabular file (it cannot be parsed, or has no text)."""
    return SourceDocument(
        doc_id=source.stem,
        source_path=source.source_path,
        sha256=sha256_bytes(f"{source.source_path}\x1f{message}".encode("utf-8", "replace")),
        text=None,
        error=message,
        input_format=source.input_format,
    )


def missing_text_column(source: TableSource, names: list[str], columns: ColumnMap) -> str | None:
    """The coded error for a table with neither a text nor an html column, else None."""
    if columns.pick("text", names) or columns.pick("html", names):
        return None
    candidates = ", ".join((*columns.text, *columns.html))
    return Errors.E064.format(
        path=source.where,
        field="text or html",
        candidates=candidates,
        columns=", ".join(names) or "no columns",
        option="--text-column or --html-column",
    )


def read_delimited(
    stream: BinaryIO, source: TableSource, columns: ColumnMap, *, delimiter: str
) -> Iterator[SourceDocument]:
    """One article per CSV/TSV row, streamed (header row first; a BOM before it is dropped)."""
    csv.field_size_limit(sys.maxsize)  # an html column easily exceeds the 128 KB default
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        names = list(reader.fieldnames or [])
        if problem := missing_text_column(source, names, columns):
            yield file_error(source, problem)
            return
        line = reader.line_num
        for record in reader:
            extra = record.pop(None, None)  # type: ignore[call-overload]
            if extra:
                record["_extra_cells"] = extra
            yield record_document(record, line + 1, source, columns)
            line = reader.line_num
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{exc.object[exc.start]:02x} after line {reader.line_num}"
        yield file_error(source, Errors.E001.format(path=source.where, reason=reason))
    except csv.Error as exc:
        message = Errors.E065.format(path=source.where, format=source.input_format, reason=exc)
        yield file_error(source, message)
    finally:
        text.detach()  # the caller closes the stream


def read_parquet(
    stream: BinaryIO, source: TableSource, columns: ColumnMap
) -> Iterator[SourceDocument]:
    """One article per Parquet row, read a batch at a time; rows are numbered from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(stream)
        names = parquet.schema_arrow.names
    except (pa.ArrowException, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield file_error(
            source, Errors.E065.format(path=source.where, format="parquet", reason=reason)
        )
        return
    if problem := missing_text_column(source, names, columns):
        yield file_error(source, problem)
        return
    row = 0
    for batch in parquet.iter_batches(batch_size=512):
        for record in batch.to_pylist():
            row += 1
            yield record_document(record, row, source, columns)


Reader = Callable[[BinaryIO, TableSource, ColumnMap], Iterator[SourceDocument]]

TABULAR_READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "csv": lambda data, source, columns: read_delimited(data, source, columns, delimiter=","),
    "tsv": lambda data, source, columns: read_delimited(data, source, columns, delimiter="\t"),
    "parquet": read_parquet,
}
