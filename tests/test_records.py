"""Typed records: shifting keeps every attribute."""

from __future__ import annotations

import dataclasses

from extract.records import Mention


def test_shifted_moves_offsets_and_keeps_every_other_field() -> None:
    mention = Mention(
        3, 9, "COUNT", 5.0, "count_grammar:digits", "k", "APPROX", "dự án", 9.0, "t", 0.7
    )
    moved = mention.shifted(10)
    assert (moved.start, moved.end) == (13, 19)
    for f in dataclasses.fields(Mention):
        if f.name not in ("start", "end"):
            assert getattr(moved, f.name) == getattr(mention, f.name), f.name
