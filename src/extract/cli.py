"""Command line: `extract run`, `eval`, `query`, `stages` and `report`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ExtractError


def _cmd_run(args: argparse.Namespace) -> int:
    from .runner.config import load_config
    from .runner.engine import default_workers, run

    config = load_config(args.config)
    workers = args.workers if args.workers is not None else default_workers()
    progress = _progress(enabled=not args.quiet and sys.stderr.isatty())
    with progress as advance:
        summary = run(
            args.inputs,
            args.out,
            config=config,
            workers=workers,
            engine=args.engine,
            scheduler=args.scheduler,
            on_document=advance,
        )
    for message in summary.input_errors:
        print(message, file=sys.stderr)
    for message in summary.failures:
        print(message, file=sys.stderr)
    if not args.quiet:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(summary.labels.items())) or "none"
        rebuilt = " (pipeline changed: tables rebuilt)" if summary.rebuilt else ""
        print(
            f"{summary.processed} documents processed, {summary.unchanged} unchanged, "
            f"{summary.failed} failed{rebuilt}\n"
            f"{summary.sentences} sentences, {summary.events} events\n"
            f"mentions: {labels}\n"
            f"{summary.seconds:.1f} s -> {args.out}"
        )
    return 1 if summary.input_errors else 0


class _progress:
    """A rich progress counter on a terminal; silent otherwise (CI, pipes)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = None
        self._task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn()
        )
        self._progress.start()
        self._task = self._progress.add_task("run", total=None)
        return lambda _output: self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _cmd_stages(args: argparse.Namespace) -> int:
    from .runner.config import load_config
    from .runner.stages import STAGES

    config = load_config(args.config)
    for name in config.stages:
        spec = STAGES[name]
        print(
            f"{name:16} requires {', '.join(spec.requires) or '-':24} provides "
            f"{', '.join(spec.provides)}\n{'':16} {spec.description}"
        )
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import render_report

    output = args.output or args.out / "reports" / "report.html"
    report = render_report(
        args.out, output, gold=args.gold, doc_ids=args.doc or None, on_problem=print_stderr
    )
    print(f"report -> {report}")
    return 0


def print_stderr(message: str) -> None:
    """Print a message on stderr (problems that do not stop a command)."""
    print(message, file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `extract` command."""
    parser = argparse.ArgumentParser(
        prog="extract",
        description="Extract organizations, places, people, dates, counts, agreements and "
        "cooperation events from Vietnamese news into Parquet tables.",
    )
    parser.add_argument("--version", action="version", version=f"extract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="process articles into Parquet tables",
        description="Process .txt files (doc_id = file name without extension), .jsonl files "
        "(one article per line: doc_id, text, optional published, url, title) or folders of "
        "them. Only new or changed articles are processed; the tables in --out are updated "
        "atomically.",
    )
    run.add_argument("inputs", nargs="+", help="files or folders of .txt / .jsonl articles")
    run.add_argument("--out", required=True, type=Path, help="output folder for the tables")
    run.add_argument(
        "--config", type=Path, help="pipeline definition (default: pipeline/pipeline.toml)"
    )
    run.add_argument(
        "--workers",
        type=int,
        help="worker processes (default: all cores; 1 runs in this process)",
    )
    run.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes, or a Dask cluster (LocalCluster unless --scheduler is given)",
    )
    run.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    run.add_argument("--quiet", action="store_true", help="no progress and no summary")
    run.set_defaults(func=_cmd_run)

    stages = sub.add_parser("stages", help="list the configured stages, what they need and give")
    stages.add_argument("--config", type=Path, help="pipeline definition")
    stages.set_defaults(func=_cmd_stages)

    report = sub.add_parser(
        "report",
        help="write an offline HTML review report of an output folder",
        description="Dashboard, paged article index and one page per article with every mention "
        "and event highlighted; with --gold, true/false positives and misses marked.",
    )
    report.add_argument("out", type=Path, help="output folder of `extract run`")
    report.add_argument("--gold", type=Path, help="gold JSONL to compare against")
    report.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document")
    report.add_argument(
        "-o", "--output", type=Path, help="report file (default: OUT/reports/report.html)"
    )
    report.set_defaults(func=_cmd_report)

    _add_optional_subcommands(sub)
    return parser


def _add_optional_subcommands(sub: argparse._SubParsersAction) -> None:
    from .evaluation.cli import add_subcommands as add_evaluation
    from .query import add_subcommands as add_query

    add_evaluation(sub)
    add_query(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `extract` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ExtractError as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 2
