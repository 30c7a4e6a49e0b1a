# The two commands of the README: `make run` (build, then serve on http://$(HOST):$(PORT)/) and `make test`.
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8050
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m etl build data/corpus --db data/warehouse.duckdb
	$(PY) -m dashboard --db data/warehouse.duckdb --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest -q tests

bench: $(STAMP)
	$(PY) benchmarks/extract_throughput.py
	$(PY) benchmarks/national_warehouse.py
	$(PY) benchmarks/national_download.py
	$(PY) benchmarks/topic_throughput.py
	$(PY) benchmarks/dashboard_browser.py
	$(PY) benchmarks/tampered_callbacks.py

clean:
	rm -rf $(VENV) .pytest_cache
