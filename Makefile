# The one place where the project's commands are spelled out.
SHELL := /bin/bash
# uv from the PATH, else installed with pip into .tools/ (a fresh machine has only python3).
UV ?= $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --frozen

.PHONY: install run stop system-tools test lint typecheck contracts pytest bench bench-decision bench-portal clean

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

run: install
	$(RUN) mercredi warehouse refresh
	$(RUN) mercredi train --if-no-champion
	$(RUN) mercredi warehouse status
	$(RUN) mercredi model status
	$(RUN) mercredi portal init
	$(RUN) mercredi stack up

# Stops what `make run` started from this data folder.
stop:
	$(RUN) mercredi stack down

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: install
	$(RUN) mypy .

contracts: install
	$(RUN) lint-imports

# Debian tools the tests and benchmarks drive, installed when missing: Chromium for the browser
# tests (never a downloaded browser) with its French locale (dates as jj/mm/aaaa, as the manager
# sees them), docker-compose to validate compose.yml, wrk for the API's load.
system-tools:
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  [ -f /usr/lib/chromium/locales/fr.pak ] || missing="$$missing chromium-l10n"; \
	  command -v docker-compose >/dev/null 2>&1 || missing="$$missing docker-compose"; \
	  command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install --yes --no-install-recommends $$missing; \
	  fi

pytest: install system-tools
	$(RUN) pytest

test: lint typecheck contracts pytest

bench: install system-tools
	$(RUN) python benchmarks/warehouse_refresh.py
	$(RUN) python benchmarks/programme_engine.py
	$(RUN) python benchmarks/train_predict.py
	$(RUN) python benchmarks/parse_pages.py
	$(RUN) python benchmarks/train_busy.py
	$(RUN) python benchmarks/api_replay.py
	$(RUN) python benchmarks/api_load.py

# The portal under load; it asks the API that `make run` started (token in the data folder).
bench-portal: install
	MERCREDI_API_TOKEN=$${MERCREDI_API_TOKEN:-$$(cat $${MERCREDI_DATA_DIR:-data}/api-token)} \
	  $(RUN) python benchmarks/portal_load.py --api-url $${MERCREDI_API_URL:-http://127.0.0.1:8000}

# The 2010-2022 decision backtest from a fresh warehouse (4 minutes on a quiet 2-core machine).
bench-decision: install
	nice -n 10 $(RUN) python benchmarks/decision_backtest.py

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
