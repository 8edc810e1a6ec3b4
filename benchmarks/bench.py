"""Throughput and memory benchmark: underthesea's floor and NER baseline against the pipeline.

Modes, each run in its own child process on the same corpus (the seed articles replicated to
`--min-bytes` of UTF-8 text, each copy with its own doc id):

  floor     underthesea `word_tokenize` over every sentence (sentences split as the pipeline does)
  ner       underthesea `ner` over every sentence: the naive baseline
  pipeline  the configured pipeline in one process, files to Parquet (`run(..., workers=1)`)
  parallel  the same with one worker per core (`run(..., workers=N)`)

Model loading is excluded from every mode: each child loads and warms its models (underthesea,
spaCy, lexicons) before its clock starts, and reports that time separately as `load_seconds`.
The pipeline modes time everything else: reading the files, every stage, the Parquet writer,
the publish step and the registries. Peak memory is sampled from /proc over the child's whole
process tree (workers summed; RSS and PSS), and the child's own `ru_maxrss` is reported too.
The modes run in `--repeat` interleaved rounds (default 2; `ner` once) and each keeps its fastest
run, with every round's time listed: the speed of this shared machine drifts by 10-20% over
minutes, which skewed single-run ratios.

`--memory-scale [BYTES]` compares peak memory on a 100 MB corpus with the `--min-bytes` one, with
one worker and with all cores. The full pipeline runs at roughly 10-20 k chars/s per core, so
100 MB would take one to two hours; by default (`--memory-mode replay`) each distinct article is
processed once by the real pipeline and its copies reuse those rows under their own doc ids, so
the reader, the engine, the Parquet writer (row groups, publish) and the registries handle the
real row volume of 100 MB in a few minutes. `--memory-mode full` runs every stage on every copy.
The registries step is timed on its own, under a budget (`--registries-timeout`), and the peaks
before it are reported apart. A rerun over the large output with five new articles measures the
merging publish of a non-first run.

Usage: .venv/bin/python benchmarks/bench.py --out outputs/reports/bench.json [--memory-scale]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:  # also runs from a checkout without `pip install -e`
    sys.path.insert(0, str(REPO / "src"))

MODES = ("floor", "ner", "pipeline", "parallel")
TEXT_STAGES = ("normalize", "published", "sentences", "tokens", "doc")
TARGETS = {
    "pipeline_over_floor_time": 1.5,  # at most
    "pipeline_vs_ner_speed": 5.0,  # at least
    "parallel_speedup": 1.7,  # at least, with 2 or more cores
    "memory_ratio": 1.5,  # at most
    "scaling_ratio": 1.5,  # at most: time per character of the longest text over the shortest
}
MB = 1024 * 1024


# --- corpus --------------------------------------------------------------------------------------


def seed_dirs(repo: Path = REPO) -> list[Path]:
    """The seed articles and, when present, the shared extra articles."""
    dirs = [repo / "corpus" / "raw", repo.parent / "shared" / "corpus_extra"]
    return [d for d in dirs if d.is_dir()]


def seed_articles(dirs: Sequence[Path]) -> list[tuple[str, str]]:
    """(doc_id, text) of every .txt article in `dirs`, in a stable order."""
    articles = []
    for directory in dirs:
        for path in sorted(directory.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text.strip():
                articles.append((path.stem, text))
    if not articles:
        raise SystemExit(f"no .txt articles in {', '.join(map(str, dirs))}")
    return articles


def write_corpus(articles: Sequence[tuple[str, str]], path: Path, min_bytes: int) -> dict:
    """Replicate `articles` into one JSONL file of at least `min_bytes` of text; unique doc ids."""
    n_bytes = n_chars = n_docs = copies = 0
    with path.open("w", encoding="utf-8") as handle:
        while n_bytes < min_bytes or copies == 0:
            for doc_id, text in articles:
                record = {"doc_id": f"{doc_id}~{copies}", "text": text}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_bytes += len(text.encode("utf-8"))
                n_chars += len(text)
                n_docs += 1
            copies += 1
    return {
        "path": str(path),
        "bytes": n_bytes,
        "chars": n_chars,
        "documents": n_docs,
        "distinct_documents": len(articles),
        "copies": copies,
    }


# --- config --------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # strings and lists of strings: valid TOML


def write_config(config: Any, stages: Sequence[str], path: Path) -> Path:
    """A copy of `config` restricted to `stages`, with an absolute lexicon directory."""
    lines = ["[pipeline]", f"name = {_toml_value(config.name + '-bench')}"]
    lines.append(f"stages = {_toml_value(list(stages))}")
    lines += ["", "[lexicons]", f"dir = {_toml_value(config.lexicon_dir.as_posix())}"]
    for stage in stages:
        settings = config.settings.get(stage)
        if settings:
            lines += ["", f"[stages.{stage}]"]
            lines += [f"{key} = {_toml_value(value)}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _builds(config_path: Path, sample: str) -> str | None:
    """None when the pipeline builds and processes `sample` cleanly, else the error."""
    from extract.records import SourceDocument
    from extract.runner.config import load_config
    from extract.runner.pipeline import Pipeline

    try:
        pipeline = Pipeline(load_config(config_path))
        output = pipeline.process(SourceDocument("probe", "<probe>", "", sample))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    if output.status != "ok":
        return str(output.rows["documents"][0]["error"])
    return None


def usable_config(config_path: Path, work: Path, sample: str) -> tuple[Path, dict]:
    """The config to benchmark: `config_path` if it builds, else the stages of it that build.

    Other stages may still be under construction; the dropped stages are reported in the results
    so that a reduced run is never mistaken for the full pipeline.
    """
    from extract.errors import ExtractError
    from extract.runner.config import load_config
    from extract.runner.stages import validate_chain

    config = load_config(config_path)
    error = _builds(config_path, sample)
    if error is None:
        return config_path, {
            "path": str(config_path),
            "stages": list(config.stages),
            "dropped": {},
            "full": True,
        }
    kept = [s for s in config.stages if s in TEXT_STAGES]
    dropped: dict[str, str] = {"(full config)": error}
    for stage in config.stages:
        if stage in TEXT_STAGES:
            continue
        trial = [s for s in config.stages if s in kept or s == stage]
        try:
            validate_chain(trial)
        except ExtractError as exc:
            dropped[stage] = f"needs a dropped stage ({exc})"
            continue
        reason = _builds(write_config(config, trial, work / "probe.toml"), sample)
        if reason is None:
            kept = trial
        else:
            dropped[stage] = reason
    path = write_config(config, kept, work / "pipeline-reduced.toml")
    return path, {"path": str(config_path), "stages": kept, "dropped": dropped, "full": False}


# --- memory sampling -----------------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    children = _children_of()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _rss_pss(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            rss = int(handle.read().split()[1]) * _PAGE
        pss = 0
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
        return rss, pss
    except (OSError, ValueError):
        return 0, 0


class TreeMemory:
    """Samples the summed RSS and PSS of a process and all its descendants over time."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int, int, int]] = []  # (time, rss, pss, processes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss_pss(pid) for pid in _tree(self.pid)]
            live = sum(1 for r, _ in sizes if r)
            rss, pss = sum(r for r, _ in sizes), sum(p for _, p in sizes)
            self.samples.append((time.time(), rss, pss, live))
            self._stop.wait(self.interval)

    def peaks(self, until: float | None = None) -> dict:
        """Peak summed RSS / PSS (MB) and most processes, over samples up to `until`."""
        samples = [s for s in self.samples if until is None or s[0] <= until] or [(0, 0, 0, 0)]
        return {
            "peak_rss_mb": round(max(s[1] for s in samples) / MB, 1),
            "peak_pss_mb": round(max(s[2] for s in samples) / MB, 1),
            "processes": max(s[3] for s in samples),
        }


def run_child(args: Sequence[str], work: Path) -> dict:
    """Run this script in child mode, sampling its process tree's memory; return its results."""
    result_path = work / f"result-{time.monotonic_ns()}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        *args,
        "--result",
        str(result_path),
    ]
    began, load = time.perf_counter(), os.getloadavg()[0]
    process = subprocess.Popen(command, cwd=REPO)
    with TreeMemory(process.pid) as memory:
        code = process.wait()
    if code != 0 or not result_path.exists():
        raise SystemExit(f"benchmark child {' '.join(args)} failed with exit code {code}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - began, 2)
    # Other work on the machine skews every figure: keep the 1-minute load around the run.
    result["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    result.update(memory.peaks())
    if "registries_started_at" in result:
        before = memory.peaks(until=result.pop("registries_started_at"))
        result["before_registries"] = before
    return result


# --- child modes ---------------------------------------------------------------------------------


def _maxrss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def _corpus_sentences(corpus: Path) -> tuple[list[str], int, int]:
    """Sentences of every article, normalized and split exactly as the pipeline does."""
    from extract.ingest.normalize import normalize_text
    from extract.ingest.reader import read_inputs
    from extract.segment.sentences import split_sentences, underthesea_splitter

    splitter = underthesea_splitter()
    sentences: list[str] = []
    chars = docs = 0
    for source in read_inputs([corpus]):
        text = normalize_text(source.text or "").text
        sentences.extend(text[s.start : s.end] for s in split_sentences(text, splitter=splitter))
        chars += len(source.text or "")
        docs += 1
    return sentences, chars, docs


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (pool workers), user + system."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time_per_sentence(corpus: Path, load: Callable[[], Callable[[str], object]]) -> dict:
    sentences, chars, docs = _corpus_sentences(corpus)
    began = time.perf_counter()
    function = load()
    function("Hà Nội, ngày 1/1/2020. Bộ Nội vụ họp với Tổ chức Lao động Quốc tế.")
    loaded = time.perf_counter()
    cpu = _cpu_seconds()
    for sentence in sentences:
        function(sentence)
    seconds = time.perf_counter() - loaded
    return {
        "chars": chars,
        "documents": docs,
        "sentences": len(sentences),
        "seconds": seconds,
        "cpu_seconds": round(_cpu_seconds() - cpu, 3),
        "load_seconds": loaded - began,
    }


def _time_stages(pipeline: Any) -> dict[str, float]:
    """Wrap the text steps and the spaCy components of `pipeline` to sum their CPU seconds."""
    from extract.runner import pipeline as pipeline_module

    spent: dict[str, float] = {}

    def timed(name: str, function: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start

        return wrapper

    for name in ("normalize_text", "split_sentences", "tokenize", "build_doc", "_rows"):
        setattr(pipeline_module, name, timed(name, getattr(pipeline_module, name)))
    components = getattr(pipeline.nlp, "_components", None)  # spaCy's list of (name, callable)
    if isinstance(components, list):
        components[:] = [(name, timed(name, component)) for name, component in components]
    return spent


def _load_word_tokenize() -> Callable[[str], object]:
    from underthesea import word_tokenize

    return word_tokenize


def _load_ner() -> Callable[[str], object]:
    from underthesea import ner

    return ner


class ReplayPipeline:
    """Processes each distinct text once with the real pipeline; copies reuse its rows."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._seen: dict[str, Any] = {}

    def warm_up(self) -> None:
        """Warm the real pipeline."""
        self.inner.warm_up()

    def process(self, source: Any) -> Any:
        """The rows of `source`, rekeyed from the first document with the same text."""
        first = self._seen.get(source.sha256)
        if first is None:
            output = self.inner.process(source)
            self._seen[source.sha256] = output
            return output
        old, new = first.doc_id, source.doc_id
        prefix = old + ":"

        def rekey(row: dict) -> dict:
            out = {}
            for key, value in row.items():
                if key == "doc_id":
                    value = new
                elif isinstance(value, str) and value.startswith(prefix):
                    value = new + value[len(old) :]
                out[key] = value
            return out

        rows = {name: [rekey(r) for r in table] for name, table in first.rows.items()}
        for row in rows.get("documents", ()):
            row["source_path"] = source.source_path
        return replace(first, doc_id=new, rows=rows)


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _pipeline_run(args: argparse.Namespace, write: Callable[[dict], None]) -> dict:
    """`run()` over the corpus, then the registries (timed apart, optionally with a budget)."""
    from extract.runner import engine
    from extract.runner.config import load_config
    from extract.tables import writer as writer_module

    corpus, out, workers = Path(args.corpus), Path(args.tables), args.workers
    config = load_config(args.config)
    began = time.perf_counter()
    pipeline = engine.load_pipeline(config)
    replay = args.child == "memory-replay"
    stages = _time_stages(pipeline) if workers == 1 and not replay else {}
    if replay:
        key = (str(config.path), config.fingerprint)
        engine._PIPELINES[key] = ReplayPipeline(pipeline)
    loaded = time.perf_counter()

    # High-water marks around the corpus-wide steps, to see which one sets the peak.
    phases: dict[str, Any] = {}
    publish, registries = writer_module.RunWriter.publish, engine.build_registries

    def timed_publish(self: Any, *args: Any, **kwargs: Any) -> None:
        phases["maxrss_mb_before_publish"] = _maxrss_mb(resource.RUSAGE_SELF)
        start = time.perf_counter()
        publish(self, *args, **kwargs)
        phases["publish_seconds"] = round(time.perf_counter() - start, 2)
        phases["maxrss_mb_after_publish"] = _maxrss_mb(resource.RUSAGE_SELF)

    def timed_registries(*args: Any, **kwargs: Any) -> Any:
        # The registries are part of publishing (built into the next generation); they are
        # timed on their own, optionally under a budget.
        phases["registries_started_at"] = time.time()
        write({**phases, "registries": "running", "seconds": 0.0, "cpu_seconds": 0.0,
               "load_seconds": 0.0, "chars": 0})  # fmt: skip
        if args_.registries == "skip":
            phases["registries"] = "skipped"
            return registries(*args, **kwargs)
        budget = args_.registries_timeout
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(budget)
        start_registries = time.perf_counter()
        try:
            built = registries(*args, **kwargs)
            phases["registries"] = "done"
            return built
        except _Timeout:
            phases["registries"] = f"timed out after {budget} s"
            raise
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
            phases["registries_seconds"] = round(time.perf_counter() - start_registries, 2)
            phases["maxrss_mb_after_registries"] = _maxrss_mb(resource.RUSAGE_SELF)

    args_ = args
    writer_module.RunWriter.publish = timed_publish
    engine.build_registries = timed_registries
    start, cpu = time.perf_counter(), _cpu_seconds()
    try:
        summary = engine.run([corpus], out, config=config, workers=workers)
    except _Timeout:
        summary = None
    import pyarrow.parquet as pq

    rows = {p.stem: pq.read_metadata(p).num_rows for p in sorted(out.glob("*.parquet"))}
    chars = 0
    if (out / "documents.parquet").exists():
        table = pq.read_table(out / "documents.parquet", columns=["n_chars"])
        chars = sum(table.column(0).to_pylist())
    result = {
        "chars": chars,
        "documents": summary.processed if summary else None,
        "sentences": summary.sentences if summary else None,
        "unchanged": summary.unchanged if summary else None,
        "rebuilt": summary.rebuilt if summary else None,
        "failed": summary.failed if summary else None,
        "failures": summary.failures[:3] if summary else [],
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu_seconds() - cpu,
        "load_seconds": loaded - began,
        "workers": workers,
        "fingerprint": config.fingerprint,
        "stage_cpu_seconds": {
            k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])
        },
        "rows": rows,
        "output_mb": round(sum(p.stat().st_size for p in out.glob("*.parquet")) / MB, 1),
        **phases,
    }
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = _cpu_seconds() - cpu
    result["code_changed_during_run"] = load_config(args.config).fingerprint != config.fingerprint
    return result


SCALING_DOCUMENTS = (100_000, 500_000, 1_000_000, 2_000_000, 4_000_000)  # characters
SCALING_LINES = (100_000, 200_000, 400_000)  # characters of one line without punctuation


def scaling_texts(articles: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, text) of long documents (articles joined) and long lines (no sentence ends)."""
    blob = "\n".join(text.strip() for _, text in articles)
    texts = []
    for size in SCALING_DOCUMENTS:
        texts.append((f"document_{size}", (blob * (size // len(blob) + 1))[:size]))
    flat = "".join(" " if c in ".!?…\n\r" else c for c in blob)
    for size in SCALING_LINES:
        texts.append((f"line_{size}", (flat * (size // len(flat) + 1))[:size]))
    return texts


def _scaling_child(args: argparse.Namespace) -> dict:
    """Time the pipeline on each long text in this process (models loaded once, first)."""
    from extract.records import SourceDocument
    from extract.runner.config import load_config
    from extract.runner.pipeline import Pipeline

    pipeline = Pipeline(load_config(args.config))
    pipeline.warm_up()
    texts = json.loads(Path(args.corpus).read_text(encoding="utf-8"))
    results = {}
    for name, text in texts:
        start, cpu = time.perf_counter(), _cpu_seconds()
        output = pipeline.process(SourceDocument(name, name, "", text))
        seconds = time.perf_counter() - start
        results[name] = {
            "chars": len(text),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(_cpu_seconds() - cpu, 2),
            "microseconds_per_char": round(seconds / len(text) * 1e6, 2),
            "status": output.status,
            "sentences": output.n_sentences,
            "mentions": sum(output.labels.values()),
        }
        print(f"[bench] scaling {name}: {seconds:.1f} s", file=sys.stderr, flush=True)
    return results


def scaling(args: argparse.Namespace, work: Path, config_path: Path, articles: list) -> dict:
    """Time per character of 0.1-4 MB documents and 100-400 KB lines, against the smallest."""
    from extract.runner.config import load_config

    loaded = load_config(config_path)
    config = write_config(loaded, loaded.stages, work / "scaling.toml")
    # Limits off: this measures the cost of a long document, not the error row for it.
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n[limits]\nmax_document_chars = 50_000_000\n")
        handle.write("max_seconds_per_document = 0.0\n")
    corpus = work / "scaling.json"
    corpus.write_text(json.dumps(scaling_texts(articles), ensure_ascii=False), encoding="utf-8")
    results = run_child(["scaling", "--corpus", str(corpus), "--config", str(config)], work)
    report: dict[str, Any] = {"runs": results, "ratios": {}, "targets_met": {}}
    for family in ("document", "line"):
        runs = {k: v for k, v in results.items() if k.startswith(family)}
        if not runs:
            continue
        smallest = min(runs.values(), key=lambda r: r["chars"])["microseconds_per_char"]
        worst = max(r["microseconds_per_char"] for r in runs.values())
        ratio = round(worst / smallest, 2) if smallest else None
        report["ratios"][f"{family}_time_per_char_worst_over_smallest"] = ratio
        report["targets_met"][f"{family}_time_per_char_worst_over_smallest"] = _at_most(
            ratio, TARGETS["scaling_ratio"]
        )
    return report


def child_main(args: argparse.Namespace) -> int:
    """Run one mode in this (child) process and write its figures as JSON."""

    def write(result: dict) -> None:
        result = dict(result)
        seconds = result["seconds"]
        result["chars_per_second"] = round(result["chars"] / seconds) if seconds else None
        for key in ("seconds", "cpu_seconds", "load_seconds"):
            result[key] = round(result[key], 3)
        result["maxrss_self_mb"] = _maxrss_mb(resource.RUSAGE_SELF)
        result["maxrss_largest_child_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)
        Path(args.result).write_text(json.dumps(result, indent=2), encoding="utf-8")

    if args.child == "floor":
        write(_time_per_sentence(Path(args.corpus), _load_word_tokenize))
    elif args.child == "ner":
        write(_time_per_sentence(Path(args.corpus), _load_ner))
    elif args.child == "scaling":
        Path(args.result).write_text(json.dumps(_scaling_child(args), indent=2), encoding="utf-8")
    else:
        write(_pipeline_run(args, write))
    return 0


# --- the benchmark -------------------------------------------------------------------------------


def machine() -> dict:
    """Cores, CPU, memory and versions of what is measured."""
    from extract.runner.engine import default_workers

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        None,
    )
    versions = {}
    for package in ("extract", "underthesea", "underthesea_core", "spacy", "pyarrow", "dask"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cores": default_workers(),
        "cpu": cpu,
        "memory_mb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def throughput(args: argparse.Namespace, work: Path, config_path: Path, corpus: Path) -> dict:
    """Run the requested modes one after another; figures and ratios against the targets."""
    results: dict[str, dict] = {}
    times: dict[str, list[float]] = {mode: [] for mode in args.modes}
    # Rounds interleave the modes and each keeps its fastest run, so a slow spell of this shared
    # machine does not land on one mode only and skew the ratios. `ner` (minutes) runs once.
    for round_ in range(args.repeat):
        for mode in args.modes:
            if mode == "ner" and round_ > 0:
                continue
            workers = args.workers if mode == "parallel" else 1
            out = work / f"out-{mode}"
            shutil.rmtree(out, ignore_errors=True)
            child_mode = "pipeline" if mode in ("pipeline", "parallel") else mode
            child = _child_args(child_mode, corpus, config_path, workers, out)
            print(f"[bench] {mode} (round {round_ + 1}) ...", file=sys.stderr, flush=True)
            result = run_child(child, work)
            shutil.rmtree(out, ignore_errors=True)
            _print_mode(mode, result)
            times[mode].append(result["seconds"])
            if mode not in results or result["seconds"] < results[mode]["seconds"]:
                results[mode] = result
    for mode, result in results.items():
        result["seconds_of_each_round"] = times[mode]
    seconds = {mode: r["seconds"] for mode, r in results.items()}
    cpu = {mode: r["cpu_seconds"] for mode, r in results.items()}
    ratios = {
        "pipeline_over_floor_time": _ratio(seconds.get("pipeline"), seconds.get("floor")),
        "pipeline_vs_ner_speed": _ratio(seconds.get("ner"), seconds.get("pipeline")),
        "parallel_speedup": _ratio(seconds.get("pipeline"), seconds.get("parallel")),
    }
    # CPU-time ratios of the one-process modes: less sensitive to other load on the machine.
    ratios["pipeline_over_floor_cpu"] = _ratio(cpu.get("pipeline"), cpu.get("floor"))
    ratios["pipeline_vs_ner_cpu"] = _ratio(cpu.get("ner"), cpu.get("pipeline"))
    # The part of c that a must be compared with: segmentation (a itself) plus POS tagging, which
    # every later stage needs. Its ratio to a bounds c / a from below, whatever the rules cost.
    stage_cpu = results.get("pipeline", {}).get("stage_cpu_seconds", {})
    ratios["tokenize_stage_over_floor_cpu"] = _ratio(stage_cpu.get("tokenize"), cpu.get("floor"))
    met = {
        "pipeline_over_floor_time": _at_most(ratios["pipeline_over_floor_time"], 1.5),
        "pipeline_vs_ner_speed": _at_least(ratios["pipeline_vs_ner_speed"], 5.0),
        "parallel_speedup": _at_least(ratios["parallel_speedup"], 1.7)
        if args.workers >= 2
        else "n/a (one core)",
    }
    report = {"modes": results, "ratios": ratios, "targets": TARGETS, "targets_met": met}
    if "pipeline" in results and "parallel" in results:
        one, many = results["pipeline"], results["parallel"]
        report["parallel_matches_pipeline"] = one["rows"] == many["rows"]
        if one["fingerprint"] != many["fingerprint"]:
            report["warning"] = "the code or config changed between the two pipeline modes"
    return report


def _at_most(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("yes" if value <= limit else "no")


def _at_least(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("yes" if value >= limit else "no")


def _child_args(
    mode: str, corpus: Path | str, config: Path, workers: int, tables: Path, registries: str = "run"
) -> list[str]:
    return [mode, "--corpus", str(corpus), "--config", str(config), "--workers", str(workers),
            "--tables", str(tables), "--registries", registries]  # fmt: skip


def memory_scale(
    args: argparse.Namespace, work: Path, config_path: Path, articles: list[tuple[str, str]]
) -> dict:
    """Peak memory of the same run on a small and a large corpus (workers 1 and all cores).

    The registries step runs in the one-worker runs only (with a time budget on the large one);
    the peaks before it measure the streaming part: reading, the engine, the writer, publish.
    """
    child_mode = "memory-replay" if args.memory_mode == "replay" else "pipeline"
    runs: dict[str, dict] = {}
    for label, size in (("small", args.min_bytes), ("large", args.memory_scale)):
        corpus_info = write_corpus(articles, work / f"memory-{label}.jsonl", size)
        for workers in sorted({1, args.workers}):
            out = work / f"out-memory-{label}-{workers}"
            shutil.rmtree(out, ignore_errors=True)
            mb = corpus_info["bytes"] / 1e6
            print(f"[bench] memory {label} ({mb:.0f} MB), {workers} worker(s) ...",
                  file=sys.stderr, flush=True)  # fmt: skip
            registries = "run" if workers == 1 else "skip"
            child = _child_args(child_mode, corpus_info["path"], config_path, workers, out,
                                registries)  # fmt: skip
            child += ["--registries-timeout", str(args.registries_timeout)]
            result = run_child(child, work)
            result["corpus"] = {k: v for k, v in corpus_info.items() if k != "path"}
            runs[f"{label}_workers{workers}"] = result
            _print_mode(f"memory {label} w{workers}", result)
            if label == "large" and workers == 1:
                runs["large_rerun"] = _incremental(work, config_path, out, child_mode)
            shutil.rmtree(out, ignore_errors=True)
        Path(corpus_info["path"]).unlink()
    ratios: dict[str, float | None] = {}
    for workers in sorted({1, args.workers}):
        small, large = runs[f"small_workers{workers}"], runs[f"large_workers{workers}"]
        for kind in ("rss", "pss"):
            ratios[f"workers{workers}_{kind}_before_registries"] = _ratio(
                large["before_registries"][f"peak_{kind}_mb"],
                small["before_registries"][f"peak_{kind}_mb"],
            )
    small, large = runs["small_workers1"], runs["large_workers1"]
    ratios["workers1_rss_with_registries"] = (
        _ratio(large["peak_rss_mb"], small["peak_rss_mb"])
        if large.get("registries") == "done"
        else None
    )
    ratios["rerun_rss_before_registries"] = _ratio(
        runs["large_rerun"]["before_registries"]["peak_rss_mb"],
        small["before_registries"]["peak_rss_mb"],
    )
    met = {k: _at_most(v, TARGETS["memory_ratio"]) for k, v in ratios.items()}
    if large.get("registries") != "done":
        met["workers1_rss_with_registries"] = f"n/a (registries {large.get('registries')})"
    note = (
        "replay: each distinct article is processed once by the real pipeline; its copies reuse "
        "those rows under their own doc ids, so reading, the engine, the Parquet writer, publish "
        "and registries see the full row volume of the corpus"
        if args.memory_mode == "replay"
        else "full: every stage runs on every copy"
    )
    return {"mode": args.memory_mode, "note": note, "runs": runs, "ratios": ratios,
            "targets_met": met}  # fmt: skip


def _incremental(work: Path, config_path: Path, out: Path, child_mode: str) -> dict:
    """A second run over the large output adding a few new articles: the merging publish."""
    folder = work / "memory-rerun"
    folder.mkdir(exist_ok=True)
    os.link(work / "memory-large.jsonl", folder / "memory-large.jsonl")
    with (folder / "new.jsonl").open("w", encoding="utf-8") as handle:
        for i, (doc_id, text) in enumerate(seed_articles(seed_dirs())[:5]):
            record = {"doc_id": f"new-{i}-{doc_id}", "text": text + "\nTin bổ sung.\n"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("[bench] memory large, rerun with 5 new articles ...", file=sys.stderr, flush=True)
    result = run_child(_child_args(child_mode, folder, config_path, 1, out, "skip"), work)
    shutil.rmtree(folder)
    _print_mode("memory large rerun", result)
    return result


def _print_mode(name: str, result: dict) -> None:
    cps = result.get("chars_per_second")
    print(
        f"{name:22} {result['chars']:>11,} chars {result['seconds']:>9.2f} s "
        f"{(cps or 0):>9,} chars/s  load {result['load_seconds']:.1f} s  "
        f"peak RSS {result['peak_rss_mb']:,.0f} MB (PSS {result['peak_pss_mb']:,.0f} MB, "
        f"{result['processes']} proc)",
        flush=True,
    )


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of the benchmark."""
    from extract.runner.config import DEFAULT_CONFIG
    from extract.runner.engine import default_workers

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "outputs" / "reports" / "bench.json")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument(
        "--min-bytes",
        type=int,
        default=2_000_000,
        help="replicate the seeds to at least this much UTF-8 text",
    )
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"comma-separated subset of {','.join(MODES)}"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="rounds of the floor, pipeline and parallel modes; each keeps its fastest run",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="workers of the parallel mode (default: all cores)",
    )
    parser.add_argument(
        "--memory-scale",
        type=int,
        nargs="?",
        const=100_000_000,
        default=None,
        metavar="BYTES",
        help="also compare peak memory on BYTES (default 100 MB) against --min-bytes",
    )
    parser.add_argument("--memory-mode", choices=("replay", "full"), default="replay")
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="also time 0.1-4 MB documents and 100-400 KB lines (time per character)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--tables", help=argparse.SUPPRESS)
    parser.add_argument(
        "--registries-timeout",
        type=int,
        default=120,
        metavar="SECONDS",
        help="memory scale: stop the registries step of a run after this long "
        "(it is then reported as timed out)",
    )
    parser.add_argument(
        "--registries", choices=("run", "skip"), default="run", help=argparse.SUPPRESS
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the figures to `--out`."""
    args = build_parser().parse_args(argv)
    if args.child:
        return child_main(args)
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = sorted(set(args.modes) - set(MODES))
    if unknown:
        raise SystemExit(f"unknown modes {unknown}; choose from {MODES}")
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        work = Path(tmp)
        articles = seed_articles(seed_dirs())
        config_path, config_info = usable_config(args.config, work, articles[0][1])
        if not config_info["full"]:
            print(
                f"[bench] the full config does not build; benchmarking stages "
                f"{config_info['stages']}",
                file=sys.stderr,
            )
        corpus_info = write_corpus(articles, work / "corpus.jsonl", args.min_bytes)
        report: dict[str, Any] = {
            "machine": machine(),
            "config": config_info,
            "corpus": {k: v for k, v in corpus_info.items() if k != "path"},
            "model_loading": "excluded from every mode (loaded and warmed before timing; "
            "reported as load_seconds)",
            "floor_and_ner_exclude": "normalization and sentence splitting (done before timing)",
        }
        if args.modes:
            report["throughput"] = throughput(args, work, config_path, Path(corpus_info["path"]))
        if args.memory_scale:
            report["memory_scale"] = memory_scale(args, work, config_path, articles)
        if args.scaling:
            report["scaling"] = scaling(args, work, config_path, articles)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print_summary(report)
    print(f"-> {args.out}")
    return 0


def _print_summary(report: dict) -> None:
    if "throughput" in report:
        ratios, met = report["throughput"]["ratios"], report["throughput"]["targets_met"]
        print(
            f"pipeline / floor time     {ratios['pipeline_over_floor_time']}  (target <= 1.5: "
            f"{met['pipeline_over_floor_time']}; CPU time {ratios['pipeline_over_floor_cpu']})"
        )
        print(
            f"  of which segmentation + POS tagging alone: "
            f"{ratios['tokenize_stage_over_floor_cpu']} x the floor (CPU time)"
        )
        print(
            f"pipeline vs ner speed     {ratios['pipeline_vs_ner_speed']}x (target >= 5: "
            f"{met['pipeline_vs_ner_speed']}; CPU time {ratios['pipeline_vs_ner_cpu']}x)"
        )
        print(
            f"parallel speed-up         {ratios['parallel_speedup']}x (target >= 1.7: "
            f"{met['parallel_speedup']})"
        )
        if "warning" in report["throughput"]:
            print(f"WARNING: {report['throughput']['warning']}")
    if "memory_scale" in report:
        for key, value in report["memory_scale"]["ratios"].items():
            met = report["memory_scale"]["targets_met"][key]
            print(f"memory large / small {key:34} {value}  (target <= 1.5: {met})")
    if "scaling" in report:
        for key, value in report["scaling"]["ratios"].items():
            met = report["scaling"]["targets_met"][key]
            print(f"scaling {key:45} {value}  (target <= 1.5: {met})")
    if not report["config"]["full"]:
        print(f"NOTE: reduced config, dropped {sorted(report['config']['dropped'])}")


if __name__ == "__main__":
    sys.exit(main())
