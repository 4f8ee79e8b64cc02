"""The chat prompt both causal back ends share (models/chat.py), on a fake back end: no torch, no weights."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

from summarizer.models.chat import ChatModel, article_blocks
from summarizer.models.presets import load_presets


class WordChat(ChatModel):
    """A chat back end whose tokens are words (ids from a growing vocabulary) and whose template is plain."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {"<|im_end|>": 7}
        super().__init__("words", load_presets()["tiny"], model=None, tokenizer=None, context_length=4096)

    def render_chat(self, messages: list[dict[str, str]]) -> str:
        return "".join(f"[{m['role']}] {m['content']} " for m in messages) + "[assistant] "

    def _eos_ids(self) -> list[int | None]:
        return [None, -1, 5]  # unset and "none" (llama.cpp's -1) ids are dropped

    def _vocab_ids(self, tokens: Sequence[str]) -> list[int]:
        return [self.vocab[t] for t in tokens if t in self.vocab]

    def _encode_plain(self, text: str) -> list[int]:
        return [self.vocab.setdefault(word, len(self.vocab) + 100) for word in text.split()]

    def _generate(self, batch: list[list[int]], words: tuple[int, int],
                  prefixes: list[list[int]]) -> list[list[int]]:
        return [[] for _ in batch]


def test_the_prompt_fills_the_presets_template_and_opens_the_reply_with_the_start():
    model = WordChat()
    prompt = model.prompt(["First text.", "Second text."], "story", (30, 60), start="  The council ")
    assert prompt.startswith(f"[system] {model.preset.system} [user] ")
    assert article_blocks(["First text.", "Second text."]) in prompt and "30 to 60 words" in prompt
    assert prompt.endswith("[assistant] The council")


def test_stop_ids_join_the_configured_eos_and_the_known_end_tokens():
    assert WordChat().stop_ids == [5, 7]


def test_banned_phrases_become_token_sequences_and_the_overhead_bounds_the_prompt():
    model = WordChat()
    banned = {tuple(ids) for ids in model.banned_sequences}
    assert tuple(model._encode_plain("The article")) in banned
    articles = ["one two three", "four five"]
    ids = model._build_input(articles, "story", (10, 20))
    assert len(ids) <= sum(map(model.count_tokens, articles)) + model.prompt_overhead("story", 2)


def test_each_tasks_fixed_prefix_starts_every_prompt_of_it_and_holds_no_field():
    model = WordChat()
    prefixes = model.fixed_prefixes
    assert set(prefixes) == {"document", "story", "facts", "headline"}
    for task, words, articles in (("document", (40, 80), ["Crews shut the bridge."]),
                                  ("facts", (230, 270), ["The dam held.", "Crews left.", "Rain fell."])):
        ids = model._build_input(articles, task, words)
        prefix = prefixes[task]
        assert tuple(ids[:len(prefix)]) == prefix and len(prefix) < len(ids)
        words_of = {i: word for word, i in model.vocab.items()}
        assert not {words_of[i] for i in prefix} & {"bridge.", "held.", str(words[0])}
    # The system message and the task's opening line are in it: that is what is read once.
    assert len(prefixes["document"]) >= len(model._encode_plain(model.preset.system))


def test_the_shared_chat_layer_imports_neither_torch_nor_transformers():
    code = ("import sys, summarizer.models, summarizer.models.chat, summarizer.models.folder_tokenizer; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
