"""Paragraph-aware sentence splitting with offsets into the text that was split."""

from __future__ import annotations

from collections.abc import Callable

from ..records import Sentence
from .align import AlignmentError, align_pieces

SentenceSplitter = Callable[[str], list[str]]

# A sentence piece made only of closing punctuation belongs to the sentence before it.
_CLOSERS = set("”’\"')]}»…")


def underthesea_splitter() -> SentenceSplitter:
    """Return underthesea's `sent_tokenize`, imported on first use rather than at import time."""
    from underthesea import sent_tokenize

    return sent_tokenize


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines: each line is a paragraph (headers and captions included)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = pos + (len(body) - len(body.lstrip()))
        end = pos + len(body.rstrip())
        if end > start:
            spans.append((start, end))
        pos += len(line)
    return spans


def _split_paragraph(
    text: str, start: int, end: int, splitter: SentenceSplitter
) -> list[tuple[int, int]]:
    chunk = text[start:end]
    try:
        pieces = align_pieces(chunk, splitter(chunk), offset=start)
    except AlignmentError:
        return [(start, end)]
    if not pieces:
        return [(start, end)]
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and (all(c in _CLOSERS or c.isspace() for c in text[s:e]) or text[s] in "”’»"):
            # Absorb a stray closing quote split off by the splitter into the previous sentence.
            head = s
            while head < e and (text[head] in _CLOSERS):
                head += 1
            prev_s, _ = merged[-1]
            merged[-1] = (prev_s, head)
            rest = text[head:e]
            if rest.strip():
                lead = len(rest) - len(rest.lstrip())
                merged.append((head + lead, e))
            continue
        merged.append((s, e))
    # The pieces must cover the paragraph: extend the first and last to its edges.
    merged[0] = (start, merged[0][1])
    merged[-1] = (merged[-1][0], end)
    return merged


# Where a long unit may be cut, best first: after sentence punctuation, after a clause mark,
# then at any space.
_CUT_AFTER = (".!?…", ";:,", "")


def cut_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut `text[start:end]` into pieces of at most `max_chars`, at spaces where possible.

    Each cut goes at the last space of the window that follows the strongest punctuation
    found in its second half, so sentence-like pieces stay whole; leading and trailing spaces
    of a piece are left out. A window without spaces is cut hard. Linear in the length.
    """
    pieces: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        if end - pos <= max_chars:
            last = end
            while text[last - 1].isspace():
                last -= 1
            pieces.append((pos, last))
            break
        limit = pos + max_chars
        cut = -1
        for marks in _CUT_AFTER:
            k = limit
            floor = pos + max_chars // 2
            while k > floor:
                if text[k].isspace() and (not marks or text[k - 1] in marks):
                    cut = k
                    break
                k -= 1
            if cut > 0:
                break
        if cut <= pos:
            cut = limit
        piece_end = cut
        while piece_end > pos and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((pos, piece_end))
        pos = cut
    return pieces


def split_sentences(
    text: str,
    *,
    splitter: SentenceSplitter | None = None,
    max_paragraph_chars: int | None = None,
    max_sentence_chars: int | None = None,
) -> list[Sentence]:
    """Split `text` into sentences inside paragraphs; offsets index `text` itself.

    A paragraph longer than `max_paragraph_chars` is cut into windows before the splitter sees
    it, and a sentence longer than `max_sentence_chars` is cut again, so that no later stage
    works on one unbounded unit.
    """
    split = splitter or underthesea_splitter()
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        windows = (
            cut_long(text, p_start, p_end, max_paragraph_chars)
            if max_paragraph_chars and p_end - p_start > max_paragraph_chars
            else [(p_start, p_end)]
        )
        for w_start, w_end in windows:
            for s, e in _split_paragraph(text, w_start, w_end, split):
                units = (
                    cut_long(text, s, e, max_sentence_chars)
                    if max_sentence_chars and e - s > max_sentence_chars
                    else [(s, e)]
                )
                for u_start, u_end in units:
                    sentences.append(
                        Sentence(index=len(sentences), start=u_start, end=u_end, paragraph=p_index)
                    )
    return sentences
