"""The output folder: table sets published as whole generations by one atomic rename, and a lock.

Layout of an output folder `OUT`::

    OUT/documents.parquet -> current/documents.parquet   (one link per table; what readers open)
    OUT/current -> .generations/g000007-1f2e3d4c          (swapped by one rename per publish)
    OUT/.generations/g000007-1f2e3d4c/*.parquet            (a complete table set)
    OUT/.generations/g000007-1f2e3d4c/manifest.json        (row counts, sizes, fingerprint)
    OUT/.lock                                              (held by the run that writes)

A run builds the next generation in `.generations/.tmp-*`, verifies nothing of it is missing,
writes its manifest last, renames the folder into place and then replaces the `current` link.
Whatever moment a run is killed at, `current` names either the old complete set or the new one;
the next run removes the leftovers and verifies the set it starts from against its manifest.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..errors import Errors, OutputError, OutputLockedError

GENERATIONS = ".generations"
CURRENT = "current"
MANIFEST = "manifest.json"
LOCK_FILE = ".lock"
MANIFEST_VERSION = 1
_TMP_PREFIX = ".tmp-"
# POSIX record locks exclude other processes only; runs in threads of one process take this too.
_IN_PROCESS: dict[str, threading.Lock] = {}
_IN_PROCESS_GUARD = threading.Lock()


def checkpoint(name: str) -> None:
    """A named step of publishing; crash-injection tests replace this to kill the run there."""


@dataclass(frozen=True, slots=True)
class Generation:
    """A published, verified table set."""

    path: Path
    manifest: dict[str, Any]

    @property
    def fingerprint(self) -> str | None:
        """The pipeline fingerprint the set was written with."""
        return self.manifest.get("fingerprint")


def snapshot(out_dir: str | Path) -> Path:
    """The folder of the current table set, resolved once, so that reading several tables sees
    one generation even while another run publishes; `out_dir` itself for a plain folder."""
    out = Path(out_dir)
    link = out / CURRENT
    if link.is_symlink() and link.resolve().is_dir():
        return link.resolve()
    return out


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_symlink(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.link")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def verify(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The manifest of the generation at `path` if every table it lists is there, whole."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no manifest"
    except (OSError, ValueError) as exc:
        return None, f"unreadable manifest ({exc})"
    if manifest.get("manifest_version") != MANIFEST_VERSION:
        return None, f"manifest version {manifest.get('manifest_version')!r}"
    for name, entry in manifest.get("tables", {}).items():
        file = path / entry["file"]
        try:
            size = file.stat().st_size
            rows = pq.ParquetFile(file).metadata.num_rows
        except (OSError, ValueError) as exc:
            return None, f"table {name}: {exc}"
        if size != entry["bytes"] or rows != entry["rows"]:
            return None, f"table {name}: {rows} rows / {size} bytes, manifest says " + (
                f"{entry['rows']} / {entry['bytes']}"
            )
    return manifest, None


class OutputStore:
    """Generations of one output folder: the current set, the next one, publishing, the lock."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise OutputError(Errors.E041.format(path=self.out_dir))
        self.generations = self.out_dir / GENERATIONS

    # --- lock ------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(
        self, *, timeout: float | None = None, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Hold the folder's lock; wait up to `timeout` seconds (forever if None) for another run.

        The lock is a POSIX record lock, which the kernel drops when its process dies, so a
        killed run never leaves a stale lock behind (and forked workers do not inherit it).
        """
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(Errors.E042.format(path=self.out_dir, reason=exc)) from exc
        key = str(self.out_dir.resolve())
        with _IN_PROCESS_GUARD:
            local = _IN_PROCESS.setdefault(key, threading.Lock())
        deadline = None if timeout is None else time.monotonic() + timeout
        if not local.acquire(timeout=-1 if timeout is None else timeout):
            raise OutputLockedError(Errors.E043.format(path=self.out_dir, holder="this process"))
        try:
            path = self.out_dir / LOCK_FILE
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                waited = False
                while True:
                    try:
                        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except OSError:
                        holder = _read_holder(path)
                        if deadline is not None and time.monotonic() >= deadline:
                            raise OutputLockedError(
                                Errors.E043.format(path=self.out_dir, holder=holder)
                            ) from None
                        if not waited and on_wait is not None:
                            on_wait(f"waiting for the run holding {path} ({holder})")
                        waited = True
                        time.sleep(0.1)
                started = datetime.now(UTC).isoformat(timespec="seconds")
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
                try:
                    yield
                finally:
                    # Closing the descriptor releases the lock.
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, 0)
            finally:
                os.close(fd)
        finally:
            local.release()

    # --- generations -----------------------------------------------------------------------------

    def current(self) -> tuple[Generation | None, str | None]:
        """The current verified generation, or None and why there is none to build on."""
        link = self.out_dir / CURRENT
        if not link.is_symlink():
            legacy = any(self.out_dir.glob("*.parquet"))
            return None, "tables without a manifest" if legacy else None
        path = link.resolve()
        if not path.is_dir():
            return None, f"{link} points to a missing folder"
        manifest, problem = verify(path)
        if manifest is None:
            return None, problem
        return Generation(path, manifest), None

    def recover(self) -> None:
        """Remove what killed runs left: unfinished generations and unreferenced old ones."""
        if not self.generations.is_dir():
            return
        current, _ = self.current()
        keep = set()
        if current is not None:
            keep = {current.path.name, current.manifest.get("previous")}
        for entry in self.generations.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
        for stray in self.out_dir.glob(".*.link"):
            stray.unlink(missing_ok=True)

    def begin(self) -> Path:
        """A fresh folder for the next generation (not visible to readers)."""
        self.generations.mkdir(parents=True, exist_ok=True)
        path = self.generations / f"{_TMP_PREFIX}{uuid.uuid4().hex[:12]}"
        path.mkdir()
        return path

    def discard(self, pending: Path) -> None:
        """Drop an unpublished generation."""
        shutil.rmtree(pending, ignore_errors=True)

    def commit(self, pending: Path, **manifest_fields: Any) -> Generation:
        """Publish the table set in `pending` as the current generation, atomically."""
        current, _ = self.current()
        number = int(current.manifest.get("number", 0)) + 1 if current else 1
        name = f"g{number:06d}-{uuid.uuid4().hex[:8]}"
        tables: dict[str, dict[str, Any]] = {}
        for file in sorted(pending.glob("*.parquet")):
            _fsync(file)
            tables[file.stem] = {
                "file": file.name,
                "rows": pq.ParquetFile(file).metadata.num_rows,
                "bytes": file.stat().st_size,
            }
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "generation": name,
            "number": number,
            "previous": current.path.name if current else None,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            **manifest_fields,
            "tables": tables,
        }
        tmp = pending / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, pending / MANIFEST)
        _fsync(pending)
        checkpoint("manifest")
        final = self.generations / name
        os.rename(pending, final)
        _fsync(self.generations)
        checkpoint("renamed")
        _atomic_symlink(f"{GENERATIONS}/{name}", self.out_dir / CURRENT)
        _fsync(self.out_dir)
        checkpoint("swapped")
        self._link_tables(tables)
        checkpoint("linked")
        self.recover()
        return Generation(final, manifest)

    def _link_tables(self, tables: dict[str, dict[str, Any]]) -> None:
        """`OUT/<table>.parquet` → `current/<table>.parquet`, the paths readers use."""
        for entry in tables.values():
            link = self.out_dir / entry["file"]
            target = f"{CURRENT}/{entry['file']}"
            if link.is_symlink() and os.readlink(link) == target:
                continue
            if link.is_dir():
                raise OutputError(Errors.E044.format(path=link))
            _atomic_symlink(target, link)


def _read_holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "another process"
