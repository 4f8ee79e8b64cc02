"""Whether an offline preset is installed and intact: the installer's marker, file hashes, the GGUF's record
and the llama.cpp package. Loading refuses what fails these checks; `status.py` reports the hash-free ones."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError
from summarizer.models.presets import HASH_CHUNK, MARKER, RECORD_TYPES, RISKY_SUFFIXES, Preset

LLAMA_CPP_HINT = "pip install llama-cpp-python"  # what loading and the status both say is missing


def read_record(path: Path) -> dict[str, Any] | None:
    """An installer's JSON record (a folder's marker, a GGUF's record), or None when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


GGUF_RECORD = "gguf.json"  # beside a GGUF: its size, SHA-256 and mtime, written after verification


def gguf_record(gguf: Path) -> dict[str, Any] | None:
    """The record written beside a verified GGUF, or None when absent or unreadable."""
    return read_record(gguf.parent / GGUF_RECORD)


def gguf_problem(preset: Preset) -> str | None:
    """Why the preset's GGUF is not its pinned, recorded install (None when it is), without hashing the file;
    ``verify_gguf`` also re-hashes a file whose mtime changed since its record."""
    gguf, recipe = preset.gguf_path, preset.install
    if gguf is None or recipe is None:
        return (f"preset '{preset.name}' has no GGUF: it needs an [install] recipe (its own or that of a preset "
                "with the same source) in presets.toml")
    how = f"run `python -m summarizer.models.install {preset.name}`"
    record = gguf_record(gguf)
    if not gguf.is_file() or record is None:
        return f"model '{preset.name}': its GGUF is not installed in {gguf}: {how}"
    size = gguf.stat().st_size
    if size != recipe.size:
        return f"refusing model '{preset.name}': {gguf} has {size} bytes, expected {recipe.size}; {how}"
    if record.get("sha256") != recipe.sha256:
        return (f"refusing model '{preset.name}': {gguf} was installed for another pinned SHA-256 "
                f"({record.get('sha256')}, not {recipe.sha256}); {how}")
    return None


def gguf_installed(preset: Preset) -> bool:
    """The preset's GGUF is its pinned, recorded install and its tokenizer folder is installed; no hashing
    (loading re-hashes a GGUF whose mtime changed)."""
    return gguf_problem(preset) is None and is_installed(preset)


def llama_cpp_installed() -> bool:
    """The llama-cpp-python package is importable (found without importing it: that loads a shared library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The installer's marker in folder, or None when absent or unreadable (= not installed)."""
    return read_record(folder / MARKER)


def marker_problem(preset: Preset) -> str | None:
    """Why an offline preset does not count as installed (None when its marker is complete); no file reads."""
    folder = preset.local_dir
    if folder is None or preset.install is None:
        return "not an offline preset"
    marker = read_marker(folder)
    if marker is None:
        return f"no {MARKER} in {folder}"
    if marker.get("source_sha256") != preset.install.sha256:
        return f"{folder / MARKER} records another source file than presets.toml pins"
    if recorded_files(marker) is None:
        return f"{folder / MARKER} records no per-file SHA-256 (installed by an older version)"
    return None


def is_installed(preset: Preset) -> bool:
    """True when an offline preset's marker records the pinned source hash and every file's hash."""
    return marker_problem(preset) is None


def recorded_files(marker: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The marker's {relative name: {size, sha256, mtime_ns}}, or None when absent or malformed."""
    files = marker.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for name, record in files.items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            return None  # a marker may only describe files inside its own folder
        if not isinstance(record, dict) or any(type(record.get(k)) is not t for k, t in RECORD_TYPES.items()):
            return None
    return files


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, streamed so a multi-GB checkpoint needs no memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def file_record(path: Path) -> dict[str, Any]:
    """What the marker stores for one file: size, SHA-256 and mtime (a changed mtime triggers re-hashing)."""
    stat = path.stat()
    return {"size": stat.st_size, "sha256": sha256_file(path), "mtime_ns": stat.st_mtime_ns}


def _unlisted_risky(folder: Path, files: dict[str, Any]) -> list[str]:
    return sorted(rel for p in folder.rglob("*") if p.suffix.lower() in RISKY_SUFFIXES
                  and (rel := p.relative_to(folder).as_posix()) not in files)


def _again(folder: Path) -> str:
    return f"the installed model in {folder} was changed or damaged: run `make models` again"


def quick_problem(folder: Path, files: dict[str, dict[str, Any]]) -> str | None:
    """Cheap check (stat only): a recorded file missing or of another size, or an unlisted code/weights file."""
    for name, record in files.items():
        path = folder / name
        if not path.is_file():
            return f"{path} is missing"
        if path.stat().st_size != record["size"]:
            return f"{path} has {path.stat().st_size} bytes, expected {record['size']}"
    unlisted = _unlisted_risky(folder, files)
    if unlisted:
        return f"{folder / unlisted[0]} is not part of the install and could hold code or pickled weights"
    return None


_VERIFIED: set[tuple[str, int, int]] = set()  # (path, size, mtime_ns) re-hashed OK in this process


def verify_install(preset: Preset) -> None:
    """Refuse an installed offline preset whose files differ from the marker's record.

    Sizes are always checked; a file whose mtime changed is re-hashed (a matching hash passes). Any file
    with a code or pickle suffix that the marker does not list is refused. Raises ModelError naming the file.
    """
    folder = preset.local_dir
    problem = marker_problem(preset)
    if problem is not None or folder is None:
        raise ModelError(f"model '{preset.name}' is not installed ({problem}): run `make models`")
    files = recorded_files(read_marker(folder) or {}) or {}
    quick = quick_problem(folder, files)
    if quick is not None:
        raise ModelError(f"refusing model '{preset.name}': {quick}; {_again(folder)}")
    for name, record in files.items():
        mismatch = hash_mismatch(folder / name, record["sha256"], record["mtime_ns"])
        if mismatch is not None:
            raise ModelError(f"refusing model '{preset.name}': {mismatch}; {_again(folder)}")


def hash_mismatch(path: Path, sha256: str, mtime_ns: Any) -> str | None:
    """Why path is not the file hashed at install, or None. Re-hashes only a file whose mtime is not the
    recorded one (touched or copied), once per process for each (path, size, mtime)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if stat.st_mtime_ns == mtime_ns or key in _VERIFIED:
        return None
    actual = sha256_file(path)
    if actual != sha256:
        return f"{path} does not match its recorded SHA-256 (expected {sha256}, got {actual})"
    _VERIFIED.add(key)
    return None
