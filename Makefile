# samverkan: `make run` starts everything embedded; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-calendar lint typecheck pytest chaos e2e bench migrate lock install services clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m services.embedded

services:
	bash infra/scripts/ensure-services.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy services workers schemas infra

# Everything but the kill -9 runs, which `make chaos` runs apart (CI runs both) so this stays
# well inside 15 minutes.
pytest: $(STAMP) services
	$(BIN)/pytest -q -m "not chaos"

test: lint typecheck pytest

# Unit and integration tests again, at a Saturday night in winter, a working Wednesday afternoon,
# Midsummer Eve and the night the clocks go back (UTC), side by side: a test that reads the wall
# clock fails here.
test-calendar: $(STAMP) services
	bash infra/scripts/test-calendar.sh

chaos: $(STAMP) services
	$(BIN)/pytest -q -m chaos tests/chaos

e2e: $(STAMP) services
	$(BIN)/pytest -q tests/e2e

bench: $(STAMP) services
	$(BIN)/python -m tests.bench.run

migrate: $(STAMP)
	$(BIN)/samverkan migrate

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

clean:
	rm -rf $(VENV) var/ .mypy_cache .ruff_cache .pytest_cache
