# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv and the offline
# models first, and skip whatever is already done.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup models demo test lint bench app clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: pip takes the CPU wheel on disk instead of a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,ray]"
	touch $(STAMP)

setup: $(STAMP)

models: $(STAMP)
	$(PY) -m summarizer.install default tiny

demo: models
	$(PY) -m summarizer.cli examples/*.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: models lint
	$(PY) -m pytest

bench: models
	$(PY) benchmarks/speed.py

app: models
	$(PY) app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
