# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f tidings.db tidings.db-wal tidings.db-shm
	$(BIN)/tidings ingest samples/ --db tidings.db
	$(BIN)/tidings demo --db tidings.db

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_extract.py

eval: install
	$(BIN)/pip install -q -e '.[eval]'
	$(BIN)/tidings eval ner
	$(BIN)/tidings eval places
	$(BIN)/tidings eval statements
	$(BIN)/tidings eval events
	$(BIN)/tidings eval facts

clean:
	rm -rf $(VENV) tidings.db tidings.db-wal tidings.db-shm build *.egg-info
