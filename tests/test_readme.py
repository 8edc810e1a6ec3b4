"""Every code block of the README runs verbatim against a fresh output of the seed articles.

A block is marked by the comment line just before it: `<!-- example: NAME -->` blocks run
(Python in this process, `sh` with bash) and their result is checked by `CHECKS[NAME]`;
`<!-- not run: REASON -->` blocks are left out, with the reason in the README; ```text blocks
are figures. An unmarked code block fails the suite.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from conftest import GOLD, REPO

README = REPO / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
_MARKER = re.compile(r"<!-- (example|not run): ?(.*?) -->")
CODE_LANGUAGES = {"python", "sh"}


def _blocks() -> list[tuple[str, str, str, str]]:
    """(marker kind, marker text, language, code) of every fenced block, in order."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for fence in _FENCE.finditer(text):
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = _MARKER.fullmatch(before.strip())
        kind, label = marker.groups() if marker else ("", "")
        blocks.append((kind, label, fence.group(1), fence.group(2)))
    return blocks


def _examples() -> list[tuple[str, str, str]]:
    return [(label, lang, code) for kind, label, lang, code in _blocks() if kind == "example"]


def test_every_code_block_is_run_or_says_why_not() -> None:
    blocks = _blocks()
    assert len(blocks) >= 10
    for kind, label, language, code in blocks:
        assert language, f"a block without a language (use ```text for figures):\n{code}"
        if language in CODE_LANGUAGES:
            assert kind and label, f"unmarked {language} block:\n{code}"
        else:
            assert language == "text" and not kind, f"```{language} block:\n{code}"
    names = [name for name, _lang, _code in _examples()]
    assert len(names) == len(set(names)), "example names must be unique"
    assert set(names) == set(CHECKS), "each example needs its check in CHECKS"


def test_python_examples_define_what_they_use() -> None:
    for name, language, code in _examples():
        if language == "python" and "{OUT}" in code:
            assert re.search(r'^OUT = "outputs"$', code, re.MULTILINE), name


@pytest.fixture(scope="module")
def sandbox(seed_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like a checkout after `make extract`: outputs/, corpus/, .venv."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(seed_outputs, root / "outputs", symlinks=True)  # keeps a linked layout
    (root / "corpus").symlink_to(REPO / "corpus")
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


# --- what each example must produce --------------------------------------------------------------


def _gold_events_with(value: str) -> set[tuple[str, str, int]]:
    found = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        values = {m["id"]: m.get("value") for m in doc["mentions"]}
        for event in doc.get("events", []):
            if any(values.get(a["mention"]) == value for a in event["arguments"]):
                found.add((doc["doc_id"], event["type"], event["trigger"]["start"]))
    return found


def _check_pandas(ns: dict[str, Any], printed: str, root: Path) -> None:
    assert "ILO" in printed and "MOHA" in printed
    ilo = ns["ilo"]
    found = set(zip(ilo.doc_id, ilo.type, ilo.trigger_start, strict=True))
    gold = _gold_events_with("ILO")
    # The known ILO events of the seed gold: nearly all found, nearly nothing else.
    assert len(found & gold) >= 0.9 * len(gold) and len(found & gold) >= 0.9 * len(found)
    assert (ilo.text.str.len() > 0).all()


def _check_duckdb(ns: dict[str, Any], printed: str, root: Path) -> None:
    partners = ns["partners"]
    rows = set(zip(partners.year, partners.type, partners.partner, strict=True))
    # Gold events of 004_73ebf77103015721 (15/01/2019): MOLISA met its own departments.
    assert {(2019, "MEET", "Vụ Hợp tác quốc tế"), (2019, "MEET", "Vụ Pháp chế")} <= rows
    assert "MOLISA" not in set(partners.partner)


def _check_duckdb_views(ns: dict[str, Any], printed: str, root: Path) -> None:
    assert {"COOPERATE", "MEET", "SIGN"} <= set(re.findall(r"\b[A-Z_]{3,}\b", printed))
    events = pd.read_parquet(root / "outputs" / "events.parquet")
    con = ns["con"]
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(len(events),)]


def _check_query(ns: dict[str, Any], printed: str, root: Path) -> None:
    counts = pd.read_parquet(root / "outputs" / "mentions.parquet").label.value_counts()
    for label, n in counts.items():
        assert re.search(rf"^\s*{label}\s+{n}\s*$", printed, re.MULTILINE), (label, printed)


def _check_api(ns: dict[str, Any], printed: str, root: Path) -> None:
    values = {(s.label_, s._.value) for s in ns["doc"].spans["mentions"]}
    assert {("ORG", "MOLISA"), ("ORG", "ILO"), ("DATE", "2019-01-15"), ("LOC", "Hà Nội")} <= values
    assert "SIGN ký kết asserted" in printed and "('participant', 'ILO')" in printed


def _check_displacy(ns: dict[str, Any], printed: str, root: Path) -> None:
    doc = ns["doc"]
    assert ns["html"].count("<mark") == len(doc.ents) >= 4
    assert "('Bộ Nội vụ', 'ORG')" in printed and "ILO" in ns["every_mention"]


def _check_tables(ns: dict[str, Any], printed: str, root: Path) -> None:
    tables = ns["tables"]
    for name in ("mentions", "events", "event_arguments", "entities", "agreements"):
        stored = pd.read_parquet(root / "outputs" / f"{name}.parquet")
        key = stored.columns[0] if name in ("entities", "agreements") else stored.columns[1]
        assert sorted(tables[name][key]) == sorted(stored[key]), name
    assert "COOPERATE" in printed


def _check_spacy(ns: dict[str, Any], printed: str, root: Path) -> None:
    assert "('Việt Nam', 'GPE', 'VNM')" in printed and "('Hàn Quốc', 'GPE', 'KOR')" in printed
    assert "('SIGN', 'ký kết')" in printed


def _check_eval(ns: dict[str, Any], printed: str, root: Path) -> None:
    report = json.loads((root / "outputs" / "reports" / "eval.json").read_text(encoding="utf-8"))
    assert report and "ORG" in printed
    # The report sits apart from the tables: the glob of tables is still tables only.
    assert {p.stem for p in (root / "outputs").glob("*.json")} == set()


def _japan_signings(root: Path) -> int:
    stories = pd.read_parquet(root / "outputs" / "stories.parquet")
    signed = stories[stories.type == "SIGN"]
    return int(sum("GPE:JPN" in list(p) for p in signed.participants))


def _check_stories(ns: dict[str, Any], printed: str, root: Path) -> None:
    assert ns["con"].sql(ns["japan"]).fetchall() == [(_japan_signings(root),)]
    stories = pd.read_parquet(root / "outputs" / "stories.parquet")
    assert sum(n for *_k, _s, n in ns["by_year"].fetchall()) == stories.n_articles.sum() > 0


def _check_stories_query(ns: dict[str, Any], printed: str, root: Path) -> None:
    assert re.search(rf"^\s*{_japan_signings(root)}\s*$", printed, re.MULTILINE), printed


def _check_report(ns: dict[str, Any], printed: str, root: Path) -> None:
    html = (root / "outputs" / "reports" / "report.html").read_text(encoding="utf-8")
    documents = pd.read_parquet(root / "outputs" / "documents.parquet")
    assert "<svg" in html and all(doc_id in html for doc_id in documents.doc_id)


def _check_stories_eval(ns: dict[str, Any], printed: str, root: Path) -> None:
    found = re.search(r"stories \(pairwise\): P ([\d.]+) .*predicted pairs (\d+)", printed)
    assert found and int(found.group(2)) > 0 and float(found.group(1)) >= 0.9, printed


CHECKS: dict[str, Callable[[dict[str, Any], str, Path], None]] = {
    "pandas": _check_pandas,
    "duckdb": _check_duckdb,
    "duckdb_views": _check_duckdb_views,
    "query": _check_query,
    "api": _check_api,
    "displacy": _check_displacy,
    "tables": _check_tables,
    "spacy": _check_spacy,
    "eval": _check_eval,
    "stories": _check_stories,
    "stories_query": _check_stories_query,
    "report": _check_report,
    "stories_eval": _check_stories_eval,
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "language", "code"), _examples(), ids=[name for name, _l, _c in _examples()]
)
def test_readme_example_runs(
    name: str, language: str, code: str, sandbox: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(sandbox)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    if language == "python":
        exec(compile(code, f"README example {name}", "exec"), namespace)
        printed = capsys.readouterr().out
    else:
        # The checkout's sources first, as in the venv a clone's `make` creates.
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", code],
            cwd=sandbox,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        printed = result.stdout
    assert printed.strip(), "the example printed nothing"
    CHECKS[name](namespace, printed, sandbox)
