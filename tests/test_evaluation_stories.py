"""Story gold (which events are one real-world event) and pairwise scoring of `stories`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import EXTRA, RAW, REPO
from extract.cli import main
from extract.evaluation.stories import (
    PredictedEvent,
    StoryGoldError,
    load_story_gold,
    parse_story_gold,
    score_stories,
)

STORY_GOLD = REPO / "corpus" / "gold" / "stories.jsonl"


def _line(story: str, *events: tuple[str, str, int, int]) -> str:
    return json.dumps(
        {
            "story": story,
            "events": [
                {"doc_id": d, "type": t, "trigger": {"start": s, "end": e}} for d, t, s, e in events
            ],
        }
    )


GOLD = [
    _line("signing", ("a", "SIGN", 10, 12), ("b", "SIGN", 40, 42), ("c", "SIGN", 5, 7)),
    _line("meeting", ("a", "MEET", 50, 58), ("b", "MEET", 0, 8)),
    _line("other", ("c", "MEET", 90, 95)),
]


def _pred(event_id: str, doc: str, kind: str, start: int, end: int, story: str) -> PredictedEvent:
    return PredictedEvent(event_id, doc, kind, start, end, story)


def test_pairwise_precision_and_recall() -> None:
    gold = parse_story_gold(GOLD, source="gold")
    predicted = [
        _pred("a1", "a", "SIGN", 10, 13, "s1"),  # overlaps a SIGN 10-12
        _pred("b1", "b", "SIGN", 40, 42, "s1"),
        _pred("c1", "c", "SIGN", 5, 7, "s2"),  # split off: two gold pairs missed
        _pred("a2", "a", "MEET", 50, 58, "s3"),
        _pred("b2", "b", "MEET", 0, 8, "s3"),
        _pred("c2", "c", "MEET", 90, 95, "s3"),  # wrongly merged: two wrong pairs
        _pred("x", "c", "MEET", 200, 205, "s3"),  # not in the gold: not judged
    ]
    scores = score_stories(gold, predicted)
    assert (scores.gold_pairs, scores.pred_pairs, scores.tp) == (4, 4, 2)
    assert (scores.scores.precision, scores.scores.recall) == (0.5, 0.5)
    assert (scores.gold_events, scores.matched_events) == (6, 6)


def test_an_undetected_gold_event_costs_recall_only() -> None:
    gold = parse_story_gold(GOLD[:1], source="gold")
    predicted = [_pred("a1", "a", "SIGN", 10, 12, "s"), _pred("b1", "b", "SIGN", 40, 42, "s")]
    scores = score_stories(gold, predicted)
    assert (scores.gold_pairs, scores.pred_pairs, scores.tp, scores.matched_events) == (3, 1, 1, 2)
    # Another type at the same trigger is not the gold event.
    assert score_stories(gold, [_pred("a1", "a", "MEET", 10, 12, "s")]).matched_events == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{", "invalid JSON"),
        ('{"events": []}', "story must be a non-empty string"),
        ('{"story": "s", "events": []}', "non-empty list"),
        (_line("s", ("a", "VISIT", 0, 1)), "event #1: type 'VISIT'"),
        (_line("s", ("a", "SIGN", 5, 5)), "start < end"),
        (_line("s", ("", "SIGN", 0, 1)), "doc_id"),
        ("[]", "must be a JSON object"),
    ],
)
def test_bad_story_gold_is_reported_with_its_line(line: str, message: str) -> None:
    with pytest.raises(StoryGoldError, match=message) as info:
        parse_story_gold(["", line], source="stories.jsonl")
    assert str(info.value).startswith("[E081] stories.jsonl:2: ")


def test_a_story_id_used_twice_is_an_error() -> None:
    with pytest.raises(StoryGoldError, match=r"\[E081\] g:2: duplicate story id 'a'"):
        lines = [_line("a", ("d", "SIGN", 0, 2)), _line("a", ("d", "SIGN", 5, 7))]
        parse_story_gold(lines, source="g")


def test_an_event_in_two_stories_is_an_error() -> None:
    with pytest.raises(StoryGoldError, match=r"\[E082\] g:2: .*already in story 'a'"):
        parse_story_gold(
            [_line("a", ("d", "SIGN", 0, 2)), _line("b", ("d", "SIGN", 0, 2))], source="g"
        )


def _texts() -> dict[str, str]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}
    if EXTRA.is_dir():
        texts |= {p.stem: p.read_text(encoding="utf-8") for p in EXTRA.glob("*.txt")}
    return texts


def test_the_repository_story_gold_points_at_real_triggers() -> None:
    texts = _texts()
    stories = load_story_gold(STORY_GOLD)
    assert len(stories) >= 10 and any(len({e.doc_id for e in s.events}) > 1 for s in stories)
    for story in stories:
        for event in story.events:
            if event.doc_id in texts:
                trigger = texts[event.doc_id][event.start : event.end]
                assert trigger.strip() == trigger and trigger, (story.id, event)


def _write(path: Path, rows: list[dict], schema: pa.Schema) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def test_eval_stories_option_prints_and_writes_the_pairwise_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "stories.jsonl"
    gold.write_text("\n".join(GOLD[:1]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    events = [("a1", "a", 10, 12), ("b1", "b", 40, 42), ("c1", "c", 5, 7)]
    _write(
        out / "events.parquet",
        [
            {"event_id": i, "doc_id": d, "type": "SIGN", "trigger_start": s, "trigger_end": e}
            for i, d, s, e in events
        ],
        pa.schema(
            [("event_id", pa.string()), ("doc_id", pa.string()), ("type", pa.string()),
             ("trigger_start", pa.int32()), ("trigger_end", pa.int32())]
        ),
    )  # fmt: skip
    _write(
        out / "stories.parquet",
        [{"story_id": "s1", "event_ids": ["a1", "b1"]}, {"story_id": "s2", "event_ids": ["c1"]}],
        pa.schema([("story_id", pa.string()), ("event_ids", pa.list_(pa.string()))]),
    )
    report = tmp_path / "eval.json"
    code = main(["eval", "--pred", str(out), "--stories", str(gold), "--json", str(report)])
    assert code == 0
    assert "stories (pairwise): P 1.0000  R 0.3333  F1 0.5000" in capsys.readouterr().out
    data = json.loads(report.read_text(encoding="utf-8"))["stories"]
    assert (data["gold_pairs"], data["pred_pairs"], data["tp"]) == (3, 1, 1)
    assert main(["eval", "--pred", str(out)]) == 2
    assert main(["eval", "--pred", str(tmp_path), "--stories", str(gold)]) == 2
    assert "[E083]" in capsys.readouterr().err
    assert main(["eval", "--pred", str(out), "--stories", str(tmp_path / "none.jsonl")]) == 2
    assert "[E080]" in capsys.readouterr().err


@pytest.mark.skipif(not EXTRA.is_dir(), reason="../shared/corpus_extra is not here")
def test_story_f1_on_the_seeds_and_corpus_extra(tmp_path: Path) -> None:
    from extract.evaluation.stories import load_predicted_stories
    from extract.runner.engine import run

    # The extra articles with their publication dates from SOURCES.tsv (read in place; the
    # JSONL lives in the test's temporary folder, never in the repository).
    with (EXTRA / "SOURCES.tsv").open(encoding="utf-8") as sources:
        dates = {
            r["file"]: r["publication_date_if_known"]
            for r in csv.DictReader(sources, delimiter="\t")
        }
    lines = []
    for path in sorted(EXTRA.glob("*.txt")):
        record = {"doc_id": path.stem, "text": path.read_text(encoding="utf-8")}
        if dates.get(path.name):
            record["published"] = dates[path.name]
        lines.append(json.dumps(record, ensure_ascii=False))
    extra = tmp_path / "extra.jsonl"
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([RAW, extra], out, workers=1)
    scores = score_stories(load_story_gold(STORY_GOLD), load_predicted_stories(out))
    assert scores.matched_events == scores.gold_events
    # README states the measured figures (P 0.91, R 0.64, F1 0.75); this guards against losing
    # them, with a margin for changes of the extraction itself.
    assert scores.scores.f1 is not None and scores.scores.f1 >= 0.7
    assert scores.scores.precision is not None and scores.scores.precision >= 0.85
