"""Shared fixtures: the repository layout, a minimal pipeline config, seed outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "corpus" / "raw"
GOLD = REPO / "corpus" / "gold" / "seeds.jsonl"
LEXICONS = REPO / "pipeline" / "lexicons"
EXTRA = REPO.parent / "shared" / "corpus_extra"

TEXT_ONLY_CONFIG = f"""
[pipeline]
name = "text-only"
stages = ["normalize", "published", "sentences", "tokens", "doc"]

[lexicons]
dir = "{LEXICONS.as_posix()}"
"""


@pytest.fixture(scope="session")
def text_only_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline of the text stages only: fast runs for ingest and table tests."""
    path = tmp_path_factory.mktemp("config") / "pipeline.toml"
    path.write_text(TEXT_ONLY_CONFIG, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full pipeline run once over the seed articles (shared by end-to-end tests)."""
    from extract.runner.engine import run

    out = tmp_path_factory.mktemp("seed_outputs")
    summary = run([RAW], out, workers=1)
    assert summary.failed == 0, summary.failures
    return out
