"""The `vi_events` spaCy component: typed events with arguments from the resolved mentions.

It runs after `resolve`, so `doc._.mentions` is the final, sorted mention list and argument
indices stay valid. `match()` finds the events; `set_annotations()` stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..extractors.base import mention_indices_by_sentence, sentence_tokens
from ..extractors.counts import CountUnits, load_count_units
from ..records import Argument, Event, Mention
from .arguments import unit_groups_of
from .detect import detect_events
from .triggers import TriggerLexicon, load_triggers


class EventDetector:
    """Finds events sentence by sentence from the trigger lexicon and the document's mentions."""

    name = "events"

    def __init__(self, lexicon: TriggerLexicon, *, units: CountUnits | None = None) -> None:
        self.lexicon = lexicon
        self.unit_groups = unit_groups_of(units) if units is not None else {}

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Event]:
        """Events of every sentence of `doc`, in document offsets and final mention indices."""
        mentions: Sequence[Mention] = doc._.mentions or []
        events: list[Event] = []
        sentences = doc._.sentences or []
        per_sentence = mention_indices_by_sentence(doc, mentions) if sentences else []
        for sentence, inside in zip(sentences, per_sentence, strict=True):
            local = [mentions[i].shifted(-sentence.start) for i in inside]
            text = doc._.text[sentence.start : sentence.end]
            tokens = sentence_tokens(doc, sentence.index)
            found = detect_events(
                text, tokens, local, self.lexicon,
                sentence_index=sentence.index, unit_groups=self.unit_groups,
            )  # fmt: skip
            events.extend(_to_document(event, sentence.start, inside) for event in found)
        return events

    def set_annotations(self, doc: Doc, events: Sequence[Event]) -> None:
        """Store `events` as the document's events, sorted by trigger position."""
        doc._.events = sorted(events, key=lambda e: (e.trigger_start, e.trigger_end, e.type))


def _to_document(event: Event, offset: int, indices: Sequence[int]) -> Event:
    """Shift a sentence-level event to document offsets and document mention indices."""
    return Event(
        type=event.type,
        trigger_start=event.trigger_start + offset,
        trigger_end=event.trigger_end + offset,
        sentence_index=event.sentence_index,
        arguments=tuple(Argument(a.role, indices[a.mention_index]) for a in event.arguments),
        source=event.source,
        modality=event.modality,
        confidence=event.confidence,
    )


@Language.factory(
    "vi_events",
    default_config={
        "lexicon_dir": "",
        "triggers": "event_triggers.tsv",
        "units": "count_units.tsv",
    },
)
def make_events(
    nlp: Language, name: str, *, lexicon_dir: str, triggers: str, units: str
) -> EventDetector:
    """Event detection component: trigger lexicon, context rules, argument attachment; the
    counted-head lexicon tells which counts can be an event's quantity."""
    directory = Path(lexicon_dir)
    return EventDetector(
        load_triggers(directory / triggers), units=load_count_units(directory / units)
    )
