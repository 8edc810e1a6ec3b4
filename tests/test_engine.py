"""End-to-end runs: tables, failures recorded per document, incremental and idempotent reruns."""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.runner.config import load_config
from extract.runner.engine import run
from extract.tables.schemas import DOCUMENT_TABLES

ARTICLE_A = (
    "Hợp tác quốc tế\n07:39 - 30/01/2022\nBộ Nội vụ họp với ILO tại Hà Nội. Hai bên ký kết.\n"
)
ARTICLE_B = "Tin vắn\nViệt Nam và Lào trao đổi kinh nghiệm về bảo hiểm xã hội.\n"


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in DOCUMENT_TABLES}


def _rows(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / f"{name}.parquet").to_pylist()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (raw / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return raw


def test_run_writes_every_table_with_exact_offsets(corpus: Path, tmp_path: Path, text_only_config):
    out = tmp_path / "out"
    summary = run([corpus], out, config=load_config(text_only_config))
    assert summary.processed == 2 and summary.failed == 0
    for name, schema in DOCUMENT_TABLES.items():
        assert pq.read_schema(out / f"{name}.parquet").remove_metadata().equals(schema)
    docs = {r["doc_id"]: r for r in _rows(out, "documents")}
    assert docs["a"]["published"].isoformat() == "2022-01-30"
    assert docs["a"]["published_source"] == "header"
    assert docs["b"]["published"] is None
    texts = {"a": ARTICLE_A, "b": ARTICLE_B}
    for row in _rows(out, "sentences"):
        assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"]
    assert not list(out.glob(".staging-*"))


def test_rerun_is_idempotent_and_skips_unchanged(corpus: Path, tmp_path: Path, text_only_config):
    config = load_config(text_only_config)
    out = tmp_path / "out"
    run([corpus], out, config=config)
    before = _tables(out)
    summary = run([corpus], out, config=config)
    assert summary.processed == 0 and summary.unchanged == 2
    assert _tables(out) == before


def test_new_and_changed_articles_only(corpus: Path, tmp_path: Path, text_only_config):
    config = load_config(text_only_config)
    out = tmp_path / "out"
    run([corpus], out, config=config)
    old_a = [r for r in _rows(out, "sentences") if r["doc_id"] == "a"]
    (corpus / "c.txt").write_text("Tin mới\nĐức tiếp nhận lao động Việt Nam.\n", encoding="utf-8")
    (corpus / "b.txt").write_text(
        "Tin vắn sửa\nNội dung đã thay đổi hoàn toàn.\n", encoding="utf-8"
    )
    summary = run([corpus], out, config=config)
    assert summary.processed == 2 and summary.unchanged == 1
    rows = _rows(out, "sentences")
    assert [r for r in rows if r["doc_id"] == "a"] == old_a
    b_texts = [r["text"] for r in rows if r["doc_id"] == "b"]
    assert b_texts == ["Tin vắn sửa", "Nội dung đã thay đổi hoàn toàn."]
    assert sorted({r["doc_id"] for r in _rows(out, "documents")}) == ["a", "b", "c"]
    keys = [(r["doc_id"], r["sentence_id"]) for r in rows]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_bad_documents_are_recorded_and_the_run_goes_on(tmp_path: Path, text_only_config):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    (raw / "latin1.txt").write_bytes("Hà Nội".encode("utf-16"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blank.txt").write_bytes(b"  \r\n \n")
    (raw / "crlf.txt").write_bytes(ARTICLE_B.replace("\n", "\r\n").encode())
    nfd_text = unicodedata.normalize("NFD", ARTICLE_B)
    (raw / "nfd.txt").write_text(nfd_text, encoding="utf-8")
    (raw / "sub" / "good.txt").write_text(ARTICLE_B, encoding="utf-8")
    out = tmp_path / "out"
    summary = run([raw], out, config=load_config(text_only_config))
    docs = {r["doc_id"]: r for r in _rows(out, "documents")}
    assert docs["good"]["status"] == "ok"
    assert docs["latin1"]["status"] == "error" and "[E001]" in docs["latin1"]["error"]
    assert "latin1.txt" in docs["latin1"]["error"]
    assert "[E002]" in docs["empty"]["error"] and "[E003]" in docs["blank"]["error"]
    duplicate = [d for d in docs.values() if d["error"] and "[E004]" in d["error"]]
    assert len(duplicate) == 1 and duplicate[0]["status"] == "error"
    assert docs["crlf"]["status"] == "ok" and docs["nfd"]["status"] == "ok"
    assert summary.failed == 4
    originals = {"crlf": ARTICLE_B.replace("\n", "\r\n"), "nfd": nfd_text, "good": ARTICLE_A}
    for row in _rows(out, "sentences"):
        if row["doc_id"] in originals:
            assert originals[row["doc_id"]][row["start"] : row["end"]] == row["text"]
            assert "\r" not in row["text"]
    nfd_sentences = [r["text"] for r in _rows(out, "sentences") if r["doc_id"] == "nfd"]
    assert [unicodedata.normalize("NFC", t) for t in nfd_sentences] == [
        "Tin vắn",
        "Việt Nam và Lào trao đổi kinh nghiệm về bảo hiểm xã hội.",
    ]


def test_config_change_rebuilds(corpus: Path, tmp_path: Path, text_only_config):
    out = tmp_path / "out"
    run([corpus], out, config=load_config(text_only_config))
    changed = tmp_path / "changed.toml"
    shutil.copy(text_only_config, changed)
    changed.write_text(changed.read_text() + "\n# edited\n", encoding="utf-8")
    summary = run([corpus], out, config=load_config(changed))
    assert summary.rebuilt and summary.processed == 2


def test_incremental_runs_do_not_pile_up_row_groups(tmp_path: Path, text_only_config):
    config = load_config(text_only_config)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for k in range(4):
        (raw / f"n{k}.txt").write_text(f"Tin số {k}\nBộ Nội vụ họp lần thứ {k}.\n", "utf-8")
        run([raw], out, config=config)
    # Each run added one document; every publish rewrites the merged table in full row groups,
    # so small row groups of earlier runs never pile up.
    sentences = pq.ParquetFile(out / "sentences.parquet")
    assert sentences.num_row_groups == 1
    assert [r["doc_id"] for r in _rows(out, "documents")] == ["n0", "n1", "n2", "n3"]


@pytest.mark.parametrize(
    ("limits", "size", "code"),
    [
        ("max_document_chars = 5000", 6000, "[E053]"),
        ("max_seconds_per_document = 0.2", 300_000, "[E052]"),
    ],
)
def test_a_document_over_a_limit_gets_an_error_row_and_the_others_are_processed(
    limits: str, size: int, code: str, tmp_path: Path, text_only_config: Path
) -> None:
    config_path = tmp_path / "pipeline.toml"
    config_path.write_text(
        text_only_config.read_text(encoding="utf-8") + f"\n[limits]\n{limits}\n", "utf-8"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "big.txt").write_text(("Bộ Nội vụ họp với ILO. " * size)[:size], encoding="utf-8")
    (raw / "small.txt").write_text(ARTICLE_B, encoding="utf-8")
    summary = run([raw], tmp_path / "out", config=load_config(config_path))
    assert summary.processed == 2 and summary.failed == 1
    docs = {r["doc_id"]: r for r in _rows(tmp_path / "out", "documents")}
    assert docs["big"]["status"] == "error" and docs["big"]["error"].startswith(code)
    assert "big.txt" in docs["big"]["error"]
    assert docs["small"]["status"] == "ok" and docs["small"]["n_sentences"] == 2


def test_a_metadata_change_reprocesses_the_document(tmp_path: Path, text_only_config: Path):
    config = load_config(text_only_config)
    source = tmp_path / "in.jsonl"
    record = {"doc_id": "j1", "text": "Ngày 15/1, Bộ Nội vụ họp.", "published": "2019-01-10"}
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([source], out, config=config)
    record["published"] = "2020-01-10"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = run([source], out, config=config)
    assert summary.processed == 1 and summary.unchanged == 0
    assert _rows(out, "documents")[0]["published"].isoformat() == "2020-01-10"


@pytest.mark.parametrize("prune", [False, True])
def test_documents_missing_from_the_inputs_are_kept_unless_pruned(
    prune: bool, corpus: Path, tmp_path: Path, text_only_config: Path
) -> None:
    config = load_config(text_only_config)
    out = tmp_path / "out"
    run([corpus], out, config=config)
    (corpus / "b.txt").unlink()
    summary = run([corpus], out, config=config, prune=prune)
    assert summary.pruned == (1 if prune else 0)
    expected = ["a"] if prune else ["a", "b"]
    assert [r["doc_id"] for r in _rows(out, "documents")] == expected
    assert {r["doc_id"] for r in _rows(out, "sentences")} == set(expected)


def test_rows_that_cannot_be_stored_give_that_document_an_error_row(
    tmp_path: Path, text_only_config: Path
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    # A file name that is not UTF-8 reaches Python with a lone surrogate in it.
    with open(os.path.join(os.fsencode(raw), b"bad\xff.txt"), "wb") as handle:
        handle.write(ARTICLE_B.encode("utf-8"))
    (raw / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    summary = run([raw], tmp_path / "out", config=load_config(text_only_config))
    assert summary.processed == 2
    docs = {r["doc_id"]: r for r in _rows(tmp_path / "out", "documents")}
    assert docs["good"]["status"] == "ok"
    assert docs["bad\\udcff"]["status"] == "error" and "[E054]" in docs["bad\\udcff"]["error"]
    assert {r["doc_id"] for r in _rows(tmp_path / "out", "sentences")} == {"good"}
