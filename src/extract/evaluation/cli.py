"""Subcommands `eval`, `import-gold` and `export-labelstudio`, registered on an argparse parser.

Every command returns an exit code: 0 on success, 2 on bad input (message on stderr naming the
file and the problem, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .exporters import (
    LABEL_STUDIO_CONFIG,
    collect_texts,
    predictions_to_labelstudio,
    tasks_to_json,
)
from .gold import GoldFormatError, dumps_gold, load_gold
from .importers import load_doccano, load_labelstudio
from .predictions import PredictionFormatError, load_predictions
from .report import error_listing, render_table, report_to_dict, report_warnings
from .scorer import score
from .stories import load_predicted_stories, load_story_gold, score_stories, story_json, story_lines

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _write_text(path: str, content: str) -> str | None:
    """Write a file; return an error message instead of raising."""
    try:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    except OSError as exc:
        return f"{path}: cannot write: {exc.strerror or exc}"
    return None


def _split_labels(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run_eval(args: argparse.Namespace) -> int:
    """`extract eval GOLD --pred OUT_DIR`: print the score table (and optionally JSON, errors)."""
    stories_file = getattr(args, "stories", None)
    if args.gold is None and stories_file is None:
        return _fail("give a gold file, --stories FILE, or both")
    try:
        report = None
        if args.gold is not None:
            gold = load_gold(args.gold)
            predictions = load_predictions(args.pred)
            report = score(gold, predictions, labels=_split_labels(args.labels))
        stories = None
        if stories_file is not None:
            stories = score_stories(
                load_story_gold(stories_file), load_predicted_stories(args.pred)
            )
    except (GoldFormatError, PredictionFormatError, ValueError) as exc:
        return _fail(str(exc))
    document: dict[str, Any] = {}
    if report is not None:
        for line in report_warnings(report):
            print(line, file=sys.stderr)
        sys.stdout.write(render_table(report))
        if args.errors:
            sys.stdout.write("\n" + error_listing(report, limit=args.errors))
        document = report_to_dict(report)
    if stories is not None:
        sys.stdout.write("\n".join(story_lines(stories)) + "\n")
        document["stories"] = story_json(stories)
    if args.json:
        text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        problem = _write_text(args.json, text)
        if problem:
            return _fail(problem)
    return EXIT_OK


def run_import_gold(args: argparse.Namespace) -> int:
    """`extract import-gold --format F INPUT --out GOLD.jsonl`: convert and validate."""
    loader = {"labelstudio": load_labelstudio, "doccano": load_doccano}[args.format]
    try:
        result = loader(args.input)
    except GoldFormatError as exc:
        return _fail(str(exc))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    problem = _write_text(args.out, dumps_gold(result.documents))
    if problem:
        return _fail(problem)
    mentions = sum(len(doc.mentions) for doc in result.documents)
    events = sum(len(doc.events) for doc in result.documents)
    print(
        f"wrote {len(result.documents)} document(s), {mentions} mention(s), "
        f"{events} event(s) to {args.out}"
    )
    return EXIT_OK


def run_export_labelstudio(args: argparse.Namespace) -> int:
    """`extract export-labelstudio --pred OUT_DIR --out TASKS.json`: pre-annotation tasks."""
    try:
        predictions = load_predictions(args.pred)
        found = collect_texts(predictions, texts_file=args.texts)
    except (PredictionFormatError, ValueError) as exc:
        return _fail(str(exc))
    for warning in found.warnings:
        print(warning, file=sys.stderr)
    tasks = predictions_to_labelstudio(predictions, found.texts, model_version=args.model_version)
    if not tasks:
        return _fail(f"{args.pred}: no document could be exported (no readable source texts)")
    problem = _write_text(args.out, tasks_to_json(tasks))
    if problem is None and args.config:
        problem = _write_text(args.config, LABEL_STUDIO_CONFIG)
    if problem:
        return _fail(problem)
    print(f"wrote {len(tasks)} task(s) to {args.out}")
    return EXIT_OK


def add_subcommands(subparsers: Any) -> None:
    """Register eval, import-gold and export-labelstudio on an argparse subparsers object."""
    evaluate = subparsers.add_parser(
        "eval",
        help="score pipeline output against gold (ANNOTATION §8)",
        description="Score an output folder against a §7 gold JSONL file.",
    )
    evaluate.add_argument("gold", nargs="?", help="gold JSONL file (ANNOTATION §7)")
    evaluate.add_argument("--pred", required=True, help="pipeline output folder (Parquet tables)")
    evaluate.add_argument("--json", metavar="FILE", help="also write a machine-readable report")
    evaluate.add_argument(
        "--labels", nargs="+", metavar="LABEL", help="labels to report (space or comma separated)"
    )
    evaluate.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="list up to N false positives/negatives, wrong values, wrong modalities and "
        "argument errors (missing/extra role, wrong mention) per label",
    )
    evaluate.add_argument(
        "--stories",
        metavar="FILE",
        help="also score the stories table pairwise against a story gold JSONL file",
    )
    evaluate.set_defaults(func=run_eval)

    importer = subparsers.add_parser(
        "import-gold",
        help="convert a Label Studio or doccano export to §7 gold JSONL",
    )
    importer.add_argument("--format", required=True, choices=("labelstudio", "doccano"))
    importer.add_argument("input", help="Label Studio JSON export or doccano JSONL file")
    importer.add_argument("--out", required=True, metavar="GOLD.jsonl", help="gold file to write")
    importer.set_defaults(func=run_import_gold)

    exporter = subparsers.add_parser(
        "export-labelstudio",
        help="export pipeline output as Label Studio pre-annotated tasks",
    )
    exporter.add_argument("--pred", required=True, help="pipeline output folder (Parquet tables)")
    exporter.add_argument("--out", required=True, metavar="TASKS.json", help="tasks file to write")
    exporter.add_argument(
        "--texts",
        metavar="FILE.jsonl",
        help="JSONL with doc_id and text per line (e.g. a gold file) instead of source files",
    )
    exporter.add_argument("--model-version", default="extract", help="predictions model_version")
    exporter.add_argument(
        "--config", metavar="FILE.xml", help="also write the matching labelling config"
    )
    exporter.set_defaults(func=run_export_labelstudio)


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (the project CLI registers `add_subcommands` itself)."""
    parser = argparse.ArgumentParser(prog="extract")
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


__all__ = ["add_subcommands", "main", "run_eval", "run_export_labelstudio", "run_import_gold"]

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
