# Quick start: `make demo` (audits a fictional school against the sandbox) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The ml extra (semantic abuse classifier) lives in a venv of its own, so `make test` keeps
# testing the default install. torch is pinned first: 2.13.0 resolves to a CPU build here; on
# another CPU-only machine pass TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu".
ML_VENV ?= .venv-ml
ML_BIN := $(ML_VENV)/bin
ML_STAMP := $(ML_VENV)/.installed-stamp
TORCH_PIP_ARGS ?=
PYTEST_ARGS ?=

.PHONY: install install-ml demo test test-ml lint typecheck pytest sandbox bench bench-detectors clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

$(ML_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(ML_VENV)
	$(ML_BIN)/python -m pip install --quiet --upgrade pip
	$(ML_BIN)/python -m pip install --quiet torch==2.13.0 $(TORCH_PIP_ARGS)
	$(ML_BIN)/python -m pip install --quiet -e '.[dev,ml]'
	@touch $(ML_STAMP)

install-ml: $(ML_STAMP)

demo: $(STAMP)
	$(BIN)/auditor demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The semantic classifier's tests with the real model (they skip in the default install).
test-ml: $(ML_STAMP)
	$(ML_BIN)/pytest tests/rules/detectors/test_semantic.py -p no:cacheprovider $(PYTEST_ARGS)

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
	rm -rf $(VENV) $(ML_VENV) var .pytest_cache .mypy_cache .ruff_cache
