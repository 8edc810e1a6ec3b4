"""Run the pipeline over many documents: incremental, parallel (processes or Dask), atomic."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..consolidate.registries import build_registries
from ..errors import Errors
from ..ingest.reader import InputOptions, expand_inputs, read_inputs
from ..records import SourceDocument
from ..tables.schemas import SCHEMA_VERSION
from ..tables.store import OutputStore, checkpoint
from ..tables.writer import RunWriter, read_stored_documents
from .config import PipelineConfig, load_config
from .pipeline import DocumentOutput, Pipeline, error_output
from .workers import SupervisedPool

CHUNK_SIZE = 4  # documents per task handed to a worker

ENGINES = ("local", "dask")


@dataclass
class RunSummary:
    """What a run did, for the closing summary and for tests."""

    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0  # input files of an unsupported type, listed in `documents`
    sentences: int = 0
    events: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    input_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False
    pruned: int = 0
    notes: list[str] = field(default_factory=list)


# --- workers -------------------------------------------------------------------------------------

# Built pipelines of this process, most recent last: models and lexicons load once per process
# (and, with fork, once per run: pool workers inherit the parent's pipeline copy-on-write).
_PIPELINES: OrderedDict[tuple[str, str], Pipeline] = OrderedDict()
_KEEP_PIPELINES = 2
_WORKER_PIPELINE: Pipeline | None = None


def load_pipeline(config: PipelineConfig) -> Pipeline:
    """The warmed pipeline for `config` in this process, built on first use and then reused."""
    key = (str(config.path), config.fingerprint)
    pipeline = _PIPELINES.get(key)
    if pipeline is not None:
        _PIPELINES.move_to_end(key)
        return pipeline
    pipeline = Pipeline(config)
    # A component that cannot be built fails each document with an error row, as it does when
    # built lazily; raising here would make pool workers die and respawn forever.
    with contextlib.suppress(Exception):
        pipeline.warm_up()
    _PIPELINES[key] = pipeline
    while len(_PIPELINES) > _KEEP_PIPELINES:
        _PIPELINES.popitem(last=False)
    return pipeline


def _init_worker(config_path: str, fingerprint: str) -> None:
    global _WORKER_PIPELINE
    # Ctrl-C goes to the whole process group: the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inherited = _PIPELINES.get((config_path, fingerprint))
    _WORKER_PIPELINE = inherited or load_pipeline(load_config(config_path))


def _process_chunk_in_worker(sources: Sequence[SourceDocument]) -> list[DocumentOutput]:
    assert _WORKER_PIPELINE is not None, "worker initializer did not run"
    return [_WORKER_PIPELINE.process(source) for source in sources]


def _worker_died(source: SourceDocument, cause: str) -> DocumentOutput:
    return error_output(source, Errors.E051.format(path=source.source_path, cause=cause))


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _local_outputs(
    config: PipelineConfig, sources: Iterable[SourceDocument], workers: int
) -> Iterator[DocumentOutput]:
    if workers <= 1:
        pipeline = load_pipeline(config)
        for source in sources:
            yield pipeline.process(source)
        return
    import multiprocessing

    method = "fork" if os.name == "posix" else "spawn"
    if method == "fork":
        load_pipeline(config)  # loaded once here; the forked workers share it
    limit = config.limits.max_seconds_per_document
    pool = SupervisedPool(
        _process_chunk_in_worker,
        _worker_died,
        workers=workers,
        initializer=_init_worker,
        initargs=(str(config.path), config.fingerprint),
        chunk_size=CHUNK_SIZE,
        # Each document stops itself at `limit` (SIGALRM); this only catches a stuck worker.
        backstop=limit * CHUNK_SIZE * 2 + 60 if limit > 0 else None,
        mp_context=multiprocessing.get_context(method),
    )
    # Outputs come in input order, so the tables are the same as with one worker; only a
    # window of chunks is read ahead of the workers.
    yield from pool.map(sources)


def _dask_outputs(
    config: PipelineConfig,
    sources: Iterable[SourceDocument],
    workers: int,
    scheduler: str | None,
) -> Iterator[DocumentOutput]:
    from .dask_engine import dask_outputs

    yield from dask_outputs(config, sources, workers=workers, scheduler=scheduler)


# --- the run -------------------------------------------------------------------------------------


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    config: PipelineConfig | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    prune: bool = False,
    lock_timeout: float | None = None,
    on_document: Callable[[DocumentOutput], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_unchanged: Callable[[str], None] | None = None,
    read_options: InputOptions | None = None,
) -> RunSummary:
    """Process new or changed inputs into the tables of `out_dir`; unchanged ones are skipped.

    The whole run holds the output folder's lock (waiting up to `lock_timeout` seconds for
    another run) and publishes the next generation of every table in one step. Documents of
    earlier runs that are not among this run's inputs keep their rows unless `prune` is set.
    `read_options` say how to read the inputs (column names, metadata sheet, stdin format).
    """
    began = time.perf_counter()
    config = config or load_config()
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {ENGINES}")
    store = OutputStore(out_dir)
    summary = RunSummary()
    options = read_options or InputOptions()
    sheet = [options.metadata.path] if options.metadata is not None else []
    files, summary.input_errors = expand_inputs(inputs, exclude=[out_dir, *sheet])
    with store.locked(timeout=lock_timeout, on_wait=on_wait):
        store.recover()
        current, problem = store.current()
        if problem:
            summary.notes.append(f"previous tables did not verify ({problem}): rebuilt")
            summary.rebuilt = True
        previous = current.path if current is not None else None
        stored = read_stored_documents(previous) if previous is not None else {}
        replaced: set[str] = set()
        if stored and current is not None and current.fingerprint != config.fingerprint:
            # Code, config or lexicons changed: every stored row is stale, rebuild from inputs.
            replaced, stored, previous = set(stored), {}, None
            summary.rebuilt = True
        seen: set[str] = set()

        def pending() -> Iterator[SourceDocument]:
            for source in read_inputs(files, options):
                seen.add(source.doc_id)
                known = stored.get(source.doc_id)
                if known is not None and known.current and known.change_key == source.change_key:
                    summary.unchanged += 1
                    if on_unchanged is not None:
                        on_unchanged(source.doc_id)
                    continue
                yield source

        if engine == "local":
            outputs = _local_outputs(config, pending(), workers)
        else:
            outputs = _dask_outputs(config, pending(), workers, scheduler)
        target = store.begin()
        try:
            writer = RunWriter(target, config.fingerprint, config.config_hash)
            for output in outputs:
                writer.add(output.rows)
                if output.status == "skipped":
                    summary.skipped += 1
                    summary.skips.append(str(output.rows["documents"][0]["error"]))
                else:
                    summary.processed += 1
                if output.status == "error":
                    summary.failed += 1
                    summary.failures.append(str(output.rows["documents"][0]["error"]))
                summary.sentences += output.n_sentences
                summary.events += output.n_events
                summary.labels.update(output.labels)
                if on_document is not None:
                    on_document(output)
            if options.metadata is not None and (unmatched := options.metadata.unmatched()):
                path, first = options.metadata.path, unmatched[0]
                summary.notes.append(
                    Errors.E067.format(path=path, count=len(unmatched), first=first)
                )
            if prune:
                gone = set(stored) - seen
                replaced |= gone
                summary.pruned = len(gone)
            if current is not None and not writer.written_ids and not replaced:
                # Nothing new and nothing removed: the published generation stays as it is.
                writer.close()
                store.discard(target)
            else:
                checkpoint("staged")
                writer.publish(previous, drop=replaced)
                checkpoint("merged")
                build_registries(target, metadata=writer.metadata)
                checkpoint("registries")
                store.commit(
                    target,
                    fingerprint=config.fingerprint,
                    config_hash=config.config_hash,
                    package_version=__version__,
                    schema_version=SCHEMA_VERSION,
                )
        except BaseException:
            store.discard(target)
            raise
    summary.seconds = time.perf_counter() - began
    return summary
