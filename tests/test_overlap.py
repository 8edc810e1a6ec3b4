"""Overlap policies: same-label longest wins; cross-label rules of the guideline."""

from __future__ import annotations

import pytest

from extract.extractors.overlap import POLICIES, cross_label_rules, longest_per_label
from extract.records import Mention


def m(start: int, end: int, label: str, source: str = "grammar") -> Mention:
    return Mention(start, end, label, "v", source)


def spans(mentions: list[Mention]) -> list[tuple[int, int, str]]:
    return sorted((x.start, x.end, x.label) for x in mentions)


def test_longest_same_label_span_wins_and_others_nest() -> None:
    found = longest_per_label(
        [m(0, 10, "ORG"), m(0, 4, "ORG"), m(8, 14, "ORG"), m(5, 9, "GPE"), m(20, 24, "ORG")]
    )
    assert spans(found) == [(0, 10, "ORG"), (5, 9, "GPE"), (20, 24, "ORG")]


def test_equal_length_prefers_the_lexicon_then_the_first() -> None:
    lexicon, grammar = m(2, 6, "ORG", "lexicon:organizations"), m(0, 4, "ORG", "org_grammar")
    assert longest_per_label([grammar, lexicon]) == [lexicon]
    # Same length and source: the earliest wins, and what it overlaps goes.
    found = longest_per_label([m(4, 8, "ORG"), m(0, 4, "ORG"), m(2, 6, "ORG")])
    assert spans(found) == [(0, 4, "ORG"), (4, 8, "ORG")]


@pytest.mark.parametrize(
    ("loser", "winner"),
    [
        (m(0, 6, "COUNT"), m(0, 6, "DATE")),  # "80 năm" is a duration
        (m(3, 8, "LOC"), m(3, 8, "GPE")),
        (m(12, 15, "GPE"), m(0, 15, "PER")),  # "Hà Thị Minh Đức"
        (m(10, 20, "PER"), m(0, 30, "ORG")),
        (m(5, 10, "ORG"), m(5, 10, "AGREEMENT")),
        (m(0, 5, "PER", "ner:underthesea"), m(3, 9, "LOC", "lexicon:places")),
        (m(8, 19, "COUNT"), m(0, 11, "ORG")),  # "Sư đoàn 325 | tổ chức": the number is the name's
    ],
)
def test_cross_label_losers(loser: Mention, winner: Mention) -> None:
    assert cross_label_rules([loser, winner]) == [winner]
    assert cross_label_rules([winner, loser]) == [winner]


@pytest.mark.parametrize(
    "pair",
    [
        (m(0, 20, "AGREEMENT"), m(10, 18, "GPE")),  # a GPE inside an agreement stays
        (m(0, 20, "ORG"), m(12, 20, "GPE")),  # "Bộ Y tế ... Hàn Quốc"
        (m(0, 5, "COUNT"), m(6, 10, "DATE")),  # adjacent, not overlapping
        (m(3, 8, "LOC"), m(3, 9, "GPE")),  # different spans
        (m(0, 12, "COUNT"), m(4, 12, "ORG")),  # "hai Bộ Ngoại giao": the count starts first
    ],
)
def test_allowed_nesting_is_kept(pair: tuple[Mention, Mention]) -> None:
    assert spans(cross_label_rules(list(pair))) == spans(list(pair))


def test_policies_are_named() -> None:
    assert set(POLICIES) == {"longest_per_label", "keep_all"}
    everything = [m(0, 6, "COUNT"), m(0, 6, "DATE"), m(0, 3, "DATE")]
    assert len(POLICIES["keep_all"](everything)) == 3
    assert spans(POLICIES["longest_per_label"](everything)) == [(0, 6, "DATE")]
