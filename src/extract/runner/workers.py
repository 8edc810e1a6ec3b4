"""A supervised process pool: documents in, outputs out in input order, whatever a worker does.

`multiprocessing.Pool` waits forever when a worker dies (OOM killer, native crash). Here
`concurrent.futures.ProcessPoolExecutor` reports a dead worker as `BrokenProcessPool`; the
documents that were in flight are then retried one per task in a fresh pool, and a document that
kills its worker again gets an error row. A worker that stops answering (stuck in native code,
past its own SIGALRM limit) is killed after a backstop timeout and handled the same way.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from ..records import SourceDocument
from .pipeline import DocumentOutput

ChunkFunction = Callable[[Sequence[SourceDocument]], list[DocumentOutput]]
FailFunction = Callable[[SourceDocument, str], DocumentOutput]


@dataclass
class _Task:
    sources: list[SourceDocument]
    future: Future
    isolated: bool


class SupervisedPool:
    """Run `function` over chunks of documents in `workers` processes, supervised.

    `fail(source, cause)` builds the error output of a document whose worker died twice.
    `backstop` is the longest wait, in seconds, for the oldest task before its workers are
    presumed stuck and killed (None: wait as long as it takes).
    """

    def __init__(
        self,
        function: ChunkFunction,
        fail: FailFunction,
        *,
        workers: int,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        chunk_size: int = 4,
        backstop: float | None = None,
        mp_context: Any = None,
    ) -> None:
        self.function = function
        self.fail = fail
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.chunk_size = chunk_size
        self.backstop = backstop
        self.mp_context = mp_context
        self.restarts = 0
        self._executor: ProcessPoolExecutor | None = None
        self._seen: dict[int, Any] = {}  # the current pool's processes, kept past its break

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=self.mp_context,
                initializer=self.initializer,
                initargs=self.initargs,
            )
        return self._executor

    def _exit_causes(self) -> str:
        """How the pool's processes ended (best effort: the executor does not say).

        The executor terminates the surviving workers of a broken pool itself, so SIGTERM is
        reported only when nothing else explains the break.
        """
        causes = []
        for process in self._seen.values():
            process.join(timeout=1)
            code = process.exitcode
            if code is not None and code < 0:
                try:
                    causes.append(f"killed by {signal.Signals(-code).name}")
                except ValueError:
                    causes.append(f"killed by signal {-code}")
            elif code:
                causes.append(f"exit status {code}")
        own = [c for c in causes if c != "killed by SIGTERM"] or causes
        return ", ".join(sorted(set(own))) or "the worker process died"

    def _kill_workers(self) -> None:
        for process in list(self._seen.values()):
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)

    def _reset(self) -> None:
        if self._executor is not None:
            self._kill_workers()
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = None
        self._seen = {}
        self.restarts += 1

    def close(self) -> None:
        """Stop the workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def map(self, sources: Iterable[SourceDocument]) -> Iterator[DocumentOutput]:
        """Outputs of every document in input order; the iterator always ends."""
        window = max(2, self.workers * 2)
        tasks: deque[_Task] = deque()
        iterator = iter(sources)
        exhausted = False
        retry: deque[SourceDocument] = deque()
        finished = False
        try:
            while True:
                if retry:
                    # Suspects run one at a time, so that a pool that breaks names its culprit.
                    if not tasks:
                        tasks.append(self._submit([retry.popleft()], isolated=True))
                else:
                    while not exhausted and len(tasks) < window:
                        chunk = [s for _, s in zip(range(self.chunk_size), iterator, strict=False)]
                        if not chunk:
                            exhausted = True
                            break
                        tasks.append(self._submit(chunk, isolated=False))
                if not tasks:
                    finished = True
                    return
                task = tasks[0]
                try:
                    outputs = task.future.result(timeout=self.backstop)
                except FutureTimeout:
                    self._kill_workers()
                    outputs = None
                    cause = f"no answer within {self.backstop:g} s; killed"
                except BrokenProcessPool:
                    outputs = None
                    cause = self._exit_causes()
                except Exception as exc:  # e.g. a result that cannot be pickled back
                    tasks.popleft()
                    if task.isolated:
                        yield self.fail(task.sources[0], f"{type(exc).__name__}: {exc}")
                    else:
                        retry.extend(task.sources)
                    continue
                if outputs is not None:
                    tasks.popleft()
                    yield from outputs
                    continue
                # The pool is gone and every task in flight failed with it. A suspect runs
                # alone, so if it was the one in flight it is the culprit; otherwise all the
                # documents in flight become suspects, to be retried one at a time.
                pending = list(tasks)
                tasks.clear()
                self._reset()
                if task.isolated:
                    yield self.fail(task.sources[0], cause)
                    continue
                retry.extendleft(reversed([s for t in pending for s in t.sources]))
        finally:
            if not finished:  # interrupted or abandoned: don't wait for documents in flight
                self._kill_workers()
            self.close()

    def _submit(self, chunk: list[SourceDocument], *, isolated: bool) -> _Task:
        try:
            future = self._pool().submit(self.function, chunk)
        except BrokenProcessPool:
            self._reset()
            future = self._pool().submit(self.function, chunk)
        # Workers start on demand; remember them while the executor still lists them.
        self._seen.update(getattr(self._executor, "_processes", None) or {})
        return _Task(chunk, future, isolated)
