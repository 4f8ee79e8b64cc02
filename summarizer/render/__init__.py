"""Results out: plain text, Markdown and HTML forms of a ``SummaryResult`` for the CLI, exports and the UI."""

from __future__ import annotations

from summarizer.checks.attribution import SummarySentence
from summarizer.results import StorySummary, TimelineEvent

__all__ = ["corroboration", "event_when", "sentence_when", "timeline_notes"]


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


def sentence_when(sentence: SummarySentence) -> str:
    """The dates of the days a summary sentence names ("Friday = 2023-11-03"), or of its report in a story told
    over weeks ("reported 2024-03-22"); "estimated" where the article's date was. "" when it has none.

    >>> from summarizer.checks.when import SentenceDate
    >>> sentence_when(SummarySentence("He came on Friday.", (), dates=(SentenceDate("Friday", "2023-11-03", "a"),
    ...                                                                  SentenceDate("", "2024-03-22", "b", True))))
    'Friday = 2023-11-03; reported 2024-03-22, estimated'
    """
    return "; ".join((f"{day.text} = {day.date}" if day.text else f"reported {day.date}")
                     + (", estimated" if day.estimated else "") for day in sentence.dates)


def event_when(event: TimelineEvent) -> str:
    """When a timeline event happened, as every renderer shows it: the date, then how the article wrote it.

    >>> event_when(TimelineEvent("2024-03-22", "Friday", "Blinken arrived.", ("a",), "text"))
    '2024-03-22 (Friday)'
    >>> event_when(TimelineEvent("2024-03-22", "Friday", "Blinken arrived.", ("a",), "estimate"))
    "2024-03-22 (Friday, estimated from the article's dates)"
    >>> event_when(TimelineEvent("", "", "Blinken arrived.", ("a",), "position"))
    'undated'
    """
    if not event.date:
        return f"undated ({event.label})" if event.label else "undated"
    if event.dated_by == "article date":
        return f"{event.date} (article date)"
    if event.dated_by == "estimate":
        return f"{event.date} ({event.label or 'article date'}, estimated from the article's dates)"
    return f"{event.date} ({event.label})" if event.label and event.label != event.date else event.date


def timeline_notes(story: StorySummary) -> list[str]:
    """What a reader should know under a story's timeline: undated events' order, and the events left out."""
    notes = []
    if any(not event.date for event in story.timeline):
        notes.append("Undated events follow the dated ones, in the order of their articles.")
    if story.timeline_left_out:
        count = story.timeline_left_out
        notes.append(f"{count} more event{'s' if count != 1 else ''} left out to keep it short "
                     "(those the fewest articles report).")
    return notes
