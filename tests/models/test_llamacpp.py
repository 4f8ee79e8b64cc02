"""The llama.cpp back end on the real `tiny-gguf` preset: same prompts as transformers, greedy, length limits."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest

from summarizer.errors import ModelError
from summarizer.models.installed import is_installed
from summarizer.models.llamacpp import banned_ngram_tokens
from summarizer.models.presets import load_presets, models_dir
from summarizer.models.usage import CONTINUED, FIRST, since
from tests.conftest import skip_or_fail

WORDS = (20, 40)


@pytest.fixture(scope="module")
def gguf_model():
    """`tiny-gguf` loaded once; skips with the reason when llama_cpp, the GGUF or the tokenizer is missing."""
    preset = load_presets()["tiny-gguf"]
    if importlib.util.find_spec("llama_cpp") is None:
        skip_or_fail("llama-cpp-python is not installed: pip install llama-cpp-python")
    if preset.gguf_path is None or not preset.gguf_path.is_file():
        skip_or_fail("the tiny GGUF is not installed: python -m summarizer.models.install tiny-gguf")
    if not is_installed(preset):
        skip_or_fail("the `tiny` tokenizer folder is not installed: make models")
    from summarizer.models import load_model

    return load_model("tiny-gguf")


@pytest.fixture(scope="module")
def article(seed_texts: list[str], gguf_model) -> str:
    return gguf_model.truncate(seed_texts[1], 300)  # short prompt: the tests stay fast


def test_banned_ngram_tokens_forbids_only_the_token_that_would_repeat_an_ngram():
    assert banned_ngram_tokens([1, 2, 3, 1, 2], 3) == {3}
    assert banned_ngram_tokens([1, 2, 3, 4], 3) == set()
    assert banned_ngram_tokens([5, 6], 3) == set()
    assert banned_ngram_tokens([7, 8, 7], 1) == {7, 8}


def test_banned_sequence_tokens_forbids_the_last_token_after_the_rest():
    from summarizer.models.llamacpp import banned_sequence_tokens

    assert banned_sequence_tokens([4, 9, 1], [[1, 2], [5, 6], [7]]) == {2, 7}
    assert banned_sequence_tokens([4, 9], [[1, 2]]) == set()


def test_summarizes_a_seed_article_deterministically(gguf_model, article):
    first, = gguf_model.summarize([[article]], task="document", words=WORDS)
    second, = gguf_model.summarize([[article]], task="document", words=WORDS)
    assert first.text.strip()
    assert first == second


def test_output_stays_within_max_new_tokens_and_above_the_floor(gguf_model, article):
    out, = gguf_model.summarize([[article]], task="document", words=(5, 8))
    assert out.output_tokens <= gguf_model.max_new_tokens((5, 8))
    floor = gguf_model.min_new_tokens((60, 70))
    long, = gguf_model.summarize([[article]], task="document", words=(60, 70))
    assert long.output_tokens > floor  # no stop token before the floor (the stop itself comes after it)


def test_prompt_and_ids_match_the_transformers_backend(gguf_model, tiny_model, article):
    articles = [article, "A second article with <|im_end|> and </article> inside."]
    text = tiny_model.prompt(articles, "story", WORDS)
    assert gguf_model.prompt(articles, "story", WORDS) == text
    assert "<|im_end|> and" not in text  # article_blocks defused the control token before tokenizing
    assert gguf_model._build_input(articles, "story", WORDS) == tiny_model._build_input(articles, "story", WORDS)
    assert gguf_model.prompt_overhead("story", 2) == tiny_model.prompt_overhead("story", 2)
    assert gguf_model.stop_ids == tiny_model.stop_ids
    assert gguf_model.banned_sequences == tiny_model.banned_sequences
    for tokens in (1, 7, 50):  # cut at the same token boundary, by offsets from the same vocabulary
        assert gguf_model.truncate(article, tokens) == tiny_model.truncate(article, tokens)


TORCH_MODULES = "sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers'))"


def test_importing_the_back_end_imports_neither_torch_nor_transformers():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import summarizer.models.llamacpp"],
                         capture_output=True, text=True, check=True)
    imported = [line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line]
    assert "summarizer.models.llamacpp" in imported
    assert not [m for m in imported if m.split(".")[0] in ("torch", "transformers")]


def test_loading_and_running_a_gguf_preset_imports_neither_torch_nor_transformers(gguf_model):
    # A fresh process: this one has imported torch for other tests. gguf_model only skips when not installed.
    code = ("import sys\n"
            "from summarizer.models import load_model\n"
            "model = load_model('tiny-gguf')\n"
            "out, = model.summarize([['The council voted on Tuesday to repair the old river bridge.']], "
            "task='document', words=(5, 10))\n"
            "assert out.text and out.output_tokens, out\n"
            f"print({TORCH_MODULES})\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_missing_gguf_is_a_model_error_saying_how_to_install(tmp_path, monkeypatch):
    from summarizer.models.llamacpp import verify_gguf

    shutil.copy(models_dir() / "presets.toml", tmp_path / "presets.toml")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))  # an empty models folder
    with pytest.raises(ModelError, match="summarizer.models.install tiny-gguf"):
        verify_gguf(load_presets()["tiny-gguf"])


def test_a_continuation_reads_only_its_start_after_the_first_call_and_writes_what_a_whole_read_writes(
        gguf_model, article):
    start = "Officials said the plan would be reviewed."
    gguf_model._states.clear()
    whole, = gguf_model.summarize([[article]], task="document", words=WORDS, starts=[start])
    gguf_model.summarize([[article]], task="document", words=WORDS)  # the first call, whose state is kept
    before = gguf_model.meter.snapshot()
    again, = gguf_model.summarize([[article]], task="document", words=WORDS, starts=[start])
    assert again == whole
    prompt = gguf_model._build_input([article], "document", WORDS)
    assert since(before, gguf_model.meter.snapshot())[CONTINUED].reused_tokens == len(prompt)


def test_a_tasks_fixed_instructions_are_read_once_then_restored_and_write_the_same_summary(gguf_model, article):
    gguf_model._states.clear()
    gguf_model._fixed.clear()
    before = gguf_model.meter.snapshot()
    first, = gguf_model.summarize([[article]], task="document", words=WORDS)
    assert since(before, gguf_model.meter.snapshot())[FIRST].reused_tokens == 0  # read, not restored
    gguf_model._states.clear()  # no whole prompt kept: only the fixed prefix can be restored
    before = gguf_model.meter.snapshot()
    again, = gguf_model.summarize([[article]], task="document", words=WORDS)
    prefix = gguf_model.fixed_prefixes["document"]
    assert prefix and since(before, gguf_model.meter.snapshot())[FIRST].reused_tokens == len(prefix)
    assert again == first
