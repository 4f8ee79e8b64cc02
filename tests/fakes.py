"""A fake model with the SummaryModel interface: fast, deterministic, and it records what it was asked."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.models import Generation
from summarizer.text import split_sentences


class FakeModel:
    """Counts a token per word; 'summarizes' by echoing the first sentence of each article it reads."""

    kind = "causal"

    def __init__(self, context_length: int = 4096, overhead: int = 20, name: str = "fake") -> None:
        self.name = name
        self.context_length = context_length
        self.overhead = overhead
        self.calls: list[tuple[str, list[list[str]], tuple[int, int]]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def truncate(self, text: str, max_tokens: int) -> str:
        return " ".join(text.split()[:max_tokens])

    def prompt_overhead(self, task: str, n_articles: int) -> int:
        return self.overhead + 5 * n_articles

    def max_new_tokens(self, words: tuple[int, int]) -> int:
        return words[1]

    def summarize(self, requests: Sequence[Sequence[str]], *, task: str, words: tuple[int, int],
                  batch_size: int = 4) -> list[Generation]:
        self.calls.append((task, [list(r) for r in requests], words))
        out = []
        for articles in requests:
            needed = sum(map(self.count_tokens, articles)) + self.prompt_overhead(task, len(articles)) + words[1]
            if needed > self.context_length:  # the real models raise too: the pipeline must budget first
                raise AssertionError(f"request of {needed} tokens exceeds the context of {self.context_length}")
            firsts = [next((s for s in split_sentences(a) if s.endswith(".")), "") for a in articles]
            text = " ".join(firsts)
            out.append(Generation(text, sum(map(self.count_tokens, articles)), self.count_tokens(text)))
        return out
