"""Which model runs when a preset is asked for on this machine: the one rule, so the pipeline, the batch
runner, `summarizer models` and the UI (through `preset_statuses`) cannot disagree about it.

Without native bf16 (and no GPU) transformers computes in float32, about 3x slower than the same pinned
weights under llama.cpp, with 4x the memory (``benchmarks/backends.py``; benchmarks/README.md). So a preset with
``without_bf16`` runs as that llama.cpp preset there once it is installed.

>>> choose_backend("tiny")                                                  # doctest: +SKIP
BackendChoice(runs='tiny', note='')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.models.installed import gguf_installed, llama_cpp_installed
from summarizer.models.machine import DTYPE_ENV, cpu_has_bf16, has_cuda
from summarizer.models.presets import Preset, load_presets


@dataclass(frozen=True)
class BackendChoice:
    """The model that runs for a name, and a note for the results when this machine decided it ("" else)."""

    runs: str
    note: str = ""


def choose_backend(name: str, presets: Mapping[str, Preset] | None = None) -> BackendChoice:
    """What runs for ``name`` here: its ``without_bf16`` llama.cpp twin on a CPU without native bf16 and no
    GPU once the twin and llama-cpp-python are installed, else ``name`` itself.

    ``SUMMARIZER_DTYPE``, a transformers setting, keeps the preset as named. Anything that is not a preset
    with ``without_bf16`` (a folder, a hub id, ``extractive``) runs as named. ``presets`` saves re-reading
    presets.toml when asking for each of them. Nothing is loaded.
    """
    if name == "extractive":
        return BackendChoice(name)
    presets = load_presets() if presets is None else presets
    preset = presets.get(name)
    if preset is None or not preset.without_bf16 or os.environ.get(DTYPE_ENV) or cpu_has_bf16() or has_cuda():
        return BackendChoice(name)
    twin = presets[preset.without_bf16]
    if gguf_installed(twin) and llama_cpp_installed():
        return BackendChoice(twin.name, f"model '{name}' ran as '{twin.name}' (the same weights under llama.cpp): "
                                        f"this CPU has no native bf16, where llama.cpp measured 3x faster than float32")
    return BackendChoice(name, f"model '{name}' ran in float32: this CPU has no native bf16, where '{twin.name}' (the "
                               f"same weights under llama.cpp) measured 3x faster: `make gguf-models` installs it")
