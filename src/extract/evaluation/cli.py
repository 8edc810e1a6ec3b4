"""Subcommands `eval`, `import-gold` and `export-labelstudio`, registered on the typer app.

Every command exits 0 on success and 2 on bad input (message on stderr naming the file and the
problem, never a traceback). `--out DIR` is the folder of tables, as in every command
(`--pred` is kept as an old spelling); written files are named by what they hold.
"""

# No `from __future__ import annotations`: typer reads the annotations of the commands
# defined inside `register`, which name its local option objects.
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

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


def _write_text(path: str | Path, content: str) -> str | None:
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


def run_eval(
    gold_path: str | Path | None,
    out_dir: str | Path,
    *,
    json_path: str | Path | None = None,
    labels: list[str] | None = None,
    errors: int = 0,
    stories_path: str | Path | None = None,
) -> int:
    """Score the tables of `out_dir` against a gold file and/or a story gold file."""
    if gold_path is None and stories_path is None:
        return _fail("give a gold file, --stories FILE, or both")
    try:
        report = None
        if gold_path is not None:
            gold = load_gold(gold_path)
            predictions = load_predictions(out_dir)
            report = score(gold, predictions, labels=_split_labels(labels))
        stories = None
        if stories_path is not None:
            stories = score_stories(load_story_gold(stories_path), load_predicted_stories(out_dir))
    except (GoldFormatError, PredictionFormatError, ValueError) as exc:
        return _fail(str(exc))
    document: dict[str, Any] = {}
    if report is not None:
        for line in report_warnings(report):
            print(line, file=sys.stderr)
        sys.stdout.write(render_table(report))
        if errors:
            sys.stdout.write("\n" + error_listing(report, limit=errors))
        document = report_to_dict(report)
    if stories is not None:
        sys.stdout.write("\n".join(story_lines(stories)) + "\n")
        document["stories"] = story_json(stories)
    if json_path:
        text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        problem = _write_text(json_path, text)
        if problem:
            return _fail(problem)
    return EXIT_OK


def run_import_gold(input_path: str | Path, input_format: str, gold_path: str | Path) -> int:
    """Convert a Label Studio or doccano export to a validated §7 gold file."""
    loader = {"labelstudio": load_labelstudio, "doccano": load_doccano}[input_format]
    try:
        result = loader(input_path)
    except GoldFormatError as exc:
        return _fail(str(exc))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    problem = _write_text(gold_path, dumps_gold(result.documents))
    if problem:
        return _fail(problem)
    mentions = sum(len(doc.mentions) for doc in result.documents)
    events = sum(len(doc.events) for doc in result.documents)
    print(
        f"wrote {len(result.documents)} document(s), {mentions} mention(s), "
        f"{events} event(s) to {gold_path}"
    )
    return EXIT_OK


def run_export_labelstudio(
    out_dir: str | Path,
    tasks_path: str | Path,
    *,
    texts: str | Path | None = None,
    model_version: str = "extract",
    labelling_config: str | Path | None = None,
) -> int:
    """Write the tables of `out_dir` as Label Studio pre-annotated tasks."""
    try:
        predictions = load_predictions(out_dir)
        found = collect_texts(predictions, texts_file=texts)
    except (PredictionFormatError, ValueError) as exc:
        return _fail(str(exc))
    for warning in found.warnings:
        print(warning, file=sys.stderr)
    tasks = predictions_to_labelstudio(predictions, found.texts, model_version=model_version)
    if not tasks:
        return _fail(f"{out_dir}: no document could be exported (no readable source texts)")
    problem = _write_text(tasks_path, tasks_to_json(tasks))
    if problem is None and labelling_config:
        problem = _write_text(labelling_config, LABEL_STUDIO_CONFIG)
    if problem:
        return _fail(problem)
    print(f"wrote {len(tasks)} task(s) to {tasks_path}")
    return EXIT_OK


def register(app: Any) -> None:
    """Add eval, import-gold and export-labelstudio to the `extract` typer app."""
    import typer

    tables = typer.Option(
        "--out", "--pred", help="the folder of tables (--pred: old spelling)", file_okay=False
    )

    def _done(code: int) -> None:
        if code:
            raise typer.Exit(code)

    @app.command(
        "eval",
        help="Score the tables of --out against a §7 gold JSONL file (§8) and/or the stories "
        "table against a story gold file (--stories).",
    )
    def eval_command(
        gold: Annotated[Path | None, typer.Argument(help="gold JSONL file (ANNOTATION §7)")] = None,
        out: Annotated[Path, tables] = Path("outputs"),
        json_path: Annotated[
            Path | None, typer.Option("--json", help="also write a machine-readable report")
        ] = None,
        labels: Annotated[
            list[str] | None,
            typer.Option(help="labels to report (comma separated, or the option repeated)"),
        ] = None,
        errors: Annotated[
            int,
            typer.Option(
                min=0,
                help="list up to N false positives/negatives, wrong values, wrong modalities "
                "and argument errors per label",
            ),
        ] = 0,
        stories: Annotated[
            Path | None,
            typer.Option(help="also score the stories table pairwise against this story gold"),
        ] = None,
    ) -> None:
        """Score output against gold."""
        code = run_eval(
            gold, out, json_path=json_path, labels=labels, errors=errors, stories_path=stories
        )
        _done(code)

    @app.command(help="Convert a Label Studio or doccano export to §7 gold JSONL (--gold).")
    def import_gold(
        input_path: Annotated[
            Path, typer.Argument(help="Label Studio JSON export or doccano JSONL file")
        ],
        input_format: Annotated[
            Literal["labelstudio", "doccano"], typer.Option("--format", help="format of the input")
        ],
        gold: Annotated[Path, typer.Option("--gold", help="the gold JSONL file to write")],
    ) -> None:
        """Convert an annotation export to gold."""
        _done(run_import_gold(input_path, input_format, gold))

    @app.command(help="Export the tables of --out as Label Studio pre-annotated tasks.")
    def export_labelstudio(
        tasks: Annotated[Path, typer.Option("--tasks", help="the tasks JSON file to write")],
        out: Annotated[Path, tables] = Path("outputs"),
        texts: Annotated[
            Path | None,
            typer.Option(help="JSONL with doc_id and text per line instead of documents.text"),
        ] = None,
        model_version: Annotated[str, typer.Option(help="predictions model_version")] = "extract",
        labelling_config: Annotated[
            Path | None,
            typer.Option(help="also write the matching labelling config (XML) to this file"),
        ] = None,
    ) -> None:
        """Export predictions for Label Studio."""
        _done(
            run_export_labelstudio(
                out,
                tasks,
                texts=texts,
                model_version=model_version,
                labelling_config=labelling_config,
            )
        )


__all__ = ["register", "run_eval", "run_export_labelstudio", "run_import_gold"]
