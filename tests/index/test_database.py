"""Opening an index: where it is, and every way it can fail, each said in one clear sentence."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from summarizer.errors import StoryIndexError
from summarizer.index import INSTALL_HINT, SCHEMA_VERSION, StoryIndex, connect
from tests.index.fakes import FirstWordAssigner, article


def test_a_path_or_sqlite_url_opens_one_file_made_with_its_folder(tmp_path):
    for target in (tmp_path / "a" / "b" / "news.db", f"sqlite:///{tmp_path}/c/news.db"):
        with StoryIndex.open(target) as index:
            assert index.stories() == []
    assert (tmp_path / "a" / "b" / "news.db").is_file() and (tmp_path / "c" / "news.db").is_file()


def test_a_missing_index_is_an_error_when_it_may_not_be_created(tmp_path):
    with pytest.raises(StoryIndexError, match="no index there"):
        StoryIndex.open(tmp_path / "news.db", create=False)
    assert not (tmp_path / "news.db").exists()


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoryIndexError, match="cannot create the folder .*file"):
        StoryIndex.open(tmp_path / "file" / "news.db")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoryIndexError, match=r"notes\.db: not a story index: .*not a database"):
        StoryIndex.open(path)
    assert path.read_bytes() == b"These are my notes, not a database.\n" * 200


def test_a_database_of_something_else_is_not_taken_for_an_index(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoryIndexError, match="not a story index .*invoices"):
        StoryIndex.open(path)


def test_an_index_from_a_newer_version_names_both_versions(tmp_path):
    path = tmp_path / "news.db"
    StoryIndex.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(StoryIndexError, match=f"newer version .*version {SCHEMA_VERSION + 1}.*up to {SCHEMA_VERSION}"):
        StoryIndex.open(path)


def test_a_second_writer_is_told_the_index_is_in_use(tmp_path):
    path = tmp_path / "news.db"
    StoryIndex.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of an update
    with StoryIndex.open(path, busy_timeout=0.01) as index:
        assert index.stories() == []  # reading does not wait for the writer
        with pytest.raises(StoryIndexError, match="news.db: in use by another process"):
            index.add([article("d1", "River rises")], FirstWordAssigner())
        holder.execute("ROLLBACK")
        assert index.add([article("d1", "River rises")], FirstWordAssigner()).opened == ("s-000001",)
    holder.close()


def test_the_sqlite_file_is_in_wal_mode(tmp_path):
    db = connect(tmp_path / "news.db")
    assert db.query("PRAGMA journal_mode") == [("wal",)]
    db.close()


def test_a_transaction_is_all_or_nothing_and_nested_ones_join_it(tmp_path):
    db = connect(tmp_path / "t.db")
    db.query("CREATE TABLE t (x INTEGER)")
    with pytest.raises(KeyError), db.transaction():
        db.query("INSERT INTO t (x) VALUES (?)", (1,))
        with db.transaction():
            db.query("INSERT INTO t (x) VALUES (?)", (2,))
        raise KeyError("stop")
    assert db.query("SELECT COUNT(*) FROM t") == [(0,)]
    db.close()


def test_an_unknown_address_is_refused():
    with pytest.raises(StoryIndexError, match="mysql://host/news: not a story index address"):
        connect("mysql://host/news")


def test_postgresql_without_psycopg_gives_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    with pytest.raises(StoryIndexError, match="needs psycopg") as caught:
        connect("postgresql://ann:secret@localhost/news")
    assert INSTALL_HINT in str(caught.value) and "secret" not in str(caught.value)


def test_a_server_that_cannot_be_reached_is_named_without_its_password():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'summarizer[postgres]')")
    with pytest.raises(StoryIndexError, match=r"postgresql://ann@127\.0\.0\.1:1/news: cannot connect") as caught:
        connect("postgresql://ann:secret@127.0.0.1:1/news", busy_timeout=1)
    assert "secret" not in str(caught.value)
