"""Keeping a story index's summaries current: new articles are added, and only the stories that gained articles
(or are still stale from an earlier run) are summarized again, each as one story, with what is new said first.

A reader who saw yesterday's summary wants today's news, not the whole story again: ``what_is_new`` picks the
sentences of the new summary that a new article supports and that the previous summary did not already say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.documents import Document, load_documents
from summarizer.documents.document import Skipped
from summarizer.errors import InputError, StoryIndexError, SummarizerError
from summarizer.index import AddReport, Assigner, StoryIndex, SummaryRow
from summarizer.progress import Progress, Span, quiet
from summarizer.results import StorySummary, SummaryResult
from summarizer.text import STOP_WORDS, split_sentences, tokens

if TYPE_CHECKING:
    from summarizer.pipeline import Input, Summarizer

__all__ = ["SAME_CONTENT", "WHAT_IS_NEW", "StoryJob", "StoryUpdate", "UpdateReport", "add_articles",
           "make_summaries", "prepare_story", "record_update", "recorded_update", "recorded_what_is_new",
           "story_error", "summarize_story", "update_index", "what_is_new"]

# A sentence whose content words sit at least this much in one sentence of the previous summary says nothing
# new: the model rewords a fact it already reported, so an exact match would call every rewording news.
SAME_CONTENT = 0.6
# The key of a recorded summary's result that holds what was new in it (SummaryResult.from_dict ignores it).
WHAT_IS_NEW = "what_is_new"
FIRST_SUMMARY = "This is the story's first summary: everything in it is new."
NOTHING_NEW = "Nothing its previous summary did not already say."
_ADDING = 0.05  # the progress bar's share for adding the articles; the summaries share the rest


@dataclass(frozen=True)
class StoryUpdate:
    """One story summarized again: its ``version`` (1 for its first summary), the ``result`` (one story),
    the index ids of the articles no earlier summary covered, and the new summary's sentences that report
    them. ``first`` means the story had no summary before: everything in it is new, and ``what_is_new`` is
    empty rather than the whole summary again."""

    story_id: str
    version: int
    result: SummaryResult
    new_article_ids: tuple[str, ...]
    what_is_new: tuple[str, ...]
    first: bool

    @property
    def story(self) -> StorySummary:
        """The summarized story (a result of an index story holds exactly one)."""
        return self.result.stories[0]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as ``summarizer update --format json`` and ``summarizer batch --index`` write it."""
        return {"story_id": self.story_id, "version": self.version, "first": self.first,
                "new_article_ids": list(self.new_article_ids), "what_is_new": list(self.what_is_new),
                "result": self.result.to_dict()}


@dataclass(frozen=True)
class UpdateReport:
    """What one ``update_index`` did: ``added`` says what happened to each article, ``updates`` holds each
    story summarized again (in id order), ``unchanged`` counts the stories left as they were, and
    ``skipped`` the inputs that could not be read."""

    added: AddReport
    updates: tuple[StoryUpdate, ...]
    unchanged: int
    skipped: tuple[Skipped, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether any story was summarized again (a model ran, or a cached result was used)."""
        return bool(self.updates)


def update_index(summarizer: Summarizer, index: StoryIndex, documents: Iterable[Input] | Input = (), *,
                 today: date | None = None, progress: Progress | None = None,
                 assigner: Assigner | None = None, engine: str = "local", workers: int = 1) -> UpdateReport:
    """Add articles to ``index`` and summarize again only the stories that gained articles or are stale.

    The articles go in with one transaction (``StoryIndex.add``): all or none. Then each changed story is
    summarized from all its articles as one story, and the summary recorded with the articles it covers
    and those that are new since the story's previous summary. Each summary is recorded as soon as it is
    made, so a failure part way keeps the finished ones; the rest stay stale and the next update does them.
    Nothing changed (the same articles again, say) means no model runs.

    Args:
        summarizer: makes the summaries (its model and settings; grouping is off: a story is one story).
        index: the story index, open.
        documents: paths, texts or ``Document`` objects as ``load_documents`` reads them; none at all only
            summarizes the stale stories.
        today: the day article dates are checked against (default: today in UTC).
        progress: called as ``progress(message, fraction_done)``.
        assigner: decides which story each new article joins (default: ``Assigner()``).
        engine: ``local`` (this process, ``summarizer``'s model) or ``ray`` (the summaries spread over
            ``workers`` Ray actors, each loading the model ``summarizer`` names; assignment and recording
            stay in this process, the index's one writer).
        workers: Ray actors for ``engine="ray"``.

    Returns:
        An ``UpdateReport``.

    Raises:
        InputError: nothing readable among ``documents``.
        SettingsError: a bad engine or worker count, or ``engine="ray"`` with a model object (not a name).
        BatchError: ``engine="ray"`` without Ray installed.
        StoryIndexError: the index is in use by another process, or cannot be read or written.

    >>> import tempfile, pathlib
    >>> from summarizer.pipeline import Summarizer
    >>> with StoryIndex.open(pathlib.Path(tempfile.mkdtemp()) / "news.db") as index:
    ...     report = update_index(Summarizer("extractive"), index, ["The river rose two metres overnight."])
    >>> [(u.story_id, u.version, u.first) for u in report.updates], report.unchanged
    ([('s-000001', 1, True)], 0)
    """
    from summarizer.batch.engines import check_engine  # on use: an update without Ray needs no batch engine

    check_engine(summarizer, engine, workers)  # before anything is added: a bad option changes nothing
    report = progress or quiet
    report(f"Adding articles to the story index {index.name}", 0.0)
    added, skipped = add_articles(index, documents, assigner, today=today)
    wanted = sorted(set(added.changed) | set(index.stale_stories()))
    made = make_summaries(summarizer, index, wanted, engine=engine, workers=workers,
                          progress=Span(report, _ADDING, 1.0))
    updates = sorted((record_update(index, job, result) for job, result in made), key=lambda u: u.story_id)
    report("Done", 1.0)
    return UpdateReport(added, tuple(updates), len(index.stories()) - len(updates), skipped)


def add_articles(index: StoryIndex, documents: Iterable[Input] | Input, assigner: Assigner | None = None, *,
                 today: date | None = None) -> tuple[AddReport, tuple[Skipped, ...]]:
    """Read ``documents`` as ``load_documents`` does and add them to ``index`` in one transaction (all or
    none); what was added and the inputs that could not be read. Assignment only: no model runs."""
    items = [documents] if isinstance(documents, str | Path | Document) else list(documents)
    loaded = load_documents(items) if items else None
    added = index.add(loaded.documents if loaded else (), assigner or Assigner(), today=today)
    return added, loaded.skipped if loaded else ()


@dataclass(frozen=True)
class StoryJob:
    """What one story's summary is made from, read by the index's one writer before the model runs: its
    articles (index ids and documents), those no earlier summary covered, and the sentences and version
    of its previous summary (``previous_version`` 0: it has none)."""

    story_id: str
    article_ids: tuple[str, ...]
    documents: tuple[Document, ...]
    new_article_ids: tuple[str, ...]
    new_document_ids: frozenset[str]
    previous: tuple[str, ...]
    previous_version: int


def prepare_story(index: StoryIndex, story_id: str) -> StoryJob:
    """Read what a story's summary needs from the index."""
    articles = index.story_articles(story_id)
    previous = index.latest_summary(story_id)
    covered = set(previous.article_ids) if previous else set()
    new = [article for article in articles if article.id not in covered]
    return StoryJob(story_id, tuple(article.id for article in articles), tuple(a.document for a in articles),
                    tuple(article.id for article in new), frozenset(article.document.id for article in new),
                    tuple(_sentences_of(previous.result)) if previous else (), previous.version if previous else 0)


def summarize_story(summarizer: Summarizer, documents: Sequence[Document],
                    progress: Progress | None = None) -> SummaryResult:
    """A story of an index summarized as one story (grouping off), here or in a Ray worker; the request limits
    are raised to the story (``known_limits``), which the index already holds."""
    return summarizer.summarize(list(documents), group=False, progress=progress,
                                **known_limits(summarizer, documents))


def known_limits(summarizer: Summarizer, documents: Sequence[Document]) -> dict[str, int]:
    """The request limits raised to documents already read into memory (a batch chunk, an index story): the
    limits guard against a request too big to take in, and these are taken in; what bounds the work is them."""
    return {"max_articles": max(summarizer.settings.max_articles, len(documents)),
            "max_total_chars": max(summarizer.settings.max_total_chars, sum(len(d.text) for d in documents))}


def make_summaries(summarizer: Summarizer, index: StoryIndex, story_ids: Sequence[str], *, engine: str = "local",
                   workers: int = 1, progress: Progress | None = None) -> Iterator[tuple[StoryJob, SummaryResult]]:
    """Each story's job and new summary, as they are made (in ``story_ids`` order here, in any order from
    Ray); nothing is recorded: the caller records each with ``record_update`` as it comes.

    Raises:
        InputError: a story the summarizer refuses, named; the stories not yet yielded stay stale.
    """
    report = progress or quiet
    if engine == "ray":
        from summarizer.batch.engines import ray_summaries  # on use: Ray is an optional extra

        yield from ray_summaries(summarizer, index, story_ids, workers, report)
        return
    for number, story_id in enumerate(story_ids):
        span = Span(report, number / len(story_ids), (number + 1) / len(story_ids))
        job = prepare_story(index, story_id)
        try:
            result = summarize_story(summarizer, job.documents, lambda message, done, span=span, story_id=story_id:
                                     span(f"{story_id}: {message}", done))
        except InputError as error:
            raise story_error(index, story_id, error) from error
        yield job, result


def story_error(index: StoryIndex, story_id: str, error: SummarizerError) -> SummarizerError:
    """An input error naming the story (its articles' names may not say which one it is); others as they are."""
    return InputError(f"story {story_id} of {index.name}: {error}") if isinstance(error, InputError) else error


def record_update(index: StoryIndex, job: StoryJob, result: SummaryResult) -> StoryUpdate:
    """Record a story's new summary in the index, with what is new in it, and return the update."""
    first = job.previous_version == 0
    new = () if first else what_is_new(result.stories[0], job.previous, job.new_document_ids)
    version = index.record_summary(job.story_id, article_ids=job.article_ids, model=result.model,
                                   settings=result.settings, result={**result.to_dict(), WHAT_IS_NEW: list(new)},
                                   new_article_ids=job.new_article_ids)
    return StoryUpdate(job.story_id, version, result, job.new_article_ids, new, first)


def recorded_update(index: StoryIndex, row: SummaryRow) -> StoryUpdate:
    """A summary recorded earlier, as the update that recorded it reported it."""
    return StoryUpdate(row.story_id, row.version, SummaryResult.from_dict(row.result), row.new_article_ids,
                       recorded_what_is_new(index, row), row.version == 1)


def what_is_new(story: StorySummary, previous: Sequence[str], new_document_ids: Iterable[str]) -> tuple[str, ...]:
    """The sentences of ``story``'s summary that a new article supports and ``previous`` does not already say.

    A sentence says nothing new when at least ``SAME_CONTENT`` of its content words (``text.tokens`` without
    stop words) sit in one sentence of the previous summary.

    Args:
        story: the new summary of the story.
        previous: the sentences of its previous summary.
        new_document_ids: ids (as the story's documents have them) of the articles that are new.

    >>> from summarizer.checks.attribution import SummarySentence, Support
    >>> told = SummarySentence("The bridge closed after cracks were found.", (Support("b", 0, "...", 1.0),))
    >>> fresh = SummarySentence("Ferries will carry commuters until May.", (Support("b", 1, "...", 1.0),))
    >>> old = SummarySentence("The council met on Monday.", (Support("a", 0, "...", 1.0),))
    >>> story = StorySummary("s", "bridge", (), (), "", "select", sentences=(told, fresh, old))
    >>> what_is_new(story, ["Cracks were found and the bridge closed."], {"b"})
    ('Ferries will carry commuters until May.',)
    """
    new_ids = set(new_document_ids)
    before = [_content(sentence) for sentence in previous]
    found = []
    for sentence in story.sentences:
        if not any(source.document_id in new_ids for source in sentence.sources):
            continue
        content = _content(sentence.text)
        if content and not any(len(content & old) >= SAME_CONTENT * len(content) for old in before):
            found.append(sentence.text)
    return tuple(found)


def recorded_what_is_new(index: StoryIndex, row: SummaryRow) -> tuple[str, ...]:
    """What was new in a recorded summary: as ``update_index`` recorded it, or worked out again from the
    version before it when another writer recorded the summary without it (empty for a first summary)."""
    if isinstance(row.result.get(WHAT_IS_NEW), list):
        return tuple(str(text) for text in row.result[WHAT_IS_NEW])
    before = [r for r in index.summary_versions(row.story_id) if r.story_id == row.story_id and r.version < row.version]
    if not before:
        return ()
    # Article ids as the story's documents had them: the index names each article as it names them now.
    names = {article.id: article.document.id for article in index.story_articles(row.story_id)}
    story = SummaryResult.from_dict(row.result).stories[0]
    return what_is_new(story, _sentences_of(before[-1].result),
                       (names[id_] for id_ in row.new_article_ids if id_ in names))


def _sentences_of(result: Mapping[str, Any]) -> list[str]:
    """The summary sentences of a recorded result (read leniently: a result is JSON another version may
    have written), or its summaries split into sentences when it kept no sentence list."""
    found: list[str] = []
    for story in result.get("stories") or ():
        sentences = [s.get("text", "") for s in story.get("sentences") or () if isinstance(s, Mapping)]
        found += sentences or split_sentences(str(story.get("summary", "")))
    return found


def _content(text: str) -> set[str]:
    """The content words of a sentence: its tokens without stop words."""
    return set(tokens(text)) - STOP_WORDS


@dataclass(frozen=True)
class ShownStory:
    """A story's latest summary as read back from an index: the id asked for (``requested``) and the one it
    resolves to (``story_id``: another when it was merged), the recorded ``row`` and its ``result``, what was
    new in it, whether articles joined since (``stale``), and how many summaries the story has (``versions``)
    beside those of the stories merged into it (``merged_versions``)."""

    requested: str
    story_id: str
    row: SummaryRow
    result: SummaryResult
    what_is_new: tuple[str, ...]
    stale: bool
    versions: int
    merged_versions: int

    @property
    def merged(self) -> bool:
        """Whether the id asked for is that of a story merged into this one."""
        return self.story_id != self.requested

    @property
    def first(self) -> bool:
        """Whether this is the story's first summary (everything in it is new)."""
        return self.row.version == 1


def read_story(index: StoryIndex, requested: str) -> ShownStory:
    """The latest summary of the story ``requested`` names (its id, or the id of a story merged into it).

    The one reading of a story that ``summarizer show`` and the web UI's Story index tab share.

    Raises:
        StoryIndexError: no story has or had this id, it has no summary yet, or its summary cannot be read.
    """
    story_id = index.resolve(requested)
    row = index.latest_summary(story_id)
    if row is None:
        raise StoryIndexError(f"story {story_id} has no summary yet: `summarizer update {index.name}` summarizes it")
    new = recorded_what_is_new(index, row)
    versions = index.summary_versions(story_id)
    own = sum(version.story_id == story_id for version in versions)
    try:
        result = SummaryResult.from_dict(row.result)
    except (KeyError, TypeError, ValueError) as error:
        raise StoryIndexError(f"story {story_id}: summary version {row.version} cannot be read "
                              f"({type(error).__name__}: {error})") from error
    return ShownStory(requested, story_id, row, result, new, story_id in index.stale_stories(), own,
                      len(versions) - own)
