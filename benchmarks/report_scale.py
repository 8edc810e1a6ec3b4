"""Review report at scale: replicate an output to N articles, time the render, size the files.

The seeds' rows (documents, mentions, events, arguments) are copied under new doc ids
(`<doc_id>~<k>`; mention and event ids follow) so the report handles N articles' real row
volume; the registries are rebuilt from the copies. Each copy keeps its original source file,
whose SHA-256 still matches. With `--browser`, headless Chromium (Debian's package) opens the
dashboard, an index page and an article, and the load time of each is reported.

Usage: .venv/bin/python benchmarks/report_scale.py [--source OUT] [--documents 5000]
       [--json outputs/report_scale.json] [--browser]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract.consolidate.registries import build_registries
from extract.tables.schemas import DOCUMENTS, EVENT_ARGUMENTS, EVENTS, MENTIONS
from extract.tables.writer import table_path

REPO = Path(__file__).resolve().parents[1]
TABLES = {
    "documents": (DOCUMENTS, ()),
    "mentions": (MENTIONS, ("mention_id",)),
    "events": (EVENTS, ("event_id",)),
    "event_arguments": (EVENT_ARGUMENTS, ("event_id", "mention_id")),
}


def _seed_output(work: Path) -> Path:
    from extract.runner.engine import run

    out = work / "seeds"
    summary = run([REPO / "corpus" / "raw"], out, workers=1)
    assert summary.failed == 0, summary.failures
    return out


def replicate(source: Path, target: Path, n_documents: int) -> int:
    """Write `n_documents` copies of the documents of `source` (round robin) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    frames = {name: pq.read_table(table_path(source, name)).to_pandas() for name in TABLES}
    documents = frames["documents"]
    documents["source_path"] = [
        str(Path(p).resolve()) if Path(p).exists() else str((source / p).resolve())
        for p in documents["source_path"]
    ]
    ids = list(documents["doc_id"])
    for name, (schema, id_columns) in TABLES.items():
        groups = {doc_id: rows for doc_id, rows in frames[name].groupby("doc_id")}
        parts = []
        for index in range(n_documents):
            doc_id = ids[index % len(ids)]
            if doc_id not in groups:
                continue
            rows = groups[doc_id].copy()
            new_id = f"{doc_id}~{index // len(ids):04d}"
            rows["doc_id"] = new_id
            for column in id_columns:
                rows[column] = new_id + rows[column].str.slice(len(doc_id))
            parts.append(rows)
        table = pa.Table.from_pandas(pd.concat(parts), schema=schema, preserve_index=False)
        pq.write_table(table, table_path(target, name))
    build_registries(target)
    return pq.read_table(table_path(target, "documents")).num_rows


def _render_in_child(out_dir: Path, report: Path) -> dict[str, float]:
    """Render in a fresh process, so its peak memory is the report's own."""
    code = (
        "import json, resource, sys, time\n"
        "from extract.report import render_report\n"
        "t = time.perf_counter(); render_report(sys.argv[1], sys.argv[2])\n"
        "print(json.dumps({'render_seconds': round(time.perf_counter() - t, 1),\n"
        "  'render_peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(out_dir), str(report)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sizes(report: Path) -> dict[str, float]:
    files = report.parent / f"{report.stem}_files"
    articles = sorted(p.stat().st_size for p in (files / "articles").glob("*.html"))
    indexes = [p.stat().st_size for p in files.glob("index-*.html")]
    everything = [
        report.stat().st_size,
        *(p.stat().st_size for p in files.rglob("*") if p.is_file()),
    ]
    return {
        "files": len(everything),
        "total_mb": round(sum(everything) / 1e6, 2),
        "dashboard_kb": round(report.stat().st_size / 1e3, 1),
        "article_pages": len(articles),
        "article_median_kb": round(articles[len(articles) // 2] / 1e3, 1),
        "article_max_kb": round(articles[-1] / 1e3, 1),
        "index_pages": len(indexes) + 1,
        "index_page_max_kb": round(max(indexes, default=0) / 1e3, 1),
    }


def _browser_times(report: Path) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"):
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="report-scale-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    files = report.parent / f"{report.stem}_files"
    pages = {
        "dashboard": report,
        "index_page_2": files / "index-2.html",
        "article": next(iter(sorted((files / "articles").glob("*.html")))),
    }
    script = "const t = performance.timing; return t.loadEventEnd - t.navigationStart;"
    times = {}
    try:
        for name, page in pages.items():
            if not page.exists():
                continue
            driver.get(page.as_uri())
            times[f"{name}_load_ms"] = driver.execute_script(script)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> None:
    """Replicate, render, measure; print and optionally save the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="output folder to replicate (default: seeds)")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--browser", action="store_true", help="also time page loads in Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-scale-") as tmp:
        work = Path(tmp)
        source = args.source or _seed_output(work)
        started = time.perf_counter()
        n = replicate(source, work / "large", args.documents)
        replicate_seconds = time.perf_counter() - started
        n_mentions = pq.read_table(table_path(work / "large", "mentions")).num_rows
        report = work / "large" / "reports" / "report.html"
        render = _render_in_child(work / "large", report)
        figures = {
            "documents": n,
            "mentions": n_mentions,
            "replicate_seconds": round(replicate_seconds, 1),
            **render,
            **_sizes(report),
        }
        if args.browser:
            figures.update(_browser_times(report))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
