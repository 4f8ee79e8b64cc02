"""Which model runs for a preset on this machine (models/choice.py), with the machine and installs faked."""

from __future__ import annotations

import dataclasses

import pytest

from summarizer.models import BackendChoice, choose_backend, load_presets
from summarizer.models import choice as choice_module

FLOAT32 = BackendChoice("default", "model 'default' ran in float32: this CPU has no native bf16, where "
                                   "'default-gguf' (the same weights under llama.cpp) measured 3x faster: "
                                   "`make gguf-models` installs it")


@pytest.fixture
def machine(monkeypatch) -> dict[str, bool]:
    """A CPU with no native bf16 and no GPU, and what is installed; the test flips the entries."""
    state = {"bf16": False, "cuda": False, "gguf": False, "llama_cpp": True}
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    monkeypatch.setattr(choice_module, "cpu_has_bf16", lambda: state["bf16"])
    monkeypatch.setattr(choice_module, "has_cuda", lambda: state["cuda"])
    monkeypatch.setattr(choice_module, "gguf_installed", lambda preset: state["gguf"])
    monkeypatch.setattr(choice_module, "llama_cpp_installed", lambda: state["llama_cpp"])
    return state


def test_default_runs_under_llama_cpp_on_a_cpu_without_bf16_once_installed(machine, monkeypatch):
    assert choose_backend("default") == FLOAT32
    machine["gguf"] = True
    runs = choose_backend("default")
    assert runs.runs == "default-gguf" and "no native bf16" in runs.note
    machine["llama_cpp"] = False
    assert choose_backend("default") == FLOAT32
    machine["llama_cpp"] = True
    for other in ("tiny", "extractive", "some/hub-model"):  # no llama.cpp twin named in a preset
        assert choose_backend(other) == BackendChoice(other, "")
    monkeypatch.setenv("SUMMARIZER_DTYPE", "float32")  # a transformers setting: the preset runs as named
    assert choose_backend("default") == BackendChoice("default")
    monkeypatch.delenv("SUMMARIZER_DTYPE")
    machine["cuda"] = True
    assert choose_backend("default") == BackendChoice("default")
    machine["cuda"], machine["bf16"] = False, True
    assert choose_backend("default") == BackendChoice("default")


def test_the_presets_given_are_the_ones_asked(machine):
    presets = load_presets()
    machine["gguf"] = True
    renamed = {**presets, "default": dataclasses.replace(presets["default"], without_bf16="")}
    assert choose_backend("default", presets).runs == "default-gguf"
    assert choose_backend("default", renamed).runs == "default"  # presets.toml was not read again


def test_the_choice_is_a_frozen_value():
    choice = BackendChoice("tiny")
    assert choice.note == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        choice.runs = "other"  # type: ignore[misc]


def test_the_gpu_is_asked_only_when_the_cpu_leaves_the_choice_open(machine, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(choice_module, "has_cuda", lambda: asked.append("cuda") or False)
    machine["bf16"] = True
    choose_backend("default")
    choose_backend("tiny")
    assert asked == []  # asking imports torch: a CPU with bf16, or a preset without a twin, never needs it
    machine["bf16"] = False
    choose_backend("default")
    assert asked == ["cuda"]
