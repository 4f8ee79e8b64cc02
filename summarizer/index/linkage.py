"""Average-linkage agglomeration for one assignment call: the most similar pair joins first, every pair
involving a new article or a group holding one, until no pair reaches its threshold (see ``assign``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from summarizer.index.vectors import Items

if TYPE_CHECKING:
    from summarizer.index.assign import Assigner

__all__ = ["Linkage"]


class Linkage:
    """Average-linkage agglomeration where every pair involves a group holding a new article.

    Items are the recent stories (0..R-1) then the new articles (R..R+m-1); a group is named by its first
    item. ``dots`` holds, for each group with a new article (an *active* group, never more than m), the sum
    of dot products between its members and every other group's: average similarity is that over the
    product of the two sizes. Groups without a new article are single recent stories, so their own rows are
    only computed when one is absorbed. Stories no new article comes near are left out first (``items``
    maps the columns kept back to items): on the 100k benchmark, 36 of 5,400 recent stories a call.
    """

    def __init__(self, assigner: Assigner, vectors: Items, known: int, size: np.ndarray, start: np.ndarray,
                 end: np.ndarray) -> None:
        """One row or entry per item: ``known`` stories, then the new articles; ``size`` in articles,
        ``start`` and ``end`` in days."""
        self.assigner, self.vectors = assigner, vectors
        dots = vectors.dots(vectors.articles)  # (m, R+m): each new article against every item
        # Only stories some new article comes near can join: a group's average similarity to a story is at most
        # its articles' best (a story it holds adds nothing to an unreachable one, whose dot product with
        # stories stays unknown, 0 below) and decay only lowers it. The rest leave before the (m, R+m) work.
        lowest = min(assigner.threshold, assigner.merge_threshold)
        near = np.flatnonzero((dots[:, :known] / size[None, :known]).max(axis=0, initial=-np.inf) >= lowest)
        self.items = np.concatenate([near, np.arange(known, len(size))])  # item of each column below
        self.size, self.start, self.end = size[self.items], start[self.items], end[self.items]
        self.known = known = len(near)
        total = len(self.items)
        self.existing = np.arange(total) < known  # the group holds a story already in the index
        self.alive = np.ones(total, dtype=bool)
        self.members = {i: [i] for i in range(known, total)}  # active groups only
        self.active = np.arange(known, total)  # row r of dots / scores is group active[r]
        self.dots = dots[:, self.items]
        self.article_dots = self.dots.copy()  # the same, kept per article while ``dots`` sums groups
        # Every row an article: the join threshold applies throughout.
        start, end, size = self.start, self.end, self.size
        decay = start[None, :] - end[known:, None]  # in place: these are (m, K+m), the largest arrays of a call
        np.maximum(decay, start[known:, None] - end[None, :], out=decay)
        np.maximum(decay, 0.0, out=decay)
        np.exp2(np.divide(decay, -assigner.half_life_days, out=decay), out=decay)
        self.scores = self.dots / size[None, :]
        self.scores *= decay
        self.scores -= assigner.threshold
        self.scores[np.arange(len(self.active)), self.active] = -np.inf
        # Each row's best score and its column, kept as np.argmax over the whole matrix would find them (the
        # first of equal scores: rows in article order, columns in item order) without scanning it each join.
        self.best, self.best_at = self.scores.max(axis=1), self.scores.argmax(axis=1)
        # A recent story that joins a group brings its dots to every item. Against the articles they are in
        # ``dots`` already; against other stories only those a new article could join are computed (one small
        # product). Two old stories that no new article comes near stay below the merge threshold, as they
        # were when last touched, so their dot product can stay unknown (0).
        reachable = np.flatnonzero((self.scores[:, :known] >= 0).any(axis=0))
        self.story_dots: dict[int, np.ndarray] = {}
        if len(reachable):
            rows = vectors.rows(self.items[reachable].tolist())  # stories only: in ``reachable`` order
            between = (rows @ rows.T).toarray()
            for position, story in enumerate(reachable.tolist()):
                row = np.zeros(total)
                row[reachable] = between[position]
                row[known:] = self.article_dots[:, story]
                self.story_dots[story] = row

    def run(self) -> list[list[int]]:
        """The final groups that hold new articles, as item lists."""
        while self.best.size:
            row = int(np.argmax(self.best))
            if self.best[row] < 0:
                break
            self._join(row, int(self.best_at[row]))
        return [self.items[self.members[group]].tolist() for group in self.active if self.alive[group]]

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
        self._best(rows, row, group, other)

    def _best(self, rows: np.ndarray, row: int, group: int, other: int) -> None:
        """Bring ``best`` up to date after a join changed row ``row`` and columns ``group`` and ``other``."""
        stale = np.flatnonzero((self.best_at == group) | (self.best_at == other))
        values = self.scores[rows, group]
        better = (values > self.best[rows]) | ((values == self.best[rows]) & (group < self.best_at[rows]))
        self.best[rows[better]], self.best_at[rows[better]] = values[better], group
        stale = np.union1d(stale, [row] + ([other - self.known] if other >= self.known else []))
        self.best[stale], self.best_at[stale] = self.scores[stale].max(axis=1), self.scores[stale].argmax(axis=1)
