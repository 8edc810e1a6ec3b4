"""The eval / import-gold / export-labelstudio subcommands, end to end on small files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.cli import main
from extract.tables.schemas import DOCUMENTS, EVENT_ARGUMENTS, EVENTS, MENTIONS

SEEDS = Path("/work/shared/gold/seeds.jsonl")
TEXT = "Ngày 20/5/2024, Bộ Nội vụ làm việc với Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)."


def run(argv: list[str]) -> int:
    return main(argv)


def _fill(schema: pa.Schema, row: dict[str, Any]) -> dict[str, Any]:
    neutral = {pa.string(): "", pa.int32(): 0, pa.int64(): 0, pa.float32(): 1.0}
    return {f.name: row.get(f.name, None if f.nullable else neutral[f.type]) for f in schema}


def _table(path: Path, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    pq.write_table(pa.Table.from_pylist([_fill(schema, r) for r in rows], schema=schema), path)


def write_output(out: Path, gold: list[dict[str, Any]], *, events: bool = True) -> Path:
    """Pipeline-shaped Parquet tables holding exactly the gold annotations."""
    out.mkdir(parents=True, exist_ok=True)
    docs, mentions, event_rows, arguments = [], [], [], []
    for doc in gold:
        digest = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
        docs.append({"doc_id": doc["doc_id"], "sha256": digest, "status": "ok"})
        for mention in doc["mentions"]:
            value = mention["value"]
            numeric = isinstance(value, int | float)
            attrs = mention.get("attrs", {})
            mentions.append(
                {
                    "doc_id": doc["doc_id"],
                    "mention_id": f"{doc['doc_id']}:{mention['id']}",
                    "start": mention["start"],
                    "end": mention["end"],
                    "label": mention["label"],
                    "text": mention["text"],
                    "value": str(value) if value is not None else None,
                    "value_num": float(value) if numeric else None,
                    **{k: attrs.get(k) for k in ("kind", "mod", "unit", "title")},
                }
            )
        for event in doc.get("events", []):
            event_id = f"{doc['doc_id']}:{event['id']}"
            event_rows.append(
                {
                    "doc_id": doc["doc_id"],
                    "event_id": event_id,
                    "type": event["type"],
                    "trigger_start": event["trigger"]["start"],
                    "trigger_end": event["trigger"]["end"],
                }
            )
            for argument in event["arguments"]:
                arguments.append(
                    {
                        "doc_id": doc["doc_id"],
                        "event_id": event_id,
                        "role": argument["role"],
                        "mention_id": f"{doc['doc_id']}:{argument['mention']}",
                    }
                )
    _table(out / "documents.parquet", DOCUMENTS, docs)
    _table(out / "mentions.parquet", MENTIONS, mentions)
    if events:
        _table(out / "events.parquet", EVENTS, event_rows)
        _table(out / "event_arguments.parquet", EVENT_ARGUMENTS, arguments)
    return out


def _m(mid: str, needle: str, label: str, value: Any, **attrs: Any) -> dict[str, Any]:
    start = TEXT.index(needle)
    return {
        "id": mid,
        "start": start,
        "end": start + len(needle),
        "label": label,
        "text": needle,
        "value": value,
        "attrs": attrs,
    }


def small_gold() -> dict[str, Any]:
    trigger = TEXT.index("làm việc với")
    return {
        "doc_id": "koica-01",
        "text": TEXT,
        "published": None,
        "mentions": [
            _m("m1", "Ngày 20/5/2024", "DATE", "2024-05-20", kind="date"),
            _m("m2", "Bộ Nội vụ", "ORG", "MOHA"),
            _m("m3", "Cơ quan Hợp tác Quốc tế Hàn Quốc", "ORG", "KOICA"),
            _m("m4", "KOICA", "ORG", "KOICA"),
        ],
        "events": [
            {
                "id": "e1",
                "type": "MEET",
                "trigger": {"start": trigger, "end": trigger + len("làm việc với")},
                "arguments": [
                    {"role": "participant", "mention": "m2"},
                    {"role": "participant", "mention": "m3"},
                    {"role": "time", "mention": "m1"},
                ],
            }
        ],
    }


def write_gold(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
    )
    return path


def test_eval_prints_table_errors_and_writes_json(tmp_path: Path, capsys) -> None:
    gold = small_gold()
    gold_path = write_gold(tmp_path / "gold.jsonl", [gold])
    predicted = json.loads(json.dumps(gold))
    predicted["mentions"] = predicted["mentions"][:3]  # KOICA acronym missed
    out = write_output(tmp_path / "out", [predicted])
    report = tmp_path / "report.json"
    code = run(["eval", str(gold_path), "--pred", str(out), "--json", str(report), "--errors", "5"])
    captured = capsys.readouterr()
    assert code == 0
    org_row = next(line for line in captured.out.splitlines() if line.startswith("ORG"))
    assert org_row.split()[1:6] == ["3", "2", "1.0000", "0.6667", "0.8000"]
    assert "ORG — false negatives" in captured.out and "'KOICA': gold KOICA" in captured.out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["labels"]["ORG"]["strict"]["r"] == 0.6667
    assert data["events"]["f1"] == 1.0 and data["arguments"]["f1"] == 1.0


def test_eval_json_is_byte_identical_across_runs(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path / "gold.jsonl", [small_gold()])
    out = write_output(tmp_path / "out", [small_gold()])
    assert (
        run(["eval", str(gold_path), "--pred", str(out), "--json", str(tmp_path / "a.json")]) == 0
    )
    assert (
        run(["eval", str(gold_path), "--pred", str(out), "--json", str(tmp_path / "b.json")]) == 0
    )
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_eval_labels_option_accepts_commas(tmp_path: Path, capsys) -> None:
    gold_path = write_gold(tmp_path / "gold.jsonl", [small_gold()])
    out = write_output(tmp_path / "out", [small_gold()])
    report = tmp_path / "r.json"
    assert (
        run(
            [
                "eval",
                str(gold_path),
                "--pred",
                str(out),
                "--labels",
                "DATE,ORG",
                "--json",
                str(report),
            ]
        )
        == 0
    )
    assert list(json.loads(report.read_text())["labels"]) == ["DATE", "ORG"]
    assert run(["eval", str(gold_path), "--pred", str(out), "--labels", "NATION"]) == 2
    assert "unknown label(s) NATION" in capsys.readouterr().err


def test_eval_reports_hash_mismatch_and_events_absent(tmp_path: Path, capsys) -> None:
    gold = small_gold()
    other = json.loads(json.dumps(gold))
    other["doc_id"] = "koica-02"
    gold_path = write_gold(tmp_path / "gold.jsonl", [gold, other])
    changed = json.loads(json.dumps(other))
    changed["text"] = TEXT.replace("2024", "2023")
    out = write_output(tmp_path / "out", [gold, changed], events=False)
    report = tmp_path / "r.json"
    assert run(["eval", str(gold_path), "--pred", str(out), "--json", str(report)]) == 0
    captured = capsys.readouterr()
    assert "warning: document koica-02" in captured.err and "excluded" in captured.err
    data = json.loads(report.read_text())
    assert [m["doc_id"] for m in data["mismatched_documents"]] == ["koica-02"]
    assert list(data["documents"]) == ["koica-01"]
    assert data["events"]["f1"] is None and data["arguments"]["p"] is None
    assert next(line for line in captured.out.splitlines() if line.startswith("events")).split()[
        2:
    ] == [
        "—",
        "—",
        "—",
        "—",
    ]


def test_bad_gold_exits_2_with_file_line_and_mention(tmp_path: Path, capsys) -> None:
    bad = small_gold()
    bad["mentions"][1]["text"] = "Bộ Ngoại giao"
    bad["events"][0]["arguments"].append({"role": "participant", "mention": "m9"})
    gold_path = write_gold(tmp_path / "gold.jsonl", [small_gold() | {"doc_id": "fine"}, bad])
    out = write_output(tmp_path / "out", [small_gold()])
    assert run(["eval", str(gold_path), "--pred", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{gold_path}:2: doc koica-01: mention m2: text 'Bộ Ngoại giao' differs" in err
    assert "'m9', which does not exist" in err
    assert "Traceback" not in err


def test_missing_prediction_folder_exits_2(tmp_path: Path, capsys) -> None:
    gold_path = write_gold(tmp_path / "gold.jsonl", [small_gold()])
    assert run(["eval", str(gold_path), "--pred", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: prediction folder not found" in capsys.readouterr().err


def test_import_gold_from_doccano_and_labelstudio(tmp_path: Path, capsys) -> None:
    start = TEXT.index("KOICA")
    doccano = tmp_path / "doccano.jsonl"
    line = {"id": 3, "text": TEXT, "label": [[start, start + 5, "ORG"]]}
    doccano.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    assert run(["import-gold", "--format", "doccano", str(doccano), "--gold", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["mentions"][0]["text"] == "KOICA" and written["doc_id"] == "3"
    assert "wrote 1 document(s), 1 mention(s)" in capsys.readouterr().out

    studio = tmp_path / "export.json"
    region = {
        "id": "x1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": start + 5, "text": "KOICA", "labels": ["ORGANISATION"]},
    }
    task = {"id": 4, "data": {"text": TEXT}, "annotations": [{"result": [region]}]}
    studio.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    bad_out = tmp_path / "bad.jsonl"
    assert run(["import-gold", "--format", "labelstudio", str(studio), "--gold", str(bad_out)]) == 2
    err = capsys.readouterr().err
    assert f"{studio} task 4" in err and "'ORGANISATION'" in err and "Traceback" not in err
    assert not bad_out.exists()


def test_export_labelstudio_from_source_files(tmp_path: Path, capsys) -> None:
    source = tmp_path / "koica-01.txt"
    source.write_bytes(TEXT.encode("utf-8"))
    out = write_output(tmp_path / "out", [small_gold()])
    table = pq.read_table(out / "documents.parquet").to_pylist()
    table[0]["source_path"] = str(source)
    pq.write_table(pa.Table.from_pylist(table, schema=DOCUMENTS), out / "documents.parquet")
    tasks_path, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    code = run(
        [
            "export-labelstudio",
            "--out",
            str(out),
            "--tasks",
            str(tasks_path),
            "--labelling-config",
            str(config),
        ]
    )
    assert code == 0
    (task,) = json.loads(tasks_path.read_text(encoding="utf-8"))
    assert task["data"]["doc_id"] == "koica-01"
    labels = sorted(
        r["value"]["labels"][0] for r in task["predictions"][0]["result"] if r["type"] == "labels"
    )
    assert labels == ["DATE", "MEET", "ORG", "ORG", "ORG"]
    assert config.read_text(encoding="utf-8").startswith("<View>")
    # without readable sources nothing can be exported: a clear error, exit 2
    source.unlink()
    assert run(["export-labelstudio", "--pred", str(out), "--tasks", str(tasks_path)]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.skipif(not SEEDS.exists(), reason="dev gold not available")
def test_dev_gold_scored_against_itself_is_perfect(tmp_path: Path) -> None:
    gold = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
    out = write_output(tmp_path / "out", gold)
    report = tmp_path / "self.json"
    assert run(["eval", str(SEEDS), "--pred", str(out), "--json", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["scored_documents"] == len(gold) == 5
    for name, row in data["labels"].items():
        assert row["gold"] > 0, name
        assert row["strict"]["f1"] == row["overlap"]["f1"] == 1.0, name
        assert row["value_accuracy"] == 1.0, name
    assert data["micro"]["strict"]["f1"] == 1.0 and data["micro"]["value_accuracy"] == 1.0
    assert data["events"]["f1"] == 1.0 and data["arguments"]["f1"] == 1.0
    assert data["events"]["gold"] == sum(len(d["events"]) for d in gold)
    for doc in data["documents"].values():
        assert doc["micro"]["strict"]["f1"] == 1.0
