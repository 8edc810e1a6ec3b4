"""The wheel works outside the checkout: built, installed into a fresh venv with the constraints
file, then run from another folder; its tables equal those of a run from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from conftest import RAW, REPO
from extract.tables.schemas import SORT_KEYS
from extract.tables.writer import read_fingerprint, table_path

pytestmark = pytest.mark.slow

TEXT = "Hà Nội, ngày 15/1/2019. Bộ Nội vụ họp với Tổ chức Lao động Quốc tế (ILO)."
# What a wheel is built from: everything else in the checkout stays out of it.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "src", "pipeline")
TIMEOUT = 600


def _env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH pointing into the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A venv outside the repository with only the wheel (and its dependencies) installed."""
    root = tmp_path_factory.mktemp("wheel")
    tree = root / "tree"
    tree.mkdir()
    for name in BUILD_INPUTS:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(source, tree / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(source, tree / name)
    began = time.perf_counter()
    _run([sys.executable, "-m", "pip", "wheel", tree, "-w", root / "dist", "--no-deps", "-q"], root)
    (wheel,) = (root / "dist").glob("*.whl")
    built = time.perf_counter()
    venv = root / "fresh"
    _run([sys.executable, "-m", "venv", venv], root)
    # --no-compile: byte-compiling pyarrow, pandas and spaCy takes a third of the install.
    pip = [venv / "bin" / "pip", "install", "-q", "--no-compile"]
    _run([*pip, "-c", REPO / "constraints.txt", wheel], root)
    installed = time.perf_counter()
    print(f"\nwheel built in {built - began:.1f} s, installed in {installed - built:.1f} s")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"root": root, "venv": venv, "wheel": wheel, "cwd": elsewhere}


def test_wheel_carries_metadata_and_defaults(fresh: dict[str, Path]) -> None:
    import zipfile

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with zipfile.ZipFile(fresh["wheel"]) as wheel:
        names = set(wheel.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = wheel.read(metadata).decode()
        entry_points = wheel.read(metadata.replace("METADATA", "entry_points.txt")).decode()
    shipped = {
        p.relative_to(REPO).as_posix() for p in (REPO / "pipeline").rglob("*") if p.is_file()
    }
    assert {f"extract/{name}" for name in shipped} <= names
    assert {"extract/py.typed", "extract/api.py"} <= names
    assert f"Name: {project['name']}" in text and "License-Expression: MIT" in text
    assert "Requires-Python: >=3.11" in text and "Requires-Dist: underthesea<10,>=9.5" in text
    assert "vi_extract = extract.api:make_extract" in entry_points
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_extract_run_from_another_folder_equals_a_checkout_run(
    fresh: dict[str, Path], seed_outputs: Path
) -> None:
    inputs = fresh["root"] / "articles"
    shutil.copytree(RAW, inputs)
    out = fresh["root"] / "out"
    _run([fresh["venv"] / "bin" / "extract", "run", inputs, "--out", out], fresh["cwd"])
    assert read_fingerprint(out) == read_fingerprint(seed_outputs)
    for name, keys in SORT_KEYS.items():
        wheel = pd.read_parquet(table_path(out, name)).sort_values(keys).reset_index(drop=True)
        checkout = pd.read_parquet(table_path(seed_outputs, name))
        checkout = checkout.sort_values(keys).reset_index(drop=True)
        if name == "documents":
            assert all(Path(p).parent == inputs for p in wheel.source_path)
            wheel, checkout = (
                wheel.drop(columns="source_path"),
                checkout.drop(columns="source_path"),
            )
        assert len(wheel) > 0, name
        pd.testing.assert_frame_equal(wheel, checkout, obj=name)


def test_python_api_of_the_installed_wheel(fresh: dict[str, Path]) -> None:
    code = f"""
import extract
from extract.runner.config import DEFAULT_CONFIG
TEXT = {TEXT!r}
nlp = extract.load()
doc = nlp(TEXT)
print([(s.text, s.label_, s._.value) for s in doc.spans['mentions']])
assert all(TEXT[s.start_char:s.end_char] == s.text for s in doc.spans['mentions'])
assert {{s._.value for s in doc.spans['mentions']}} >= {{"MOHA", "ILO", "2019-01-15"}}
print(extract.__file__)
print(DEFAULT_CONFIG)
"""
    result = _run([fresh["venv"] / "bin" / "python", "-c", code], fresh["cwd"])
    mentions, module, config = result.stdout.strip().splitlines()[-3:]
    assert "('Bộ Nội vụ', 'ORG', 'MOHA')" in mentions
    assert Path(module).is_relative_to(fresh["venv"]) and Path(config).is_relative_to(fresh["venv"])


def test_spacy_finds_vi_extract_through_its_entry_point(fresh: dict[str, Path]) -> None:
    # A fresh interpreter that never imports extract itself: spaCy loads it from the entry point.
    code = f"""
import sys
import spacy
assert "extract" not in sys.modules
nlp = spacy.blank("vi", config={{"nlp": {{"tokenizer": {{"use_pyvi": False}}}}}})
nlp.add_pipe("vi_extract")
doc = nlp({TEXT!r})
print(sorted({{(s.label_, s._.value) for s in doc.spans["mentions"]}}))
print([e.type for e in doc._.events])
"""
    result = _run([fresh["venv"] / "bin" / "python", "-c", code], fresh["cwd"])
    mentions, events = result.stdout.strip().splitlines()[-2:]
    assert "('ORG', 'ILO')" in mentions and "('ORG', 'MOHA')" in mentions
    assert events == "['MEET']"
