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


@dataclass(frozen=True, slots=True)
class _Spelling:
    """How one lexicon spelling must look in the text (worked out once, when it is added)."""

    acronym: bool  # matched exactly as written (whitespace and dash style aside)
    compact: str  # the spelling without whitespace, dashes unified
    first_upper: bool  # case of its first letter, which the text must share


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split()).translate(_DASHES)


def _first_upper(text: str) -> bool:
    return next((c for c in text if c.isalpha()), "").isupper()


@lru_cache(maxsize=4096)
def keyed_syllables(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Syllable offsets of `text` and their folded keys; cached because several matchers (and
    components) look at the same sentence."""
    spans = tuple(syllables(text))
    return spans, tuple(fold_syllable(text[s:e]) for s, e in spans)


@dataclass
class SyllableMatcher(Generic[T]):
    """Longest-match phrase lookup over syllables with a per-entry case policy.

    Acronyms match exactly as written; other names match case-insensitively except that the
    first letter must have the case it has in the lexicon ("Mỹ" the country, not "mỹ thuật").
    """

    _entries: dict[tuple[str, ...], list[tuple[_Spelling, T]]] = field(default_factory=dict)
    # Lengths (in syllables) of the names starting with each first syllable, longest first:
    # only those lengths are tried at a position, instead of every length up to the longest name.
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, name: str, payload: T) -> None:
        """Register `name` (any spelling) with its payload."""
        key = tuple(fold_syllable(name[s:e]) for s, e in syllables(name))
        if not key:
            return
        spelling = _Spelling(is_acronym(name), _compact(name), _first_upper(name))
        self._entries.setdefault(key, []).append((spelling, payload))
        lengths = set(self._lengths.get(key[0], ())) | {len(key)}
        self._lengths[key[0]] = tuple(sorted(lengths, reverse=True))

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())

    def find(self, text: str) -> Iterator[PhraseMatch[T]]:
        """Yield the longest match starting at each syllable (overlaps are left to the caller)."""
        spans, keys = keyed_syllables(text)
        for i, first in enumerate(keys):
            for n in self._lengths.get(first, ()):
                if i + n > len(keys):
                    continue
                candidates = self._entries.get(keys[i : i + n])
                if not candidates:
                    continue
                start, end = spans[i][0], spans[i + n - 1][1]
                payloads = _accept(text[start:end], candidates)
                if payloads:
                    yield PhraseMatch(start, end, payloads)
                    break


def _accept(surface: str, candidates: list[tuple[_Spelling, T]]) -> tuple[T, ...]:
    compact = _compact(surface)
    first_upper = _first_upper(surface)
    return tuple(
        payload
        for spelling, payload in candidates
        if (
            compact == spelling.compact if spelling.acronym else first_upper == spelling.first_upper
        )
    )
