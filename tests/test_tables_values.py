"""One value everywhere, typed time and registry keys, checked on whole runs.

Runs the pipeline once over the seeds, `../shared/corpus_extra` (read in place; skipped when
absent) and two byte-level variants of a seed (NFD, and a leading BOM), whose values must be
those of the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import EXTRA, RAW
from extract.normalize.timex import timex_bounds
from extract.normalize.values import fold_key
from extract.tables.writer import table_path

SEED = "004_73ebf77103015721"
#: A resolved day, month or year (what the acceptance asks bounds for).
RESOLVED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _runs() -> list[str]:
    return ["seeds", "extra"] if EXTRA.is_dir() else ["seeds"]


@pytest.fixture(scope="module", params=_runs())
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from extract.runner.engine import run

    folder = tmp_path_factory.mktemp(f"in-{request.param}")
    text = (RAW / f"{SEED}.txt").read_text(encoding="utf-8")
    (folder / "nfd_copy.txt").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    (folder / "bom_copy.txt").write_text("\ufeff" + text, encoding="utf-8")
    inputs = [RAW, folder] + ([EXTRA] if request.param == "extra" else [])
    target = tmp_path_factory.mktemp(f"out-{request.param}")
    summary = run(inputs, target, workers=1)
    assert summary.failed == 0
    return target


def _rows(out: Path, name: str) -> list[dict]:
    return pq.read_table(table_path(out, name)).to_pylist()


def test_every_argument_value_is_its_mentions_value(out: Path) -> None:
    values = {m["mention_id"]: m["value"] for m in _rows(out, "mentions")}
    arguments = _rows(out, "event_arguments")
    assert arguments
    for argument in arguments:
        assert argument["value"] == values[argument["mention_id"]], argument


def test_every_agreement_argument_value_is_an_agreement_value(out: Path) -> None:
    owner = Counter(v for row in _rows(out, "agreements") for v in row["values"])
    names = {row["value"] for row in _rows(out, "agreements")}
    agreement_arguments = [a for a in _rows(out, "event_arguments") if a["role"] == "agreement"]
    assert agreement_arguments
    for argument in agreement_arguments:
        # Exactly one agreement holds it; without spelling variants it is that row's value.
        assert owner[argument["value"]] == 1, argument
    assert any(a["value"] in names for a in agreement_arguments)


def test_no_two_entities_or_agreements_differ_only_by_spelling(out: Path) -> None:
    entities = _rows(out, "entities")
    keys = Counter((row["label"], fold_key(row["value"])) for row in entities)
    assert [key for key, n in keys.items() if n > 1] == []
    agreements = Counter(fold_key(row["value"]) for row in _rows(out, "agreements"))
    assert [key for key, n in agreements.items() if n > 1] == []


def test_parties_and_participants_are_entity_ids(out: Path) -> None:
    ids = {row["entity_id"] for row in _rows(out, "entities")}
    parties = [p for row in _rows(out, "agreements") for p in row["parties"]]
    participants = [p for row in _rows(out, "stories") for p in row["participants"]]
    assert parties and participants
    assert set(parties) <= ids and set(participants) <= ids


def test_byte_variants_of_an_article_have_the_originals_values(out: Path) -> None:
    mentions = _rows(out, "mentions")

    def values(doc_id: str) -> list[tuple[str, str | None]]:
        rows = sorted((m for m in mentions if m["doc_id"] == doc_id), key=lambda m: m["start"])
        return [(m["label"], m["value"]) for m in rows]

    assert values(SEED)
    assert values("nfd_copy") == values(SEED)
    assert values("bom_copy") == values(SEED)
    for row in _rows(out, "entities"):
        if SEED in row["doc_ids"]:
            assert {"nfd_copy", "bom_copy"} <= set(row["doc_ids"]), row["entity_id"]


def test_every_resolved_date_has_its_bounds(out: Path) -> None:
    events = _rows(out, "events")
    dates = [m for m in _rows(out, "mentions") if m["label"] == "DATE"]
    resolved = [e for e in events if e["date_value"] and RESOLVED.fullmatch(e["date_value"])]
    assert resolved
    for row in [*resolved, *dates]:
        value = row.get("date_value") or row.get("value")
        bounds = timex_bounds(value)
        assert (row["date_start"], row["date_end"]) == (
            (bounds.start, bounds.end) if bounds else (None, None)
        ), row
    for row in resolved:
        assert row["date_start"] is not None and row["date_end"] is not None, row
    for row in _rows(out, "agreements"):
        if row["first_date"] and RESOLVED.fullmatch(row["first_date"]):
            assert row["date_start"] is not None and row["date_granularity"] is not None, row
