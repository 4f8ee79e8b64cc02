"""A persistent story index: articles arrive over days, each joins the most similar recent story or opens a
new one, story ids stay stable across runs, and merges leave aliases that still resolve.

Modules, one job each: ``assign`` (which story an article joins: pure, no database), ``consolidate``
(which recent stories the whole-set chunker would have joined: merged after each add), ``store`` (the
``StoryIndex``), ``adding`` (its write path), ``database`` (SQLite or PostgreSQL behind one interface),
``schema`` (the tables), ``duplicates`` (exact and near copies), ``placement`` (the date each article is
placed at) and ``rows`` (what the index hands back).
"""

from summarizer.index.assign import Assigner, Assignment, Incoming, StoryState
from summarizer.index.database import INSTALL_HINT, connect
from summarizer.index.duplicates import text_hash
from summarizer.index.rows import (
    ADDED,
    ALREADY_INDEXED,
    EXACT_DUPLICATE,
    NEAR_DUPLICATE,
    OPENED,
    AddReport,
    ArticleOutcome,
    StoredArticle,
    StoryRow,
    SummaryRow,
)
from summarizer.index.schema import SCHEMA_VERSION
from summarizer.index.store import StoryIndex

__all__ = [
    "ADDED", "ALREADY_INDEXED", "EXACT_DUPLICATE", "INSTALL_HINT", "NEAR_DUPLICATE", "OPENED", "SCHEMA_VERSION",
    "AddReport", "ArticleOutcome", "Assigner", "Assignment", "Incoming", "StoredArticle", "StoryIndex", "StoryRow",
    "StoryState", "SummaryRow", "connect", "text_hash",
]
