"""Where a story index lives: one SQLite file by default (no server), or PostgreSQL by URL, behind one small
``Database`` that runs the same SQL on both.

Queries are written once, with ``?`` placeholders, in SQL both engines run (``INSERT ... ON CONFLICT``, no
AUTOINCREMENT); what differs (placeholder style, the write lock, the driver's errors, listing tables) is
here and nowhere else. Every failure a user can meet (locked, corrupt, not a database, no folder, no server)
becomes a ``StoryIndexError`` that names the index and the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from summarizer.errors import StoryIndexError

__all__ = ["BUSY_TIMEOUT", "INSTALL_HINT", "Database", "connect", "is_url"]

BUSY_TIMEOUT = 5.0  # seconds a writer waits for another one before it is told the index is in use
INSTALL_HINT = "pip install 'summarizer[postgres]'"
IN_USE = "in use by another process (one writer at a time: wait for it to finish, then run again)"
_POSTGRES = ("postgresql://", "postgres://")
_LOCK_KEY = 0x5355_4D4D  # the advisory lock one PostgreSQL database's index writers take ("SUMM")


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a server rather than a file.

    >>> is_url("postgresql://localhost/news"), is_url("news.db"), is_url("sqlite:///news.db")
    (True, False, False)
    """
    return str(target).startswith(_POSTGRES)


def connect(target: str | Path, *, create: bool = True, busy_timeout: float = BUSY_TIMEOUT) -> Database:
    """Open the database of a story index.

    Args:
        target: a file path or ``sqlite:///path`` (SQLite, created with its folder when missing and ``create``),
            or a ``postgresql://user:password@host/database`` URL (needs ``psycopg``).
        create: make a missing SQLite file; when False a missing file is an error.
        busy_timeout: seconds a write waits for another process's write before failing.

    Raises:
        StoryIndexError: the file is missing (``create=False``), its folder cannot be made, it is not a
            database, the server cannot be reached, or psycopg is not installed.

    >>> import tempfile, pathlib
    >>> db = connect(pathlib.Path(tempfile.mkdtemp()) / "news.db")
    >>> db.dialect, db.query("SELECT 1 + ?", (1,))
    ('sqlite', [(2,)])
    >>> db.close()
    """
    text = str(target)
    if is_url(text):
        return _connect_postgres(text, busy_timeout)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]  # sqlite:///relative.db, sqlite:////absolute/path.db
    elif "://" in text:
        raise StoryIndexError(f"{text}: not a story index address (give a file path, sqlite:///path or "
                              f"postgresql://...)")
    return _connect_sqlite(Path(text).expanduser(), create, busy_timeout)


class Database:
    """One connection, the SQL dialect's few differences, and errors a user can act on.

    Statements run in autocommit mode outside ``transaction()``; inside it they commit together or not at all.
    """

    def __init__(self, connection: Any, dialect: str, name: str, *, busy_timeout: float) -> None:
        self.dialect = dialect  # "sqlite" or "postgresql": schema.py picks the few type names by it
        self.name = name  # how messages name the index: its path, or its URL without the password
        self._connection = connection
        self._busy_timeout = busy_timeout
        self._depth = 0  # transaction() nesting: only the outermost one begins and commits

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; its rows (empty for statements that return none)."""
        with self._errors():
            cursor = self._connection.execute(*self._statement(sql, params))
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""
        rows = list(rows)
        if not rows:
            return
        with self._errors():
            if self.dialect == "sqlite":
                self._connection.executemany(sql, rows)
            else:
                statement, _ = self._statement(sql, rows[0])
                with self._connection.cursor() as cursor:
                    cursor.executemany(statement, rows)

    def tables(self) -> set[str]:
        """Names of the tables in the database (in PostgreSQL: in the connection's current schema)."""
        if self.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        return {name for (name,) in self.query(sql)}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together, or none do: on an exception (or a killed process) the
        database is as before. Takes the index's write lock first, so a second writer fails after
        ``busy_timeout`` seconds instead of interleaving. Nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.dialect == "sqlite":
            with self._errors():
                self._connection.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write
            self._depth = 1
            try:
                yield
                with self._errors():
                    self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
        else:
            with self._errors(), self._connection.transaction():
                # lock_timeout 0 would mean "wait forever": at least one millisecond.
                self._connection.execute(f"SET LOCAL lock_timeout = {max(1, round(self._busy_timeout * 1000))}")
                self._connection.execute(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        self._connection.close()

    def _statement(self, sql: str, params: Sequence[Any]) -> tuple[str, Sequence[Any] | None]:
        """The statement as the driver takes it: psycopg's placeholder is %s (so a literal % is doubled)."""
        if self.dialect == "sqlite":
            return sql, params
        if not params:
            return sql, None
        return sql.replace("%", "%%").replace("?", "%s"), params

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors a user can meet, as a StoryIndexError naming the index; others (bugs) stay as they are."""
        try:
            yield
        except StoryIndexError:
            raise
        except Exception as error:
            reason = (_sqlite_reason if self.dialect == "sqlite" else _postgres_reason)(error)
            if reason is None:
                raise
            raise StoryIndexError(f"story index {self.name}: {reason}") from error


def _connect_sqlite(path: Path, create: bool, busy_timeout: float) -> Database:
    """A SQLite file in WAL mode (readers never wait for the writer) with a busy timeout for writers."""
    name = str(path)
    if path.is_dir():
        raise StoryIndexError(f"story index {name}: is a folder, not an index file")
    if not path.exists():
        if not create:
            raise StoryIndexError(f"story index {name}: no index there (it is made by adding articles to it)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoryIndexError(f"story index {name}: cannot create the folder {path.parent} "
                                  f"({error.strerror or error})") from error
    try:
        connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoryIndexError(f"story index {name}: {_sqlite_reason(error) or error}") from error
    database = Database(connection, "sqlite", name, busy_timeout=busy_timeout)
    try:
        # The first read of the file: a file that is not SQLite fails here, before anything is written.
        database.query("PRAGMA journal_mode = WAL")
    except BaseException:
        connection.close()
        raise
    return database


def _connect_postgres(url: str, busy_timeout: float) -> Database:
    """A psycopg connection in autocommit mode (transactions are explicit, as with SQLite)."""
    name = _without_password(url)
    try:
        import psycopg  # optional: only an index on a server needs it
    except ImportError as error:
        raise StoryIndexError(f"story index {name}: PostgreSQL needs psycopg: {INSTALL_HINT}") from error
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(busy_timeout)))
    except psycopg.Error as error:
        raise StoryIndexError(f"story index {name}: cannot connect ({_first_line(error)})") from error
    return Database(connection, "postgresql", name, busy_timeout=busy_timeout)


def _sqlite_reason(error: BaseException) -> str | None:
    """What a SQLite error means for the user, or None for one that is a bug in this code."""
    message = str(error)
    lowered = message.lower()
    if not isinstance(error, sqlite3.OperationalError) and type(error) is not sqlite3.DatabaseError:
        return None  # integrity, programming and interface errors are this code's mistakes
    if "locked" in lowered or "busy" in lowered:
        return IN_USE
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return f"not a story index: the file is corrupt or not a database ({message})"
    if "unable to open" in lowered:
        return f"cannot open the file ({message})"
    if "readonly" in lowered or "read-only" in lowered or "disk" in lowered:
        return f"cannot write to it ({message})"
    if "no such table" in lowered or "no such column" in lowered:
        return None  # the schema check runs first: a missing table here is a bug, not the user's file
    return message


def _postgres_reason(error: BaseException) -> str | None:
    """What a psycopg error means for the user, or None for one that is a bug in this code."""
    import psycopg

    if isinstance(error, psycopg.errors.LockNotAvailable):
        return IN_USE
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return f"not allowed ({_first_line(error)})"
    if isinstance(error, psycopg.OperationalError):
        return f"the server failed ({_first_line(error)})"
    return None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _without_password(url: str) -> str:
    """A URL fit for messages and logs.

    >>> _without_password("postgresql://ann:secret@db.example:5432/news")
    'postgresql://ann@db.example:5432/news'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))
