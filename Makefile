# Jalon — `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# bench/ holds benchmarks once there are some; list only folders that exist.
PY_DIRS := jalon tests $(wildcard bench)

.PHONY: install demo test quality format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: install
	scripts/ensure-report-deps.sh
	mkdir -p var
	JALON_ENV=demo $(BIN)/jalon migrate --noinput
	JALON_ENV=demo $(BIN)/jalon collectstatic --noinput --verbosity 0
	JALON_ENV=demo $(BIN)/jalon setup-demo
	# The background worker (imports, later report builds) runs beside the server and stops
	# with it.
	JALON_ENV=demo $(BIN)/jalon db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	JALON_ENV=demo $(BIN)/jalon serve --host $(HOST) --port $(PORT)

# Unit and integration tests on TEST_WORKERS processes, then the browser journeys in one
# (scripts/run-tests.sh says why).
TEST_WORKERS ?= 2
test: install
	scripts/ensure-browser-deps.sh
	scripts/ensure-report-deps.sh
	TEST_WORKERS=$(TEST_WORKERS) PYTEST=$(BIN)/pytest scripts/run-tests.sh $(PYTEST_ARGS)

quality: install
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/djlint --lint jalon
	JALON_ENV=test $(BIN)/jalon makemigrations --check --dry-run

format: install
	$(BIN)/ruff format $(PY_DIRS)
	$(BIN)/ruff check --fix $(PY_DIRS)
	$(BIN)/djlint --reformat jalon || true

# The four benchmarks of issue 8 (PostgreSQL at 127.0.0.1; see bench/README.md).
bench: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/static .pytest_cache node_modules test-artifacts
