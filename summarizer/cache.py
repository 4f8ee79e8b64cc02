"""A cache of summary results, so the same articles with the same model and settings are summarized once.

Two layers: an in-memory LRU of ``max_items`` results, and optionally a folder with one JSON file per key
that survives restarts and is shared by processes (files are written atomically, so a reader never sees half
a file; a file that cannot be read is removed and counts as a miss).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from summarizer.documents import Document
from summarizer.errors import SummarizerError
from summarizer.results import SummaryResult
from summarizer.storage import write_atomic

__all__ = ["CacheError", "ResultCache", "package_version"]

log = logging.getLogger(__name__)

_KEY = re.compile(r"[0-9a-f]{64}")  # a SHA-256 hex digest: also a safe file name


class CacheError(SummarizerError):
    """The cache cannot be used as asked: a bad size, folder, key or setting."""


def package_version() -> str:
    """The installed summarizer version; results of another version never match (the code may differ)."""
    try:
        return metadata.version("summarizer")
    except metadata.PackageNotFoundError:  # run from a source checkout without `pip install -e .`
        return "source"


class ResultCache:
    """Remembers ``SummaryResult`` objects by a key made from the articles, the model and the settings.

    Args:
        max_items: results kept in memory; the least recently used is evicted first.
        directory: a folder for the disk layer (created when missing); ``None`` keeps results in memory only.

    >>> cache = ResultCache(max_items=2)
    >>> key = cache.key([Document("d1", "Flood", "The river rose.", "pasted")], "extractive", {"length": "short"})
    >>> cache.get(key) is None
    True
    """

    def __init__(self, max_items: int = 32, directory: Path | None = None) -> None:
        if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
            raise CacheError(f"max_items must be an integer of at least 1, not {max_items!r}")
        self.max_items = max_items
        self.directory = None if directory is None else Path(directory).expanduser()
        if self.directory is not None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CacheError(f"cache folder {self.directory}: cannot create it "
                                 f"({error.strerror or error})") from error
        self._memory: OrderedDict[str, SummaryResult] = OrderedDict()
        self._lock = threading.Lock()  # the UI serves requests from several threads

    @staticmethod
    def key(documents: Sequence[Document], model_id: str, settings: dict[str, Any]) -> str:
        """A SHA-256 hex key for these articles (in order), this model and these settings.

        Everything that can change a result is in it: each article's id, title, text, source, date,
        cleaning record and encoding (shown in notes), the model, the settings and the package version.

        Raises:
            CacheError: a setting is not plain JSON data (its value could not be compared reliably).
        """
        if not isinstance(model_id, str) or not model_id:
            raise CacheError(f"model_id must be a non-empty string, not {model_id!r}")
        canonical = {
            "version": package_version(),
            "model": model_id,
            "settings": settings,
            "documents": [[d.id, d.title, d.text, d.source, d.date, list(d.removed), d.read_as]
                          for d in documents],
        }
        try:
            text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as error:
            raise CacheError(f"settings cannot be part of a cache key: {error}") from error
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> SummaryResult | None:
        """The result stored under ``key``, or ``None``; a disk hit is also kept in memory."""
        self._check(key)
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        result = self._read(key)
        if result is not None:
            self._remember(key, result)
        return result

    def put(self, key: str, result: SummaryResult) -> None:
        """Store ``result`` under ``key`` in memory and, when there is a folder, on disk."""
        self._check(key)
        if not isinstance(result, SummaryResult):
            raise CacheError(f"only a SummaryResult can be cached, not {type(result).__name__}")
        self._remember(key, result)
        if self.directory is not None:
            self._write(key, result)

    def __len__(self) -> int:
        """Results held in memory."""
        return len(self._memory)

    def _check(self, key: str) -> None:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise CacheError(f"cache key must be a SHA-256 hex digest from ResultCache.key, not {key!r}")

    def _remember(self, key: str, result: SummaryResult) -> None:
        with self._lock:
            self._memory[key] = result
            self._memory.move_to_end(key)
            while len(self._memory) > self.max_items:
                self._memory.popitem(last=False)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> SummaryResult | None:
        """The result in the key's file, or None when there is none or it is damaged (then it is removed)."""
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            return self._discard(path, f"cannot read it ({error})")
        try:
            return SummaryResult.from_json(text)
        except (ValueError, KeyError, TypeError, AttributeError) as error:  # JSONDecodeError is a ValueError
            return self._discard(path, f"not a saved result ({type(error).__name__}: {error})")

    def _discard(self, path: Path, reason: str) -> None:
        # A damaged entry is only a lost speed-up: say so, remove it so it is rewritten, and carry on.
        log.warning("removing cache file %s: %s", path, reason)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("cannot remove cache file %s: %s", path, error)
        return None

    def _write(self, key: str, result: SummaryResult) -> None:
        """Written atomically: readers in other processes see the old file or the new one, never half."""
        assert self.directory is not None
        try:
            write_atomic(self._path(key), result.to_json(indent=None))
        except OSError as error:
            raise CacheError(f"cache file {self._path(key)}: cannot write it ({error.strerror or error})") from error
