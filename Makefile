# marxkg: `make demo` builds the shipped corpus, `make test` runs the test suite.
# Both create (or reuse) a virtualenv in .venv with Python 3.11.
# `make test-fast`: unit tests without the browser, the notebooks and the slow whole-build
# checks (SHACL, corpora of their own, rebuilds). `make lint`: ruff + mypy. `make fmt`: ruff.
# Tests run in parallel worker processes, one more than the cores (pytest-xdist; a test that
# waits on a timeout or a subprocess leaves its core to another), a test file per worker at a
# time so that a module's fixtures are made once. `make test PYTEST_WORKERS=0`: one process.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
PYTEST_WORKERS ?= $(shell echo $$(( $$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) + 1 )))
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: demo test test-fast lint fmt build clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUNTIME_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/marxkg build
	@echo
	@echo "Outputs are in build/:"
	@echo "  build/graph.ttl, build/graph.jsonld     the knowledge graph (Turtle, JSON-LD)"
	@echo "  build/<doc-id>/document.json            the parsed paper"
	@echo "  build/report.json                       QA report"
	@ls -1 build/*.html build/*/*.html 2>/dev/null | sed 's/^/  /' || true
	@echo "Start at build/index.html (open it in a browser)."
	@echo "Run marxkg: $(BIN)/marxkg --help   (or: source $(BIN)/activate, then marxkg --help)"

build: demo

test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL) -m "not browser and not slow"

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

fmt: $(TEST_STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf build .pytest_cache
