# argmap: `make run` serves the demo on SQLite, `make test` runs the whole suite.
# DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/argmap) switches to PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SYSTEM_PACKAGES := graphviz chromium fonts-dejavu-core
APT_INSTALL := apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(SYSTEM_PACKAGES)

.PHONY: install system-deps argdown run test lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Graphviz draws map pictures; Chromium runs the browser tests.
system-deps:
	@missing=""; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; $(APT_INSTALL) >/dev/null; \
	  else echo "Missing system packages:$$missing. Run: sudo sh -c '$(APT_INSTALL)'"; exit 1; fi; \
	fi

# The Argdown CLI (npm) checks that Argdown exports parse back; 1.7.5 runs on Node 20.
ARGDOWN := $(VENV)/argdown/node_modules/.bin/argdown

argdown: $(ARGDOWN)

$(ARGDOWN):
	npm install --prefix $(VENV)/argdown --no-audit --no-fund --silent @argdown/cli@1.7.5

run: install system-deps
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps argdown
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install system-deps
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles tests/artifacts

# Load and fault test (not part of `make test`): gunicorn with 2 workers on PostgreSQL under
# 20 locust users, with one PostgreSQL restart; see bench/load/run.py.
.PHONY: load
load: install
	$(PY) bench/load/run.py
