"""Decoder-only chat models under transformers: the shared chat prompt through the tokenizer's chat template,
left-padded batches through ``generate``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import torch
from transformers import LogitsProcessor, LogitsProcessorList, NoRepeatNGramLogitsProcessor

from summarizer.errors import ModelError
from summarizer.models.chat import ChatModel
from summarizer.models.chat import article_blocks as article_blocks  # re-exported: tests/test_security.py
from summarizer.models.presets import Preset
from summarizer.settings import WordRange


class GeneratedNoRepeatNGram(LogitsProcessor):
    """no_repeat_ngram_size over the generated tokens only.

    The stock processor also counts the prompt, which would forbid quoting any n-gram of the article.
    With left padding every row's prompt ends at the same column, so the output starts at prompt_width.
    """

    def __init__(self, ngram_size: int, prompt_width: int) -> None:
        self.inner = NoRepeatNGramLogitsProcessor(ngram_size)
        self.prompt_width = prompt_width

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        return self.inner(input_ids[:, self.prompt_width :], scores)


class FirstScores(LogitsProcessor):
    """Notes when the first new token's scores arrive, which ends prefill: `generate` calls its processors
    after each forward pass, and the first pass reads the whole prompt. Changes no score."""

    def __init__(self) -> None:
        self.at: float | None = None  # perf_counter() at the first call

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self.at is None:
            self.at = time.perf_counter()
        return scores

    def split(self, began: float, ended: float) -> tuple[float, float]:
        """(read_s, write_s) of a generate call that ran from began to ended (all reading if no token came)."""
        first = ended if self.at is None else self.at
        return first - began, ended - first


class Written(LogitsProcessor):
    """Hands each row's new tokens so far to the model's listener after every step (``SummaryModel._wrote``);
    changes no score. A row's text is heard until it stops; padding after a stop is not text."""

    def __init__(self, model: CausalModel, prompt_width: int) -> None:
        self.model = model
        self.prompt_width = prompt_width

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row, ids in enumerate(input_ids[:, self.prompt_width :].tolist()):
            if ids and not any(i in self.model.stop_ids for i in ids):
                self.model._wrote(row, ids)
        return scores


class CausalModel(ChatModel):
    """A chat model (Qwen, SmolLM, ...) run by transformers."""

    def __init__(self, name: str, preset: Preset, model: Any, tokenizer: Any, context_length: int) -> None:
        if tokenizer.chat_template is None:
            raise ModelError(f"causal model '{name}' has no chat template: only chat models work here")
        # Left padding: generation continues from the last column, so every prompt must end there.
        tokenizer.padding_side = "left"
        super().__init__(name, preset, model, tokenizer, context_length)

    def render_chat(self, messages: list[dict[str, str]]) -> str:
        return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))

    def _eos_ids(self) -> list[int | None]:
        configured = self.model.generation_config.eos_token_id
        return [self.tokenizer.eos_token_id, *(configured if isinstance(configured, list) else [configured])]

    def _vocab_ids(self, tokens: Sequence[str]) -> list[int]:
        vocab = self.tokenizer.get_vocab()
        return [vocab[t] for t in tokens if t in vocab]

    def _generate(self, batch: list[list[int]], words: WordRange,
                  prefixes: list[list[int]]) -> list[list[int]]:
        width, pad = max(map(len, batch)), self.pad_token_id
        # (B, T) left-padded ids and mask: real tokens flush right.
        ids = torch.tensor([[pad] * (width - len(row)) + row for row in batch])
        mask = torch.tensor([[0] * (width - len(row)) + [1] * len(row) for row in batch])
        processors = LogitsProcessorList()
        if self.preset.no_repeat_ngram_size:
            processors.append(GeneratedNoRepeatNGram(self.preset.no_repeat_ngram_size, width))
        config = self.generation_config(words, no_repeat_ngram_size=None, eos_token_id=self.stop_ids,
                                        bad_words_ids=self.banned_sequences or None)
        clock = FirstScores()  # reading ends where it first sees scores
        processors.append(clock)
        if self.streaming:
            processors.append(Written(self, width))
        with torch.inference_mode():
            device = self.model.device
            began = time.perf_counter()
            out = self.model.generate(input_ids=ids.to(device), attention_mask=mask.to(device),
                                      generation_config=config, logits_processor=processors)
            self._timed(*clock.split(began, time.perf_counter()))
        return [_until_stop(row[width:].tolist(), self.stop_ids) for row in out]


def _until_stop(ids: list[int], stop: list[int]) -> list[int]:
    """The generated ids up to and including the first stop token (the rest is padding)."""
    for i, token in enumerate(ids):
        if token in stop:
            return ids[: i + 1]
    return ids
