"""One value per mention, everywhere: the value normalizer and the folded key of a name.

Every table that repeats a mention's value (mentions, event_arguments, and through them the
entities and agreements registries) takes it from `mention_value`, so the same mention never has
two spellings. Values are built from the normalized copy of the text (NFC, new-style tone marks);
`mention_value` re-applies that normalization so a value can never carry an NFD, BOM or
old-style spelling whatever its origin. Registries group names by `fold_key`, which also
ignores case, whitespace and hyphen/dash variants, so "Vụ Hợp tác Quốc tế" and "Vụ Hợp tác quốc
tế" are one entity.
"""

from __future__ import annotations

import re
import unicodedata

from ..ingest.normalize import normalize_tone_placement

# A word with its combining marks (a stray mark after a composed letter stays with its word).
_WORD = re.compile(r"[\w\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Invisible characters that never belong in a value: BOM / zero-width no-break space, zero-width
# space and joiners, soft hyphen, word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u00ad\u2060"))
# Hyphen and dash variants (hyphen, non-breaking hyphen, figure/en/em dashes, horizontal bar,
# minus, small and full-width hyphen-minus), with the spaces around them.
_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]\s*")


def normalize_name(text: str) -> str:
    """NFC, new-style tone marks, no invisible characters, whitespace runs collapsed."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = _WORD.sub(lambda m: normalize_tone_placement(m.group()), text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def mention_value(value: str | float | None) -> str | None:
    """The value column of a mention (and of every row repeating it): the one normalization."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return normalize_name(value) or None


def fold_key(value: str) -> str:
    """The key spelling variants of one name share: case, tone placement, dashes, spacing."""
    return _DASH.sub("-", normalize_name(value)).casefold()
