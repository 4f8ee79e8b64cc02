"""The story index's tables, and the check every open makes: is this an index, and one this code can read?

Dates and times are ISO text (they sort as text, on both engines); JSON is text. The dialects differ here
only in the binary type (``BLOB`` in SQLite, ``BYTEA`` in PostgreSQL) and in SQLite's ``WITHOUT ROWID`` for
the one table that is all key.
"""

from __future__ import annotations

from summarizer.errors import StoryIndexError
from summarizer.index.database import Database

__all__ = ["SCHEMA_VERSION", "TABLES", "ensure_schema", "statements"]

SCHEMA_VERSION = 1  # raise it with a migration in ensure_schema whenever a table changes

# meta keys: schema_version, story_counter (the last story number handed out: ids are never reused),
# assigner_state (the assigner's own bytes, base64).
_TABLES = {
    "meta": """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    # id is "a-" + 16 hex of text_hash, the sha256 of the normalised text (duplicates.py): the same text
    # is the same article, whatever file it came in. text is the cleaned text, so a story can be summarized
    # again without the original files; cleaning holds what cleaning removed and the injections found
    # (JSON), which the output guard needs. date is the date the article is placed at (its own when it has
    # a usable one); date_note says why when it is not its own. seq is the arrival order.
    "articles": """CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        cleaning TEXT NOT NULL,
        date TEXT,
        date_note TEXT,
        text_hash TEXT NOT NULL UNIQUE,
        signature {blob},
        seq INTEGER NOT NULL UNIQUE,
        story_id TEXT,
        duplicate_of TEXT,
        added_at TEXT NOT NULL)""",
    # first_seen/last_seen: naive UTC datetimes, ISO text. changed_seq: the highest seq that changed the
    # story's members; summarized_seq: the changed_seq its latest summary covered (NULL: never summarized).
    "stories": """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY,
        headline TEXT,
        label TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        size INTEGER NOT NULL,
        centroid {blob} NOT NULL,
        changed_seq INTEGER NOT NULL,
        summarized_seq INTEGER)""",
    # A story absorbed by a merge: its id keeps resolving to the survivor (chains are kept one step long).
    "aliases": """CREATE TABLE IF NOT EXISTS aliases (
        alias TEXT PRIMARY KEY,
        story_id TEXT NOT NULL)""",
    "summaries": """CREATE TABLE IF NOT EXISTS summaries (
        story_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        model TEXT NOT NULL,
        settings TEXT NOT NULL,
        article_ids TEXT NOT NULL,
        result TEXT NOT NULL,
        new_article_ids TEXT NOT NULL,
        PRIMARY KEY (story_id, version))""",
    # MinHash LSH bands: articles sharing a band_key are near-duplicate candidates. The primary key's
    # index starts with band_key, so a lookup by band_key does not scan; in SQLite the table is that index
    # (WITHOUT ROWID), which halves the largest table of the file (20 rows per article).
    "minhash_bands": """CREATE TABLE IF NOT EXISTS minhash_bands (
        band_key TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band_key, article_id)){key_only}""",
}
TABLES: tuple[str, ...] = tuple(_TABLES)

_INDEXES = (
    # a story's members (story_documents, merges) without scanning every article
    "CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id, date, seq)",
    # the recent stories handed to the assigner, and listings newest first
    "CREATE INDEX IF NOT EXISTS stories_last_seen ON stories (last_seen)",
    # rewriting aliases that pointed to a story absorbed in its turn
    "CREATE INDEX IF NOT EXISTS aliases_story ON aliases (story_id)",
)
_DIALECT = {"sqlite": {"blob": "BLOB", "key_only": " WITHOUT ROWID"}, "postgresql": {"blob": "BYTEA", "key_only": ""}}


def statements(dialect: str) -> list[str]:
    """The statements that create the index's tables and indexes in ``dialect`` (all idempotent).

    >>> any("BYTEA" in s for s in statements("postgresql")), any("BYTEA" in s for s in statements("sqlite"))
    (True, False)
    """
    return [sql.format(**_DIALECT[dialect]) for sql in _TABLES.values()] + list(_INDEXES)


def ensure_schema(db: Database, *, create: bool) -> None:
    """Check that ``db`` holds a story index this code can read; make an empty one if it holds nothing.

    Raises:
        StoryIndexError: the database has other tables and no index, there is no index and ``create`` is
            False, or the index was written by a newer version (both version numbers are named).
    """
    if "meta" not in db.tables():
        _create(db, create)
    row = db.one("SELECT value FROM meta WHERE key = 'schema_version'")
    version = _integer(row[0]) if row else None
    if version is None:
        raise StoryIndexError(f"story index {db.name}: not a story index (its meta table has no schema version)")
    if version > SCHEMA_VERSION:
        raise StoryIndexError(
            f"story index {db.name}: written by a newer version of summarizer (index schema version {version}; "
            f"this version reads up to {SCHEMA_VERSION}): upgrade summarizer to use it")
    # version < SCHEMA_VERSION: migrations go here when SCHEMA_VERSION first rises.


def _create(db: Database, create: bool) -> None:
    """Create the tables in a database that has none of them (under the write lock: two first writers agree)."""
    with db.transaction():
        tables = db.tables()
        if "meta" in tables:
            return  # another process made it while this one waited for the lock
        foreign = sorted(tables) if db.dialect == "sqlite" else sorted(tables & set(TABLES))
        if foreign:
            raise StoryIndexError(f"story index {db.name}: not a story index (a database with other tables: "
                                  f"{', '.join(foreign[:5])})")
        if not create:
            raise StoryIndexError(f"story index {db.name}: no index there (it is made by adding articles to it)")
        for sql in statements(db.dialect):
            db.query(sql)
        db.execute_many("INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("schema_version", str(SCHEMA_VERSION)), ("story_counter", "0")])


def _integer(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
