# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv and the offline
# models first, and skip whatever is already done.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup models gguf-models demo test lint bench app clean

# llama.cpp's AMX kernels crashed on this project's Xeon machines, so it is not built for the native CPU:
# AMX off, and each other instruction set on only where /proc/cpuinfo lists it (an AVX-512 build dies with
# "illegal instruction" on the project's AVX2-only AMD machines).
cpu_has = $(shell grep -qw $(1) /proc/cpuinfo 2>/dev/null && echo ON || echo OFF)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=$(call cpu_has,avx) -DGGML_AVX2=$(call cpu_has,avx2) \
	-DGGML_FMA=$(call cpu_has,fma) -DGGML_F16C=$(call cpu_has,f16c) -DGGML_AVX512=$(call cpu_has,avx512f) \
	-DGGML_AVX512_VNNI=$(call cpu_has,avx512_vnni) -DGGML_AVX512_BF16=$(call cpu_has,avx512_bf16) \
	-DGGML_AVX_VNNI=$(call cpu_has,avx_vnni) -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF
LLAMA_STAMP := $(VENV)/.llamacpp

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: pip takes the CPU wheel on disk instead of a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,ray]"
	touch $(STAMP)

# The optional llama.cpp back end, so the tests cover it (compiles for about 5 minutes, once).
$(LLAMA_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install -q --no-cache-dir -e ".[llamacpp]"
	touch $(LLAMA_STAMP)

setup: $(STAMP)

models: $(STAMP)
	$(PY) -m summarizer.models.install default tiny

gguf-models: models $(LLAMA_STAMP)
	$(PY) -m summarizer.models.install default-gguf tiny-gguf

demo: models
	$(PY) -m summarizer.cli examples/*.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: models gguf-models lint
	$(PY) -m pytest

bench: models
	$(PY) benchmarks/speed.py

app: models
	$(PY) app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
