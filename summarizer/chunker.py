"""Chunker: groups related articles into stories, so each story gets its own combined summary.

The default, ``TfidfChunker``, compares articles by the words they share (TF-IDF over title and text)
and joins them by average-linkage agglomerative clustering under a cosine-distance threshold.
From ten articles up it compares them by *shared* terms instead (words and word pairs found in two or
more articles, each article's 50 strongest): with many articles, the words only one article uses are
noise that pushes related articles apart. With a few articles that filter keeps only what they already
share, so everything looks alike; there the plain terms stay. ``benchmarks/grouping.py`` chose both
and their thresholds on mixed Multi-News clusters; the richer variants and sentence embeddings tried
scored lower (figures in docs/decisions.md, "Grouping").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from summarizer.documents import Document
from summarizer.settings import SettingsError
from summarizer.text import STOP_WORD_LIST

__all__ = ["DEFAULT_THRESHOLD", "Chunker", "Story", "TfidfChunker", "group_documents", "label_story"]

# Chosen on benchmarks/grouping.py: best on 50-cluster mixes and on pairs of articles (no unrelated pair
# merged); from 0.9 up unrelated pairs start to merge (docs/decisions.md, "Grouping").
DEFAULT_THRESHOLD = 0.875
# Shared terms from this many articles up: better than plain terms on large and 3-cluster mixes; pairs
# are always under the cut (docs/decisions.md, "Grouping").
LARGE_INPUT = 10
# Shared-term rows are sparser, so one story's articles sit a little further apart: the threshold is
# raised by this much there (0.9 at the default; 0.875 scores lower on the 50-cluster mixes).
_SHARED_TERMS_MARGIN = 0.025
_SHARED_TERMS_KEPT = 50
_LABEL_WORDS = 4
# The vectorizer's own token pattern, so labels are written from the very words it weighed.
_WORD = re.compile(TfidfVectorizer().token_pattern)


@dataclass(frozen=True)
class Story:
    """Articles about one news story, in input order.

    Args:
        id: ``story-1``, ``story-2``, ... in the order the stories first appear in the input.
        label: a short title-cased label (up to 4 words) from the story's most distinctive terms.
        documents: the story's articles, in their input order.
    """

    id: str
    label: str
    documents: tuple[Document, ...]


@runtime_checkable
class Chunker(Protocol):
    """Anything that splits articles into stories can be passed as ``Summarizer(chunker=...)``."""

    def group(self, documents: Sequence[Document]) -> list[Story]:
        """Return stories that together hold every document exactly once."""
        ...


class TfidfChunker:
    """Groups articles whose distinctive words overlap, under a cosine-distance threshold.

    Args:
        threshold: average-linkage cosine distance (0 < threshold <= 1) at or above which two groups
            stay apart; lower splits more, higher merges more. From 10 articles up, where they are
            compared by shared terms, it is raised by 0.025 (at most 1).
        shared_terms_from: inputs of at least this many articles are compared by shared terms;
            ``None`` compares every input by plain TF-IDF terms.

    Raises:
        SettingsError: a threshold outside its range.

    >>> from summarizer.documents import Document
    >>> docs = [Document("a", "Bridge shut", "The harbor bridge shut after cracks were found.", "a"),
    ...         Document("b", "Cracks shut bridge", "Engineers found cracks; the harbor bridge shut.", "b"),
    ...         Document("c", "Bakery opens", "A sourdough bakery opened on Main Street.", "c")]
    >>> [[d.id for d in s.documents] for s in TfidfChunker().group(docs)]
    [['a', 'b'], ['c']]
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, shared_terms_from: int | None = LARGE_INPUT) -> None:
        self.threshold = _check_threshold(threshold)
        if shared_terms_from is not None and (isinstance(shared_terms_from, bool)
                                              or not isinstance(shared_terms_from, int) or shared_terms_from < 2):
            raise SettingsError(f"shared_terms_from must be a whole number of at least 2 or None, "
                                f"not {shared_terms_from!r}")
        self.shared_terms_from = shared_terms_from

    def group(self, documents: Sequence[Document]) -> list[Story]:
        """Split ``documents`` into stories; every document lands in exactly one story.

        Stories are ordered by their first document's input position and keep input order inside.
        An article with no usable words (only stop words or symbols) becomes a story of its own.
        """
        docs = list(documents)
        if not docs:
            return []
        matrix, terms = _tfidf(docs)
        # One article, or no usable word anywhere: nothing to compare, so each article stands alone.
        if len(docs) == 1 or matrix is None:
            clusters = list(range(len(docs)))
        elif self.shared_terms_from is not None and len(docs) >= self.shared_terms_from:
            shared = _shared_terms(docs)
            threshold = min(1.0, self.threshold + _SHARED_TERMS_MARGIN)
            clusters = self._cluster(matrix if shared is None else shared, threshold)
        else:
            clusters = self._cluster(matrix, self.threshold)
        return _stories(docs, clusters, matrix, terms)

    @staticmethod
    def _cluster(matrix: csr_matrix, threshold: float) -> list[int]:
        # Cosine distance of L2-normalised non-negative vectors lies in [0, 1]; an article with no
        # terms is a zero row, at distance 1 from everything, so it never joins below the threshold.
        distance = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 1.0)
        np.fill_diagonal(distance, 0.0)
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=threshold)
        return [int(label) for label in model.fit_predict(distance)]


def group_documents(documents: Sequence[Document], threshold: float | None = None) -> list[Story]:
    """Group articles into stories with ``TfidfChunker`` (``threshold=None`` uses the measured default).

    >>> group_documents([])
    []
    """
    chunker = TfidfChunker() if threshold is None else TfidfChunker(threshold)
    return chunker.group(documents)


def label_story(documents: Sequence[Document]) -> str:
    """A short label for articles taken as one story: their most frequent distinctive terms.

    >>> from summarizer.documents import Document
    >>> label_story([Document("a", "Harbor bridge shut", "Cracks shut the harbor bridge.", "a.txt")])
    'Harbor Bridge Shut Cracks'
    """
    docs = list(documents)
    matrix, terms = _tfidf(docs)
    return _label(docs, matrix, terms)


def _check_threshold(threshold: float) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 < threshold <= 1:
        raise SettingsError(
            f"threshold must be a number above 0 and at most 1 (a cosine distance), not {threshold!r}"
        )
    return float(threshold)


def _text(document: Document) -> str:
    return f"{document.title}\n\n{document.text}"


def _tfidf(documents: list[Document]) -> tuple[csr_matrix | None, np.ndarray]:
    """TF-IDF rows (L2-normalised) for the documents, or None when no document has a usable word."""
    if not documents:
        return None, np.array([], dtype=object)
    # Sublinear tf: a story's key name said ten times should not outweigh five other shared terms.
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words=STOP_WORD_LIST)
    try:
        matrix = vectorizer.fit_transform([_text(doc) for doc in documents])
    except ValueError:  # empty vocabulary: every document is stop words, digits of one character, symbols
        return None, np.array([], dtype=object)
    return csr_matrix(matrix), vectorizer.get_feature_names_out()


def _shared_terms(documents: list[Document]) -> csr_matrix | None:
    """TF-IDF over words and word pairs found in 2+ documents, each row cut to its strongest terms."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words=STOP_WORD_LIST, ngram_range=(1, 2), min_df=2)
    try:
        matrix = vectorizer.fit_transform([_text(doc) for doc in documents]).toarray()
    except ValueError:  # no term shared by two documents
        return None
    for row in matrix:  # (documents, terms); ties at the cut are all kept, so this stays deterministic
        if np.count_nonzero(row) > _SHARED_TERMS_KEPT:
            row[row < np.sort(row)[-_SHARED_TERMS_KEPT]] = 0.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return csr_matrix(np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0))


def _stories(documents: list[Document], clusters: list[int], matrix: csr_matrix | None,
             terms: np.ndarray) -> list[Story]:
    """Stories ordered by first appearance; labels use the whole input's IDF so they are distinctive."""
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(clusters):
        members.setdefault(cluster, []).append(index)  # dicts keep insertion order: first appearance
    stories = []
    for number, indices in enumerate(members.values(), start=1):
        rows = matrix[indices] if matrix is not None else None
        story_docs = [documents[i] for i in indices]
        stories.append(Story(id=f"story-{number}", label=_label(story_docs, rows, terms),
                             documents=tuple(story_docs)))
    return stories


# Words every news story uses: they say nothing about which story it is.
_NOT_LABELS = frozenset({"said", "says", "say", "told", "according", "reported", "reports", "new", "year", "years",
                         "people", "week", "day", "time", "like", "just", "including", "percent"})


def _label(documents: list[Document], rows: csr_matrix | None, terms: np.ndarray) -> str:
    """3-4 words: the centroid's strongest alphabetic terms, written as the articles most often do."""
    if rows is None or rows.nnz == 0:
        return _fallback_label(documents)
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    first_seen: dict[str, int] = {}
    for position, token in enumerate(_WORD.findall(" ".join(_text(doc) for doc in documents).lower())):
        first_seen.setdefault(token, position)
    # Highest weight first; equal weights in reading order ("Harbor Bridge", not "Bridge Harbor").
    unseen = len(first_seen)
    order = sorted(np.flatnonzero(centroid),
                   key=lambda i: (-round(float(centroid[i]), 12), first_seen.get(terms[i], unseen), terms[i]))
    # Numbers, dates and reporting verbs ("said") make poor labels: alphabetic content terms only.
    words = [str(terms[i]) for i in order
             if str(terms[i]).isalpha() and str(terms[i]) not in _NOT_LABELS][:_LABEL_WORDS]
    if not words:
        return _fallback_label(documents)
    return " ".join(_display(word, documents) for word in words)


def _display(word: str, documents: list[Document]) -> str:
    """The word as the articles most often capitalise it ("NATO", "Gaza"), else capitalised."""
    forms: Counter[str] = Counter()
    for doc in documents:
        forms.update(token for token in _WORD.findall(_text(doc)) if token.lower() == word)
    cased = [form for form, _ in sorted(forms.items(), key=lambda item: (-item[1], item[0]))
             if not form.islower()]
    return cased[0] if cased else word[:1].upper() + word[1:]


def _fallback_label(documents: list[Document]) -> str:
    """For articles without a usable term: the first title's first words, or a plain description."""
    for doc in documents:
        words = doc.title.split()
        if words:
            return " ".join(words[:_LABEL_WORDS])
    count = len(documents)
    return f"{count} article{'s' if count != 1 else ''}" if count else "No articles"
