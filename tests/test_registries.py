"""Entity and agreement registries built from per-document rows."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.consolidate import registries
from extract.consolidate.registries import build_agreements, build_entities
from extract.tables.schemas import DOCUMENT_TABLES, ENTITIES


def _mentions(rows: list[tuple]) -> pd.DataFrame:
    columns = ["doc_id", "mention_id", "start", "end", "label", "text", "value", "kind"]
    return pd.DataFrame(rows, columns=columns)


DOCUMENTS = pd.DataFrame(
    {"doc_id": ["a", "b"], "published": [date(2019, 1, 15), date(2022, 1, 30)]}
)


def test_two_spellings_of_one_organization_make_one_entity() -> None:
    mentions = _mentions(
        [
            ("a", "a:ORG:10-34", 10, 34, "ORG", "Tổ chức Lao động quốc tế", "ILO", None),
            ("a", "a:ORG:36-39", 36, 39, "ORG", "ILO", "ILO", None),
            ("b", "b:ORG:5-8", 5, 8, "ORG", "ILO", "ILO", None),
            ("b", "b:GPE:0-8", 0, 8, "GPE", "Việt Nam", "VNM", None),
            ("b", "b:DATE:20-28", 20, 28, "DATE", "năm 2018", "2018", "date"),
        ]
    )
    rows = {r["entity_id"]: r for r in build_entities(mentions, DOCUMENTS).to_pylist()}
    assert set(rows) == {"ORG:ILO", "GPE:VNM"}
    ilo = rows["ORG:ILO"]
    assert ilo["aliases"] == ["ILO", "Tổ chức Lao động quốc tế"]
    assert ilo["display_name"] == "ILO"
    assert (ilo["n_documents"], ilo["n_mentions"]) == (2, 3)
    assert ilo["first_published"] == date(2019, 1, 15)
    assert ilo["last_published"] == date(2022, 1, 30)
    assert ilo["first_mention_id"] == "a:ORG:10-34"
    assert ilo["doc_ids"] == ["a", "b"]


def test_agreement_status_and_parties_come_from_events() -> None:
    mentions = _mentions(
        [
            (
                "a",
                "a:AGREEMENT:0-40",
                0,
                40,
                "AGREEMENT",
                "Hiệp định hợp tác lao động Việt Nam - Lào",
                "Hiệp định hợp tác lao động Việt Nam - Lào",
                "treaty",
            ),
            ("a", "a:GPE:27-35", 27, 35, "GPE", "Việt Nam", "VNM", None),
            ("a", "a:GPE:38-41", 38, 40, "GPE", "Lào", "LAO", None),
            ("b", "b:AGREEMENT:0-5", 0, 5, "AGREEMENT", "CPTPP", "CPTPP", "trade_agreement"),
            ("b", "b:ORG:10-19", 10, 19, "ORG", "Bộ Nội vụ", "MOHA", None),
        ]
    )
    events = pd.DataFrame(
        {
            "doc_id": ["b", "b"],
            "event_id": ["b:NEGOTIATE:1-2", "b:SIGN:3-4"],
            "sentence_id": [0, 1],
            "type": ["NEGOTIATE", "SIGN"],
            "modality": ["asserted", "planned"],
        }
    )
    arguments = pd.DataFrame(
        {
            "doc_id": ["b", "b", "b"],
            "event_id": ["b:NEGOTIATE:1-2", "b:NEGOTIATE:1-2", "b:SIGN:3-4"],
            "role": ["agreement", "participant", "agreement"],
            "mention_id": ["b:AGREEMENT:0-5", "b:ORG:10-19", "b:AGREEMENT:0-5"],
            "value": ["CPTPP", "MOHA", "CPTPP"],
        }
    )
    sentences = pd.DataFrame({"doc_id": ["b", "b"], "sentence_id": [0, 1], "text": ["x", "y"]})
    rows = {
        r["value"]: r
        for r in build_agreements(mentions, DOCUMENTS, events, arguments, sentences).to_pylist()
    }
    # A planned signature does not make the agreement signed: negotiating is the strongest.
    assert rows["CPTPP"]["status"] == "negotiating"
    assert rows["CPTPP"]["parties"] == ["ORG:MOHA"]
    assert rows["CPTPP"]["kind"] == "trade_agreement"
    treaty = rows["Hiệp định hợp tác lao động Việt Nam - Lào"]
    assert treaty["parties"] == ["GPE:LAO", "GPE:VNM"] and treaty["status"] == "mentioned"
    assert treaty["first_date"] == "2019-01-15"


def test_first_mention_follows_reading_order_with_undated_documents_last() -> None:
    documents = pd.DataFrame({"doc_id": ["a", "b"], "published": [None, date(2020, 5, 1)]})
    mentions = _mentions(
        [
            ("a", "a:GPE:0-3", 0, 3, "GPE", "Lào", "LAO", None),
            ("b", "b:GPE:50-53", 50, 53, "GPE", "Lào", "LAO", None),
            ("b", "b:GPE:9-12", 9, 12, "GPE", "Lào", "LAO", None),
        ]
    )
    (row,) = build_entities(mentions, documents).to_pylist()
    assert row["first_mention_id"] == "b:GPE:9-12"
    assert row["first_published"] == row["last_published"] == date(2020, 5, 1)


@pytest.mark.parametrize(
    ("written", "alias"),
    [
        ("Bộ\u00a0Nội  vụ", "Bộ Nội vụ"),
        (" Bộ Nội vụ\n", "Bộ Nội vụ"),
        ("Bộ\u2009Nội\u3000vụ", "Bộ Nội vụ"),
        ("Bộ Nội vụ", "Bộ Nội vụ"),
    ],
)
def test_aliases_collapse_every_unicode_space(written: str, alias: str) -> None:
    mentions = _mentions([("a", "a:ORG:0-9", 0, 9, "ORG", written, "MOHA", None)])
    (row,) = build_entities(mentions, DOCUMENTS).to_pylist()
    assert row["aliases"] == [alias] and row["display_name"] == alias


def test_no_whitespace_lies_outside_the_scanned_plane() -> None:
    outside = [c for c in range(registries._BMP, sys.maxunicode + 1) if chr(c).isspace()]
    assert outside == []


def test_display_name_is_most_frequent_then_longest() -> None:
    mentions = _mentions(
        [
            ("a", "a:ORG:0-3", 0, 3, "ORG", "ILO", "ILO", None),
            ("a", "a:ORG:9-33", 9, 33, "ORG", "Tổ chức Lao động Quốc tế", "ILO", None),
            ("b", "b:ORG:0-3", 0, 3, "ORG", "ILO", "ILO", None),
            ("b", "b:ORG:9-33", 9, 33, "ORG", "Tổ chức Lao động Quốc tế", "ILO", None),
            ("b", "b:ORG:40-43", 40, 43, "ORG", "ILO", "ILO", None),
        ]
    )
    (row,) = build_entities(mentions, DOCUMENTS).to_pylist()
    assert row["display_name"] == "ILO"
    tie = mentions[mentions["mention_id"] != "b:ORG:40-43"]
    (row,) = build_entities(tie, DOCUMENTS).to_pylist()
    assert row["display_name"] == "Tổ chức Lao động Quốc tế"


def _write_tables(out: Path, mentions: pd.DataFrame) -> None:
    out.mkdir(parents=True, exist_ok=True)
    frames = {"mentions": mentions, "documents": DOCUMENTS}
    for name, frame in frames.items():
        # Only the columns the registries read: the views select those and nothing else.
        columns = registries.INPUT_COLUMNS[name]
        schema = pa.schema([DOCUMENT_TABLES[name].field(c).with_nullable(True) for c in columns])
        frame = registries._with_derived_columns(name, frame, schema)
        table = pa.Table.from_pandas(frame[list(columns)], schema=schema, preserve_index=False)
        pq.write_table(table, out / f"{name}.parquet")


def _entity_mentions() -> pd.DataFrame:
    return _mentions(
        [
            ("a", "a:ORG:10-19", 10, 19, "ORG", "Bộ Nội vụ", "MOHA", None),
            ("b", "b:GPE:0-8", 0, 8, "GPE", "Việt Nam", "VNM", None),
            ("b", "b:AGREEMENT:20-25", 20, 25, "AGREEMENT", "CPTPP", "CPTPP", "trade"),
        ]
    )


def test_registries_from_files_equal_those_from_frames(tmp_path: Path) -> None:
    mentions = _entity_mentions()
    _write_tables(tmp_path, mentions)
    paths = registries.build_registries(tmp_path)
    assert pq.read_table(paths["entities"]).equals(build_entities(mentions, DOCUMENTS))
    agreements = pq.read_table(paths["agreements"]).to_pylist()
    assert [(r["value"], r["status"], r["first_date"]) for r in agreements] == [
        ("CPTPP", "mentioned", "2022-01-30")
    ]
    assert not (tmp_path / ".registries-spill").exists()


def test_a_registry_out_of_memory_is_recomputed_under_a_larger_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_tables(tmp_path, _entity_mentions())
    real = registries.write_batches_atomic
    calls: list[str] = []

    def fail_agreements_once(out_dir: Path, name: str, batches, schema, metadata=None):  # type: ignore[no-untyped-def]
        calls.append(name)
        if name == "agreements" and calls.count("agreements") == 1:
            raise duckdb.OutOfMemoryException("simulated")
        return real(out_dir, name, batches, schema, metadata)

    monkeypatch.setattr(registries, "write_batches_atomic", fail_agreements_once)
    paths = registries.build_registries(tmp_path)
    # Entities were written once; agreements failed once, then succeeded under the next limit.
    assert calls == ["entities", "agreements", "agreements", "stories"]
    assert pq.read_table(paths["agreements"]).num_rows == 1


def test_an_empty_output_folder_gives_empty_registries(tmp_path: Path) -> None:
    paths = registries.build_registries(tmp_path)
    assert pq.read_table(paths["entities"]).schema.equals(ENTITIES)
    assert pq.read_table(paths["agreements"]).num_rows == 0
