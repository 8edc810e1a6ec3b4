"""Command line (typer): run, stages, query, report, eval, import-gold, export-labelstudio.

Flags mean one thing in every command: `--out DIR` is always the folder of tables (written by
`run`, read by the others); files a command writes are named by what they hold (`--json`,
`--gold`, `--tasks`); `--config` is always the pipeline definition; `--format` is always the
format of an input. The logic lives in library modules; this file parses, calls and maps
exceptions to the documented exit statuses of `ExitCode`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

import typer

from . import __version__
from .errors import (
    ConfigError,
    ExitCode,
    ExtractError,
    InputError,
    OutputError,
    OutputLockedError,
    ReportError,
)

EXIT_STATUSES = (
    f"Exit status: {ExitCode.OK} every document ok; "
    f"{ExitCode.DOCUMENTS_FAILED} the run finished and published but some documents failed "
    f"(0 with --allow-errors); {ExitCode.USAGE} usage error (bad option, missing input, --out "
    f"is a file, bad metadata sheet); {ExitCode.CONFIG} invalid pipeline definition; "
    f"{ExitCode.LOCKED} another run holds --out past --wait; {ExitCode.OUTPUT} the output "
    f"folder cannot be written; {ExitCode.INTERRUPTED} interrupted (Ctrl-C), nothing published."
)

INTERRUPTED_MESSAGE = "extract: interrupted; nothing was published, the previous tables are intact"

app = typer.Typer(
    name="extract",
    help="Extract organizations, places, people, dates, counts, agreements and cooperation "
    "events from Vietnamese news into Parquet tables.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

OutDir = Annotated[
    Path,
    typer.Option("--out", help="the folder of tables", file_okay=False, show_default=True),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="pipeline definition (default: pipeline/pipeline.toml)",
        exists=True,
        dir_okay=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="print the version"),
    ] = False,
) -> None:
    """Extract organizations, places, people, dates, counts, agreements and events."""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


@app.command(
    epilog=EXIT_STATUSES,
    help="Process articles into Parquet tables. INPUTS are files, folders or '-' (standard "
    "input, with --format). Formats by name, any case, optionally .gz: .txt, .html/.htm, "
    ".jsonl/.ndjson, .csv, .tsv, .parquet. In a folder, other files become 'skipped' rows, and "
    "names starting with '.' (.git/, .DS_Store) are ignored. Only new or changed articles are "
    "processed; the tables in --out are updated atomically.",
)
def run(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, or - for stdin")],
    out: Annotated[Path, typer.Option("--out", help="output folder for the tables")],
    config: ConfigFile = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="worker processes (default: all cores; 1 runs in-process)"),
    ] = None,
    engine: Annotated[
        Literal["local", "dask"],
        typer.Option(help="local processes, or a Dask cluster (LocalCluster unless --scheduler)"),
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="address of a running Dask scheduler (tcp://host:8786)")
    ] = None,
    input_format: Annotated[
        Literal["txt", "html", "jsonl", "csv", "tsv", "parquet"] | None,
        typer.Option("--format", help="format of standard input ('-'); gzip is detected"),
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="TSV/CSV sheet: file name or doc_id -> url, published, title, other columns",
        ),
    ] = None,
    id_column: Annotated[
        str | None, typer.Option(help="column of doc_id (default: doc_id, id)")
    ] = None,
    text_column: Annotated[
        str | None, typer.Option(help="column of the text (default: text, content, body)")
    ] = None,
    html_column: Annotated[
        str | None, typer.Option(help="column of an HTML page (default: html)")
    ] = None,
    published_column: Annotated[
        str | None,
        typer.Option(
            help="column of the publication date (default: published, date, publish_date)"
        ),
    ] = None,
    url_column: Annotated[str | None, typer.Option(help="column of the URL (default: url)")] = None,
    title_column: Annotated[
        str | None, typer.Option(help="column of the title (default: title)")
    ] = None,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="exit 0 even when some documents failed")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="remove the rows of documents no longer in the inputs")
    ] = False,
    wait: Annotated[
        float,
        typer.Option(min=0, help="seconds to wait for another run holding --out"),
    ] = 600.0,
    quiet: Annotated[bool, typer.Option("--quiet", help="no progress and no summary")] = False,
) -> None:
    """Process articles into Parquet tables."""
    from rich.console import Console

    from .ingest.formats import DEFAULT_COLUMNS
    from .ingest.metadata import load_metadata
    from .ingest.reader import InputOptions, expand_inputs
    from .runner.config import load_config
    from .runner.engine import default_workers
    from .runner.engine import run as run_engine
    from .runner.progress import RunProgress, estimate_total, summary_table

    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file; give a folder", param_hint="--out")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    if "-" in inputs and input_format is None:
        raise typer.BadParameter(
            "reading standard input ('-') needs --format", param_hint="--format"
        )
    _files, missing = expand_inputs(inputs)
    if missing:
        for message in missing:
            _stderr(message)
        raise typer.Exit(ExitCode.USAGE)
    columns = DEFAULT_COLUMNS.with_names(
        id=id_column,
        text=text_column,
        html=html_column,
        published=published_column,
        url=url_column,
        title=title_column,
    )
    options = InputOptions(
        columns=columns,
        metadata=load_metadata(metadata, columns) if metadata is not None else None,
        stdin_format=input_format,
    )
    pipeline_config = load_config(config)
    terminal = sys.stderr.isatty()
    total = None if quiet else estimate_total(inputs, options, out)
    progress = RunProgress(total, terminal=terminal and not quiet, stream=sys.stderr)
    if quiet:
        progress.interval = float("inf")
    with progress:
        summary = run_engine(
            inputs,
            out,
            config=pipeline_config,
            workers=workers if workers is not None else default_workers(),
            engine=engine,
            scheduler=scheduler,
            on_document=progress.advance,
            on_unchanged=progress.advance,
            read_options=options,
            prune=prune,
            lock_timeout=wait,
            on_wait=_stderr,
        )
    for message in (*summary.input_errors, *summary.failures, *summary.notes):
        _stderr(message)
    if not quiet:
        for message in summary.skips:
            _stderr(message)
        Console(file=sys.stdout, soft_wrap=True).print(summary_table(summary, out))
    failed = summary.failed or summary.input_errors
    if failed and not allow_errors:
        raise typer.Exit(ExitCode.DOCUMENTS_FAILED)


@app.command(help="List the configured stages, what each requires and provides.")
def stages(config: ConfigFile = None) -> None:
    """List the configured stages."""
    from .runner.config import load_config
    from .runner.stages import STAGES

    pipeline_config = load_config(config)
    for name in pipeline_config.stages:
        spec = STAGES[name]
        typer.echo(
            f"{name:16} requires {', '.join(spec.requires) or '-':24} provides "
            f"{', '.join(spec.provides)}\n{'':16} {spec.description}"
        )


@app.command(
    help="Run DuckDB SQL over the tables of --out; each table is a view: documents, "
    "sentences, mentions, events, event_arguments, entities, agreements, stories."
)
def query(
    sql: Annotated[str, typer.Argument(help="a DuckDB SQL query")],
    out: OutDir = Path("outputs"),
    csv_output: Annotated[bool, typer.Option("--csv", help="print CSV instead of a table")] = False,
    limit: Annotated[int, typer.Option(min=1, help="rows shown as a table")] = 200,
) -> None:
    """Run SQL over the output tables."""
    from .query import run_query

    code = run_query(out, sql, csv_output=csv_output, limit=limit)
    if code:
        raise typer.Exit(code)


@app.command(
    help="Write an offline HTML review report of the tables: dashboard, paged article index and "
    "one page per article with every mention and event highlighted; with --gold, true/false "
    "positives and misses marked."
)
def report(
    tables: Annotated[
        Path | None, typer.Argument(help="the folder of tables (same as --out)", show_default=False)
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="the folder of tables")] = None,
    gold: Annotated[Path | None, typer.Option(help="gold JSONL to compare against")] = None,
    doc: Annotated[
        list[str] | None, typer.Option(help="only this document (repeat for several)")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="the report file (default: OUT/reports/report.html)"),
    ] = None,
) -> None:
    """Write the HTML review report."""
    from .report import render_report

    if tables is not None and out is not None and tables != out:
        raise typer.BadParameter("give the folder of tables once", param_hint="--out")
    folder = tables or out or Path("outputs")
    target = output or folder / "reports" / "report.html"
    written = render_report(folder, target, gold=gold, doc_ids=doc or None, on_problem=_stderr)
    typer.echo(f"report -> {written}")


def _register_optional() -> None:
    from .evaluation.cli import register

    register(app)


_register_optional()


def _exit_code(exc: ExtractError) -> int:
    if isinstance(exc, ConfigError):
        return ExitCode.CONFIG
    if isinstance(exc, OutputLockedError):
        return ExitCode.LOCKED
    if isinstance(exc, OutputError):
        return ExitCode.OUTPUT
    if isinstance(exc, InputError | ReportError):
        return ExitCode.USAGE
    # Lexicon problems (E030/E031) are configuration; E040 and later output-side errors.
    code = str(exc)[:5]
    if code.startswith(("[E02", "[E03")):
        return ExitCode.CONFIG
    return ExitCode.OUTPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `extract` console script: returns the exit status."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = app(args=args, prog_name="extract", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        _stderr(INTERRUPTED_MESSAGE)
        return ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # typer's (vendored click) usage errors
        show = getattr(exc, "show", None)
        if show is not None:
            show(file=sys.stderr)
        else:
            _stderr(f"extract: {exc.format_message()}")
        return ExitCode.USAGE
    except ExtractError as exc:
        _stderr(f"extract: {exc}")
        return _exit_code(exc)
    except OSError as exc:
        _stderr(f"extract: {exc}")
        return ExitCode.OUTPUT
    if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into Exit(130), silently
        _stderr(INTERRUPTED_MESSAGE)
    return int(result) if isinstance(result, int) else ExitCode.OK
