# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv and the offline
# models first, and skip whatever is already done. `make test` lints first (ruff alone: seconds), then sets
# up, then tests, printing when each stage starts and how long it took (see .ci/README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUFF := $(VENV)/bin/ruff
# The dev extra's ruff requirement, so the lint-first ruff is the one the full set-up would install.
RUFF_REQ := $(or $(shell grep -o '"ruff[^"]*"' pyproject.toml),ruff)

.PHONY: setup llamacpp llamacpp-wheel models gguf-models demo test lint bench app clean

# llama.cpp's AMX kernels crashed on this project's Xeon machines, so it is not built for the native CPU:
# AMX off, and each other instruction set on only where /proc/cpuinfo lists it (an AVX-512 build dies with
# "illegal instruction" on the project's AVX2-only AMD machines).
cpu_has = $(shell grep -qw $(1) /proc/cpuinfo 2>/dev/null && echo ON || echo OFF)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=$(call cpu_has,avx) -DGGML_AVX2=$(call cpu_has,avx2) \
	-DGGML_FMA=$(call cpu_has,fma) -DGGML_F16C=$(call cpu_has,f16c) -DGGML_AVX512=$(call cpu_has,avx512f) \
	-DGGML_AVX512_VNNI=$(call cpu_has,avx512_vnni) -DGGML_AVX512_BF16=$(call cpu_has,avx512_bf16) \
	-DGGML_AVX_VNNI=$(call cpu_has,avx_vnni) -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF
LLAMA_FLAGS := $(strip $(LLAMA_CMAKE_ARGS))

# llama-cpp-python is compiled (~6 min) once per (pinned version, CMake flags) into a wheel kept OUTSIDE the
# clone; every later set-up with the same pair, fresh clones included, installs that wheel in seconds.
# The version is the one pinned by the `llamacpp` extra in pyproject.toml; clear the cache with
# `rm -rf $(SUMMARIZER_WHEEL_CACHE)`.
LLAMA_VERSION := $(shell sed -n 's/^llamacpp = \["llama-cpp-python==\([^"]*\)"\].*/\1/p' pyproject.toml)
LLAMA_FLAGHASH := $(shell printf '%s' '$(LLAMA_FLAGS)' | sha256sum | cut -c1-12)
SUMMARIZER_WHEEL_CACHE ?= $(if $(shell test -w /var/cache && echo y),/var/cache/summarizer/wheels,$(HOME)/.cache/summarizer/wheels)
LLAMA_WHEELS := $(SUMMARIZER_WHEEL_CACHE)/llama_cpp_python-$(LLAMA_VERSION)-$(LLAMA_FLAGHASH)
# Named by version and flags: a new pin or other flags reinstall llama.cpp; other pyproject.toml edits do not.
LLAMA_STAMP := $(VENV)/.llamacpp-$(LLAMA_VERSION)-$(LLAMA_FLAGHASH)

# One stage of `make test`: its start time (UTC), then how long it took or that it failed.
stage = @t0=$$(date +%s); echo "==> $(1): started $$(date -u +%T)"; \
	$(2) || { echo "==> $(1): FAILED at $$(date -u +%T) after $$(( $$(date +%s) - t0 ))s"; exit 1; }; \
	echo "==> $(1): done at $$(date -u +%T), took $$(( $$(date +%s) - t0 ))s"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUFF): | $(PY)
	$(PY) -m pip install -q $(RUFF_REQ)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: pip takes the CPU wheel on disk instead of a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,ray,postgres]"
	touch $(STAMP)

# The wheel (tagged py3-none-<platform>: it loads llama.cpp's shared library through ctypes, so any Python 3
# takes it) is built into a temporary folder and moved in whole, so an interrupted or concurrent build never
# leaves a half-written wheel in the cache. --no-cache-dir: pip's own wheel cache ignores CMAKE_ARGS.
llamacpp-wheel: | $(PY)
	@test -n "$(LLAMA_VERSION)" || { echo "pyproject.toml: the llamacpp extra must pin llama-cpp-python==VERSION" >&2; exit 1; }
	@if ls "$(LLAMA_WHEELS)"/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1; then \
		echo "llama-cpp-python $(LLAMA_VERSION): reusing the wheel in $(LLAMA_WHEELS)"; \
	else \
		echo "llama-cpp-python $(LLAMA_VERSION): compiling a wheel into $(LLAMA_WHEELS) (about 6 minutes, once)"; \
		echo "  CMAKE_ARGS=$(LLAMA_FLAGS)"; \
		mkdir -p "$(LLAMA_WHEELS)" && tmp=$$(mktemp -d "$(LLAMA_WHEELS)/.build-XXXXXX") && trap 'rm -rf "$$tmp"' EXIT && \
		CMAKE_ARGS="$(LLAMA_FLAGS)" $(PY) -m pip wheel -q --no-deps --no-cache-dir -w "$$tmp" \
			"llama-cpp-python==$(LLAMA_VERSION)" && \
		mv "$$tmp"/llama_cpp_python-*.whl "$(LLAMA_WHEELS)/"; \
	fi

# The optional llama.cpp back end, so the tests cover it: the cached wheel (--no-index: never a source build
# here), forced over any build with other flags, then its dependencies.
$(LLAMA_STAMP): | $(STAMP)
	@$(MAKE) --no-print-directory llamacpp-wheel
	$(PY) -m pip install -q --force-reinstall --no-deps --no-index --find-links "$(LLAMA_WHEELS)" \
		"llama-cpp-python==$(LLAMA_VERSION)"
	$(PY) -m pip install -q --only-binary llama-cpp-python --find-links "$(LLAMA_WHEELS)" \
		"llama-cpp-python==$(LLAMA_VERSION)"
	rm -f $(VENV)/.llamacpp $(VENV)/.llamacpp-*
	touch $(LLAMA_STAMP)

setup: $(STAMP)

llamacpp: $(LLAMA_STAMP)

models: $(STAMP)
	$(PY) -m summarizer.models.install default tiny

# llama.cpp first: with it installed, `install default tiny` keeps each verified GGUF for its -gguf preset,
# which then installs without downloading or hashing it again.
gguf-models: $(LLAMA_STAMP) models
	$(PY) -m summarizer.models.install default-gguf tiny-gguf

# The demo and the app run `default` on llama.cpp, the back end that measured faster on every CPU kind tried
# (models/choice.py): so both build it (a cached wheel after the first time) and install its GGUF.
demo: gguf-models
	$(PY) -m summarizer.cli examples/*.txt

lint: $(RUFF)
	$(RUFF) check .

test:
	$(call stage,lint,$(MAKE) --no-print-directory lint)
	$(call stage,set-up,$(MAKE) --no-print-directory setup)
	$(call stage,llama.cpp,$(MAKE) --no-print-directory llamacpp)
	$(call stage,models,$(MAKE) --no-print-directory gguf-models)
	$(call stage,tests,$(PY) -m pytest --durations=25)

bench: models
	$(PY) benchmarks/speed.py

app: gguf-models
	$(PY) app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
