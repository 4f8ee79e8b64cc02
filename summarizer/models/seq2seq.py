"""Encoder-decoder summarizers (BART, PEGASUS, LED/PRIMERA, T5-style): articles in, summary out."""

from __future__ import annotations

import time
from typing import Any

import torch
from transformers import LogitsProcessorList

from summarizer.errors import InputError
from summarizer.models.base import BOUNDARY_TOKENS, SummaryModel
from summarizer.models.causal import FirstScores
from summarizer.settings import Task, WordRange


class Seq2SeqModel(SummaryModel):
    """A fine-tuned summarizer: the input is just the articles joined with the preset's separator.

    LED-based models (PRIMERA) also get global attention on the first token and on every separator token,
    which is how PRIMERA was trained to see across documents.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Right padding: the encoder reads the whole (masked) input; the decoder starts fresh per row.
        self.tokenizer.padding_side = "right"
        config = self.model.config
        self.is_led = config.model_type == "led"
        # The decoder has its own positions; where it has a limit the output must fit it.
        self.decoder_limit: int | None = getattr(config, "max_decoder_position_embeddings", None) or (
            getattr(config, "max_position_embeddings", None)
        )
        sep = self.preset.doc_separator.strip()
        self.sep_id: int | None = None
        if self.is_led and sep:
            token_id = self.tokenizer.convert_tokens_to_ids(sep)
            if isinstance(token_id, int) and token_id != self.tokenizer.unk_token_id:
                self.sep_id = token_id

    def join(self, articles: list[str]) -> str:
        """The one input text of a request: its articles joined with the preset's separator."""
        return self.preset.doc_separator.join(a.strip() for a in articles)

    def prompt_overhead(self, task: Task, n_articles: int) -> int:
        if n_articles < 1:
            raise ValueError("n_articles must be >= 1")
        specials = len(self.tokenizer("", add_special_tokens=True)["input_ids"])
        separators = self.count_tokens(self.preset.doc_separator) * (n_articles - 1)
        return specials + separators + BOUNDARY_TOKENS * n_articles

    def _output_cost(self, words: WordRange) -> int:
        return 0  # the decoder's positions are separate from the encoder's context

    def _check_fits(self, index: int, n_input: int, words: WordRange) -> None:
        super()._check_fits(index, n_input, words)
        out = self.max_new_tokens(words)
        if self.decoder_limit is not None and out >= self.decoder_limit:
            raise InputError(f"request {index}: {words[1]} words need {out} output tokens, more than model "
                             f"'{self.name}' can generate ({self.decoder_limit - 1})")

    def _build_input(self, articles: list[str], task: Task, words: WordRange, start: str = "") -> list[int]:
        return list(self.tokenizer(self.join(articles), add_special_tokens=True)["input_ids"])

    def _decoder_prefix(self, start: str) -> list[int]:
        return self._encode_plain(start.strip()) if start.strip() else []

    def _generate(self, batch: list[list[int]], words: WordRange,
                  prefixes: list[list[int]]) -> list[list[int]]:
        if any(prefixes):  # continuations are rare: one at a time, so no decoder padding is needed
            runs = [self._generate_rows([row], words, prefix) for row, prefix in zip(batch, prefixes, strict=True)]
        else:
            runs = [self._generate_rows(batch, words, [])]
        self._timed(sum(read_s for _, (read_s, _) in runs), sum(write_s for _, (_, write_s) in runs))
        return [ids for rows, _ in runs for ids in rows]

    def _generate_rows(self, batch: list[list[int]], words: WordRange,
                       prefix: list[int]) -> tuple[list[list[int]], tuple[float, float]]:
        """One generate call; ``prefix`` (batch of one) is the summary so far, which the decoder continues.

        Returns the new ids and the call's (read_s, write_s): the encoder and first decoder step, then the rest.
        """
        if self.decoder_limit is not None and len(prefix) + self.max_new_tokens(words) >= self.decoder_limit:
            raise InputError(f"a continuation of {len(prefix)} tokens cannot grow by {words[1]} words within "
                             f"model '{self.name}''s {self.decoder_limit - 1} output positions")
        width, pad = max(map(len, batch)), self.pad_token_id
        # (B, T) right-padded ids and mask.
        ids = torch.tensor([row + [pad] * (width - len(row)) for row in batch])
        mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in batch])
        extra: dict[str, torch.Tensor] = {}
        if self.is_led:
            glob = torch.zeros_like(mask)
            glob[:, 0] = 1  # the first token sees, and is seen by, every position
            if self.sep_id is not None:
                glob[ids == self.sep_id] = 1
            extra["global_attention_mask"] = glob.to(self.model.device)
        config = self.generation_config(words, no_repeat_ngram_size=self.preset.no_repeat_ngram_size or None)
        device = self.model.device
        if prefix:  # the decoder starts from its start token plus the summary so far
            begin = config.decoder_start_token_id
            begin = self.model.config.decoder_start_token_id if begin is None else begin
            extra["decoder_input_ids"] = torch.tensor([[begin, *prefix]], device=device)
        clock = FirstScores()
        with torch.inference_mode():
            began = time.perf_counter()
            out = self.model.generate(input_ids=ids.to(device), attention_mask=mask.to(device),
                                      generation_config=config, logits_processor=LogitsProcessorList([clock]),
                                      **extra)
            split = clock.split(began, time.perf_counter())
        # (B, 1 + prefix + new): the start token and the prefix were given, not generated.
        eos, pad = config.eos_token_id, config.pad_token_id
        stops = set(eos if isinstance(eos, list) else [eos])
        return [_until_stop(row, stops, pad) for row in out[:, 1 + len(prefix):].tolist()], split


def _until_stop(row: list[int], stops: set[int], pad: int) -> list[int]:
    """Generated ids up to and including the first eos; with none, drop the trailing batch padding."""
    for i, token in enumerate(row):
        if token in stops:
            return row[: i + 1]
    while row and row[-1] == pad:
        row = row[:-1]
    return row
