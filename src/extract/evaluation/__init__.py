"""Evaluation against gold (ANNOTATION §8), gold validation, and annotation-tool import/export."""

from __future__ import annotations

from .exporters import LABEL_STUDIO_CONFIG, collect_texts, predictions_to_labelstudio
from .gold import (
    GoldFormatError,
    GoldProblem,
    RawGoldRecord,
    dump_gold,
    load_gold,
    parse_gold_lines,
    parse_gold_records,
)
from .importers import ImportResult, import_doccano, import_labelstudio
from .model import EvalArgument, EvalEvent, EvalMention, GoldDocument, PredDocument, Predictions
from .predictions import (
    PredictionFormatError,
    gold_to_predictions,
    load_predictions,
    write_predictions,
)
from .report import error_listing, render_table, report_to_json, report_warnings
from .scorer import (
    DocumentReport,
    ErrorItem,
    EventCounts,
    LabelCounts,
    Report,
    Scores,
    prf,
    score,
    values_match,
)

__all__ = [
    "LABEL_STUDIO_CONFIG",
    "DocumentReport",
    "ErrorItem",
    "EvalArgument",
    "EvalEvent",
    "EvalMention",
    "EventCounts",
    "GoldDocument",
    "GoldFormatError",
    "GoldProblem",
    "ImportResult",
    "LabelCounts",
    "PredDocument",
    "PredictionFormatError",
    "Predictions",
    "RawGoldRecord",
    "Report",
    "Scores",
    "collect_texts",
    "dump_gold",
    "error_listing",
    "gold_to_predictions",
    "import_doccano",
    "import_labelstudio",
    "load_gold",
    "load_predictions",
    "parse_gold_lines",
    "parse_gold_records",
    "predictions_to_labelstudio",
    "prf",
    "render_table",
    "report_to_json",
    "report_warnings",
    "score",
    "values_match",
    "write_predictions",
]
