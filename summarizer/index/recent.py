"""The recent stories' centroids, decoded once and kept by the assigner between calls.

Every call compares about 50 new articles with the thousands of stories seen within the window, and from
one call to the next only the few dozen stories that gained articles change. Decoding every centroid on
every call, then scanning all their stored terms for the few the new articles use, took half of a call
(2026-12-06, 5,600 recent stories: 30 of 112 ms). So the stories are kept term by term (each column's
stories: the new articles' columns pick exactly the stored terms they meet), and what changed since is
scanned as before, until it grows to a quarter of the kept terms and everything is indexed again.

A cache only: a story is reused when its id, centroid bytes, dates and size are those it was kept with, so the
results are those of decoding everything afresh, to the last bit (both sum a dot product over the shared
columns in column order).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

from summarizer.index.hashing import FEATURES
from summarizer.index.vectors import Centroids, used_columns

if TYPE_CHECKING:
    from summarizer.index.assign import StoryState

__all__ = ["RecentCentroids", "RecentStories", "day", "naive"]

_EPOCH = datetime(2000, 1, 1)
# Rebuild the column-major part when the stories scanned one by one hold this share of its terms.
_REBUILD_SHARE = 0.25


class RecentCentroids:
    """One call's recent stories (in the order given), read as ``Centroids`` is: ``rows`` and ``dots``."""

    def __init__(self, stories: Sequence[StoryState], by_column: csr_matrix, indexed: np.ndarray,
                 positions: np.ndarray, scanned: Centroids, scanned_positions: np.ndarray) -> None:
        self._stories = stories
        self._by_column = by_column  # (FEATURES, indexed stories): values of each column's stories
        self._indexed, self._positions = indexed, positions  # column of by_column -> place in this call
        self._scanned, self._scanned_positions = scanned, scanned_positions

    def __len__(self) -> int:
        return len(self._stories)

    def rows(self, which: Sequence[int]) -> csr_matrix:
        """The centroids ``which`` as rows of a (len(which), FEATURES) float64 matrix."""
        return Centroids([self._stories[i].centroid for i in which]).rows()

    def dots(self, vectors: csr_matrix) -> np.ndarray:
        """Dot product of every story with every row of ``vectors`` (sorted indices): (len(self), rows)."""
        out = np.zeros((len(self), vectors.shape[0]))
        if len(self._positions) and vectors.nnz:
            columns, _, articles = used_columns(vectors)
            out[self._positions] = (articles @ self._by_column[columns]).toarray()[:, self._indexed].T
        if len(self._scanned_positions):
            out[self._scanned_positions] = self._scanned.dots(vectors)
        return out


class RecentStories:
    """What the assigner keeps of the stories between calls: memory bounded by the recent stories (those
    gone from the calls are dropped at the next rebuild), never by the stories that went quiet."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[StoryState, int]] = {}  # id -> the StoryState kept, its slot
        self._by_column = csr_matrix((FEATURES, 0))  # slots below its width are indexed by column
        self._terms = 0  # stored terms in _by_column
        self._numbers = np.zeros((0, 3))  # each slot's first and last seen (days since 2000) and size
        self._slot_count = 0

    @property
    def nbytes(self) -> int:
        """Bytes of the column index and the slots' numbers. The centroid bytes are not counted: they are the
        ``StoryState``s' the store passed, held here until the next rebuild also for stories no longer sent."""
        by_column = self._by_column
        return (by_column.data.nbytes + by_column.indices.nbytes + by_column.indptr.nbytes
                + self._numbers.nbytes)

    def load(self, stories: Sequence[StoryState], since: float) -> tuple[list[StoryState], RecentCentroids,
                                                                         np.ndarray]:
        """The stories last seen on or after day ``since`` (days since 2000), their centroids for one call,
        and for each its first and last seen days and its size in articles (at least 1): (len, 3). Stories
        before ``since`` are left out before their centroids are read, as the store would not send them.

        Raises ``StoryIndexError`` for a centroid that is not in this format, as ``Centroids`` does.
        """
        slots = self._slots(stories)
        inside = self._numbers[slots, 1] >= since
        stories = [story for story, keep in zip(stories, inside.tolist(), strict=True) if keep]
        slots = slots[inside]
        scanned_positions = np.flatnonzero(slots >= self._by_column.shape[1])
        scanned_terms = sum(len(stories[i].centroid) for i in scanned_positions.tolist()) // 8
        if scanned_terms > _REBUILD_SHARE * self._terms or self._slot_count > 2 * len(stories):
            slots = self._rebuild(stories)
            scanned_positions = scanned_positions[:0]
        old = slots < self._by_column.shape[1]
        positions = np.flatnonzero(old)
        scanned = Centroids([stories[i].centroid for i in scanned_positions.tolist()])
        centroids = RecentCentroids(stories, self._by_column, slots[old], positions,
                                    scanned, scanned_positions)
        return stories, centroids, self._numbers[slots]

    def _slots(self, stories: Sequence[StoryState]) -> np.ndarray:
        """Each story's slot: the one it was kept in when unchanged, else a new one."""
        slots = []
        kept = self._kept
        for story in stories:
            entry = kept.get(story.id)
            if entry is None or not (entry[0] is story or _same(entry[0], story)):
                entry = kept[story.id] = (story, self._slot_count)
                if self._slot_count == len(self._numbers):
                    self._numbers = np.concatenate([self._numbers, np.zeros((max(self._slot_count, 64), 3))])
                self._numbers[self._slot_count] = _numbers(story)
                self._slot_count += 1
            slots.append(entry[1])
        return np.array(slots, dtype=np.int64)

    def _rebuild(self, stories: Sequence[StoryState]) -> np.ndarray:
        """Index this call's stories by column as slots 0..n-1 and forget every other."""
        whole = Centroids([story.centroid for story in stories])
        by_story = whole.rows()
        self._by_column = by_story.T.tocsr()
        self._terms = by_story.nnz
        self._kept = {story.id: (story, n) for n, story in enumerate(stories)}
        self._numbers = np.array([_numbers(story) for story in stories], dtype=np.float64).reshape(-1, 3)
        self._slot_count = len(stories)
        return np.arange(len(stories))


def _same(kept: StoryState, story: StoryState) -> bool:
    """The story as it was kept (the store reads a fresh copy of each from its tables on every call)."""
    return (kept.centroid == story.centroid and kept.first_seen == story.first_seen
            and kept.last_seen == story.last_seen and kept.size == story.size)


def _numbers(story: StoryState) -> tuple[float, float, float]:
    return day(story.first_seen), day(story.last_seen), float(max(story.size, 1))


def naive(moment: datetime) -> datetime:
    """The date as naive UTC, as the index keeps dates."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def day(moment: datetime) -> float:
    """Days since 2000-01-01 of a date (naive UTC; an aware one is converted to UTC first)."""
    return (naive(moment) - _EPOCH).total_seconds() / 86400.0
