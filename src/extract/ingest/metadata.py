"""Metadata sheets: a TSV/CSV listing input files (or doc_ids) with their URL, date and title.

A sheet such as `corpus_extra/SOURCES.tsv` (`file  url  source_site  publication_date_if_known`)
is joined to the documents read: a row matches a document by file name (the sheet may hold a
path; its last component counts) or by doc_id. The sheet's non-empty url, published and title
replace the document's own; every other non-empty cell goes into `meta`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import Errors, InputError
from ..records import SourceDocument
from .dates import PublishedError, parse_published
from .formats import DEFAULT_COLUMNS, ColumnMap

KEY_COLUMNS = ("file", "filename", "file_name", "path", "doc_id", "id")


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One sheet line: where it is, and its values."""

    line: int
    url: str | None
    title: str | None
    published: str | None
    meta: dict[str, str]


@dataclass
class MetadataSheet:
    """A loaded sheet, keyed by file name and doc_id; records which rows were used."""

    path: Path
    rows: dict[str, SheetRow]
    used: set[str] = field(default_factory=set)

    def match(self, doc: SourceDocument, file_name: str | None) -> str | None:
        """The key of the row for `doc` (read from `file_name`), or None."""
        for key in (file_name, doc.doc_id):
            if key is not None and key in self.rows:
                return key
        return None

    def apply(self, doc: SourceDocument, file_name: str | None = None) -> None:
        """Fill `doc` from its row; a date that cannot be used becomes the document's error."""
        key = self.match(doc, file_name)
        if key is None:
            return
        self.used.add(key)
        row = self.rows[key]
        doc.url = row.url or doc.url
        doc.title = row.title or doc.title
        for name, value in row.meta.items():
            doc.meta.setdefault(name, value)
        if row.published and doc.error is None:
            try:
                doc.published = parse_published(row.published, f"{self.path}:{row.line}")
                doc.published_from = "metadata"
            except PublishedError as exc:
                doc.error = str(exc)

    def unmatched(self) -> list[str]:
        """Keys of rows that matched no document, in sheet order."""
        ordered = sorted(self.rows.items(), key=lambda item: item[1].line)
        return [key for key, _row in ordered if key not in self.used]


def _key(value: str) -> str:
    # A sheet may list "raw/x004.txt" or "raw\\x004.txt": the file name is what is matched.
    return PureWindowsPath(PurePosixPath(value.strip()).name).name


def load_metadata(path: str | Path, columns: ColumnMap = DEFAULT_COLUMNS) -> MetadataSheet:
    """Read a .tsv/.csv sheet (tab-separated unless the name ends in .csv); InputError if bad."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(Errors.E060.format(path=path, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        reason = f"byte at offset {exc.start}"
        raise InputError(Errors.E001.format(path=path, reason=reason)) from None
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = [n for n in reader.fieldnames or [] if n is not None]
    lowered = {n.lower(): n for n in names}
    key_column = next((lowered[k] for k in KEY_COLUMNS if k in lowered), None)
    if key_column is None:
        raise InputError(
            Errors.E066.format(
                path=path, candidates=", ".join(KEY_COLUMNS), columns=", ".join(names) or "none"
            )
        )
    picked = {name: columns.pick(name, names) for name in ("url", "title", "published")}
    used = {key_column, *(c for c in picked.values() if c)}
    rows: dict[str, SheetRow] = {}
    line = reader.line_num
    for record in reader:
        number = line + 1
        line = reader.line_num
        key = _key(record.get(key_column) or "")
        if not key:
            continue
        if key in rows:
            raise InputError(Errors.E070.format(path=path, key=key, first=rows[key].line))

        def cell(column: str | None, record: dict = record) -> str | None:
            value = record.get(column) if column else None
            return value.strip() or None if isinstance(value, str) else None

        meta = {
            name: value.strip()
            for name, value in record.items()
            if name is not None and name not in used and isinstance(value, str) and value.strip()
        }
        rows[key] = SheetRow(
            number, cell(picked["url"]), cell(picked["title"]), cell(picked["published"]), meta
        )
    return MetadataSheet(path=path, rows=rows)
