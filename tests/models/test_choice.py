"""Which model runs for a preset on this machine (models/choice.py), with the machine and installs faked."""

from __future__ import annotations

import dataclasses

import pytest

from summarizer.errors import ModelError
from summarizer.models import BackendChoice, choose_backend, load_presets
from summarizer.models import choice as choice_module

SLOWER = BackendChoice("default", "model 'default' ran on transformers, the slower back end here: on CPUs "
                                  "llama.cpp measured 1.7x-3.7x faster than transformers with the same weights "
                                  "(benchmarks/README.md); `make gguf-models` installs 'default-gguf'")


@pytest.fixture
def machine(monkeypatch) -> dict[str, bool]:
    """A CPU and no GPU, and what is installed; the test flips the entries."""
    state = {"cuda": False, "gguf": False, "llama_cpp": True}
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    monkeypatch.delenv("SUMMARIZER_BACKEND", raising=False)
    monkeypatch.setattr(choice_module, "has_cuda", lambda: state["cuda"])
    monkeypatch.setattr(choice_module, "gguf_installed", lambda preset: state["gguf"])
    monkeypatch.setattr(choice_module, "llama_cpp_installed", lambda: state["llama_cpp"])
    return state


def test_default_runs_under_llama_cpp_on_a_cpu_once_installed(machine):
    assert choose_backend("default") == SLOWER
    machine["gguf"] = True
    runs = choose_backend("default")
    assert runs.runs == "default-gguf" and "measured" in runs.note and "SUMMARIZER_BACKEND" in runs.note
    machine["llama_cpp"] = False
    assert choose_backend("default") == SLOWER
    machine["llama_cpp"] = True
    for other in ("tiny", "extractive", "some/hub-model"):  # no llama.cpp twin named in a preset
        assert choose_backend(other) == BackendChoice(other, "")
    machine["cuda"] = True
    assert choose_backend("default") == BackendChoice("default")


@pytest.mark.parametrize(("variable", "value"), [("SUMMARIZER_BACKEND", "transformers"),
                                                 ("SUMMARIZER_DTYPE", "float32")])
def test_the_switch_keeps_transformers_and_says_so(machine, monkeypatch, variable, value):
    machine["gguf"] = True
    monkeypatch.setenv(variable, value)
    choice = choose_backend("default")
    assert choice.runs == "default" and "asked for it" in choice.note


def test_the_switch_runs_llama_cpp_even_beside_a_gpu_and_refuses_when_it_is_missing(machine, monkeypatch):
    machine["cuda"], machine["gguf"] = True, True
    monkeypatch.setenv("SUMMARIZER_BACKEND", "llama.cpp")
    assert choose_backend("default").runs == "default-gguf"
    machine["gguf"] = False
    with pytest.raises(ModelError, match="make gguf-models"):
        choose_backend("default")
    monkeypatch.setenv("SUMMARIZER_BACKEND", "onnx")
    with pytest.raises(ModelError, match="must be one of transformers, llama.cpp, got 'onnx'"):
        choose_backend("default")


def test_the_presets_given_are_the_ones_asked(machine):
    presets = load_presets()
    machine["gguf"] = True
    renamed = {**presets, "default": dataclasses.replace(presets["default"], llamacpp_twin="")}
    assert choose_backend("default", presets).runs == "default-gguf"
    assert choose_backend("default", renamed).runs == "default"  # presets.toml was not read again


def test_the_choice_is_a_frozen_value():
    choice = BackendChoice("tiny")
    assert choice.note == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        choice.runs = "other"  # type: ignore[misc]


def test_the_gpu_is_asked_only_for_a_preset_with_a_twin(machine, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(choice_module, "has_cuda", lambda: asked.append("cuda") or False)
    choose_backend("tiny")
    assert asked == []  # asking imports torch: a preset without a twin never needs it
    choose_backend("default")
    assert asked == ["cuda"]
