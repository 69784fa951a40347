# argmap: `make run` serves the demo on SQLite, `make test` runs the whole suite.
# DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/argmap) switches to PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Graphviz (with its fonts) draws map pictures, for `make run` and the tests; Chromium runs
# the browser tests. As root the targets install what is missing, otherwise they print the
# one command to run.
RUN_PACKAGES := graphviz fonts-dejavu-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium

.PHONY: install system-deps run-deps argdown axe arguebuf run test lint format bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# $(call apt_ensure,<command> <package> ...,<packages to install>)
define apt_ensure
	@missing=""; \
	for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(2)"; \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; sh -c "$$install" >/dev/null; \
	  else echo "Missing system packages:$$missing. Run: sudo sh -c '$$install'"; exit 1; fi; \
	fi
endef

run-deps:
	$(call apt_ensure,dot:graphviz,$(RUN_PACKAGES))

system-deps:
	$(call apt_ensure,dot:graphviz chromium:chromium,$(TEST_PACKAGES))

# The Argdown CLI (npm) checks that Argdown exports parse back; 1.7.5 runs on Node 20.
ARGDOWN := $(VENV)/argdown/node_modules/.bin/argdown

argdown: $(ARGDOWN)

$(ARGDOWN):
	npm install --prefix $(VENV)/argdown --no-audit --no-fund --silent @argdown/cli@1.7.5

# axe-core (npm) checks every screen for accessibility violations in the browser tests,
# injected into the pages by Playwright (tests/browser/test_accessibility.py).
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

axe: $(AXE)

$(AXE):
	npm install --prefix $(VENV)/axe --no-audit --no-fund --silent axe-core@4.14.1

# arguebuf (PyPI) reads our AIF exports and writes xAIF for our importer, in the tests only.
# Its pins (lxml<6, protobuf<6) clash with trafilatura's lxml>=6, so it goes in without its
# pins; it works with the newer versions (tests/test_exchange_reasoning.py proves it).
ARGUEBUF := $(VENV)/.arguebuf-stamp

arguebuf: $(ARGUEBUF)

$(ARGUEBUF): $(STAMP)
	$(PY) -m pip install --quiet --no-deps arguebuf==2.7.2 arg-services==1.7.11
	$(PY) -m pip install --quiet 'pendulum>=3,<4' 'graphviz>=0.20' 'grpcio>=1.60' \
	  'grpcio-reflection>=1.60' 'protobuf>=5' types-protobuf
	touch $(ARGUEBUF)

run: install run-deps
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@# A job worker beside the server (long work: large pictures, imports, exports), stopped with it.
	$(PY) manage.py jobs_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps argdown axe arguebuf
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install run-deps
	$(PY) bench/run.py

# Quality against published corpora in ../shared/corpora (not part of `make test` or CI):
# every bench/eval/eval_*.py, e.g. argument units on the argumentative microtexts.
eval: install
	$(PY) bench/eval/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles tests/artifacts

# Load and fault test (not part of `make test`): gunicorn with 2 workers on PostgreSQL under
# 20 locust users, with one PostgreSQL restart; see bench/load/run.py.
.PHONY: load fuzz
load: install
	$(PY) bench/load/run.py

# schemathesis over the whole API against gunicorn with the production settings (not part
# of `make test`, whose fuzzing runs on the test server); see bench/load/fuzz.py.
fuzz: install
	$(PY) bench/load/fuzz.py
