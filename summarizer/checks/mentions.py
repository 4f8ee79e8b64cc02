"""Mentions: the figures and names a text states, found and normalised so that texts can be compared.

"9,200", "9200" and "9.2 thousand" are one figure; "U.S." and "US" one name; "Blinken's" is "Blinken".
Rule-based on purpose: fast, predictable, no model to install, and each rule testable on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from summarizer.text import STOP_WORDS, strip_possessive, tokens

__all__ = [
    "CALENDAR", "COMMON", "JOINERS", "NAME_RUN", "ORDINARY", "TITLES", "entities", "in_order", "normalise",
    "numbers", "wordset",
]


def wordset(text: str) -> frozenset[str]:
    """A word list written as one string, as a set."""
    return frozenset(text.split())


def wordset_list(text: str) -> list[str]:
    """A word list written as one string, in order."""
    return text.split()


_SPELLED = {word: n for n, word in enumerate(wordset_list("""zero one two three four five six seven eight nine
ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"""))} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12}
del _SPELLED["zero"]  # "zero" is rarely a figure a summary could get wrong
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# A digit group ("9,200", "9.2", "105", "7th") or a spelled number, then an optional scale word.
# Not inside a token: "F-16", "COVID-19" and "3.5.1" are names, not figures.
_NUMBER = re.compile(
    r"(?<![\w.\-/])(?:(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:st|nd|rd|th)?|(" + "|".join(_SPELLED) + r"))"
    r"(?![\w\-/]|\.\d)(?:\s*(%|percent\b|per cent\b))?(?:\s+(" + "|".join(_SCALES) + r")\b)?",
    re.IGNORECASE,
)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "May" is left out: as a word it is mostly the modal verb.
_MONTHS = tuple(wordset_list("january february march april june july august september october november "
                             "december"))
CALENDAR = frozenset(_DAYS + _MONTHS)
# Capitalised words, joined by "of"/"de"/"al"/"bin" inside a name ("Bank of England"), and initials.
_CAP = r"(?:[A-Z][\w’'.&-]*|[A-Z]\.)"
NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:of|de|da|al|bin|von|van|the|for)\s+)?{_CAP})*")
# Words that start a sentence or a name without being one; titles are dropped before names are compared.
COMMON = wordset("""a an the this that these those it its he she they we i you his her their our my
in on at of for to from by with after before as but and or if when while since during despite under over
about according also however meanwhile moreover still then there here what who which where why how
mr mrs ms dr prof sen rep gov gen president secretary minister prime chief judge officer officials
spokesman spokeswoman spokesperson director ceo chairman leader king queen prince pope senator
ambassador governor mayor general captain sir lord lady st saint""")
# Ordinary words: the few that open news sentences as a name would not, plus the stop words.
ORDINARY = COMMON | STOP_WORDS
_OPENERS = ".!?:;\"“‘'(—–-"
JOINERS = frozenset(("of", "de", "da", "al", "bin", "von", "van", "the", "for"))
TITLES = wordset("""mr mrs ms dr prof sen rep gov gen president secretary minister prime chief judge
spokesman spokeswoman spokesperson director ceo chairman leader king queen prince pope senator ambassador
governor mayor general captain sir lord lady state foreign defense defence vice deputy former""")


def numbers(text: str) -> list[tuple[str, float, int]]:
    """Each figure in text as (as written, value, character offset): "9.2 million" -> 9200000.0.

    >>> text = "About 9,200 people; 9.2 million dollars; three ships, 7%."
    >>> [(raw, value) for raw, value, _ in numbers(text)]
    [('9,200', 9200.0), ('9.2 million', 9200000.0), ('three', 3.0), ('7%', 7.0)]
    """
    found = []
    for match in _NUMBER.finditer(text):
        digits, spelled, _percent, scale = match.groups()
        value = float(digits.replace(",", "")) if digits else float(_SPELLED[spelled.lower()])
        if scale:
            value *= _SCALES[scale.lower()]
        found.append((match.group(0), round(value, 6), match.start()))
    return found


def entities(text: str, common: Iterable[str] = ()) -> list[tuple[str, int]]:
    """Capitalised names in text as (as written, offset); words that open a sentence are left out.

    A lone capitalised word opening a sentence ("Officials", "Either") is taken as an ordinary word, and so
    is the first word of a longer run when it is a common word. ``common``: lower-case words counted as
    ordinary (the words the articles write in lower case).

    >>> text = "Officials said Jane Roe met U.S. envoys in New York's port on Friday."
    >>> [name for name, _ in entities(text)]
    ['Jane Roe', 'U.S.', 'New York']
    """
    ordinary = ORDINARY | frozenset(common)
    found = []
    for match in NAME_RUN.finditer(text):
        words = [
            (word.group(0), match.start() + word.start()) for word in re.finditer(r"\S+", match.group(0))
        ]
        for part in _split_possessive(words):
            before = text[: part[0][1]].rstrip()
            opening = not before or before[-1] in _OPENERS
            first = _key(part[0][0])
            if opening and (len(part) == 1 or _ordinary(part[0][0], ordinary) or first.endswith("ly")):
                part = part[1:]
            # Leading ordinary words and joiners, trailing dates and lower-case joiners are not the name.
            while part and (
                _ordinary(part[0][0], ORDINARY) or _key(part[0][0]) in CALENDAR or part[0][0] in JOINERS
            ):
                part = part[1:]
            while part and (_key(part[-1][0]) in CALENDAR or part[-1][0].islower()):
                part = part[:-1]
            if part:
                name = strip_possessive(" ".join(word for word, _ in part))
                # A sentence's final period is not part of the name; an initialism's is ("U.S.").
                found.append(
                    (name if re.search(r"(?:^|\s|\.)[A-Z]\.$", name) else name.rstrip("."), part[0][1])
                )
    return found


def _ordinary(word: str, ordinary: frozenset[str]) -> bool:
    """Whether a capitalised word is an ordinary word; initialisms ("U.S.", "WHO") never are."""
    return sum(char.isupper() for char in word) < 2 and _key(word) in ordinary


def _split_possessive(words: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A run broken after a possessive: "European Space Agency's GOCE" names two things."""
    parts: list[list[tuple[str, int]]] = [[]]
    for word in words:
        parts[-1].append(word)
        if strip_possessive(word[0]) != word[0]:
            parts.append([])
    return [part for part in parts if part]


def normalise(text: str) -> str:
    """Lower-case words, "U.S." -> "us", possessives and punctuation dropped, figures without commas."""
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # U.S. -> US.
    text = re.sub(r"(?<=\w)['’]s\b|(?<=s)['’](?=\s|$)", "", text)
    return " ".join(tokens(text))


def _key(word: str) -> str:
    return normalise(word)


def in_order(words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether words appear in run in order, gaps allowed: "antony blinken" in "antony j blinken"."""
    position = 0
    for word in run:
        if position < len(words) and word == words[position]:
            position += 1
    return position == len(words)
