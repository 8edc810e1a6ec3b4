"""Word segmentation and POS tags from underthesea, aligned to character offsets."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from ..records import Token
from .align import AlignmentError, align_pieces, fallback_words

Tagger = Callable[[str], list[tuple[str, str]]]

FALLBACK_POS = "X"


# underthesea's POS CRF (underthesea.pipeline.pos_tag.model_crf) and its feature templates; the
# features must match what the model was trained with, string for string.
POS_TEMPLATES: tuple[str, ...] = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
    "T[-3][1]", "T[-2][1]", "T[-1][1]", "T[-3,-2][1]", "T[-2,-1][1]",
)  # fmt: skip
_TEMPLATE = re.compile(r"^T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(lower|istitle))?$")


def _istitle(word: str) -> str:
    # underthesea's text_istitle: every space-separated piece starts with a title-case letter.
    if not word:
        return "False"
    try:
        return str(all(piece[0].istitle() for piece in word.split(" ")))
    except IndexError:  # an empty piece (two spaces in a row)
        return "False"


@lru_cache(maxsize=256)
def _parse_template(spec: str) -> tuple[int, int | None, int, str | None]:
    found = _TEMPLATE.match(spec)
    if found is None:
        raise ValueError(f"unsupported feature template {spec!r}")
    first, last, column, function = found.groups()
    return int(first), int(last) if last is not None else None, int(column or 0), function


def crf_features(
    columns: Sequence[Sequence[str]], templates: Sequence[str]
) -> list[tuple[str, ...]]:
    """Features of every row for underthesea-style `templates`, one tuple per row.

    The strings are those of underthesea's `word2features`, but each template is computed for the
    whole sentence at once and each transformed column (lower-cased words, joined pairs, ...) only
    once per sentence, instead of once per token and template.
    """
    n = len(columns[0]) if columns else 0
    cache: dict[tuple[int, int, str | None], list[str]] = {}
    per_template = []
    for spec in templates:
        a, last, col, function = _parse_template(spec)
        b = a if last is None else last
        key = (col, b - a, function)
        values = cache.get(key)
        if values is None:
            values = cache[key] = _transformed(columns[col], b - a, function, n)
        prefix = spec + "="
        # Rows before `lo` look before the sentence (BOS wins), rows from `hi` on past it (EOS).
        lo = min(n, max(0, -a))
        hi = max(lo, min(n, n - b))
        body = [prefix + v for v in values[lo + a : hi + a]]
        per_template.append([prefix + "BOS"] * lo + body + [prefix + "EOS"] * (n - hi))
    return list(zip(*per_template, strict=True))


def _transformed(column: Sequence[str], width: int, function: str | None, n: int) -> list[str]:
    # Values of rows j..j+width joined by a space, for every start j, then the template function.
    if width == 0:
        values = list(column)
    elif width == 1:
        values = [x + " " + y for x, y in pairwise(column)]
    else:
        values = [" ".join(column[j : j + width + 1]) for j in range(n - width)]
    if function == "lower":
        return [v.lower() for v in values]
    if function == "istitle":
        return [_istitle(v) for v in values]
    return values


class FastPosTagger:
    """underthesea's `pos_tag` with the features computed once per sentence.

    `pos_tag` rebuilds every column of the sentence for each token and template (quadratic in
    sentence length); this computes each template's column once and feeds the same model the
    same feature strings, so words and tags are identical and tagging costs a few percent of
    word segmentation.
    """

    def __init__(self) -> None:
        from underthesea import word_tokenize
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        self._segment = word_tokenize
        self._model = CRFPOSTagPredictor.Instance().model

    def __call__(self, sentence: str) -> list[tuple[str, str]]:
        """Words of `sentence` with their POS tags, as `underthesea.pos_tag(sentence)`."""
        words = self._segment(sentence)
        if not words:
            return []
        return list(zip(words, self._model.tag(pos_features(words)), strict=True))


def pos_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Features of underthesea's POS model for each word (its `word2features` output)."""
    return crf_features((words, ["X"] * len(words)), POS_TEMPLATES)


def underthesea_tagger() -> Tagger:
    """underthesea's word segmentation + POS tagging (same output as `pos_tag`), loaded once."""
    return FastPosTagger()


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
