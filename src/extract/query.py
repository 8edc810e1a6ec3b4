"""`extract query`: SQL over the output tables with DuckDB, each table a view."""

from __future__ import annotations

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


def run_query(out_dir: Path, sql: str, *, csv_output: bool = False, limit: int = 200) -> int:
    """Print the result of `sql` over the tables of `out_dir`; 0, or 2 for a bad query."""
    con = connect(out_dir)
    try:
        result = con.execute(sql)
    except Exception as exc:  # DuckDB raises many error types; all are user SQL problems
        print(f"extract query: {exc}", file=sys.stderr)
        return 2
    columns = [d[0] for d in result.description or []]
    rows = result.fetchall()
    if csv_output:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", limit, "display.width", 200):
            print(pd.DataFrame(rows, columns=columns).to_string(index=False, max_rows=limit))
    return 0
