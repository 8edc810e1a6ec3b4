"""The output store: generations published atomically, verified on the next run, and locked.

The crash tests kill a real `extract run` process (SIGKILL) at every step of publishing, and at
arbitrary moments, and check that the next run's tables equal those of a clean run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.errors import OutputError, OutputLockedError
from extract.runner.config import load_config
from extract.runner.engine import run
from extract.tables.schemas import DOCUMENT_TABLES, REGISTRY_TABLES
from extract.tables.store import CURRENT, GENERATIONS, MANIFEST, OutputStore, snapshot, verify

ALL_TABLES = (*DOCUMENT_TABLES, *REGISTRY_TABLES)
PUBLISH_STEPS = ("staged", "merged", "registries", "manifest", "renamed", "swapped", "linked")


def _article(k: int, extra: str = "") -> str:
    return (
        f"Tin hợp tác số {k}\n07:39 - 30/01/2022\n"
        f"Bộ Nội vụ họp với ILO tại Hà Nội ngày {k % 28 + 1}/3. "
        f"Hai bên ký kết {k} văn bản.{extra}\n"
    )


def _corpus(folder: Path, n: int, *, changed: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        extra = " Nội dung đã sửa." if k == changed else ""
        (folder / f"d{k:03d}.txt").write_text(_article(k, extra), encoding="utf-8")
    return folder


def _contents(out: Path) -> dict[str, list[dict]]:
    """Every table's rows (metadata such as creation time left out)."""
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in ALL_TABLES}


_RUNNER = textwrap.dedent(
    """
    import os, signal, sys
    from extract.runner import engine
    from extract.runner.config import load_config
    from extract.tables import store

    raw, out, config, kill_at = sys.argv[1:5]

    def checkpoint(name):
        if name == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    store.checkpoint = engine.checkpoint = checkpoint
    engine.run([raw], out, config=load_config(config), workers=int(sys.argv[5]))
    """
)


def _run_process(raw: Path, out: Path, config: Path, *, kill_at: str = "", workers: int = 1):
    return subprocess.Popen(
        [sys.executable, "-c", _RUNNER, str(raw), str(out), str(config), kill_at, str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _scenario(tmp_path: Path) -> Path:
    """A corpus folder holding a first version of the articles (6 of them)."""
    return _corpus(tmp_path / "raw", 6)


def _second_version(raw: Path) -> None:
    """One article changed and two added, in place."""
    _corpus(raw, 8, changed=2)


def _clean(raw: Path, tmp_path: Path, config: Path) -> dict[str, list[dict]]:
    clean = tmp_path / "clean"
    run([raw], clean, config=load_config(config))
    return _contents(clean)


@pytest.mark.slow
@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_a_run_killed_at_any_publish_step_is_repaired_by_the_next_run(
    step: str, tmp_path: Path, text_only_config: Path
) -> None:
    config = load_config(text_only_config)
    raw, out = _scenario(tmp_path), tmp_path / "out"
    run([raw], out, config=config)
    before = _contents(out)
    _second_version(raw)
    killed = _run_process(raw, out, text_only_config, kill_at=step)
    assert killed.wait(timeout=120) == -signal.SIGKILL
    clean = _clean(raw, tmp_path, text_only_config)
    # Readers see the old set or the new one, whole, never a mix.
    seen = _contents(out)
    assert seen in (before, clean)
    run([raw], out, config=config)
    assert _contents(out) == clean
    generations = [p.name for p in (out / GENERATIONS).iterdir()]
    assert not [g for g in generations if g.startswith(".tmp-")]
    assert len(generations) <= 2


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6, 2.4])
def test_a_run_killed_at_an_arbitrary_moment_is_repaired(
    delay: float, tmp_path: Path, text_only_config: Path
) -> None:
    raw, out = _scenario(tmp_path), tmp_path / "out"
    run([raw], out, config=load_config(text_only_config))
    _second_version(raw)
    process = _run_process(raw, out, text_only_config, workers=2)
    time.sleep(delay)
    process.kill()
    process.wait(timeout=60)
    run([raw], out, config=load_config(text_only_config))
    assert _contents(out) == _clean(raw, tmp_path, text_only_config)


def test_torn_copy_of_the_documents_table_is_rebuilt(tmp_path: Path, text_only_config: Path):
    """The issue's repro: a documents table without its set must not pass for the tables."""
    raw = _corpus(tmp_path / "raw", 3)
    config = load_config(text_only_config)
    run([raw], tmp_path / "A", config=config)
    torn = tmp_path / "B"
    torn.mkdir()
    shutil.copyfile(tmp_path / "A" / "documents.parquet", torn / "documents.parquet")
    summary = run([raw], torn, config=config)
    assert summary.processed == 3 and summary.unchanged == 0
    assert summary.rebuilt and summary.notes
    assert _contents(torn) == _contents(tmp_path / "A")


@pytest.mark.parametrize(
    "damage",
    ["delete_table", "truncate_table", "delete_manifest", "dangling_current", "bad_manifest"],
)
def test_a_set_that_does_not_verify_is_rebuilt(
    damage: str, tmp_path: Path, text_only_config: Path
) -> None:
    raw = _corpus(tmp_path / "raw", 3)
    config = load_config(text_only_config)
    out = tmp_path / "out"
    run([raw], out, config=config)
    clean = _contents(out)
    generation = snapshot(out)
    if damage == "delete_table":
        (generation / "mentions.parquet").unlink()
    elif damage == "truncate_table":
        data = (generation / "sentences.parquet").read_bytes()
        (generation / "sentences.parquet").write_bytes(data[: len(data) // 2])
    elif damage == "delete_manifest":
        (generation / MANIFEST).unlink()
    elif damage == "dangling_current":
        shutil.rmtree(generation)
    else:
        (generation / MANIFEST).write_text("{not json", encoding="utf-8")
    assert OutputStore(out).current()[0] is None
    summary = run([raw], out, config=config)
    assert summary.processed == 3 and summary.rebuilt
    assert _contents(out) == clean


def test_verify_compares_rows_and_sizes_with_the_manifest(tmp_path: Path, text_only_config):
    out = tmp_path / "out"
    run([_corpus(tmp_path / "raw", 2)], out, config=load_config(text_only_config))
    generation = snapshot(out)
    manifest, problem = verify(generation)
    assert problem is None and set(manifest["tables"]) == set(ALL_TABLES)
    manifest["tables"]["documents"]["rows"] += 1
    (generation / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "documents" in verify(generation)[1]


def test_layout_readers_use_plain_table_paths(tmp_path: Path, text_only_config: Path):
    out = tmp_path / "out"
    run([_corpus(tmp_path / "raw", 2)], out, config=load_config(text_only_config))
    assert (out / CURRENT).is_symlink()
    for name in ALL_TABLES:
        link = out / f"{name}.parquet"
        assert link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}.parquet"
        metadata = pq.read_schema(link).metadata
        assert metadata[b"extract.table"] == name.encode()
        parquet = pq.ParquetFile(link)
        if parquet.metadata.num_rows:
            assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    assert snapshot(out) == (out / CURRENT).resolve()


def test_a_rerun_with_nothing_new_publishes_nothing(tmp_path: Path, text_only_config: Path):
    raw = _corpus(tmp_path / "raw", 2)
    config = load_config(text_only_config)
    out = tmp_path / "out"
    run([raw], out, config=config)
    generation = snapshot(out)
    summary = run([raw], out, config=config)
    assert summary.processed == 0 and summary.unchanged == 2
    assert snapshot(out) == generation


def test_tables_are_sorted_by_key_after_incremental_runs(tmp_path: Path, text_only_config):
    config = load_config(text_only_config)
    out, raw = tmp_path / "out", tmp_path / "raw"
    raw.mkdir()
    for k in (5, 1, 3, 0):
        (raw / f"d{k}.txt").write_text(_article(k), encoding="utf-8")
        run([raw], out, config=config)
    ids = [r["doc_id"] for r in pq.read_table(out / "documents.parquet").to_pylist()]
    assert ids == ["d0", "d1", "d3", "d5"]
    sentences = pq.read_table(out / "sentences.parquet").to_pylist()
    keys = [(r["doc_id"], r["sentence_id"]) for r in sentences]
    assert keys == sorted(keys)


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "tables.txt"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="E041"):
        OutputStore(target)


def test_a_second_run_waits_for_the_lock_or_gives_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from extract.tables.store import OutputStore\n"
            "with OutputStore(sys.argv[1]).locked():\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(60)\n",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        waits: list[str] = []
        with (
            pytest.raises(OutputLockedError, match=r"E043.*pid"),
            OutputStore(out).locked(timeout=0.5, on_wait=waits.append),
        ):
            pass
        assert waits and "waiting" in waits[0]
    finally:
        holder.kill()
        holder.wait()
    # The kernel dropped the killed holder's lock: nothing stale is left to clear by hand.
    with OutputStore(out).locked(timeout=5):
        pass


@pytest.mark.slow
def test_two_concurrent_runs_on_one_folder_both_end_with_complete_tables(
    tmp_path: Path, text_only_config: Path
) -> None:
    raw, out = _scenario(tmp_path), tmp_path / "out"
    runs = [_run_process(raw, out, text_only_config, workers=w) for w in (1, 2)]
    for process in runs:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err.decode()
    assert _contents(out) == _clean(raw, tmp_path, text_only_config)
