# Two commands on a fresh machine:  make run   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run serve dev check test mutate bench bench-cost lint check-data cities outline

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

## make run: serve the app on the bundled data at http://127.0.0.1:8501
run: $(VENV)/.app-installed
	$(BIN)/python -m streamlit run server.py --server.address $(HOST) --server.port $(PORT)

## make serve N=2: N app processes behind nginx at http://127.0.0.1:8501 (see docs/deploying.md)
serve: $(VENV)/.app-installed
	@scripts/ensure_nginx.sh
	$(BIN)/python -m deploy.serve --replicas $(or $(N),2) --port $(PORT)

# axe-core (npm) is injected into the page by the accessibility tests; lighthouse runs in make bench.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: the axe-core accessibility tests will be skipped." >&2; fi

## make check: the quick loop while coding: ruff, then the unit and page tiers (no browser, no server)
check: $(VENV)/.dev-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m pytest -q tests/unit tests/page

## make test: install what the tests need (Debian's chromium and WebKitGTK driver, LibreOffice Calc, axe-core) and run every tier on
## two workers, then the tests marked `alone` (many sessions at once) by themselves, on a quiet machine
test: $(VENV)/.dev-installed node_modules/axe-core/axe.min.js
	@scripts/ensure_chromium.sh
	@scripts/ensure_webkit.sh
	@scripts/ensure_nginx.sh
	@scripts/ensure_libreoffice.sh
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m pytest -m "not alone" -n 2 --dist worksteal --durations=20
	$(BIN)/python -m pytest -m alone --durations=20

## make mutate: mutation testing of the safety-critical modules against the unit and page tiers, on two
## cores (two to three hours; docs/testing.md#mutation-testing); prints the share killed, fails under 90 %
mutate: $(VENV)/.dev-installed
	set -f; FINMAP_SHARED="$${FINMAP_SHARED:-$(abspath ../shared)}" $(BIN)/mutmut run --max-children 2 \
		$$($(BIN)/python scripts/mutation_report.py --patterns)  # set -f: the patterns are not file globs
	$(BIN)/python scripts/mutation_report.py

## make bench: our app against a naive baseline, side by side, and Lighthouse on ours and the floor page
## (BOUNDARIES=file to choose the source; npm's lighthouse comes with axe-core from package.json)
bench: $(VENV)/.dev-installed node_modules/axe-core/axe.min.js
	@scripts/ensure_chromium.sh
	@scripts/ensure_nginx.sh
	$(BIN)/python -m bench.run $(if $(BOUNDARIES),--boundaries $(BOUNDARIES),)

## make bench-cost: what hostile input costs on every input path (time, memory, growth), and a
## viewer's filter change while another session uploads hostile files; all on 127.0.0.1
bench-cost: $(VENV)/.dev-installed
	$(BIN)/python -m bench.cost --server

lint: $(VENV)/.dev-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

## make check-data FILE=... FUNDING=...: validate a partnerships CSV and a funding CSV (default: the bundled ones)
check-data: $(VENV)/.app-installed
	$(BIN)/python -m components.data.memberships check $(or $(FILE),data/partnerships.csv)
	$(BIN)/python -m components.data funding $(or $(FUNDING),data/funding.csv)

## make cities: rebuild data/cities.geojson from its sources
cities: $(VENV)/.dev-installed
	$(BIN)/python scripts/build_cities.py

## make outline: rebuild data/finland-outline.geojson from Natural Earth (npm's world-atlas)
outline: $(VENV)/.dev-installed node_modules/axe-core/axe.min.js
	$(BIN)/python scripts/build_outline.py

## make dev: like make run, with tracebacks shown in the page
dev: $(VENV)/.app-installed
	$(BIN)/python -m streamlit run server.py --server.address $(HOST) --server.port $(PORT) --client.showErrorDetails true --server.fileWatcherType auto --server.runOnSave true
