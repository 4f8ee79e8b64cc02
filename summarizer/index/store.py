"""``StoryIndex``: a persistent index of stories that articles join over days, with stable story ids.

One SQLite file by default, or a PostgreSQL database by URL (``database.py``). Every write is one
transaction, so an interrupted update leaves the index as it was and running it again gives the same index
as an uninterrupted run; adding the same articles again changes nothing at all. Which story an article joins
is decided by an ``Assigner`` (``assign.py``); this module only keeps what it decides.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.documents import Document, unique_id
from summarizer.errors import StoryIndexError
from summarizer.index.adding import add_documents, moment
from summarizer.index.assign import Assigner
from summarizer.index.consolidate import Consolidator
from summarizer.index.database import BUSY_TIMEOUT, Database, connect
from summarizer.index.rows import AddReport, StoredArticle, StoryRow, SummaryRow
from summarizer.index.schema import TABLES, ensure_schema
from summarizer.results import document_from_dict

__all__ = ["StoryIndex"]

_PRIMARY_KEYS = {"meta": "key", "articles": "seq", "stories": "id", "aliases": "alias",
                 "summaries": "story_id, version", "minhash_bands": "band_key, article_id"}
_WALL_CLOCK = {"added_at", "created_at"}  # left out of dump(): two equal indexes differ in these
_CONSOLIDATOR = Consolidator()  # holds settings only: one instance serves every add


class StoryIndex:
    """A story index: articles, the stories they form, their summaries, and the aliases merges leave.

    Open it with ``StoryIndex.open(target)``; use it as a context manager (or call ``close``).

    >>> import tempfile, pathlib
    >>> with StoryIndex.open(pathlib.Path(tempfile.mkdtemp()) / "news.db") as index:
    ...     index.stories(), index.stale_stories()
    ([], [])
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True, busy_timeout: float = BUSY_TIMEOUT) -> StoryIndex:
        """Open the index at ``target``: a file path or ``sqlite:///path`` (SQLite), or a ``postgresql://``
        URL. A missing file (or an empty database) becomes an empty index unless ``create`` is False.

        Raises:
            StoryIndexError: missing (``create=False``), not an index, corrupt, written by a newer version,
                its folder cannot be made, or the server cannot be reached.
        """
        db = connect(target, create=create, busy_timeout=busy_timeout)
        try:
            ensure_schema(db, create=create)
        except BaseException:
            db.close()
            raise
        return cls(db)

    @property
    def name(self) -> str:
        """The index's path or URL (without a password), as messages name it."""
        return self._db.name

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StoryIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def add(self, documents: Sequence[Document], assigner: Assigner, *, today: date | None = None,
            consolidator: Consolidator | None = _CONSOLIDATOR) -> AddReport:
        """Add articles, in one transaction: all of them are added or (on any error) none.

        An article whose text is already in the index is reported and skipped, so adding the same input again
        changes nothing. A near-duplicate (the same article with another dateline, byline or boilerplate) is
        stored in its original's story, not counted in its size. An article without a usable date (none,
        unparseable, in the future) is placed at the date of the article before it in the input, else the
        newest date in the index, else ``today``, and the report says so. The other new articles go to
        ``assigner`` with the stories last seen within its ``window_days`` of the newest of them; stories it
        opens get fresh ids, merges leave an alias. Then ``consolidator`` regroups the recent stories'
        articles with the whole-set chunker and merges the stories it puts together (the older id survives,
        the other becomes an alias), so a story split when its first articles arrived is joined later.

        Args:
            documents: the articles, in the order they arrived.
            assigner: decides which story each new article joins.
            today: the day dates are checked against (default: today in UTC).
            consolidator: merges recent stories the chunker groups together (default ``Consolidator()``;
                None: no consolidation).

        Raises:
            StoryIndexError: the index is in use by another process, or cannot be written.
        """
        today = today or datetime.now(UTC).date()
        with self._db.transaction():
            return add_documents(self._db, documents, assigner, today, consolidator)

    def resolve(self, story_id: str) -> str:
        """The id a story has now: ``story_id`` itself, or the story it was merged into.

        Raises:
            StoryIndexError: no story has or had this id.
        """
        if self._db.one("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
            return story_id
        row = self._db.one("SELECT story_id FROM aliases WHERE alias = ?", (story_id,))
        if row is None:
            raise StoryIndexError(f"story index {self.name}: no story {story_id!r}")
        return row[0]

    def stories(self, since: date | None = None) -> list[StoryRow]:
        """The stories, most recently seen first (on a tie, by id); with ``since``, only those last seen on
        or after that day."""
        sql = "SELECT id, headline, label, size, first_seen, last_seen, summarized_seq FROM stories"
        params: tuple[Any, ...] = ()
        if since is not None:
            sql, params = sql + " WHERE last_seen >= ?", (since.isoformat(),)
        rows = self._db.query(sql + " ORDER BY last_seen DESC, id", params)
        return [StoryRow(id_, headline or label, size, datetime.fromisoformat(first), datetime.fromisoformat(last),
                         summarized is not None) for id_, headline, label, size, first, last, summarized in rows]

    def story_articles(self, story_id: str) -> list[StoredArticle]:
        """A story's articles in date order (then arrival order), near-duplicates left out; each Document's id
        is its id as given, made unique within the story (``documents.unique_id``) when two share one.

        Raises:
            StoryIndexError: no story has or had this id.
        """
        rows = self._db.query(
            "SELECT id, doc_id, source, title, text, cleaning, date, date_note, seq FROM articles "
            "WHERE story_id = ? AND duplicate_of IS NULL ORDER BY date, seq", (self.resolve(story_id),))
        taken: set[str] = set()
        articles = []
        for id_, doc_id, source, title, text, cleaning, day, note, seq in rows:
            name = unique_id(doc_id, taken)
            taken.add(name)
            own = day if note is None else None  # a placed date is the index's guess, not the article's
            document = document_from_dict({"id": name, "title": title, "text": text, "source": source,
                                           "date": own, **json.loads(cleaning)})
            articles.append(StoredArticle(id_, document, date.fromisoformat(day) if day else None, note, seq))
        return articles

    def story_documents(self, story_id: str) -> list[Document]:
        """A story's articles as Documents, in date order, near-duplicates left out (see ``story_articles``)."""
        return [article.document for article in self.story_articles(story_id)]

    def stale_stories(self) -> list[str]:
        """Ids of the stories whose articles changed since their latest summary (or never summarized)."""
        return [id_ for (id_,) in self._db.query(
            "SELECT id FROM stories WHERE summarized_seq IS NULL OR changed_seq > summarized_seq ORDER BY id")]

    def record_summary(self, story_id: str, *, article_ids: Sequence[str], model: str, settings: dict[str, Any],
                       result: dict[str, Any], new_article_ids: Sequence[str], headline: str | None = None) -> int:
        """Record a summary of a story (in its own transaction) and return its version (1, 2, ...).

        The story's headline becomes ``headline`` (default: the result's, or its first story's). The story
        counts as summarized only when ``article_ids`` covers every article it has now: a summary of an older
        state (articles joined meanwhile) is kept, but the story stays stale.

        Args:
            story_id: the story (an alias is resolved).
            article_ids: index ids of the articles summarized.
            model, settings: what made the summary (settings and result must be JSON data).
            result: the summary (e.g. ``SummaryResult.to_dict()``).
            new_article_ids: the articles whose facts no earlier summary reported.

        Raises:
            StoryIndexError: unknown story, or the index is in use by another process.
        """
        headline = headline if headline is not None else _headline(result)
        with self._db.transaction():
            story = self.resolve(story_id)
            version = (self._db.one("SELECT MAX(version) FROM summaries WHERE story_id = ?", (story,))[0] or 0) + 1
            self._db.query(
                "INSERT INTO summaries (story_id, version, created_at, model, settings, article_ids, result, "
                "new_article_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (story, version, moment(datetime.now(UTC).replace(tzinfo=None)), model, _json(settings),
                 _json(list(article_ids)), _json(result), _json(list(new_article_ids))))
            members = {id_ for (id_,) in self._db.query(
                "SELECT id FROM articles WHERE story_id = ? AND duplicate_of IS NULL", (story,))}
            covered = "changed_seq" if members <= set(article_ids) else "summarized_seq"
            self._db.query(f"UPDATE stories SET headline = COALESCE(?, headline), summarized_seq = {covered} "
                           "WHERE id = ?", (headline or None, story))
        return version

    def latest_summary(self, story_id: str) -> SummaryRow | None:
        """The newest summary of the story ``story_id`` resolves to, or None when it has none."""
        versions = self._summaries(self.resolve(story_id), latest=True)
        return versions[0] if versions else None

    def summary_versions(self, story_id: str) -> list[SummaryRow]:
        """Every summary of the story ``story_id`` resolves to, oldest first, then those of the stories merged
        into it (each row says which story it was made for)."""
        story = self.resolve(story_id)
        merged = [alias for (alias,) in self._db.query(
            "SELECT alias FROM aliases WHERE story_id = ? ORDER BY alias", (story,))]
        return [row for id_ in [story, *merged] for row in self._summaries(id_)]

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as plain data, rows in key order, binary values as hex, without the wall-clock
        columns (``added_at``, ``created_at``): two indexes holding the same things dump equal."""
        tables = {}
        for table in TABLES:
            columns = self._columns(table)
            rows = self._db.query(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_PRIMARY_KEYS[table]}")
            tables[table] = [{column: _plain(value) for column, value in zip(columns, row, strict=True)
                              if column not in _WALL_CLOCK} for row in rows]
        return tables

    def _columns(self, table: str) -> list[str]:
        """A table's column names, in order."""
        if self._db.dialect == "sqlite":
            return [row[1] for row in self._db.query(f"PRAGMA table_info({table})")]
        return [name for (name,) in self._db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", (table,))]

    def _summaries(self, story: str, *, latest: bool = False) -> list[SummaryRow]:
        rows = self._db.query(
            "SELECT story_id, version, created_at, model, settings, article_ids, result, new_article_ids "
            f"FROM summaries WHERE story_id = ? ORDER BY version{' DESC LIMIT 1' if latest else ''}", (story,))
        return [SummaryRow(id_, version, created, model, json.loads(settings), tuple(json.loads(articles)),
                           json.loads(result), tuple(json.loads(new)))
                for id_, version, created, model, settings, articles, result, new in rows]


def _headline(result: dict[str, Any]) -> str | None:
    """The headline a summary result carries: its own, or its first story's."""
    if result.get("headline"):
        return str(result["headline"])
    stories = result.get("stories") or []
    first = stories[0] if stories and isinstance(stories[0], dict) else {}
    return first.get("headline") or None


def _json(data: Any) -> str:
    """JSON text as stored: keys sorted, so equal data is equal text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    """A column value as dump() shows it: bytes (SQLite BLOB, PostgreSQL bytea/memoryview) as hex."""
    return bytes(value).hex() if isinstance(value, bytes | memoryview) else value
