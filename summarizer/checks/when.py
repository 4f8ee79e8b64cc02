"""Same words, another day: articles that tell a sentence's weekday of another week report another event.

A story followed over weeks repeats itself: "Blinken arrived in Israel on Friday" is a different visit in an
article of November 2023 and in one of March 2024. The words support the sentence either way, so counting
reporters by words alone says "3 of 5 sources" for a visit two of them never reported. Here each
supporting sentence's weekday is resolved against its own article's date (as given, else estimated from the
dates the article writes: ``dates.article_date``); an article whose weekday falls on another day than the
best-supporting article's is left out of those who report it. Where either date is unknown nothing can be
told apart, and the article still counts: this only removes reporters the dates prove wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from summarizer.dates import WEEKDAYS, article_date, dates_in_text
from summarizer.documents import Document

__all__ = ["ArticleDays"]

_WEEKDAYS = frozenset(day.lower() for day in WEEKDAYS)


class ArticleDays:
    """The story's article dates, found on first use, and which supporting articles tell another day.

    >>> a = Document(id="a", title="-", text="The minister arrived on Friday.", source="-", date="2023-11-03")
    >>> b = Document(id="b", title="-", text="The minister arrived on Friday.", source="-", date="2024-03-22")
    >>> c = Document(id="c", title="-", text="The minister arrived on Friday.", source="-")
    >>> ArticleDays([a, b, c]).same_event("The minister arrived on Friday.",
    ...     [("a", "The minister arrived on Friday."), ("b", "The minister arrived on Friday."),
    ...      ("c", "The minister arrived on Friday.")])
    ['a', 'c']
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = {document.id: document for document in documents}
        self._days: dict[str, date | None] = {}

    def same_event(self, sentence: str, supporting: Sequence[tuple[str, str]]) -> list[str]:
        """Ids of the articles of ``supporting`` ((article id, supporting sentence), best first) that may report
        the same event as the first: all of them, less those whose sentences put the summary sentence's
        weekday on other days than the first article's do."""
        ids = list(dict.fromkeys(document_id for document_id, _ in supporting))
        if len(ids) < 2:  # most sentences: one reporter, nothing to tell apart (and no dates to read)
            return ids
        weekdays = {found.text.split()[-1].lower() for found in dates_in_text(sentence, None)} & _WEEKDAYS
        if not weekdays:
            return ids
        told = {document_id: self._told(document_id, [text for i, text in supporting if i == document_id],
                                         weekdays) for document_id in ids}
        first = told[ids[0]]
        return [i for i in ids if not (first and told[i]) or told[i] & first]

    def _told(self, document_id: str, texts: list[str], weekdays: set[str]) -> set[date]:
        """The days the article's sentences give those weekdays, against its date (none without one)."""
        base = self._day(document_id)
        if base is None:
            return set()
        return {found.value for text in texts for found in dates_in_text(text, base)
                if found.value and found.text.split()[-1].lower() in weekdays}

    def _day(self, document_id: str) -> date | None:
        if document_id not in self._days:
            document = self._documents[document_id]
            self._days[document_id] = article_date(document.date, document.text, None).value
        return self._days[document_id]
