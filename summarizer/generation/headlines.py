"""Each story's headline: written by the model from the top of its checked combined summary, checked like a
summary sentence, and the keyword label when the check fails or the model writes no prose.

The combined summary opens with what happened (the prompt asks for it, and its sentences passed the support,
guard and wording checks), so its first sentences are the story's top facts; the headline is read from the
first of them that no check flagged, a few hundred tokens, not from the articles again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from summarizer.checks.attribution import SupportCheck
from summarizer.documents import Document
from summarizer.generation.postprocess import join_initials
from summarizer.models import SummaryModel
from summarizer.progress import Span
from summarizer.results import StorySummary
from summarizer.settings import HEADLINE_WORDS, WordRange
from summarizer.text import WORD, split_sentences, word_count

__all__ = ["TOP_SENTENCES", "clean_headline", "sentence_case", "with_headlines"]

TOP_SENTENCES = 3  # the combined summary's first sentences the headline is written from
SHORTER = WordRange(HEADLINE_WORDS.least, 10)  # asked for when the first headline runs over its most words
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")  # "Pushes", "Film's"; not "ABC", not "McCain"
_LABEL = re.compile(r"^\s*(?:\*\*)?(?:headline|title)\s*:\s*(?:\*\*)?\s*", re.IGNORECASE)


def clean_headline(text: str) -> str:
    """The model's headline as shown: its first line, without a "Headline:" label, quotes, markup or final period,
    spaced initials joined.

    >>> clean_headline('Headline: "Harbor Bridge closed after cracks found in cables."\\nMore text')
    'Harbor Bridge closed after cracks found in cables'
    >>> clean_headline("U. S. Secretary of State visits Israel")
    'U.S. Secretary of State visits Israel'
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    line = _LABEL.sub("", lines[0] if lines else "").strip().strip("*#").strip()
    if len(line) > 1 and line[0] in "\"“'‘" and line[-1] in "\"”'’.":
        line = line[1:].rstrip(".").rstrip().rstrip("\"”'’")
    return join_initials(line.rstrip(".").strip())


def with_headlines(model: SummaryModel, stories: Sequence[StorySummary], batch_size: int,
                   span: Span) -> list[StorySummary]:
    """The stories with their headlines: the model's when it passes the checks, else the label with a note why."""
    written = [s for s in stories if s.summary and model.kind == "causal"]
    outputs = _ask(model, written, HEADLINE_WORDS, batch_size, span.part(0, 0.8))
    # Over-long headlines are asked for once more, shorter: the model runs over a word limit it was given, and
    # a few hundred prompt tokens cost less than a story shown under its keyword label.
    too_long = [s for s in written if word_count(outputs[s.id]) > HEADLINE_WORDS.most]
    retried = _ask(model, too_long, SHORTER, batch_size, span.part(0.8, 0.9))
    # A retry that writes nothing leaves the first headline: its length says more than "the model wrote none".
    outputs.update((story_id, headline) for story_id, headline in retried.items() if headline)
    checks: dict[str, SupportCheck] = {}  # one per story, built when its first headline is checked
    problems = {s.id: _problem(outputs[s.id], s, checks) for s in written}
    # A headline the checks flag ("due to" where the articles say "after") is asked for once more from the
    # summary's first sentence alone: from the same text greedy decoding would write the same words. The retry
    # is kept only when it passes; otherwise the first headline's reason stays.
    flagged = [s for s in written if problems[s.id] and word_count(outputs[s.id]) <= HEADLINE_WORDS.most]
    again = _ask(model, flagged, HEADLINE_WORDS, batch_size, span.part(0.9, 1), top=1)
    for story in flagged:
        if again[story.id] and not _problem(again[story.id], story, checks):
            outputs[story.id], problems[story.id] = again[story.id], ""
    result = []
    for story in stories:
        headline = outputs.get(story.id, "")
        problem = problems.get(story.id, "")
        if problem:
            story = replace(story, notes=(*story.notes, f"{story.id}: the model's headline “{headline}” was not "
                                                        f"used ({problem}); the story keeps its keyword label"))
        result.append(replace(story, headline=story.label if problem or not headline else headline))
    return result


def _ask(model: SummaryModel, stories: Sequence[StorySummary], words: WordRange, batch_size: int,
         span: Span, top: int = TOP_SENTENCES) -> dict[str, str]:
    """The model's headline of each story, by id, cleaned; written from the ``top`` first sentences of its
    combined summary that no check flagged: a headline read from a flagged one repeats what was flagged
    (the comet story's "in the Fennick Mountains of Scotland" gave "... discovers new comet in Scotland")."""
    requests = [[" ".join(_unflagged(s)[:top])] for s in stories]
    outputs: dict[str, str] = {}
    for first in range(0, len(requests), batch_size):
        span(f"Writing headlines {first + 1}-{min(first + batch_size, len(requests))} of {len(requests)}",
             first / len(requests))
        generations = model.summarize(requests[first:first + batch_size], task="headline", words=words,
                                      batch_size=batch_size)
        outputs.update((s.id, sentence_case(clean_headline(g.text), s.documents))
                       for s, g in zip(stories[first:first + batch_size], generations, strict=True))
    return outputs


def _unflagged(story: StorySummary) -> list[str]:
    """The summary's sentences no check flagged, in order; all its sentences when every one was flagged (the
    headline is checked anyway) or none were checked."""
    clean = [sentence.text for sentence in story.sentences if not sentence.flags]
    return clean or split_sentences(story.summary)


def sentence_case(headline: str, documents: Sequence[Document]) -> str:
    """The headline in sentence case, names kept: the checks read capitalised words as names, so Title Case
    ("Russian Ambassador Pushes Back") or a stray capital ("visits Israel to Request ceasefire") would be a name
    no article has.

    A capitalised word after the first is lowered when the articles write it (or its family: "requested") in
    lower case and never capitalise it inside a sentence; names, words no article has (the name check judges
    those) and acronyms stay.

    >>> doc = Document(id="d", title="-", source="-", text="Kislyak, the Russian ambassador, spoke about Crimea.")
    >>> sentence_case("Russian Ambassador Spoke About Crimea", [doc])
    'Russian ambassador spoke about Crimea'
    >>> sentence_case("Russian Ambassador Praises Paris", [doc])  # words no article has are left to the checks
    'Russian ambassador Praises Paris'
    >>> sentence_case("Kislyak goes to Crimea to Request talks", [doc, replace(doc, text="He requested talks.")])
    'Kislyak goes to Crimea to request talks'
    """
    sentences = [WORD.findall(s) for d in documents for s in split_sentences(d.text)]
    lower = {w for d in documents for w in WORD.findall(d.title) if w.islower()}
    lower |= {w for words in sentences for w in words if w.islower()}
    lower |= {_root(w) for w in lower}  # "Visits" is lowered when the articles write "visit", "Requests" "requested"
    capitalised = {w for words in sentences for w in words[1:] if w[0].isupper()}  # not a sentence's first word

    def lowered(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in capitalised:  # a name the articles write inside a sentence ("May", "Bill")
            return word
        # A word no article writes stays as written: the name check judges it (wordfreq knows names as words).
        return word.lower() if word.lower() in lower or _root(word.lower()) in lower else word

    first, _, rest = headline.partition(" ")
    return f"{first} {_CAPITALISED.sub(lowered, rest)}".strip()


def _root(word: str) -> str:
    """A lower-case word without an -s, -es, -ed, -d or -ing ending: one family for "visits" and "visited"."""
    return re.sub(r"(?<=\w{3})(?:ing|ed|es|s|d)$", "", word)


def _problem(headline: str, story: StorySummary, checks: dict[str, SupportCheck]) -> str:
    """Why a headline cannot be shown ("" when it can): empty, too long, or failing a summary sentence's checks
    (the story's check from ``checks``, built there on first use)."""
    if not headline:
        return "the model wrote none"
    if word_count(headline) > HEADLINE_WORDS.most:
        return f"{word_count(headline)} words, more than {HEADLINE_WORDS.most}"
    if story.id not in checks:
        checks[story.id] = SupportCheck(story.documents)
    check = checks[story.id]
    if not check.safe(headline):
        unknown = ", ".join(check.garbled.get(headline, ()))
        return check.guard.reason(headline) or f"words no article or dictionary knows: {unknown}"
    flags = [flag for sentence in check.sentences(headline + ".") for flag in sentence.flags]
    return "; ".join(flags)
