"""Words a summary may use: its articles' words and the words a dictionary knows; words run together are split.

A small model blocked from repeating itself word for word (``no_repeat_ngram_size``) gets round the ban by
running words together ("thepopulation", "inIsrael", "asreported") or garbling one ("Gazalo"); the repeated
sentence then slips past the restatement filter too. A word that neither the story's articles nor the
dictionary (``wordfreq``'s English list) know is such a defect: when it splits into two known words it is
repaired, otherwise its sentence is not kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer.documents import Document
from summarizer.text import LOOK_ALIKES, WORD, strip_possessive, words

__all__ = ["Wording", "frequency"]

_COMMON = 3.0  # Zipf frequency of a common English word ("press" 4.6, "population" 5.0)
_SHORT = 3  # a shorter unknown word is left alone (initials, "UN", "Mr")
# The short words a model runs into their neighbour ("thepopulation", "asreported", "pressfor"). Common typos
# such as "ofthe" are in the dictionary too, so a pair is split when the joined form is this much rarer
# (in Zipf units, a factor of ten each) than its rarer half, and is no ordinary word ("into", "island",
# "onset" are at or above _ORDINARY).
_JOINERS = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "for", "as", "and", "by", "from", "with",
                      "is", "was", "that", "this"})
_RARER = 1.0
# Three or more lower-case letters then two or more capitals to the end of a word: case broken mid-word
# ("designATED"). One or two lower-case letters first is how some names are written ("mRNA", "eBPF").
_CASE_BROKEN = re.compile(r"[a-z]{3,}[A-Z]{2,}$")
_ORDINARY = 3.5
# Digits spaced out, the same dodge for figures ("9, 4 0" for "9,400", "201 9" for "2019"): three figures in a
# row with only spaces or commas between them, or three digits then a lone one. Unknown unless an article
# writes the same ("scores of 3, 2, 1").
_SPLIT_FIGURE = re.compile(r"\b\d+(?:,? \d\b){2,}|\b\d{3} \d\b")
# Cyrillic letters inside a Latin word ("Blinkен": the model's tokens for "en" and "ен" lie close), read back
# as Latin by sound or, failing that, by shape (``text.LOOK_ALIKES``: "р" looks like "p").
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_BY_SOUND = str.maketrans("абвгдеёзийклмнопрстуфАБВГДЕЁЗИЙКЛМНОПРСТУФ", "abvgdeeziiklmnoprstufABVGDEEZIIKLMNOPRSTUF")


@lru_cache(maxsize=65536)
def frequency(word: str) -> float:
    """How common an English word is, on wordfreq's Zipf scale (0: unknown; "the" 7.7, "press" 4.6)."""
    from wordfreq import zipf_frequency  # loads its word list once, on first use

    return zipf_frequency(word, "en")


class Wording:
    """The words of one story's articles, to repair and check the words of its summaries.

    >>> from summarizer.documents import Document
    >>> wording = Wording([Document(id="d1", title="Gaza", text="The population of Gaza is in need.", source="-")])
    >>> wording.repair("Aid reached thepopulation inGaza.")
    'Aid reached the population in Gaza.'
    >>> Wording([Document(id="d2", title="-", text="Taylor Swift left.", source="-")]).repair("TaylorSwift left.")
    'Taylor Swift left.'
    >>> Wording([Document(id="d3", title="-", text="Blinken left.", source="-")]).repair("Blinkен left.")
    'Blinken left.'
    >>> wording.unknown("Aid reached Gazalo, the designATED zone.")
    ['Gazalo', 'designATED']
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self._text = "\n".join(f"{d.title}\n{d.text}" for d in documents)
        self._known = {word.lower() for word in words(self._text)}
        self._as_written = set(WORD.findall(self._text))
        # The lower-cased words the articles write capitalised: the names a summary may bring in.
        self.names = frozenset(strip_possessive(word.lower()) for word in self._as_written if word[0].isupper())

    def repair(self, text: str) -> str:
        """``text`` with each unknown word that is two known words run together written as two words, and each
        Latin word written with Cyrillic letters in it as the article word it stands for."""
        return WORD.sub(lambda match: self._latin(match.group(0)) or self._split(match.group(0)) or match.group(0),
                        text)

    def unknown(self, sentence: str) -> list[str]:
        """The words of ``sentence`` that neither the articles nor the dictionary know (figures aside), and its
        figures spaced out into digits that no article writes so."""
        spaced = [match.group(0) for match in _SPLIT_FIGURE.finditer(sentence) if match.group(0) not in self._text]
        return [word for word in WORD.findall(sentence) if self._is_unknown(word)] + spaced

    def _is_unknown(self, word: str) -> bool:
        if _CASE_BROKEN.search(word) and word not in self._as_written:
            return True  # "U.S.-designATED": a known word with its case broken mid-word is garbled all the same
        lower = strip_possessive(word.lower())
        return (len(word) > _SHORT and not any(c.isdigit() for c in word) and lower not in self._known
                and frequency(lower) == 0)

    def _known_part(self, part: str) -> bool:
        lower = part.lower()
        return lower in _JOINERS or (len(part) > 2 and (lower in self._known or frequency(lower) >= _COMMON))

    def _latin(self, word: str) -> str | None:
        """``word``, Latin letters with Cyrillic ones among them ("Blinkен"), as the word of the articles it
        reads as (by sound, else by shape: "Blinken"); None when it mixes no scripts or reads as none."""
        if not (_LATIN.search(word) and _CYRILLIC.search(word)):
            return None
        return next((latin for table in (_BY_SOUND, LOOK_ALIKES)
                     if strip_possessive((latin := word.translate(table)).lower()) in self._known), None)

    def _split(self, word: str) -> str | None:
        """``word`` as two known words ("inIsrael" -> "in Israel"), or None when it is known or does not split."""
        if len(word) <= _SHORT or word.lower() in self._known or any(c.isdigit() for c in word):
            return None
        camel = re.fullmatch(r"([a-z]+)([A-Z][a-z]+)", word)  # "inIsrael": the capital marks the join
        name = re.fullmatch(r"([A-Z][a-z]+)([A-Z][a-z]+)", word)
        if name and f"{name.group(1)} {name.group(2)}" in self._text:
            return f"{name.group(1)} {name.group(2)}"  # "TaylorSwift", "NewYork": a name the articles write apart
        if camel:
            points: Sequence[int] = [len(camel.group(1))]
        elif word[1:].islower():
            points = range(1, len(word))
        else:  # "ETOnline", "PatsFans": a name written as one word, not two words run together
            return None
        # One half is a short joiner: the model drops the space after "the", "in", "as" or before "for".
        splits = [(word[:i], word[i:]) for i in points
                  if (word[:i].lower() in _JOINERS or word[i:].lower() in _JOINERS)
                  and self._known_part(word[:i]) and self._known_part(word[i:])]
        if not splits:
            return None
        left, right = max(splits, key=lambda pair: min(frequency(pair[0].lower()), frequency(pair[1].lower())))
        joined = frequency(word.lower())
        if joined >= _ORDINARY or joined > min(frequency(left.lower()), frequency(right.lower())) - _RARER:
            return None  # a word in its own right
        return f"{left} {right}"
