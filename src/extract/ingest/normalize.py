"""Unicode NFC and Vietnamese tone-mark normalization on a copy, with an offset map back."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Old-style ("hoà", "thuỷ") to new-style ("hòa", "thủy") tone placement. The tone mark moves from
# the second vowel of oa/oe/uy to the first; only open syllables (nothing after the pair) change.
_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0303": "tilde",
    "\u0309": "hook",
    "\u0323": "dot",
}
_OLD_NEW_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_WORD = re.compile(r"\w+", re.UNICODE)


def _strip_tone(ch: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if c not in _TONES)
    tone = next((c for c in decomposed if c in _TONES), None)
    return unicodedata.normalize("NFC", base), tone


def _add_tone(ch: str, tone: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch) + tone)


# Only a word ending in a toned a / e / y after o / u can be old-style: a cheap test for the rest.
_OLD_STYLE_LAST = frozenset(
    unicodedata.normalize("NFC", base + tone) for base in "aeyAEY" for tone in _TONES
)


# Whole words that `normalize_tone_placement` may change (o/u, then a toned a/e/y at the end):
# scanning for them in C skips the Python call for every other word of an article.
_OLD_STYLE_WORD = re.compile(r"(?<!\w)\w*[oOuU][" + "".join(sorted(_OLD_STYLE_LAST)) + r"](?!\w)")


def normalize_tone_placement(word: str) -> str:
    """Move the tone mark of old-style open syllables ("hoà", "thuỷ") to new-style placement."""
    if len(word) < 2 or word[-1] not in _OLD_STYLE_LAST or word[-2] not in "oOuU":
        return word
    stripped = [_strip_tone(c) for c in word]
    tones = [(i, t) for i, (_, t) in enumerate(stripped) if t]
    if len(tones) != 1:
        return word
    pos, tone = tones[0]
    if pos == 0 or pos != len(word) - 1:
        return word
    first, second = stripped[pos - 1][0], stripped[pos][0]
    if (first.lower(), second.lower()) not in _OLD_NEW_PAIRS:
        return word
    # "qu" + "y" keeps the mark on y ("quý"): the u is part of the consonant.
    if first.lower() == "u" and pos >= 2 and word[pos - 2].lower() == "q":
        return word
    # "gi" + "a"... is not an oa/oe/uy pair, so nothing else to exclude.
    return word[: pos - 1] + _add_tone(first, tone) + second


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized copy of a text with, for every normalized char, its original char range."""

    original: str
    text: str
    orig_start: tuple[int, ...]
    orig_end: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalized text to the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalized text of {len(self.text)}")
        if start == end:
            pos = self.orig_start[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.orig_start[start], self.orig_end[end - 1]


def normalize_text(original: str) -> NormalizedText:
    """NFC-normalize and fix tone placement, keeping a per-character map to the original."""
    fast = _normalize_nfc_text(original)
    if fast is not None:
        return fast
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    n = len(original)
    while pos < n:
        # A unit is a word (letters with their combining marks) or one non-word character.
        m = _WORD.match(original, pos)
        if m:
            end = m.end()
            # Combining marks belong to the word even where \w stops, and so do the letters after
            # them (NFD "ngoài" is n g o a + grave + i: one word, not "ngoà" and "i").
            while end < n:
                if unicodedata.combining(original[end]):
                    end += 1
                elif more := _WORD.match(original, end):
                    end = more.end()
                else:
                    break
        else:
            end = pos + 1
            while end < n and unicodedata.combining(original[end]):
                end += 1
        unit = original[pos:end]
        norm = unicodedata.normalize("NFC", unit)
        if m:
            norm = normalize_tone_placement(norm)
        if len(norm) > len(unit):
            # Composition exclusions can make NFC longer; keep such rare units as written.
            norm = unit
        k_orig, k_norm = len(unit), len(norm)
        if k_norm == k_orig:
            for i in range(k_norm):
                starts.append(pos + i)
                ends.append(pos + i + 1)
        else:
            # k_norm < k_orig: spread the unit monotonically so that its edges map exactly.
            for i in range(k_norm):
                starts.append(pos + (i * k_orig) // k_norm)
                ends.append(pos + ((i + 1) * k_orig) // k_norm)
        out.append(norm)
        pos = end
    return NormalizedText(original, "".join(out), tuple(starts), tuple(ends))


def _normalize_nfc_text(original: str) -> NormalizedText | None:
    """The common case in one pass: text already NFC without combining marks; None otherwise.

    Then every unit is its own NFC form and a tone move keeps the word's length, so the offset
    map is the identity and only the old-style words need rewriting.
    """
    if not unicodedata.is_normalized("NFC", original):
        return None
    if any(unicodedata.combining(ch) for ch in set(original)):
        return None
    pieces: list[str] = []
    pos = 0
    for m in _OLD_STYLE_WORD.finditer(original):
        word = m.group()
        fixed = normalize_tone_placement(word)
        if fixed != word:
            if len(fixed) != len(word):
                return None
            pieces.append(original[pos : m.start()])
            pieces.append(fixed)
            pos = m.end()
    if not pieces:
        text = original
    else:
        pieces.append(original[pos:])
        text = "".join(pieces)
    n = len(original)
    return NormalizedText(original, text, tuple(range(n)), tuple(range(1, n + 1)))
