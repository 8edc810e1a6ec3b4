"""Overlap policies: which of several competing mentions survive (ANNOTATION §1)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from ..records import Mention

OverlapPolicy = Callable[[Sequence[Mention]], list[Mention]]

#: Lower is stronger when two mentions of one label compete for the same characters.
SOURCE_RANK = {"lexicon": 0, "grammar": 1, "statistical": 3}


def source_rank(mention: Mention) -> int:
    """Strength of the rule family that produced a mention (lexicons beat statistics)."""
    family = mention.source.split(":", 1)[0]
    if family.startswith("lexicon"):
        return SOURCE_RANK["lexicon"]
    if family.startswith("ner") or family.startswith("statistical"):
        return SOURCE_RANK["statistical"]
    return SOURCE_RANK["grammar"]


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _same_span(a: Mention, b: Mention) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _inside(inner: Mention, outer: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def longest_per_label(mentions: Sequence[Mention]) -> list[Mention]:
    """Same-label spans never overlap: longest wins, then the stronger source, then the first."""
    kept: list[Mention] = []
    by_label: dict[str, list[Mention]] = {}
    for m in mentions:
        by_label.setdefault(m.label, []).append(m)
    for group in by_label.values():
        ordered = sorted(group, key=lambda m: (-m.length, source_rank(m), m.start, m.source))
        # The chosen spans never overlap, so sorted by start their ends are sorted too: the one
        # chosen span that can overlap a candidate is the last starting before the candidate
        # ends. A bisection per candidate keeps this O(n log n) however long the document.
        spans: list[tuple[int, int]] = []
        for m in ordered:
            i = bisect.bisect_left(spans, (m.end,))
            if i and spans[i - 1][1] > m.start:
                continue
            spans.insert(i, (m.start, m.end))
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.label))


def _drop(mentions: Iterable[Mention], losers: set[int]) -> list[Mention]:
    return [m for i, m in enumerate(mentions) if i not in losers]


def cross_label_rules(mentions: Sequence[Mention]) -> list[Mention]:
    """Settle conflicts between labels that the guideline does not let nest.

    - a COUNT overlapping a DATE loses (durations such as "80 năm" are DATEs, §4);
    - a LOC with the same span as a GPE loses (a country is a GPE);
    - a GPE or LOC inside a PER loses ("Hà Thị Minh Đức" is a name, not Germany);
    - a PER inside an ORG or AGREEMENT loses (a name inside an institution's name);
    - an ORG with exactly the span of an AGREEMENT loses ("(VEFTA)" after a treaty's name);
    - a statistical mention overlapping any rule mention of another label loses.
    """
    items = list(mentions)
    losers: set[int] = set()
    # Sweep in start order: a mention only meets those starting before it ends.
    order = sorted(range(len(items)), key=lambda k: items[k].start)
    for x, i in enumerate(order):
        for y in range(x + 1, len(order)):
            j = order[y]
            if items[j].start >= items[i].end:
                break
            if items[i].label == items[j].label or not _overlaps(items[i], items[j]):
                continue
            if _loses(items[i], items[j]):
                losers.add(i)
            if _loses(items[j], items[i]):
                losers.add(j)
    return _drop(items, losers)


def _loses(a: Mention, b: Mention) -> bool:
    """Whether `a` gives way to `b`, an overlapping mention of another label."""
    return (
        (a.label == "COUNT" and b.label == "DATE")
        or (a.label == "LOC" and b.label == "GPE" and _same_span(a, b))
        or (a.label in ("GPE", "LOC") and b.label == "PER" and _inside(a, b))
        or (a.label == "PER" and b.label in ("ORG", "AGREEMENT") and _inside(a, b))
        or (a.label == "ORG" and b.label == "AGREEMENT" and _same_span(a, b))
        or (source_rank(a) == SOURCE_RANK["statistical"] and source_rank(b) < source_rank(a))
    )


def resolve_longest_per_label(mentions: Sequence[Mention]) -> list[Mention]:
    """The default policy: cross-label rules, then longest-per-label."""
    return longest_per_label(cross_label_rules(mentions))


POLICIES: dict[str, OverlapPolicy] = {
    "longest_per_label": resolve_longest_per_label,
    "keep_all": lambda mentions: sorted(mentions, key=lambda m: (m.start, m.end, m.label)),
}
