"""Facts: checks of a summary sentence's numbers, dates and names against the story's articles.

A small summarization model errs in typical ways: it changes a number, moves a figure to another place or
person, invents a name, swaps who did what to whom, cites an outlet that never reported the story, or
states as certain what the source only suggested. Each check here catches one of these by comparing the
summary sentence with the story's articles (every article) and with the source sentences that support it
(chosen by ``summarizer.checks.attribution``). Everything is rule-based: the rules are fast, explainable in a
flag, and measured by ``benchmarks/faithfulness.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.checks.mentions import (
    CALENDAR,
    COMMON,
    JOINERS,
    NAME_RUN,
    ORDINARY,
    TITLES,
    entities,
    in_order,
    normalise,
    numbers,
    wordset,
)
from summarizer.checks.swaps import reversed_names, role_moved, swapped
from summarizer.documents import Document
from summarizer.text import NEWS_OUTLETS, WORD

__all__ = ["SourceFacts", "check_sentence"]

_OUTLET_ENDING = re.compile(
    r"(?i)\b(news|times|post|journal|press|agency|tribune|herald|gazette|telegraph|"
    r"network|radio|tv|television|daily|magazine|wire)$"
)
_CITED = [  # (pattern, whether the verb itself says "reported": then any unknown X is a cited source)
    (re.compile(rf"\b(?i:according to) (?:the )?({NAME_RUN.pattern})"), False),
    (re.compile(rf"\b(?:reported|first reported|cited) by (?:the )?({NAME_RUN.pattern})"), True),
    (
        re.compile(
            rf"(?:^|[^\w\s]\s*|\b(?:the|as)\s+)({NAME_RUN.pattern}),?\s+(?:reported|reports|has reported|"
            rf"first reported)\b"
        ),
        True,
    ),
    (re.compile(rf"\b({NAME_RUN.pattern}),?\s+(?:said|says|told|quoted)\b"), False),
    (re.compile(rf"\b(?:reports|reported|notes|writes|explains|adds)\s+(?:the\s+)?({NAME_RUN.pattern})"),
     True),
]
# Epistemic hedges: present in a source sentence and gone from the summary, the claim got stronger.
_HEDGES = wordset("""may might could possibly possible perhaps likely unlikely probably suggest suggests
suggested suggesting reportedly allegedly alleged apparently appears appear appeared seems seem seemed
believed suspected preliminary potential potentially unconfirmed expected plans planned proposed""")
_QUALIFIERS = re.compile(
    r"(?i)\bin (?:mice|rats|animals|monkeys|cells|the lab|a small (?:study|trial|group))\b"
)
@dataclass(frozen=True)
class SourceFacts:
    """What a story's articles state, indexed once per story: the base of every check.

    Build with ``SourceFacts.from_documents(documents, sentences)`` where ``sentences`` are the split
    source sentences (so the numbers' neighbours can be looked up per sentence).
    """

    text: str  # every article, normalised (lower case, "U.S." -> "us", possessives dropped)
    provenance: str  # text plus titles and sources (URLs, file names), normalised
    values: frozenset[float]
    calendar: frozenset[str]
    words: frozenset[str]  # normalised words of the articles
    lower_words: frozenset[str]  # words the articles write in lower case: ordinary words
    runs: tuple[tuple[str, ...], ...]  # each capitalised name in the articles, as normalised words
    sentence_values: tuple[frozenset[float], ...]
    sentences: tuple[str, ...]  # the source sentences as written
    sentence_text: tuple[str, ...]  # the same, normalised; aligned with sentence_values

    @classmethod
    def from_documents(cls, documents: Sequence[Document], sentences: Sequence[str]) -> SourceFacts:
        """Index the articles (``sentences``: all their sentences, in any order)."""
        text = " ".join(normalise(document.title + " . " + document.text) for document in documents)
        provenance = text + " " + " ".join(normalise(document.source) for document in documents)
        raw = " ".join(document.title + "\n" + document.text for document in documents)
        lower = frozenset(word for word in WORD.findall(raw) if word.islower())
        runs = {tuple(normalise(name).split()) for name, _ in entities(raw)}
        per_sentence = [frozenset(value for _, value, _ in numbers(sentence)) for sentence in sentences]
        return cls(
            text=f" {text} ",
            provenance=provenance,
            values=frozenset().union(*per_sentence, _values(raw)),
            calendar=frozenset(word for word in text.split() if word in CALENDAR),
            words=frozenset(text.split()),
            lower_words=lower,
            runs=tuple(runs),
            sentence_values=tuple(per_sentence),
            sentences=tuple(sentences),
            sentence_text=tuple(f" {normalise(sentence)} " for sentence in sentences),
        )

    def has_name(self, name: str) -> bool:
        """Whether the articles name this: each part between titles and joiners, whole or in order.

        "Secretary of State Antony Blinken" is found in "Antony J. Blinken, the secretary of state".
        """
        parts: list[list[str]] = [[]]
        for word in normalise(name).split():
            if word in TITLES or word in JOINERS:
                parts.append([])
            else:
                parts[-1].append(word)
        return all(self._has_part(part) for part in parts if part)

    def _has_part(self, words: list[str]) -> bool:
        if f" {' '.join(words)} " in self.text:
            return True
        if len(words) == 1:  # "Israeli" for "Israel"
            word = words[0]
            stem = max(4, len(word) - 3)
            return any(
                other[:stem] == word[:stem] and abs(len(other) - len(word)) <= 3 for other in self.words
            )
        return any(in_order(words, run) for run in self.runs)


def check_sentence(sentence: str, support: Sequence[int], facts: SourceFacts) -> list[str]:
    """Human-readable flags for one summary sentence (empty when every check passes).

    Args:
        sentence: the summary sentence.
        support: indexes (into ``facts.sentence_text``) of the source sentences supporting it, best first.
        facts: the story's articles, indexed.
    """
    flags: list[str] = []
    names = entities(sentence, common=facts.lower_words)
    cited = _cited_outlets(sentence, facts)
    for outlet in cited:
        flags.append(f'attributes to "{outlet}", which is not a source of this story')
    for raw, value, offset in numbers(sentence):
        if value not in facts.values:
            flags.append(f'number "{raw}" appears in no source')
        elif raw[0].isdigit() and support and not any(value in facts.sentence_values[i] for i in support):
            replaced = _replaced(raw, offset, sentence, facts.sentences[support[0]])
            moved = None if replaced else _moved(value, offset, names, facts)
            if replaced:
                flags.append(f'number "{raw}" is "{replaced}" in its source sentence')
            elif moved:
                flags.append(f'number "{raw}" is in the sources, but not with "{moved}"')
    for word in sorted({word for word in normalise(sentence).split() if word in CALENDAR} - facts.calendar):
        flags.append(f'date "{word.capitalize()}" appears in no source')
    cited_keys = {normalise(outlet) for outlet in cited}
    for name, _ in names:
        if not any(normalise(name) in key for key in cited_keys) and not facts.has_name(name):
            flags.append(f'name "{name}" appears in no source')
    if support:
        best = facts.sentence_text[support[0]]
        flags.extend(_stronger(sentence, best))
        # A name opening the sentence is left out of ``names``; the source's own names vouch for it here.
        opener = re.match(r"[A-Z][\w’'-]+", sentence)
        if opener and (not names or names[0][1] != 0):
            key = normalise(opener.group(0))
            if key not in ORDINARY and any(key in run for run in facts.runs):
                names = [(opener.group(0), 0), *names]
        flags.extend(swapped(sentence, names, best) or reversed_names(sentence, names, best)
                     or role_moved(sentence, names, facts.sentence_text))
    return flags


def _cited_outlets(sentence: str, facts: SourceFacts) -> list[str]:
    """Outlets or agencies the sentence cites ("according to X", "X reported") that no article mentions."""
    cited = []
    for pattern, reported in _CITED:
        for match in pattern.finditer(sentence):
            name = match.group(1).strip()
            key = normalise(name)
            words = key.split()
            while words and words[0] in COMMON:
                words = words[1:]
            key = " ".join(words)
            name = re.sub(r"^(?:The|the)\s+", "", name)
            if not key or _nospace(key) in _nospace(facts.provenance) or name in cited:
                continue
            if key in NEWS_OUTLETS or _OUTLET_ENDING.search(key) or (reported and len(words) <= 4):
                cited.append(name)
    return cited


def _moved(value: float, offset: int, names: Sequence[tuple[str, int]], facts: SourceFacts) -> str | None:
    """The name nearest a figure when no source sentence has the two together (a figure moved), else None."""
    if not names:
        return None
    # Distance from the figure to the nearer end of each name.
    name = min(names, key=lambda item: min(abs(item[1] - offset), abs(item[1] + len(item[0]) - offset)))[0]
    words = [word for word in normalise(name).split() if word not in TITLES]
    if not words:
        return None
    needle = f" {words[-1]}"  # the head word: "Roe" for "Jane Roe", "York" for "New York"
    for values, text in zip(facts.sentence_values, facts.sentence_text, strict=True):
        if value in values and needle in text:
            return None
    return name


def _stronger(sentence: str, source: str) -> list[str]:
    """Hedges of the source that the sentence dropped while keeping the claim they govern.

    Counted, not just looked up: "may be stored ... may have" rewritten as "will be stored ... may have"
    still lost one hedge. Trading one hedge for another ("may" for "might") is not stronger.
    """
    mine = normalise(sentence).split()
    tokens = source.split()
    own = set(mine)
    if sum(word in _HEDGES for word in mine) >= sum(word in _HEDGES for word in tokens):
        missing: Counter[str] = Counter()
    else:
        missing = Counter(word for word in tokens if word in _HEDGES) - Counter(
            w for w in mine if w in _HEDGES
        )
    flags = []
    for position, token in enumerate(tokens):
        if not missing[token]:
            continue
        # The hedged claim: the next two content words after the hedge (its verb and object).
        claim = [word for word in tokens[position + 1 : position + 6] if word not in ORDINARY][:2]
        if claim and all(word in own for word in claim) and not _still_hedged(mine, claim[0]):
            said = " ".join(tokens[position : position + 3])
            flags.append(f'stronger than its source, which says "{said}"')
            break
    qualifier = _QUALIFIERS.search(source)
    if qualifier and not _QUALIFIERS.search(sentence):
        flags.append(f'stronger than its source, which limits it to "{qualifier.group(0)}"')
    return flags


def _still_hedged(words: list[str], claim: str) -> bool:
    """Whether every mention of a hedged claim's first word in the sentence has a hedge of its own just before
    it: a source with two hedges ("may have walked ... could be") is not made stronger by a sentence that keeps
    the one over this claim ("... may have walked west ...")."""
    places = [i for i, word in enumerate(words) if word == claim]
    return bool(places) and all(any(w in _HEDGES for w in words[max(0, i - 3):i]) for i in places)


def _replaced(raw: str, offset: int, sentence: str, source: str) -> str | None:
    """The figure the source sentence has in this figure's place (same word before or after), if different."""
    before, after = _neighbours(sentence, offset, offset + len(raw))
    value = numbers(raw)[0][1]
    for other, other_value, at in numbers(source):
        if other_value == value or not other[0].isdigit():
            continue
        other_before, other_after = _neighbours(source, at, at + len(other))
        if (before and before == other_before) or (after and after == other_after):
            return other
    return None


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The lower-case words just before and just after a span of text ("" at either end)."""
    before = WORD.findall(text[:start][-40:])
    after = WORD.findall(text[end:][:40])
    return (before[-1].lower() if before else "", after[0].lower() if after else "")


def _values(text: str) -> set[float]:
    return {value for _, value, _ in numbers(text)}


def _nospace(text: str) -> str:
    return re.sub(r"[\s\-]", "", text)
