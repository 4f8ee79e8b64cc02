"""Two results side by side: how much their combined summaries overlap, and the table the Compare tab shows."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from summarizer.render.markdown import literal_markdown
from summarizer.results import SummaryResult
from summarizer.text import jaccard, word_count, words


class Overlap(NamedTuple):
    """Word overlap of two texts, each score from 0 (no word shared) to 1 (the same words)."""

    jaccard: float
    rouge1_f: float


def combined_text(result: SummaryResult) -> str:
    """Every story's combined summary, in order: what a comparison measures."""
    return "\n".join(story.summary for story in result.stories)


def rouge1_f(a: str, b: str) -> float:
    """ROUGE-1 F1 between two texts (unigram counts, lower-cased, no stemming); 0 when either is empty.

    Symmetric, so which side is the "reference" does not matter; no rouge-score dependency at run time.
    """
    ca, cb = Counter(words(a)), Counter(words(b))
    overlap = sum((ca & cb).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(cb.values()), overlap / sum(ca.values())
    return 2 * precision * recall / (precision + recall)


def overlap(a: SummaryResult, b: SummaryResult) -> Overlap:
    """How alike two results' combined summaries are, by word set (Jaccard) and word counts (ROUGE-1)."""
    first, second = combined_text(a), combined_text(b)
    return Overlap(jaccard(first, second), rouge1_f(first, second))


def comparison_table(a: SummaryResult, b: SummaryResult) -> str:
    """A Markdown table of the two runs (setting, stories, words, time), then their word overlap."""
    results = (a, b)
    rows = [
        ("Setting", *(f"{r.model} / {r.settings.get('length', '?')}" for r in results)),
        ("Stories", *(str(len(r.stories)) for r in results)),
        ("Words in combined summaries", *(str(word_count(combined_text(r))) for r in results)),
        ("Time (s)", *(_seconds(r) for r in results)),
    ]
    lines = [f"| {' | '.join(literal_markdown(cell) for cell in row)} |" for row in rows]
    scores = overlap(a, b)
    return "\n".join(["| | A | B |", "|---|---|---|", *lines]) + (
        f"\n\nWord overlap between A and B: Jaccard {scores.jaccard:.2f}, ROUGE-1 F {scores.rouge1_f:.2f} "
        "(1.00 = the same words).")


def _seconds(result: SummaryResult) -> str:
    """A run's time for the table; a cached result ran no model, so its time would mislead."""
    return "cached" if result.from_cache else f"{result.timings.get('total_s', 0.0):.1f}"
