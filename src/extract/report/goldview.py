"""Gold comparison for the report: which mention and trigger is a TP, FP or FN, from the scorer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, ReportError
from ..evaluation.gold import GoldFormatError, load_gold
from ..evaluation.model import EvalMention, GoldDocument, Predictions
from ..evaluation.predictions import PredictionFormatError, load_predictions
from ..evaluation.scorer import (
    EVENT_LABEL,
    Report,
    format_value,
    mention_pairs,
    score,
    values_match,
)


@dataclass(frozen=True)
class MissedEvent:
    """A gold event no prediction matched (false negative)."""

    gold_id: str
    type: str
    start: int
    end: int


@dataclass
class GoldView:
    """Per-row verdicts of one scoring run, keyed by mention_id / event_id of the output."""

    path: Path
    report: Report
    mention_status: dict[str, str] = field(default_factory=dict)
    mention_notes: dict[str, str] = field(default_factory=dict)
    missed_mentions: dict[str, list[EvalMention]] = field(default_factory=dict)
    event_status: dict[str, str] = field(default_factory=dict)
    missed_events: dict[str, list[MissedEvent]] = field(default_factory=dict)
    gold_documents: dict[str, GoldDocument] = field(default_factory=dict)

    def scored(self, doc_id: str) -> bool:
        """Whether the document was scored (in the gold, with the same text)."""
        document = self.report.documents.get(doc_id)
        return document is not None and document.status == "scored"

    @property
    def mismatched(self) -> set[str]:
        """Documents whose gold text differs from the run's (not scored)."""
        return {item.doc_id for item in self.report.mismatched_documents}


def _match_notes(gold: EvalMention, pred: EvalMention) -> list[str]:
    notes = []
    if (gold.start, gold.end) != (pred.start, pred.end):
        notes.append(f"boundary: gold span {gold.start}-{gold.end} {gold.text!r}")
    if gold.value is not None and not values_match(gold, pred):
        notes.append(f"wrong value: gold {format_value(gold)}, predicted {format_value(pred)}")
    return notes


def build_gold_view(gold_path: str | Path, out_dir: Path, doc_ids: Iterable[str]) -> GoldView:
    """Score the selected documents of `out_dir` against `gold_path` and classify every row."""
    path = Path(gold_path)
    selected = set(doc_ids)
    try:
        gold = [doc for doc in load_gold(path) if doc.doc_id in selected]
        loaded = load_predictions(out_dir)
    except (GoldFormatError, PredictionFormatError) as exc:
        raise ReportError(Errors.E093.format(path=path, reason=exc)) from None
    predictions = Predictions(
        out_dir=loaded.out_dir,
        documents={k: v for k, v in loaded.documents.items() if k in selected},
        has_events=loaded.has_events,
    )
    report = score(gold, predictions)
    view = GoldView(path=path, report=report, gold_documents={doc.doc_id: doc for doc in gold})
    for doc_id, document in report.documents.items():
        if document.status != "scored":
            continue
        gold_doc, pred_doc = view.gold_documents[doc_id], predictions.documents[doc_id]
        pairs = mention_pairs(gold_doc, pred_doc)
        matched_gold = {id(g) for g, _ in pairs}
        for g, p in pairs:
            view.mention_status[p.id] = "tp"
            notes = _match_notes(g, p)
            if notes:
                view.mention_notes[p.id] = "; ".join(notes)
        for mention in pred_doc.mentions:
            view.mention_status.setdefault(mention.id, "fp")
        view.missed_mentions[doc_id] = [m for m in gold_doc.mentions if id(m) not in matched_gold]
        if not predictions.has_events:
            continue
        false_positive = {
            (e.pred_value, e.start, e.end)
            for e in report.errors
            if e.doc_id == doc_id and e.label == EVENT_LABEL and e.category == "false_positive"
        }
        for event in pred_doc.events:
            key = (event.type, event.trigger_start, event.trigger_end)
            view.event_status[event.id] = "fp" if key in false_positive else "tp"
        missed_keys = {
            (e.gold_value, e.start, e.end)
            for e in report.errors
            if e.doc_id == doc_id and e.label == EVENT_LABEL and e.category == "false_negative"
        }
        view.missed_events[doc_id] = [
            MissedEvent(e.id, e.type, e.trigger_start, e.trigger_end)
            for e in gold_doc.events
            if (e.type, e.trigger_start, e.trigger_end) in missed_keys
        ]
    return view
