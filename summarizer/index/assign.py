"""Online assignment: which recent story each new article joins, which it opens, and which stories merge.

Pure (no database): the store hands ``Assigner.assign`` the new articles, the stories last seen within
``window_days`` of the newest of them, and the state bytes it returned last time; it keeps what comes back.

How: articles and stories live in one fixed hashed space (``vectors``). A story is the sum of its articles'
unit vectors, so the average similarity between the articles of two groups (average linkage, what the
whole-set ``TfidfChunker`` clusters by) is the dot product of their sums over the product of their sizes,
and it can be computed from the stored centroids alone. Each call runs average-linkage agglomeration in
which every pair involves a new article or a group holding one: the most similar pair joins first, until
no pair reaches its threshold. Old stories never split and only merge with each other through a new
article that makes them converge (``merge_threshold``). Similarity is multiplied by a time decay
(``half_life_days``) over the days between the two groups, so last month's story does not swallow today's
article. Memory and time depend on the new articles and the recent stories only, never on stories that
went quiet. ``benchmarks/streaming.py`` chose the defaults (figures in benchmarks/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from summarizer.documents import Document
from summarizer.errors import InputError
from summarizer.index.hashing import term_counts
from summarizer.index.linkage import Linkage
from summarizer.index.recent import RecentStories, day, naive
from summarizer.index.vectors import Frequencies, Items, encode_centroid, weighted
from summarizer.settings import SettingsError

__all__ = [
    "DEFAULT_HALF_LIFE_DAYS", "DEFAULT_MAX_TERMS", "DEFAULT_MERGE_THRESHOLD", "DEFAULT_THRESHOLD", "Assigner",
    "Assignment", "Incoming", "StoryState",
]

# Chosen with consolidation (consolidate.py) on the streaming benchmark (2026-12-06): both its targets met with a
# margin, and an index too small for a consolidation pass splits 11 % of true pairs (0.09 / 0.08: 17 %; the
# 0.065 / 0.06 best without consolidation: 7 %, but with it ARI only at the target's edge).
DEFAULT_THRESHOLD = 0.075
DEFAULT_MERGE_THRESHOLD = 0.07
DEFAULT_HALF_LIFE_DAYS = 7.0
DEFAULT_MAX_TERMS = 384


@dataclass(frozen=True)
class StoryState:
    """What assignment knows of a story in the index; the store persists it as given.

    Args:
        id: the store's stable id (``"s-000001"``), or ``"new-1"``, ``"new-2"``, ... for stories an
            ``Assignment`` opens (the store swaps these for fresh ids when it writes them).
        centroid: opaque to the store (``Assigner`` encodes and decodes it); 8 bytes a term and 8 more.
        size: member articles (near-duplicates not counted).
        first_seen: date of its oldest article (naive UTC).
        last_seen: date of its newest article (naive UTC).
    """

    id: str
    centroid: bytes
    size: int
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Incoming:
    """A new article: its id in the index, the document, and its date (or the date it was placed at)."""

    key: str
    document: Document
    when: datetime


@dataclass(frozen=True)
class Assignment:
    """What one call decided.

    Args:
        story_of: each ``Incoming.key`` -> an existing story id or ``"new-N"``.
        stories: the new state of every story that changed or opened (absorbed stories are not in it).
        merges: (survivor, absorbed) for two existing stories that converged; the survivor is the one with
            the earlier ``first_seen`` (on a tie the lower id). The store moves the absorbed story's articles.
        state: the assigner's running state (document frequencies), handed back on the next call.
    """

    story_of: dict[str, str]
    stories: tuple[StoryState, ...]
    merges: tuple[tuple[str, str], ...]
    state: bytes


class Assigner:
    """Assigns new articles to recent stories by average-linkage similarity with a time decay.

    Args:
        threshold: average cosine similarity (0 < t <= 1) at or above which a new article joins a story
            (or another new article); higher opens more stories.
        merge_threshold: the same for two existing stories that a new article brought together (0 < t <= 1).
        half_life_days: days over which the similarity between two groups halves (> 0).
        window_days: how far back from the newest article the store looks for candidate stories (> 0).
            ``None`` takes the shortest window that loses nothing: beyond it the decay keeps even identical
            stories under both thresholds.
        max_terms: the strongest terms a story's centroid keeps (>= 1): at most 8 + 8 * max_terms bytes.

    Raises:
        SettingsError: a value outside its range.

    >>> from datetime import datetime
    >>> from summarizer.documents import Document
    >>> day = datetime(2024, 3, 20)
    >>> news = [Incoming(k, Document(k, t, x, k), day) for k, t, x in [
    ...     ("a", "Harbor bridge shut", "The harbor bridge shut after engineers found cracks in the deck."),
    ...     ("b", "Cracks shut harbor bridge", "Engineers found cracks; the harbor bridge shut to traffic."),
    ...     ("c", "Bakery opens", "A sourdough bakery opened on Main Street with rye loaves.")]]
    >>> Assigner().assign(news, [], b"").story_of
    {'a': 'new-1', 'b': 'new-1', 'c': 'new-2'}
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
                 half_life_days: float = DEFAULT_HALF_LIFE_DAYS, window_days: float | None = None,
                 max_terms: int = DEFAULT_MAX_TERMS) -> None:
        self.threshold = _fraction("threshold", threshold)
        self.merge_threshold = _fraction("merge_threshold", merge_threshold)
        self.half_life_days = _positive("half_life_days", half_life_days)
        lowest = min(self.threshold, self.merge_threshold)
        self.window_days = (self.half_life_days * math.log2(1.0 / lowest) if window_days is None
                            else _positive("window_days", window_days))
        if isinstance(max_terms, bool) or not isinstance(max_terms, int) or max_terms < 1:
            raise SettingsError(f"max_terms must be a whole number of at least 1, not {max_terms!r}")
        self.max_terms = max_terms
        # The state this assigner returned last and its frequencies: the store hands the same bytes back next
        # call, and decoding them again would cost more than comparing them.
        self._last: tuple[bytes, Frequencies] | None = None
        self._recent = RecentStories()  # the stories' centroids decoded, kept for the next call

    @property
    def held_bytes(self) -> int:
        """Bytes this assigner keeps between calls besides the state it returns: its index of the recent
        stories' centroids (``recent.RecentStories``)."""
        return self._recent.nbytes

    def assign(self, incoming: Sequence[Incoming], recent: Sequence[StoryState], state: bytes) -> Assignment:
        """Decide the story of every incoming article; the same inputs in the same order give the same result.

        Stories last seen more than ``window_days`` before the newest article are ignored, as the store
        would not have sent them. An article with no usable word opens a story of its own.

        Raises:
            InputError: two incoming articles share a key.
            StoryIndexError: ``state`` or a centroid is corrupt or from a newer version.
        """
        items = list(incoming)
        keys = [item.key for item in items]
        if len(set(keys)) != len(keys):
            twice = sorted({key for key in keys if keys.count(key) > 1})
            raise InputError(f"articles given to the assigner twice in one call: {', '.join(twice)}")
        if not items:
            return Assignment({}, (), (), state)
        when = np.array([day(item.when) for item in items])
        stories, centroids, numbers = self._recent.load(recent, since=when.max() - self.window_days)
        if self._last is not None and self._last[0] == state:
            frequencies = Frequencies(self._last[1].counts.copy(), self._last[1].documents)
        else:
            frequencies = Frequencies.from_bytes(state)
        counts = term_counts([item.document for item in items])
        frequencies.add(counts)  # the new articles count too: a word two of them share is not rare
        articles = weighted(counts, frequencies)
        vectors = Items(centroids, articles)
        ones = np.ones(len(items))
        groups = Linkage(self, vectors, len(stories), np.concatenate([numbers[:, 2], ones]),
                          np.concatenate([numbers[:, 0], when]), np.concatenate([numbers[:, 1], when])).run()
        self._last = (frequencies.to_bytes(), frequencies)
        return self._assignment(groups, vectors, stories, items, self._last[0])

    def _assignment(self, groups: list[list[int]], vectors: Items, stories: list[StoryState],
                    items: list[Incoming], state: bytes) -> Assignment:
        """Each group with a new article as a story state: an existing id (merges recorded) or ``new-N``."""
        known = len(stories)
        groups = sorted(groups, key=lambda group: min(i for i in group if i >= known))
        sums = vectors.sums(groups)
        story_of: dict[str, str] = {}
        states, merges, opened = [], [], 0
        for number, members in enumerate(groups):
            old = sorted((stories[i] for i in members if i < known), key=lambda s: (s.first_seen, s.id))
            new = [items[i - known] for i in members if i >= known]
            if old:
                story_id = old[0].id
                merges.extend((story_id, absorbed.id) for absorbed in old[1:])
            else:
                opened += 1
                story_id = f"new-{opened}"
            story_of.update((item.key, story_id) for item in new)
            dates = [naive(d) for s in old for d in (s.first_seen, s.last_seen)] + [naive(i.when) for i in new]
            span = slice(sums.indptr[number], sums.indptr[number + 1])
            states.append(StoryState(id=story_id, centroid=encode_centroid(sums.indices[span], sums.data[span],
                                                                           self.max_terms),
                                     size=sum(s.size for s in old) + len(new),
                                     first_seen=min(dates), last_seen=max(dates)))
        return Assignment(story_of=story_of, stories=tuple(states), merges=tuple(merges), state=state)


def _fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise SettingsError(f"{name} must be a number above 0 and at most 1 (an average cosine similarity), "
                            f"not {value!r}")
    return float(value)


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise SettingsError(f"{name} must be a number of days above 0, not {value!r}")
    return float(value)

