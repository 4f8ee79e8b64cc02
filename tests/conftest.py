"""Shared fixtures: a tiny real seq2seq model built on the spot, seed articles, and preset skips."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.browser import HAVE_CHROMIUM, NO_CHROMIUM

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"

# Invented news-like text to train the tiny tokenizer on (never real articles).
PARAGRAPHS = [
    "The city council voted on Tuesday to repair the old river bridge before the winter floods arrive.",
    "Officials said the repairs would cost four million dollars and take about six months to finish.",
    "Residents of the northern district welcomed the decision but asked for a safer crossing for children.",
    "A spokesperson for the transport department said buses would use the eastern road during the work.",
    "The regional hospital opened a new ward for older patients after a year of delays and rising costs.",
    "Doctors warned that staff shortages remain the biggest problem for hospitals across the country.",
    "Farmers in the valley reported a strong harvest of apples and pears despite a dry and hot summer.",
    "Prices for grain fell for the third month in a row, according to figures published on Monday.",
    "The football club announced that its new stadium will open next spring with room for forty thousand.",
    "Police arrested two men after a break-in at a jewellery shop in the market square late on Friday night.",
    "Scientists at the university said the comet would be visible to the naked eye for three nights in May.",
    "The minister promised new laws on housing, energy prices and public transport before the election.",
]


# Two invented articles on one story, for the UI and rendering tests.
FLOOD = ("River floods force evacuations\n\n"
         "The river rose three metres overnight and flooded the lower town. Families left their homes by "
         "boat before dawn. Emergency crews opened two shelters in the school and the church hall. The mayor "
         "said the water should fall by Friday if the rain stops.")
FLOOD_2 = ("Flood shelters fill as river peaks\n\n"
           "Shelters in the lower town filled up as the river peaked on Tuesday. Emergency crews moved more "
           "families by boat. The mayor asked residents to stay away from the bridge until the water falls.")


def _build_tiny_seq2seq(folder: Path) -> Path:
    """Train a ~300-piece sentencepiece unigram tokenizer and save a random tiny BART beside it."""
    import sentencepiece as spm
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, T5Tokenizer

    prefix = folder / "spm"
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(PARAGRAPHS * 4), model_prefix=str(prefix), model_type="unigram",
        vocab_size=300, hard_vocab_limit=False,  # the corpus is small: take as many pieces as it supports
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, character_coverage=1.0, minloglevel=2,
    )
    # T5's tokenizer class reads exactly this layout (<pad>=0, </s>=1, <unk>=2) from (piece, score) pairs,
    # so no protobuf conversion of the .model file is needed.
    pieces = [line.split("\t") for line in (folder / "spm.vocab").read_text(encoding="utf-8").splitlines()]
    tokenizer = T5Tokenizer(vocab=[(piece, float(score)) for piece, score in pieces], extra_ids=0)
    out = folder / "tiny-bart"
    tokenizer.save_pretrained(out)
    torch.manual_seed(0)  # random weights, but the same ones every run
    config = BartConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256,
        pad_token_id=0, eos_token_id=1, bos_token_id=1, decoder_start_token_id=1, forced_eos_token_id=None,
        init_std=0.5,  # large random weights: outputs then depend visibly on the input
    )
    BartForConditionalGeneration(config).save_pretrained(out, safe_serialization=True)
    for leftover in folder.glob("spm.*"):
        leftover.unlink()
    return out


@pytest.fixture(scope="session")
def tiny_seq2seq_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of a tiny random BART (d_model 32, 256 positions) with a trained tokenizer: load_model(path)."""
    return _build_tiny_seq2seq(tmp_path_factory.mktemp("models"))


def skip_or_fail(reason: str) -> None:
    """Skip with the reason, but fail with it in CI (CI=true): there a missing seed folder or preset means a
    broken set-up, and a green run must not hide tests that did not run."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# The browser tests and the first-text benchmark's test: skipped without Chromium, but in CI (CI=true) a missing
# Chromium must fail them, not skip them.
needs_chromium = pytest.mark.skipif(not HAVE_CHROMIUM and os.environ.get("CI") != "true", reason=NO_CHROMIUM)


@pytest.fixture(scope="session")
def seed_texts() -> list[str]:
    """The five real scraped seed articles from ../shared/seeds (skips when absent; fails in CI)."""
    files = sorted(SEEDS.glob("article_*.txt"))
    if not files:
        skip_or_fail(f"seed articles not found in {SEEDS}")
    return [f.read_text(encoding="utf-8") for f in files]


def _skip_unless_installed(name: str) -> None:
    from summarizer.models.installed import is_installed
    from summarizer.models.presets import load_presets

    preset = load_presets()[name]
    if preset.install is not None and not is_installed(preset):
        skip_or_fail(f"preset '{name}' is not installed: run `make models`")
    if preset.backend == "llama.cpp":
        import importlib.util

        if importlib.util.find_spec("llama_cpp") is None:
            skip_or_fail(f"preset '{name}' needs llama-cpp-python: run `make gguf-models`")
        if preset.gguf_path is None or not preset.gguf_path.is_file():
            skip_or_fail(f"preset '{name}' has no GGUF installed: run `make gguf-models`")
    if preset.install is None and os.environ.get("HF_HUB_OFFLINE") == "1":
        pytest.skip(f"preset '{name}' loads from the hub and HF_HUB_OFFLINE=1")


@pytest.fixture
def requires_preset() -> Callable[[str], None]:
    """Call requires_preset("tiny") in a test to skip it, with the reason, when that preset is missing (in CI:
    fail it)."""
    return _skip_unless_installed


@pytest.fixture(scope="session")
def tiny_model():
    """The installed `tiny` preset (SmolLM2-135M), loaded once per session; skips when not installed (in CI:
    fails)."""
    from summarizer.models import load_model

    _skip_unless_installed("tiny")
    return load_model("tiny")
