"""Read input articles (.txt files, .jsonl records, folders of them) into `SourceDocument`s."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..errors import Errors
from ..records import SourceDocument

SUFFIXES = (".txt", ".jsonl")


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of raw bytes: the content identity used for incremental runs."""
    return hashlib.sha256(data).hexdigest()


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into a sorted list of input files, plus errors for bad paths."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file() and path.suffix in SUFFIXES:
            files.append(path)
        elif path.exists():
            errors.append(Errors.E007.format(path=path))
        else:
            errors.append(Errors.E008.format(path=path))
    return files, errors


def _decode(path: Path, data: bytes) -> tuple[str | None, str | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        return None, Errors.E001.format(path=path, reason=reason)
    if not text:
        return text, Errors.E002.format(path=path)
    if not text.strip():
        return text, Errors.E003.format(path=path)
    return text, None


def read_text_file(path: Path) -> SourceDocument:
    """Read one .txt article; doc_id is the file stem. Errors are recorded, not raised."""
    data = path.read_bytes()
    text, error = _decode(path, data)
    return SourceDocument(
        doc_id=path.stem,
        source_path=str(path),
        sha256=sha256_bytes(data),
        text=text,
        error=error,
    )


def _parse_published(value: object, path: Path, line: int) -> tuple[date | None, str | None]:
    if value is None or value == "":
        return None, None
    try:
        return date.fromisoformat(str(value)[:10]), None
    except ValueError:
        return None, Errors.E009.format(path=path, line=line, value=value)


def read_jsonl_file(path: Path) -> Iterator[SourceDocument]:
    """Yield one document per JSON line (`doc_id`, `text`, optional `published`, `url`, `title`)."""
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            location = f"{path}:{line_no}"
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict):
                    raise ValueError("not an object")
            except (UnicodeDecodeError, ValueError) as exc:
                yield SourceDocument(
                    doc_id=f"{path.stem}#{line_no}",
                    source_path=location,
                    sha256=sha256_bytes(raw),
                    text=None,
                    error=Errors.E005.format(path=path, line=line_no, reason=exc),
                )
                continue
            missing = [k for k in ("doc_id", "text") if not isinstance(record.get(k), str)]
            doc_id = record.get("doc_id")
            if missing:
                yield SourceDocument(
                    doc_id=doc_id if isinstance(doc_id, str) else f"{path.stem}#{line_no}",
                    source_path=location,
                    sha256=sha256_bytes(raw),
                    text=None,
                    error=Errors.E006.format(path=path, line=line_no, field=missing[0]),
                )
                continue
            text: str = record["text"]
            published, error = _parse_published(record.get("published"), path, line_no)
            if error is None and not text.strip():
                error = (Errors.E002 if not text else Errors.E003).format(path=location)
            yield SourceDocument(
                doc_id=doc_id,
                source_path=location,
                sha256=sha256_bytes(text.encode("utf-8")),
                text=text,
                error=error,
                published=published,
                published_from="metadata" if published else None,
                title=record.get("title") if isinstance(record.get("title"), str) else None,
                url=record.get("url") if isinstance(record.get("url"), str) else None,
            )


def read_inputs(files: Iterable[Path]) -> Iterator[SourceDocument]:
    """Read input files lazily; a repeated doc_id yields an error document, never a silent drop."""
    seen: dict[str, str] = {}
    for path in files:
        docs = read_jsonl_file(path) if path.suffix == ".jsonl" else [read_text_file(path)]
        for doc in docs:
            first = seen.get(doc.doc_id)
            if first is not None:
                doc.error = Errors.E004.format(path=doc.source_path, doc_id=doc.doc_id, first=first)
                # The documents table is keyed by doc_id: the duplicate gets a derived key.
                doc.doc_id = f"{doc.doc_id}#dup:{doc.source_path}"
                doc.text = None
            else:
                seen[doc.doc_id] = doc.source_path
            yield doc
