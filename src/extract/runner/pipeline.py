"""Build the pipeline from its config and run it on one document: text in, table rows out."""

from __future__ import annotations

import bisect
import contextlib
import json
import signal
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import spacy
from spacy.language import Language

from ..errors import ConfigError, Errors
from ..ingest.normalize import NormalizedText, normalize_text
from ..ingest.published import detect_published
from ..normalize.timex import bounds_columns
from ..normalize.values import fold_key, mention_value
from ..records import Event, Mention, Sentence, SourceDocument, Token
from ..segment.sentences import split_sentences, underthesea_splitter
from ..segment.spacy_doc import build_doc, register_extensions
from ..segment.tokens import tokenize, underthesea_tagger
from .config import PipelineConfig
from .stages import STAGES, import_components

_TEXT_STAGES = {"normalize", "published", "sentences", "tokens", "doc"}
#: Labels whose value is a name: they get a folded `value_key` the registries group by.
NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "PER", "AGREEMENT"})
_NO_BOUNDS = bounds_columns(None)


@dataclass
class DocumentOutput:
    """Rows of every table for one document, plus counters for the run summary."""

    doc_id: str
    status: str
    rows: dict[str, list[dict[str, Any]]]
    labels: Counter[str] = field(default_factory=Counter)
    n_sentences: int = 0
    n_events: int = 0
    seconds: float = 0.0


@dataclass
class Analysis:
    """What the stages found in one document, in normalized-text offsets, before rows are built.

    `rows()` is the one row builder of the tables; the Python API builds its Doc from the same.
    """

    source: SourceDocument
    normalized: NormalizedText
    sentences: list[Sentence]
    tokens: list[list[Token]]
    mentions: list[Mention]
    events: list[Event]
    published: date | None
    published_source: str | None

    def rows(self) -> DocumentOutput:
        """The rows of every table for this document (offsets into the original text)."""
        return _rows(
            self.source,
            self.normalized,
            self.sentences,
            self.mentions,
            self.events,
            self.published,
            self.published_source,
        )


def mention_id(doc_id: str, label: str, start: int, end: int) -> str:
    """Stable mention key: the same span and label give the same id in every run."""
    return f"{doc_id}:{label}:{start}-{end}"


def event_id(doc_id: str, event_type: str, start: int, end: int) -> str:
    """Stable event key: one event per (type, trigger span)."""
    return f"{doc_id}:{event_type}:{start}-{end}"


class Pipeline:
    """The configured chain of stages; heavy models and lexicons load on first use."""

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self._nlp: Language | None = None
        self._splitter = None
        self._tagger = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline of Doc components, built once per process."""
        if self._nlp is None:
            self._nlp = self._build()
        return self._nlp

    def _build(self) -> Language:
        import_components()
        register_extensions()
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
        for stage in self.config.stages:
            if stage in _TEXT_STAGES:
                continue
            factory = STAGES[stage].factory
            if factory is None or not nlp.has_factory(factory):
                raise ConfigError(Errors.E027.format(stage=stage, factory=factory))
            settings = {"lexicon_dir": str(self.config.lexicon_dir)}
            settings.update(self.config.stage_settings(stage))
            nlp.add_pipe(factory, name=stage, config=settings)
        return nlp

    def _text_tools(self) -> None:
        if self._splitter is None:
            self._splitter = underthesea_splitter()
            self._tagger = underthesea_tagger()

    def warm_up(self) -> None:
        """Load every model and lexicon now (once per worker process)."""
        _ = self.nlp
        self._text_tools()
        self.process(
            SourceDocument("warm-up", "<warm-up>", "", "Hà Nội, ngày 1/1/2020. Bộ Nội vụ họp.")
        )

    def process(self, source: SourceDocument) -> DocumentOutput:
        """Run every stage on one document; failures become an error row, never an exception."""
        began = time.perf_counter()
        if source.error is not None or source.text is None:
            return error_output(source, source.error or "no text", began)
        limits = self.config.limits
        if len(source.text) > limits.max_document_chars:
            message = Errors.E053.format(
                path=source.source_path, chars=len(source.text), limit=limits.max_document_chars
            )
            return error_output(source, message, began)
        try:
            with time_limit(limits.max_seconds_per_document):
                output = self._process(source)
        except DocumentTimeout:
            message = Errors.E052.format(
                path=source.source_path, seconds=limits.max_seconds_per_document
            )
            return error_output(source, message, began)
        except Exception as exc:  # one bad document must not stop the run
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            message = Errors.E050.format(path=source.source_path, detail=detail)
            return error_output(source, message, began)
        output.seconds = time.perf_counter() - began
        return output

    def _process(self, source: SourceDocument) -> DocumentOutput:
        return self.analyze(source).rows()

    def analyze(self, source: SourceDocument) -> Analysis:
        """Run every stage on one document's text; unlike `process`, failures raise."""
        self._text_tools()
        original = source.text or ""
        stages = self.config.stages
        normalized = normalize_text(original) if "normalize" in stages else _identity(original)
        text = normalized.text
        published, published_source = source.published, source.published_from
        if published is None and "published" in stages:
            published, _span = detect_published(text)
            published_source = "header" if published else None
        sentences = split_sentences(
            text,
            splitter=self._splitter,
            max_paragraph_chars=self.config.limits.max_paragraph_chars,
            max_sentence_chars=self.config.limits.max_sentence_chars,
        )
        tokens = [tokenize(text, s.start, s.end, tagger=self._tagger) for s in sentences]
        doc = build_doc(
            self.nlp.vocab, text, sentences, tokens, doc_id=source.doc_id, published=published
        )
        doc._.tokens = tokens
        for _name, component in self.nlp.pipeline:
            doc = component(doc)
        return Analysis(
            source,
            normalized,
            sentences,
            tokens,
            doc._.mentions,
            doc._.events,
            published,
            published_source,
        )


class DocumentTimeout(Exception):
    """The time limit of one document ran out."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread after `seconds` of wall time (0: no limit).

    Uses SIGALRM, so the limit holds in the main thread of a process (one-process runs and
    pool workers); elsewhere (threads, Dask workers) the body runs unlimited.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    # After it first fires the timer repeats: an exception raised where Python swallows it
    # (a `__del__`, a callback) is raised again a moment later instead of being lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _identity(text: str) -> NormalizedText:
    positions = tuple(range(len(text)))
    return NormalizedText(text, text, positions, tuple(p + 1 for p in positions))


def _document_row(source: SourceDocument, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": source.doc_id,
        "source_path": source.source_path,
        "sha256": source.sha256,
        "change_key": source.change_key,
        "title": source.title,
        "url": source.url,
        "published": source.published,
        "published_source": source.published_from,
        "n_chars": len(source.text or ""),
        "n_sentences": 0,
        "n_mentions": 0,
        "n_events": 0,
        "status": "ok",
        "error": None,
        "input_format": source.input_format,
        "text": source.text,
        "meta": json.dumps(source.meta, ensure_ascii=False, default=str) if source.meta else None,
    }
    row.update(values)
    return row


def error_output(
    source: SourceDocument, message: str, began: float | None = None
) -> DocumentOutput:
    """The output of a document that failed (or was skipped): its documents row, nothing else."""
    status = "skipped" if source.skipped else "error"
    row = _document_row(source, status=status, error=message)
    output = DocumentOutput(source.doc_id, status, {"documents": [row]})
    output.seconds = time.perf_counter() - began if began is not None else 0.0
    return output


def _title(original: str) -> str | None:
    for line in original.splitlines():
        if line := line.replace("\ufeff", "").strip():
            return line[:300]
    return None


def _rows(
    source: SourceDocument,
    normalized: NormalizedText,
    sentences: list,
    mentions: list[Mention],
    events: list[Event],
    published: Any,
    published_source: str | None,
) -> DocumentOutput:
    original = normalized.original
    doc_id = source.doc_id
    sentence_rows = []
    starts = []
    for s in sentences:
        o_start, o_end = normalized.to_original(s.start, s.end)
        starts.append(s.start)
        sentence_rows.append(
            {
                "doc_id": doc_id,
                "sentence_id": s.index,
                "paragraph": s.paragraph,
                "start": o_start,
                "end": o_end,
                "text": original[o_start:o_end],
            }
        )
    mention_rows = []
    ids: list[str] = []
    surfaces: list[str] = []
    # The one value of each mention: its row and every argument row repeating it use this.
    values = [mention_value(m.value) for m in mentions]
    labels: Counter[str] = Counter()
    for m, value in zip(mentions, values, strict=True):
        o_start, o_end = normalized.to_original(m.start, m.end)
        mid = mention_id(doc_id, m.label, o_start, o_end)
        ids.append(mid)
        surfaces.append(original[o_start:o_end])
        labels[m.label] += 1
        value_num = m.value if isinstance(m.value, int | float) else None
        mention_rows.append(
            {
                "doc_id": doc_id,
                "mention_id": mid,
                "sentence_id": max(0, bisect.bisect_right(starts, m.start) - 1),
                "start": o_start,
                "end": o_end,
                "label": m.label,
                "text": surfaces[-1],
                "value": value,
                "value_key": fold_key(value) if value and m.label in NAME_LABELS else None,
                "value_num": float(value_num) if value_num is not None else None,
                "kind": m.kind,
                "mod": m.mod,
                "unit": m.unit,
                "total": m.total,
                "title": m.title,
                **(bounds_columns(value) if m.label == "DATE" else _NO_BOUNDS),
                "source": m.source,
                "confidence": m.confidence,
            }
        )
    mention_rows.sort(key=lambda r: (r["start"], r["end"], r["label"]))
    event_rows = []
    argument_rows = []
    for e in events:
        o_start, o_end = normalized.to_original(e.trigger_start, e.trigger_end)
        eid = event_id(doc_id, e.type, o_start, o_end)
        time_args = [a for a in e.arguments if a.role == "time"]
        date_value = values[time_args[0].mention_index] if time_args else None
        date_source = "argument" if time_args else None
        if date_value is None and published is not None:
            date_value, date_source = published.isoformat(), "publication"
        event_rows.append(
            {
                "doc_id": doc_id,
                "event_id": eid,
                "sentence_id": e.sentence_index,
                "type": e.type,
                "trigger_start": o_start,
                "trigger_end": o_end,
                "trigger_text": original[o_start:o_end],
                "date_value": date_value,
                "date_source": date_source,
                **bounds_columns(date_value),
                "modality": e.modality,
                "confidence": e.confidence,
                "source": e.source,
            }
        )
        for a in e.arguments:
            m = mentions[a.mention_index]
            argument_rows.append(
                {
                    "doc_id": doc_id,
                    "event_id": eid,
                    "role": a.role,
                    "mention_id": ids[a.mention_index],
                    "label": m.label,
                    "value": values[a.mention_index],
                    "text": surfaces[a.mention_index],
                }
            )
    event_rows.sort(key=lambda r: (r["trigger_start"], r["type"]))
    argument_rows.sort(key=lambda r: (r["event_id"], r["role"], r["mention_id"]))
    document = _document_row(
        source,
        title=source.title or _title(original),
        published=published,
        published_source=published_source,
        n_sentences=len(sentence_rows),
        n_mentions=len(mention_rows),
        n_events=len(event_rows),
    )
    return DocumentOutput(
        doc_id,
        "ok",
        {
            "documents": [document],
            "sentences": sentence_rows,
            "mentions": mention_rows,
            "events": event_rows,
            "event_arguments": argument_rows,
        },
        labels=labels,
        n_sentences=len(sentence_rows),
        n_events=len(event_rows),
    )
