# Every target creates the environment itself when it is missing: `make extract` and
# `make test` work as the first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= outputs
RAW    ?= corpus/raw
GOLD   ?= corpus/gold/seeds.jsonl

REPORTS := $(OUT)/reports

.PHONY: extract test eval report lint format bench clean env constraints

env: $(STAMP)

# Installs the exact versions of constraints.txt (the tested environment).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

constraints: $(STAMP)  ## re-pin constraints.txt from the working .venv
	{ sed -n '/^#/p' constraints.txt; $(PY) -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

extract: $(STAMP)  ## process corpus/raw into outputs/
	$(PY) -m extract run $(RAW) --out $(OUT)

test: $(STAMP)  ## lint, format check, then the test suite
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(PY) -m pytest

# Reports go to $(OUT)/reports/, apart from the tables, so that $(OUT)/*.parquet is tables only.
eval: $(STAMP)  ## run the pipeline on corpus/raw and score it against corpus/gold
	$(PY) -m extract run $(RAW) --out $(OUT) --quiet
	$(PY) -m extract eval $(GOLD) --out $(OUT) --json $(REPORTS)/eval.json

report: $(STAMP)  ## offline HTML review report of outputs/ against the gold -> outputs/reports/
	$(PY) -m extract report $(OUT) --gold $(GOLD) -o $(OUT)/reports/report.html

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests benchmarks
	$(VENV)/bin/ruff format src tests benchmarks

bench: $(STAMP)  ## throughput and memory benchmark (about 12 min) -> outputs/reports/bench.json
	$(PY) benchmarks/bench.py --memory-scale --out $(REPORTS)/bench.json

clean:
	rm -rf $(OUT)/*.parquet $(OUT)/current $(OUT)/.generations $(OUT)/.lock $(REPORTS) .pytest_cache dist build
