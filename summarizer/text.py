"""Small text utilities shared by the stages: sentence splitting, word counting, overlap."""

from __future__ import annotations

import re

# Abbreviations whose final period does not end a sentence ("U.S. officials", "Mr. Blinken"). "St." and
# "Co." stay ("St. Louis", "Acme Co. Ltd"): neither is a word on its own, and a sentence ending in one
# ("on Main St.") is much rarer than a name going on after it.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
}
# "No." is the word "no" ending a sentence ("The answer was no.") unless a number follows ("No. 10").
_NUMBER_SIGNS = {"no", "nos"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping paragraph breaks as boundaries.

    >>> split_sentences("Mr. Lee spoke. U.S. officials agreed! Then: more.")
    ['Mr. Lee spoke.', 'U.S. officials agreed!', 'Then: more.']
    >>> split_sentences("She lives at No. 10. The answer was no. The council met.")
    ['She lives at No. 10.', 'The answer was no.', 'The council met.']
    """
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.start()].strip()
            last_word = candidate.rsplit(None, 1)[-1].rstrip(".!?\"'”’)").lower() if candidate else ""
            # A single capital ("J. Smith") or a known abbreviation is not a sentence end.
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            if last_word in _NUMBER_SIGNS and candidate.endswith(".") and paragraph[match.end() :][:1].isdigit():
                continue
            end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
            sentences.append(paragraph[start:end].strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def words(text: str) -> list[str]:
    """Lower-cased word tokens, for overlap measures."""
    return [w.lower() for w in _WORD.findall(text)]


def word_count(text: str) -> int:
    """Number of whitespace-separated words, the unit of every length setting."""
    return len(text.split())


def jaccard(a: str, b: str) -> float:
    """Word-set overlap of two texts in [0, 1]; 0 when either is empty."""
    sa, sb = set(words(a)), set(words(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation (optionally followed by a closing quote)."""
    return bool(re.search(r"[.!?][\"'”’)\]]*\s*$", text))
