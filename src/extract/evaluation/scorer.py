"""Score predictions against gold (ANNOTATION §8): pure functions from records to a `Report`.

Matching rules, all per document:
- strict: same label, start and end; one-to-one (duplicate predictions count once).
- overlap: same label, spans share at least one character; one-to-one, greedy by largest
  overlap. Ties go to the pair with the smaller union (so an exact match beats a longer
  prediction with the same overlap), then by gold start, pred start, gold end, pred end.
  Mentions are sorted by (start, end, id) first, so the result never depends on row order.
- value accuracy over overlap-matched pairs whose gold value is annotated: strings compared
  after whitespace collapse, Unicode NFC, tone placement and case folding; numbers within
  1e-9; DATE also needs the same `kind`.
- events: same type and overlapping triggers, one-to-one greedy as above; an argument
  (matched event, role, mention) is correct when the gold event matched to its event has an
  argument with the same role whose mention was overlap-matched to its mention.
- modality accuracy over matched events whose gold event states a modality (a prediction
  without one counts as `asserted`); argument errors of matched events are listed as missing
  roles, extra roles and wrong mentions (a wrong argument in a role the gold fills).
- P = tp/pred, R = tp/gold, F1 = 2·tp/(gold + pred): None when the denominator is 0, so a
  label with neither gold nor predictions scores None, never 0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..normalize.values import normalize_name
from ..records import LABELS
from .model import EvalEvent, EvalMention, GoldDocument, PredDocument, Predictions

NUMBER_TOLERANCE = 1e-9
CONTEXT_CHARS = 60

#: Error categories in listing order (the last four are about matched events).
ERROR_CATEGORIES: tuple[str, ...] = (
    "false_negative",
    "false_positive",
    "wrong_value",
    "boundary",
    "wrong_modality",
    "missing_role",
    "extra_role",
    "wrong_mention",
)
EVENT_LABEL = "EVENT"
#: The label under which argument errors of matched events are listed.
ARGUMENT_LABEL = "ARGUMENT"


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1; None where there was nothing to score."""

    precision: float | None
    recall: float | None
    f1: float | None


def prf(tp: int, gold: int, pred: int) -> Scores:
    """Precision/recall/F1 from counts; each is None when its denominator is zero."""
    return Scores(
        precision=tp / pred if pred else None,
        recall=tp / gold if gold else None,
        f1=2 * tp / (gold + pred) if gold + pred else None,
    )


@dataclass(frozen=True, slots=True)
class LabelCounts:
    """Counts for one label (in one document or summed): the scores derive from them."""

    gold: int = 0
    pred: int = 0
    strict_tp: int = 0
    overlap_tp: int = 0
    value_scored: int = 0
    value_correct: int = 0

    def __add__(self, other: LabelCounts) -> LabelCounts:
        return LabelCounts(
            gold=self.gold + other.gold,
            pred=self.pred + other.pred,
            strict_tp=self.strict_tp + other.strict_tp,
            overlap_tp=self.overlap_tp + other.overlap_tp,
            value_scored=self.value_scored + other.value_scored,
            value_correct=self.value_correct + other.value_correct,
        )

    @property
    def strict(self) -> Scores:
        """Scores under strict (exact span) matching."""
        return prf(self.strict_tp, self.gold, self.pred)

    @property
    def overlap(self) -> Scores:
        """Scores under overlap matching."""
        return prf(self.overlap_tp, self.gold, self.pred)

    @property
    def value_accuracy(self) -> float | None:
        """Share of overlap-matched pairs (with an annotated gold value) whose value is right."""
        return self.value_correct / self.value_scored if self.value_scored else None


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Counts for events or arguments; `pred`/`tp` are None when predictions have no events."""

    gold: int = 0
    pred: int | None = 0
    tp: int | None = 0

    def __add__(self, other: EventCounts) -> EventCounts:
        if self.pred is None or other.pred is None or self.tp is None or other.tp is None:
            return EventCounts(gold=self.gold + other.gold, pred=None, tp=None)
        return EventCounts(self.gold + other.gold, self.pred + other.pred, self.tp + other.tp)

    @property
    def scores(self) -> Scores:
        """Precision/recall/F1, all None when events were not predicted at all."""
        if self.pred is None or self.tp is None:
            return Scores(None, None, None)
        return prf(self.tp, self.gold, self.pred)


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One disagreement, with enough context for a developer to see why.

    `category` is one of ERROR_CATEGORIES; offsets and `text` are the gold mention's for
    false negatives, wrong values and boundary errors, the prediction's for false positives.
    """

    category: str
    label: str
    doc_id: str
    start: int
    end: int
    text: str
    gold_value: str | None
    pred_value: str | None
    context: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """Figures for one gold document; status is "scored" or "missing" (no prediction)."""

    doc_id: str
    status: str
    labels: dict[str, LabelCounts]
    events: EventCounts
    arguments: EventCounts
    pred_status: str | None = None
    #: Matched events whose gold event states a modality, and how many of those agree.
    modality_scored: int = 0
    modality_correct: int = 0

    def counts(self, label: str) -> LabelCounts:
        """Counts of one label (zeros when the label did not occur)."""
        return self.labels.get(label, LabelCounts())

    def micro(self, labels: Iterable[str]) -> LabelCounts:
        """Counts summed over `labels`."""
        return sum((self.counts(label) for label in labels), LabelCounts())


@dataclass(frozen=True, slots=True)
class MismatchedDocument:
    """A document whose gold text and predicted source differ (excluded from scoring)."""

    doc_id: str
    gold_sha256: str
    pred_sha256: str


@dataclass(frozen=True)
class Report:
    """Everything `score` found: per-document counts plus what was excluded and why."""

    labels: tuple[str, ...]
    documents: dict[str, DocumentReport]
    events_available: bool
    mismatched_documents: tuple[MismatchedDocument, ...] = ()
    missing_documents: tuple[str, ...] = ()
    ignored_documents: tuple[str, ...] = ()
    errors: tuple[ErrorItem, ...] = field(default=(), repr=False)

    def label_counts(self, label: str) -> LabelCounts:
        """Counts of one label summed over all scored documents."""
        return sum((doc.counts(label) for doc in self.documents.values()), LabelCounts())

    @property
    def micro(self) -> LabelCounts:
        """Counts summed over the selected labels and all documents (micro average)."""
        return sum((self.label_counts(label) for label in self.labels), LabelCounts())

    @property
    def events(self) -> EventCounts:
        """Event counts over all documents."""
        return self._sum_events(lambda doc: doc.events)

    @property
    def arguments(self) -> EventCounts:
        """Event-argument counts over all documents."""
        return self._sum_events(lambda doc: doc.arguments)

    @property
    def modality_scored(self) -> int:
        """Matched events whose gold event states a modality."""
        return sum(doc.modality_scored for doc in self.documents.values())

    @property
    def modality_accuracy(self) -> float | None:
        """Share of those whose predicted modality equals the gold one (None if none scored)."""
        scored = self.modality_scored
        correct = sum(doc.modality_correct for doc in self.documents.values())
        return correct / scored if scored else None

    def _sum_events(self, pick: Callable[[DocumentReport], EventCounts]) -> EventCounts:
        empty = EventCounts() if self.events_available else EventCounts(pred=None, tp=None)
        return sum((pick(doc) for doc in self.documents.values()), empty)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Pair:
    gold: int
    pred: int


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _greedy_overlap(
    gold: Sequence[tuple[int, int]],
    pred: Sequence[tuple[int, int]],
    compatible: Callable[[int, int], bool] | None = None,
) -> list[_Pair]:
    """One-to-one matching of overlapping spans, largest overlap first (ties: module doc)."""
    candidates = []
    for gi, (g_start, g_end) in enumerate(gold):
        for pi, (p_start, p_end) in enumerate(pred):
            shared = _overlap(g_start, g_end, p_start, p_end)
            if shared and (compatible is None or compatible(gi, pi)):
                union = max(g_end, p_end) - min(g_start, p_start)
                candidates.append((-shared, union, g_start, p_start, g_end, p_end, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[_Pair] = []
    for *_, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append(_Pair(gi, pi))
    return pairs


def _strict_matches(gold: Sequence[EvalMention], pred: Sequence[EvalMention]) -> int:
    gold_spans = Counter((m.start, m.end) for m in gold)
    pred_spans = Counter((m.start, m.end) for m in pred)
    return sum((gold_spans & pred_spans).values())


# --------------------------------------------------------------------------- values


def normalize_string_value(value: str) -> str:
    """Whitespace-collapsed, NFC, tone-placement-normalized, case-folded form used to compare
    string values: the pipeline writes names with new-style tone marks ("Tỉnh ủy"), whatever
    spelling the gold copied from the article ("Tỉnh uỷ")."""
    return normalize_name(value).casefold()


def _as_number(value: str | float | None) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(value.strip())
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def values_match(gold: EvalMention, pred: EvalMention) -> bool:
    """Whether the predicted value (and, for DATE, kind) equals the gold one (§8)."""
    if gold.label == "DATE" and gold.kind != pred.kind:
        return False
    if gold.value is None or pred.value is None:
        return gold.value is None and pred.value is None
    numeric_side = any(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (gold.value, pred.value)
    )
    if numeric_side:
        gold_number, pred_number = _as_number(gold.value), _as_number(pred.value)
        if gold_number is not None and pred_number is not None:
            return abs(gold_number - pred_number) <= NUMBER_TOLERANCE
    return normalize_string_value(str(gold.value)) == normalize_string_value(str(pred.value))


def format_value(mention: EvalMention) -> str:
    """Human-readable value for listings: numbers without a spurious .0, DATE with its kind."""
    value = mention.value
    if value is None:
        shown = "null"
    elif isinstance(value, float) and value.is_integer():
        shown = str(int(value))
    else:
        shown = str(value)
    if mention.label == "DATE":
        shown += f" [{mention.kind or 'no kind'}]"
    return shown


# --------------------------------------------------------------------------- context


def context_snippet(text: str, start: int, end: int, *, width: int = CONTEXT_CHARS) -> str:
    """The line around [start, end), at most `width` chars each side, the span in ⟦ ⟧."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    left, right = max(line_start, start - width), min(line_end, end + width)
    snippet = (
        ("…" if left > line_start else "")
        + text[left:start]
        + "⟦"
        + text[start:end]
        + "⟧"
        + text[end:right]
        + ("…" if right < line_end else "")
    )
    return " ".join(snippet.split("\n"))


# --------------------------------------------------------------------------- scoring


def _sorted_mentions(mentions: Iterable[EvalMention]) -> list[EvalMention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.id))


def _pred_text_note(text: str, pred: EvalMention) -> str:
    actual = text[pred.start : pred.end]
    if pred.text and pred.text != actual:
        return f"predicted text {pred.text!r} differs from the text at its offsets {actual!r}"
    return ""


def _other_label_note(pred: EvalMention, gold: Sequence[EvalMention]) -> str:
    others = [
        g for g in gold if g.label != pred.label and _overlap(g.start, g.end, pred.start, pred.end)
    ]
    if not others:
        return ""
    shown = "; ".join(f"{g.label} {g.text!r} {g.start}-{g.end}" for g in others[:3])
    return f"gold has {shown} here"


@dataclass
class _LabelResult:
    counts: LabelCounts
    pairs: list[tuple[EvalMention, EvalMention]]
    errors: list[ErrorItem]


def _mention_error(
    category: str,
    doc_id: str,
    text: str,
    anchor: EvalMention,
    *,
    gold: EvalMention | None,
    pred: EvalMention | None,
    note: str = "",
) -> ErrorItem:
    """An error located on `anchor` (gold mention, or the prediction for false positives)."""
    return ErrorItem(
        category=category,
        label=anchor.label,
        doc_id=doc_id,
        start=anchor.start,
        end=anchor.end,
        text=text[anchor.start : anchor.end],
        gold_value=None if gold is None else format_value(gold),
        pred_value=None if pred is None else format_value(pred),
        context=context_snippet(text, anchor.start, anchor.end),
        note=note,
    )


def _score_label(
    doc_id: str,
    text: str,
    gold: list[EvalMention],
    pred: list[EvalMention],
    all_gold: Sequence[EvalMention],
) -> _LabelResult:
    """Match one label's mentions of one document; count and collect disagreements."""
    pairs = _greedy_overlap([(m.start, m.end) for m in gold], [(m.start, m.end) for m in pred])
    matched = [(gold[pair.gold], pred[pair.pred]) for pair in pairs]
    errors: list[ErrorItem] = []
    value_scored = value_correct = 0
    for g, p in matched:
        if (g.start, g.end) != (p.start, p.end):
            note = f"predicted span {p.start}-{p.end} {text[p.start : p.end]!r}"
            errors.append(_mention_error("boundary", doc_id, text, g, gold=g, pred=p, note=note))
        if g.value is None:
            continue
        value_scored += 1
        if values_match(g, p):
            value_correct += 1
        else:
            note = _pred_text_note(text, p)
            errors.append(_mention_error("wrong_value", doc_id, text, g, gold=g, pred=p, note=note))
    matched_gold = {pair.gold for pair in pairs}
    matched_pred = {pair.pred for pair in pairs}
    errors.extend(
        _mention_error("false_negative", doc_id, text, g, gold=g, pred=None)
        for index, g in enumerate(gold)
        if index not in matched_gold
    )
    for index, p in enumerate(pred):
        if index not in matched_pred:
            notes = [_other_label_note(p, all_gold), _pred_text_note(text, p)]
            note = "; ".join(n for n in notes if n)
            errors.append(
                _mention_error("false_positive", doc_id, text, p, gold=None, pred=p, note=note)
            )
    counts = LabelCounts(
        gold=len(gold),
        pred=len(pred),
        strict_tp=_strict_matches(gold, pred),
        overlap_tp=len(pairs),
        value_scored=value_scored,
        value_correct=value_correct,
    )
    return _LabelResult(counts, matched, errors)


def _event_error(
    category: str, doc_id: str, text: str, event: EvalEvent, *, gold: bool
) -> ErrorItem:
    start, end = event.trigger_start, event.trigger_end
    arguments = ", ".join(f"{a.role}={a.mention_id}" for a in event.arguments)
    return ErrorItem(
        category=category,
        label=EVENT_LABEL,
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        gold_value=event.type if gold else None,
        pred_value=None if gold else event.type,
        context=context_snippet(text, start, end),
        note=f"{event.id}: {arguments}" if arguments else event.id,
    )


@dataclass
class _EventResult:
    events: EventCounts
    arguments: EventCounts
    errors: list[ErrorItem]
    modality_scored: int = 0
    modality_correct: int = 0


def _argument_error(
    category: str,
    doc_id: str,
    text: str,
    event: EvalEvent,
    role: str,
    gold: EvalMention | None,
    pred: EvalMention | None,
) -> ErrorItem:
    """An argument error of a matched event, located on the gold (else predicted) mention."""
    anchor = gold or pred
    start, end = (anchor.start, anchor.end) if anchor else (event.trigger_start, event.trigger_end)
    return ErrorItem(
        category=category,
        label=ARGUMENT_LABEL,
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        gold_value=None if gold is None else f"{role}={gold.label} {gold.text!r}",
        pred_value=None if pred is None else f"{role}={pred.label} {pred.text!r}",
        context=context_snippet(text, event.trigger_start, event.trigger_end),
        note=f"{event.type} event {event.id} ({text[event.trigger_start : event.trigger_end]!r})",
    )


def _argument_errors(
    gold_doc: GoldDocument,
    pred_doc: PredDocument,
    gold_event: EvalEvent,
    pred_event: EvalEvent,
    mention_map: dict[str, str],
) -> list[ErrorItem]:
    """Missing roles, extra roles and wrong mentions of one matched pair of events."""
    gold_mentions = {m.id: m for m in gold_doc.mentions}
    pred_mentions = {m.id: m for m in pred_doc.mentions}
    gold_args = {(a.role, a.mention_id) for a in gold_event.arguments}
    mapped = {(a.role, mention_map.get(a.mention_id)) for a in pred_event.arguments}
    missing = sorted(arg for arg in gold_args if arg not in mapped)
    extra = sorted(
        (a.role, a.mention_id)
        for a in pred_event.arguments
        if (a.role, mention_map.get(a.mention_id)) not in gold_args
    )
    errors: list[ErrorItem] = []
    text, doc_id = gold_doc.text, gold_doc.doc_id
    for role, gold_id in missing:
        # A wrong prediction in the same role is the wrong mention for it, not a missing role.
        wrong = next((arg for arg in extra if arg[0] == role), None)
        if wrong is not None:
            extra.remove(wrong)
            category, pred = "wrong_mention", pred_mentions.get(wrong[1])
        else:
            category, pred = "missing_role", None
        gold = gold_mentions.get(gold_id)
        errors.append(_argument_error(category, doc_id, text, gold_event, role, gold, pred))
    for role, pred_id in extra:
        pred = pred_mentions.get(pred_id)
        errors.append(_argument_error("extra_role", doc_id, text, gold_event, role, None, pred))
    return errors


def _score_events(
    gold_doc: GoldDocument,
    pred_doc: PredDocument,
    mention_map: dict[str, str],
) -> _EventResult:
    gold_events = sorted(gold_doc.events, key=lambda e: (e.trigger_start, e.trigger_end, e.id))
    pred_events = sorted(pred_doc.events, key=lambda e: (e.trigger_start, e.trigger_end, e.id))
    pairs = _greedy_overlap(
        [(e.trigger_start, e.trigger_end) for e in gold_events],
        [(e.trigger_start, e.trigger_end) for e in pred_events],
        lambda gi, pi: gold_events[gi].type == pred_events[pi].type,
    )
    event_map = {pred_events[p.pred].id: gold_events[p.gold].id for p in pairs}
    gold_arguments = {(e.id, a.role, a.mention_id) for e in gold_events for a in e.arguments}
    pred_arguments = {(e.id, a.role, a.mention_id) for e in pred_events for a in e.arguments}
    found: set[tuple[str, str, str]] = set()
    for event_id, role, mention_id in pred_arguments:
        candidate = (event_map.get(event_id), role, mention_map.get(mention_id))
        if candidate in gold_arguments:
            found.add(candidate)  # type: ignore[arg-type]
    errors: list[ErrorItem] = []
    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.pred for p in pairs}
    text = gold_doc.text
    for index, event in enumerate(gold_events):
        if index not in matched_gold:
            errors.append(_event_error("false_negative", gold_doc.doc_id, text, event, gold=True))
    for index, event in enumerate(pred_events):
        if index not in matched_pred:
            errors.append(_event_error("false_positive", gold_doc.doc_id, text, event, gold=False))
    modality_scored = modality_correct = 0
    for pair in pairs:
        gold_event, pred_event = gold_events[pair.gold], pred_events[pair.pred]
        errors.extend(_argument_errors(gold_doc, pred_doc, gold_event, pred_event, mention_map))
        if gold_event.modality is None:
            continue
        modality_scored += 1
        if (pred_event.modality or "asserted") == gold_event.modality:
            modality_correct += 1
        else:
            error = _event_error("wrong_modality", gold_doc.doc_id, text, gold_event, gold=True)
            errors.append(
                replace(
                    error,
                    gold_value=f"{gold_event.type} {gold_event.modality}",
                    pred_value=f"{pred_event.type} {pred_event.modality or 'asserted'}",
                )
            )
    return _EventResult(
        events=EventCounts(gold=len(gold_events), pred=len(pred_events), tp=len(pairs)),
        arguments=EventCounts(gold=len(gold_arguments), pred=len(pred_arguments), tp=len(found)),
        errors=errors,
        modality_scored=modality_scored,
        modality_correct=modality_correct,
    )


def _by_label(
    gold_doc: GoldDocument, pred_doc: PredDocument
) -> dict[str, tuple[list[EvalMention], list[EvalMention]]]:
    by_label: dict[str, tuple[list[EvalMention], list[EvalMention]]] = {}
    for mention in _sorted_mentions(gold_doc.mentions):
        by_label.setdefault(mention.label, ([], []))[0].append(mention)
    for mention in _sorted_mentions(pred_doc.mentions):
        by_label.setdefault(mention.label, ([], []))[1].append(mention)
    return by_label


def mention_pairs(
    gold_doc: GoldDocument, pred_doc: PredDocument
) -> list[tuple[EvalMention, EvalMention]]:
    """Overlap-matched (gold, predicted) mention pairs of one document, as `score` pairs them."""
    pairs: list[tuple[EvalMention, EvalMention]] = []
    by_label = _by_label(gold_doc, pred_doc)
    for label in sorted(by_label):
        gold, pred = by_label[label]
        pairs.extend(_score_label(gold_doc.doc_id, gold_doc.text, gold, pred, ()).pairs)
    return pairs


def _score_document(
    gold_doc: GoldDocument, pred_doc: PredDocument, *, status: str, events_available: bool
) -> tuple[DocumentReport, list[ErrorItem]]:
    by_label = _by_label(gold_doc, pred_doc)
    labels: dict[str, LabelCounts] = {}
    errors: list[ErrorItem] = []
    mention_map: dict[str, str] = {}
    for label in sorted(by_label):
        gold, pred = by_label[label]
        result = _score_label(gold_doc.doc_id, gold_doc.text, gold, pred, gold_doc.mentions)
        labels[label] = result.counts
        errors.extend(result.errors)
        mention_map.update((p.id, g.id) for g, p in result.pairs)
    modality_scored = modality_correct = 0
    if events_available:
        result = _score_events(gold_doc, pred_doc, mention_map)
        events, arguments = result.events, result.arguments
        modality_scored, modality_correct = result.modality_scored, result.modality_correct
        errors.extend(result.errors)
    else:
        n_arguments = sum(len(e.arguments) for e in gold_doc.events)
        events = EventCounts(gold=len(gold_doc.events), pred=None, tp=None)
        arguments = EventCounts(gold=n_arguments, pred=None, tp=None)
    report = DocumentReport(
        doc_id=gold_doc.doc_id,
        status=status,
        labels=labels,
        events=events,
        arguments=arguments,
        pred_status=pred_doc.status if status == "scored" else None,
        modality_scored=modality_scored,
        modality_correct=modality_correct,
    )
    return report, errors


def available_labels(gold: Iterable[GoldDocument], predictions: Predictions) -> tuple[str, ...]:
    """Guideline labels first, then any other label the predictions use, sorted."""
    seen = {m.label for doc in gold for m in doc.mentions}
    seen |= {m.label for doc in predictions.documents.values() for m in doc.mentions}
    return LABELS + tuple(sorted(seen - set(LABELS)))


def score(
    gold: Sequence[GoldDocument],
    predictions: Predictions,
    labels: Sequence[str] | None = None,
) -> Report:
    """Score predictions against gold documents; `labels` restricts the labels reported.

    A document whose gold text hash differs from the prediction's source hash is excluded;
    a gold document without prediction counts as all false negatives; predicted documents
    absent from the gold are ignored. Raise ValueError for a label nobody uses.
    """
    known = available_labels(gold, predictions)
    if labels is None:
        selected = known
    else:
        unknown = [label for label in labels if label not in known]
        if unknown:
            raise ValueError(f"unknown label(s) {', '.join(unknown)}; known: {', '.join(known)}")
        selected = tuple(dict.fromkeys(labels))
    documents: dict[str, DocumentReport] = {}
    errors: list[ErrorItem] = []
    mismatched: list[MismatchedDocument] = []
    missing: list[str] = []
    for gold_doc in sorted(gold, key=lambda d: d.doc_id):
        pred_doc = predictions.documents.get(gold_doc.doc_id)
        status = "scored"
        if pred_doc is None:
            missing.append(gold_doc.doc_id)
            status = "missing"
            pred_doc = PredDocument(doc_id=gold_doc.doc_id, sha256="", status="missing")
        elif pred_doc.sha256 != gold_doc.sha256:
            mismatched.append(MismatchedDocument(gold_doc.doc_id, gold_doc.sha256, pred_doc.sha256))
            continue
        report, doc_errors = _score_document(
            gold_doc, pred_doc, status=status, events_available=predictions.has_events
        )
        documents[gold_doc.doc_id] = report
        errors.extend(doc_errors)
    gold_ids = {doc.doc_id for doc in gold}
    ignored = tuple(sorted(doc_id for doc_id in predictions.documents if doc_id not in gold_ids))
    label_order = {
        label: index for index, label in enumerate((*selected, EVENT_LABEL, ARGUMENT_LABEL))
    }
    category_order = {category: index for index, category in enumerate(ERROR_CATEGORIES)}
    kept = sorted(
        (error for error in errors if error.label in label_order),
        key=lambda e: (label_order[e.label], category_order[e.category], e.doc_id, e.start, e.end),
    )
    return Report(
        labels=selected,
        documents=documents,
        events_available=predictions.has_events,
        mismatched_documents=tuple(mismatched),
        missing_documents=tuple(missing),
        ignored_documents=ignored,
        errors=tuple(kept),
    )
