"""The fixed vector space online assignment compares articles and stories in, and its compact encodings.

Whole-set grouping (``summarizer.chunker``) fits a fresh vocabulary to each input; an index that grows for
months cannot, since a story's centroid written last week must still be comparable today. So words and word
pairs are hashed into ``FEATURES`` columns that never change, and their IDF comes from document frequencies
that the index keeps and that grow with it (``Frequencies``, stored as the assigner's state). A story's
centroid is the sum of its articles' unit vectors, cut to its ``max_terms`` strongest terms, stored as
index and float32 value pairs after an 8-byte header (``encode_centroid``), so a story costs at most
``8 + 8 * max_terms`` bytes whatever its size.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix, vstack

from summarizer.errors import StoryIndexError
from summarizer.index.hashing import FEATURES

if TYPE_CHECKING:
    from summarizer.index.recent import RecentCentroids

__all__ = [
    "PRIOR", "Centroids", "Frequencies", "Items", "decode_centroid", "encode_centroid", "unit_rows", "used_columns",
    "weighted",
]

# Background articles the IDF assumes besides those counted (see ``Frequencies.idf``); 30 and 100 scored lower.
PRIOR = 10.0
_STATE_MAGIC = b"SAF1"  # story-assignment frequencies, format 1
_STATE_HEADER = struct.Struct("<4sQB")  # magic, documents counted, how the counts are stored
_RAW, _ZLIB = 0, 1
# Counts are compressed while most columns are empty (a young index: a few kB instead of 0.5 MB); once most
# are in use, zlib saved only 40 % and took 6 ms of a 50 ms call (5,000 recent stories), so they go raw.
_COMPRESS_BELOW = 0.5
_CENTROID_VERSION = 1
_TERM = np.dtype([("index", "<u4"), ("value", "<f4")])  # one stored term of a centroid
_MAX_COUNT = 2**16 - 1  # document frequencies are stored in 16 bits


class Frequencies:
    """Document frequencies of every hashed term over the articles assigned so far, and the IDF they give.

    Kept by the index as the assigner's state, so IDF is the same for every call that sees the same history
    and changes slowly as the index grows. Counts are 16 bits: when the articles counted would pass 65,535,
    every count and the total are halved first. IDF reads their ratios, which halving keeps, and older
    articles then weigh less than new ones, so the IDF follows the news of the last months.

    >>> freq = Frequencies.from_bytes(b"")
    >>> freq.documents
    0
    >>> Frequencies.from_bytes(freq.to_bytes()).documents
    0
    """

    def __init__(self, counts: np.ndarray, documents: int) -> None:
        self.counts = counts  # (FEATURES,) uint32 in memory, at most _MAX_COUNT: articles holding each term
        self.documents = documents

    @classmethod
    def from_bytes(cls, data: bytes) -> Frequencies:
        """Frequencies stored by ``to_bytes``; ``b""`` (an index with no articles yet) gives empty ones.

        Raises:
            StoryIndexError: the bytes are not assignment state of this format (corrupt, or written by a
                newer version).
        """
        if not data:
            return cls(np.zeros(FEATURES, dtype=np.uint32), 0)
        if len(data) < _STATE_HEADER.size or data[:4] != _STATE_MAGIC:
            raise StoryIndexError("the index's assignment state is not in a format this version reads (written "
                                  "by a newer version, or corrupt): upgrade summarizer or rebuild the index")
        _, documents, encoding = _STATE_HEADER.unpack_from(data)
        raw = data[_STATE_HEADER.size:]
        if encoding == _ZLIB:
            try:
                raw = zlib.decompress(raw)
            except zlib.error as error:
                raise StoryIndexError(f"the index's assignment state is corrupt ({error})") from error
        elif encoding != _RAW:
            raise StoryIndexError(f"the index's assignment state uses encoding {encoding}, which this version "
                                  "does not read: upgrade summarizer")
        if len(raw) != FEATURES * 2 or documents > _MAX_COUNT:
            raise StoryIndexError(f"the index's assignment state is corrupt: {len(raw)} bytes of counts for "
                                  f"{documents} articles, expected {FEATURES * 2} for at most {_MAX_COUNT}")
        return cls(np.frombuffer(raw, dtype="<u2").astype(np.uint32), documents)

    def to_bytes(self) -> bytes:
        """A header and the 16-bit counts: compressed while most are 0, else 0.5 MB as they are."""
        counts = self.counts.astype("<u2").tobytes()
        if np.count_nonzero(self.counts) < _COMPRESS_BELOW * FEATURES:
            # Level 1: the state is written on every call; level 6 saved a fifth of the bytes at 6x the time.
            return _STATE_HEADER.pack(_STATE_MAGIC, self.documents, _ZLIB) + zlib.compress(counts, 1)
        return _STATE_HEADER.pack(_STATE_MAGIC, self.documents, _RAW) + counts

    def add(self, counts: csr_matrix) -> None:
        """Count the rows of ``counts`` (one per new article) into the frequencies."""
        step = _MAX_COUNT // 2
        for start in range(0, counts.shape[0], step):
            rows = counts[start:start + step]
            while self.documents + rows.shape[0] > _MAX_COUNT:
                self.counts = (self.counts + 1) // 2  # a term seen once stays seen
                self.documents = (self.documents + 1) // 2
            self.counts += np.bincount(rows.indices, minlength=FEATURES).astype(np.uint32)  # once per row
            self.documents += rows.shape[0]

    def idf(self, columns: np.ndarray | None = None) -> np.ndarray:
        """IDF of each of ``columns`` (default: every column): ln((1 + n + PRIOR) / (1 + df)) over n
        articles, never negative.

        Unlike scikit-learn's smoothed IDF (the chunker's), it adds no 1: a word most articles use weighs
        next to nothing, and it no longer makes unrelated articles look alike (on the streaming benchmark,
        at equal ARI, 6.7 % of true pairs split against 9.7 % with the 1). ``PRIOR`` counts as articles that
        share none of the words, so that in a young index (two articles) the words they share still count.
        """
        counts = self.counts if columns is None else self.counts[columns]
        return np.log((1.0 + self.documents + PRIOR) / (1.0 + counts))


def unit_rows(matrix: csr_matrix) -> csr_matrix:
    """Each row scaled to unit length (a row of zeros stays zeros); a new float64 matrix."""
    matrix = csr_matrix(matrix, dtype=np.float64, copy=True)
    lengths = np.diff(matrix.indptr)
    squares = np.add.reduceat(matrix.data**2, matrix.indptr[:-1][lengths > 0]) if matrix.nnz else np.zeros(0)
    norms = np.ones(matrix.shape[0])
    norms[lengths > 0] = np.sqrt(squares)
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, lengths)
    return matrix


def weighted(counts: csr_matrix, frequencies: Frequencies) -> csr_matrix:
    """``counts`` with each term multiplied by its IDF, rows then scaled to unit length."""
    scaled = csr_matrix(counts, dtype=np.float64, copy=True)
    scaled.data *= frequencies.idf(scaled.indices)  # only the columns used: a log over all 2^18 took 1.5 ms
    scaled.eliminate_zeros()  # a word in every article so far (weight 0)
    return unit_rows(scaled)


def encode_centroid(indices: np.ndarray, values: np.ndarray, max_terms: int) -> bytes:
    """A sparse vector as bytes: an 8-byte header (format version, then zeros), then its ``max_terms``
    strongest terms as (column index uint32, value float32) pairs in column order: at most
    ``8 + 8 * max_terms`` bytes. The header is the size of a pair, so many centroids decode as one array.

    >>> data = encode_centroid(np.array([5, 2, 9]), np.array([0.5, 0.25, 1.0]), max_terms=2)
    >>> len(data), [part.tolist() for part in decode_centroid(data)]
    (24, [[5, 9], [0.5, 1.0]])
    """
    nonzero = values != 0
    indices, values = np.asarray(indices)[nonzero], np.asarray(values)[nonzero]
    order = np.argsort(indices, kind="stable")
    indices, values = indices[order], values[order]
    if len(values) > max_terms:
        # The strongest; of equal values at the cut, the lower columns, so the cut is the same on every run.
        # (A partition, not a sort: this runs for every story a call changes.)
        cut = np.partition(values, len(values) - max_terms)[len(values) - max_terms]
        keep = values > cut
        keep[np.flatnonzero(values == cut)[:max_terms - np.count_nonzero(keep)]] = True
        indices, values = indices[keep], values[keep]
    terms = np.zeros(len(indices) + 1, dtype=_TERM)
    terms[0]["index"] = _CENTROID_VERSION
    terms["index"][1:], terms["value"][1:] = indices, values
    return terms.tobytes()


def decode_centroid(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Column indices (int32) and values (float32) of a centroid written by ``encode_centroid``.

    Raises:
        StoryIndexError: the bytes are not a centroid of this format.
    """
    row = Centroids([data]).rows()
    return row.indices, row.data.astype(np.float32)


class Centroids:
    """Many stored centroids, read in place from their bytes: the recent stories of one call.

    Every call compares a few new articles with thousands of stories, each up to ``max_terms`` terms. Only
    the terms the articles use matter, so ``dots`` looks those up in the stored pairs directly instead of
    building a matrix of every stored term.

    Raises:
        StoryIndexError: one of the centroids is not in this format (corrupt, or from a newer version).
    """

    def __init__(self, centroids: Sequence[bytes]) -> None:
        pairs = np.array([len(data) for data in centroids], dtype=np.int64) // _TERM.itemsize
        joined = b"".join(centroids)
        self.indptr = np.zeros(len(centroids) + 1, dtype=np.int64)  # centroid i is pairs indptr[i]+1 .. indptr[i+1]
        np.cumsum(pairs, out=self.indptr[1:])
        if len(joined) != self.indptr[-1] * _TERM.itemsize or (pairs < 1).any():
            raise _unreadable_centroid()
        self.terms = np.frombuffer(joined, dtype=_TERM)
        headers = self.indptr[:-1]
        if (self.terms["index"][headers] != _CENTROID_VERSION).any() or (self.terms["value"][headers] != 0).any():
            raise _unreadable_centroid()
        # Each stored term's column, a header's set to FEATURES, which no vector has: found once, looked up often.
        self.columns = self.terms["index"].astype(np.int32)
        if len(self.columns) and int(self.columns.max()) >= FEATURES:
            raise StoryIndexError(f"a story's centroid in the index names column {int(self.columns.max())}, "
                                  f"beyond the {FEATURES} this version uses: rebuild the index")
        self.columns[headers] = FEATURES

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def rows(self) -> csr_matrix:
        """Every centroid as a row of a (len(self), FEATURES) float64 matrix."""
        terms = self.columns != FEATURES  # the headers are not terms
        return csr_matrix((self.terms["value"][terms].astype(np.float64), self.columns[terms],
                           self.indptr - np.arange(len(self.indptr))), shape=(len(self), FEATURES))

    def dots(self, vectors: csr_matrix) -> np.ndarray:
        """Dot product of every centroid with every row of ``vectors``: (len(self), vectors.shape[0])."""
        columns, lookup, local = used_columns(vectors)
        if not len(columns) or not len(self):
            return np.zeros((len(self), vectors.shape[0]))
        # One pass over the stored terms with a table (a small gather), then only the hits.
        hits = np.flatnonzero(lookup[self.columns] >= 0)
        # Hits come in storage order, so they already form rows: each centroid's are those within its span.
        stored = csr_matrix((self.terms["value"][hits].astype(np.float64), lookup[self.columns[hits]],
                             np.searchsorted(hits, self.indptr)), shape=(len(self), len(columns)))
        return (stored @ local.T).toarray()


def used_columns(vectors: csr_matrix) -> tuple[np.ndarray, np.ndarray, csr_matrix]:
    """The columns ``vectors`` use (sorted); each column's place among them, -1 for the others (FEATURES + 1
    entries: the last stands for a centroid's header, never used); and ``vectors`` over those columns only,
    in the same order, so products with it sum over the shared columns in column order."""
    used = np.zeros(FEATURES + 1, dtype=bool)
    used[vectors.indices] = True
    columns = np.flatnonzero(used)
    lookup = np.full(FEATURES + 1, -1, dtype=np.int32)
    lookup[columns] = np.arange(len(columns), dtype=np.int32)
    local = csr_matrix((vectors.data, lookup[vectors.indices], vectors.indptr), shape=(vectors.shape[0], len(columns)))
    return columns, lookup, local


def _unreadable_centroid() -> StoryIndexError:
    return StoryIndexError("a story's centroid in the index is not in a format this version reads (written by a "
                           "newer version, or corrupt): upgrade summarizer or rebuild the index")


class Items:
    """What one assignment call compares: the recent stories (items 0..R-1, their stored centroids), then
    the new articles (items R..R+m-1, unit vectors)."""

    def __init__(self, centroids: RecentCentroids, articles: csr_matrix) -> None:
        self.centroids, self.articles = centroids, articles
        self.known = len(centroids)

    def rows(self, items: Sequence[int]) -> csr_matrix:
        """The vectors of ``items``, stories first then articles (order does not matter to a sum)."""
        stories = [i for i in items if i < self.known]
        articles = [i - self.known for i in items if i >= self.known]
        return vstack([self.centroids.rows(stories), self.articles[articles]], format="csr")

    def sums(self, groups: list[list[int]]) -> csr_matrix:
        """The sum of each group's vectors, one row per group: (len(groups), FEATURES), in one product."""
        stories = sorted({i for group in groups for i in group if i < self.known})
        place = {story: n for n, story in enumerate(stories)}  # its row in ``vectors`` below
        vectors = vstack([self.centroids.rows(stories), self.articles], format="csr")
        rows = [place[i] if i < self.known else len(stories) + i - self.known for group in groups for i in group]
        owners = [n for n, group in enumerate(groups) for _ in group]
        membership = csr_matrix((np.ones(len(rows)), (owners, rows)), shape=(len(groups), vectors.shape[0]))
        total = membership @ vectors
        total.sort_indices()
        return total

    def dots(self, vectors: csr_matrix) -> np.ndarray:
        """Dot products of each row of ``vectors`` with every item: (vectors.shape[0], R+m)."""
        return np.hstack([self.centroids.dots(vectors).T, (vectors @ self.articles.T).toarray()])
