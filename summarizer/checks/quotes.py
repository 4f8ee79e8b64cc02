"""Quotations: a quote in a summary keeps its marks and its speaker and matches a source quote word for word.

A small model cuts a quote loose from its opening mark ('And we will continue ...," Blinken said'), drops the
marks and keeps the words ("The wind is their biggest enemy right now, Velez said"), changes a word inside
the marks, or keeps the words and loses who said them. Each is a flag on the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.documents import Document
from summarizer.text import split_sentences

__all__ = ["Quotes", "quotations"]

_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_SPEAKER = re.compile(r"(?:\b(?:said|says|told|added|asked|according to)\s+((?:[A-Z][\w'’.-]+\s?){1,3}))"
                      r"|(?:((?:[A-Z][\w'’.-]+\s){1,3})(?:said|says|told|added|asked)\b)")
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "A", "An", "But", "And", "In", "On", "Mr.", "Mrs.",
              "Ms.", "Dr."}
# A sentence whose first quotation mark closes a quote ('... achieve it," Blinken said'): it starts mid-quote.
_OPENS_INSIDE = re.compile(r"^[^\"“”]*[\w.,!?…]([\"”])(?=[\s,.;:!?]|$)")
_MIN_QUOTE_WORDS = 3  # a shorter quoted phrase ("so-called", a title) is not checked word for word
_UNMARKED_WORDS = 6  # this many words of a source quote in a row, without quotation marks, is an unmarked quote


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['’]\w+)*", text.lower().replace("’", "'"))


def quotations(text: str) -> set[tuple[str, ...]]:
    """The quotations of a text long enough to check (``_MIN_QUOTE_WORDS``), each as its lower-cased words, so
    one quote written with other marks or case is the same.

    >>> quotations('"Like, how they can do that?" says Swonger. He called it “silly.”')
    {('like', 'how', 'they', 'can', 'do', 'that')}
    """
    return {tuple(words) for _, words in _long_quotes(text)}


def _long_quotes(text: str) -> list[tuple[re.Match[str], list[str]]]:
    """Each quotation of ``text`` long enough to check, with its lower-cased words."""
    return [(match, words) for match in _QUOTED.finditer(text)
            if len(words := _words(match.group(1))) >= _MIN_QUOTE_WORDS]


class Quotes:
    """The quotations of one story's articles, with their speakers, to check the quotes of its summaries.

    >>> from summarizer.documents import Document
    >>> quotes = Quotes([Document(id="d1", title="Fire", source="-",
    ...                  text='"The wind is their biggest enemy right now," Velez said.')])
    >>> quotes.flags('"The wind is their enemy," Velez said.')
    ['quotation “The wind is their enemy,” matches no source word for word']
    >>> quotes.flags("The wind is their biggest enemy right now, Velez said.")
    ['quotes a source (“The wind is their biggest enemy right now,”) without quotation marks']
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self._texts = [" ".join(_words(d.text)) for d in documents]
        self._quotes: list[tuple[list[str], str, set[str]]] = []  # (quote words, quote, speaker name words)
        for document in documents:
            for sentence in split_sentences(document.text):
                speakers = _speaker_words(sentence)
                self._quotes += [(words, match.group(0), speakers) for match, words in _long_quotes(sentence)]

    def flags(self, sentence: str, inside: bool = False) -> list[str]:
        """What is wrong with the quotations in ``sentence``: none, a quote cut loose from its start, a quote not
        in any source word for word, a quote without its speaker, a source quote without quotation marks.
        ``inside``: an earlier sentence of the summary opened a quotation this one goes on with."""
        flags = []
        marks = sentence.count('"') + sentence.count("“") + sentence.count("”")
        if marks % 2 and not inside and _OPENS_INSIDE.match(sentence):
            flags.append("starts inside a quotation whose opening mark is in an earlier sentence: the quote is cut "
                         "loose from its start")
        for match, quoted in _long_quotes(sentence):
            words = " ".join(quoted)
            if not any(words in text for text in self._texts):
                flags.append(f"quotation {_curly(match.group(0))} matches no source word for word")
                continue
            speakers = set().union(*(s for q, _, s in self._quotes if words in " ".join(q)))
            if speakers and not speakers & set(_words(sentence)):
                flags.append(f"quotation {_curly(match.group(0))} without its speaker")
        if not marks:
            mine = " ".join(_words(sentence))
            for words, quote, _ in self._quotes:
                runs = (" ".join(words[i:i + _UNMARKED_WORDS]) for i in range(len(words) - _UNMARKED_WORDS + 1))
                if any(run in mine for run in runs):
                    flags.append(f"quotes a source ({_curly(quote)}) without quotation marks")
                    break
        return flags


def _speaker_words(sentence: str) -> set[str]:
    """The name words of whoever a source sentence says spoke ("Velez said" -> {"velez"}); empty for "he said"."""
    names = set()
    for match in _SPEAKER.finditer(sentence):
        name = (match.group(1) or match.group(2) or "").split()
        names |= {word.lower().rstrip(".,") for word in name if word not in _NOT_NAMES}
    return names


def _curly(quote: str) -> str:
    """A quotation shown with curly marks, whichever marks it was written with."""
    return "“" + quote.strip('"“”') + "”"
