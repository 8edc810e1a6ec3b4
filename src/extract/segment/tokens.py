"""Word segmentation and POS tags from underthesea, aligned to character offsets."""

from __future__ import annotations

from collections.abc import Callable

from ..records import Token
from .align import AlignmentError, align_pieces, fallback_words

Tagger = Callable[[str], list[tuple[str, str]]]

FALLBACK_POS = "X"


def underthesea_tagger() -> Tagger:
    """Return underthesea's `pos_tag` (word segmentation + POS in one pass), imported lazily."""
    from underthesea import pos_tag

    return pos_tag


def tokenize(text: str, start: int, end: int, *, tagger: Tagger) -> list[Token]:
    """Tokenize `text[start:end]`; token offsets index `text`.

    When the tagger's words cannot be aligned to the source (it rewrote or dropped characters),
    the span falls back to whitespace/punctuation words tagged "X", so alignment never fails.
    """
    chunk = text[start:end]
    if not chunk.strip():
        return []
    tagged = tagger(chunk)
    try:
        spans = align_pieces(chunk, [w for w, _ in tagged], offset=start)
        tags = [t for w, t in tagged if w.strip(" _")]
        if len(tags) != len(spans) or not _covers(chunk, spans, start):
            raise AlignmentError("coverage")
    except AlignmentError:
        spans = fallback_words(chunk, offset=start)
        tags = [FALLBACK_POS] * len(spans)
    return [Token(s, e, text[s:e], tag) for (s, e), tag in zip(spans, tags, strict=True)]


def _covers(chunk: str, spans: list[tuple[int, int]], offset: int) -> bool:
    """True when every non-space character of `chunk` lies inside some span."""
    pos = 0
    for s, e in spans:
        if chunk[pos : s - offset].strip():
            return False
        pos = e - offset
    return not chunk[pos:].strip()
