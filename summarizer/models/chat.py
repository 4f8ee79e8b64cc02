"""What both chat back ends (transformers `CausalModel`, llama.cpp `LlamaCppModel`) share, without torch: the
prompt from the preset's templates, its token cost, the banned phrases as token ids and the stop tokens.
Each back end only says how its tokenizer renders the chat template and where its special ids come from."""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Sequence
from functools import cached_property
from typing import Any, get_args

from summarizer.models.base import BOUNDARY_TOKENS, SummaryModel
from summarizer.models.presets import Preset
from summarizer.settings import Task, WordRange

# An article that contains our own delimiters could close its block early and smuggle text out of the
# "data" region; such tags are defused (the "<" becomes "‹") before the article goes in.
_TAG = re.compile(r"<(/?\s*article\b)", re.IGNORECASE)
# Chat-control tokens (<|im_start|>, <|eot_id|>, ...) written in an article would become real turn markers when the
# prompt is tokenized: defused the same way.
_CONTROL = re.compile(r"<(\|)")
# Widest word counts the overhead estimate allows for: digits can be a token each.
_WIDE_WORDS = (9999, 9999)
# Two fillings of a template that differ in every field (articles, their number, word counts): the tokens their
# prompts share are the fixed part every prompt of the task starts with.
_PROBES = ((["a"], (1, 2)), (["z z", "y"], (30, 40)))
# Tokens left off the end of that shared part: a field's first characters can merge with the text before it.
_MARGIN = 2
# End-of-turn and end-of-text tokens of the chat families we run: a reply ends with any of them.
STOP_TOKENS = ("<|im_end|>", "<|endoftext|>", "<|eot_id|>")


def article_blocks(articles: list[str]) -> str:
    """The articles as numbered, delimited blocks: <article id="1">...</article>."""
    defused = [_CONTROL.sub("\u2039\\1", _TAG.sub("\u2039\\1", text.strip())) for text in articles]
    return "\n\n".join(f'<article id="{i}">\n{text}\n</article>' for i, text in enumerate(defused, 1))


class ChatModel(SummaryModel):
    """A chat model that summarizes from an instruction prompt (a system and a user message)."""

    def __init__(self, name: str, preset: Preset, model: Any, tokenizer: Any, context_length: int) -> None:
        super().__init__(name, preset, model, tokenizer, context_length)
        self.stop_ids = self._stop_ids()
        self.banned_sequences = self._banned_sequences()

    @abstractmethod
    def render_chat(self, messages: list[dict[str, str]]) -> str:
        """The chat template's text for messages, ending with the opening of the assistant's reply."""

    @abstractmethod
    def _eos_ids(self) -> list[int | None]:
        """End-of-sequence ids the model and its tokenizer configure (None where one is not set)."""

    @abstractmethod
    def _vocab_ids(self, tokens: Sequence[str]) -> list[int]:
        """Ids of those tokens the vocabulary holds."""

    def prompt(self, articles: list[str], task: Task, words: WordRange, start: str = "") -> str:
        """The full chat-formatted prompt text for one request; ``start`` opens the reply, to be continued."""
        template = getattr(self.preset, task)  # the preset's prompt of that name: document, story, facts or headline
        user = template.format(min_words=words[0], max_words=words[1], n_articles=len(articles),
                               articles=article_blocks(articles))
        messages = [{"role": "system", "content": self.preset.system}, {"role": "user", "content": user}]
        return self.render_chat(messages) + start.strip()  # no trailing space: the next word's token carries its own

    def prompt_overhead(self, task: Task, n_articles: int) -> int:
        if n_articles < 1:
            raise ValueError("n_articles must be >= 1")
        empty = self.prompt([""] * n_articles, task, _WIDE_WORDS)
        return self.count_tokens(empty) + BOUNDARY_TOKENS * n_articles

    @cached_property
    def fixed_prefixes(self) -> dict[Task, tuple[int, ...]]:
        """Each task's fixed prompt start: the tokens every prompt of it begins with, the system message and the
        instructions before the first field that varies (82-118 tokens with the default presets). A back end
        that can restore a read prefix reads them once per process, not once per prompt. A task whose prompt
        starts with a field has none."""
        prefixes: dict[Task, tuple[int, ...]] = {}
        for task in get_args(Task):
            one, other = (self._build_input(articles, task, words) for articles, words in _PROBES)
            shared = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
                          min(len(one), len(other)))
            if shared > _MARGIN:
                prefixes[task] = tuple(one[:shared - _MARGIN])
        return prefixes

    def _build_input(self, articles: list[str], task: Task, words: WordRange, start: str = "") -> list[int]:
        # The chat template already wrote the special tokens into the text.
        return self._encode_plain(self.prompt(articles, task, words, start))

    def _banned_sequences(self) -> list[list[int]]:
        """Token ids of each banned phrase as it can appear: opening the text or after a space."""
        variants = {v for phrase in self.preset.banned_phrases for v in (phrase.strip(), " " + phrase.strip())}
        return sorted(ids for ids in (self._encode_plain(v) for v in variants) if ids)

    def _stop_ids(self) -> list[int]:
        """End-of-turn and end-of-text ids: chat models end a reply with either."""
        ids = {*self._eos_ids(), *self._vocab_ids(STOP_TOKENS)}
        return sorted(i for i in ids if i is not None and i >= 0)

