# Quick start: `make demo` (audits a fictional school against the sandbox) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo test lint typecheck pytest sandbox bench bench-detectors clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/auditor demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

sandbox: $(STAMP)
	$(BIN)/auditor sandbox

bench: $(STAMP)
	$(BIN)/python benchmarks/audit_throughput.py

# The content detectors: quality on the labelled corpus, text throughput beside presidio-analyzer's
# pattern recognizers (the bench extra), and the image detectors.
bench-detectors: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/detector_quality.py
	$(BIN)/python benchmarks/detector_throughput.py --profile
	$(BIN)/python benchmarks/image_detectors.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
