"""Render a `Report`: aligned plain-text table, stable JSON, warnings and an error listing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .scorer import (
    ARGUMENT_LABEL,
    ERROR_CATEGORIES,
    EVENT_LABEL,
    ErrorItem,
    EventCounts,
    LabelCounts,
    Report,
    Scores,
)

#: Digits kept in the JSON report: fixed so the file is byte-identical across runs.
JSON_DIGITS = 4
REPORT_FORMAT = "extract-eval/1"
DASH = "—"

_CATEGORY_TITLES = {
    "false_negative": "false negatives (in gold, not predicted)",
    "false_positive": "false positives (predicted, not in gold)",
    "wrong_value": "wrong values (span matched, value differs)",
    "boundary": "boundary errors (span overlaps, offsets differ)",
    "wrong_modality": "wrong modality (event matched, modality differs)",
    "missing_role": "missing roles (gold argument, no prediction in that role)",
    "extra_role": "extra roles (predicted argument, not in gold)",
    "wrong_mention": "wrong mentions (role filled with another mention)",
}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, JSON_DIGITS)


def _scores_json(scores: Scores) -> dict[str, float | None]:
    return {"p": _round(scores.precision), "r": _round(scores.recall), "f1": _round(scores.f1)}


def _label_json(counts: LabelCounts) -> dict[str, Any]:
    strict = _scores_json(counts.strict) | {"tp": counts.strict_tp}
    overlap = _scores_json(counts.overlap) | {"tp": counts.overlap_tp}
    return {
        "gold": counts.gold,
        "pred": counts.pred,
        "strict": strict,
        "overlap": overlap,
        "value_accuracy": _round(counts.value_accuracy),
        "value_scored": counts.value_scored,
        "value_correct": counts.value_correct,
    }


def _event_json(counts: EventCounts) -> dict[str, Any]:
    return {"gold": counts.gold, "pred": counts.pred, "tp": counts.tp} | _scores_json(counts.scores)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready structure of a report (see `report_to_json`)."""
    documents = {}
    for doc_id, doc in sorted(report.documents.items()):
        documents[doc_id] = {
            "status": doc.status,
            "labels": {label: _label_json(doc.counts(label)) for label in report.labels},
            "micro": _label_json(doc.micro(report.labels)),
            "events": _event_json(doc.events),
            "arguments": _event_json(doc.arguments),
        }
    return {
        "format": REPORT_FORMAT,
        "labels": {label: _label_json(report.label_counts(label)) for label in report.labels},
        "micro": _label_json(report.micro),
        "events": _event_json(report.events),
        "arguments": _event_json(report.arguments),
        "modality": {
            "accuracy": _round(report.modality_accuracy),
            "scored": report.modality_scored,
        },
        "documents": documents,
        "scored_documents": len(report.documents),
        "mismatched_documents": [
            {"doc_id": m.doc_id, "gold_sha256": m.gold_sha256, "pred_sha256": m.pred_sha256}
            for m in report.mismatched_documents
        ],
        "missing_documents": list(report.missing_documents),
        "ignored_predicted_documents": len(report.ignored_documents),
    }


def report_to_json(report: Report) -> str:
    """Stable machine-readable report: sorted keys, floats rounded to 4 digits, no timestamps."""
    return json.dumps(report_to_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- table


def _fmt(value: float | None) -> str:
    return DASH if value is None else f"{value:.4f}"


def _count(value: int | None) -> str:
    return DASH if value is None else str(value)


def _widths(rows: Sequence[Sequence[str]]) -> list[int]:
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]


def _align(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = _widths(rows)
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells.extend(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        lines.append("  ".join(cells).rstrip())
    return lines


def _group_line(widths: Sequence[int], groups: Sequence[tuple[str, int, int]]) -> str:
    """A header line centring each group title over its columns [first, last]."""
    starts = [sum(widths[:i]) + 2 * i for i in range(len(widths))]
    line = ""
    for title, first, last in groups:
        begin, end = starts[first], starts[last] + widths[last]
        line = line.ljust(begin) + title.center(end - begin).rstrip()
    return line


def _label_row(name: str, counts: LabelCounts) -> list[str]:
    strict, overlap = counts.strict, counts.overlap
    return [
        name,
        str(counts.gold),
        str(counts.pred),
        _fmt(strict.precision),
        _fmt(strict.recall),
        _fmt(strict.f1),
        _fmt(overlap.precision),
        _fmt(overlap.recall),
        _fmt(overlap.f1),
        _fmt(counts.value_accuracy),
    ]


def _event_row(name: str, counts: EventCounts) -> list[str]:
    scores = counts.scores
    return [
        name,
        str(counts.gold),
        _count(counts.pred),
        _fmt(scores.precision),
        _fmt(scores.recall),
        _fmt(scores.f1),
    ]


def report_warnings(report: Report) -> list[str]:
    """One line per excluded, missing or ignored document set (for stderr and the table)."""
    lines = [
        f"warning: document {m.doc_id}: gold text sha256 {m.gold_sha256[:12]}… differs from "
        f"predicted documents.sha256 {m.pred_sha256[:12] or '(empty)'}…; excluded from scoring"
        for m in report.mismatched_documents
    ]
    if report.missing_documents:
        lines.append(
            f"warning: {len(report.missing_documents)} gold document(s) missing from predictions, "
            f"counted as false negatives: {', '.join(report.missing_documents)}"
        )
    if report.ignored_documents:
        lines.append(
            f"note: {len(report.ignored_documents)} predicted document(s) not in the gold "
            "were ignored"
        )
    if not report.events_available:
        lines.append("note: predictions have no events tables; event scores are not computed")
    return lines


def render_table(report: Report) -> str:
    """Plain-text aligned table: per-label rows, micro row, events and arguments rows."""
    header = ["label", "gold", "pred", "P", "R", "F1", "P", "R", "F1", "accuracy"]
    rows = [header]
    rows.extend(_label_row(label, report.label_counts(label)) for label in report.labels)
    rows.append(_label_row("micro", report.micro))
    groups = [("strict", 3, 5), ("overlap", 6, 8), ("value", 9, 9)]
    label_lines = [_group_line(_widths(rows), groups), *_align(rows)]
    event_rows = [
        ["", "gold", "pred", "P", "R", "F1"],
        _event_row("events", report.events),
        _event_row("arguments", report.arguments),
    ]
    rule = "-" * max(len(line) for line in label_lines)
    lines = [*label_lines[:2], rule, *label_lines[2:-1], rule, label_lines[-1], ""]
    lines.extend(_align(event_rows))
    if report.modality_scored:
        lines.append(
            f"modality accuracy: {_fmt(report.modality_accuracy)} "
            f"over {report.modality_scored} matched event(s) with a gold modality"
        )
    lines.append("")
    lines.append(
        f"documents scored: {len(report.documents)}; missing: {len(report.missing_documents)}; "
        f"mismatched (excluded): {len(report.mismatched_documents)}; "
        f"predicted but not in gold: {len(report.ignored_documents)}"
    )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- errors


def _describe(error: ErrorItem) -> str:
    where = f"{error.doc_id} {error.start}-{error.end} {error.text!r}"
    if error.category == "false_negative":
        detail = f"gold {error.gold_value}"
    elif error.category == "false_positive":
        detail = f"pred {error.pred_value}"
    else:
        detail = f"gold {error.gold_value} | pred {error.pred_value}"
    lines = [f"  - {where}: {detail}"]
    if error.note:
        lines.append(f"      note: {error.note}")
    lines.append(f"      context: {error.context}")
    return "\n".join(lines)


def error_listing(report: Report, *, limit: int) -> str:
    """Up to `limit` false positives, false negatives, wrong values (and boundaries) per label."""
    if limit <= 0:
        return ""
    by_key: dict[tuple[str, str], list[ErrorItem]] = {}
    for error in report.errors:
        by_key.setdefault((error.label, error.category), []).append(error)
    sections = []
    for label in (*report.labels, EVENT_LABEL, ARGUMENT_LABEL):
        for category in ERROR_CATEGORIES:
            items = by_key.get((label, category), [])
            if not items:
                continue
            shown = items[:limit]
            title = f"{label} — {_CATEGORY_TITLES[category]}: {len(items)}"
            if len(shown) < len(items):
                title += f" (showing {len(shown)})"
            sections.append("\n".join([title, *(_describe(item) for item in shown)]))
    if not sections:
        return "no errors\n"
    return "\n\n".join(sections) + "\n"
