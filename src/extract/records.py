"""Typed records passed between stages: no untyped tuples cross a stage boundary."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

LABELS: tuple[str, ...] = ("ORG", "GPE", "LOC", "PER", "DATE", "COUNT", "AGREEMENT")
DATE_KINDS: tuple[str, ...] = ("date", "interval", "duration", "set")
DATE_MODS: tuple[str, ...] = ("APPROX", "MORE_THAN", "LESS_THAN", "START", "END", "MID")
COUNT_MODS: tuple[str, ...] = ("EXACT", "APPROX", "LESS_THAN", "MORE_THAN", "AT_LEAST", "AT_MOST")
AGREEMENT_KINDS: tuple[str, ...] = (
    "treaty",
    "mou",
    "arrangement",
    "convention",
    "minutes",
    "declaration",
    "trade_agreement",
    "legal",
)
EVENT_TYPES: tuple[str, ...] = (
    "MEET",
    "SIGN",
    "NEGOTIATE",
    "JOIN",
    "FUND",
    "COOPERATE",
    "TRAIN",
    "LABOR_MIGRATION",
)
ARGUMENT_ROLES: tuple[str, ...] = ("participant", "agreement", "time", "place", "quantity")


@dataclass(frozen=True, slots=True)
class Mention:
    """One labelled span; `start`/`end` are character offsets into the text it was found in."""

    start: int
    end: int
    label: str
    value: str | float | None
    source: str
    kind: str | None = None
    mod: str | None = None
    unit: str | None = None
    total: float | None = None
    title: str | None = None
    confidence: float = 1.0

    def shifted(self, delta: int) -> Mention:
        """Return the same mention with offsets moved by `delta` characters."""
        return Mention(
            self.start + delta,
            self.end + delta,
            self.label,
            self.value,
            self.source,
            self.kind,
            self.mod,
            self.unit,
            self.total,
            self.title,
            self.confidence,
        )

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Argument:
    """An event argument: a role filled by a mention (index into the document's mentions)."""

    role: str
    mention_index: int


@dataclass(frozen=True, slots=True)
class Event:
    """A typed event anchored on a trigger span (document character offsets)."""

    type: str
    trigger_start: int
    trigger_end: int
    sentence_index: int
    arguments: tuple[Argument, ...]
    source: str
    modality: str = "asserted"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence or header unit: offsets into the original document text."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Token:
    """A word from underthesea, aligned to original-text offsets."""

    start: int
    end: int
    text: str
    pos: str


@dataclass(slots=True)
class SourceDocument:
    """One input article as read: raw bytes decoded, nothing normalized.

    `text` is what every offset indexes (for HTML, the extracted main text); `sha256` is the
    SHA-256 of its UTF-8 bytes (of the raw bytes when there is no text). `meta` holds the
    input's other columns and the page's site name. A `skipped` document is an input file of
    an unsupported type, recorded with its reason in `error`.
    """

    doc_id: str
    source_path: str
    sha256: str
    text: str | None
    error: str | None = None
    published: date | None = None
    published_from: str | None = None
    title: str | None = None
    url: str | None = None
    meta: dict[str, object] = field(default_factory=dict)
    input_format: str = "txt"
    skipped: bool = False

    @property
    def change_key(self) -> str:
        """What decides this document's rows: its bytes and the metadata extraction reads.

        A run reprocesses a document whose key differs from the stored one, so a changed
        publication date (which anchors relative dates) or title is seen even when the text
        is byte-identical.
        """
        parts = (
            self.sha256,
            self.published.isoformat() if self.published else "",
            self.published_from or "",
            self.title or "",
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
