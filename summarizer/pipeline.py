"""The main job: articles in, stories out, each with per-article summaries and one combined summary.

Flow: load and clean -> group into stories -> per-article summaries (batched) -> combined summary of each
story -> result. Every cut is budgeted here, fairly across articles, and written into the notes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from summarizer.cache import CacheError, ResultCache
from summarizer.checks.attribution import SupportCheck, attribute, unused_documents
from summarizer.checks.conflicts import find_conflicts
from summarizer.chunker import Chunker, Story, TfidfChunker, label_story
from summarizer.documents import Document, load_documents
from summarizer.errors import InputError
from summarizer.generation.postprocess import finish_summary
from summarizer.models import Generation, SummaryModel, Task, load_model, load_presets, preset_to_run
from summarizer.models.extractive import ExtractiveModel
from summarizer.results import DocumentSummary, StorySummary, SummaryResult
from summarizer.selection import Selection, select
from summarizer.settings import SettingsError, SummarySettings
from summarizer.text import word_count

Progress = Callable[[str, float], None]
Input = str | Path | Document

# Below this many tokens per article a combined prompt cannot say anything about each article: the
# story is then summarized from the per-article summaries instead (the "fused" fallback).
MIN_ARTICLE_TOKENS = 48
# A summary shorter than its minimum once tidied is continued from where it stops, at most this often.
MAX_CONTINUATIONS = 2

_SHARED_CACHE = ResultCache()


@dataclass(frozen=True)
class _Plan:
    """How one story's combined summary is made: the route, the article texts the model reads, the cuts."""

    story: Story
    route: str
    articles: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    room: int = 0  # tokens available for article text in the combined prompt


def _quiet(message: str, fraction: float) -> None:
    """The default progress callback: reports nowhere."""


class Summarizer:
    """Summarizes news articles: groups them into stories, summarizes each article and each story.

    The model loads on first use and stays loaded, so one ``Summarizer`` serves many calls.

    Args:
        model: a preset name, model folder, hub id, ``"extractive"``, or a loaded model object.
        chunker: anything with ``group(documents) -> list[Story]``; default ``TfidfChunker``.
        cache: where results are remembered (same articles, model and settings are summarized once);
            default an in-memory ``ResultCache``; pass ``ResultCache(directory=...)`` to keep them on disk.
        **settings: any other ``SummarySettings`` field (``length``, ``group``, ``route``, ...).

    >>> s = Summarizer(model="extractive", length="short")
    >>> s.summarize(["The river rose two metres overnight. Families left by boat."]).stories[0].route
    'single'
    """

    def __init__(self, model: str | SummaryModel = "default", *, chunker: Chunker | None = None,
                 cache: ResultCache | None = None, **settings: Any):
        name = model if isinstance(model, str) else model.name
        self.settings = SummarySettings(model=name, **settings)
        self._model: SummaryModel | None = None if isinstance(model, str) else model
        self._model_given = self._model is not None
        self._runs: tuple[str, str] | None = None if isinstance(model, str) else (name, "")
        self._chunker = chunker
        self.cache = cache if cache is not None else ResultCache()

    @property
    def runs(self) -> str:
        """The model that runs: the one named, or the same weights under llama.cpp where that is much faster
        (``models.preset_to_run``); decided on first use, without loading anything."""
        return self._run()[0]

    def _run(self) -> tuple[str, str]:
        """(model that runs, note for the results when this machine decided it)."""
        if self._runs is None:
            self._runs = preset_to_run(self.settings.model)
        return self._runs

    @property
    def model(self) -> SummaryModel:
        """The model, loaded on first use (presets come from an in-process cache)."""
        if self._model is None:
            self._model = ExtractiveModel() if self.runs == "extractive" else load_model(self.runs)
        return self._model

    def summarize(self, inputs: Iterable[Input] | Input, *, progress: Progress | None = None,
                  use_cache: bool = True, **overrides: Any) -> SummaryResult:
        """Summarize articles given as texts, paths (files or folders) or ``Document`` objects.

        Args:
            inputs: the articles; a single string or path is one input.
            progress: called as ``progress(message, fraction_done)`` at each step.
            use_cache: ``False`` leaves the cache out: the model runs, and the result is not stored.
            **overrides: settings for this call only (``length``, ``group``, ...; not ``model``).

        Returns:
            A ``SummaryResult``; every input is accounted for in its stories, notes or skipped list.
        """
        if "model" in overrides and overrides["model"] != self.settings.model:
            raise SettingsError("a Summarizer keeps one model: create another to use a different one")
        settings = replace(self.settings, **overrides) if overrides else self.settings
        report = progress or _quiet
        started = time.perf_counter()
        timings: dict[str, float] = {}

        report("Reading articles", 0.0)
        items = [inputs] if isinstance(inputs, str | Path | Document) else list(inputs)
        loaded = load_documents(items)
        _check_limits(loaded.documents, settings)
        notes = [note for d in loaded.documents for note in _reading_notes(d)]
        machine_note = self._run()[1]  # why this machine runs another model than the one named, if it does
        notes += [machine_note] if machine_note else []

        key = self.cache.key(loaded.documents, settings.model, {**settings.to_dict(), **self._identity()}) \
            if use_cache else None
        cached = self.cache.get(key) if key else None
        if cached is not None:
            report("Done (from the result cache)", 1.0)
            return replace(cached, from_cache=True, skipped=loaded.skipped,
                           timings={"total_s": round(time.perf_counter() - started, 3)})

        report("Grouping articles into stories", 0.05)
        stories = self._group(loaded.documents, settings)
        timings["group_s"] = time.perf_counter() - started

        report(f"Loading model {self.runs}", 0.1)
        mark = time.perf_counter()
        model = self.model
        timings["load_s"] = time.perf_counter() - mark

        plans = [self._plan(model, story, settings) for story in stories]
        mark = time.perf_counter()
        wanted = [d for plan in plans for d in plan.story.documents
                  if settings.document_summaries or plan.route in ("single", "fused")]
        lone = {plan.story.documents[0].id for plan in plans if plan.route == "single"}
        summaries, doc_notes = self._document_summaries(model, wanted, lone, settings, report)
        timings["documents_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        results = self._combined(model, plans, summaries, settings, report)
        timings["stories_s"] = time.perf_counter() - mark
        report("Checking each sentence against the sources", 0.98)
        final = tuple(_checked(replace(story, notes=tuple(n for d in story.documents for n in doc_notes.get(d.id, ()))
                                       + story.notes)) for story in results)
        timings["total_s"] = time.perf_counter() - started
        report("Done", 1.0)
        result = SummaryResult(stories=final, model=model.name, settings=settings.to_dict(),
                               timings={k: round(v, 3) for k, v in timings.items()}, notes=tuple(notes),
                               skipped=loaded.skipped)
        if key:
            try:
                self.cache.put(key, result)
            except CacheError as error:  # a lost speed-up, not a lost result
                result = replace(result, notes=(*result.notes, f"The result was not cached: {error}"))
        return result

    def _identity(self) -> dict[str, Any]:
        """What besides the settings decides a result: the chunker's parameters and the model's preset.

        The preset holds the prompts, generation settings and pinned weights, so editing presets.toml or
        reinstalling other weights never serves an old result. Read from the file, so no model is loaded, and
        the same before and after loading. A hub id or folder that is no preset is known by its name only:
        after replacing the weights in such a folder, pass ``use_cache=False`` or clear a disk cache.
        """
        chunker = None if self._chunker is None else {"class": type(self._chunker).__name__,
                                                        **{k: repr(v) for k, v in vars(self._chunker).items()}}
        preset = (getattr(self._model, "preset", None) if self._model_given
                  else load_presets().get(self.runs))
        return {"chunker": chunker, "preset": None if preset is None else repr(preset),
                "dtype": os.environ.get("SUMMARIZER_DTYPE", "")}

    def _group(self, documents: Sequence[Document], settings: SummarySettings) -> list[Story]:
        if not settings.group:
            return [Story(id="story-1", label=label_story(documents), documents=tuple(documents))]
        chunker = self._chunker or TfidfChunker(**({} if settings.threshold is None
                                                   else {"threshold": settings.threshold}))
        return chunker.group(documents)

    def _document_summaries(self, model: SummaryModel, documents: Sequence[Document], lone: set[str],
                            settings: SummarySettings,
                            report: Progress) -> tuple[dict[str, DocumentSummary], dict[str, list[str]]]:
        """Each article's own summary, in batches; an article over its budget keeps its central sentences.

        An article alone in its story is summarized at the story's length: that summary is the story's.
        """
        summaries: dict[str, DocumentSummary] = {}
        notes: dict[str, list[str]] = {}
        groups = [("document", [d for d in documents if d.id not in lone]),
                  ("story", [d for d in documents if d.id in lone])]
        done = 0
        for length, docs in groups:
            if not docs:
                continue
            words = settings.words(length)
            room = model.article_budget("document", 1, words)
            budget = min(settings.document_tokens, room)
            requests: list[list[str]] = []
            for doc in docs:
                text = _with_title(doc)
                total = model.count_tokens(text)
                if total > budget:
                    kept = select([text], budget, measure=model.count_tokens)[0]
                    text = kept.text
                    notes.setdefault(doc.id, []).append(
                        f"{doc.id}: its summary read {kept.kept} of {total} tokens (the most central sentences; "
                        f"limit {budget} tokens an article)")
                requests.append([text])
            start = 0.15 + 0.45 * done / len(documents)
            done += len(docs)
            checks = [SupportCheck([doc]) for doc in docs]
            generations = self._generate(model, requests, checks, "document", words, settings, report, start,
                                         0.15 + 0.45 * done / len(documents), "Summarizing article")
            for doc, g, check in zip(docs, generations, checks, strict=True):
                summaries[doc.id] = DocumentSummary(doc.id, doc.title, g.text, g.input_tokens, g.output_tokens)
                notes.setdefault(doc.id, []).extend(_left_out_note(f"{doc.id}: its summary", check, g.text))
        return {doc.id: summaries[doc.id] for doc in documents}, notes

    def _plan(self, model: SummaryModel, story: Story, settings: SummarySettings) -> _Plan:
        """Decide how a story's combined summary is made and what the model reads for it."""
        docs = story.documents
        if len(docs) == 1:
            return _Plan(story, "single")
        room = model.article_budget("story", len(docs), settings.words("story"))
        if room < len(docs):
            raise InputError(f"{story.id} ({story.label}): {len(docs)} articles cannot be read together by model "
                             f"'{model.name}' (context {model.context_length} tokens, {room} left for articles): "
                             "summarize fewer at once, or use a model with a longer context")
        if room < MIN_ARTICLE_TOKENS * len(docs):
            return _Plan(story, "fused", room=room, notes=(
                f"{len(docs)} articles are too many to read together in {room} tokens: the combined summary "
                "was written from the per-article summaries",))
        texts = [_with_title(d) for d in docs]
        route = settings.combined_route
        if route == "select":
            chosen = select(texts, settings.selection_words)
            if sum(model.count_tokens(c.text) for c in chosen) > room:
                route = "whole"  # the selection itself does not fit: select by tokens instead
        if route == "whole":
            chosen = select(texts, room, measure=model.count_tokens)
        unit = "words" if route == "select" else "tokens"
        notes = _cut_note(docs, chosen, f"the most central sentences ({unit} kept/total)")
        route = "extractive" if model.kind == "extractive" else route
        return _Plan(story, route, tuple(c.text for c in chosen), notes)

    def _combined(self, model: SummaryModel, plans: Sequence[_Plan], summaries: dict[str, DocumentSummary],
                  settings: SummarySettings, report: Progress) -> list[StorySummary]:
        """One combined summary per story, generated in batches; a lone article's summary is its own."""
        words = settings.words("story")
        requests: list[list[str]] = []
        checks: list[SupportCheck] = []
        cuts: dict[str, tuple[str, ...]] = {}  # story id -> note on per-article summaries cut to fit (fused)
        for plan in plans:
            if plan.route == "single":
                continue
            checks.append(SupportCheck(plan.story.documents))
            if plan.route == "fused":
                fused = select([f"{summaries[d.id].title}\n{summaries[d.id].summary}" for d in plan.story.documents],
                               plan.room, measure=model.count_tokens)
                requests.append([c.text for c in fused])
                cuts[plan.story.id] = _cut_note(plan.story.documents, fused, "the most central sentences of the "
                                                "per-article summaries (tokens kept/total)")
            else:
                requests.append(list(plan.articles))
        generated = iter(zip(self._generate(model, requests, checks, "story", words, settings, report, 0.6, 1.0,
                                            "Writing combined summary"), checks, strict=True))
        results = []
        for plan in plans:
            story = plan.story
            own = tuple(summaries[d.id] for d in story.documents if d.id in summaries)
            notes = plan.notes + cuts.get(story.id, ())
            if plan.route == "single":
                text = own[0].summary
            else:
                generation, check = next(generated)
                text = generation.text
                notes += _left_out_note(f"{story.id}: the combined summary", check, text)
            results.append(StorySummary(story.id, story.label, story.documents, own, text, plan.route, notes))
        return results

    def _generate(self, model: SummaryModel, requests: list[list[str]], checks: Sequence[SupportCheck], task: Task,
                  words: tuple[int, int], settings: SummarySettings, report: Progress, start: float, end: float,
                  label: str) -> list[Generation]:
        """Run requests in batches of similar length (less padding), reporting progress; tidied results in
        order, each keeping only the sentences its check finds supported."""
        order = sorted(range(len(requests)), key=lambda i: -sum(len(t) for t in requests[i]))
        results: dict[int, Generation] = {}
        size = settings.batch_size
        for first in range(0, len(order), size):
            batch = order[first:first + size]
            report(f"{label} {first + 1}-{first + len(batch)} of {len(order)}",
                   start + (end - start) * first / max(len(order), 1))
            outputs = model.summarize([requests[i] for i in batch], task=task, words=words, batch_size=size)
            results.update(zip(batch, outputs, strict=True))
        generations = [results[i] for i in range(len(requests))]
        if model.kind != "extractive":
            generations = _lengthen(model, requests, generations, checks, task, words, size)
        return [replace(g, text=_tidy(g.text, words, check)) for g, check in zip(generations, checks, strict=True)]


def _tidy(text: str, words: tuple[int, int], check: SupportCheck) -> str:
    """The summary as shown: finished sentences within ``words[1]``, only those an article supports.

    When no sentence is supported the summary stays as written, and attribution marks every sentence."""
    return finish_summary(text, words[1], keep=check) or finish_summary(text, words[1])


def _lengthen(model: SummaryModel, requests: list[list[str]], generations: list[Generation],
              checks: Sequence[SupportCheck], task: Task, words: tuple[int, int],
              batch_size: int) -> list[Generation]:
    """Continue each summary that is under ``words[0]`` words once tidied, from its last full sentence.

    Instruction models stop early whatever the prompt asks, and tidying drops an unfinished last sentence
    and unsupported ones; the minimum-new-tokens floor alone leaves summaries short, so the model is asked
    to go on writing.
    """
    for _ in range(MAX_CONTINUATIONS):
        tidied = [_tidy(g.text, words, check) for g, check in zip(generations, checks, strict=True)]
        short = [i for i, text in enumerate(tidied) if word_count(text) < words[0]]
        if not short:
            break
        have = [word_count(tidied[i]) for i in short]
        # One range for the batch, set by its shortest start: a batch runs until its longest output ends
        # anyway, and the final tidy cuts anything past words[1].
        more = (max(1, words[0] - min(have)), max(1, words[1] - min(have)))
        try:
            outputs = model.summarize([requests[i] for i in short], task=task, words=more,
                                      batch_size=batch_size, starts=[tidied[i] for i in short])
        except InputError:  # no room left in the context or the decoder: the summaries stay as written
            break
        for i, out in zip(short, outputs, strict=True):
            before = generations[i]
            generations[i] = Generation(f"{tidied[i]} {out.text.strip()}".strip(),
                                        before.input_tokens + out.input_tokens,
                                        before.output_tokens + out.output_tokens)
    return generations


def _check_limits(documents: Sequence[Document], settings: SummarySettings) -> None:
    """Refuse a request over the limits whole, naming what is over, rather than cutting it silently."""
    if len(documents) > settings.max_articles:
        raise InputError(f"{len(documents)} articles are more than the limit of {settings.max_articles} a request: "
                         "split them, or use `summarizer batch` for large collections")
    for doc in documents:
        if len(doc.text) > settings.max_article_chars:
            raise InputError(f"{doc.id} ({doc.source}) has {len(doc.text):,} characters, more than the limit of "
                             f"{settings.max_article_chars:,} an article")
    total = sum(len(doc.text) for doc in documents)
    if total > settings.max_total_chars:
        raise InputError(f"the articles have {total:,} characters in all, more than the limit of "
                         f"{settings.max_total_chars:,} a request: split them, or use `summarizer batch`")


def _checked(story: StorySummary) -> StorySummary:
    """The story with its summary's sentences traced to their sources and its conflicting figures listed."""
    sentences = attribute(story.summary, story.documents)
    return replace(story, sentences=sentences, conflicts=find_conflicts(story.documents),
                   unused_documents=unused_documents(sentences, story.documents))


def _left_out_note(subject: str, check: SupportCheck, text: str) -> tuple[str, ...]:
    """A note quoting the sentences the model wrote that were left out of ``text`` because no article
    supports them; none when nothing was left out."""
    left_out = [sentence for sentence in check.unsupported if sentence not in text]
    if not left_out:
        return ()
    quoted = "; ".join(f"“{sentence}”" for sentence in left_out)
    return (f"{subject} leaves out {len(left_out)} sentence(s) the model wrote that no article supports: {quoted}",)


def _cut_note(docs: Sequence[Document], chosen: Sequence[Selection], read: str) -> tuple[str, ...]:
    """A note naming each article cut to fit and how much of it was kept; none when nothing was cut."""
    cut = [f"{d.id} {c.kept}/{c.total}" for d, c in zip(docs, chosen, strict=True) if not c.complete]
    return (f"the combined summary read {read}: {', '.join(cut)}",) if cut else ()


def _reading_notes(doc: Document) -> list[str]:
    """How an article was read: its encoding when not UTF-8, and how many web leftovers cleaning removed."""
    return ([f"{doc.id}: {doc.read_as}"] if doc.read_as else []) + (
        [f"{doc.id}: cleaning removed {len(doc.removed)} item(s)"] if doc.removed else [])


def _with_title(doc: Document) -> str:
    """The article as the model sees it: headline, then body."""
    return f"{doc.title}\n\n{doc.text}" if doc.title and not doc.text.startswith(doc.title) else doc.text


def summarize(inputs: Iterable[Input] | Input, *, model: str | SummaryModel = "default",
              chunker: Chunker | None = None, progress: Progress | None = None, cache: ResultCache | None = None,
              use_cache: bool = True, **settings: Any) -> SummaryResult:
    """Summarize articles in one call: ``summarize(["a.txt", "b.html"], model="default", length="short")``.

    Models stay loaded in the process, and results are cached: the same articles with the same model and
    settings return the earlier result without running the model. ``cache=ResultCache(directory=...)``
    keeps results on disk across processes; ``use_cache=False`` runs the model anyway. See ``Summarizer``.
    """
    # Models named by preset share one process-wide result cache; a model object given directly gets its own.
    if cache is None and isinstance(model, str):
        cache = _SHARED_CACHE
    return Summarizer(model, chunker=chunker, cache=cache, **settings).summarize(inputs, progress=progress,
                                                                                 use_cache=use_cache)
