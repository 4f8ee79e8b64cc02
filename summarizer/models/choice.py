"""Which model runs when a preset is asked for on this machine: the one rule, so the pipeline, the batch
runner, `summarizer models` and the UI (through `preset_statuses`) cannot disagree about it.

The rule is measured, not inferred from a CPU flag: on every CPU kind tried, the same pinned weights ran
faster end to end under llama.cpp than under transformers (``benchmarks/backends.py``: 3.0x against float32
on an AVX2 EPYC, 1.7x against bf16 on an AMX Xeon, 3.7x against bf16 on an AVX512-BF16 EPYC;
benchmarks/README.md), with less memory. So on a CPU, a preset with a ``llamacpp_twin`` runs as that twin
once it is installed. A CUDA GPU keeps transformers (not measured here; llama-cpp-python is built for CPU).
``SUMMARIZER_BACKEND`` overrides the rule, for benchmarks and for anyone whose machine measures otherwise.

>>> choose_backend("tiny")                                                  # doctest: +SKIP
BackendChoice(runs='tiny', note='')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.errors import ModelError
from summarizer.models.installed import gguf_installed, llama_cpp_installed
from summarizer.models.machine import DTYPE_ENV, has_cuda
from summarizer.models.presets import Preset, load_presets

BACKEND_ENV = "SUMMARIZER_BACKEND"
BACKENDS = ("transformers", "llama.cpp")
WHY = "on CPUs llama.cpp measured 1.7x-3.7x faster than transformers with the same weights (benchmarks/README.md)"


@dataclass(frozen=True)
class BackendChoice:
    """The model that runs for a name, and a note for the results when this machine decided it ("" else)."""

    runs: str
    note: str = ""


def backend_override() -> str | None:
    """The back end SUMMARIZER_BACKEND asks for, or None when unset; ModelError naming the choices when invalid.

    SUMMARIZER_DTYPE, a transformers setting, asks for transformers too."""
    asked = os.environ.get(BACKEND_ENV, "")
    if asked and asked not in BACKENDS:
        raise ModelError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)}, got {asked!r}")
    return asked or ("transformers" if os.environ.get(DTYPE_ENV) else None)


def choose_backend(name: str, presets: Mapping[str, Preset] | None = None) -> BackendChoice:
    """What runs for ``name`` here: its ``llamacpp_twin`` on a CPU (no CUDA GPU) once the twin and
    llama-cpp-python are installed, else ``name`` itself; ``SUMMARIZER_BACKEND`` decides when set.

    Anything that is not a preset with a twin (a folder, a hub id, ``extractive``) runs as named. ``presets``
    saves re-reading presets.toml when asking for each of them. Nothing is loaded.
    """
    if name == "extractive":
        return BackendChoice(name)
    presets = load_presets() if presets is None else presets
    preset = presets.get(name)
    if preset is None or not preset.llamacpp_twin:
        return BackendChoice(name)
    twin = presets[preset.llamacpp_twin]
    ready = gguf_installed(twin) and llama_cpp_installed()
    asked = backend_override()
    if asked == "transformers":
        return BackendChoice(name, f"model '{name}' ran on transformers: {BACKEND_ENV} or {DTYPE_ENV} asked for it")
    if asked == "llama.cpp":
        if not ready:
            raise ModelError(f"{BACKEND_ENV}=llama.cpp, but '{twin.name}' or llama-cpp-python is not installed: "
                             f"run `make gguf-models`")
        return BackendChoice(twin.name, f"model '{name}' ran as '{twin.name}' (the same weights under llama.cpp): "
                                        f"{BACKEND_ENV} asked for it")
    if has_cuda():
        return BackendChoice(name)
    if ready:
        return BackendChoice(twin.name, f"model '{name}' ran as '{twin.name}' (the same weights under llama.cpp): "
                                        f"{WHY}; {BACKEND_ENV}=transformers runs transformers")
    return BackendChoice(name, f"model '{name}' ran on transformers, the slower back end here: {WHY}; "
                               f"`make gguf-models` installs '{twin.name}'")
