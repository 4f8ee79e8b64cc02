"""The one public API: articles in, stories out, each with per-article summaries and one combined summary.

Flow: read and clean (``documents``) -> group into stories (``chunker``) -> plan and write the summaries
(``generation``, with a model from ``models``) -> conflicts between sources (``checks``) -> ``SummaryResult``.
Every cut is budgeted, fairly across articles, and written into the notes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.cache import CacheError, ResultCache
from summarizer.checks.attribution import unused_documents
from summarizer.checks.conflicts import find_conflicts
from summarizer.chunker import Chunker, Story, TfidfChunker, label_story
from summarizer.documents import Document, load_documents
from summarizer.drafts import OnDraft
from summarizer.errors import InputError
from summarizer.generation.headlines import with_headlines
from summarizer.generation.plan import Plan, plan_story, resolve_route
from summarizer.generation.summaries import article_summaries, story_summaries
from summarizer.generation.timeline import with_timeline
from summarizer.models import BackendChoice, SummaryModel, choose_backend, load_model, load_presets
from summarizer.models.extractive import ExtractiveModel
from summarizer.models.usage import CONTINUED, Meter, Usage, since
from summarizer.progress import Progress, Span, quiet
from summarizer.results import DocumentSummary, StorySummary, SummaryResult
from summarizer.settings import Route, SettingsError, SummarySettings

if TYPE_CHECKING:
    from summarizer.index import StoryIndex
    from summarizer.updates import UpdateReport

Input = str | Path | Document

_SHARED_CACHE = ResultCache()
# The model's stages as SummaryResult.usage names them, in the order a result lists them.
_USAGE_ORDER = ("documents", "documents continued", "stories", "stories continued", "headlines",
                "headlines continued")


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
        self._choice: BackendChoice | None = None if isinstance(model, str) else BackendChoice(name)
        self._chunker = chunker
        self.cache = cache if cache is not None else ResultCache()

    @property
    def runs(self) -> str:
        """The model that runs: the one named, or the same weights under llama.cpp where that is much faster
        (``models.choose_backend``); decided on first use, without loading anything."""
        return self._backend().runs

    @property
    def model_given(self) -> bool:
        """Whether the model was handed in as an object, not named: then no other process can load it."""
        return self._model_given

    def _backend(self) -> BackendChoice:
        if self._choice is None:
            self._choice = choose_backend(self.settings.model)
        return self._choice

    @property
    def model(self) -> SummaryModel:
        """The model, loaded on first use (presets come from an in-process cache)."""
        if self._model is None:
            self._model = ExtractiveModel() if self.runs == "extractive" else load_model(self.runs)
        return self._model

    def update(self, index: StoryIndex, documents: Iterable[Input] | Input = (), *, today: date | None = None,
               progress: Progress | None = None, engine: str = "local", workers: int = 1) -> UpdateReport:
        """Add articles to a story index and summarize again only the stories that gained some, saying what is
        new in each (``updates.update_index``; ``engine="ray"`` spreads the summaries over ``workers``)."""
        from summarizer.updates import update_index  # on use: summarizing alone needs no index

        return update_index(self, index, documents, today=today, progress=progress, engine=engine, workers=workers)

    def summarize(self, inputs: Iterable[Input] | Input, *, progress: Progress | None = None,
                  use_cache: bool = True, on_draft: OnDraft | None = None, **overrides: Any) -> SummaryResult:
        """Summarize articles given as texts, paths (files or folders) or ``Document`` objects.

        Args:
            inputs: the articles; a single string or path is one input.
            progress: called as ``progress(message, fraction_done)`` at each step.
            on_draft: hears each summary as the model writes it (a ``Draft``, unchecked), combined summaries
                first; raising from it stops the run. A cached result has no drafts.
            use_cache: ``False`` leaves the cache out: the model runs, and the result is not stored.
            **overrides: settings for this call only (``length``, ``group``, ...; not ``model``).

        Returns:
            A ``SummaryResult``; every input is accounted for in its stories, notes or skipped list.
        """
        if "model" in overrides and overrides["model"] != self.settings.model:
            raise SettingsError("a Summarizer keeps one model: create another to use a different one")
        settings = replace(self.settings, **overrides) if overrides else self.settings
        report = progress or quiet
        started = time.perf_counter()
        timings: dict[str, float] = {}

        report("Reading articles", 0.0)
        items = [inputs] if isinstance(inputs, str | Path | Document) else list(inputs)
        loaded = load_documents(items)
        _check_limits(loaded.documents, settings)
        notes = [note for d in loaded.documents for note in _reading_notes(d)]
        machine_note = self._backend().note  # why this machine runs another model than the one named, if it does
        notes += [machine_note] if machine_note else []
        notes += [f"⚠ {warning}"] if (warning := self._warning()) else []  # "⚠": the UI's status line shows it

        key = self.cache.key(loaded.documents, settings.model, {**settings.to_dict(), **self._identity(),
                                                                "resolved_route": self._resolved_route(settings)}) \
            if use_cache else None
        cached = self.cache.get(key) if key else None
        if cached is not None:
            report("Done (from the result cache)", 1.0)
            return replace(cached, from_cache=True, skipped=loaded.skipped, usage={},  # no model ran
                           timings={"total_s": round(time.perf_counter() - started, 3)})

        report("Grouping articles into stories", 0.05)
        stories = self._group(loaded.documents, settings)
        timings["group_s"] = time.perf_counter() - started

        report(f"Loading model {self.runs}", 0.1)
        mark = time.perf_counter()
        model = self.model
        timings["load_s"] = time.perf_counter() - mark

        plans = [plan_story(model, story, settings) for story in stories]
        stage = _Stages(model, timings)
        # Combined summaries first, where they do not read the per-article ones: they are what the reader came
        # for, so a streaming reader sees one within seconds.
        first = [plan for plan in plans if plan.route not in (Route.SINGLE, Route.FUSED)]
        with stage("stories"):
            early = story_summaries(model, first, {}, settings, Span(report, 0.15, 0.45), on_draft)
        wanted = [d for plan in plans for d in plan.story.documents
                  if settings.document_summaries or plan.route in (Route.SINGLE, Route.FUSED)]
        lone = {plan.story.documents[0].id: plan.story.id for plan in plans if plan.route == Route.SINGLE}
        with stage("documents"):
            summaries, doc_notes = article_summaries(model, wanted, lone, settings, Span(report, 0.45, 0.85),
                                                     on_draft)
        with stage("stories"):
            late = story_summaries(model, [plan for plan in plans if plan not in first], summaries, settings,
                                   Span(report, 0.85, 0.9), on_draft)
        stories_written = _in_plan_order(plans, early, late, summaries if settings.document_summaries else {})
        with stage("headlines"):
            stories_written = with_headlines(model, stories_written, settings.batch_size, Span(report, 0.9, 0.97))
        usage = stage.usage()
        report("Finding figures the sources report differently", 0.98)
        final = tuple(_with_conflicts(replace(story, notes=tuple(n for d in story.documents
                                                                 for n in doc_notes.get(d.id, ())) + story.notes))
                      for story in stories_written)
        timings["total_s"] = time.perf_counter() - started
        report("Done", 1.0)
        result = SummaryResult(stories=final, model=model.name, settings=settings.to_dict(),
                               timings={k: round(v, 3) for k, v in timings.items()}, notes=tuple(notes),
                               skipped=loaded.skipped, usage=usage)
        if key:
            try:
                self.cache.put(key, result)
            except CacheError as error:  # a lost speed-up, not a lost result
                result = replace(result, notes=(*result.notes, f"The result was not cached: {error}"))
        return result

    def _warning(self) -> str:
        """The running preset's warning (presets.toml ``warning``), read without loading the model."""
        return getattr(self._preset(), "warning", "")

    def _identity(self) -> dict[str, Any]:
        """What besides the settings decides a result: the chunker's parameters and the model's preset.

        The preset holds the prompts, generation settings and pinned weights, so editing presets.toml or
        reinstalling other weights never serves an old result. Read from the file, so no model is loaded, and
        the same before and after loading. A hub id or folder that is no preset is known by its name only:
        after replacing the weights in such a folder, pass ``use_cache=False`` or clear a disk cache.
        """
        chunker = None if self._chunker is None else {"class": type(self._chunker).__name__,
                                                        **{k: repr(v) for k, v in vars(self._chunker).items()}}
        preset = self._preset()
        return {"chunker": chunker, "preset": None if preset is None else repr(preset),
                "dtype": os.environ.get("SUMMARIZER_DTYPE", "")}

    def _preset(self) -> Any:
        """The running model's preset: a given model's own, else read from presets.toml (no model loaded)."""
        return getattr(self._model, "preset", None) if self._model_given else load_presets().get(self.runs)

    def _resolved_route(self, settings: SummarySettings) -> str:
        """The route ``settings.route`` gives this model (``plan.resolve_route``), without loading it.

        In the cache key since ``auto`` changed meaning (``facts`` for chat models from 2026-12-05): the
        package version in the key is not bumped with such changes, so a disk cache would serve results of
        the old meaning. A hub id or folder that is no preset has no kind before loading; its key holds the
        chat models' resolution, the same before and after loading.
        """
        if self._model_given:
            kind = self._model.kind
        else:
            kind = ExtractiveModel.kind if self.runs == "extractive" else getattr(self._preset(), "kind", None)
        return (resolve_route(kind, settings) if kind else settings.combined_route).value

    def _group(self, documents: Sequence[Document], settings: SummarySettings) -> list[Story]:
        if not settings.group:
            return [Story(id="story-1", label=label_story(documents), documents=tuple(documents))]
        chunker = self._chunker or TfidfChunker(**({} if settings.threshold is None
                                                   else {"threshold": settings.threshold}))
        return chunker.group(documents)


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


class _Stages:
    """Times and meters the model's stages of one run (``with stage("documents"): ...``); a stage may run twice.

    ``timings`` gets ``<stage>_s``; ``usage()`` is the model's usage per stage as a result stores it."""

    def __init__(self, model: Any, timings: dict[str, float]) -> None:
        self.model, self.timings = model, timings
        self._usage: dict[str, Usage] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        before, mark = _meter_totals(self.model), time.perf_counter()
        yield
        self.timings[f"{name}_s"] = self.timings.get(f"{name}_s", 0.0) + time.perf_counter() - mark
        for kind, used in since(before, _meter_totals(self.model)).items():
            key = f"{name} continued" if kind == CONTINUED else name
            self._usage[key] = self._usage.get(key, Usage()) + used

    def usage(self) -> dict[str, dict[str, float]]:
        return {key: self._usage[key].to_dict() for key in _USAGE_ORDER if key in self._usage}


def _in_plan_order(plans: Sequence[Plan], early: list[StorySummary], late: list[StorySummary],
                   summaries: dict[str, DocumentSummary]) -> list[StorySummary]:
    """The stories in plan order; those written before the per-article summaries get theirs (when asked for)."""
    by_id = {story.id: story for story in late}
    by_id.update({story.id: replace(story, document_summaries=tuple(summaries[d.id] for d in story.documents
                                                                      if d.id in summaries))
                  for story in early})
    return [by_id[plan.story.id] for plan in plans]


def _meter_totals(model: Any) -> dict[str, Usage]:
    """The model's usage so far; none for a model object without a meter (not derived from SummaryModel).

    The model is shared and cached across runs, so a stage's usage is the difference of two of these."""
    meter = getattr(model, "meter", None)
    return meter.snapshot() if isinstance(meter, Meter) else {}


def _with_conflicts(story: StorySummary) -> StorySummary:
    """The story with the figures its articles report differently, the articles no sentence draws on, and its
    dated timeline."""
    return with_timeline(replace(story, conflicts=find_conflicts(story.documents),
                                 unused_documents=unused_documents(story.sentences, story.documents)))


def _reading_notes(doc: Document) -> list[str]:
    """How an article was read: its encoding when not UTF-8, how many web leftovers cleaning removed, and each
    passage addressed to a model that was taken out before anything read it."""
    return ([f"{doc.id}: {doc.read_as}"] if doc.read_as else []) + (
        [f"{doc.id}: cleaning removed {len(doc.removed)} item(s)"] if doc.removed else []) + [
        f"{doc.id}: text addressed to a model ({found.kind}, in the {found.where}) was removed before summarizing: "
        f"“{found.text}”" for found in doc.injections]


def summarize(inputs: Iterable[Input] | Input, *, model: str | SummaryModel = "default",
              chunker: Chunker | None = None, progress: Progress | None = None, cache: ResultCache | None = None,
              use_cache: bool = True, on_draft: OnDraft | None = None, **settings: Any) -> SummaryResult:
    """Summarize articles in one call: ``summarize(["a.txt", "b.html"], model="default", length="short")``.

    Models stay loaded in the process, and results are cached: the same articles with the same model and
    settings return the earlier result without running the model. ``cache=ResultCache(directory=...)``
    keeps results on disk across processes; ``use_cache=False`` runs the model anyway. See ``Summarizer``.
    """
    # Models named by preset share one process-wide result cache; a model object given directly gets its own.
    if cache is None and isinstance(model, str):
        cache = _SHARED_CACHE
    return Summarizer(model, chunker=chunker, cache=cache, **settings).summarize(inputs, progress=progress,
                                                                                 use_cache=use_cache, on_draft=on_draft)
