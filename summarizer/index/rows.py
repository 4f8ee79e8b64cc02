"""What the story index hands back: a story's row, a stored article, a recorded summary, and the report of
an ``add`` (what happened to each article, which stories changed, opened or merged)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from summarizer.documents import Document

__all__ = [
    "ADDED", "ALREADY_INDEXED", "EXACT_DUPLICATE", "NEAR_DUPLICATE", "OPENED", "AddReport", "ArticleOutcome",
    "StoredArticle", "StoryRow", "SummaryRow",
]

# What happened to an article given to StoryIndex.add:
ADDED = "added"  # joined an existing story
OPENED = "opened"  # opened a new story
NEAR_DUPLICATE = "near duplicate"  # stored, in its original's story, not counted in its size
EXACT_DUPLICATE = "exact duplicate"  # the same text as another article: not stored again
ALREADY_INDEXED = "already indexed"  # this very article was added before: nothing changed


@dataclass(frozen=True)
class StoryRow:
    """A story as listed: ``headline`` is its latest summary's headline, or its label (the title of the
    article that opened it) until it has one; ``size`` counts its articles without near-duplicates."""

    id: str
    headline: str
    size: int
    first_seen: datetime
    last_seen: datetime
    summarized: bool


@dataclass(frozen=True)
class StoredArticle:
    """An article as the index keeps it: its index ``id``, the ``document`` rebuilt from the stored text (its
    ``date`` is the article's own, None when it had no usable one), the ``day`` it is placed at, the
    ``date_note`` saying why when that is not its own date, and ``seq``, its place in arrival order."""

    id: str
    document: Document
    day: date | None
    date_note: str | None
    seq: int


@dataclass(frozen=True)
class SummaryRow:
    """One recorded summary of a story (``version`` counts from 1 per story)."""

    story_id: str
    version: int
    created_at: str
    model: str
    settings: dict[str, Any]
    article_ids: tuple[str, ...]
    result: dict[str, Any]
    new_article_ids: tuple[str, ...]


@dataclass(frozen=True)
class ArticleOutcome:
    """What ``add`` did with one article.

    ``status`` is one of ADDED, OPENED, NEAR_DUPLICATE, EXACT_DUPLICATE, ALREADY_INDEXED; ``article_id`` its
    id in the index (the stored original's id for an exact copy); ``story_id`` the story it is in (or its
    original is in); ``original`` the article it copies; ``day`` the date it is placed at and ``date_note``
    why, when that is not its own date.

    >>> ArticleOutcome("d1", "a-1", OPENED, "s-000001", day=date(2024, 3, 22)).describe()
    'd1: opened story s-000001'
    """

    doc_id: str
    article_id: str
    status: str
    story_id: str | None
    original: str | None = None
    day: date | None = None
    date_note: str | None = None

    def describe(self) -> str:
        """One line for people: what happened, and where the article was placed in time when it was moved."""
        if self.status == ADDED:
            what = f"added to story {self.story_id}"
        elif self.status == OPENED:
            what = f"opened story {self.story_id}"
        elif self.status in (NEAR_DUPLICATE, EXACT_DUPLICATE):
            what = f"{self.status} of {self.original}" + (f" (story {self.story_id})" if self.story_id else "")
        else:
            what = f"already indexed as {self.article_id}" + (f" (story {self.story_id})" if self.story_id else "")
        return f"{self.doc_id}: {what}" + (f"; {self.date_note}" if self.date_note else "")


@dataclass(frozen=True)
class AddReport:
    """The outcome of one ``StoryIndex.add``: one ``ArticleOutcome`` per article given, in input order;
    ``changed`` the stories that gained articles (opened ones and merge survivors included: the ones to
    summarize again), ``opened`` the new ones, ``merges`` (survivor, absorbed) pairs."""

    articles: tuple[ArticleOutcome, ...]
    changed: tuple[str, ...]
    opened: tuple[str, ...]
    merges: tuple[tuple[str, str], ...]

    @property
    def placed(self) -> tuple[ArticleOutcome, ...]:
        """The articles whose date is not their own (undated, unparseable or in the future)."""
        return tuple(outcome for outcome in self.articles if outcome.date_note)

    def count(self, status: str) -> int:
        """How many articles had this outcome."""
        return sum(outcome.status == status for outcome in self.articles)

    def lines(self) -> list[str]:
        """The report for people: one line per article, then the merges."""
        return [outcome.describe() for outcome in self.articles] + [
            f"story {absorbed} merged into {survivor} (its id still finds it)" for survivor, absorbed in self.merges]
