"""Lexicon files (TSV in `pipeline/lexicons/`) and a syllable-level phrase matcher over them.

Matching runs on syllables, not on underthesea's words: underthesea segments the same name
differently in different contexts ("Bộ Lao động – Thương binh" vs "– Thương binh"), so a
token-level phrase matcher would miss names that a syllable sequence finds reliably.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from ..errors import Errors, ExtractError
from ..ingest.normalize import normalize_tone_placement

T = TypeVar("T")

_SYLLABLE = re.compile(r"\w+|[^\w\s]")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def read_tsv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a lexicon TSV (header row, `#` comments); missing columns or cells raise E030."""
    if not path.exists():
        raise ExtractError(Errors.E031.format(path=path))
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.lstrip().startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ExtractError(Errors.E030.format(path=path, line=1, problem=f"missing {missing}"))
        for row in reader:
            clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
            if not clean.get(required[0]):
                problem = f"empty {required[0]!r} in row {row}"
                raise ExtractError(
                    Errors.E030.format(path=path, line=reader.line_num, problem=problem)
                )
            rows.append(clean)
    return rows


def split_names(cell: str) -> list[str]:
    """Split a `|`-separated names cell."""
    return [n.strip() for n in cell.split("|") if n.strip()]


@lru_cache(maxsize=65536)
def fold_syllable(syllable: str) -> str:
    """Case-, dash- and tone-placement-insensitive key of one syllable."""
    nfc = unicodedata.normalize("NFC", syllable).translate(_DASHES)
    return normalize_tone_placement(nfc).casefold()


def syllables(text: str) -> list[tuple[int, int]]:
    """Offsets of syllables (runs of word characters) and single punctuation marks."""
    return [m.span() for m in _SYLLABLE.finditer(text)]


def is_acronym(name: str) -> bool:
    """True for names written without lowercase letters (ILO, LĐ-TB&XH): matched case-exactly."""
    return any(c.isalpha() for c in name) and not any(c.islower() for c in name)


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """A lexicon hit: character span in the searched text and the entry's payload."""

    start: int
    end: int
    payloads: tuple[T, ...]


@dataclass
class SyllableMatcher(Generic[T]):
    """Longest-match phrase lookup over syllables with a per-entry case policy.

    Acronyms match exactly as written; other names match case-insensitively except that the
    first letter must have the case it has in the lexicon ("Mỹ" the country, not "mỹ thuật").
    """

    _entries: dict[tuple[str, ...], list[tuple[str, T]]] = field(default_factory=dict)
    # Lengths (in syllables) of the names starting with each first syllable, longest first:
    # only those lengths are tried at a position, instead of every length up to the longest name.
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, name: str, payload: T) -> None:
        """Register `name` (any spelling) with its payload."""
        key = tuple(fold_syllable(name[s:e]) for s, e in syllables(name))
        if not key:
            return
        self._entries.setdefault(key, []).append((name, payload))
        lengths = set(self._lengths.get(key[0], ())) | {len(key)}
        self._lengths[key[0]] = tuple(sorted(lengths, reverse=True))

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())

    def find(self, text: str) -> Iterator[PhraseMatch[T]]:
        """Yield the longest match starting at each syllable (overlaps are left to the caller)."""
        spans = syllables(text)
        keys = [fold_syllable(text[s:e]) for s, e in spans]
        for i, first in enumerate(keys):
            for n in self._lengths.get(first, ()):
                if i + n > len(keys):
                    continue
                candidates = self._entries.get(tuple(keys[i : i + n]))
                if not candidates:
                    continue
                start, end = spans[i][0], spans[i + n - 1][1]
                surface = text[start:end]
                payloads = _accept(surface, candidates)
                if payloads:
                    yield PhraseMatch(start, end, payloads)
                    break


def _accept(surface: str, candidates: list[tuple[str, T]]) -> tuple[T, ...]:
    compact = "".join(surface.split()).translate(_DASHES)
    accepted: list[T] = []
    for name, payload in candidates:
        if is_acronym(name):
            if compact == "".join(unicodedata.normalize("NFC", name).split()).translate(_DASHES):
                accepted.append(payload)
            continue
        first_lexicon = next((c for c in name if c.isalpha()), "")
        first_surface = next((c for c in surface if c.isalpha()), "")
        if first_lexicon.isupper() == first_surface.isupper():
            accepted.append(payload)
    return tuple(accepted)
