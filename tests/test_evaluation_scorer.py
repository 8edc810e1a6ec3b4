"""Scoring (ANNOTATION §8) on tiny hand-computed gold/prediction pairs."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from dataclasses import replace

import pytest

from extract.evaluation.model import (
    EvalArgument,
    EvalEvent,
    EvalMention,
    GoldDocument,
    PredDocument,
    Predictions,
)
from extract.evaluation.scorer import (
    LabelCounts,
    Scores,
    context_snippet,
    mention_pairs,
    prf,
    score,
    values_match,
)

TEXT = "Bộ Ngoại giao Việt Nam tiếp Đại sứ Hàn Quốc tại Hà Nội ngày 5/3/2024 và bàn về 3 dự án."


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def mention(
    mid: str,
    needle: str,
    label: str,
    value: str | float | None,
    *,
    kind: str | None = None,
    text: str = TEXT,
) -> EvalMention:
    start, end = span(needle, text)
    return EvalMention(mid, start, end, label, needle, value, kind=kind)


def at(mid: str, start: int, end: int, label: str, value: str | float | None) -> EvalMention:
    return EvalMention(mid, start, end, label, TEXT[start:end], value)


def gold_doc(mentions: list[EvalMention], events: tuple[EvalEvent, ...] = (), doc_id: str = "d1"):
    return GoldDocument(doc_id, TEXT, None, tuple(mentions), events)


def pred_doc(mentions: list[EvalMention], events: tuple[EvalEvent, ...] = (), doc_id: str = "d1"):
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    return PredDocument(doc_id, digest, "ok", "", tuple(mentions), events)


def preds(*docs: PredDocument, has_events: bool = True) -> Predictions:
    return Predictions(None, {doc.doc_id: doc for doc in docs}, has_events)


def approx(scores: Scores) -> tuple[float | None, float | None, float | None]:
    return tuple(
        None if v is None else round(v, 4) for v in (scores.precision, scores.recall, scores.f1)
    )


ORG_FULL = "Bộ Ngoại giao Việt Nam"


def test_prf_is_none_where_nothing_to_score() -> None:
    assert prf(0, 0, 0) == Scores(None, None, None)
    assert prf(0, 2, 0) == Scores(None, 0.0, 0.0)
    assert prf(0, 0, 3) == Scores(0.0, None, 0.0)
    assert approx(prf(2, 3, 4)) == (0.5, 0.6667, 0.5714)


def test_exact_match_scores_one() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", "MOFA")]
    report = score([gold_doc(gold)], preds(pred_doc(gold)))
    counts = report.label_counts("ORG")
    assert counts == LabelCounts(
        gold=1, pred=1, strict_tp=1, overlap_tp=1, value_scored=1, value_correct=1
    )
    assert approx(counts.strict) == approx(counts.overlap) == (1.0, 1.0, 1.0)
    assert counts.value_accuracy == 1.0
    assert report.errors == ()


def test_partial_overlap_counts_for_overlap_only() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", "MOFA")]
    pred = [mention("p1", "Bộ Ngoại giao", "ORG", "MOFA")]
    counts = score([gold_doc(gold)], preds(pred_doc(pred))).label_counts("ORG")
    assert approx(counts.strict) == (0.0, 0.0, 0.0)
    assert approx(counts.overlap) == (1.0, 1.0, 1.0)
    assert counts.value_accuracy == 1.0


def test_one_gold_overlapped_by_two_predictions_counts_once() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", "MOFA")]  # 0-22
    pred = [at("p1", 0, 13, "ORG", "MOFA"), at("p2", 3, 22, "ORG", "MOFA")]
    report = score([gold_doc(gold)], preds(pred_doc(pred)))
    counts = report.label_counts("ORG")
    assert (counts.overlap_tp, counts.gold, counts.pred) == (1, 1, 2)
    assert approx(counts.overlap) == (0.5, 1.0, 0.6667)
    # the larger overlap (p2, 19 chars) is the match; p1 is the false positive
    fps = [e for e in report.errors if e.category == "false_positive"]
    assert [(e.start, e.end) for e in fps] == [(0, 13)]


def test_exact_prediction_wins_a_tie_and_order_does_not_matter() -> None:
    gold = [mention("m1", "Việt Nam", "GPE", "VNM")]
    start, end = span("Việt Nam")
    # the longer prediction starts earlier, so only the smaller-union rule prefers the exact one
    longer = at("p1", start - 5, end, "GPE", "VNM")
    exact = at("p2", start, end, "GPE", "VNM")
    for order in ([longer, exact], [exact, longer]):
        report = score([gold_doc(gold)], preds(pred_doc(order)))
        assert report.label_counts("GPE").strict_tp == 1
        assert [e.category for e in report.errors] == ["false_positive"]
        assert (report.errors[0].start, report.errors[0].end) == (start - 5, end)


def test_greedy_matching_is_one_to_one_across_several_gold() -> None:
    # gold A 0-10, gold B 10-20; pred X 5-20 overlaps A by 5 and B by 10, pred Y 0-8 overlaps A
    gold = [at("a", 0, 10, "ORG", None), at("b", 10, 20, "ORG", None)]
    pred = [at("x", 5, 20, "ORG", None), at("y", 0, 8, "ORG", None)]
    counts = score([gold_doc(gold)], preds(pred_doc(pred))).label_counts("ORG")
    assert counts.overlap_tp == 2 and counts.strict_tp == 0


def test_wrong_label_is_a_false_negative_and_a_false_positive() -> None:
    gold = [mention("m1", "Hàn Quốc", "GPE", "KOR")]
    pred = [mention("p1", "Hàn Quốc", "LOC", "Hàn Quốc")]
    report = score([gold_doc(gold)], preds(pred_doc(pred)))
    assert approx(report.label_counts("GPE").overlap) == (None, 0.0, 0.0)
    assert approx(report.label_counts("LOC").overlap) == (0.0, None, 0.0)
    assert approx(report.micro.overlap) == (0.0, 0.0, 0.0)
    fp = next(e for e in report.errors if e.category == "false_positive")
    assert "gold has GPE 'Hàn Quốc'" in fp.note


def test_wrong_value_lowers_value_accuracy_only() -> None:
    gold = [mention("m1", "Hàn Quốc", "GPE", "KOR"), mention("m2", "Việt Nam", "GPE", "VNM")]
    pred = [mention("p1", "Hàn Quốc", "GPE", "KHM"), mention("p2", "Việt Nam", "GPE", "VNM")]
    report = score([gold_doc(gold)], preds(pred_doc(pred)))
    counts = report.label_counts("GPE")
    assert approx(counts.strict) == (1.0, 1.0, 1.0)
    assert counts.value_accuracy == 0.5
    wrong = [e for e in report.errors if e.category == "wrong_value"]
    assert [(e.text, e.gold_value, e.pred_value) for e in wrong] == [("Hàn Quốc", "KOR", "KHM")]


def test_date_with_right_value_but_wrong_kind_is_wrong() -> None:
    gold = [mention("m1", "ngày 5/3/2024", "DATE", "2024-03-05", kind="date")]
    pred = [mention("p1", "ngày 5/3/2024", "DATE", "2024-03-05", kind="interval")]
    report = score([gold_doc(gold)], preds(pred_doc(pred)))
    assert report.label_counts("DATE").value_accuracy == 0.0
    assert report.errors[0].gold_value == "2024-03-05 [date]"
    assert report.errors[0].pred_value == "2024-03-05 [interval]"


@pytest.mark.parametrize(
    ("gold_value", "pred_value", "expected"),
    [
        (3, 3.0, True),
        (3, "3", True),
        (3, 3.0 + 1e-10, True),
        (3, 3.00001, False),
        (5000000, "5000000.0", True),
        (3, "ba", False),
        (3, None, False),
    ],
)
def test_numbers_compare_numerically(
    gold_value: float, pred_value: str | float | None, expected: bool
) -> None:
    gold = mention("m1", "3 dự án", "COUNT", gold_value)
    assert values_match(gold, replace(gold, value=pred_value)) is expected


@pytest.mark.parametrize(
    ("gold_value", "pred_value", "expected"),
    [
        ("Bộ  Ngoại giao\nViệt Nam", "bộ ngoại giao việt nam", True),
        ("Hà Nội", "Ha Noi", False),
        ("Hà Nội", unicodedata.normalize("NFD", "Hà Nội"), True),
        ("UN Women", "UN WOMEN", True),
    ],
)
def test_strings_compare_after_whitespace_and_case_folding(
    gold_value: str, pred_value: str, expected: bool
) -> None:
    gold = mention("m1", "Hà Nội", "LOC", gold_value)
    assert values_match(gold, replace(gold, value=pred_value)) is expected


def test_empty_predictions_give_zero_recall_and_undefined_precision() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", "MOFA"), mention("m2", "Hà Nội", "LOC", "Hà Nội")]
    report = score([gold_doc(gold)], preds(pred_doc([])))
    counts = report.label_counts("ORG")
    assert approx(counts.strict) == (None, 0.0, 0.0)
    assert counts.value_accuracy is None
    assert [e.category for e in report.errors] == ["false_negative", "false_negative"]


def test_empty_gold_and_no_predictions_is_null_not_zero() -> None:
    report = score([gold_doc([])], preds(pred_doc([])))
    for label in report.labels:
        counts = report.label_counts(label)
        assert counts.strict == counts.overlap == Scores(None, None, None)
        assert counts.value_accuracy is None
    assert report.micro.strict == Scores(None, None, None)
    assert report.events.scores == Scores(None, None, None)


def test_unannotated_gold_value_is_not_scored() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", None)]
    pred = [mention("p1", ORG_FULL, "ORG", "MOFA")]
    counts = score([gold_doc(gold)], preds(pred_doc(pred))).label_counts("ORG")
    assert counts.overlap_tp == 1 and counts.value_scored == 0 and counts.value_accuracy is None


def test_micro_sums_over_labels_and_documents() -> None:
    # doc 1: ORG 1/1 exact, GPE gold 2 pred 1 exact; doc 2: ORG gold 1, pred 2 (one exact)
    doc1_gold = [mention("m1", ORG_FULL, "ORG", "MOFA"), mention("m2", "Việt Nam", "GPE", "VNM")]
    doc1_gold.append(mention("m3", "Hàn Quốc", "GPE", "KOR"))
    doc1_pred = [doc1_gold[0], doc1_gold[1]]
    doc2_gold = [mention("m1", "Hà Nội", "LOC", "Hà Nội")]
    doc2_pred = [doc2_gold[0], mention("p2", "Đại sứ", "LOC", "Đại sứ")]
    report = score(
        [gold_doc(doc1_gold, doc_id="a"), gold_doc(doc2_gold, doc_id="b")],
        preds(pred_doc(doc1_pred, doc_id="a"), pred_doc(doc2_pred, doc_id="b")),
    )
    micro = report.micro
    assert (micro.gold, micro.pred, micro.strict_tp) == (4, 4, 3)
    assert approx(micro.strict) == (0.75, 0.75, 0.75)
    assert approx(report.documents["a"].micro(report.labels).strict) == (1.0, 0.6667, 0.8)
    assert approx(report.documents["b"].counts("LOC").strict) == (0.5, 1.0, 0.6667)


def test_labels_filter_restricts_rows_and_micro() -> None:
    gold = [mention("m1", ORG_FULL, "ORG", "MOFA"), mention("m2", "Việt Nam", "GPE", "VNM")]
    report = score([gold_doc(gold)], preds(pred_doc(gold[:1])), labels=["GPE"])
    assert report.labels == ("GPE",)
    assert approx(report.micro.strict) == (None, 0.0, 0.0)
    assert {e.label for e in report.errors} == {"GPE"}
    with pytest.raises(ValueError, match="unknown label"):
        score([gold_doc(gold)], preds(pred_doc(gold)), labels=["NATION"])


def test_unknown_predicted_label_gets_its_own_row() -> None:
    report = score([gold_doc([])], preds(pred_doc([mention("p", "Hà Nội", "CITY", "x")])))
    assert report.labels[-1] == "CITY"
    assert approx(report.label_counts("CITY").strict) == (0.0, None, 0.0)


def _event(eid: str, etype: str, needle: str, *arguments: tuple[str, str]) -> EvalEvent:
    start, end = span(needle)
    return EvalEvent(eid, etype, start, end, tuple(EvalArgument(r, m) for r, m in arguments))


def test_events_and_arguments() -> None:
    gold_mentions = [
        mention("m1", ORG_FULL, "ORG", "MOFA"),
        mention("m2", "Hàn Quốc", "GPE", "KOR"),
        mention("m3", "ngày 5/3/2024", "DATE", "2024-03-05", kind="date"),
    ]
    gold_events = (
        _event("e1", "MEET", "tiếp", ("participant", "m1"), ("participant", "m2"), ("time", "m3")),
    )
    pred_mentions = [
        at("p1", 0, 13, "ORG", "MOFA"),  # overlaps m1
        mention("p2", "Hàn Quốc", "GPE", "KOR"),  # equals m2
        mention("p3", "Đại sứ", "PER", "Đại sứ"),  # no gold
    ]
    pred_events = (
        # trigger "tiếp Đại" overlaps gold trigger "tiếp": matches
        _event(
            "x1", "MEET", "tiếp Đại", ("participant", "p1"), ("participant", "p3"), ("place", "p2")
        ),
        _event("x2", "COOPERATE", "bàn", ("participant", "p2")),
    )
    report = score(
        [gold_doc(gold_mentions, gold_events)],
        preds(pred_doc(pred_mentions, pred_events)),
    )
    events, arguments = report.events, report.arguments
    assert (events.gold, events.pred, events.tp) == (1, 2, 1)
    assert approx(events.scores) == (0.5, 1.0, 0.6667)
    # only (e1, participant, m1) is right: p3 has no gold, p2 has the wrong role, x2 unmatched
    assert (arguments.gold, arguments.pred, arguments.tp) == (3, 4, 1)
    assert approx(arguments.scores) == (0.25, 0.3333, 0.2857)
    event_errors = [e for e in report.errors if e.label == "EVENT"]
    assert [(e.category, e.pred_value) for e in event_errors] == [("false_positive", "COOPERATE")]


def test_argument_errors_of_matched_events_are_missing_extra_or_wrong_mention() -> None:
    gold_mentions = [
        mention("m1", ORG_FULL, "ORG", "MOFA"),
        mention("m2", "Hàn Quốc", "GPE", "KOR"),
        mention("m3", "ngày 5/3/2024", "DATE", "2024-03-05", kind="date"),
        mention("m4", "Hà Nội", "LOC", "Hà Nội"),
    ]
    gold_events = (
        _event("e1", "MEET", "tiếp", ("participant", "m1"), ("time", "m3"), ("place", "m4")),
    )
    pred_mentions = [*gold_mentions[:3], mention("p5", "3 dự án", "COUNT", 3.0)]
    pred_events = (
        # time right; participant KOR instead of MOFA; no place; an extra quantity.
        _event("x1", "MEET", "tiếp", ("participant", "m2"), ("time", "m3"), ("quantity", "p5")),
    )
    report = score(
        [gold_doc(gold_mentions, gold_events)], preds(pred_doc(pred_mentions, pred_events))
    )
    errors = [(e.category, e.gold_value, e.pred_value) for e in report.errors]
    assert [e for e in errors if e[0] in {"missing_role", "extra_role", "wrong_mention"}] == [
        ("missing_role", "place=LOC 'Hà Nội'", None),
        ("extra_role", None, "quantity=COUNT '3 dự án'"),
        ("wrong_mention", f"participant=ORG '{ORG_FULL}'", "participant=GPE 'Hàn Quốc'"),
    ]
    assert all(e.label == "ARGUMENT" for e in report.errors if e.category == "extra_role")


@pytest.mark.parametrize(
    ("gold_modality", "pred_modality", "scored", "accuracy"),
    [
        (None, "planned", 0, None),  # not stated in gold: not scored
        ("planned", "planned", 1, 1.0),
        ("planned", "asserted", 1, 0.0),
        ("asserted", None, 1, 1.0),  # a prediction without one is asserted
    ],
)
def test_modality_is_scored_on_matched_events_whose_gold_states_it(
    gold_modality: str | None, pred_modality: str | None, scored: int, accuracy: float | None
) -> None:
    gold_mentions = [mention("m1", ORG_FULL, "ORG", "MOFA")]
    gold_event = replace(
        _event("e1", "MEET", "tiếp", ("participant", "m1")), modality=gold_modality
    )
    pred_event = replace(
        _event("x1", "MEET", "tiếp", ("participant", "m1")), modality=pred_modality
    )
    unmatched = replace(_event("e2", "SIGN", "bàn", ("participant", "m1")), modality="negated")
    report = score(
        [gold_doc(gold_mentions, (gold_event, unmatched))],
        preds(pred_doc(gold_mentions, (pred_event,))),
    )
    assert (report.modality_scored, report.modality_accuracy) == (scored, accuracy)
    wrong = [e for e in report.errors if e.category == "wrong_modality"]
    assert len(wrong) == (1 if accuracy == 0.0 else 0)


def test_event_type_must_match() -> None:
    gold_mentions = [mention("m1", ORG_FULL, "ORG", "MOFA")]
    gold_events = (_event("e1", "MEET", "tiếp", ("participant", "m1")),)
    pred_events = (_event("x1", "SIGN", "tiếp", ("participant", "m1")),)
    report = score(
        [gold_doc(gold_mentions, gold_events)], preds(pred_doc(gold_mentions, pred_events))
    )
    assert report.events.tp == 0 and report.arguments.tp == 0


def test_missing_event_tables_give_null_event_scores() -> None:
    gold_mentions = [mention("m1", ORG_FULL, "ORG", "MOFA")]
    gold_events = (_event("e1", "MEET", "tiếp", ("participant", "m1")),)
    report = score(
        [gold_doc(gold_mentions, gold_events)],
        preds(pred_doc(gold_mentions), has_events=False),
    )
    assert report.events.gold == 1 and report.events.pred is None
    assert report.events.scores == Scores(None, None, None)
    assert report.arguments.scores == Scores(None, None, None)


def test_hash_mismatch_missing_and_extra_documents() -> None:
    gold = [
        gold_doc([mention("m1", ORG_FULL, "ORG", "MOFA")], doc_id="same"),
        gold_doc([mention("m1", ORG_FULL, "ORG", "MOFA")], doc_id="changed"),
        gold_doc([mention("m1", ORG_FULL, "ORG", "MOFA")], doc_id="absent"),
    ]
    changed = replace(pred_doc([], doc_id="changed"), sha256="0" * 64)
    report = score(
        gold,
        preds(
            pred_doc(list(gold[0].mentions), doc_id="same"),
            changed,
            pred_doc([], doc_id="extra"),
        ),
    )
    assert [m.doc_id for m in report.mismatched_documents] == ["changed"]
    assert report.missing_documents == ("absent",)
    assert report.ignored_documents == ("extra",)
    assert sorted(report.documents) == ["absent", "same"]
    assert report.documents["absent"].status == "missing"
    counts = report.label_counts("ORG")
    assert (counts.gold, counts.pred, counts.strict_tp) == (2, 1, 1)  # "changed" excluded


def test_result_does_not_depend_on_row_order() -> None:
    gold = [at(f"m{i}", 3 * i, 3 * i + 2, "ORG", None) for i in range(10)]
    pred = [at(f"p{i}", 3 * i + 1, 3 * i + 4, "ORG", None) for i in range(10)]
    reference = score([gold_doc(gold)], preds(pred_doc(pred)))
    shuffled = pred[:]
    random.Random(7).shuffle(shuffled)
    again = score([gold_doc(gold)], preds(pred_doc(shuffled)))
    assert again.label_counts("ORG") == reference.label_counts("ORG")
    assert again.errors == reference.errors


def test_context_snippet_stays_on_the_line_and_marks_the_span() -> None:
    text = "Dòng đầu tiên.\nHội nghị tại Hà Nội bàn về lao động.\nDòng cuối."
    start, end = span("Hà Nội", text)
    assert context_snippet(text, start, end) == "Hội nghị tại ⟦Hà Nội⟧ bàn về lao động."
    assert context_snippet(text, start, end, width=4).startswith("…tại ⟦Hà Nội⟧ bàn…")


def test_mention_pairs_are_the_pairs_score_counts() -> None:
    gold = gold_doc(
        [
            mention("g1", "Bộ Ngoại giao", "ORG", "MOFA"),
            mention("g2", "Việt Nam", "GPE", "VNM"),
            mention("g3", "Hàn Quốc", "GPE", "KOR"),
        ]
    )
    pred = pred_doc(
        [
            mention("p1", "Bộ Ngoại giao Việt", "ORG", "MOFA"),  # boundary, still a pair
            mention("p2", "Hàn Quốc", "GPE", "KOR"),
            mention("p3", "Hà Nội", "GPE", "HAN"),  # no gold: false positive
        ]
    )
    pairs = mention_pairs(gold, pred)
    assert sorted((g.id, p.id) for g, p in pairs) == [("g1", "p1"), ("g3", "p2")]
    report = score([gold], Predictions(None, {"d1": pred}))
    assert len(pairs) == report.micro.overlap_tp
