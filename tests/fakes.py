"""A fake model with the SummaryModel interface: fast, deterministic, and it records what it was asked; and Ray's
actor pool played in this process."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from summarizer.errors import InputError
from summarizer.models import Generation, Meter
from summarizer.models.base import remaining
from summarizer.settings import WordRange
from summarizer.text import split_sentences


class FakeModel:
    """Counts a token per word; 'summarizes' by echoing the first sentence of each article it reads.

    A continuation (``starts``) echoes each article's next sentence not yet in the start; ``calls`` records
    first requests, ``continuations`` the rest; ``meter`` counts the tokens like a real model's, with no seconds.
    ``filler``, when given, follows the first sentence of every first output, as instruction models pad a
    summary with sentences no article says.
    """

    kind = "causal"

    def __init__(self, context_length: int = 4096, overhead: int = 20, name: str = "fake",
                 filler: str = "") -> None:
        self.name = name
        self.filler = filler
        self.context_length = context_length
        self.overhead = overhead
        self.calls: list[tuple[str, list[list[str]], tuple[int, int]]] = []
        self.continuations: list[tuple[str, list[str], tuple[int, int]]] = []
        self.meter = Meter()
        self._listener: Callable[[int, str], None] | None = None

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def truncate(self, text: str, max_tokens: int) -> str:
        return " ".join(text.split()[:max_tokens])

    def prompt_overhead(self, task: str, n_articles: int) -> int:
        return self.overhead + 5 * n_articles

    def max_new_tokens(self, words: tuple[int, int]) -> int:
        return words[1]

    def article_budget(self, task: str, n_articles: int, words: tuple[int, int]) -> int:
        return self.context_length - self.prompt_overhead(task, n_articles) - self.max_new_tokens(words)

    def summarize(self, requests: Sequence[Sequence[str]], *, task: str, words: tuple[int, int],
                  batch_size: int = 4, starts: Sequence[str] | None = None) -> list[Generation]:
        out = self._summarize(requests, task, words, starts)
        if self._listener is not None:  # streams like a real model: each output heard word by word
            for row, generation in enumerate(out):
                written = generation.text.split()
                for n in range(1, len(written) + 1):
                    self._listener(row, " ".join(written[:n]))
        self.meter.count(out, continued=starts is not None)
        return out

    @contextmanager
    def listening(self, listener: Callable[[int, str], None]) -> Iterator[None]:
        previous, self._listener = self._listener, listener
        try:
            yield
        finally:
            self._listener = previous

    def _summarize(self, requests: Sequence[Sequence[str]], task: str, words: tuple[int, int],
                   starts: Sequence[str] | None) -> list[Generation]:
        if task == "headline":  # the first words of the summary it reads, as a headline has no final period
            self.calls.append((task, [list(r) for r in requests], words))
            return [Generation(" ".join(r[0].split()[:words[1] - 4]).rstrip(".,"), len(r[0].split()), words[1] - 4)
                    for r in requests]
        if starts is None:
            self.calls.append((task, [list(r) for r in requests], words))
        else:  # words count the whole summary: what is written is what the shortest start still lacks
            self.continuations.append((task, list(starts), words))
            words = remaining(WordRange(*words), starts)
        out = []
        for articles, start in zip(requests, starts or [""] * len(requests), strict=True):
            needed = sum(map(self.count_tokens, articles)) + self.prompt_overhead(task, len(articles)) + words[1]
            needed += self.count_tokens(start)
            if needed > self.context_length:  # the real models raise too: the pipeline must budget first
                raise AssertionError(f"request of {needed} tokens exceeds the context of {self.context_length}")
            unused = [[s for s in split_sentences(a) if s.endswith(".") and s not in start] for a in articles]
            # Like an instruction model: one sentence per article at first; a continuation honours the floor.
            picked = [sentences[:1] for sentences in unused]
            while start and sum(map(self.count_tokens, sum(picked, []))) < words[0] \
                    and any(len(p) < len(u) for p, u in zip(picked, unused, strict=True)):
                picked = [u[: len(p) + 1] for p, u in zip(picked, unused, strict=True)]
            sentences = sum(picked, [])
            if self.filler and not start:
                sentences[1:1] = [self.filler]
            text = " ".join(sentences)
            out.append(Generation(text, sum(map(self.count_tokens, articles)), self.count_tokens(text)))
        return out


def in_process_ray(worker: type, rows: list[dict[str, Any]], options: dict[str, Any],
                   workers: int) -> Iterator[dict[str, Any]]:
    """``batch.engines.ray_map`` without Ray: one actor in this process, rows taken last first (Ray's order is
    any), so the driver's side of the Ray engine is tested in milliseconds."""
    actor = worker(**options)
    for row in reversed(rows):
        out = actor({key: [value] for key, value in row.items()})
        yield {key: values[0] for key, values in out.items()}


def refuse(summarizer: object, documents: Sequence[object], progress: object = None) -> NoReturn:
    """``updates.summarize_story`` for a summarizer that refuses every story, as a model too small for it would."""
    raise InputError(f"{len(documents)} articles are too many for this model")
