"""Results out: plain text, Markdown and HTML forms of a ``SummaryResult`` for the CLI, exports and the UI."""

from __future__ import annotations

from summarizer.checks.attribution import SummarySentence

__all__ = ["corroboration"]


def corroboration(sentence: SummarySentence, articles: int) -> str:
    """How many of the story's articles report a sentence ("3 of 5 sources"); "" for a one-article story or
    an unsupported sentence (its warning says more). A fact one outlet alone reports is marked as such.

    >>> corroboration(SummarySentence("The dam held.", (), reported_by=("d1",)), 3)
    'only 1 of 3 sources (d1)'
    """
    count = len(sentence.reported_by)
    if articles < 2 or not count:
        return ""
    if count == 1:
        return f"only 1 of {articles} sources ({sentence.reported_by[0]})"
    return f"{count} of {articles} sources"
