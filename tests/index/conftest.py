"""Where the index tests keep their indexes: a SQLite file in tmp_path, and, when SUMMARIZER_TEST_POSTGRES
holds a URL and psycopg is installed, a PostgreSQL schema of its own per index (dropped afterwards), so the
same behaviours are checked on both engines."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

POSTGRES = os.environ.get("SUMMARIZER_TEST_POSTGRES", "")


def _postgres_skip() -> str | None:
    """Why the PostgreSQL runs are skipped, or None when they can run."""
    if not POSTGRES:
        return "SUMMARIZER_TEST_POSTGRES is not set (a postgresql:// URL of a database the tests may use)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'summarizer[postgres]')"
    return None


def _in_schema(url: str, schema: str) -> str:
    """The URL with a search_path, so the index's tables go into ``schema``."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str | Path]]:
    """A maker of fresh, empty index locations on one engine."""
    schemas: list[str] = []

    def make() -> str | Path:
        if request.param == "sqlite":
            return tmp_path / f"index-{uuid.uuid4().hex[:8]}" / "news.db"
        import psycopg

        schema = f"summarizer_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        return _in_schema(POSTGRES, schema)

    if request.param == "postgresql" and (reason := _postgres_skip()):
        pytest.skip(reason)
    yield make
    if schemas:
        import psycopg

        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            for schema in schemas:
                connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def target(new_target: Callable[[], str | Path]) -> str | Path:
    """One fresh index location."""
    return new_target()
