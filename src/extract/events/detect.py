"""Sentence-level event detection: triggers, arguments and modality in one pure function."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..records import Argument, Event, Mention, Token
from .arguments import arguments_in_view, clauses, modality
from .triggers import SentenceView, TriggerLexicon, triggers_in_view


def detect_events(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    lexicon: TriggerLexicon,
    *,
    sentence_index: int = 0,
    unit_groups: Mapping[str, str] | None = None,
) -> list[Event]:
    """Events of one sentence; offsets relative to `text`, argument indices into `mentions`.

    An event needs a trigger and at least one argument; one event per (type, trigger).
    `unit_groups` (folded COUNT unit -> group) keeps measures and shares out of quantities.
    """
    # One view of the sentence serves every step: it folds the sentence's words once.
    view = SentenceView(text, tokens, mentions)
    triggers = triggers_in_view(view, lexicon)
    if not triggers:
        return []
    zones = clauses(view)
    arguments = arguments_in_view(view, triggers, zones=zones, unit_groups=unit_groups)
    events: list[Event] = []
    seen: set[tuple[str, int, int]] = set()
    for k, (trigger, args) in enumerate(zip(triggers, arguments, strict=True)):
        key = (trigger.type, trigger.start, trigger.end)
        if not args or key in seen:
            continue
        seen.add(key)
        clause_start = next((z.start for z in zones if z.start <= trigger.start < z.end), 0)
        floor = clause_start
        if k and triggers[k - 1].end <= trigger.start and triggers[k - 1].start >= clause_start:
            floor = triggers[k - 1].end
        ordered = sorted(args, key=lambda a: (mentions[a[1]].start, a[0]))
        events.append(
            Event(
                type=trigger.type,
                trigger_start=trigger.start,
                trigger_end=trigger.end,
                sentence_index=sentence_index,
                arguments=tuple(Argument(role, index) for role, index in ordered),
                source=f"event_rule:{trigger.rule}",
                modality=modality(view, trigger, floor),
                confidence=trigger.confidence,
            )
        )
    return events
