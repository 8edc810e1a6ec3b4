"""Align strings produced by underthesea back to character offsets of the text they came from."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..errors import Errors, ExtractError


class AlignmentError(ExtractError):
    """A tokenizer output string could not be found in its source text."""


def _fold(ch: str) -> str:
    # Base letters only: tone marks may sit on a neighbouring vowel in the tokenizer's output.
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base.casefold()


def align_pieces(source: str, pieces: Iterable[str], *, offset: int = 0) -> list[tuple[int, int]]:
    """Return (start, end) offsets in `source` (+ `offset`) of each piece, in order.

    Pieces may differ from the source in whitespace (underthesea joins syllables with one space,
    sometimes "_") and in case or tone placement. Anything else raises `AlignmentError`.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(source)
    for piece in pieces:
        while pos < n and source[pos].isspace():
            pos += 1
        exact = piece.strip()
        if exact and exact[0] != "_" and exact[-1] != "_" and source.startswith(exact, pos):
            # The usual case: the word is in the source exactly as returned.
            spans.append((offset + pos, offset + pos + len(exact)))
            pos += len(exact)
            continue
        chars = [c for c in piece if not c.isspace() and c != "_"]
        if not chars:
            continue
        start = pos
        for ch in chars:
            while pos < n and (source[pos].isspace() or (source[pos] == "_" and ch != "_")):
                pos += 1
            if pos >= n or (source[pos] != ch and _fold(source[pos]) != _fold(ch)):
                raise AlignmentError(Errors.E010.format(piece=piece, pos=offset + start))
            pos += 1
        spans.append((offset + start, offset + pos))
    return spans


def fallback_words(source: str, *, offset: int = 0) -> list[tuple[int, int]]:
    """Split on whitespace and punctuation: used when a tokenizer's output cannot be aligned."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(source)
    while i < n:
        if source[i].isspace():
            i += 1
            continue
        j = i + 1
        if source[i].isalnum() or unicodedata.combining(source[i]):
            while j < n and (source[j].isalnum() or unicodedata.combining(source[j])):
                j += 1
        spans.append((offset + i, offset + j))
        i = j
    return spans
