"""Run the pipeline over many documents: incremental, parallel (processes or Dask), atomic."""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..consolidate.registries import build_registries
from ..errors import Errors, OutputError, OutputLockedError
from ..ingest.reader import InputOptions, expand_inputs, read_inputs
from ..records import SourceDocument
from ..tables.writer import RunWriter, read_fingerprint, read_stored_documents
from .config import PipelineConfig, load_config
from .pipeline import DocumentOutput, Pipeline

ENGINES = ("local", "dask")
LOCK_NAME = ".lock"  # hidden: input folders ignore dot-files, readers never see it


@dataclass
class RunSummary:
    """What a run did, for the closing summary and for tests."""

    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0  # input files of an unsupported type, listed in `documents`
    pruned: int = 0
    sentences: int = 0
    events: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    input_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False


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
    inherited = _PIPELINES.get((config_path, fingerprint))
    _WORKER_PIPELINE = inherited or load_pipeline(load_config(config_path))


def _process_in_worker(source: SourceDocument) -> DocumentOutput:
    assert _WORKER_PIPELINE is not None, "worker initializer did not run"
    return _WORKER_PIPELINE.process(source)


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
    context = multiprocessing.get_context(method)
    initargs = (str(config.path), config.fingerprint)
    with context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        # imap keeps input order, so the tables come out the same as with one worker; the task
        # pipe blocks when full, so only a few documents are read ahead of the workers.
        yield from pool.imap(_process_in_worker, sources, chunksize=4)


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
    on_document: Callable[[DocumentOutput], None] | None = None,
    on_unchanged: Callable[[str], None] | None = None,
    read_options: InputOptions | None = None,
    prune: bool = False,
    lock_timeout: float | None = None,
) -> RunSummary:
    """Process new or changed inputs into the tables of `out_dir`; unchanged ones are skipped.

    With `prune`, documents of earlier runs absent from these inputs lose their rows; without
    it they are kept. `lock_timeout` is how long to wait for another run's output lock.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(Errors.E069.format(path=out))
    with output_lock(out, 600.0 if lock_timeout is None else lock_timeout):
        return _run(
            inputs,
            out,
            config=config,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            on_document=on_document,
            on_unchanged=on_unchanged,
            read_options=read_options,
            prune=prune,
        )


@contextlib.contextmanager
def output_lock(out: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on `out` (waiting up to `timeout` s); OutputLockedError after.

    An flock is released by the kernel when its holder dies, so a killed run leaves no stale
    lock behind.
    """
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / LOCK_NAME).open("a+b")
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    deadline = time.monotonic() + max(0.0, timeout)
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputLockedError(
                        f"{out}: another run holds the output folder; waited {timeout:g} s "
                        "(raise --wait, or wait for it to finish)"
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        handle.close()


def _run(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    config: PipelineConfig | None,
    workers: int,
    engine: str,
    scheduler: str | None,
    on_document: Callable[[DocumentOutput], None] | None,
    on_unchanged: Callable[[str], None] | None,
    read_options: InputOptions | None,
    prune: bool,
) -> RunSummary:
    began = time.perf_counter()
    config = config or load_config()
    summary = RunSummary()
    options = read_options or InputOptions()
    sheet = [options.metadata.path] if options.metadata is not None else []
    files, summary.input_errors = expand_inputs(inputs, exclude=[out, *sheet])
    stored = read_stored_documents(out)
    replaced: set[str] = set()
    if stored and read_fingerprint(out) != config.fingerprint:
        # Code, config or lexicons changed: every stored row is stale, rebuild from the inputs.
        replaced = set(stored)
        stored = {}
        summary.rebuilt = True

    seen: set[str] = set()

    def pending() -> Iterator[SourceDocument]:
        for source in read_inputs(files, options):
            seen.add(source.doc_id)
            known = stored.get(source.doc_id)
            if known is not None and known.sha256 == source.sha256:
                summary.unchanged += 1
                if on_unchanged is not None:
                    on_unchanged(source.doc_id)
                continue
            yield source

    if engine == "local":
        outputs = _local_outputs(config, pending(), workers)
    elif engine == "dask":
        outputs = _dask_outputs(config, pending(), workers, scheduler)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose from {ENGINES}")
    writer = RunWriter(out, config.fingerprint)
    try:
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
    except BaseException:
        writer.abort()
        raise
    if options.metadata is not None and (unmatched := options.metadata.unmatched()):
        summary.warnings.append(
            Errors.E067.format(path=options.metadata.path, count=len(unmatched), first=unmatched[0])
        )
    if prune:
        gone = set(stored) - seen
        summary.pruned = len(gone)
        replaced |= gone
    writer.publish(replaced=replaced)
    build_registries(out)
    summary.seconds = time.perf_counter() - began
    return summary
