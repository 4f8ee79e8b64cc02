"""A story's dated timeline: the events its articles report, each with its date and the articles that report it.

An event is a sentence that states a date ("arrived in Israel on Friday", "On March 21, 2024, Israelis ..."),
dated by ``summarizer.dates`` against its article's publication date, or an article's lead sentence, dated
by the article itself when it writes no date of its own. A long sentence is cut to the clause around its
date. The same event told by several articles (the same date, similar words) is one event with all of
them as sources. The events reported by the most articles are kept, then those that spread the timeline
widest; the rest are counted in ``left_out``, never dropped silently.

With publication dates, every written date resolves (relative ones such as "on Friday" or "two days ago"
against the article's date) and the whole timeline is in date order. Without them, only dates written with
a year ("March 21, 2024") can be placed in time: "October 7", "on Friday" or "yesterday" keep their written
label, and, like the lead sentences, follow the dated events in the order of their articles and sentences
(``dated_by == "position"``): the timeline cannot tell which of two undated articles' Fridays came first.
An article without a usable date that writes a full date gets an estimated one (``dates.article_date``:
"On March 21, 2024, ..." and "arrived on Friday" date it Friday, March 22, 2024); what is dated by that
estimate says so (``dated_by == "estimate"``), and a note gives what the estimate rests on.
An article date that cannot be used (unparseable, in the future) is left out with a note saying so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from summarizer.dates import article_date, dates_in_text
from summarizer.documents import Document
from summarizer.results import StorySummary, TimelineEvent
from summarizer.text import STOP_WORDS, split_sentences, strip_possessive, tokens

__all__ = ["LIMIT", "Timeline", "story_timeline", "with_timeline"]

LIMIT = 10  # events shown: enough for the turns of a story, few enough to read at a glance
# Content-word overlap (of five-letter word stems) at or above which two sentences on one date report one event.
# On the dated seed articles, three outlets' accounts of one visit overlap 0.30-0.36 and two accounts of the
# October 7 attack 0.22; different events of one day 0.18 at most (talks in Egypt and a news conference there).
_SAME_EVENT = 0.2
_MAX_WORDS = 25  # an event's text is cut to its clause, then to this many words, when longer
_LEAD_WORDS = 5  # words before a lead sentence's first date for that opening to be an event of its own
# Where a clause starts or ends: punctuation, or a word that opens a subordinate clause.
_EDGE = re.compile(r"(?<!\d),|,(?!\d)|[;:()]|\s[—–-]\s|\b(?:who|which|when|while|whereas|because|although)\b")
# The end of a quotation: a date after it belongs to who said it ('... achieve it," Blinken said on Tuesday').
_QUOTE_END = re.compile(r"[,.!?][\"”]\s+")
# A clause that starts with one of these sets the time or the source, and says what happened in the next.
_ADVERBIAL = re.compile(r"\s*(?:on|in|at|until|till|since|by|after|before|during|from|according|through)\b", re.I)
_SUBORDINATE = re.compile(r"(?:who|which|when|while|whereas|because|although)$")
# In a subordinate clause, the main clause resumes at its verb: "when hostilities began on October 7 | will ..."
_MAIN_VERB = re.compile(r"\s(?=(?:will|would|was|were|is|are|has|have|had|can|could|should|must)\b)")
_DATE_WORDS = frozenset(str.split("""monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct
nov dec yesterday today tonight tomorrow last next this week weeks day days ago""")) | STOP_WORDS


@dataclass(frozen=True)
class Timeline:
    """A story's timeline: its events in order, how many were left out, and notes on unusable article dates."""

    events: tuple[TimelineEvent, ...]
    left_out: int = 0
    notes: tuple[str, ...] = ()


@dataclass
class _Event:
    """An event while the timeline is built: mutable, since more articles may join it."""

    value: date | None
    label: str
    text: str
    dated_by: str
    position: tuple[int, int]  # (article, sentence) of its first report: the order of undated events
    words: frozenset[str]
    document_ids: list[str] = field(default_factory=list)

    def frozen(self) -> TimelineEvent:
        return TimelineEvent(self.value.isoformat() if self.value else "", self.label, self.text,
                             tuple(self.document_ids), self.dated_by)


def story_timeline(documents: Sequence[Document], *, today: date | None = None, limit: int = LIMIT) -> Timeline:
    """The dated events a story's articles report, in time order, with the articles that report each.

    Args:
        documents: the story's articles, in input order (the order undated events keep).
        today: publication dates after this are not used (default: today, UTC).
        limit: at most this many events; those reported by most articles first, then those furthest apart
            in time. ``Timeline.left_out`` counts the others.

    Returns:
        A ``Timeline``: events ordered by date, undated ones after them by their article's position.

    >>> from summarizer.documents import Document
    >>> a = Document(id="a", title="Visit", text="The minister arrived in Lowmoor on Friday.", source="-",
    ...              date="2024-03-22")
    >>> b = Document(id="b", title="Visit", text="On Thursday the minister was in Portmere. "
    ...              "The minister arrived in Lowmoor on Friday, officials said.", source="-", date="2024-03-22")
    >>> [(e.date, e.label, e.document_ids) for e in story_timeline([a, b]).events]
    [('2024-03-21', 'Thursday', ('b',)), ('2024-03-22', 'Friday', ('a', 'b'))]
    """
    today = today or datetime.now(UTC).date()
    events: dict[object, list[_Event]] = {}  # what may be one event: the same date (undated: article and label)
    notes = []
    for number, document in enumerate(documents):
        day = article_date(document.date, document.text, today)
        if day.estimated:
            notes.append(f"{document.id}: {day.note}")
        elif day.value is None and document.date and document.date.strip():
            notes.append(f"{document.id}: {day.note}, so the timeline places its events by the article's position")
        for found in _article_events(document, number, day.value, day.estimated):
            _add(events.setdefault(found.value or (number, found.label.lower()), []), found, document.id)
    everything = [event for same_day in events.values() for event in same_day]
    kept = _choose(everything, limit)
    kept.sort(key=lambda e: (e.value is None, e.value or date.min, e.position))
    return Timeline(tuple(e.frozen() for e in kept), len(everything) - len(kept), tuple(notes))


def with_timeline(story: StorySummary, *, today: date | None = None) -> StorySummary:
    """The story with its timeline, how many events it left out, and any note on its articles' dates."""
    timeline = story_timeline(story.documents, today=today)
    return replace(story, timeline=timeline.events, timeline_left_out=timeline.left_out,
                   notes=story.notes + timeline.notes)


def _article_events(document: Document, number: int, base: date | None, estimated: bool) -> list[_Event]:
    """One article's events: one per date written in a sentence, and its lead sentence when that is needed.

    The lead tells the article's news, on the article's date: it is an event of its own unless it writes a
    date in its opening, or (with a publication date) another sentence already tells of that day. When the
    article's date is ``estimated``, what is dated by it (the lead, weekdays, days without a year) says so.
    """
    found: list[_Event] = []
    lead = None
    for index, sentence in enumerate(split_sentences(document.text)):
        dates = dates_in_text(sentence, base)
        if index == 0:
            opening = _opening(sentence, dates[0].span if dates else None)
            by = ("estimate" if estimated else "article date") if base else "position"
            lead = _event(base, "", opening, by, (number, 0)) if opening else None
        texts = set()
        for written in dates:
            text = _clause(sentence, written.span)
            if text not in texts:  # two dates in one short sentence: one event, at the first
                texts.add(text)
                if not written.value:
                    by = "position"
                else:
                    by = "estimate" if estimated and written.how != "full date" else "text"
                found.append(_event(written.value, written.text, text, by, (number, index)))
    if lead and not (base and any(event.value == base for event in found)):
        found.insert(0, lead)
    return found


def _event(value: date | None, label: str, text: str, dated_by: str, position: tuple[int, int]) -> _Event:
    words = frozenset(_fold(t) for t in tokens(text) if t not in _DATE_WORDS and not t.isdigit())
    return _Event(value, label, text, dated_by, position, words)


def _fold(word: str) -> str:
    """A word cut to its first five letters, possessive dropped: "attacked", "attacks", "Hamas’s" -> "attac",
    "attac", "hamas" (truncation stemming: crude, but two accounts of one event rarely share exact forms)."""
    return strip_possessive(word)[:5]


def _add(events: list[_Event], new: _Event, document_id: str) -> None:
    """Add an event to those of its date, or add the article to the same event already told (similar words).

    Undated events are compared only with those of their own article and label: without dates, two articles'
    "Friday" may be two different Fridays (the seeds tell of two visits to Israel, each "on Friday").
    """
    same = [e for e in events if _overlap(e.words, new.words) >= _SAME_EVENT]
    if not same:
        events.append(new)
        same = [new]
    event = max(same, key=lambda e: _overlap(e.words, new.words))
    if document_id not in event.document_ids:
        event.document_ids.append(document_id)
    if not event.label and new.label and new.value:  # a written date says more than the lead's
        event.label, event.text, event.dated_by, event.words = new.label, new.text, new.dated_by, new.words


def _overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """Jaccard overlap of two content-word sets (0 when either is empty)."""
    return len(first & second) / len(first | second) if first and second else 0.0


def _choose(events: list[_Event], limit: int) -> list[_Event]:
    """At most ``limit`` events: those reported by most articles first; among equals, each time the one furthest
    in time from those chosen, then (on a day already shown, or undated) one from the article least heard from
    so far, then the earliest reported."""
    if len(events) <= limit:
        return list(events)
    chosen: list[_Event] = []
    for support in sorted({len(e.document_ids) for e in events}, reverse=True):
        tier = sorted((e for e in events if len(e.document_ids) == support), key=lambda e: e.position)
        while tier and len(chosen) < limit:
            dates = [e.value for e in chosen if e.value]
            heard = Counter(document_id for e in chosen for document_id in e.document_ids)
            best = max(tier, key=lambda e: (_spread(e.value, dates), -min(heard[d] for d in e.document_ids),
                                            -tier.index(e)))
            chosen.append(best)
            tier.remove(best)
    return chosen


def _spread(value: date | None, dates: list[date]) -> float:
    """Days from ``value`` to the nearest chosen date: what a new event adds to the timeline's span. An undated
    event adds no span, as one on a day already shown does: between them, the article least heard from wins."""
    if value is None:
        return 0.0
    return float(min((abs((value - other).days) for other in dates), default=10**6))


def _opening(sentence: str, first_date: tuple[int, int] | None) -> str:
    """A lead sentence's own news: the whole sentence (cut if long), or the words before its first date's
    clause ("... Blinken visited Israel, urging ... the Oct. 7 attacks"); "" when the date is in its opening."""
    start = _bounds(sentence, first_date)[0] if first_date else len(sentence)
    if first_date and len(sentence[:start].split()) < _LEAD_WORDS:
        return ""
    return _cut(sentence, 0, start, 0, 0)


def _clause(sentence: str, span: tuple[int, int]) -> str:
    """The sentence, or when it is long the clause holding the date at ``span``, cut to ``_MAX_WORDS``."""
    if len(sentence.split()) <= _MAX_WORDS:
        quoted = [m.end() for m in _QUOTE_END.finditer(sentence, 0, span[0])]
        return _tidy(sentence[quoted[-1]:] if quoted else sentence)
    start, end = _bounds(sentence, span)
    return _cut(sentence, start, end, *span)


def _bounds(sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """Start and end of the clause holding ``span``. A clause that only sets the time ("On March 21, 2024,",
    "until this Friday, according to the army,") runs on into the next one, which tells what happened."""
    edges = [m for m in _EDGE.finditer(sentence) if not span[0] <= m.start() < span[1]]
    opener = max((m for m in edges if m.end() <= span[0]), key=lambda m: m.end(), default=None)
    start = opener.end() if opener else 0
    ends = [m.start() for m in edges if m.start() >= span[1]]
    if opener and _SUBORDINATE.match(opener[0]):
        ends += [m.start() for m in _MAIN_VERB.finditer(sentence, span[1])]
    ends = sorted(set(ends)) + [len(sentence)]
    end, piece = ends[0], sentence[start : span[0]] + " " + sentence[span[1] : ends[0]]
    for later in ends[1:]:
        if len(piece.split()) >= 3 and not _ADVERBIAL.match(piece):
            break
        piece = sentence[end:later].lstrip(" ,;:")
        end = later
    return start, end


def _cut(sentence: str, start: int, end: int, date_start: int, date_end: int) -> str:
    """``sentence[start:end]`` in at most ``_MAX_WORDS`` words, keeping the date: from the start when the date
    is near it, else the words leading up to the date; "…" where words were cut."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence[start:end])]
    if len(words) <= _MAX_WORDS:
        return _tidy(sentence[start:end])
    last = max((i for i, (a, _) in enumerate(words) if start + a < date_end), default=0)
    first = max(0, last + 1 - _MAX_WORDS)
    window = words[first : first + _MAX_WORDS]
    text = _tidy(sentence[start + window[0][0] : start + window[-1][1]])
    return ("… " if first else "") + text + (" …" if first + _MAX_WORDS < len(words) else "")


def _tidy(text: str) -> str:
    """A clause without the punctuation and spaces it was cut at."""
    return text.strip(" \t\"'“”‘’,;:—–-(").strip()
