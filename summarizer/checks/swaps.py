"""Who did what: two names of a summary sentence that changed places since the source, or a role the articles
give one name attached to another ("CNN host Alex Jones" where they write "CNN host Piers Morgan").

The checks see names (``checks.mentions.entities``) and the words around them, not a parse: each flags only
when the sentence keeps the source's own words around the names, so a paraphrase that turns a sentence round
("B was hit by A") is not taken for a swap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.checks.mentions import ORDINARY, in_order, normalise

__all__ = ["reversed_names", "role_moved", "swapped"]

_LISTED = frozenset({"and", "or", "nor"})  # words that join names in a list: no sign of who did what
# Words that join two names either way round: "talks between Israel and Hamas" is "between Hamas and Israel".
_SYMMETRIC = _LISTED | {"between", "both", "with", "versus", "vs"}
# Relations that read the same either way round: "Trump met Zelensky" is "Zelensky met Trump".
_MUTUAL = frozenset({"met", "meet", "meets", "meeting", "spoke", "speaks", "talked", "talks", "debated", "debates",
                     "married", "faced", "faces", "played", "plays", "tied", "drew", "versus", "vs"})
_LIST_GOES_ON = re.compile(r",|\s+(?:and|or)\s", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or|nor)\s+)", re.IGNORECASE)  # ", ", " and ", ", or "
_ROLE_WORDS = 2  # words before a name read as its role: "cnn host", "white house aide", "the incoming"


def swapped(sentence: str, names: Sequence[tuple[str, int]], source: str) -> list[str]:
    """Two names that changed places: each now stands where the best source sentence has the other.

    Each name's neighbouring words in the sentence must match the other name's neighbours in the source and
    not its own, so a paraphrase that merely reorders ("B was hit by A") is not taken for a swap, nor are two
    names that share a neighbour ("arrived in Israel to urge ... offensive in Gaza") or a relation that reads
    the same both ways ("Trump met Zelensky").
    """
    mine = f" {normalise(sentence)} "
    contexts = []
    for name, _ in names:
        key = normalise(name)
        if key and mine.count(f" {key} ") == 1 and source.count(f" {key} ") == 1:
            contexts.append((name, _around(mine, key), _around(source, key)))
    for first in range(len(contexts)):
        for second in range(first + 1, len(contexts)):
            (a, a_mine, a_source), (b, b_mine, b_source) = contexts[first], contexts[second]
            if normalise(a) == normalise(b):
                continue
            # Each must now stand where the other stood and no longer where it stood itself: two names that share
            # a context in both texts ("in Israel", "in Gaza") have not changed places.
            if _took_place(a_mine, b_source, a_source) and _took_place(b_mine, a_source, b_source) and not _either_way(
                    sentence, a, b):
                return [f'"{a}" and "{b}" have changed places since the source: who did what may be swapped']
    return []


def reversed_names(sentence: str, names: Sequence[tuple[str, int]], source: str) -> list[str]:
    """Two names on either side of the same words as in the best source sentence, in the other order: "Dunn
    wants to hang out with Celine Dion" from "Celine Dion wants to hang out with Dunn".

    The words between must say something (not only "and" or a comma: "Miller and Tapper" is "Tapper and
    Miller"), not a relation that reads the same both ways ("met"), and be the source's own, so a paraphrase
    that turns the sentence round ("Dunn was called by Morgan") is not taken for a swap. A name said twice is
    taken where it is first said; one the source gives by its last word only ("Police" for "Orofino Police") is
    found by that word.
    """
    mine, theirs = normalise(sentence).split(), source.split()
    found: list[tuple[str, list[str], int, int, int]] = []  # name, key, where in mine, where and size in theirs
    for name, _ in names:
        key = normalise(name).split()
        here, there, size = _find(mine, key), _find(theirs, key), len(key)
        if there is None and len(key) > 1:
            there, size = _find(theirs, key[-1:]), 1
        if key and here is not None and there is not None and all(key != other[1] for other in found):
            found.append((name, key, here, there, size))
    for first in range(len(found)):
        for second in range(first + 1, len(found)):
            (a, a_key, a_mine, a_theirs, a_size), (b, b_key, b_mine, b_theirs, b_size) = found[first], found[second]
            if (a_mine < b_mine) == (a_theirs < b_theirs):
                continue
            between = _between(mine, a_mine, len(a_key), b_mine, len(b_key))
            if between and between == _between(theirs, a_theirs, a_size, b_theirs, b_size) and any(
                    word not in ORDINARY for word in between) and not _either_way(sentence, a, b):
                return [f'"{a}" and "{b}" have changed places since the source: who did what may be swapped']
    return []


def _either_way(sentence: str, one: str, other: str) -> bool:
    """Whether two names of the sentence, as written, read the same in either order: items of a list ("Israel
    and Hamas", "France, Germany"), or joined by a relation that reads the same both ways ("Trump met with
    Zelensky"). "CNN's Trump" is no list."""
    first, second = sentence.find(one), sentence.find(other)
    if first < 0 or second < 0:
        return False
    (start, name), (end, last) = sorted(((first, one), (second, other)))
    between = sentence[start + len(name):end]
    # A comma alone joins a list only when the list goes on ("France, Germany and Italy"); otherwise it may open
    # an apposition ("Conner, John Dilbeck's own brother").
    if _LIST_JOIN.fullmatch(between) and (between.strip() != "," or _LIST_GOES_ON.match(sentence, end + len(last))):
        return True
    words = normalise(between).split()
    return any(word in _MUTUAL for word in words) and all(word in ORDINARY or word in _MUTUAL for word in words)


def _find(words: list[str], key: list[str]) -> int | None:
    """Where key first starts in words, as a run of whole words."""
    return next((i for i in range(len(words) - len(key) + 1) if words[i:i + len(key)] == key), None)


def _between(words: list[str], one: int, one_size: int, other: int, other_size: int) -> list[str]:
    """The words between two runs of words, whichever comes first."""
    start, size = min((one, one_size), (other, other_size))
    return words[start + size:max(one, other)]


def _around(text: str, key: str) -> tuple[str, str]:
    """The word before and the word after the (single) occurrence of key in text."""
    before, _, after = text.partition(f" {key} ")
    return (before.split()[-1] if before.split() else "", after.split()[0] if after.split() else "")


def _took_place(mine: tuple[str, str], theirs: tuple[str, str], own: tuple[str, str]) -> bool:
    """Whether a name now has the other's source context on a side where the two source contexts differ; "and"
    says nothing of who did what."""
    return any(x and x not in _LISTED and x == y != z for x, y, z in zip(mine, theirs, own, strict=True))


def role_moved(sentence: str, names: Sequence[tuple[str, int]], sources: Sequence[str]) -> list[str]:
    """A name given a role the articles give another name of the same sentence and never this one: the two
    words before a name ("cnn host Alex Jones", "boycott the Nevada debate") against ``sources``, the story's
    sentences normalised with a space at each end (``SourceFacts.sentence_text``).

    Names in a list ("Israel and Jordan", "France, Germany") share the words before the list, which the
    articles may give each in another way, and two forms of one name ("Trump", "Donald Trump") are one person:
    neither is taken for a moved role.

    >>> role_moved("CNN host Alex Jones called Piers Morgan.", [("Alex Jones", 9), ("Piers Morgan", 28)],
    ...            [" cnn host piers morgan called radio host alex jones "])
    ['"Alex Jones" is given "cnn host", which the articles give "Piers Morgan": who is who may be swapped']
    >>> role_moved("Biden will travel to Israel and Jordan.", [("Biden", 0), ("Israel", 20), ("Jordan", 31)],
    ...            [" biden will fly to israel ", " he will then travel to jordan "])
    []
    """
    mine = normalise(sentence).split()
    shown: dict[str, str] = {}  # each name's normalised form -> the name as the sentence first writes it
    for name, _ in names:
        shown.setdefault(normalise(name), name)
    keys = [key for key in shown if key]
    text = "|".join(sources)  # "|" is no word: a role is looked for inside one source sentence
    for key in keys:
        words = key.split()
        for at in (i for i in range(_ROLE_WORDS, len(mine) - len(words) + 1) if mine[i:i + len(words)] == words):
            role = mine[at - _ROLE_WORDS:at]
            # A role says something (not only "of the"), is not a joiner, and does not end in another name.
            if all(word in ORDINARY for word in role) or role[-1] in _SYMMETRIC or any(
                    role[-1] in other.split() for other in keys):
                continue
            phrase = " ".join(role)
            if f" {phrase} {key} " in text:
                continue
            other = next((o for o in keys if not _same_person(o, key) and f" {phrase} {o} " in text
                          and not _either_way(sentence, shown[key], shown[o])), None)
            if other is not None:
                return [f'"{shown[key]}" is given "{phrase}", which the articles give "{shown[other]}": '
                        'who is who may be swapped']
    return []


def _same_person(one: str, other: str) -> bool:
    """Whether two normalised names may name one person or place: one holds the other's words in order."""
    return in_order(one.split(), other.split()) or in_order(other.split(), one.split())
