"""Gold loading and validation: every problem is reported with file, line and item."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from extract.evaluation.gold import (
    GoldFormatError,
    dump_gold,
    dumps_gold,
    load_gold,
    parse_gold_lines,
)

TEXT = "Bộ Y tế ký Bản ghi nhớ với Nhật Bản năm 2023 về 3 dự án."
#      0         1         2         3         4         5
#      0123456789012345678901234567890123456789012345678901234567


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _mention(mid: str, needle: str, label: str, value: Any, **attrs: Any) -> dict[str, Any]:
    start, end = _span(TEXT, needle)
    return {
        "id": mid,
        "start": start,
        "end": end,
        "label": label,
        "text": needle,
        "value": value,
        "attrs": attrs,
    }


def _document(doc_id: str = "d1") -> dict[str, Any]:
    sign_start, sign_end = _span(TEXT, "ký")
    return {
        "doc_id": doc_id,
        "text": TEXT,
        "published": "2023-05-02",
        "mentions": [
            _mention("m1", "Bộ Y tế", "ORG", "Bộ Y tế"),
            _mention("m2", "Bản ghi nhớ", "AGREEMENT", "Bản ghi nhớ", kind="mou"),
            _mention("m3", "Nhật Bản", "GPE", "JPN"),
            _mention("m4", "năm 2023", "DATE", "2023", kind="date"),
            _mention("m5", "3 dự án", "COUNT", 3, unit="dự án"),
        ],
        "events": [
            {
                "id": "e1",
                "type": "SIGN",
                "trigger": {"start": sign_start, "end": sign_end},
                "arguments": [
                    {"role": "participant", "mention": "m1"},
                    {"role": "agreement", "mention": "m2"},
                    {"role": "time", "mention": "m4"},
                ],
            }
        ],
    }


def _write(tmp_path: Path, records: list[Any], name: str = "gold.jsonl") -> Path:
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_document_loads_into_typed_records(tmp_path: Path) -> None:
    docs = load_gold(_write(tmp_path, [_document()]))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.doc_id == "d1" and doc.line == 1 and doc.published == "2023-05-02"
    assert [m.label for m in doc.mentions] == ["ORG", "AGREEMENT", "GPE", "DATE", "COUNT"]
    assert doc.mentions[3].kind == "date"
    assert doc.mentions[4].value == 3 and doc.mentions[4].unit == "dự án"
    assert doc.events[0].type == "SIGN"
    assert [(a.role, a.mention_id) for a in doc.events[0].arguments] == [
        ("participant", "m1"),
        ("agreement", "m2"),
        ("time", "m4"),
    ]


def _broken(mutate: Any) -> dict[str, Any]:
    doc = copy.deepcopy(_document())
    mutate(doc)
    return doc


def _set(path: list[Any], value: Any) -> Any:
    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


BROKEN = [
    ("offset outside text", _set(["mentions", 0, "end"], 500), "mention m1", "outside the text"),
    ("empty span", _set(["mentions", 0, "end"], 0), "mention m1", "outside the text"),
    ("text differs", _set(["mentions", 0, "text"], "Bộ Y"), "mention m1", "differs"),
    ("unknown label", _set(["mentions", 2, "label"], "COUNTRY"), "mention m3", "COUNTRY"),
    ("bad DATE kind", _set(["mentions", 3, "attrs"], {"kind": "day"}), "mention m4", "'day'"),
    ("DATE without kind", _set(["mentions", 3, "attrs"], {}), "mention m4", "needs attrs.kind"),
    (
        "bad AGREEMENT kind",
        _set(["mentions", 1, "attrs"], {"kind": "memo"}),
        "mention m2",
        "'memo'",
    ),
    ("bad DATE mod", _set(["mentions", 3, "attrs", "mod"], "ABOUT"), "mention m4", "'ABOUT'"),
    ("COUNT value string", _set(["mentions", 4, "value"], "3"), "mention m5", "JSON number"),
    ("unknown attribute", _set(["mentions", 0, "attrs"], {"knd": "x"}), "mention m1", "'knd'"),
    ("attr on wrong label", _set(["mentions", 2, "attrs"], {"kind": "date"}), "mention m3", "kind"),
    ("duplicate mention id", _set(["mentions", 1, "id"], "m1"), "mention m1", "duplicate"),
    ("missing value key", lambda d: d["mentions"][0].pop("value"), "mention m1", "value"),
    ("bad event type", _set(["events", 0, "type"], "VISIT"), "event e1", "'VISIT'"),
    ("bad role", _set(["events", 0, "arguments", 0, "role"], "actor"), "event e1", "'actor'"),
    (
        "argument to missing mention",
        _set(["events", 0, "arguments", 0, "mention"], "m99"),
        "event e1",
        "m99",
    ),
    (
        "role does not fit label",
        _set(["events", 0, "arguments", 0, "mention"], "m5"),
        "event e1",
        "role participant",
    ),
    ("event without arguments", _set(["events", 0, "arguments"], []), "event e1", "argument"),
    (
        "trigger outside text",
        _set(["events", 0, "trigger"], {"start": 3, "end": 900}),
        "event e1",
        "outside",
    ),
    ("bad published", _set(["published"], "02/05/2023"), "doc d1", "published"),
]


@pytest.mark.parametrize(
    ("mutate", "item", "fragment"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_each_problem_is_reported_with_file_line_and_item(
    tmp_path: Path, mutate: Any, item: str, fragment: str
) -> None:
    path = _write(tmp_path, [_document("ok"), _broken(mutate)])
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    message = str(caught.value)
    assert f"{path}:2" in message
    assert item in message and fragment in message
    assert all(problem.where == f"{path}:2" for problem in caught.value.problems)


def test_same_label_overlap_is_a_problem(tmp_path: Path) -> None:
    doc = _document()
    doc["mentions"].append(_mention("m6", "Y tế", "ORG", "Y tế"))
    with pytest.raises(GoldFormatError, match=r"m6.*overlaps ORG mention m1"):
        load_gold(_write(tmp_path, [doc]))


def test_duplicate_event_id(tmp_path: Path) -> None:
    doc = _document()
    doc["events"].append(copy.deepcopy(doc["events"][0]))
    with pytest.raises(GoldFormatError, match="event e1: duplicate event id"):
        load_gold(_write(tmp_path, [doc]))


def test_duplicate_doc_id_names_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_document("x"), _document("y"), _document("x")])
    with pytest.raises(GoldFormatError, match=rf"{path}:3: doc x: duplicate doc_id .*{path}:1"):
        load_gold(path)


def test_all_problems_of_a_file_are_collected(tmp_path: Path) -> None:
    bad_label = _broken(_set(["mentions", 2, "label"], "NATION"))
    bad_kind = _broken(_set(["mentions", 3, "attrs"], {"kind": "week"}))
    bad_kind["doc_id"] = "d2"
    path = _write(tmp_path, [bad_label, "{not json", bad_kind])
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    wheres = [problem.where for problem in caught.value.problems]
    assert wheres == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in str(caught.value)


def test_missing_and_empty_files_raise_gold_format_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="file not found"):
        load_gold(tmp_path / "nope.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="no documents"):
        load_gold(empty)


def test_null_value_means_unannotated_and_allows_missing_kind() -> None:
    doc = _document()
    doc["mentions"][3]["value"] = None
    doc["mentions"][3]["attrs"] = {}
    docs = parse_gold_lines([json.dumps(doc)], source="mem")
    assert docs[0].mentions[3].value is None and docs[0].mentions[3].kind is None


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    original = load_gold(_write(tmp_path, [_document("a"), _document("b")]))
    path = tmp_path / "again.jsonl"
    dump_gold(original, path)
    again = load_gold(path)
    assert [d.mentions for d in again] == [d.mentions for d in original]
    assert [d.events for d in again] == [d.events for d in original]
    assert dumps_gold(again) == path.read_text(encoding="utf-8")


def test_real_dev_gold_is_valid() -> None:
    seeds = Path("/work/shared/gold/seeds.jsonl")
    if not seeds.exists():
        pytest.skip("dev gold not available")
    docs = load_gold(seeds)
    assert len(docs) == 5
    assert all(m.text == d.text[m.start : m.end] for d in docs for m in d.mentions)


def test_repository_dev_gold_states_modalities_and_scores_itself_perfectly() -> None:
    from extract.evaluation.predictions import gold_to_predictions
    from extract.evaluation.scorer import score

    docs = load_gold(Path(__file__).resolve().parents[1] / "corpus" / "gold" / "seeds.jsonl")
    stated = [e.modality for d in docs for e in d.events if e.modality is not None]
    assert {"asserted", "planned", "ongoing"} <= set(stated)
    report = score(docs, gold_to_predictions(docs))
    assert report.modality_scored == len(stated) and report.modality_accuracy == 1.0
