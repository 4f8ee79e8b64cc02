"""Decoder-only chat models: a system + user prompt through the tokenizer's chat template."""

from __future__ import annotations

import re
from typing import Any

import torch
from transformers import LogitsProcessor, LogitsProcessorList, NoRepeatNGramLogitsProcessor

from summarizer.errors import ModelError
from summarizer.models.base import BOUNDARY_TOKENS, SummaryModel
from summarizer.models.presets import Task

# An article that contains our own delimiters could close its block early and smuggle text out of the
# "data" region; such tags are defused (the "<" becomes "‹") before the article goes in.
_TAG = re.compile(r"<(/?\s*article\b)", re.IGNORECASE)
# Chat-control tokens (<|im_start|>, <|eot_id|>, ...) written in an article would become real turn markers when the
# prompt is tokenized: defused the same way.
_CONTROL = re.compile(r"<(\|)")
# Widest word counts the overhead estimate allows for: digits can be a token each.
_WIDE_WORDS = (9999, 9999)


def article_blocks(articles: list[str]) -> str:
    """The articles as numbered, delimited blocks: <article id="1">...</article>."""
    defused = [_CONTROL.sub("\u2039\\1", _TAG.sub("\u2039\\1", text.strip())) for text in articles]
    return "\n\n".join(f'<article id="{i}">\n{text}\n</article>' for i, text in enumerate(defused, 1))


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


class CausalModel(SummaryModel):
    """A chat model (Qwen, SmolLM, ...) that summarizes from an instruction prompt."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.tokenizer.chat_template is None:
            raise ModelError(f"causal model '{self.name}' has no chat template: only chat models work here")
        # Left padding: generation continues from the last column, so every prompt must end there.
        self.tokenizer.padding_side = "left"
        self.stop_ids = self._stop_ids()
        self.banned_sequences = self._banned_sequences()

    def prompt(self, articles: list[str], task: Task, words: tuple[int, int], start: str = "") -> str:
        """The full chat-formatted prompt text for one request; ``start`` opens the reply, to be continued."""
        template = self.preset.document if task == "document" else self.preset.story
        user = template.format(min_words=words[0], max_words=words[1], n_articles=len(articles),
                               articles=article_blocks(articles))
        messages = [{"role": "system", "content": self.preset.system}, {"role": "user", "content": user}]
        text = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return text + start.strip()  # no trailing space: the next word's token carries its own

    def prompt_overhead(self, task: Task, n_articles: int) -> int:
        if n_articles < 1:
            raise ValueError("n_articles must be >= 1")
        empty = self.prompt([""] * n_articles, task, _WIDE_WORDS)
        return self.count_tokens(empty) + BOUNDARY_TOKENS * n_articles

    def _build_input(self, articles: list[str], task: Task, words: tuple[int, int], start: str = "") -> list[int]:
        # The chat template already wrote the special tokens into the text.
        return self._encode_plain(self.prompt(articles, task, words, start))

    def _generate(self, batch: list[list[int]], words: tuple[int, int],
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
        with torch.inference_mode():
            device = self.model.device
            out = self.model.generate(input_ids=ids.to(device), attention_mask=mask.to(device),
                                      generation_config=config, logits_processor=processors)
        return [_until_stop(row[width:].tolist(), self.stop_ids) for row in out]

    def _banned_sequences(self) -> list[list[int]]:
        """Token ids of each banned phrase as it can appear: opening the text or after a space."""
        variants = {v for phrase in self.preset.banned_phrases for v in (phrase.strip(), " " + phrase.strip())}
        return sorted(ids for ids in (self._encode_plain(v) for v in variants) if ids)

    def _stop_ids(self) -> list[int]:
        """End-of-turn and end-of-text ids: chat models end a reply with either."""
        ids = {self.tokenizer.eos_token_id}
        configured = self.model.generation_config.eos_token_id
        ids.update(configured if isinstance(configured, list) else [configured])
        vocab = self.tokenizer.get_vocab()
        ids.update(vocab[t] for t in ("<|im_end|>", "<|endoftext|>", "<|eot_id|>") if t in vocab)
        return sorted(i for i in ids if i is not None)


def _until_stop(ids: list[int], stop: list[int]) -> list[int]:
    """The generated ids up to and including the first stop token (the rest is padding)."""
    for i, token in enumerate(ids):
        if token in stop:
            return ids[: i + 1]
    return ids
