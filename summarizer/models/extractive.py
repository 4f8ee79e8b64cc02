"""The extractive baseline as a model: picks source sentences instead of writing new ones.

It has the same interface as the neural models, so the pipeline, UI comparison and benchmarks use it
the same way (``model="extractive"``).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.models.base import Generation
from summarizer.models.usage import Meter
from summarizer.selection import extractive_summary
from summarizer.settings import Task, WordRange
from summarizer.text import word_count


class ExtractiveModel:
    """Central, non-redundant source sentences up to the word range's maximum; no network, no weights."""

    name = "extractive"
    kind = "extractive"
    context_length = 10_000_000  # reads whole articles: nothing is ever cut for it

    def __init__(self) -> None:
        self.meter = Meter()  # words read and written, as its tokens; no seconds: it neither reads nor writes

    def count_tokens(self, text: str) -> int:
        return word_count(text)

    def truncate(self, text: str, max_tokens: int) -> str:
        return " ".join(text.split()[:max_tokens])

    def prompt_overhead(self, task: Task, n_articles: int) -> int:
        return 0

    def article_budget(self, task: Task, n_articles: int, words: WordRange) -> int:
        return self.context_length - words[1]

    def summarize(
        self, requests: Sequence[Sequence[str]], *, task: Task, words: WordRange, batch_size: int = 4,
        starts: Sequence[str] | None = None,
    ) -> list[Generation]:
        results = []
        for articles in requests:
            text = extractive_summary(articles, words[1])
            results.append(Generation(text, sum(map(word_count, articles)), word_count(text)))
        self.meter.count(results, continued=starts is not None)
        return results
