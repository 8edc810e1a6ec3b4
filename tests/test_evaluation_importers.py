"""Importing Label Studio and doccano exports into validated §7 gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extract.evaluation.gold import GoldFormatError, dump_gold, load_gold
from extract.evaluation.importers import (
    import_doccano,
    import_labelstudio,
    load_doccano,
    load_labelstudio,
)
from extract.evaluation.model import GoldDocument

TEXT = "Sáng 12/3, Bộ Nội vụ tiếp đoàn của UNDP tại Hà Nội và trao 20 suất học bổng."


def _at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _region(rid: str, needle: str, label: str, text: str = TEXT) -> dict[str, Any]:
    start, end = _at(needle, text)
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": needle, "labels": [label]},
    }


def _textarea(rid: str, needle: str, name: str, value: str) -> dict[str, Any]:
    start, end = _at(needle)
    return {
        "id": rid,
        "from_name": name,
        "to_name": "text",
        "type": "textarea",
        "value": {"start": start, "end": end, "text": [value]},
    }


def _choices(rid: str, needle: str, name: str, value: str) -> dict[str, Any]:
    start, end = _at(needle)
    return {
        "id": rid,
        "from_name": name,
        "to_name": "text",
        "type": "choices",
        "value": {"start": start, "end": end, "choices": [value]},
    }


def _relation(source: str, target: str, role: str) -> dict[str, Any]:
    return {
        "from_id": source,
        "to_id": target,
        "type": "relation",
        "direction": "right",
        "labels": [role],
    }


def _annotation(result: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": 101,
        "completed_by": 1,
        "was_cancelled": False,
        "ground_truth": False,
        "created_at": "2024-03-12T08:00:00.000000Z",
        "updated_at": "2024-03-12T08:00:00.000000Z",
        "result": result,
        **extra,
    }


def _labelstudio_export() -> list[dict[str, Any]]:
    result = [
        _region("Ab12Cd34Ef", "Sáng 12/3", "DATE"),
        _textarea("Ab12Cd34Ef", "Sáng 12/3", "value", "2024-03-12"),
        _choices("Ab12Cd34Ef", "Sáng 12/3", "kind", "date"),
        _region("Gh56Ij78Kl", "Bộ Nội vụ", "ORG"),
        _textarea("Gh56Ij78Kl", "Bộ Nội vụ", "value", "MOHA"),
        _region("Mn90Op12Qr", "UNDP", "ORG"),
        _textarea("Mn90Op12Qr", "UNDP", "value", "UNDP"),
        _region("St34Uv56Wx", "Hà Nội", "LOC"),
        _region("Yz78Ab90Cd", "20 suất học bổng", "COUNT"),
        _textarea("Yz78Ab90Cd", "20 suất học bổng", "value", "20"),
        _textarea("Yz78Ab90Cd", "20 suất học bổng", "unit", "suất học bổng"),
        _region("Tr11Gg22Er", "tiếp", "MEET"),
        _relation("Tr11Gg22Er", "Gh56Ij78Kl", "participant"),
        _relation("Tr11Gg22Er", "Mn90Op12Qr", "participant"),
        _relation("St34Uv56Wx", "Tr11Gg22Er", "place"),  # drawn from mention to trigger
        _relation("Tr11Gg22Er", "Ab12Cd34Ef", "time"),
    ]
    cancelled = _annotation([_region("zz", "UNDP", "PER")], id=102, was_cancelled=True)
    older = _annotation(
        [_region("yy", "UNDP", "GPE")],
        id=100,
        updated_at="2024-03-01T08:00:00.000000Z",
    )
    return [
        {
            "id": 7,
            "data": {"text": TEXT, "doc_id": "vn-0007", "published": "2024-03-12"},
            "annotations": [older, _annotation(result), cancelled],
            "predictions": [],
        },
        {"id": 8, "data": {"text": "Chưa gán nhãn."}, "annotations": []},
    ]


def _content(doc: GoldDocument) -> dict[str, Any]:
    spans = {m.id: (m.start, m.end, m.label) for m in doc.mentions}
    return {
        "mentions": sorted(
            (m.start, m.end, m.label, m.text, m.value, tuple(sorted(m.attrs().items())))
            for m in doc.mentions
        ),
        "events": sorted(
            (
                e.type,
                e.trigger_start,
                e.trigger_end,
                tuple(sorted((a.role, spans[a.mention_id]) for a in e.arguments)),
            )
            for e in doc.events
        ),
    }


def test_labelstudio_export_becomes_gold_with_values_and_events() -> None:
    result = import_labelstudio(_labelstudio_export(), source="export.json")
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert doc.doc_id == "vn-0007" and doc.published == "2024-03-12"
    by_text = {m.text: m for m in doc.mentions}
    assert by_text["Sáng 12/3"].value == "2024-03-12" and by_text["Sáng 12/3"].kind == "date"
    assert by_text["Bộ Nội vụ"].value == "MOHA"
    assert by_text["Hà Nội"].value == "Hà Nội"  # LOC: the name as written
    count = by_text["20 suất học bổng"]
    assert count.value == 20 and isinstance(count.value, int) and count.unit == "suất học bổng"
    assert "UNDP" in by_text and by_text["UNDP"].label == "ORG"  # not the older/cancelled ones
    assert [m.id for m in doc.mentions] == ["m1", "m2", "m3", "m4", "m5"]
    (event,) = doc.events
    roles = sorted((a.role, doc.mentions[int(a.mention_id[1:]) - 1].text) for a in event.arguments)
    assert event.type == "MEET" and TEXT[event.trigger_start : event.trigger_end] == "tiếp"
    assert roles == [
        ("participant", "Bộ Nội vụ"),
        ("participant", "UNDP"),
        ("place", "Hà Nội"),
        ("time", "Sáng 12/3"),
    ]
    assert any("task 8" in w and "skipped" in w for w in result.warnings)


def test_labelstudio_kind_in_label_and_utf16_offsets() -> None:
    text = "🇻🇳 Hiệp định Thương mại tự do Việt Nam - EU (EVFTA) có hiệu lực từ năm 2020."
    surface = "Hiệp định Thương mại tự do Việt Nam - EU"
    start = text.index(surface)
    astral = sum(1 for c in text[:start] if ord(c) > 0xFFFF)
    region = {
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": start + astral,  # JavaScript counts UTF-16 code units
            "end": start + astral + len(surface),
            "text": surface,
            "labels": ["AGREEMENT:trade_agreement"],
        },
    }
    value = {"id": "r1", "from_name": "value", "type": "textarea", "value": {"text": ["EVFTA"]}}
    task = {
        "id": 3,
        "data": {"text": text, "id": "evfta"},
        "annotations": [_annotation([region, value])],
    }
    (doc,) = import_labelstudio([task], source="ls.json").documents
    (mention,) = doc.mentions
    assert (mention.start, mention.end, mention.text) == (start, start + len(surface), surface)
    assert mention.kind == "trade_agreement" and mention.value == "EVFTA"
    assert doc.doc_id == "evfta"


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r[3]["value"].update(end=500), "mention m2: span"),
        (lambda r: r[0]["value"].update(labels=["TIME"]), "label 'TIME'"),
        (lambda r: r[2]["value"].update(choices=["day"]), "DATE kind 'day'"),
        (lambda r: r[9]["value"].update(text=["hai mươi"]), "COUNT value must be a JSON number"),
        (lambda r: r.append(_relation("Gh56Ij78Kl", "Mn90Op12Qr", "participant")), "two mentions"),
        (lambda r: r[13].update(labels=["sponsor"]), "role 'sponsor'"),
    ],
)
def test_labelstudio_problems_name_the_task(mutate: Any, fragment: str) -> None:
    export = _labelstudio_export()
    mutate(export[0]["annotations"][1]["result"])
    with pytest.raises(GoldFormatError) as caught:
        import_labelstudio(export, source="export.json")
    message = str(caught.value)
    assert "export.json task 7" in message and "vn-0007" in message
    assert fragment in message


def test_doccano_label_triples() -> None:
    line = {
        "id": 41,
        "text": TEXT,
        "label": [
            [*_at("Bộ Nội vụ"), "ORG"],
            [*_at("Hà Nội"), "LOC"],
            [*_at("Sáng 12/3"), "DATE:date"],
        ],
    }
    result = import_doccano([json.dumps(line, ensure_ascii=False)], source="d.jsonl")
    (doc,) = result.documents
    assert doc.doc_id == "41"
    got = [(m.text, m.label, m.value, m.kind) for m in doc.mentions]
    assert got == [
        ("Sáng 12/3", "DATE", None, "date"),
        ("Bộ Nội vụ", "ORG", None, None),
        ("Hà Nội", "LOC", "Hà Nội", None),
    ]
    assert any("2 mention(s) have no value" in w for w in result.warnings)


def test_doccano_entities_and_relations(tmp_path: Path) -> None:
    line = {
        "id": 9,
        "text": TEXT,
        "meta": {"doc_id": "vn-0009"},
        "entities": [
            {"id": 1, "label": "ORG", "start_offset": _at("UNDP")[0], "end_offset": _at("UNDP")[1]},
            {
                "id": 2,
                "label": "MEET",
                "start_offset": _at("tiếp")[0],
                "end_offset": _at("tiếp")[1],
            },
            {
                "id": 3,
                "label": "COUNT",
                "start_offset": _at("20 suất")[0],
                "end_offset": _at("20 suất")[1],
            },
        ],
        "relations": [{"id": 5, "from_id": 2, "to_id": 1, "type": "participant"}],
        "Comments": [],
    }
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = load_doccano(path).documents
    assert doc.doc_id == "vn-0009"
    assert [(m.label, m.text) for m in doc.mentions] == [("ORG", "UNDP"), ("COUNT", "20 suất")]
    (event,) = doc.events
    assert event.type == "MEET" and [(a.role, a.mention_id) for a in event.arguments] == [
        ("participant", "m1")
    ]


def test_doccano_problems_name_file_and_line(tmp_path: Path) -> None:
    good = {"id": 1, "text": "Hà Nội.", "label": [[0, 6, "LOC"]]}
    bad = {"id": 2, "text": "Hà Nội.", "label": [[0, 60, "LOC"], [0, 2]]}
    path = tmp_path / "d.jsonl"
    path.write_text(f"{json.dumps(good)}\n{json.dumps(bad)}\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as caught:
        load_doccano(path)
    message = str(caught.value)
    assert f"{path}:2" in message and "[start, end, label]" in message and "outside" in message
    assert f"{path}:1" not in message


def test_imported_gold_passes_load_gold(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_labelstudio_export(), ensure_ascii=False), encoding="utf-8")
    result = load_labelstudio(path)
    dump_gold(result.documents, tmp_path / "gold.jsonl")
    again = load_gold(tmp_path / "gold.jsonl")
    assert [_content(d) for d in again] == [_content(d) for d in result.documents]


def test_unreadable_export_is_a_gold_format_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="invalid JSON"):
        load_labelstudio(path)
