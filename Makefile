# The two commands a newcomer needs: `make demo` and `make test`.
# Both start from a machine with Python 3.11 and nothing else installed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck imports pytest messages system-deps clean help bench bench-smoke

help:
	@echo "make demo   - run Roret on SQLite with a synthetic municipality at http://127.0.0.1:8000/ (PORT=8001 for another port)"
	@echo "make test   - lint, type-check, check import layers and run the whole test suite"
	@echo "make bench  - the load benchmark on PostgreSQL, sizes S and L (docs/performance.md)"

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

# `make demo PORT=8001` serves on another port.
PORT ?= 8000
demo: $(STAMP)
	$(BIN)/roret demo --port $(PORT)

# System packages the tests need (Debian's chromium for browser tests, gettext for the
# catalogues); installed when missing and we are root, so browser tests never skip in CI.
system-deps:
	bash scripts/ensure-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src tests bench

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP) system-deps
	$(BIN)/pytest

test: lint typecheck imports pytest

# Each app owns its catalogue in src/roret/<app>/locale/. msgids are English; the Danish
# catalogue must be complete (tests/core/test_translations.py checks it).
APPS_WITH_CATALOGUES := $(patsubst src/roret/%/locale,%,$(wildcard src/roret/*/locale))

messages: export RORET_DEBUG = 1
messages: $(STAMP)
	for app in $(APPS_WITH_CATALOGUES); do \
	  (cd src/roret/$$app && ../../../$(BIN)/roret makemessages --locale da --locale en --no-obsolete --no-location --ignore 'migrations/*') || exit 1; \
	done
	# makemessages stamps a new POT-Creation-Date into every catalogue; in a git checkout,
	# put back the catalogues where that stamp is the only change, so diffs show real changes.
	if git rev-parse --git-dir >/dev/null 2>&1; then \
	  for po in $$(git diff --name-only -- 'src/roret/*/locale/*.po'); do \
	    git diff --quiet -I'POT-Creation-Date' -- "$$po" && git checkout -- "$$po"; \
	  done; \
	fi; true
	cd src/roret && ../../$(BIN)/roret compilemessages --ignore '.venv'

# The load benchmark (docs/performance.md). PostgreSQL on 127.0.0.1 (started if it is not
# running), or the server of DATABASE_URL; the harness creates and drops its own databases.
BENCH_SECONDS ?= 25

bench: $(STAMP)
	bash bench/ensure-postgres.sh
	$(BIN)/python -m bench.run --sizes S L --seconds $(BENCH_SECONDS)
	$(BIN)/python -m bench.report

# Size S, 3 seconds per page, to bench/results/smoke.json: keeps the harness working (CI).
bench-smoke: $(STAMP)
	bash bench/ensure-postgres.sh
	$(BIN)/python -m bench.run --sizes S --seconds 3 --out bench/results/smoke.json

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
