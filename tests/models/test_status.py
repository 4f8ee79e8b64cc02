"""What `summarizer models` and the UI menu show (models/status.py): installed means loading would accept it,
and each preset says what runs in its place on this machine. Installs are stand-ins in a scratch folder."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from summarizer.models import PresetStatus, load_presets, preset_statuses
from summarizer.models import choice as choice_module
from summarizer.models import installed as installed_module
from summarizer.models import status as status_module
from summarizer.models.presets import models_dir


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """A models/ folder with the real presets.toml and stand-in installs of the `tiny` and `default` folders."""
    from summarizer.models import install

    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    for name in ("tiny", "default"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "config.json").write_text('{"model_type": "llama"}')
        install.write_marker(folder, load_presets()[name], ["config.json"])
    monkeypatch.setattr(status_module, "llama_cpp_installed", lambda: True)
    return tmp_path


def put_gguf(name: str, *, record: bool = True, sha256: str | None = None) -> Path:
    """The preset's GGUF as a sparse file of the pinned size (no disk used), with or without its record."""
    preset = load_presets()[name]
    gguf = preset.gguf_path
    gguf.parent.mkdir(parents=True, exist_ok=True)
    with gguf.open("wb") as handle:
        handle.truncate(preset.install.size)
    if record:
        (gguf.parent / installed_module.GGUF_RECORD).write_text(
            json.dumps({"sha256": sha256 or preset.install.sha256}))
    return gguf


def statuses() -> dict[str, PresetStatus]:
    return {s.name: s for s in preset_statuses()}


def test_statuses_cover_every_preset_and_hub_presets_are_not_local():
    found = statuses()
    assert set(found) == set(load_presets())
    assert found["bart-large-cnn"].source == "facebook/bart-large-cnn"
    assert all(s.detail for s in found.values())


def test_a_gguf_of_the_pinned_size_without_its_install_record_is_not_installed(scratch):
    assert statuses()["tiny"].installed and not statuses()["tiny-gguf"].installed
    put_gguf("tiny-gguf", record=False)  # what `summarizer models` used to count as installed
    status = statuses()["tiny-gguf"]
    assert not status.installed and "python -m summarizer.models.install tiny-gguf" in status.detail
    put_gguf("tiny-gguf", sha256="0" * 64)  # recorded for another pinned file
    status = statuses()["tiny-gguf"]
    assert not status.installed and "another pinned SHA-256" in status.detail
    put_gguf("tiny-gguf")
    status = statuses()["tiny-gguf"]
    assert status.installed and status.detail == f"installed in {load_presets()['tiny-gguf'].gguf_path}"


def test_a_gguf_without_its_tokenizer_folder_or_llama_cpp_is_not_installed(scratch, monkeypatch):
    put_gguf("tiny-gguf")
    monkeypatch.setattr(status_module, "llama_cpp_installed", lambda: False)
    status = statuses()["tiny-gguf"]
    assert not status.installed and "pip install llama-cpp-python" in status.detail
    monkeypatch.setattr(status_module, "llama_cpp_installed", lambda: True)
    (scratch / "tiny" / "installed.json").unlink()
    assert not statuses()["tiny-gguf"].installed


def test_a_gguf_counts_as_installed_only_with_its_record_and_pinned_size(tmp_path, monkeypatch):
    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    twin = load_presets()["tiny-gguf"]
    monkeypatch.setattr(installed_module, "is_installed", lambda preset: True)  # its tokenizer folder
    gguf = twin.gguf_path
    gguf.parent.mkdir(parents=True)
    gguf.write_bytes(b"GGUF")
    assert not installed_module.gguf_installed(twin)  # not the pinned size
    pinned_size = replace(twin, install=replace(twin.install, size=4))
    assert not installed_module.gguf_installed(pinned_size)  # no install record
    monkeypatch.setattr(installed_module, "gguf_record", lambda path: {"sha256": twin.install.sha256})
    assert installed_module.gguf_installed(pinned_size)


def test_each_installed_preset_says_what_runs_in_its_place_here(scratch, monkeypatch):
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    monkeypatch.delenv("SUMMARIZER_BACKEND", raising=False)
    monkeypatch.setattr(choice_module, "has_cuda", lambda: False)  # a CPU: the llama.cpp twin runs
    monkeypatch.setattr(choice_module, "llama_cpp_installed", lambda: True)
    assert statuses()["default"].runs == "default"  # its twin is not installed yet
    put_gguf("default-gguf")
    found = statuses()
    assert found["default"].runs == "default-gguf" and found["default-gguf"].runs == "default-gguf"
    assert found["tiny"].runs == "tiny" and found["bart-large-cnn"].runs == "bart-large-cnn"
    monkeypatch.setenv("SUMMARIZER_BACKEND", "transformers")
    assert statuses()["default"].runs == "default"
    monkeypatch.delenv("SUMMARIZER_BACKEND")
    (scratch / "default" / "installed.json").unlink()  # not installed: nothing runs for it
    assert statuses()["default"].runs == "default"


def test_a_status_made_without_runs_runs_as_named():
    status = PresetStatus("tiny", "causal", "local:tiny", True, "installed in models/tiny")
    assert status.runs == "tiny"
    assert PresetStatus("default", "causal", "local:default", True, "x", "default-gguf").runs == "default-gguf"
