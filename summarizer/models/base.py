"""What every back end shares: token counting, length budgets, batching and the over-length check."""

from __future__ import annotations

import copy
import math
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, get_args

from summarizer.errors import InputError, ModelError
from summarizer.models.presets import Kind, Preset
from summarizer.models.usage import Meter
from summarizer.settings import Task, WordRange
from summarizer.text import word_count

# Extra output room past max_words * tokens_per_word, so a model near its word limit can end its sentence.
OUTPUT_SLACK = 1.15
# Token counts of a text alone and inside a prompt can differ at the edges (merges across a boundary).
BOUNDARY_TOKENS = 2


@dataclass(frozen=True)
class Generation:
    """One summary as the model produced it."""

    text: str  # stripped model output
    input_tokens: int  # prompt tokens actually fed
    output_tokens: int  # new tokens generated (up to and including the end-of-sequence token)


def check_words(words: WordRange) -> WordRange:
    """Validate a (min, max) word range."""
    if (not isinstance(words, tuple | list) or len(words) != 2
            or not all(isinstance(w, int) and not isinstance(w, bool) for w in words)):
        raise InputError(f"words must be a (min, max) pair of integers, got {words!r}")
    low, high = words
    if not 1 <= low <= high:
        raise InputError(f"words must satisfy 1 <= min <= max, got {words!r}")
    return low, high


Listener = Callable[[int, str], None]  # (request index in a summarize call, its text written so far)


def remaining(words: WordRange, starts: Sequence[str]) -> WordRange:
    """The words still to write after the shortest of ``starts`` for a summary of ``words`` (at least 1 each).

    One range serves a whole batch: a batch runs until its longest output ends anyway, and the final tidy cuts
    anything past the most.

    >>> remaining(WordRange(60, 100), ["One two three.", ""])
    WordRange(least=60, most=100)
    >>> remaining(WordRange(60, 100), ["One two three."])
    WordRange(least=57, most=97)
    """
    have = min((word_count(start) for start in starts), default=0)
    return WordRange(max(1, words[0] - have), max(1, words[1] - have))


class SummaryModel(ABC):
    """A loaded summarization model; get one with `load_model`, which caches it.

    >>> model = load_model("tiny")                                         # doctest: +SKIP
    >>> model.summarize([[article]], task="document", words=(40, 80))[0].text  # doctest: +SKIP
    """

    def __init__(self, name: str, preset: Preset, model: Any, tokenizer: Any, context_length: int) -> None:
        self.name = name
        self.kind: Kind = preset.kind
        self.context_length = context_length
        self.preset = preset
        self.model = model  # a transformers PreTrainedModel in eval mode on its device, or a llama_cpp.Llama
        self.tokenizer = tokenizer
        self.meter = Meter()  # tokens and seconds of every call so far, read by the pipeline and benchmarks
        # This thread's latest `_generate` call: its (read_s, write_s, reused tokens) as `split`, the index of its
        # first request in the `summarize` call as `offset`, and who hears its text as it is written, `listener`.
        self._call = threading.local()

    # --- lengths ---------------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        """Tokens text takes on its own (no special tokens)."""
        return len(self._encode_plain(text))

    def truncate(self, text: str, max_tokens: int) -> str:
        """The longest prefix of text, cut at a token boundary, that is at most max_tokens tokens."""
        if not isinstance(max_tokens, int) or max_tokens < 0:
            raise InputError(f"max_tokens must be a non-negative integer, got {max_tokens!r}")
        ids = self._encode_plain(text)
        if len(ids) <= max_tokens:
            return text
        if max_tokens == 0:
            return ""
        cut = self._prefix(text, ids, max_tokens)
        while self.count_tokens(cut) > max_tokens:  # re-tokenising a prefix can merge differently
            cut = cut[: max(len(cut) - 1, 0)].rstrip()
        return cut.rstrip()

    def max_new_tokens(self, words: WordRange) -> int:
        """Output room for a summary of at most words[1] words."""
        return math.ceil(check_words(words)[1] * self.preset.tokens_per_word * OUTPUT_SLACK) + 4

    def min_new_tokens(self, words: WordRange) -> int:
        """Tokens the model must generate before it may stop: about words[0] words."""
        return math.floor(check_words(words)[0] * self.preset.tokens_per_word)

    @abstractmethod
    def prompt_overhead(self, task: Task, n_articles: int) -> int:
        """Tokens a request uses besides its article texts (instructions, tags, separators, specials)."""

    def article_budget(self, task: Task, n_articles: int, words: WordRange) -> int:
        """Tokens left for the article texts of one request, all articles together."""
        return self.context_length - self.prompt_overhead(task, n_articles) - self._output_cost(words)

    # --- generation ------------------------------------------------------------------------------------
    def summarize(self, requests: Sequence[Sequence[str]], *, task: Task, words: WordRange,
                  batch_size: int = 4, starts: Sequence[str] | None = None) -> list[Generation]:
        """Summarize each request (the article texts of one summary); results in request order.

        One `generate` call per batch of batch_size requests; deterministic (greedy or beam search).
        A request that does not fit the context raises InputError: the caller budgets, nothing is cut here.
        ``starts`` gives, per request, the beginning of a summary that the model continues (how a summary that
        stopped short is lengthened); ``words`` still counts the whole summary, as the first call's prompt asked,
        so a continuation's prompt begins with that call's prompt (a back end that kept its state reads only the
        start). Each batch writes the words still missing from its shortest start; only new text is returned.
        Each batch's tokens and seconds are added to ``self.meter``, continuations apart from first calls.
        """
        if task not in get_args(Task):
            raise InputError(f"task must be one of {get_args(Task)}, got {task!r}")
        words = check_words(words)
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise InputError(f"batch_size must be a positive integer, got {batch_size!r}")
        continued = starts is not None
        starts = [""] * len(requests) if starts is None else list(starts)
        if len(starts) != len(requests) or not all(isinstance(s, str) for s in starts):
            raise InputError(f"starts must be one string per request ({len(requests)}), got {len(starts)}")
        encoded = [self._encode_request(i, request, task, words, start)
                   for i, (request, start) in enumerate(zip(requests, starts, strict=True))]
        prefixes = [self._decoder_prefix(start) for start in starts]
        results: list[Generation] = []
        for start in range(0, len(encoded), batch_size):
            batch = encoded[start : start + batch_size]
            self._call.split = (0.0, 0.0, 0)  # what a back end that does not time itself reports
            self._call.offset = start
            try:
                outputs = self._generate(batch, remaining(words, starts[start : start + batch_size]),
                                         prefixes[start : start + batch_size])
            except MemoryError as error:  # torch.OutOfMemoryError subclasses RuntimeError, handled below
                raise ModelError(f"out of memory generating requests {start}..: lower batch_size") from error
            except RuntimeError as error:
                if "out of memory" not in str(error).lower():
                    raise
                raise ModelError(f"out of memory generating requests {start}..: lower batch_size") from error
            written = [Generation(text=self._decode(out).strip(), input_tokens=len(ids), output_tokens=len(out))
                       for ids, out in zip(batch, outputs, strict=True)]
            self.meter.count(written, continued, *self._call.split)
            results += written
        return results

    def _encode_request(self, index: int, request: Sequence[str], task: Task,
                        words: WordRange, start: str = "") -> list[int]:
        if isinstance(request, str) or not isinstance(request, Sequence):
            raise InputError(f"request {index} must be a list of article texts, got {type(request).__name__}")
        if not request or not all(isinstance(a, str) and a.strip() for a in request):
            raise InputError(f"request {index} must hold at least one non-empty article text")
        if task == "document" and len(request) != 1:
            raise InputError(f"request {index}: task 'document' takes exactly 1 article, got {len(request)}")
        ids = self._build_input(list(request), task, words, start)
        self._check_fits(index, len(ids), remaining(words, [start]))
        return ids

    @contextmanager
    def listening(self, listener: Listener) -> Iterator[None]:
        """Within the block, ``listener(request, text)`` hears each request's text (its index in the ``summarize``
        call, everything written so far) after every new token, on this thread; raising from it stops the call."""
        previous = getattr(self._call, "listener", None)
        self._call.listener = listener
        try:
            yield
        finally:
            self._call.listener = previous

    @property
    def streaming(self) -> bool:
        """Whether someone listens on this thread (a back end skips the decoding for ``_wrote`` otherwise)."""
        return getattr(self._call, "listener", None) is not None

    def _wrote(self, row: int, ids: Sequence[int]) -> None:
        """Back ends call this after each new token of batch row ``row`` with the row's new ids so far."""
        listener = getattr(self._call, "listener", None)
        if listener is not None:
            text = self._decode(list(ids)).rstrip("\ufffd")  # a character cut between two tokens waits for the next
            listener(getattr(self._call, "offset", 0) + row, text.strip())

    def _timed(self, read_s: float, write_s: float, reused_tokens: int = 0) -> None:
        """Back ends call this from `_generate` with the seconds its batch spent reading and writing, and how
        many prompt tokens it restored from kept states instead of reading."""
        self._call.split = (read_s, write_s, reused_tokens)

    def _decoder_prefix(self, start: str) -> list[int]:
        """Ids the decoder must begin with to continue ``start`` (decoder-only models put it in the prompt)."""
        return []

    def _output_cost(self, words: WordRange) -> int:
        """Context positions the output takes from the input's budget (0 where they are separate)."""
        return self.max_new_tokens(words)

    def _check_fits(self, index: int, n_input: int, words: WordRange) -> None:
        out = self._output_cost(words)
        if n_input + out > self.context_length:
            raise InputError(
                f"request {index} does not fit model '{self.name}': {n_input} input tokens + {out} output "
                f"tokens > context length {self.context_length}; shorten or split its articles"
            )

    def generation_config(self, words: WordRange, **extra: Any) -> Any:
        """The model's GenerationConfig with this preset's deterministic settings and length limits."""
        preset = self.preset
        config = copy.deepcopy(self.model.generation_config)
        config.update(
            do_sample=False, temperature=None, top_p=None, top_k=None,  # no sampling: reproducible output
            num_beams=preset.num_beams, early_stopping=preset.num_beams > 1 or None,
            length_penalty=preset.length_penalty if preset.num_beams > 1 else None,
            repetition_penalty=preset.repetition_penalty if preset.repetition_penalty != 1.0 else None,
            max_new_tokens=self.max_new_tokens(words), min_new_tokens=self.min_new_tokens(words),
            max_length=None, min_length=None, num_return_sequences=1,
            pad_token_id=self.pad_token_id, **extra,
        )
        return config

    @property
    def pad_token_id(self) -> int:
        tok = self.tokenizer
        pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        if pad is None:
            raise ModelError(f"model '{self.name}': its tokenizer has neither a pad nor an eos token")
        return int(pad)

    # --- the tokenizer: a transformers tokenizer's interface unless a back end overrides these ---------------
    def _encode_plain(self, text: str) -> list[int]:
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _decode(self, ids: list[int]) -> str:
        """Text of generated ids, special tokens dropped."""
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def _prefix(self, text: str, ids: list[int], max_tokens: int) -> str:
        """text up to the end of its max_tokens-th token (ids: text's tokens); truncate trims it further."""
        try:  # offsets cut the original text exactly, keeping its spacing and characters
            enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
            return text[: enc["offset_mapping"][max_tokens - 1][1]]
        except (NotImplementedError, KeyError, TypeError, ValueError):
            return self._decode(ids[:max_tokens])

    @abstractmethod
    def _build_input(self, articles: list[str], task: Task, words: WordRange, start: str = "") -> list[int]:
        """Token ids of one request's complete model input."""

    @abstractmethod
    def _generate(self, batch: list[list[int]], words: WordRange,
                  prefixes: list[list[int]]) -> list[list[int]]:
        """New token ids for each input of one batch (one generate call), padding removed.

        A back end that can tell prefill from decode reports their seconds with `_timed` before returning.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} kind={self.kind} context={self.context_length}>"
