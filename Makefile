# One-Meter Voice — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# pytest-xdist processes for `make test` (auto = one per core; 0 runs in this process).
TEST_WORKERS ?= auto
# One worker process a core (at most 4): the SQLite store in WAL mode takes writers from several processes.
WORKERS ?= $(shell $(PYTHON) -c "import os; print(min(os.cpu_count() or 1, 4))")

.PHONY: run test install install-test bench bench-similar clean translations screenshots

run: install
	$(BIN)/feedback init
	$(BIN)/feedback demo
	$(BIN)/feedback serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: install-test
	$(BIN)/ruff check domain feedback projections web tests bench
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

bench: install-test  # wrk (Debian: apt-get install wrk) drives the HTTP figures
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-similar: install-test  # precision and recall of the likely-duplicate finders (docs/decisions.md)
	$(BIN)/python -m bench.similar --sweep

# Extract the site's words, merge them into each language's catalogue, compile the .mo files (all committed).
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --sort-by-file \
		--project="One-Meter Voice" --copyright-holder="One-Meter Voice" -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations --no-fuzzy-matching
	$(BIN)/pybabel compile --statistics -d web/translations

# Browser tests that also save the README's screenshots under docs/screenshots/.
screenshots: install-test
	FEEDBACK_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m browser tests/browser

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
