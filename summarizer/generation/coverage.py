"""Never worse than copying: a written combined summary must cover the story's top facts at least as well as
the extractive summary of the same length would; the top facts it misses are added from their articles.

The story's facts are those of ``generation.facts``: its most central source sentences, redundancy removed,
each weighted by its centrality times the number of articles that report it. A summary covers a fact when most
of the fact's content (``COVERED``) is in the summary. When the written summary covers less weight than the
copied one, the missing facts are appended, best first, as their source sentences, within the word cap; the
notes say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.checks.attribution import SupportCheck, support_score
from summarizer.generation.facts import Fact, story_facts
from summarizer.generation.postprocess import restates
from summarizer.selection import extractive_summary
from summarizer.settings import WordRange
from summarizer.text import split_sentences, word_count

__all__ = ["COVERED", "at_least_copying", "coverage"]

COVERED = 0.5  # share of a fact's content words and pairs in the summary for the summary to cover it


def coverage(summary: str, facts: Sequence[Fact]) -> float:
    """The share of the facts' weight the summary covers, in [0, 1].

    >>> facts = [Fact("The dam on the Vell river cracked on Monday.", 2.0, 2), Fact("Crews left.", 1.0, 1)]
    >>> coverage("On Monday the dam on the Vell river cracked.", facts)
    0.667
    """
    total = sum(fact.weight for fact in facts)
    covered = sum(fact.weight for fact in facts if support_score(fact.text, summary) >= COVERED)
    return round(covered / total, 3) if total else 1.0


def at_least_copying(summary: str, check: SupportCheck, words: WordRange, subject: str) -> tuple[str, tuple[str, ...]]:
    """The summary, with the top facts it misses added when it covers less than copying would, and a note."""
    facts = story_facts(check, words)
    copied = extractive_summary([d.text for d in check.documents], words.most)
    written, copy = coverage(summary, facts), coverage(copied, facts)
    if written >= copy:
        return summary, ()
    added, restated, too_long = [], 0, 0
    room = words.most - word_count(summary)
    for fact in facts:
        if support_score(fact.text, summary) >= COVERED:
            continue
        if any(restates(fact.text, sentence) for sentence in split_sentences(summary)):
            restated += 1  # the summary tells it in other words (its figures may differ): adding it says it twice
            continue
        if word_count(fact.text) > room:
            too_long += 1
            continue
        added.append(fact.text)
        summary = f"{summary} {fact.text}".strip()
        room -= word_count(fact.text)
        if coverage(summary, facts) >= copy:
            break
    if not added:
        why = " and ".join(part for part in (
            f"{too_long} would not fit the word cap" if too_long else "",
            f"{restated} restate(s) a summary sentence in other words" if restated else "") if part)
        return summary, (f"{subject} covers {written:.0%} of the story's weighted top facts, copying its central "
                         f"sentences would cover {copy:.0%}, and no missing fact was added: {why}",)
    return summary, (f"{subject} covered {written:.0%} of the story's weighted top facts, less than copying its "
                     f"central sentences would ({copy:.0%}): {len(added)} top fact(s) were added from the articles "
                     f"(now {coverage(summary, facts):.0%})",)
