"""Rendering a report: plain table, stable JSON, warnings, error listing."""

from __future__ import annotations

import hashlib
import json

from extract.evaluation.model import (
    EvalArgument,
    EvalEvent,
    EvalMention,
    GoldDocument,
    PredDocument,
    Predictions,
)
from extract.evaluation.report import error_listing, render_table, report_to_json, report_warnings
from extract.evaluation.scorer import Report, score

TEXT = (
    "Đoàn công tác của Bộ Nội vụ thăm Cộng hòa Séc.\n"
    "Hai bên ký Biên bản ghi nhớ về đào tạo 20 cán bộ tại Praha trong năm 2024."
)


def m(mid: str, needle: str, label: str, value: str | float | None, **attrs: str) -> EvalMention:
    start = TEXT.index(needle)
    return EvalMention(mid, start, start + len(needle), label, needle, value, **attrs)


GOLD_MENTIONS = (
    m("m1", "Bộ Nội vụ", "ORG", "MOHA"),
    m("m2", "Cộng hòa Séc", "GPE", "CZE"),
    m("m3", "Biên bản ghi nhớ", "AGREEMENT", "Biên bản ghi nhớ", kind="mou"),
    m("m4", "20 cán bộ", "COUNT", 20, unit="cán bộ"),
    m("m5", "Praha", "LOC", "Praha"),
    m("m6", "năm 2024", "DATE", "2024", kind="date"),
)
PRED_MENTIONS = (
    m("p1", "Bộ Nội vụ", "ORG", "MOHA"),
    m("p2", "Cộng hòa Séc", "GPE", "CZE"),
    m("p3", "Biên bản ghi nhớ về đào tạo", "AGREEMENT", "Biên bản ghi nhớ", kind="mou"),
    m("p4", "20 cán bộ", "COUNT", 21.0, unit="cán bộ"),
    m("p6", "trong năm 2024", "DATE", "2024", kind="date"),
    m("p7", "Đoàn", "ORG", "Đoàn"),
)


def _trigger(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


GOLD_EVENTS = (
    EvalEvent("e1", "MEET", *_trigger("thăm"), (EvalArgument("participant", "m1"),)),
    EvalEvent("e2", "SIGN", *_trigger("ký"), (EvalArgument("agreement", "m3"),)),
)
PRED_EVENTS = (EvalEvent("x1", "MEET", *_trigger("thăm"), (EvalArgument("participant", "p1"),)),)


def _report(*, pred_mentions=PRED_MENTIONS, has_events: bool = True, labels=None) -> Report:
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    gold = [GoldDocument("doc-a", TEXT, "2024-06-01", GOLD_MENTIONS, GOLD_EVENTS)]
    pred = PredDocument("doc-a", digest, "ok", "", tuple(pred_mentions), PRED_EVENTS)
    return score(gold, Predictions(None, {"doc-a": pred}, has_events), labels=labels)


def test_json_has_the_documented_shape_and_values() -> None:
    data = json.loads(report_to_json(_report()))
    org = data["labels"]["ORG"]
    assert (org["gold"], org["pred"]) == (1, 2)
    assert org["strict"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1}
    assert org["value_accuracy"] == 1.0
    assert data["labels"]["COUNT"]["value_accuracy"] == 0.0
    assert data["labels"]["LOC"]["overlap"] == {"p": None, "r": 0.0, "f1": 0.0, "tp": 0}
    assert data["labels"]["PER"]["strict"] == {"p": None, "r": None, "f1": None, "tp": 0}
    assert data["labels"]["PER"]["value_accuracy"] is None
    # micro: gold 6, pred 6, strict tp 3 (ORG, GPE, COUNT), overlap tp 5
    assert data["micro"]["strict"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 3}
    assert data["micro"]["overlap"]["f1"] == 0.8333
    assert data["events"] == {"gold": 2, "pred": 1, "tp": 1, "p": 1.0, "r": 0.5, "f1": 0.6667}
    assert data["arguments"]["tp"] == 1
    assert data["documents"]["doc-a"]["labels"]["ORG"]["strict"]["tp"] == 1
    assert data["documents"]["doc-a"]["status"] == "scored"
    assert data["mismatched_documents"] == [] and data["missing_documents"] == []


def test_json_is_byte_identical_and_order_independent() -> None:
    first = report_to_json(_report())
    second = report_to_json(_report(pred_mentions=tuple(reversed(PRED_MENTIONS))))
    assert first == second
    assert first.endswith("}\n")
    keys = list(json.loads(first))
    assert keys == sorted(keys)


def test_missing_events_are_null_in_json_and_dash_in_table() -> None:
    report = _report(has_events=False)
    data = json.loads(report_to_json(report))
    assert data["events"] == {"gold": 2, "pred": None, "tp": None, "p": None, "r": None, "f1": None}
    events_line = next(
        line for line in render_table(report).splitlines() if line.startswith("events")
    )
    assert events_line.split() == ["events", "2", "—", "—", "—", "—"]
    assert any("no events tables" in w for w in report_warnings(report))


def test_table_rows_and_alignment() -> None:
    table = render_table(_report())
    lines = table.splitlines()
    assert "strict" in lines[0] and "overlap" in lines[0] and "value" in lines[0]
    rows = {line.split()[0]: line.split() for line in lines[2:] if line and line[0].isalpha()}
    assert rows["ORG"] == [
        "ORG",
        "1",
        "2",
        "0.5000",
        "1.0000",
        "0.6667",
        "0.5000",
        "1.0000",
        "0.6667",
        "1.0000",
    ]
    assert rows["PER"][1:] == ["0", "0", "—", "—", "—", "—", "—", "—", "—"]
    assert rows["micro"][:3] == ["micro", "6", "6"]
    assert rows["arguments"][1:3] == ["2", "1"]
    # columns are right-aligned to one width: all rows of the label table have one length
    label_lines = [lines[1], *lines[3:10], lines[11]]
    assert [line.split()[0] for line in label_lines][-1] == "micro"
    assert len({len(line) for line in label_lines}) == 1


def test_error_listing_shows_why() -> None:
    listing = error_listing(_report(), limit=5)
    assert "ORG — false positives" in listing
    assert "doc-a 0-4 'Đoàn': pred Đoàn" in listing
    assert "LOC — false negatives" in listing and "'Praha': gold Praha" in listing
    assert "COUNT — wrong values" in listing and "gold 20 | pred 21" in listing
    assert "AGREEMENT — boundary errors" in listing
    assert "context: Hai bên ký Biên bản ghi nhớ về đào tạo ⟦20 cán bộ⟧ tại Praha" in listing
    assert "EVENT — false negatives" in listing and "'ký': gold SIGN" in listing
    # context comes from the line of the mention only
    assert "Séc" not in listing.split("LOC — false negatives")[1].split("\n\n")[0]


def test_error_listing_limit_per_label_and_category() -> None:
    many = PRED_MENTIONS + tuple(
        m(f"q{i}", w, "PER", w) for i, w in enumerate(["Hai", "bên", "Đoàn"])
    )
    listing = error_listing(_report(pred_mentions=many), limit=2)
    section = listing.split("PER — false positives (predicted, not in gold): 3 (showing 2)")[1]
    assert section.split("\n\n")[0].count("  - doc-a") == 2
    assert error_listing(_report(), limit=0) == ""


def test_label_selection_reaches_table_json_and_errors() -> None:
    report = _report(labels=["COUNT"])
    assert list(json.loads(report_to_json(report))["labels"]) == ["COUNT"]
    listing = error_listing(report, limit=3)
    assert "COUNT — wrong values" in listing and "ORG —" not in listing
