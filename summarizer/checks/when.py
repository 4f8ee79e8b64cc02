"""When a summary sentence happened: the days it names placed by the articles that report it, and which articles
tell another day.

A story followed over weeks repeats itself: "Blinken arrived in Israel on Friday" is a different visit in an
article of November 2023 and in one of March 2024. The words support the sentence either way, so counting
reporters by words alone says "3 of 5 sources" for a visit two of them never reported, and the reader cannot
tell which Friday the summary means. Here each supporting sentence's days are resolved against its own
article's date (as given, else estimated from the dates the article writes: ``dates.article_date``):

* an article whose sentence puts the summary sentence's day on another date than the best-supporting dated
  article's is left out of those who report it (where dates are unknown nothing can be told apart, and the
  article still counts: this only removes reporters the dates prove wrong);
* each day the summary sentence names ("Friday", "October 7", "two days ago") gets the date its first dated
  reporter gives it (``SentenceDate``); in a story whose articles were given dates weeks apart, a sentence
  that names no day gets the date of the first such article that reports it, so the reader knows which turn
  of the story it tells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.dates import ParsedDate, article_date, dates_in_text, same_day_words
from summarizer.documents import Document

__all__ = ["ArticleDays", "SentenceDate"]

_SAME_WEEK = timedelta(days=6)  # articles written further apart than this tell a story over time


@dataclass(frozen=True)
class SentenceDate:
    """A day a summary sentence names, placed in time: ``text`` as written ("Friday"; "" for the date its
    report was written, when it names none), ``date`` ISO, ``document_id`` the article whose date placed it,
    ``estimated`` when that article's date was estimated from the dates it writes."""

    text: str
    date: str
    document_id: str
    estimated: bool = False


class ArticleDays:
    """The story's article dates, found on first use; which supporting articles tell another day; and the dates
    of the days a summary sentence names.

    >>> a = Document(id="a", title="-", text="The minister arrived on Friday.", source="-", date="2023-11-03")
    >>> b = Document(id="b", title="-", text="The minister arrived on Friday.", source="-", date="2024-03-22")
    >>> c = Document(id="c", title="-", text="The minister arrived on Friday.", source="-")
    >>> days = ArticleDays([a, b, c])
    >>> supporting = [("c", "The minister arrived on Friday."), ("a", "The minister arrived on Friday."),
    ...               ("b", "The minister arrived on Friday.")]
    >>> days.same_event("The minister arrived on Friday.", supporting)
    ['c', 'a']
    >>> days.dates("The minister arrived on Friday.", supporting[:2])
    (SentenceDate(text='Friday', date='2023-11-03', document_id='a', estimated=False),)
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = {document.id: document for document in documents}
        self._days: dict[str, ParsedDate] = {}

    def same_event(self, sentence: str, supporting: Sequence[tuple[str, str]]) -> list[str]:
        """Ids of the articles of ``supporting`` ((article id, supporting sentence), best first) that may report
        the same event: all of them, less those whose sentences put a day the summary sentence names on other
        dates than the first dated article that gives that day a date does."""
        ids = list(dict.fromkeys(document_id for document_id, _ in supporting))
        if len(ids) < 2:  # most sentences: one reporter, nothing to tell apart (and no dates to read)
            return ids
        named = {same_day_words(found.text) for found in dates_in_text(sentence, None) if found.how != "full date"}
        if not named:
            return ids
        told = {document_id: self._told(document_id, [text for i, text in supporting if i == document_id], named)
                for document_id in ids}
        first = next((days for days in told.values() if days), set())
        return [i for i in ids if not (first and told[i]) or told[i] & first]

    def dates(self, sentence: str, reporters: Sequence[tuple[str, str]]) -> tuple[SentenceDate, ...]:
        """The dates of the days ``sentence`` names (not those written in full, which need none), each from the
        first of ``reporters`` ((article id, supporting sentence), best first) whose sentence names that day
        and whose article has a date. A sentence that names no day, in a story whose given article dates lie
        more than six days apart, gets the date of its first reporter with a given date (``text`` ""): not an
        estimated one, which rests on the latest full date the article writes, and that may be background (a
        2015 article on a 1996 murder was "reported 1996-12-26")."""
        found = [each for each in dates_in_text(sentence, None) if each.how != "full date"]
        result = []
        for each in found:
            for document_id, text in reporters:
                if days := self._told(document_id, [text], {same_day_words(each.text)}):
                    estimated = self._day(document_id).estimated
                    result.append(SentenceDate(each.text, min(days).isoformat(), document_id, estimated))
                    break
        if not found and self._over_time():
            given = next((i for i, _ in reporters if self._day(i).value and not self._day(i).estimated), None)
            if given:
                result.append(SentenceDate("", str(self._day(given).value), given))
        return tuple(result)

    def _told(self, document_id: str, texts: list[str], named: set[str]) -> set[date]:
        """The dates the article's sentences give the days ``named`` (``same_day_words``), against its date
        (none without one)."""
        base = self._day(document_id).value
        if base is None:
            return set()
        return {found.value for text in texts for found in dates_in_text(text, base)
                if found.value and found.how != "full date" and same_day_words(found.text) in named}

    def _over_time(self) -> bool:
        """Whether the story's given article dates lie more than six days apart."""
        known = [day.value for day in map(self._day, self._documents) if day.value and not day.estimated]
        return bool(known) and max(known) - min(known) > _SAME_WEEK

    def _day(self, document_id: str) -> ParsedDate:
        if document_id not in self._days:
            document = self._documents[document_id]
            self._days[document_id] = article_date(document.date, document.text, None)
        return self._days[document_id]
