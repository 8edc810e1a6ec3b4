"""Typed records the evaluator works on: gold documents and pipeline predictions, one shape."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

#: Attributes a mention may carry besides its value (ANNOTATION §7 `attrs`).
ATTRIBUTE_NAMES: tuple[str, ...] = ("kind", "mod", "unit", "total", "title")

#: Event modalities (ANNOTATION §7); a gold event without one is not scored on modality.
MODALITIES: tuple[str, ...] = ("asserted", "planned", "ongoing", "negated")

#: Which mention labels may fill which event role (ANNOTATION §6).
ROLE_LABELS: dict[str, frozenset[str]] = {
    "participant": frozenset({"ORG", "GPE", "PER"}),
    "agreement": frozenset({"AGREEMENT"}),
    "time": frozenset({"DATE"}),
    "place": frozenset({"LOC", "GPE"}),
    "quantity": frozenset({"COUNT"}),
}


@dataclass(frozen=True, slots=True)
class EvalMention:
    """A labelled span with its normalized value, as annotated (gold) or extracted (prediction).

    `value` is a string, a number (COUNT) or None when the gold leaves the value unannotated.
    """

    id: str
    start: int
    end: int
    label: str
    text: str
    value: str | float | None
    kind: str | None = None
    mod: str | None = None
    unit: str | None = None
    total: float | None = None
    title: str | None = None

    def attrs(self) -> dict[str, str | float]:
        """The §7 `attrs` object: only the attributes that are set."""
        found = {name: getattr(self, name) for name in ATTRIBUTE_NAMES}
        return {name: value for name, value in found.items() if value is not None}


@dataclass(frozen=True, slots=True)
class EvalArgument:
    """An event argument: a role filled by the mention with id `mention_id` (same document)."""

    role: str
    mention_id: str


@dataclass(frozen=True, slots=True)
class EvalEvent:
    """A typed event anchored on a trigger span, with its arguments."""

    id: str
    type: str
    trigger_start: int
    trigger_end: int
    arguments: tuple[EvalArgument, ...] = ()
    #: `asserted`, `planned`, `ongoing` or `negated`; None when the gold does not state it.
    modality: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated document of a §7 gold file; `line`: its 1-based line, 0 if built in memory."""

    doc_id: str
    text: str
    published: str | None
    mentions: tuple[EvalMention, ...]
    events: tuple[EvalEvent, ...] = ()
    line: int = 0

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the text encoded as UTF-8: must equal the source file's hash."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PredDocument:
    """The pipeline's output for one document (rows of the output tables with this doc_id)."""

    doc_id: str
    sha256: str
    status: str
    source_path: str = ""
    mentions: tuple[EvalMention, ...] = ()
    events: tuple[EvalEvent, ...] = ()
    text: str | None = None  # documents.text: the text the offsets index, when stored


@dataclass(frozen=True, slots=True)
class Predictions:
    """A pipeline output folder as read; `has_events` is False when it has no events table."""

    out_dir: Path | None
    documents: dict[str, PredDocument] = field(default_factory=dict)
    has_events: bool = True
