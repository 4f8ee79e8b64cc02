"""Dates, in one place: an article's publication date as given, and the dates written in its sentences.

Publication dates arrive as strings in many forms (a JSONL ``date``, an HTML page's metadata, an RSS feed):
``parse_article_date`` reads them strictly, or says why it could not. Dates in the text ("March 21, 2024",
"October 7", "on Friday", "two days ago") are found by ``dates_in_text`` with explicit English patterns,
then each span is read by ``dateparser`` against the article's date (dateparser's own ``search_dates`` is
slow and finds dates in ordinary words such as "may" or "second").

How a date without a year or a bare weekday is resolved against the article's date (the *base*):

* future tense near it ("will", "plans to", "is expected to", "is set to", ...) -> the first such day **on or
  after** the base ("will meet him on Friday", "plans to visit this Friday");
* otherwise (news reports what happened) -> the last such day **on or before** the base ("arrived on
  Friday" in an article of Friday means that Friday);
* "last Tuesday", "next Friday", "yesterday", "two days ago", "last week" count from the base as written;
* a weekday with its day of the month ("last Tuesday, the 31st") -> that day of the month on or before the
  base (after it in future tense), when it falls on that weekday; else the weekday alone is read.

Without a base, only dates written in full (with a year) have a value; the rest keep their written label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache

from summarizer.text import split_sentences

__all__ = ["FUTURE_SLACK", "WEEKDAYS", "ParsedDate", "TextDate", "article_date", "dates_in_text",
           "estimate_article_date", "parse_article_date", "same_day_words"]

# A date just past midnight in a time zone ahead of UTC is "tomorrow" here: one day is not the future yet.
FUTURE_SLACK = timedelta(days=1)
# Languages a publication date may be written in; naming them keeps dateparser fast (it tries ~200 otherwise,
# a second for a string that is no date at all).
_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl", "tr", "ar", "zh"]
_ARTICLE_SETTINGS = {
    "STRICT_PARSING": True,  # day, month and year all written: never a guessed day or year
    "PARSERS": ["custom-formats", "absolute-time"],  # no timestamps, no "yesterday" (relative to when?)
    "TIMEZONE": "UTC",  # a date given without a zone is taken as UTC, not as this machine's zone
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.,]+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_RFC_2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})")


@dataclass(frozen=True)
class ParsedDate:
    """A publication date read from what was given: ``value``, or None and ``note`` saying why; ``estimated``
    when the value was estimated from the article's text instead (the note then says from what)."""

    value: date | None
    note: str = ""
    estimated: bool = False


def parse_article_date(text: str | None, today: date | None) -> ParsedDate:
    """An article's publication date, strictly: ISO dates and datetimes, RFC 2822 (RSS) and written dates.

    Args:
        text: the date as given (``Document.date``), or None.
        today: dates after this (plus ``FUTURE_SLACK``) are rejected as in the future; None checks nothing.

    Returns:
        ``ParsedDate(value, "")``; a datetime with a time zone gives its UTC date. When there is no date,
        ``value`` is None and ``note`` is "no date given", "unparseable date '...'" or "date ... is in the
        future". A lone number, an ambiguous 03/04/2024 or a date without a day or year is not guessed.

    >>> parse_article_date("2024-03-21T23:30:00-05:00", today=date(2024, 4, 1)).value
    datetime.date(2024, 3, 22)
    >>> parse_article_date("Fri, 22 Mar 2024 10:00:00 +0000", today=None).value
    datetime.date(2024, 3, 22)
    >>> parse_article_date("2031-01-01", today=date(2024, 4, 1)).note
    'date 2031-01-01 is in the future'
    """
    if text is None or not text.strip():
        return ParsedDate(None, "no date given")
    given = " ".join(text.split())
    shown = given if len(given) <= 40 else given[:39] + "…"
    value = _iso(given) or _rfc_2822(given)
    if value is None:
        numeric = _NUMERIC.fullmatch(given)
        if given.isdigit():
            return ParsedDate(None, f"unparseable date '{shown}' (a lone number is not read as a date)")
        if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
            return ParsedDate(None, f"ambiguous date '{shown}' (day and month could be either way round)")
        value = _written(given)
    if value is None:
        return ParsedDate(None, f"unparseable date '{shown}'")
    if today is not None and value > today + FUTURE_SLACK:
        return ParsedDate(None, f"date {value.isoformat()} is in the future")
    return ParsedDate(value)


def _iso(text: str) -> date | None:
    """An ISO 8601 date or datetime ("2024-03-22", "2024-03-22T10:00:00Z"), as its UTC date."""
    if not _ISO.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def _rfc_2822(text: str) -> date | None:
    """An RSS date ("Fri, 22 Mar 2024 10:00:00 +0000"), as its UTC date."""
    if not _RFC_2822.match(text):
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def _written(text: str) -> date | None:
    """A written date with day, month and year ("March 21, 2024", "21 mars 2024", "Mar 21 2024 10:00 EST")."""
    import dateparser  # imported on first use: about 0.1 s

    moment = dateparser.parse(text, languages=_LANGUAGES, settings=_ARTICLE_SETTINGS)
    return moment.astimezone(UTC).date() if moment else None


@dataclass(frozen=True)
class TextDate:
    """A date written in a sentence.

    ``text`` is as written, without a leading "on" ("Friday", "Oct. 7", "March 21, 2024"); ``span`` is where
    it is in the sentence; ``value`` is the day it names, or None when that needs the article's date and
    there is none; ``how`` says how it was resolved: "full date", "on or before the article date", "on or
    after the article date", "relative to the article date" or "no article date".
    """

    text: str
    span: tuple[int, int]
    value: date | None
    how: str


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # date.weekday() order
_WEEKDAY = f"(?:{'|'.join(WEEKDAYS)})"
_NUMBER_WORDS = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|[AO]ne|Two|Three)"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_DAY = re.compile(rf"(?:{_WEEKDAY},?\s+)?(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d+)(?:st|nd|rd|th)?"
                        rf"|(?:the\s+)?(?P<day_first>\d+)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month_after>{_MONTH})\.?)"
                        rf"(?:,?\s+(?P<year>{_YEAR}))?")
# "last Tuesday, the 31st": a weekday with its day of the month, written as an ordinal ("the 2 teams" is no date)
# and without a month after it ("the 31st of October" is read as a month and day).
_WEEKDAY_DAY = re.compile(rf"(?:(?:[Tt]his|[Ll]ast|[Pp]ast)\s+)?{_WEEKDAY},?\s+the\s+(?:3[01]|[12]\d|0?[1-9])"
                          rf"(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{_MONTH})")
# A weekday falls on a given date again within 11 years (28 for February 29): how far back to look for it.
_YEARS_BACK = 30
# A weekday an article names (in the past tense) is taken as at most this many days after its latest full date,
# else as the latest such day before it: a full date most often names the day of writing or the day before.
# Measured on three articles whose dates are known from elsewhere (docs/decisions.md, "Dating an article").
_NEAR = 1
_OTHER_WEEK = frozenset(("last", "next", "past", "coming"))  # "last Friday" is no day of the article's own week
# One alternation, tried in this order at each position: a weekday before a date belongs to that date. Written
# case by case ("[Ll]ast") rather than with (?i:...), which makes every position of every sentence slower.
_DATE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|\b(?:{_WEEKDAY},?\s+)?(?P<md>{_MONTH}\.?\s+{_DAY}(?:,?\s+(?P<md_year>{_YEAR}))?)\b(?![\d,]*\d)"
    rf"|\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<dm>{_DAY}\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+(?P<dm_year>{_YEAR})\b)?)"
    rf"|\b(?P<weekday_day>{_WEEKDAY_DAY.pattern})\b"
    rf"|\b(?P<weekday>(?:(?:[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|[Cc]oming)\s+)?{_WEEKDAY})\b"
    rf"|(?<!USA )\b(?P<relative>[Yy]esterday|[Tt]o(?:day|night|morrow)|(?:[Ll]ast|[Nn]ext)\s+week"
    rf"|{_NUMBER_WORDS}\s+(?:days?|weeks?)\s+ago)\b"
)
# Future tense near a date: it names a day to come ("will meet on Friday", "is expected to vote on May 2").
_FUTURE = re.compile(r"(?i)\b(?:will|shall|won['’]t|going to|plans? to|(?:is|are) to|upcoming"
                     r"|(?:set|due|expected|scheduled|slated) (?:to|for|on))\b|['’]ll\b")
# Where the words that give a date its tense stop: punctuation, or a new clause ("who arrived on Friday").
_CLAUSE_EDGE = re.compile(r"[,;:()—–]|\s-\s|\b(?:who|which|that|when|while|after|before|because|since)\b", re.I)
_TENSE_WORDS = 15  # words before a date that may carry its tense


def dates_in_text(sentence: str, base: date | None) -> list[TextDate]:
    """The dates written in a sentence, each resolved against the article's date ``base`` when needed.

    Finds dates written in full ("March 21, 2024", "2024-03-21"), month and day ("October 7", "Oct. 7th",
    "7 October"), weekdays ("on Friday", "this Friday", "last Tuesday", "Tuesday, the 31st") and relative
    days ("yesterday", "two days ago", "last week"), in English; see the module docstring for how each is
    resolved.

    >>> [(d.text, str(d.value)) for d in dates_in_text("He arrived on Friday, before May 2.", date(2023, 11, 3))]
    [('Friday', '2023-11-03'), ('May 2', '2023-05-02')]
    >>> [(d.text, d.value, d.how) for d in dates_in_text("She will fly there on Friday.", None)]
    [('Friday', None, 'no article date')]
    """
    found = []
    for match in _DATE.finditer(sentence):
        kind = match.lastgroup  # the outer group: "md", not "md_year"
        start, end = match.span()
        text = match[0]
        if kind in ("md", "dm") and not (match["md_year"] or match["dm_year"]):
            value, how = _against(_short(match[kind]), base, _future(sentence, start, end))
        elif kind in ("iso", "md", "dm"):
            value, how = _parse(_short(match[kind]), None, "past"), "full date"
        elif kind == "weekday_day":  # "last Tuesday, the 31st": the 31st on or before the base (after: future)
            future = _future(sentence, start, end)
            value = _day_of_month(int(re.findall(r"\d+", text)[-1]), base, future)
            if value and value.weekday() != _weekday(text):  # the weekday says it is another 31st: read the weekday
                value = _against(WEEKDAYS[_weekday(text)], base, future)[0]
            how = "on or after the article date" if future else "on or before the article date"
        elif kind == "weekday" and not re.match(r"(?i)this\s", text) and " " in text:
            modifier, day = text.lower().split()  # last/past -> before the base, next/coming -> after it
            spoken = ("last " if modifier in ("last", "past") else "next ") + day
            value, how = (_parse(spoken, base, "past"), "relative to the article date") if base else (None, "")
        elif kind == "weekday":
            value, how = _against(text.split()[-1], base, _future(sentence, start, end))
        else:
            spoken = "today" if text.lower() == "tonight" else text
            value, how = (_parse(spoken, base, "past"), "relative to the article date") if base else (None, "")
        found.append(TextDate(text, (start, end), value, how if value else "no article date"))
    return found


def article_date(given: str | None, text: str, today: date | None) -> ParsedDate:
    """An article's date: as given when usable (``parse_article_date``), else estimated from the dates its text
    writes (``estimate_article_date``), else None with the note saying why the given one was not used.

    >>> article_date(None, "On March 21, 2024, crowds prayed. He flew in on Friday.", None)
    ParsedDate(value=datetime.date(2024, 3, 22), note='no date given; taken as 2024-03-22, estimated from the \
dates it writes: March 21, 2024 and Friday after it', estimated=True)
    """
    parsed = parse_article_date(given, today)
    if parsed.value is not None:
        return parsed
    estimate = estimate_article_date(text, today)
    if estimate.value is None:
        return parsed
    return ParsedDate(estimate.value, f"{parsed.note}; taken as {estimate.value}, {estimate.note}", estimated=True)


def estimate_article_date(text: str, today: date | None) -> ParsedDate:
    """For an article given without a date: the day it was most likely written, from the dates it writes.

    The latest date written in full (with its year, not after ``today``) is a day the article already
    reports, so it was written on or after it, most often that day or the next. Each weekday it names in the
    past tense, without "last" or "next", is taken as the day after that date when it is that day's weekday
    ("On March 21, 2024, ..." (a Thursday) and "traveled to Israel on Friday" give March 22), or as any day
    of that week with "this" ("this Friday"), else as a day before it ("May 10, 2017" and "died on Tuesday"
    stay May 10): the estimate is the latest of these. Without a full date, a weekday given with its date
    ("Friday, October 7"; "since October 7 ... last Tuesday, the 31st") fixes the start instead
    (``_weekday_and_day``). An article that writes neither gets no estimate (its weekdays alone say nothing
    of the year or week).

    Returns:
        ``ParsedDate(value, note)``, the note saying what the estimate rests on; ``value`` None (and the note
        why) when the text writes no date to start from.

    >>> estimate_article_date("On March 21, 2024, crowds prayed. He flew in on Friday.", None).value
    datetime.date(2024, 3, 22)
    >>> estimate_article_date("Since October 7, and since Tuesday, the 31st, 24 soldiers have died until this "
    ...                       "Friday.", date(2026, 12, 7)).note
    'estimated from the dates it writes: October 7, Tuesday, the 31st (2023-10-31) and this Friday after it'
    >>> estimate_article_date("He flew in on Friday.", None).note
    'no date written in full, nor a weekday with its date, to estimate it from'
    """
    full: list[TextDate] = []
    weekdays: list[TextDate] = []
    month_days: list[TextDate] = []
    for sentence in split_sentences(text):
        for found in dates_in_text(sentence, None):
            words = found.text.split()
            if found.how == "full date" and found.value and (today is None or found.value <= today + FUTURE_SLACK):
                full.append(found)
            elif _month_day(found.text) or _WEEKDAY_DAY.fullmatch(found.text):
                month_days.append(found)
            elif (words[-1] in WEEKDAYS and words[0].lower() not in _OTHER_WEEK
                  and not _future(sentence, *found.span)):
                weekdays.append(found)
    if full:
        anchor = max(full, key=lambda found: found.value or date.min)
        assert anchor.value is not None
        value, since = anchor.value, anchor.text
    elif fixed := _weekday_and_day(month_days, today or datetime.now(UTC).date()):
        value, since = fixed
    else:
        return ParsedDate(None, "no date written in full, nor a weekday with its date, to estimate it from")
    start, after = value, ""
    for found in weekdays:
        offset = (WEEKDAYS.index(found.text.split()[-1]) - start.weekday()) % 7
        near = 6 if found.text.lower().startswith("this ") else _NEAR  # "this Friday": the article's own week
        day = start + timedelta(days=offset if offset <= near else offset - 7)
        if day > value and (today is None or day <= today + FUTURE_SLACK):
            value, after = day, found.text
    return ParsedDate(value, f"estimated from the dates it writes: {since}"
                             + (f" and {after} after it" if after else ""))


def _weekday_and_day(found: list[TextDate], today: date) -> tuple[date, str] | None:
    """The latest day, not after ``today``, that a weekday written with its day fixes, and what it rests on:
    a weekday with its month and day ("Friday, October 7"), or with its day of the month after the month and
    day the article last names before it ("since October 7 ... last Tuesday, the 31st": the next 31st after
    October 7, within two months). ``found`` is in the order the article writes them. A weekday and a date
    fall together only every few years, so for news read within a few years of its writing this is the day
    it names (read years later, it may name a later year that fits as well). None without such a date."""
    # (what it rests on, weekday, month, day, and the day of the month after it, 0 for the month and day itself)
    candidates: list[tuple[str, int, int, int, int]] = []
    named: tuple[str, int, int] | None = None  # the latest month and day written so far
    for each in found:
        if month_day := _month_day(each.text):
            named = (each.text, *month_day)
            if _weekday(each.text) >= 0:
                candidates.append((each.text, _weekday(each.text), *month_day, 0))
        elif named and _WEEKDAY_DAY.fullmatch(each.text):
            candidates.append((f"{named[0]}, {each.text}", _weekday(each.text), named[1], named[2],
                               int(re.findall(r"\d+", each.text)[-1])))
    best: tuple[date, str] | None = None
    for label, weekday, month, day, number in candidates:
        for year in range(today.year, today.year - _YEARS_BACK, -1):
            value = _next_day_of_month(year, month, day, number) if number else _date_or_none(year, month, day)
            if value and value <= today and value.weekday() == weekday:
                if best is None or value > best[0]:
                    best = (value, f"{label} ({value})")
                break
    return best


def _weekday(text: str) -> int:
    """The weekday a date's text names (``date.weekday()``: 0 for Monday), or -1 when it names none."""
    return next((number for number, day in enumerate(WEEKDAYS) if day in text), -1)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def same_day_words(text: str) -> str:
    """What names the day in a date's words, to match one day written two ways: its month and day ("Oct. 7th",
    "October 7" -> "10-07"), else its weekday ("this Friday", "Friday" -> "friday"), else the words ("today").

    >>> [same_day_words(text) for text in ("Oct. 7th", "Friday, October 7", "this Friday", "Two days ago")]
    ['10-07', '10-07', 'friday', 'two days ago']
    """
    if month_day := _month_day(text):
        return f"{month_day[0]:02d}-{month_day[1]:02d}"
    weekday = _weekday(text)
    return WEEKDAYS[weekday].lower() if weekday >= 0 else " ".join(text.lower().split())


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a date written without a year ("October 7", "Oct. 7th", "7 October"), else None."""
    match = _MONTH_DAY.fullmatch(text)
    if not match or match["year"]:
        return None
    name = (match["month"] or match["month_after"]).lower()
    month = next(i for i, start in enumerate(_MONTHS, 1) if name.startswith(start))
    return month, int(match["day"] or match["day_first"])


def _next_day_of_month(year: int, month: int, day: int, number: int) -> date | None:
    """The first date after ``year-month-day`` that is the ``number``-th of a month, within two months; None if
    that is not a date (February 30) or the start is not one."""
    start = _date_or_none(year, month, day)
    if start is None:
        return None
    for step in range(3):
        shifted = start.month - 1 + step
        value = _date_or_none(start.year + shifted // 12, shifted % 12 + 1, number)
        if value and value > start:
            return value
    return None


def _day_of_month(number: int, base: date | None, future: bool) -> date | None:
    """The ``number``-th of the month on or before ``base`` (on or after it when ``future``), within a year."""
    if base is None:
        return None
    for step in range(13):
        shifted = base.month - 1 + (step if future else -step)
        value = _date_or_none(base.year + shifted // 12, shifted % 12 + 1, number)
        if value and ((value >= base) if future else (value <= base)):
            return value
    return None


def _short(text: str) -> str:
    """A date as dateparser reads it best: "Oct. 7th" -> "Oct 7"."""
    return re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.replace(".", "")).replace(" of ", " ")


def _against(text: str, base: date | None, future: bool) -> tuple[date | None, str]:
    """A weekday or a month and day without a year, on or before the base (on or after it in future tense).

    dateparser's "past" is strictly before its base, so the base is moved a day to include the base itself.
    """
    if base is None:
        return None, ""
    if future:
        return _parse(text, base - timedelta(days=1), "future"), "on or after the article date"
    return _parse(text, base + timedelta(days=1), "past"), "on or before the article date"


def _future(sentence: str, start: int, end: int) -> bool:
    """Whether the words just before a date, back to its clause's start, are in future tense; or the three words
    after it, when the date opens its clause ("Netanyahu on Monday will meet ...")."""
    before = sentence[:start]
    edges = list(_CLAUSE_EDGE.finditer(before))
    words = (before[edges[-1].end():] if edges else before).split()[-_TENSE_WORDS:]
    if len(words) <= 2:
        words += re.split(r"[,;:.!?()—–]", sentence[end:], maxsplit=1)[0].split()[:3]
    return bool(_FUTURE.search(" ".join(words)))


@lru_cache(maxsize=4096)
def _parse(text: str, base: date | None, prefer: str) -> date | None:
    """One date span read by dateparser (English), counted from ``base``; the same span is read once."""
    import dateparser

    settings = {"PREFER_DATES_FROM": prefer, "PARSERS": ["relative-time", "absolute-time"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    moment = dateparser.parse(text, languages=["en"], settings=settings)
    return moment.date() if moment else None
