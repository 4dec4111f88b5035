# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo serve test bench eval clean

# The browser tests drive Debian's chromium (never a browser playwright downloads).
# Installed where the machine lets us (root with apt-get); elsewhere those tests are
# skipped and say why.
CHROMIUM := /usr/lib/chromium/chromium

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

serve: install
	[ -f tidings.db ] || $(MAKE) demo
	$(BIN)/tidings serve --db tidings.db

$(CHROMIUM):
	-@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "chromium not installed (needs root and apt-get): the browser tests will be skipped"; \
	fi

test: install $(CHROMIUM)
	$(BIN)/python -m pytest

# Each benchmark prints its figures beside raw spaCy or a small store in the same run;
# docs/speed.md says what each measures. About 30 minutes in all on 2 cores.
bench: install
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/long_articles.py
	$(BIN)/python benchmarks/ingest_workers.py
	$(BIN)/python benchmarks/corpus_scale_ingest.py
	$(BIN)/python benchmarks/web_latency.py
	$(BIN)/python benchmarks/cli_latency.py

eval: install
	$(BIN)/pip install -q -e '.[eval]'
	$(BIN)/tidings eval ner
	$(BIN)/tidings eval places
	$(BIN)/tidings eval statements
	$(BIN)/tidings eval events
	$(BIN)/tidings eval facts

clean:
	rm -rf $(VENV) tidings.db tidings.db-wal tidings.db-shm build *.egg-info
