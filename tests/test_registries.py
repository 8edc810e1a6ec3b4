"""Entity and agreement registries built from per-document rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from extract.consolidate.registries import build_agreements, build_entities


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
    assert rows["CPTPP"]["parties"] == ["MOHA"]
    assert rows["CPTPP"]["kind"] == "trade_agreement"
    treaty = rows["Hiệp định hợp tác lao động Việt Nam - Lào"]
    assert treaty["parties"] == ["LAO", "VNM"] and treaty["status"] == "mentioned"
    assert treaty["first_date"] == "2019-01-15"
