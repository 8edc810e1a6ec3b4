"""Story gold and pairwise scoring of the `stories` registry (which events are one real event).

Story gold (`corpus/gold/stories.jsonl`) has one story per line: the events, in any number of
articles, that report one real-world event. Events are referenced by document, type and trigger
offsets, so the gold never holds article text:

    {"story": "kor-eps-mou-2025", "note": "...",
     "events": [{"doc_id": "x007", "type": "SIGN", "trigger": {"start": 157, "end": 159}}]}

Scoring is pairwise (as for coreference clusters): a gold pair is two gold events of one story;
a predicted pair is two predicted events, each matched to a gold event, in one predicted story.
Gold events are matched to predicted events of the same document and type whose trigger
overlaps (one-to-one, largest overlap first). Predicted events matched to no gold event are not
judged; a gold pair with an unmatched event counts as missed, so recall also reflects events
the pipeline did not find (reported separately as `matched_events`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pyarrow.parquet as pq

from ..errors import Errors, ExtractError
from ..records import EVENT_TYPES
from .scorer import Scores, prf


class StoryGoldError(ExtractError, ValueError):
    """The story gold or the stories to score cannot be read (a coded message naming the file,
    line and problem)."""


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A gold event of a story: document, type and trigger span."""

    doc_id: str
    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldStory:
    """One real-world event and the gold events that report it."""

    id: str
    events: tuple[StoryEvent, ...]


@dataclass(frozen=True, slots=True)
class StoryScores:
    """Pairwise counts of the stories against their gold."""

    stories: int
    gold_events: int
    matched_events: int
    gold_pairs: int
    pred_pairs: int
    tp: int

    @property
    def scores(self) -> Scores:
        """Pairwise precision, recall and F1."""
        return prf(self.tp, self.gold_pairs, self.pred_pairs)


def _event(raw: object, number: int) -> StoryEvent | str:
    """The event, or the problem with it."""
    where = f"event #{number}"
    if not isinstance(raw, dict):
        return f"{where} must be an object"
    doc_id, kind, trigger = raw.get("doc_id"), raw.get("type"), raw.get("trigger")
    if not isinstance(doc_id, str) or not doc_id:
        return f"{where}: doc_id must be a non-empty string, got {doc_id!r}"
    if kind not in EVENT_TYPES:
        return f"{where}: type {kind!r} is not one of {', '.join(EVENT_TYPES)}"
    start = trigger.get("start") if isinstance(trigger, dict) else None
    end = trigger.get("end") if isinstance(trigger, dict) else None
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return f"{where}: trigger must be {{start, end}} with 0 <= start < end"
    return StoryEvent(doc_id, kind, start, end)


def _story(raw: object) -> GoldStory | str:
    """The story of one parsed line, or the problem with it."""
    if not isinstance(raw, dict):
        return "a story must be a JSON object"
    story_id, events = raw.get("story"), raw.get("events")
    if not isinstance(story_id, str) or not story_id:
        return "story must be a non-empty string id"
    if not isinstance(events, list) or not events:
        return "events must be a non-empty list"
    parsed = []
    for number, item in enumerate(events, start=1):
        event = _event(item, number)
        if isinstance(event, str):
            return event
        parsed.append(event)
    return GoldStory(story_id, tuple(parsed))


def parse_story_gold(lines: Iterable[str], *, source: str) -> list[GoldStory]:
    """Parse story gold lines; raise StoryGoldError on the first problem."""
    stories: list[GoldStory] = []
    seen_ids: set[str] = set()
    seen_events: dict[StoryEvent, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            story = _story(json.loads(line))
        except json.JSONDecodeError as exc:
            story = f"invalid JSON ({exc.msg})"
        if isinstance(story, GoldStory) and story.id in seen_ids:
            story = f"duplicate story id {story.id!r}"
        if isinstance(story, str):
            raise StoryGoldError(Errors.E081.format(path=source, line=number, problem=story))
        for event in story.events:
            if event in seen_events:
                shown = f"{event.doc_id} {event.type} {event.start}-{event.end}"
                raise StoryGoldError(
                    Errors.E082.format(
                        path=source, line=number, event=shown, story=seen_events[event]
                    )
                )
            seen_events[event] = story.id
        seen_ids.add(story.id)
        stories.append(story)
    return stories


def load_story_gold(path: str | Path) -> list[GoldStory]:
    """Read a story gold JSONL file."""
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoryGoldError(Errors.E080.format(path=path, reason=exc)) from None
    return parse_story_gold(content.split("\n"), source=str(path))


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """A predicted event with the story it was put in."""

    event_id: str
    doc_id: str
    type: str
    start: int
    end: int
    story_id: str


def load_predicted_stories(out_dir: str | Path) -> list[PredictedEvent]:
    """The events of an output folder, each with its story (from the `stories` table)."""
    from ..tables.writer import table_path

    root = Path(out_dir)
    paths = {name: table_path(root, name) for name in ("events", "stories")}
    for name, path in paths.items():
        if not path.exists():
            raise StoryGoldError(Errors.E083.format(path=root, table=name))
    story_of: dict[str, str] = {}
    for row in pq.read_table(paths["stories"], columns=["story_id", "event_ids"]).to_pylist():
        for event_id in row["event_ids"]:
            story_of[event_id] = row["story_id"]
    columns = ["event_id", "doc_id", "type", "trigger_start", "trigger_end"]
    return [
        PredictedEvent(
            r["event_id"],
            r["doc_id"],
            r["type"],
            r["trigger_start"],
            r["trigger_end"],
            story_of.get(r["event_id"], r["event_id"]),
        )
        for r in pq.read_table(paths["events"], columns=columns).to_pylist()
    ]


def _match(gold: list[StoryEvent], predicted: list[PredictedEvent]) -> dict[StoryEvent, str]:
    """Gold event → predicted story, one-to-one by largest trigger overlap (same doc, type)."""
    by_key: dict[tuple[str, str], list[PredictedEvent]] = {}
    for event in predicted:
        by_key.setdefault((event.doc_id, event.type), []).append(event)
    candidates = []
    for g in gold:
        for p in by_key.get((g.doc_id, g.type), ()):
            shared = min(g.end, p.end) - max(g.start, p.start)
            if shared > 0:
                candidates.append((-shared, g.doc_id, g.start, p.start, p.event_id, g, p))
    candidates.sort(key=lambda c: c[:5])
    used_gold: set[StoryEvent] = set()
    used_pred: set[str] = set()
    matched: dict[StoryEvent, str] = {}
    for *_, g, p in candidates:
        if g not in used_gold and p.event_id not in used_pred:
            used_gold.add(g)
            used_pred.add(p.event_id)
            matched[g] = p.story_id
    return matched


def score_stories(gold: list[GoldStory], predicted: list[PredictedEvent]) -> StoryScores:
    """Pairwise precision/recall of predicted stories over the gold stories' events."""
    events = [event for story in gold for event in story.events]
    gold_story = {event: story.id for story in gold for event in story.events}
    matched = _match(events, predicted)
    gold_pairs = sum(len(s.events) * (len(s.events) - 1) // 2 for s in gold)
    pred_pairs = tp = 0
    for a, b in combinations(sorted(matched, key=lambda e: (e.doc_id, e.start, e.type)), 2):
        if matched[a] == matched[b]:
            pred_pairs += 1
            tp += gold_story[a] == gold_story[b]
    return StoryScores(
        stories=len(gold),
        gold_events=len(events),
        matched_events=len(matched),
        gold_pairs=gold_pairs,
        pred_pairs=pred_pairs,
        tp=tp,
    )


def story_lines(scores: StoryScores) -> list[str]:
    """The plain-text lines `extract eval --stories` prints."""

    def fmt(value: float | None) -> str:
        return "—" if value is None else f"{value:.4f}"

    s = scores.scores
    return [
        f"stories (pairwise): P {fmt(s.precision)}  R {fmt(s.recall)}  F1 {fmt(s.f1)}  "
        f"(gold pairs {scores.gold_pairs}, predicted pairs {scores.pred_pairs}, "
        f"correct {scores.tp})",
        f"  {scores.stories} gold stories, {scores.gold_events} gold events, "
        f"{scores.matched_events} matched to a predicted event",
    ]


def story_json(scores: StoryScores) -> dict[str, object]:
    """The `stories` object of the JSON report."""
    s = scores.scores

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "stories": scores.stories,
        "gold_events": scores.gold_events,
        "matched_events": scores.matched_events,
        "gold_pairs": scores.gold_pairs,
        "pred_pairs": scores.pred_pairs,
        "tp": scores.tp,
        "p": rounded(s.precision),
        "r": rounded(s.recall),
        "f1": rounded(s.f1),
    }
