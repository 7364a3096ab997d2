# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint install dev test-tools bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

# Set up (idempotent) and serve the platform with demo data on http://$(HOST),
# with the background worker that runs large imports (`dxnet worker` restarts it whenever it stops).
run: install
	mkdir -p var
	$(BIN)/dxnet migrate --noinput
	$(BIN)/dxnet load_reference
	$(BIN)/dxnet load_demo
	trap 'kill 0' EXIT INT TERM; \
	$(BIN)/dxnet worker --interval 1 & \
	DXNET_DEBUG=$${DXNET_DEBUG:-1} $(BIN)/dxnet runserver $(HOST)

# The whole suite: PostgreSQL when DATABASE_URL is set, else SQLite.
test: dev test-tools
	$(BIN)/pytest $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check .

# Browser tests drive Debian's Chromium and DOCX exports must open in LibreOffice; install them when missing.
test-tools:
	@sh scripts/install-test-tools.sh

# Benchmarks on the local PostgreSQL at national scale and three times it (databases dxnet_bench and
# dxnet_bench3, generated on the first run); writes bench/RESULTS.md with each row at 1x, 3x and the growth.
bench: dev
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
