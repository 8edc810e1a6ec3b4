"""Find and read input articles: files, folders and standard input, dispatched by format.

Formats by file name, case-insensitively, optionally followed by `.gz`: `.txt`; `.html`/`.htm`;
`.jsonl`/`.ndjson`; `.csv`; `.tsv`; `.parquet`. Inside a folder, every file is accounted for:
a supported file is read, any other becomes a `skipped` document row with the reason. Ignored
by rule (never read, never listed): any file or folder whose name starts with "." below an
input folder (`.git/`, `.DS_Store`, editor swap files), the output folder and the metadata
sheet. Paths are resolved, so a file reached twice is read once.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import Errors, InputError
from ..records import SourceDocument
from .formats import (
    DEFAULT_COLUMNS,
    TABULAR_READERS,
    ColumnMap,
    TableSource,
    read_html,
    read_txt,
    sha256_bytes,
)
from .metadata import MetadataSheet

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}
INPUT_FORMATS: tuple[str, ...] = ("txt", "html", "jsonl", "csv", "tsv", "parquet")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputOptions:
    """How to read the inputs: column names, a metadata sheet, the format of stdin."""

    columns: ColumnMap = DEFAULT_COLUMNS
    metadata: MetadataSheet | None = None
    stdin_format: str | None = None
    stdin: BinaryIO | None = None  # default: sys.stdin.buffer


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a file (or stdin when `path` is None) and its format if supported."""

    path: Path | None
    format: str | None
    shown: str  # the path as the user gave it (messages)
    in_folder: bool = False  # found by walking a folder (unsupported files are then skipped)
    relative: str | None = None  # path below the folder: the doc_id of a skipped file


def split_name(name: str) -> tuple[str, str | None, bool]:
    """(stem, format or None, gzipped) of a file name: 'A.TXT' → ('A', 'txt', False)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    base, lower_base = (name[:-3], lower[:-3]) if gz else (name, lower)
    for suffix, fmt in FORMATS.items():
        if lower_base.endswith(suffix) and len(lower_base) > len(suffix):
            return base[: -len(suffix)], fmt, gz
    return Path(base).stem, None, gz


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_inputs(
    inputs: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()
) -> tuple[list[InputFile], list[str]]:
    """Expand files, folders and '-' into the inputs to read, plus errors for missing paths."""
    excluded = {Path(p).resolve() for p in exclude}
    files: list[InputFile] = []
    errors: list[str] = []
    seen: set[Path | None] = set()

    def add(item: InputFile) -> None:
        key = item.path.resolve() if item.path is not None else None
        if key in seen:
            return
        seen.add(key)
        files.append(item)

    for raw in inputs:
        if str(raw) == STDIN:
            add(InputFile(None, None, "<stdin>"))
            continue
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            if root in excluded:
                continue
            for found in sorted(path.rglob("*")):
                resolved = found.resolve()
                # Not `is_file()`: a dangling link or a file that vanishes is read, and its
                # error recorded, rather than passed over in silence.
                if _hidden(found, path) or found.is_dir() or resolved in excluded:
                    continue
                if any(parent in excluded for parent in resolved.parents):
                    continue
                relative = found.relative_to(path).as_posix()
                add(InputFile(found, split_name(found.name)[1], str(found), True, relative))
        elif path.is_file():
            add(InputFile(path, split_name(path.name)[1], str(path)))
        elif path.exists():
            errors.append(Errors.E060.format(path=path, reason="not a regular file"))
        else:
            errors.append(Errors.E008.format(path=path))
    return files, errors


def _supported() -> str:
    return ", ".join(FORMATS)


def _skipped(item: InputFile, reason: str) -> SourceDocument:
    assert item.path is not None
    return SourceDocument(
        doc_id=item.relative or item.path.name,
        source_path=str(item.path.resolve()),
        sha256=sha256_bytes(reason.encode("utf-8")),
        text=None,
        error=reason,
        input_format=item.path.suffix.lower().lstrip(".") or "none",
        skipped=True,
    )


def _open(item: InputFile, options: InputOptions) -> BinaryIO:
    """A binary stream of the input's content, decompressed when it is gzip."""
    if item.path is None:
        raw = options.stdin or sys.stdin.buffer
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
        # Standard input has no name to tell: gzip is recognised by its magic bytes.
        if buffered.peek(2)[:2] == b"\x1f\x8b":
            return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
        return buffered  # type: ignore[return-value]
    if split_name(item.path.name)[2]:
        return gzip.open(item.path, "rb")  # type: ignore[return-value]
    return item.path.open("rb")


_READ_ERRORS = (OSError, EOFError, zlib.error)


def _unreadable(stem: str, source_path: str, fmt: str, item: InputFile, exc: Exception):
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return SourceDocument(
        doc_id=stem,
        source_path=source_path,
        sha256=sha256_bytes(f"{source_path}\x1f{reason}".encode("utf-8", "replace")),
        text=None,
        error=Errors.E060.format(path=item.shown, reason=reason),
        input_format=fmt,
    )


def read_file(item: InputFile, options: InputOptions) -> Iterator[SourceDocument]:
    """The documents of one input; every read or decode failure is an error document.

    Tabular inputs are streamed (a JSONL line, a CSV row, a Parquet batch at a time), so
    memory does not grow with the size of an input file.
    """
    if item.path is None:
        fmt = options.stdin_format
        if fmt not in INPUT_FORMATS:
            raise InputError(Errors.E068.format(formats=", ".join(INPUT_FORMATS), value=fmt))
        stem, source_path, file_name = "stdin", "<stdin>", None
    else:
        fmt = item.format
        stem, _fmt, _gz = split_name(item.path.name)
        source_path, file_name = str(item.path.resolve()), item.path.name
    if fmt is None:
        assert item.path is not None
        suffix = item.path.suffix.lower() or "(no suffix)"
        reason = Errors.E007.format(path=item.shown, suffix=suffix, supported=_supported())
        yield _skipped(item, reason)
        return
    try:
        stream = _open(item, options)
    except _READ_ERRORS as exc:
        yield _unreadable(stem, source_path, fmt, item, exc)
        return
    with stream:
        if fmt in ("txt", "html"):
            try:
                data = stream.read()
            except _READ_ERRORS as exc:
                yield _unreadable(stem, source_path, fmt, item, exc)
                return
            reader = read_txt if fmt == "txt" else read_html
            doc = reader(data, doc_id=stem, source_path=source_path, where=item.shown)
            if options.metadata is not None:
                options.metadata.apply(doc, file_name)
            yield doc
            return
        table = TableSource(stem, source_path, item.shown, fmt)
        if fmt == "parquet" and not stream.seekable():  # a Parquet footer needs seeking
            stream = io.BytesIO(stream.read())
        docs = TABULAR_READERS[fmt](stream, table, options.columns)
        while True:
            try:
                doc = next(docs)
            except StopIteration:
                return
            except _READ_ERRORS as exc:  # e.g. a .gz cut short: the rows before it are kept
                yield _unreadable(stem, source_path, fmt, item, exc)
                return
            if item.in_folder and doc.error and doc.error.startswith("[E064]"):
                # A table without any text column inside a folder is not an article file
                # (most likely a metadata sheet): it is listed as skipped, not failed.
                doc.skipped = True
                doc.doc_id = item.relative or doc.doc_id
            elif options.metadata is not None:
                options.metadata.apply(doc, None)
            yield doc


def read_inputs(
    files: Iterable[InputFile | Path], options: InputOptions | None = None
) -> Iterator[SourceDocument]:
    """Read inputs lazily; a repeated doc_id yields an error document, never a silent drop."""
    options = options or InputOptions()
    seen: dict[str, str] = {}
    for item in files:
        if isinstance(item, Path):
            item = InputFile(item, split_name(item.name)[1], str(item))
        for doc in read_file(item, options):
            first = seen.get(doc.doc_id)
            if first is not None:
                doc.error = Errors.E004.format(path=doc.source_path, doc_id=doc.doc_id, first=first)
                # The documents table is keyed by doc_id: the duplicate gets a derived key.
                doc.doc_id = f"{doc.doc_id}#dup:{doc.source_path}"
                doc.text = None
                doc.skipped = False
            else:
                seen[doc.doc_id] = doc.source_path
            yield doc
