"""Model calls: requests run in batches, tidied to supported finished sentences, continued when short."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace

from summarizer.checks.attribution import SupportCheck
from summarizer.errors import InputError
from summarizer.generation.postprocess import finish_summary, uncite
from summarizer.models import Generation, SummaryModel, Task
from summarizer.progress import Span
from summarizer.settings import WordRange
from summarizer.text import word_count

# A summary shorter than its minimum once tidied is continued from where it stops, at most this often.
MAX_CONTINUATIONS = 2


@dataclass(frozen=True)
class Job:
    """One kind of model call: what is summarized (``task``), in how many words, and how progress names it."""

    task: Task
    words: WordRange
    label: str


Heard = Callable[[int, str], None]  # (request index, the request's text written so far, before any check)


def generate(model: SummaryModel, requests: Sequence[Sequence[str]], checks: Sequence[SupportCheck], job: Job,
             batch_size: int, span: Span, on_text: Heard | None = None) -> list[Generation]:
    """Run requests in batches of similar length (less padding); tidied results in request order, each
    keeping only the sentences its check finds supported, continued when left under the minimum.

    ``on_text`` hears each request's raw text as the model writes it, where the model streams
    (``SummaryModel.listening``); a continuation is heard with the start it continues."""
    if on_text is not None:  # drafts are read as they come: without the fact numbers tidying removes
        on_text = lambda i, text, hear=on_text: hear(i, uncite(text))  # noqa: E731
    order = sorted(range(len(requests)), key=lambda i: -sum(len(t) for t in requests[i]))
    results: dict[int, Generation] = {}
    for first in range(0, len(order), batch_size):
        batch = order[first:first + batch_size]
        span(f"{job.label} {first + 1}-{first + len(batch)} of {len(order)}", first / max(len(order), 1))
        heard = None if on_text is None else lambda row, text, batch=batch: on_text(batch[row], text)
        with listening(model, heard):
            outputs = model.summarize([requests[i] for i in batch], task=job.task, words=job.words,
                                      batch_size=batch_size)
        results.update(zip(batch, outputs, strict=True))
    generations = [results[i] for i in range(len(requests))]
    if model.kind != "extractive":
        generations = _lengthen(model, requests, generations, checks, job, batch_size, on_text)
    return [replace(g, text=_tidy(g.text, job.words, check)) for g, check in zip(generations, checks, strict=True)]


def left_out_note(subject: str, check: SupportCheck, text: str) -> tuple[str, ...]:
    """Notes quoting the sentences the model wrote that were left out of ``text``: those carrying what text
    addressed to a model asked for (with why), and those no article supports; none when nothing was."""
    notes = []
    blocked = [f"“{sentence}” ({why})" for sentence, why in check.guard.blocked.items() if sentence not in text]
    if blocked:
        notes.append(f"{subject} leaves out {len(blocked)} sentence(s) the model wrote that follow text addressed "
                     f"to a model: {'; '.join(blocked)}")
    garbled = [f"“{sentence}” ({', '.join(unknown)})" for sentence, unknown in check.garbled.items()
               if unknown and sentence not in text]
    if garbled:
        notes.append(f"{subject} leaves out {len(garbled)} sentence(s) the model wrote with words that neither the "
                     f"articles nor the dictionary know: {'; '.join(garbled)}")
    left_out = [sentence for sentence in check.unsupported if sentence not in text]
    if left_out:
        quoted = "; ".join(f"“{sentence}”" for sentence in left_out)
        notes.append(f"{subject} leaves out {len(left_out)} sentence(s) the model wrote that no article supports: "
                     f"{quoted}")
    if not text.strip():
        notes.append(f"{subject} is empty: every sentence the model wrote was left out")
    return tuple(notes)


def _tidy(text: str, words: WordRange, check: SupportCheck) -> str:
    """The summary as shown: finished sentences within ``words.most``, only those an article supports, with
    words the model ran together split back.

    When no sentence is supported the summary stays as written, and attribution marks every sentence; a
    sentence that carries an injected instruction's payload, or a word no article or dictionary knows, never
    stays."""
    text = check.wording.repair(text)
    names = check.wording.names
    return (finish_summary(text, words.most, keep=check, names=names)
            or finish_summary(text, words.most, keep=check.safe, names=names))


def listening(model: SummaryModel, heard: Heard | None) -> AbstractContextManager[object]:
    """``model.listening(heard)`` where someone listens and the model streams; else nothing."""
    listen = getattr(model, "listening", None)
    return listen(heard) if heard is not None and listen is not None else nullcontext()


def _lengthen(model: SummaryModel, requests: Sequence[Sequence[str]], generations: list[Generation],
              checks: Sequence[SupportCheck], job: Job, batch_size: int, on_text: Heard | None) -> list[Generation]:
    """Continue each summary that is under ``job.words.least`` words once tidied, from its last full sentence.

    Instruction models stop early whatever the prompt asks, and tidying drops an unfinished last sentence
    and unsupported ones; the minimum-new-tokens floor alone leaves summaries short, so the model is asked
    to go on writing.
    """
    words = job.words
    for _ in range(MAX_CONTINUATIONS):
        tidied = [_tidy(g.text, words, check) for g, check in zip(generations, checks, strict=True)]
        short = [i for i, text in enumerate(tidied) if word_count(text) < words.least]
        if not short:
            break
        heard = None if on_text is None else \
            lambda row, text, short=short, tidied=tidied: on_text(short[row], f"{tidied[short[row]]} {text}")
        try:  # the same words as the first call, so its prompt (and a back end's saved state of it) carries over
            with listening(model, heard):
                outputs = model.summarize([requests[i] for i in short], task=job.task, words=words,
                                          batch_size=batch_size, starts=[tidied[i] for i in short])
        except InputError:  # no room left in the context or the decoder: the summaries stay as written
            break
        for i, out in zip(short, outputs, strict=True):
            before = generations[i]
            generations[i] = Generation(f"{tidied[i]} {out.text.strip()}".strip(),
                                        before.input_tokens + out.input_tokens,
                                        before.output_tokens + out.output_tokens)
    return generations
