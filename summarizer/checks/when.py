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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from summarizer.dates import WEEKDAYS, ParsedDate, article_date, dates_in_text, parse_article_date, same_day_words
from summarizer.documents import Document

__all__ = ["ArticleDays", "SentenceDate"]

_SAME_WEEK = timedelta(days=6)  # articles written further apart than this tell a story over time
_WEEKDAYS = frozenset(day.lower() for day in WEEKDAYS)


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

    def __init__(self, documents: Sequence[Document], today: date | None = None) -> None:
        self._documents = {document.id: document for document in documents}
        self._today = today or datetime.now(UTC).date()  # dates are read as of today, as the timeline's are
        self._days: dict[str, ParsedDate] = {}

    def same_event(self, sentence: str, supporting: Sequence[tuple[str, str]]) -> list[str]:
        """Ids of the articles of ``supporting`` ((article id, supporting sentence), best first) that may report
        the same event: all of them, less those that put a day the summary sentence names on other dates than
        the reference does: the first article with a given date that dates one, else the first with an
        estimated date (which may rest on a background date)."""
        ids = list(dict.fromkeys(document_id for document_id, _ in supporting))
        if len(ids) < 2:  # most sentences: one reporter, nothing to tell apart (and no dates to read)
            return ids
        named = _named_days(sentence)
        if not named:
            return ids
        told = {document_id: _by_day(self._told(document_id, [text for i, text in supporting if i == document_id],
                                                named)) for document_id in ids}
        dated = [document_id for document_id in ids if told[document_id]]
        if not dated:
            return ids
        first = told[min(dated, key=lambda document_id: self._day(document_id).estimated)]
        return [i for i in ids if not any(told[i][day].isdisjoint(first[day]) for day in told[i].keys() & first)]

    def dates(self, sentence: str, reporters: Sequence[tuple[str, str]]) -> tuple[SentenceDate, ...]:
        """The dates of the days ``sentence`` names (weekdays and months with days; not dates written in full,
        which need none, nor spans such as "last week"), each from the first of ``reporters`` ((article id,
        supporting sentence), best first; those with given dates before those with estimated ones) whose
        sentence names that day, written the same way if one does ("Friday", not "last Friday"). A sentence
        that names no day, in a story whose given article dates lie more than six days apart, gets the date of
        its first reporter with a given date (``text`` ""): not an estimated one, which rests on the latest full
        date the article writes, and that may be background (a 2015 article on a 1996 murder was "reported
        1996-12-26")."""
        written = dates_in_text(sentence, None)
        days = _named_days(sentence)
        found = [each for each in written if each.how != "full date" and same_day_words(each.text) in days]
        ordered = sorted(reporters, key=lambda reporter: self._day(reporter[0]).estimated) if found else []
        result = []
        for each in found:
            for document_id, text in ordered:
                if told := self._told(document_id, [text], {same_day_words(each.text)}):
                    exact = [day for _, written, day in told if written.lower() == each.text.lower()]
                    day = min(exact or [day for _, _, day in told])
                    result.append(SentenceDate(each.text, day.isoformat(), document_id,
                                               self._day(document_id).estimated))
                    break
        if not written and self._over_time:
            given = next((i for i, _ in reporters if self._day(i).value and not self._day(i).estimated), None)
            if given is not None:
                result.append(SentenceDate("", str(self._day(given).value), given))
        return tuple(result)

    def _told(self, document_id: str, texts: list[str], named: set[str]) -> list[tuple[str, str, date]]:
        """(day, as written, date) for each day of ``named`` (``same_day_words``) the article's sentences name,
        dated against its date (none without one)."""
        base = self._day(document_id).value
        if base is None:
            return []
        return [(day, found.text, found.value) for text in texts for found in dates_in_text(text, base)
                if found.value and found.how != "full date" and (day := same_day_words(found.text)) in named]

    @cached_property
    def _over_time(self) -> bool:
        """Whether the story's given article dates lie more than six days apart (read as given, once: estimating
        the others from their text would only be thrown away)."""
        given = [parse_article_date(document.date, self._today).value for document in self._documents.values()]
        known = [day for day in given if day]
        return bool(known) and max(known) - min(known) > _SAME_WEEK

    def _day(self, document_id: str) -> ParsedDate:
        if document_id not in self._days:
            document = self._documents[document_id]
            self._days[document_id] = article_date(document.date, document.text, self._today)
        return self._days[document_id]


def _named_days(sentence: str) -> set[str]:
    """The days a sentence names, as ``same_day_words`` writes them: weekdays ("friday") and months with days
    ("10-07"); not dates written in full, which need no article's date, nor spans ("last week")."""
    days = {same_day_words(found.text) for found in dates_in_text(sentence, None) if found.how != "full date"}
    return {day for day in days if day in _WEEKDAYS or re.fullmatch(r"\d\d-\d\d", day)}


def _by_day(told: list[tuple[str, str, date]]) -> dict[str, set[date]]:
    """The dates an article gives each day it names."""
    days: dict[str, set[date]] = {}
    for day, _, value in told:
        days.setdefault(day, set()).add(value)
    return days
