"""A story's facts: what its combined summary should tell, each once, weighted by how many articles report it.

A fact is a central source sentence (``selection.central_sentences``: cosine to the story's TF-IDF centroid,
with sentences too like a better one left out, so each fact is said once) together with the number of the
story's articles that report it (attribution's alignment: the articles with a sentence supporting it on its
own). Its weight is centrality times that number, the multi-document signal no single article has.

The same facts serve twice: the ``facts`` route gives them to the model as a numbered list, told in news order
(lead facts first), and ``generation.coverage`` measures every written summary against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.checks.attribution import SupportCheck
from summarizer.selection import central_sentences
from summarizer.settings import WordRange
from summarizer.text import word_count

__all__ = ["FACT_WORDS", "Fact", "fact_list", "news_order", "story_facts"]

FACT_WORDS = 2  # a story's facts fill twice its summary's word cap: enough to choose from, a short prompt


@dataclass(frozen=True)
class Fact:
    """A central source sentence, its weight (centrality times the articles that report it) and its place."""

    text: str
    weight: float
    reported_by: int
    position: float = 0.0  # where the sentence sits in its article: 0 the lead, 1 the last


def story_facts(check: SupportCheck, words: WordRange) -> list[Fact]:
    """The story's top facts, heaviest first: central, non-redundant source sentences up to FACT_WORDS times the
    word cap."""
    facts, total = [], 0
    for sentence, centrality, position in central_sentences([d.text for d in check.documents]):
        if total >= FACT_WORDS * words.most:
            break
        reported = max(1, len(check.reporting(sentence)))
        facts.append(Fact(sentence, centrality * reported, reported, position))
        total += word_count(sentence)
    return sorted(facts, key=lambda fact: -fact.weight)


def news_order(facts: Sequence[Fact]) -> list[Fact]:
    """The facts as a news story tells them: what the articles lead with first, then details and background;
    of facts in the same place, the heavier first."""
    return sorted(facts, key=lambda fact: (round(fact.position, 2), -fact.weight))


def fact_list(facts: Sequence[Fact]) -> str:
    """The facts as the model reads them: one numbered line each.

    >>> fact_list([Fact("The dam cracked.", 2.0, 2), Fact("Crews left.", 1.0, 1)])
    '1. The dam cracked.\\n2. Crews left.'
    """
    return "\n".join(f"{i}. {fact.text}" for i, fact in enumerate(facts, 1))
