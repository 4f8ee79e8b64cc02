"""What `summarizer models` and the UI's model menu show: per preset, whether it can be used offline now and
what runs in its place on this machine. The checks are loading's own, without hashing (stat and records)."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.models.choice import choose_backend
from summarizer.models.installed import (
    LLAMA_CPP_HINT,
    gguf_problem,
    is_installed,
    llama_cpp_installed,
    quick_problem,
    read_marker,
    recorded_files,
)
from summarizer.models.presets import Kind, Preset, load_presets


@dataclass(frozen=True)
class PresetStatus:
    """One line of `summarizer models`.

    ``runs`` is the model that runs when this preset is asked for here (`choose_backend`); it is the preset
    itself unless an installed preset has a faster twin on this machine, and defaults to ``name``.
    """

    name: str
    kind: Kind
    source: str
    installed: bool
    detail: str
    runs: str = ""

    def __post_init__(self) -> None:
        if not self.runs:  # frozen: the default is filled in the one way a frozen dataclass allows
            object.__setattr__(self, "runs", self.name)


def _in_hub_cache(repo_id: str) -> bool:
    """True when the hub model's config is already in the local Hugging Face cache (no network)."""
    from huggingface_hub import try_to_load_from_cache

    try:
        return isinstance(try_to_load_from_cache(repo_id, "config.json"), str)
    except ValueError:  # malformed repo id
        return False


def _local_status(preset: Preset) -> tuple[bool, str]:
    """(installed, detail) for an offline preset: its folder's marker and file sizes, and for a llama.cpp
    preset the GGUF's install record (as `installed.gguf_problem` checks it on load) and llama-cpp-python."""
    assert preset.local_dir is not None
    run = f"run `make models` or `python -m summarizer.models.install {preset.name}`"
    marker = read_marker(preset.local_dir)
    if marker is not None and marker.get("source_sha256") == getattr(preset.install, "sha256", None) \
            and recorded_files(marker) is None:
        return False, f"unverifiable: installed without per-file hashes; {run}"
    if not is_installed(preset):
        return False, f"not installed: {run}"
    problem = quick_problem(preset.local_dir, recorded_files(marker or {}) or {})
    if problem is not None:
        return False, f"fails verification ({problem}): {run}"
    if preset.backend == "llama.cpp":
        problem = gguf_problem(preset)  # it says what is wrong and how to install the GGUF
        if problem is not None:
            return False, problem
        if not llama_cpp_installed():
            return False, f"needs the llama.cpp back end: {LLAMA_CPP_HINT}"
    return True, f"installed in {preset.gguf_path or preset.local_dir}"


def preset_statuses() -> list[PresetStatus]:
    """Every preset with whether it can be used offline now, what to do otherwise, and what runs for it."""
    presets = load_presets()
    statuses = []
    for preset in presets.values():
        if preset.install is None:
            installed = _in_hub_cache(preset.source)
            detail = "in the Hugging Face cache" if installed else "downloads from the hub on first use"
        else:
            installed, detail = _local_status(preset)
        runs = choose_backend(preset.name, presets).runs if installed else preset.name
        statuses.append(PresetStatus(preset.name, preset.kind, preset.source, installed, detail, runs))
    return statuses
