"""The Python API: `extract.load()` turns text into spaCy Docs, `extract.to_tables()` into frames.

A Doc is a view of the same rows the Parquet tables are written from (one row builder,
`runner.pipeline.Analysis.rows`): every span of `doc.spans["mentions"]` is a mentions row, its
`span._` attributes are that row's columns, and its character offsets are offsets into the text
given, as in the tables. Importing this module registers the extension attributes and the
`vi_extract` spaCy factory; models load only in `load()` (or when the component is built).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .errors import Errors, InputError
from .records import Sentence, SourceDocument, Token
from .runner.pipeline import DocumentOutput
from .segment.spacy_doc import register_extensions

#: Name of the span group holding every mention (overlaps allowed) and of the event triggers.
MENTIONS = "mentions"
TRIGGERS = "triggers"
#: Columns of the mentions table exposed as `span._.<name>` on mention spans.
SPAN_ATTRIBUTES: tuple[str, ...] = (
    "mention_id",
    "value",
    "value_num",
    "kind",
    "mod",
    "unit",
    "total",
    "title",
    "source",
    "confidence",
)
SOURCE_PATH = "<text>"  # documents.source_path of a text given to the API

_ROWS_KEY = "extract.rows"  # doc.user_data: the document's table rows (what to_tables reads)
_MENTIONS_KEY = "extract.mention_rows"  # doc.user_data: (start, end, label) -> mentions row
_SPACE_TAG = "_SP"  # tag of whitespace tokens, as in the pipeline's own Doc


@dataclass(frozen=True, slots=True)
class DocEvent:
    """One event of `doc._.events`: an events row with its trigger and arguments as spans."""

    type: str
    trigger: Span
    modality: str
    arguments: tuple[tuple[str, Span], ...]
    event_id: str
    date_value: str | None
    confidence: float
    source: str


def _mention_attribute(name: str):
    def getter(span: Span) -> Any:
        rows = span.doc.user_data.get(_MENTIONS_KEY, {})
        row = rows.get((span.start_char, span.end_char, span.label_))
        return None if row is None else row.get(name)

    return getter


def register_api_extensions() -> None:
    """Register `span._.value` and the other mention attributes; safe to call more than once.

    Getters read the document's mention rows by (offsets, label), so two mentions on the same
    characters with different labels keep their own values (spaCy's default storage keys span
    attributes by offsets alone).
    """
    register_extensions()
    for name in SPAN_ATTRIBUTES:
        Span.set_extension(name, getter=_mention_attribute(name), force=True)


register_api_extensions()


# --- building the Doc ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Annotated:
    """What a worker sends back for one text: its rows and its words in original offsets."""

    text: str
    rows: dict[str, list[dict[str, Any]]]
    tokens: tuple[Token, ...]


def _annotate(runner: Any, source: SourceDocument) -> Annotated:
    analysis = runner.analyze(source)
    output: DocumentOutput = analysis.rows()
    normalized = analysis.normalized
    tokens = []
    for sentence_tokens in analysis.tokens:
        for token in sentence_tokens:
            start, end = normalized.to_original(token.start, token.end)
            tokens.append(Token(start, end, normalized.original[start:end], token.pos))
    return Annotated(normalized.original, output.rows, tuple(tokens))


def _pieces(
    text: str, tokens: Sequence[Token], sentence_starts: set[int], starts: set[int], ends: set[int]
) -> tuple[list[str], list[bool], list[str], list[bool]]:
    """Words, trailing spaces, tags and sentence starts of a Doc whose text is `text` exactly.

    Words are the tokenizer's words, cut further wherever a span starts or ends, so that every
    mention and trigger is a whole number of tokens and keeps its exact character offsets.
    A single space after a word becomes its trailing space unless a span starts on it or
    ends after it; other whitespace is a token of its own, as in spaCy's tokenizer.
    """
    cuts = {0, len(text)} | sentence_starts | starts | ends
    for token in tokens:
        cuts.add(token.start)
        cuts.add(token.end)
    token_starts = [t.start for t in tokens]
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    sent: list[bool] = []
    pending_start = True

    def add_space(begin: int, end: int) -> None:
        gap = text[begin:end]
        foldable = gap == " " and words and not words[-1].isspace() and not spaces[-1]
        if foldable and begin not in starts and end not in ends:
            spaces[-1] = True
            return
        words.append(gap)
        spaces.append(False)
        tags.append(_SPACE_TAG)
        sent.append(False)

    def add_word(begin: int, end: int) -> None:
        nonlocal pending_start
        i = bisect.bisect_right(token_starts, begin) - 1
        inside = i >= 0 and tokens[i].start <= begin and end <= tokens[i].end
        words.append(text[begin:end])
        spaces.append(False)
        tags.append(tokens[i].pos if inside else "X")
        sent.append(pending_start)
        pending_start = False

    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    for begin, end in itertools.pairwise(ordered):
        if begin in sentence_starts:
            pending_start = True
        piece = text[begin:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if lead == len(piece):
            add_space(begin, end)
            continue
        if lead:
            add_space(begin, begin + lead)
        add_word(begin + lead, end - trail)
        if trail:
            add_space(end - trail, end)
    if sent:
        sent[0] = True
    return words, spaces, tags, sent


def build_public_doc(vocab: Vocab, annotated: Annotated) -> Doc:
    """The API's Doc for one annotated text: spans, entities and events from its rows."""
    text, rows = annotated.text, annotated.rows
    mention_rows = rows.get("mentions", [])
    event_rows = rows.get("events", [])
    sentence_rows = rows.get("sentences", [])
    starts = {r["start"] for r in mention_rows} | {r["trigger_start"] for r in event_rows}
    ends = {r["end"] for r in mention_rows} | {r["trigger_end"] for r in event_rows}
    sentence_starts = {r["start"] for r in sentence_rows}
    words, spaces, tags, sent = _pieces(text, annotated.tokens, sentence_starts, starts, ends)
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, sent_starts=sent or None)
    document = rows["documents"][0]
    doc._.text = text
    doc._.doc_id = document["doc_id"]
    doc._.published = document["published"]
    doc._.sentences = [
        Sentence(r["sentence_id"], r["start"], r["end"], r["paragraph"]) for r in sentence_rows
    ]
    doc.user_data[_ROWS_KEY] = rows
    doc.user_data[_MENTIONS_KEY] = {(r["start"], r["end"], r["label"]): r for r in mention_rows}
    spans: dict[str, Span] = {}
    for r in mention_rows:
        spans[r["mention_id"]] = _span(doc, r["start"], r["end"], r["label"])
    doc.spans[MENTIONS] = list(spans.values())
    doc.ents = filter_spans(spans.values())
    arguments: dict[str, list[tuple[str, Span]]] = {}
    for a in rows.get("event_arguments", []):
        arguments.setdefault(a["event_id"], []).append((a["role"], spans[a["mention_id"]]))
    events = []
    for e in event_rows:
        trigger = _span(doc, e["trigger_start"], e["trigger_end"], e["type"])
        events.append(
            DocEvent(
                type=e["type"],
                trigger=trigger,
                modality=e["modality"],
                arguments=tuple(arguments.get(e["event_id"], ())),
                event_id=e["event_id"],
                date_value=e["date_value"],
                confidence=e["confidence"],
                source=e["source"],
            )
        )
    doc.spans[TRIGGERS] = [event.trigger for event in events]
    doc._.events = events
    return doc


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = doc.char_span(start, end, label=label)
    if span is None:  # cannot happen: _pieces cuts the words at every span boundary
        raise AssertionError(f"span {start}:{end} {label} does not align with the Doc's tokens")
    return span


# --- the pipeline --------------------------------------------------------------------------------


def _published(value: date | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(Errors.E096.format(value=value))


def _source(text: object, published: date | str | None, doc_id: str | None) -> SourceDocument:
    if not isinstance(text, str):
        raise InputError(Errors.E095.format(type=type(text).__name__))
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if doc_id is None:
        doc_id = f"text-{sha256[:16]}"  # the same text gets the same ids in every run
    elif not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(Errors.E099.format(value=doc_id))
    day = _published(published)
    return SourceDocument(
        doc_id=doc_id,
        source_path=SOURCE_PATH,
        sha256=sha256,
        text=text,
        published=day,
        published_from="metadata" if day else None,
    )


_WORKER: Any = None  # the runner pipeline of a `pipe(n_process>1)` worker process
_HAS_FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()


def _init_worker(config_path: str) -> None:
    global _WORKER
    from .runner.config import load_config
    from .runner.engine import load_pipeline

    _WORKER = load_pipeline(load_config(config_path))


def _annotate_in_worker(source: SourceDocument) -> Annotated:
    return _annotate(_WORKER, source)


class Pipeline:
    """The configured extraction pipeline, models loaded once: text in, spaCy Doc out."""

    def __init__(self, config: str | Path | None = None, *, vocab: Vocab | None = None) -> None:
        from .runner.config import load_config
        from .runner.engine import load_pipeline

        self.config = load_config(config)
        self._runner = load_pipeline(self.config)  # warmed: models and lexicons are loaded
        self.vocab: Vocab = vocab if vocab is not None else self._runner.nlp.vocab

    def __call__(
        self, text: str, *, published: date | str | None = None, doc_id: str | None = None
    ) -> Doc:
        """Extract from one text; `published` anchors relative dates (else the text's header)."""
        source = _source(text, published, doc_id)
        return build_public_doc(self.vocab, _annotate(self._runner, source))

    def pipe(
        self,
        texts: Iterable[Any],
        *,
        as_tuples: bool = False,
        n_process: int = 1,
        batch_size: int = 16,
    ) -> Iterator[Any]:
        """Docs for a stream of texts, in order (spaCy's convention).

        With `as_tuples`, items are `(text, context)` and `(doc, context)` pairs come out; a
        context dict may give the text's `doc_id` and `published`. `n_process` > 1 (-1: all
        cores) starts worker processes that each load the models once (in a script, call it
        under `if __name__ == "__main__":`); a worker gets `batch_size` texts at a time.
        """
        items = iter(texts)
        contexts: deque[Any] = deque()

        def sources() -> Iterator[SourceDocument]:
            for item in items:
                if as_tuples:
                    text, context = item
                    contexts.append(context)
                    given = context if isinstance(context, Mapping) else {}
                    yield _source(text, given.get("published"), given.get("doc_id"))
                else:
                    yield _source(item, None, None)

        def results(annotated: Iterable[Annotated]) -> Iterator[Any]:
            for one in annotated:
                doc = build_public_doc(self.vocab, one)
                yield (doc, contexts.popleft()) if as_tuples else doc

        if n_process == -1:
            from .runner.engine import default_workers

            n_process = default_workers()
        if n_process <= 1:
            yield from results(_annotate(self._runner, source) for source in sources())
            return
        # Not fork: the caller's process may run threads (pyarrow's allocator, DuckDB's pool
        # after a query in the same notebook), and a child forked from it can deadlock on a lock
        # one of them held. Workers start from a clean server process and load the models once.
        context = multiprocessing.get_context("forkserver" if _HAS_FORKSERVER else "spawn")
        initargs = (str(self.config.path),)
        with context.Pool(n_process, initializer=_init_worker, initargs=initargs) as pool:
            chunks = max(1, batch_size)
            yield from results(pool.imap(_annotate_in_worker, sources(), chunksize=chunks))

    def __repr__(self) -> str:
        return f"extract.Pipeline({self.config.name!r}, stages={list(self.config.stages)})"


def load(config: str | Path | None = None) -> Pipeline:
    """The pipeline of `config` (default: the packaged `pipeline/pipeline.toml`), models loaded."""
    return Pipeline(config)


# --- tables --------------------------------------------------------------------------------------


def to_tables(docs: Iterable[Doc]) -> dict[str, Any]:
    """pandas DataFrames of every table for `docs`, with the Parquet tables' schemas."""
    import pyarrow as pa

    from .consolidate.registries import build_agreements, build_entities, build_stories
    from .tables.schemas import DOCUMENT_TABLES

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in DOCUMENT_TABLES}
    seen: set[str] = set()
    for doc in docs:
        doc_rows: Mapping[str, list[dict[str, Any]]] | None = doc.user_data.get(_ROWS_KEY)
        if doc_rows is None:
            raise InputError(Errors.E097)
        doc_id = doc_rows["documents"][0]["doc_id"]
        if doc_id in seen:
            raise InputError(Errors.E098.format(doc_id=doc_id))
        seen.add(doc_id)
        for name in DOCUMENT_TABLES:
            rows[name].extend(doc_rows.get(name, ()))
    frames = {
        name: pa.Table.from_pylist(rows[name], schema=schema).to_pandas()
        for name, schema in DOCUMENT_TABLES.items()
    }
    frames["entities"] = build_entities(frames["mentions"], frames["documents"]).to_pandas()
    frames["agreements"] = build_agreements(
        frames["mentions"],
        frames["documents"],
        frames["events"],
        frames["event_arguments"],
        frames["sentences"],
    ).to_pandas()
    frames["stories"] = build_stories(
        frames["mentions"], frames["documents"], frames["events"], frames["event_arguments"]
    ).to_pandas()
    return frames


# --- the spaCy way -------------------------------------------------------------------------------


class ExtractComponent:
    """`nlp.add_pipe("vi_extract")`: the whole extract pipeline as one spaCy component.

    extract segments Vietnamese words with underthesea, so the component returns a new Doc
    over the same text (with extract's words, spans, entities and events) in place of the one
    it is given: add it first, before components that annotate tokens.
    """

    def __init__(self, vocab: Vocab, config: str) -> None:
        self._pipeline = Pipeline(config or None, vocab=vocab)

    def __call__(self, doc: Doc) -> Doc:
        """Extract from `doc.text`; `doc._.doc_id` and `doc._.published` are used when set."""
        return self._pipeline(doc.text, published=doc._.published, doc_id=doc._.doc_id)


@Language.factory("vi_extract", default_config={"config": ""})
def make_extract(nlp: Language, name: str, *, config: str) -> ExtractComponent:
    """The extract pipeline as a component; `config` is a pipeline.toml ("" = the packaged one)."""
    return ExtractComponent(nlp.vocab, config)
