"""Load paths the other model tests do not reach: a hub id from the local Hugging Face cache (offline), an LED
model's global attention, a tampered GGUF, and llama-cpp-python missing. Tiny random models built on the spot."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from summarizer.errors import ModelError
from summarizer.models import choice as choice_module
from summarizer.models import choose_backend, load_model, load_presets, preset_statuses, release_model
from summarizer.models.presets import models_dir
from tests.conftest import skip_or_fail

ARTICLES = [
    "The city council voted on Tuesday to repair the old river bridge before the winter floods arrive.",
    "Farmers in the valley reported a strong harvest of apples and pears despite a dry and hot summer.",
]
WORDS = (3, 8)
REVISION = "0123456789abcdef0123456789abcdef01234567"  # any 40-hex commit hash names a snapshot


# --- a hub id from the local Hugging Face cache, offline -------------------------------------------------
@pytest.fixture
def offline_hub_cache(tmp_path, monkeypatch) -> Path:
    """An empty hub cache in tmp_path with HF_HUB_OFFLINE=1: env vars and the constants read at import time."""
    import huggingface_hub.constants

    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # huggingface_hub (and transformers through it) read these module constants at call time, set at import.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    return cache


def put_in_hub_cache(cache: Path, repo_id: str, folder: Path) -> Path:
    """folder's files as the `main` snapshot of repo_id, in the layout huggingface_hub downloads into."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / REVISION
    shutil.copytree(folder, snapshot)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(REVISION)
    return snapshot


def test_a_hub_id_in_the_local_cache_loads_offline_and_summarizes(offline_hub_cache, tiny_seq2seq_dir):
    from huggingface_hub import try_to_load_from_cache

    repo_id = "summarizer-tests/tiny-bart-cached"
    snapshot = put_in_hub_cache(offline_hub_cache, repo_id, tiny_seq2seq_dir)
    assert try_to_load_from_cache(repo_id, "config.json") == str(snapshot / "config.json")  # the layout is right
    try:
        model = load_model(repo_id)
        assert model.kind == "seq2seq" and model.name == repo_id and model.context_length == 256
        # offline, from the snapshot: the one place these weights exist under that id
        assert model.model.config.vocab_size == json.loads((tiny_seq2seq_dir / "config.json").read_text())["vocab_size"]
        generation, = model.summarize([ARTICLES[:1]], task="document", words=WORDS)
        assert generation.text.strip() and generation.output_tokens > 0
    finally:
        release_model(repo_id)  # the load cache is process-wide: later tests must not find this model


def test_a_hub_id_not_in_the_cache_says_hf_hub_offline_is_set(offline_hub_cache, tiny_seq2seq_dir):
    put_in_hub_cache(offline_hub_cache, "summarizer-tests/tiny-bart-cached", tiny_seq2seq_dir)  # another id
    with pytest.raises(ModelError, match=r"model 'summarizer-tests/not-cached' is not installed in the local "
                                         r"Hugging Face cache and HF_HUB_OFFLINE is set") as info:
        load_model("summarizer-tests/not-cached")
    assert "make models" in str(info.value)


# --- LED / PRIMERA: global attention on the first token and on each document separator ------------------
SEP = "<doc-sep>"


@pytest.fixture(scope="module")
def tiny_led_dir(tiny_seq2seq_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random LED (d_model 16, one layer each, 512 input positions) with the tiny BART's tokenizer plus
    PRIMERA's <doc-sep> as one special token."""
    import torch
    from transformers import AutoTokenizer, LEDConfig, LEDForConditionalGeneration

    out = tmp_path_factory.mktemp("led") / "tiny-led"
    tokenizer = AutoTokenizer.from_pretrained(tiny_seq2seq_dir)
    tokenizer.add_special_tokens({"additional_special_tokens": [SEP]})
    tokenizer.save_pretrained(out)
    torch.manual_seed(0)
    config = LEDConfig(
        vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, attention_window=4,
        max_encoder_position_embeddings=512, max_decoder_position_embeddings=128, pad_token_id=0,
        eos_token_id=1, bos_token_id=1, decoder_start_token_id=1, forced_eos_token_id=None, init_std=0.5,
    )
    LEDForConditionalGeneration(config).save_pretrained(out, safe_serialization=True)
    return out


@pytest.fixture
def led(tiny_led_dir):
    model = load_model(str(tiny_led_dir))
    yield model
    release_model(str(tiny_led_dir))


def capture_generate(monkeypatch, model) -> list[dict]:
    """Record the keyword arguments of every generate call of model, still running it."""
    calls: list[dict] = []
    real = type(model.model).generate

    def spy(self, *args, **kwargs):
        calls.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(model.model), "generate", spy)
    return calls


def test_an_led_folder_gets_global_attention_on_the_first_token(led, monkeypatch):
    assert led.is_led and led.context_length == 512 and led.decoder_limit == 128
    assert led.sep_id is None  # a folder model's separator is a blank line: no token to mark
    calls = capture_generate(monkeypatch, led)
    short, long = led.summarize([ARTICLES[:1], [" ".join(ARTICLES)]], task="document", words=WORDS, batch_size=2)
    assert short.text.strip() and long.text.strip()
    (call,) = calls
    glob, mask = call["global_attention_mask"], call["attention_mask"]
    assert glob.shape == mask.shape == call["input_ids"].shape and mask[0].sum() < mask[1].sum()  # padded row
    assert glob[:, 0].tolist() == [1, 1] and int(glob.sum()) == 2  # only each row's first token


def test_primera_settings_mark_every_document_separator(led, monkeypatch):
    from summarizer.models.seq2seq import Seq2SeqModel

    preset = dataclasses.replace(load_presets()["primera-multi-news"], context_length=512, num_beams=1)
    assert preset.doc_separator.strip() == SEP
    primera = Seq2SeqModel("tiny-primera", preset, led.model, led.tokenizer, 512)
    sep = led.tokenizer.convert_tokens_to_ids(SEP)
    assert primera.sep_id == sep
    calls = capture_generate(monkeypatch, primera)
    generation, = primera.summarize([ARTICLES + ["Prices for grain fell for the third month in a row."]],
                                    task="story", words=WORDS)
    assert generation.text.strip()
    (call,) = calls
    ids, glob = call["input_ids"][0].tolist(), call["global_attention_mask"][0].tolist()
    assert ids.count(sep) == 2  # three articles, two separators, each one token
    assert [i for i, g in enumerate(glob) if g] == [0] + [i for i, token in enumerate(ids) if token == sep]


# --- a GGUF whose bytes changed is refused ---------------------------------------------------------------
def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # same inode: the recorded mtimes still match, so nothing is re-hashed
    except OSError:
        shutil.copy2(src, dst)


def test_a_tampered_gguf_of_the_same_size_is_refused_saying_how_to_reinstall(tmp_path, monkeypatch):
    import importlib.util

    from summarizer.models.installed import GGUF_RECORD, gguf_problem, is_installed

    preset = load_presets()["tiny-gguf"]
    if importlib.util.find_spec("llama_cpp") is None:
        skip_or_fail("llama-cpp-python is not installed: pip install llama-cpp-python")
    if not is_installed(preset) or gguf_problem(preset) is not None:
        skip_or_fail("tiny-gguf is not installed: python -m summarizer.models.install tiny-gguf")
    source = preset.gguf_path
    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    shutil.copytree(preset.local_dir, tmp_path / preset.local_dir.name, copy_function=_link_or_copy)
    gguf = tmp_path / source.relative_to(models_dir())
    gguf.parent.mkdir(parents=True)
    shutil.copy(source.parent / GGUF_RECORD, gguf.parent / GGUF_RECORD)
    shutil.copyfile(source, gguf)
    with gguf.open("r+b") as handle:  # one byte in the middle: same size, so only the hash can tell
        handle.seek(gguf.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    recorded = json.loads((gguf.parent / GGUF_RECORD).read_text())["mtime_ns"]
    os.utime(gguf, ns=(recorded, recorded + 10**9))  # surely not the recorded mtime: loading re-hashes it
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    assert load_presets()["tiny-gguf"].gguf_path == gguf and gguf.stat().st_size == source.stat().st_size
    with pytest.raises(ModelError, match=r"refusing model 'tiny-gguf': .* does not match its recorded SHA-256 "
                                         r".*run `python -m summarizer.models.install tiny-gguf`") as info:
        load_model("tiny-gguf")
    assert str(gguf) in str(info.value) and preset.install.sha256 in str(info.value)


# --- llama-cpp-python missing ----------------------------------------------------------------------------
@pytest.fixture
def no_llama_cpp(tmp_path, monkeypatch) -> Path:
    """llama_cpp unimportable, on a CPU and no GPU, in a scratch models/ folder holding stand-in
    installs of the `tiny` and `default` folders and of the default GGUF (a sparse file with its record)."""
    from summarizer.models import install
    from summarizer.models.installed import GGUF_RECORD

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # `import llama_cpp` raises; find_spec says None
    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    monkeypatch.delenv("SUMMARIZER_BACKEND", raising=False)
    monkeypatch.setattr(choice_module, "has_cuda", lambda: False)
    presets = load_presets()
    for name in ("tiny", "default"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "config.json").write_text('{"model_type": "llama"}')
        install.write_marker(folder, presets[name], ["config.json"])
    twin = presets["default-gguf"]
    twin.gguf_path.parent.mkdir(parents=True)
    with twin.gguf_path.open("wb") as handle:
        handle.truncate(twin.install.size)
    (twin.gguf_path.parent / GGUF_RECORD).write_text(json.dumps({"sha256": twin.install.sha256}))
    return tmp_path


@pytest.mark.parametrize("name", ["tiny-gguf", "default-gguf"])
def test_loading_a_llama_cpp_preset_without_llama_cpp_gives_the_install_hint(no_llama_cpp, name):
    with pytest.raises(ModelError, match=rf"model '{name}' needs the llama.cpp back end: pip install llama-cpp-python"):
        load_model(name)


def test_without_llama_cpp_the_gguf_twin_is_not_offered(no_llama_cpp):
    from summarizer.models.installed import gguf_installed

    assert gguf_installed(load_presets()["default-gguf"])  # only llama_cpp is missing
    choice = choose_backend("default")
    assert choice.runs == "default" and "ran on transformers" in choice.note and "make gguf-models" in choice.note
    found = {s.name: s for s in preset_statuses()}
    assert found["default"].installed and found["default"].runs == "default"
    assert not found["default-gguf"].installed and "pip install llama-cpp-python" in found["default-gguf"].detail
    assert all(s.runs == s.name for s in found.values())
