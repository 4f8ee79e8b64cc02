"""Attribution: which source sentences support each summary sentence, and what in it no source supports.

Every summary sentence is aligned to the story's source sentences by a lexical support score: the share
of its content words (and of its content-word pairs, which keeps who-did-what order) found in a source
sentence. A summary sentence often fuses two source sentences, so the union of the best two counts too.
The lexical score needs no model and says *which* words are unsupported; on ``benchmarks/faithfulness.py``
it is as good as sentence embeddings and far faster (docs/decisions.md, "Attribution and fact checks").
The facts in the sentence (numbers, dates, names, cited outlets, hedges) are then checked by
``summarizer.checks.facts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.checks.facts import SourceFacts, check_sentence
from summarizer.checks.guard import OutputGuard
from summarizer.checks.meaning import meaning_flags
from summarizer.checks.quotes import Quotes
from summarizer.checks.when import ArticleDays, SentenceDate
from summarizer.checks.wording import Wording
from summarizer.documents import Document
from summarizer.text import FUNCTION_WORDS, split_sentences, strip_possessive, tokens

__all__ = ["THRESHOLD", "SummarySentence", "Support", "SupportCheck", "attribute", "support_score",
           "unused_documents"]

# Support score at or above which a source sentence (or the best pair) supports a summary sentence.
# Tuned on the faithfulness benchmark: most human reference sentences of a cluster reach it, sentences of
# other clusters (invented facts) almost never (docs/decisions.md, "Attribution and fact checks").
THRESHOLD = 0.3
# A second source sentence joins the support when the pair covers this much more than the best one alone.
_PAIR_GAIN = 0.15



@dataclass(frozen=True)
class Support:
    """One source sentence that supports a summary sentence.

    ``sentence_index`` counts the document's sentences from 0 as ``summarizer.text.split_sentences``
    splits its text; ``score`` is the share of the summary sentence's content this sentence covers.
    """

    document_id: str
    sentence_index: int
    text: str
    score: float


@dataclass(frozen=True)
class SummarySentence:
    """A summary sentence, the source sentences that support it (best first), what looks wrong in it, and the
    articles that report it (``reported_by``: each has a sentence that supports it, or is among its sources,
    and does not put a day it names on another date than its best dated source: ``checks.when``): how many
    outlets corroborate it; and ``dates``, the days it names placed in time by those articles (``checks.when``).
    """

    text: str
    sources: tuple[Support, ...]
    flags: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()
    dates: tuple[SentenceDate, ...] = ()

    @property
    def supported(self) -> bool:
        """Whether some source sentence (or pair) supports it at or above the threshold."""
        return bool(self.sources)


def support_score(sentence: str, source: str) -> float:
    """Share of the sentence's content words and adjacent content-word pairs found in the source, in [0, 1].

    >>> source = "On Monday the council closed the bridge."
    >>> round(support_score("The council closed the old bridge.", source), 2)
    0.54
    """
    return _score(_Tokens(sentence), _Tokens(source))


def attribute(
    summary: str, documents: Sequence[Document], *, threshold: float = THRESHOLD
) -> tuple[SummarySentence, ...]:
    """Align each sentence of a summary with the source sentences that support it, and flag its facts.

    Args:
        summary: the summary text; split into sentences with ``summarizer.text.split_sentences``.
        documents: the story's articles (all of them: a figure counts as sourced if any article has it).
        threshold: support score needed to count as supported (see ``THRESHOLD``).

    Returns:
        One ``SummarySentence`` per summary sentence, in order. ``sources`` is empty when no source
        sentence supports it; ``flags`` lists numbers, dates and names found in no article, outlets cited
        that are not sources, figures moved to another name, dropped hedges and swapped names.

    >>> from summarizer.documents import Document
    >>> doc = Document(id="d1", title="Bridge", text="The council closed the bridge on Monday.", source="-")
    >>> [(s.supported, s.flags) for s in attribute("The council closed the bridge on Friday.", [doc])]
    [(True, ('date "Friday" appears in no source',))]
    """
    return SupportCheck(documents, threshold).sentences(summary)


def unused_documents(sentences: Sequence[SummarySentence], documents: Sequence[Document]) -> tuple[str, ...]:
    """Ids of the documents (in their order) that support no summary sentence, as a source or as one of the
    articles that report it: what the summary left out.

    >>> from summarizer.documents import Document
    >>> docs = [Document(id=n, title=n, text=t, source="-") for n, t in (("a", "Rain fell."), ("b", "Sun."))]
    >>> unused_documents(attribute("Rain fell.", docs), docs)
    ('b',)
    """
    used = {support.document_id for sentence in sentences for support in sentence.sources}
    used.update(document_id for sentence in sentences for document_id in sentence.reported_by)
    return tuple(document.id for document in documents if document.id not in used)


class SupportCheck:
    """Which source sentences support each sentence of a story's summaries: computed once, kept on the result.

    The pipeline keeps only supported sentences in a summary (what no article supports is, on Multi-News,
    mostly filler such as "The incident highlights the importance of ..." or an invented fact), and never one
    its ``guard`` blocks (an injected instruction's payload), so each sentence's support is found while the
    summary is tidied; ``sentences`` then reuses it and adds only the fact checks.

    >>> from summarizer.documents import Document
    >>> check = SupportCheck([Document(id="d1", title="Bridge", text="The council closed the bridge.", source="-")])
    >>> check("The council closed the bridge."), check("It shows the value of planning.")
    (True, False)
    >>> check.unsupported
    ['It shows the value of planning.']
    >>> [(s.supported, s.flags) for s in check.sentences("The council closed the bridge on Friday.")]
    [(True, ('date "Friday" appears in no source',))]
    """

    def __init__(self, documents: Sequence[Document], threshold: float = THRESHOLD) -> None:
        self.documents = tuple(documents)
        self.threshold = threshold
        self._index = _Index(documents)
        self._days = ArticleDays(self.documents)
        self.guard = OutputGuard(self.documents)
        self.wording = Wording(self.documents)
        self.garbled: dict[str, list[str]] = {}  # sentence -> its words no article or dictionary knows
        self._facts: SourceFacts | None = None  # built on first use: only kept summaries are fact-checked
        self._quotes: Quotes | None = None
        # sentence -> (source position, score) of its support; the pipeline tidies a summary again after each
        # continuation, and the final summary's sentences are among those tidied.
        self._support: dict[str, list[tuple[int, float]]] = {}

    def __call__(self, sentence: str) -> bool:
        """Whether the sentence may stay in a summary: an article supports it and it carries no attack's payload
        (an attack's own words are in its article, so support alone would keep them)."""
        return self.safe(sentence) and bool(self._supporting(sentence))

    def safe(self, sentence: str) -> bool:
        """Whether the sentence may be shown at all: it carries nothing text addressed to a model asked for
        (``checks.guard``) and has no word that neither the articles nor the dictionary know (``checks.wording``;
        run ``wording.repair`` over the text first, so words merely run together are split back)."""
        if self.guard.reason(sentence) is not None:
            return False
        if sentence not in self.garbled:
            self.garbled[sentence] = self.wording.unknown(sentence)
        return not self.garbled[sentence]

    @property
    def unsupported(self) -> list[str]:
        """The sentences found unsupported, in the order they were first checked."""
        return [sentence for sentence, chosen in self._support.items() if not chosen]

    def sentences(self, summary: str) -> tuple[SummarySentence, ...]:
        """Each sentence of ``summary`` with its supporting source sentences and its fact flags, in order."""
        if self._facts is None:
            self._facts = SourceFacts.from_documents(self.documents, [text for _, _, text in self._index.sentences])
            self._quotes = Quotes(self.documents)
        result = []
        inside = False  # a quotation opened in an earlier sentence goes on
        for sentence in split_sentences(summary):
            chosen = self._supporting(sentence)
            found = self._index.sentences
            sources = tuple(Support(found[i][0], found[i][1], found[i][2], round(score, 3)) for i, score in chosen)
            flags = (check_sentence(sentence, [i for i, _ in chosen], self._facts)
                     + self._quotes.flags(sentence, inside) + meaning_flags(sentence, [found[i][2] for i, _ in chosen]))
            inside ^= (sentence.count('"') + sentence.count("“") + sentence.count("”")) % 2 == 1
            supporting = [(source.document_id, source.text) for source in sources]
            supporting += self._index.reporting(sentence, self.threshold)
            reporting = set(self._days.same_event(sentence, supporting)) if sources else set()
            reported_by = tuple(d.id for d in self.documents if d.id in reporting)
            dates = self._days.dates(sentence, [(i, text) for i, text in supporting if i in reporting])
            result.append(SummarySentence(sentence, sources, tuple(dict.fromkeys(flags)), reported_by, dates))
        return tuple(result)

    def reporting(self, sentence: str) -> set[str]:
        """Ids of the articles with a sentence that supports ``sentence`` on its own: who reports it. One whose
        sentence puts a day it names on another date than the best dated supporting article's reports another
        event (``checks.when``)."""
        return set(self._days.same_event(sentence, self._index.reporting(sentence, self.threshold)))

    def _supporting(self, sentence: str) -> list[tuple[int, float]]:
        if sentence not in self._support:
            self._support[sentence] = self._index.support(sentence, self.threshold)
        return self._support[sentence]


class _Tokens:
    """A sentence's content words (lower case, figures without commas, plural -s dropped) and their pairs."""

    def __init__(self, text: str) -> None:
        words = [_stem(token) for token in tokens(text)]
        content = [word for word in words if word not in FUNCTION_WORDS]
        self.words = frozenset(content)
        self.pairs = frozenset(zip(content, content[1:], strict=False))


def _score(mine: _Tokens, source: _Tokens, extra: _Tokens | None = None) -> float:
    """Average of unigram and pair recall of ``mine`` in ``source`` (plus ``extra``, for a fused pair)."""
    if not mine.words:
        return 0.0
    words, pairs = source.words, source.pairs
    if extra is not None:
        words, pairs = words | extra.words, pairs | extra.pairs
    unigram = len(mine.words & words) / len(mine.words)
    if not mine.pairs:
        return unigram
    return (unigram + len(mine.pairs & pairs) / len(mine.pairs)) / 2


class _Index:
    """The story's source sentences as (document id, sentence index, text), tokenised once."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.sentences = [
            (document.id, number, sentence)
            for document in documents
            for number, sentence in enumerate(split_sentences(document.text))
        ]
        self.tokens = [_Tokens(text) for _, _, text in self.sentences]
        self.by_word: dict[str, list[int]] = {}
        for position, sentence_tokens in enumerate(self.tokens):
            for word in sentence_tokens.words:
                self.by_word.setdefault(word, []).append(position)

    def scored(self, sentence: str) -> tuple[_Tokens, list[tuple[float, int]]]:
        """The sentence's tokens, and (score, position) of every source sentence sharing a word with it, best
        first."""
        mine = _Tokens(sentence)
        candidates = {position for word in mine.words for position in self.by_word.get(word, ())}
        scored = sorted(((_score(mine, self.tokens[p]), p) for p in candidates), key=lambda item: (-item[0], item[1]))
        return mine, scored

    def reporting(self, sentence: str, threshold: float) -> list[tuple[str, str]]:
        """(document id, text) of the sentences that support ``sentence`` on their own, best first."""
        return [self.sentences[p][::2] for score, p in self.scored(sentence)[1] if score >= threshold]

    def support(self, sentence: str, threshold: float) -> list[tuple[int, float]]:
        """(sentence position, score) of the supporting source sentences, best first; empty if unsupported."""
        mine, scored = self.scored(sentence)
        if not scored:
            return []
        best_score, best = scored[0]
        chosen = [(best, best_score)]
        # Fused sentences: the best partner is the one adding most to the best sentence's coverage.
        pair_score, partner = best_score, None
        for score, position in scored[1:40]:
            together = _score(mine, self.tokens[best], self.tokens[position])
            if together > pair_score + 1e-9:
                pair_score, partner = together, (position, score)
        if partner is not None and pair_score >= best_score + _PAIR_GAIN:
            chosen.append(partner)
        else:
            pair_score = best_score
        if pair_score < threshold:
            return []
        # Equally good sentences elsewhere (a wire story copied by two outlets) support it just as well.
        chosen += [(p, s) for s, p in scored[1:] if s >= best_score - 1e-9 and (p, s) not in chosen]
        return chosen


def _stem(word: str) -> str:
    """Fold plural and possessive endings so "hostages" matches "hostage" (a light stemmer suffices here)."""
    word = strip_possessive(word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
