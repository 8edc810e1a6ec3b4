"""The supervised pool: order kept, a dying or stuck worker fails its document, the run ends."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.records import SourceDocument
from extract.runner import engine
from extract.runner.config import load_config
from extract.runner.workers import SupervisedPool

FORK = multiprocessing.get_context("fork")


def _doc(doc_id: str) -> SourceDocument:
    return SourceDocument(doc_id, f"/in/{doc_id}.txt", "", "text")


def _echo(chunk):
    out = []
    for source in chunk:
        if source.doc_id.startswith("kill"):
            os.kill(os.getpid(), signal.SIGKILL)
        if source.doc_id.startswith("exit"):
            os._exit(3)
        if source.doc_id.startswith("hang"):
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            time.sleep(600)
        out.append(f"ok:{source.doc_id}")
    return out


_REAL_CHUNK = engine._process_chunk_in_worker


def _poisoned(sources):
    """The engine's chunk function, except that document d4 kills the worker process."""
    if any(s.doc_id == "d4" for s in sources):
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_CHUNK(sources)


def _fail(source: SourceDocument, cause: str) -> str:
    return f"failed:{source.doc_id}:{cause}"


def _pool(**options) -> SupervisedPool:
    return SupervisedPool(_echo, _fail, workers=2, chunk_size=3, mp_context=FORK, **options)


def test_outputs_come_in_input_order() -> None:
    ids = [f"d{k:02d}" for k in range(25)]
    assert list(_pool().map(_doc(i) for i in ids)) == [f"ok:{i}" for i in ids]


@pytest.mark.parametrize(
    ("culprit", "cause"), [("kill-1", "killed by SIGKILL"), ("exit-1", "exit status 3")]
)
def test_a_document_that_kills_its_worker_fails_alone(culprit: str, cause: str) -> None:
    ids = [f"d{k:02d}" for k in range(7)] + [culprit] + [f"e{k:02d}" for k in range(7)]
    pool = _pool()
    outputs = list(pool.map(_doc(i) for i in ids))
    assert outputs == [f"failed:{i}:{cause}" if i == culprit else f"ok:{i}" for i in ids]
    assert pool.restarts == 2  # once for the chunk it was in, once when it ran alone


def test_a_stuck_worker_is_killed_after_the_backstop() -> None:
    ids = ["a", "hang-1", "b", "c"]
    began = time.monotonic()
    outputs = list(_pool(backstop=2.0).map(_doc(i) for i in ids))
    assert time.monotonic() - began < 60
    assert outputs[0] == "ok:a" and outputs[2:] == ["ok:b", "ok:c"]
    assert outputs[1].startswith("failed:hang-1:no answer within 2 s")


def test_an_empty_input_ends() -> None:
    assert list(_pool().map([])) == []


@pytest.mark.slow
def test_run_with_a_worker_killed_by_a_document_records_it_and_the_rerun_is_clean(
    tmp_path: Path, text_only_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(9):
        (raw / f"d{k}.txt").write_text(f"Tin {k}\nBộ Nội vụ họp lần {k}.\n", encoding="utf-8")
    real = engine._process_chunk_in_worker
    # Forked workers inherit the patched module; the function travels to them by name.
    monkeypatch.setattr(engine, "_process_chunk_in_worker", _poisoned)
    config = load_config(text_only_config)
    out = tmp_path / "out"
    summary = engine.run([raw], out, config=config, workers=2)
    assert summary.processed == 9 and summary.failed == 1
    assert "[E051]" in summary.failures[0] and "d4.txt" in summary.failures[0]
    monkeypatch.setattr(engine, "_process_chunk_in_worker", real)
    rerun = engine.run([raw], out, config=config, workers=2)
    assert rerun.processed == 1 and rerun.failed == 0 and rerun.unchanged == 8
    clean = tmp_path / "clean"
    engine.run([raw], clean, config=config, workers=1)
    for name in ("documents", "sentences"):
        assert pq.read_table(out / f"{name}.parquet").to_pylist() == (
            pq.read_table(clean / f"{name}.parquet").to_pylist()
        )


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(c) for c in children)
    return found


@pytest.mark.slow
def test_killing_a_worker_from_outside_does_not_hang_the_run(
    tmp_path: Path, text_only_config: Path
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(300):
        (raw / f"d{k:03d}.txt").write_text(f"Tin {k}\nBộ Nội vụ họp lần {k}. " * 20, "utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "extract", "run", str(raw), "--out", str(out), "--quiet"]
        + ["--workers", "2", "--config", str(text_only_config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert workers, "the run ended before its workers could be seen"
    time.sleep(0.5)
    os.kill(workers[0], signal.SIGKILL)
    process.wait(timeout=180)  # raises if the run hangs
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    assert len(documents) == 300
    assert all(d["status"] == "ok" or "[E051]" in d["error"] for d in documents)
