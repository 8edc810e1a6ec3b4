"""`extract query`: SQL over the output tables with DuckDB, each table a view."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .tables.schemas import DOCUMENT_TABLES, REGISTRY_TABLES
from .tables.store import snapshot
from .tables.writer import table_path


def create_parquet_view(con: Any, name: str, path: Path, columns: Sequence[str] = ()) -> None:
    """Make `name` a DuckDB view of the Parquet file `path` (all columns, or `columns`)."""
    listed = ", ".join(f'"{c}"' for c in columns) or "*"
    quoted = str(path).replace("'", "''")
    con.execute(f"CREATE VIEW {name} AS SELECT {listed} FROM read_parquet('{quoted}')")


def connect(out_dir: Path):
    """A DuckDB connection with one view per table present in `out_dir`."""
    import duckdb

    con = duckdb.connect()
    tables = snapshot(out_dir)  # one generation for every view, even if a run publishes now
    for name in (*DOCUMENT_TABLES, *REGISTRY_TABLES):
        path = table_path(tables, name)
        if path.exists():
            create_parquet_view(con, name, path)
    return con


def _cmd_query(args: argparse.Namespace) -> int:
    con = connect(args.out)
    try:
        result = con.execute(args.sql)
    except Exception as exc:  # DuckDB raises many error types; all are user SQL problems
        print(f"extract query: {exc}", file=sys.stderr)
        return 2
    columns = [d[0] for d in result.description or []]
    rows = result.fetchall()
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", args.limit, "display.width", 200):
            print(pd.DataFrame(rows, columns=columns).to_string(index=False, max_rows=args.limit))
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register `extract query`."""
    parser = sub.add_parser(
        "query",
        help="run SQL (DuckDB) over the output tables",
        description="Each table of the output folder is a view: documents, sentences, mentions, "
        "events, event_arguments, entities, agreements, stories.",
    )
    parser.add_argument("sql", help="a DuckDB SQL query")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output folder")
    parser.add_argument("--format", choices=("table", "csv"), default="table")
    parser.add_argument("--limit", type=int, default=200, help="rows shown in table format")
    parser.set_defaults(func=_cmd_query)
