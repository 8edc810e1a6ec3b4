"""Run progress for people and for logs, and the closing summary table of `extract run`.

On a terminal: a rich bar with total, rate and ETA. Otherwise (CI, pipes, log files): one plain
line every `interval` seconds, so a long run is visibly alive without flooding the log.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ..ingest.formats import TABULAR_READERS
from ..ingest.reader import InputFile, InputOptions, expand_inputs, split_name
from .engine import RunSummary

#: Tabular bytes that `count_documents` reads at most before giving up on a total.
COUNT_BYTES = 256 * 1024 * 1024


def count_documents(files: Iterable[InputFile]) -> int | None:
    """How many documents the inputs hold, cheaply (None when unknown, e.g. standard input).

    Parquet row counts come from the footer; JSONL counts non-blank lines; CSV/TSV count
    records (up to `COUNT_BYTES` of them in all); any other file is one document.
    """
    total = 0
    budget = COUNT_BYTES
    for item in files:
        if item.path is None:
            return None
        fmt = item.format
        if fmt not in TABULAR_READERS:
            total += 1
            continue
        if fmt != "parquet" or split_name(item.path.name)[2]:
            budget -= item.path.stat().st_size if item.path.exists() else 0
            if budget < 0:  # counting would re-read too much: the bar goes without a total
                return None
        try:
            total += _count_records(item.path, fmt)
        except Exception:  # counting is a courtesy: the read itself reports the problem
            total += 1
    return total


def _count_records(path: Path, fmt: str) -> int:
    import gzip

    if fmt == "parquet" and not split_name(path.name)[2]:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    opener: Any = gzip.open if split_name(path.name)[2] else open
    if fmt == "jsonl":
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    if fmt == "parquet":
        import io

        import pyarrow.parquet as pq

        with opener(path, "rb") as handle:
            return pq.ParquetFile(io.BytesIO(handle.read())).metadata.num_rows
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:
        delimiter = "\t" if fmt == "tsv" else ","
        return max(0, sum(1 for _ in csv.reader(handle, delimiter=delimiter)) - 1)


def estimate_total(inputs: Iterable[str | Path], options: InputOptions, out: Path) -> int | None:
    """Documents the run will see (for the progress total), or None when unknown."""
    sheet = [options.metadata.path] if options.metadata is not None else []
    files, _errors = expand_inputs(inputs, exclude=[out, *sheet])
    return count_documents(files)


def _fmt_seconds(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class RunProgress:
    """Counts documents as they complete (processed or unchanged) and shows it.

    Use as a context manager; `advance()` once per document.
    """

    def __init__(
        self, total: int | None, *, terminal: bool, stream: IO[str], interval: float = 10.0
    ) -> None:
        self.total = total
        self.terminal = terminal
        self.stream = stream
        self.interval = interval
        self.done = 0
        self._began = time.monotonic()
        self._last_log = self._began
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> RunProgress:
        if self.terminal:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                SpinnerColumn(),
                MofNCompleteColumn(),
                TextColumn("documents"),
                BarColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("run", total=self.total, rate="")
        return self

    def rate(self) -> float:
        """Documents per second so far."""
        elapsed = time.monotonic() - self._began
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The plain progress line: done/total, rate, ETA."""
        rate = self.rate()
        total = f"/{self.total}" if self.total is not None else ""
        eta = ""
        if self.total is not None and rate > 0:
            eta = f", ETA {_fmt_seconds(max(0, self.total - self.done) / rate)}"
        return f"extract: {self.done}{total} documents, {rate:.1f}/s{eta}"

    def advance(self, *_args: object) -> None:
        """One more document done (accepts and ignores the engine callback's argument)."""
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=f"{self.rate():.1f}/s")
            return
        now = time.monotonic()
        if now - self._last_log >= self.interval:
            self._last_log = now
            print(self.line(), file=self.stream, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def summary_table(summary: RunSummary, out: Path) -> Any:
    """The closing summary of a run as a rich Table."""
    from rich.table import Table

    table = Table(title=f"extract run -> {out}", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("documents processed", summary.processed),
        ("unchanged", summary.unchanged),
        ("failed", summary.failed),
        ("skipped (unsupported files)", summary.skipped),
    ]
    if summary.pruned:
        rows.append(("pruned (no longer in the inputs)", summary.pruned))
    rows += [("sentences", summary.sentences), ("events", summary.events)]
    rows += [(f"mentions {label}", n) for label, n in sorted(summary.labels.items())]
    for name, value in rows:
        table.add_row(name, str(value))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    if summary.rebuilt:
        table.caption = "pipeline changed: tables rebuilt"
    return table
