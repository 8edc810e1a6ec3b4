# Every target creates the environment itself when it is missing: `make extract` and
# `make test` work as the first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= outputs
RAW    ?= corpus/raw
GOLD   ?= corpus/gold/seeds.jsonl

.PHONY: extract test eval lint format bench clean env

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

extract: $(STAMP)  ## process corpus/raw into outputs/
	$(PY) -m extract run $(RAW) --out $(OUT)

test: $(STAMP)  ## lint, format check, then the test suite
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(PY) -m pytest

eval: $(STAMP)  ## run the pipeline on corpus/raw and score it against corpus/gold
	$(PY) -m extract run $(RAW) --out $(OUT) --quiet
	$(PY) -m extract eval $(GOLD) --out $(OUT) --json $(OUT)/eval.json

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests benchmarks
	$(VENV)/bin/ruff format src tests benchmarks

bench: $(STAMP)  ## throughput and memory benchmark (about 12 min) -> outputs/bench.json
	$(PY) benchmarks/bench.py --memory-scale --out $(OUT)/bench.json

clean:
	rm -rf $(OUT)/*.parquet $(OUT)/current $(OUT)/.generations $(OUT)/.lock $(OUT)/eval.json $(OUT)/bench.json .pytest_cache
