"""Consolidation: merging recent stories that whole-set grouping would have put together.

Online assignment decides when an article arrives, with the vocabulary seen so far, and never splits a
story afterwards; so a story's first articles can open two stories that ``TfidfChunker``, grouping the same
articles at once, would have kept together (on ``benchmarks/streaming.py``, 17 % of the whole-set grouping's
pairs ended apart). Consolidation regroups the articles of the recent stories with the chunker itself and
merges the stories whose articles it puts together: the oldest story survives, the others become its
aliases. It only merges (a published story id is never split), and only stories the assigner would still
consider (last seen within its window), newest first up to ``max_articles`` articles, so its cost is bounded
whatever the index holds. Pure (no database): the store hands it the members and keeps the merges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from summarizer.chunker import Chunker, TfidfChunker
from summarizer.documents import Document
from summarizer.index.assign import StoryState
from summarizer.index.hashing import FEATURES
from summarizer.index.vectors import decode_centroid, encode_centroid
from summarizer.settings import SettingsError

__all__ = ["DEFAULT_MAX_ARTICLES", "DEFAULT_MIN_ARTICLES", "DEFAULT_MIN_SHARE", "Consolidator", "Member",
           "merged_state"]

# The chunker's cost grows with the square of the articles it groups, so a pass regroups at most this many.
DEFAULT_MAX_ARTICLES = 1000
# Below this many recent articles no pass runs: on the streaming benchmark, passes over 300 or 500 of its 627
# articles made joins the whole set does not (ARI 0.65 and 0.70 against 0.73): the chunker weighs words by
# the articles it is given, and with a story's partners not yet arrived it joins articles that merely share
# common words. Merges are never undone, so every early pass's mistakes would stay.
DEFAULT_MIN_ARTICLES = 600
# Two stories merge when the chunker keeps together at least this share of the pairs of articles between them.
DEFAULT_MIN_SHARE = 0.5


@dataclass(frozen=True)
class Member:
    """One article of a recent story, as consolidation sees it."""

    story_id: str
    first_seen: datetime  # the story's, which decides the survivor of a merge
    document: Document


class Consolidator:
    """Finds the recent stories to merge because the chunker groups their articles together.

    Args:
        chunker: the whole-set grouping to follow (default ``TfidfChunker()``, the one ``Summarizer`` uses).
        max_articles: the most articles regrouped per pass (>= 2); the newest stories' come first.
        min_articles: no pass runs over fewer recent articles than this (>= 2).
        min_share: the share (0 < s <= 1) of the pairs of articles between two stories that the chunker
            must put together for the stories to merge; 1 needs every pair, a small value any one pair.

    Raises:
        SettingsError: a value outside its range.
    """

    def __init__(self, chunker: Chunker | None = None, max_articles: int = DEFAULT_MAX_ARTICLES,
                 min_share: float = DEFAULT_MIN_SHARE, min_articles: int = DEFAULT_MIN_ARTICLES) -> None:
        for name, value in (("max_articles", max_articles), ("min_articles", min_articles)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                raise SettingsError(f"{name} must be a whole number of at least 2, not {value!r}")
        if min_articles > max_articles:
            raise SettingsError(f"min_articles ({min_articles}) is more than max_articles ({max_articles}): "
                                "no pass would ever run")
        if isinstance(min_share, bool) or not isinstance(min_share, int | float) or not 0 < min_share <= 1:
            raise SettingsError(f"min_share must be a number above 0 and at most 1, not {min_share!r}")
        self.chunker = chunker if chunker is not None else TfidfChunker()
        self.max_articles = max_articles
        self.min_share = float(min_share)
        self.min_articles = min_articles

    def merges(self, members: Sequence[Member]) -> list[tuple[str, str]]:
        """(survivor, absorbed) pairs, in the order to apply them; each absorbed story once, never a survivor
        afterwards. ``members`` come newest story first: only the first ``max_articles`` are regrouped."""
        members = list(members)[:self.max_articles]
        if len(members) < self.min_articles:
            return []
        stories = sorted({m.story_id: m.first_seen for m in members}.items(), key=lambda s: (s[1], s[0]))
        if len(stories) < 2:
            return []
        place = {story_id: n for n, (story_id, _) in enumerate(stories)}  # oldest first
        by_id = {f"m{n}": m for n, m in enumerate(members)}
        documents = [Document(key, m.document.title, m.document.text, key) for key, m in by_id.items()]
        groups = self.chunker.group(documents)
        # Pairs of articles of stories a and b (a < b, oldest first) that the chunker put in one group.
        together: Counter[tuple[int, int]] = Counter()
        sizes = np.zeros(len(stories))
        for group in groups:
            counts = np.bincount([place[by_id[doc.id].story_id] for doc in group.documents], minlength=len(stories))
            sizes += counts
            present = np.flatnonzero(counts).tolist()
            together.update({(a, b): int(counts[a] * counts[b]) for n, a in enumerate(present)
                             for b in present[n + 1:]})
        parent = list(range(len(stories)))

        def root(n: int) -> int:
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        for (a, b), count in sorted(together.items()):
            if count >= self.min_share * sizes[a] * sizes[b]:
                low, high = sorted((root(a), root(b)))
                parent[high] = low  # the older story (lower place) survives
        return [(stories[root(n)][0], stories[n][0]) for n in range(len(stories)) if root(n) != n]


def merged_state(survivor: StoryState, absorbed: StoryState, max_terms: int) -> StoryState:
    """The survivor's state after absorbing another story: centroids summed (then cut to ``max_terms``),
    sizes added, date spans joined."""
    total = np.zeros(FEATURES, dtype=np.float64)
    for state in (survivor, absorbed):
        indices, values = decode_centroid(state.centroid)
        total[indices] += values
    indices = np.flatnonzero(total)
    return StoryState(id=survivor.id, centroid=encode_centroid(indices, total[indices], max_terms),
                      size=survivor.size + absorbed.size, first_seen=min(survivor.first_seen, absorbed.first_seen),
                      last_seen=max(survivor.last_seen, absorbed.last_seen))
