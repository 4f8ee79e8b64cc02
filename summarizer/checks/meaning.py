"""Meaning changes beyond digits and names: an amount in words grown or shrunk, a superlative or "first/only"
the sources do not make, a negation added or lost, a cause or sequence invented, a time moved.

Each check compares a summary sentence with the source sentences that support it (``checks.attribution``):
a paraphrase keeps these, a small model's rewrite often does not ("hundreds of thousands dead" for "tens of
thousands"). The planted benchmark (benchmarks/faithfulness.py) measures each kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.checks.mentions import numbers

__all__ = ["meaning_flags"]

# Amounts in words, largest first so "hundreds of thousands" is read before "thousands".
_AMOUNT = re.compile(r"\b(?:(tens|hundreds|dozens|scores) of (thousands|millions|billions)"
                     r"|(dozens|scores|hundreds|thousands|millions|billions))\b", re.IGNORECASE)
_SCALE = {"dozens": 1, "scores": 1, "hundreds": 2, "thousands": 3, "millions": 6, "billions": 9}
_TENS = {"tens": 1, "hundreds": 2, "dozens": 1, "scores": 1}
_EXTREME = re.compile(r"\b(?:first|only|sole|largest|biggest|worst|best|deadliest|highest|lowest|greatest"
                      r"|longest|oldest|youngest|strongest|fastest|most|least|record|unprecedented|ever|never before"
                      r"|last|all|every|none)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|without|nobody|none|nothing|neither|nor|cannot)\b|n't\b", re.IGNORECASE)
_CAUSE = re.compile(r"\b(?:because|due to|as a result|led to|leading to|caused|causing|resulted in|thanks to"
                    r"|therefore|so that|in response to|after|before|following|prompted)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_RELATIVE_TIME = re.compile(r"\b(?:yesterday|today|tomorrow|tonight|last (?:week|month|year|night)"
                            r"|next (?:week|month|year)|this (?:week|month|year)|earlier this \w+)\b", re.IGNORECASE)


def meaning_flags(sentence: str, sources: Sequence[str]) -> list[str]:
    """What the sentence says differently from its supporting source sentences, one flag per change.

    >>> meaning_flags("Hundreds of thousands died in the siege.", ["Tens of thousands died in the siege."])
    ['amount "Hundreds of thousands" is "Tens of thousands" in its source']
    >>> meaning_flags("The council did not close the bridge.", ["The council closed the bridge."])
    ['a negation its source sentence does not have ("not")']
    >>> meaning_flags('Aid must "not be impeded," Blinken said.', ['Aid must “not be impeded,” Blinken said.'])
    []
    """
    if not sources:
        return []
    joined = " ".join(sources)
    flags = _amount_flags(sentence, joined)
    # Words inside the sentence's quotation marks are checked word for word (checks.quotes): here only what it
    # says outside them. The sources keep theirs: what someone is quoted saying is what they said, so a
    # sentence that reports it without the marks ("Not a chance, Owsley said.") adds no negation or time.
    quoting = sentence
    sentence = _QUOTED.sub(" ", sentence)
    flags += [f'says "{word}", which its source sentences do not' for word in _new(_EXTREME, sentence, joined)]
    mine, theirs = _NEGATION.findall(sentence), _NEGATION.findall(joined)
    if mine and not theirs:
        flags.append(f'a negation its source sentence does not have ("{mine[0].strip()}")')
    elif theirs and not _NEGATION.search(quoting) and len(sources) == 1:  # a quoted "not" is not dropped
        flags.append(f'drops the negation of its source ("{theirs[0].strip()}")')
    flags += [f'a cause or sequence ("{word}") its source sentences do not state'
              for word in _new(_CAUSE, sentence, joined)]
    flags += [f'time "{word}" is not in its source sentences' for word in _new(_RELATIVE_TIME, sentence, joined)]
    return flags


def _new(pattern: re.Pattern[str], sentence: str, sources: str) -> list[str]:
    """The pattern's matches in the sentence that the sources do not have (case aside), once each."""
    theirs = {match.lower() for match in pattern.findall(sources)}
    return list(dict.fromkeys(m for m in pattern.findall(sentence) if m.lower() not in theirs))


def _amount_flags(sentence: str, sources: str) -> list[str]:
    """An amount in words whose order of magnitude none of the source's amounts (in words or figures) has."""
    theirs = {_magnitude(match) for match in _AMOUNT.finditer(sources)}
    theirs |= {len(str(int(value))) - 1 for _, value, _ in numbers(sources) if value >= 10}
    flags = []
    for match in _AMOUNT.finditer(sentence):
        if theirs and _magnitude(match) not in theirs:
            source = next((m.group(0) for m in _AMOUNT.finditer(sources)), "")
            flags.append(f'amount "{match.group(0)}" is "{source}" in its source' if source
                         else f'amount "{match.group(0)}" is not the size its source gives')
    return flags


def _magnitude(match: re.Match[str]) -> int:
    """Powers of ten of an amount in words: "tens of thousands" 4, "hundreds" 2, "millions" 6."""
    if match.group(1):
        return _TENS[match.group(1).lower()] + _SCALE[match.group(2).lower()]
    return _SCALE[match.group(3).lower()]
