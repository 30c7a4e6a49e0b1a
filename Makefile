# The two commands of the README: `make run` (build, then serve on http://$(HOST):$(PORT)/) and `make test`.
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8050
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
NATIONAL ?= /tmp/national.duckdb

.PHONY: run serve test bench chromium clean

# running the app needs requirements.txt only; tests, the notebook and the benchmarks add requirements-dev.txt
$(RUNTIME): requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run serve: $(RUNTIME)
	$(PY) -m etl build data/corpus --db data/warehouse.duckdb
	$(PY) -m dashboard --db data/warehouse.duckdb --host $(HOST) --port $(PORT) --workers $(WORKERS)

chromium:
	@bash tests/ensure_chromium.sh

test: $(DEV) chromium
	$(PY) -m pytest -q tests

bench: $(DEV) chromium
	$(PY) benchmarks/extract_throughput.py
	$(PY) benchmarks/national_warehouse.py --db $(NATIONAL)
	$(PY) benchmarks/national_download.py --db $(NATIONAL)
	$(PY) benchmarks/topic_throughput.py
	$(PY) benchmarks/build_memory.py
	$(PY) benchmarks/dashboard_browser.py --db $(NATIONAL)
	$(PY) benchmarks/tampered_callbacks.py
	$(PY) -m etl build data/corpus --db data/warehouse.duckdb
	$(PY) benchmarks/load.py --db data/warehouse.duckdb
	$(PY) benchmarks/load.py --db $(NATIONAL)

clean:
	rm -rf $(VENV) .pytest_cache
