# The two commands a newcomer needs: `make demo` and `make test`.
# Both start from a machine with Python 3.11 and nothing else installed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck imports pytest messages system-deps clean help

help:
	@echo "make demo   - run Roret on SQLite with a synthetic municipality at http://127.0.0.1:8000/"
	@echo "make test   - lint, type-check, check import layers and run the whole test suite"

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/roret demo

# System packages the tests need (Debian's chromium for browser tests, gettext for the
# catalogues); installed when missing and we are root, so browser tests never skip in CI.
system-deps:
	bash scripts/ensure-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy src tests

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

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
