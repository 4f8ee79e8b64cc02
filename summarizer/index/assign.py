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
from datetime import UTC, datetime

import numpy as np

from summarizer.documents import Document
from summarizer.errors import InputError
from summarizer.index.vectors import Centroids, Frequencies, Items, encode_centroid, term_counts, weighted
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
_EPOCH = datetime(2000, 1, 1)


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
        when = _days([item.when for item in items])
        last = _days([story.last_seen for story in recent])
        kept = np.flatnonzero(last >= when.max() - self.window_days)
        stories = [recent[i] for i in kept]
        if self._last is not None and self._last[0] == state:
            frequencies = Frequencies(self._last[1].counts.copy(), self._last[1].documents)
        else:
            frequencies = Frequencies.from_bytes(state)
        counts = term_counts([item.document for item in items])
        frequencies.add(counts)  # the new articles count too: a word two of them share is not rare
        articles = weighted(counts, frequencies.idf())
        vectors = Items(Centroids([story.centroid for story in stories]), articles)
        start = np.concatenate([_days([story.first_seen for story in stories]), when])
        sizes = [max(story.size, 1) for story in stories] + [1] * len(items)
        groups = _Linkage(self, vectors, len(stories), np.array(sizes, dtype=np.float64), start,
                          np.concatenate([last[kept], when])).run()
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
            dates = [_naive(d) for s in old for d in (s.first_seen, s.last_seen)] + [_naive(i.when) for i in new]
            span = slice(sums.indptr[number], sums.indptr[number + 1])
            states.append(StoryState(id=story_id, centroid=encode_centroid(sums.indices[span], sums.data[span],
                                                                           self.max_terms),
                                     size=sum(s.size for s in old) + len(new),
                                     first_seen=min(dates), last_seen=max(dates)))
        return Assignment(story_of=story_of, stories=tuple(states), merges=tuple(merges), state=state)


class _Linkage:
    """Average-linkage agglomeration where every pair involves a group holding a new article.

    Items are the recent stories (0..R-1) then the new articles (R..R+m-1); a group is named by its first
    item. ``dots`` holds, for each group with a new article (an *active* group, never more than m), the sum
    of dot products between its members and every other group's: average similarity is that over the
    product of the two sizes. Groups without a new article are single recent stories, so their own rows are
    only computed when one is absorbed.
    """

    def __init__(self, assigner: Assigner, vectors: Items, known: int, size: np.ndarray, start: np.ndarray,
                 end: np.ndarray) -> None:
        """One row or entry per item: ``known`` stories, then the new articles; ``size`` in articles,
        ``start`` and ``end`` in days."""
        self.assigner, self.vectors = assigner, vectors
        self.size, self.start, self.end = size, start, end
        total = len(size)
        self.existing = np.arange(total) < known  # the group holds a story already in the index
        self.alive = np.ones(total, dtype=bool)
        self.members = {i: [i] for i in range(known, total)}  # active groups only
        self.active = np.arange(known, total)  # row r of dots / scores is group active[r]
        self.dots = vectors.dots(vectors.articles)  # (m, R+m): each new article against every item
        self.article_dots = self.dots.copy()  # the same, kept per article while ``dots`` sums groups
        self.known = known
        # Every row an article: the join threshold applies throughout.
        gap = np.maximum(0.0, np.maximum(start[None, :] - end[known:, None], start[known:, None] - end[None, :]))
        self.scores = (self.dots / size[None, :] * np.exp2(-gap / assigner.half_life_days)) - assigner.threshold
        self.scores[np.arange(len(self.active)), self.active] = -np.inf
        # A recent story that joins a group brings its dots to every item. Against the articles they are in
        # ``dots`` already; against other stories only those a new article could join are computed (one small
        # product). Two old stories that no new article comes near stay below the merge threshold, as they
        # were when last touched, so their dot product can stay unknown (0).
        reachable = np.flatnonzero((self.scores[:, :known] >= 0).any(axis=0))
        self.story_dots: dict[int, np.ndarray] = {}
        if len(reachable):
            rows = vectors.rows(reachable.tolist())  # stories only: in ``reachable`` order
            between = (rows @ rows.T).toarray()
            for position, story in enumerate(reachable.tolist()):
                row = np.zeros(total)
                row[reachable] = between[position]
                row[known:] = self.article_dots[:, story]
                self.story_dots[story] = row

    def run(self) -> list[list[int]]:
        """The final groups that hold new articles, as item lists."""
        while self.scores.size:
            # argmax takes the first of equal scores: rows in article order, columns in item order.
            row, column = np.unravel_index(int(np.argmax(self.scores)), self.scores.shape)
            if self.scores[row, column] < 0:
                break
            self._join(int(row), int(column))
        return [self.members[group] for group in self.active if self.alive[group]]

    def _row_scores(self, row: int) -> np.ndarray:
        """Decayed average similarity of active group ``row`` to every group, less the threshold that applies."""
        group = self.active[row]
        if not self.alive[group]:
            return np.full(len(self.size), -np.inf)
        similarity = self.dots[row] / (self.size[group] * self.size) * self._decay(group, slice(None))
        both_old = self.existing[group] & self.existing
        scores = similarity - np.where(both_old, self.assigner.merge_threshold, self.assigner.threshold)
        scores[~self.alive] = -np.inf
        scores[group] = -np.inf
        return scores

    def _decay(self, group: int, others: slice | np.ndarray) -> np.ndarray:
        """Half-life decay over the days between two groups' date spans (0 when they overlap)."""
        gap = np.maximum(0.0, np.maximum(self.start[others] - self.end[group], self.start[group] - self.end[others]))
        return np.exp2(-gap / self.assigner.half_life_days)

    def _join(self, row: int, other: int) -> None:
        """Merge group ``other`` into active group ``active[row]``, updating dot sums and scores."""
        group = int(self.active[row])
        if other in self.members:  # another active group: its row of sums is at hand
            other_row = other - self.known
            self.dots[row] += self.dots[other_row]
            self.scores[other_row] = -np.inf
            self.members[group] += self.members.pop(other)
        else:  # a recent story joins for the first time: its dots to every item, summed per group
            item_dots = self.story_dots.pop(other, None)
            if item_dots is None:  # reached through a merge: the same rule, its dots to the articles only
                item_dots = np.zeros(len(self.size))
                item_dots[self.known:] = self.article_dots[:, other]
            for active, members in self.members.items():
                if len(members) > 1:  # a lone article's entry is its own already
                    item_dots[active] = item_dots[members].sum()
            self.dots[row] += item_dots
            self.members[group].append(other)
        self.dots[:, group] += self.dots[:, other]
        self.size[group] += self.size[other]
        self.start[group] = min(self.start[group], self.start[other])
        self.end[group] = max(self.end[group], self.end[other])
        self.existing[group] |= self.existing[other]
        self.alive[other] = False
        self.scores[:, other] = -np.inf
        self.scores[row] = self._row_scores(row)
        rows = np.flatnonzero(self.alive[self.active])
        rows = rows[rows != row]
        if len(rows):
            groups = self.active[rows]
            similarity = (self.dots[rows, group] / (self.size[groups] * self.size[group])
                          * self._decay(group, groups))
            both_old = self.existing[groups] & self.existing[group]
            self.scores[rows, group] = similarity - np.where(both_old, self.assigner.merge_threshold,
                                                             self.assigner.threshold)


def _naive(moment: datetime) -> datetime:
    """The date as naive UTC, as the index keeps dates."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def _days(moments: Sequence[datetime]) -> np.ndarray:
    """Days since 2000-01-01 of each date (naive UTC; an aware one is converted to UTC first)."""
    try:  # plain subtraction: converting datetimes with np.array took 8 times as long
        seconds = [(moment - _EPOCH).total_seconds() for moment in moments]
    except TypeError:  # an aware date among them
        seconds = [(_naive(moment) - _EPOCH).total_seconds() for moment in moments]
    return np.array(seconds, dtype=np.float64) / 86400.0


def _fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise SettingsError(f"{name} must be a number above 0 and at most 1 (an average cosine similarity), "
                            f"not {value!r}")
    return float(value)


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise SettingsError(f"{name} must be a number of days above 0, not {value!r}")
    return float(value)

