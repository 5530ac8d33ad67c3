# One-Meter Voice — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test bench clean

run: install
	$(BIN)/feedback init
	$(BIN)/feedback demo
	$(BIN)/feedback serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check domain feedback projections web tests
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m bench $(BENCH_ARGS)

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test,postgres]"
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
