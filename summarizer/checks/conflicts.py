"""Conflicts: the same figure or date reported differently by different articles of a story.

Kept precise rather than exhaustive, since every conflict shown is a claim the reader will check:

* a count is compared only with counts of the same thing: the same noun after the number ("105
  hostages"), or the same kind of toll ("killed 9,000 people", "death toll exceeding 9,200");
* two counts are compared only when their sentences share a name (the story's subject, "Hamas") or
  neither names anything;
* values more than 1.5 times apart are taken as different figures (a toll at another time, another
  group), not one figure reported two ways; years, percentages, money and durations are not compared;
* a weekday or date is compared only for the same event: the same kind of verb ("arrived", "travelled",
  "visited" are one arrival) at the same place ("in Israel"). Articles whose publication dates are more
  than a week apart may describe different events (three visits in the seed articles), so their dates
  are not compared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from summarizer.checks.mentions import entities, numbers
from summarizer.dates import parse_article_date
from summarizer.documents import Document
from summarizer.text import STOP_WORDS, WORD, split_sentences, strip_possessive

__all__ = ["Conflict", "ConflictSide", "find_conflicts"]

_RATIO = 1.5  # values further apart than this are different figures, not one figure reported differently
_SMALLEST = 10  # "two ships" vs "three ships" is rarely a conflict worth showing; small counts are skipped
_DEATH = re.compile(r"(?i)\b(kill(?:ed|ing|s)?|dead|died|deaths?|death toll|toll|fatalities|lives)\b")
_SKIP_NOUNS = frozenset(
    str.split("""year years month months week weeks day days hour hours minute minutes second
seconds percent per cent dollars dollar euros pounds cents times time am pm of and or to in on at""")
)
_PEOPLE = frozenset(("people", "persons", "person", "civilians", "palestinians", "israelis", "residents"))
# "more than 9,000" and "exceeding 9,200" may both be right: the qualifier is shown with the value.
_QUALIFIER = re.compile(
    r"(?i)\b(more than|over|nearly|almost|about|around|at least|exceeding|some|up to|"
    r"fewer than|less than|roughly|approximately)\s*$"
)
_IRREGULAR = frozenset(("people", "children", "men", "women", "police", "staff", "personnel", "cattle"))
_DAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+\d{1,2})"
)
_EVENTS = {  # verb forms -> the event they describe
    "arrival": r"arriv\w*|land(?:ed|s)|travel+(?:ed|s|ing)?|visit(?:ed|s|ing)?|fl(?:ew|ies|ying)"
               r"|reach(?:ed|es)",
    "meeting": r"met|meets?|meeting|talks|held talks",
    "departure": r"left|leaves|depart\w*",
    "announcement": r"announc\w*|unveil\w*",
    "vote": r"vot(?:e|ed|es|ing)",
    "attack": r"attack(?:ed|s)?|struck|bomb(?:ed|ing)",
}
_EVENT = re.compile(
    r"\b(?P<verb>" + "|".join(f"(?P<{name}>{forms})" for name, forms in _EVENTS.items()) + r")\b"
    r"(?P<middle>[^.;!?]{0,60}?)\b(?:on|this|last|next|early|late)\s+(?P<day>" + _DAY + r")\b"
)
_PLACE = re.compile(r"\b(?:in|to|at)\s+((?:[A-Z][\w’'-]+\s?){1,3})")
# A word that may name what a count counts: it starts with a letter and keeps its hyphens ("ex-soldiers"), unlike
# text.WORD, since a figure or a word part after a count is not its noun.
_NOUN_WORD = re.compile(r"[A-Za-z][\w’'-]*")


@dataclass(frozen=True)
class ConflictSide:
    """One version of a conflicting figure: the value as written, the articles that report it, an excerpt."""

    value: str
    document_ids: tuple[str, ...]
    excerpt: str


@dataclass(frozen=True)
class Conflict:
    """A figure the story's articles report differently: what it is (``kind``) and each version."""

    kind: str
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True)
class _Mention:
    kind: str
    value: str
    number: float | str  # what is compared: the figure, or the weekday/date
    document_id: str
    excerpt: str
    names: frozenset[str] = frozenset()  # names in the sentence: two counts must share one to be compared


def find_conflicts(documents: Sequence[Document]) -> tuple[Conflict, ...]:
    """Figures (counts, tolls, dates of events) that different articles of a story report differently.

    Args:
        documents: the story's articles.

    Returns:
        One ``Conflict`` per kind of figure with two or more versions from different articles, each
        side listing the articles that report it and an excerpt; sides in order of first report.

    >>> from summarizer.documents import Document
    >>> a = Document(id="a", title="Flood", text="Officials said 212 people were evacuated.", source="pasted")
    >>> b = Document(id="b", title="Flood", text="Some 230 people were evacuated overnight.", source="pasted")
    >>> [(c.kind, [s.value for s in c.sides]) for c in find_conflicts([a, b])]
    [('number of people evacuated', ['212', 'some 230'])]
    """
    by_kind: dict[str, list[_Mention]] = defaultdict(list)
    for document in documents:
        for sentence in split_sentences(document.text):
            for mention in _counts(sentence, document.id) + _dates(sentence, document.id):
                by_kind[mention.kind].append(mention)
    # Only the days between articles matter here, so a date in the future counts as given.
    dated = {document.id: parse_article_date(document.date, today=None).value for document in documents}
    conflicts = []
    for kind, mentions in by_kind.items():
        sides = _sides(mentions, dated if not kind.startswith(("number", "death")) else {})
        if len(sides) > 1:
            conflicts.append(Conflict(kind, tuple(sides)))
    return tuple(conflicts)


def _sides(mentions: list[_Mention], dated: dict[str, date | None]) -> list[ConflictSide]:
    """The versions of one kind of figure that clash across articles (close values, different articles)."""
    groups: dict[float | str, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.number, []).append(mention)
    clashing = set()
    keys = list(groups)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            if not _close(first, second):
                continue
            pairs = [
                (a, b)
                for a in groups[first]
                for b in groups[second]
                if a.document_id != b.document_id
                and _same_time(dated.get(a.document_id), dated.get(b.document_id))
                and (isinstance(first, str) or a.names & b.names or not a.names | b.names)
            ]
            # An article that reports both values itself is telling two figures apart, not disagreeing.
            ids_first = {m.document_id for m in groups[first]}
            ids_second = {m.document_id for m in groups[second]}
            if pairs and not ids_first & ids_second:
                clashing.update((first, second))
    sides = []
    for key in keys:
        if key in clashing:
            found = groups[key]
            ids = tuple(dict.fromkeys(m.document_id for m in found))
            sides.append(ConflictSide(found[0].value, ids, found[0].excerpt))
    return sides


def _close(first: float | str, second: float | str) -> bool:
    """Whether two versions can be one figure reported two ways (dates always; counts within 1.5x)."""
    if isinstance(first, str) or isinstance(second, str):
        return isinstance(first, str) and isinstance(second, str)
    low, high = sorted((first, second))
    return low > 0 and high / low <= _RATIO


def _same_time(first: date | None, second: date | None) -> bool:
    return first is None or second is None or abs((first - second).days) <= 7


def _counts(sentence: str, document_id: str) -> list[_Mention]:
    """Counts in a sentence with what they count: "death toll" or "number of <noun> [<verb>]"."""
    found = []
    # The story's subject named in both sentences ("Hamas") is what makes two counts one figure.
    names = frozenset(
        word.lower() for name, _ in entities(sentence) for word in re.findall(r"[A-Z]\w+", name)
    )
    for raw, value, offset in numbers(sentence):
        end = offset + len(raw)
        before = sentence[max(0, offset - 40) : offset]
        after = sentence[end : end + 40]
        if (
            value < _SMALLEST
            or (1900 <= value <= 2100 and "," not in raw)
            or raw.endswith(("%", "cent"))
            or re.search(r"[$€£]\s*$|\b(?:US|USD)\s*$", before)
            or re.match(r"\s*(?:-|–|year|%)", after)
        ):
            continue
        noun, verb = _counted(after)
        if noun in _SKIP_NOUNS:
            continue
        following = [word.lower() for word in _NOUN_WORD.findall(after)[:3]]
        near = " ".join(WORD.findall(before)[-4:] + following[:3])
        if _DEATH.search(near) and (not noun or noun in _PEOPLE or _DEATH.match(noun)):
            kind = "death toll"
        elif noun:
            kind = f"number of {noun}" + (f" {verb}" if verb else "")
        else:
            continue
        qualifier = _QUALIFIER.search(before)
        shown = f"{qualifier.group(1).lower()} {raw}" if qualifier else raw
        found.append(_Mention(kind, shown, value, document_id, _excerpt(sentence, offset, end), names))
    return found


def _dates(sentence: str, document_id: str) -> list[_Mention]:
    """Weekdays or dates of events: "arrived in Israel on Friday" -> ("day of arrival in Israel", Friday)."""
    found = []
    for match in _EVENT.finditer(sentence):
        event = next(name for name in _EVENTS if match.group(name))
        place = _PLACE.search(match.group("middle")) or _PLACE.search(
            sentence[match.end() : match.end() + 30]
        )
        where = f" {place.group(1).strip()}" if place else ""
        if not where:
            where = f" {_bare_place(match.group('middle'))}".rstrip()
        day = " ".join(match.group("day").split())
        kind = f"day of {event}" + (f" in{where}" if where else "")
        found.append(
            _Mention(kind, day, day.lower(), document_id, _excerpt(sentence, match.start(), match.end()))
        )
    return found


def _bare_place(middle: str) -> str:
    """A capitalised name right after the verb ("visit Israel this Friday"), else ""."""
    match = re.match(r"\s*((?:[A-Z][\w’'-]+\s?){1,3})", middle)
    return match.group(1).strip() if match else ""


def _counted(after: str) -> tuple[str, str]:
    """What a count counts, and the verb after it: " Israeli soldiers were killed" -> soldiers, killed.

    The noun is the word right after the number, or the next one when that is capitalised (a demonym);
    a stop word, an -ing or -ly word there means the number counts nothing named.
    """
    words = _NOUN_WORD.findall(after)[:5]
    if len(words) > 1 and words[0][0].isupper() and words[1][0].islower():
        words = words[1:]
    if not words or not re.match(r"\s*(?:[A-Z][\w’'-]*\s+)?" + re.escape(words[0]), after):
        return "", ""
    noun = strip_possessive(words[0].lower())
    if noun in STOP_WORDS or noun.endswith(("ing", "ly")) or len(noun) < 3:
        return "", ""
    if not noun.endswith("s") and noun not in _IRREGULAR:
        noun += "s"  # "hostage" and "hostages" count the same thing
    rest = [word.lower() for word in words[1:4] if word.lower() not in ("were", "was", "have", "had", "been")]
    verb = rest[0] if rest and re.fullmatch(r"[a-z]+ed", rest[0]) else ""
    return noun, verb


def _excerpt(sentence: str, start: int, end: int, width: int = 60) -> str:
    """A short stretch of the sentence around a span, cut at word boundaries, with ellipses where cut."""
    left = max(0, start - width)
    right = min(len(sentence), end + width)
    if left > 0:
        left = sentence.find(" ", left) + 1 or left
    if right < len(sentence):
        right = sentence.rfind(" ", end, right) if sentence.rfind(" ", end, right) > end else right
    cut_left, cut_right = "…" if left > 0 else "", "…" if right < len(sentence) else ""
    return cut_left + sentence[left:right].strip() + cut_right

