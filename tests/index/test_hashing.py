"""Hashing into the index's fixed columns must give the columns scikit-learn gave, or stored centroids break."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from summarizer.documents import Document
from summarizer.index.hashing import FEATURES, murmur3_spans, term_counts
from summarizer.text import STOP_WORD_LIST

TEXTS = [
    ("Harbor bridge shut after cracks found", "Engineers found cracks in the steel deck of the harbor bridge on "
     "Monday and the city shut it to traffic. Ferries will carry commuters across the harbor."),
    ("Zürich’s café — naïve_1 x 22", ""),
    ("", ""),
    ("", "Ünïcödé wörds and a supercalifragilisticexpialidocious_word_that_runs_past_forty_bytes, "
     "then 東京 and 2024 with ab abc abcd abcde abcdef abcdefg abcdefgh"),
    ("Only a title", ""),
]


def test_term_counts_hash_terms_as_scikit_learn_did_so_stored_centroids_keep_their_columns():
    documents = [Document(id=str(i), title=title, text=text, source=str(i)) for i, (title, text) in enumerate(TEXTS)]
    before = HashingVectorizer(n_features=FEATURES, stop_words=STOP_WORD_LIST, ngram_range=(1, 2),
                               alternate_sign=False, norm=None, dtype=np.float32)
    expected = before.transform([f"{doc.title}\n\n{doc.text}" for doc in documents])
    expected.data = np.log(expected.data) + np.float32(1.0)
    counts = term_counts(documents)
    assert counts.shape == expected.shape and counts.nnz == expected.nnz
    assert abs(counts - expected).max() == 0


def test_term_counts_of_no_documents_is_an_empty_matrix():
    assert term_counts([]).shape == (0, FEATURES)


def test_murmur3_spans_equals_scikit_learn_on_every_length_and_byte_short_or_long():
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, size=20_000, dtype=np.uint8)
    # Every short length, and long spans around the one from which a span is hashed on its own.
    lengths = np.concatenate([np.arange(0, 70), rng.integers(0, 70, size=300), [255, 256, 257, 1000, 9999]])
    starts = rng.integers(0, len(data) - 10_000, size=len(lengths))
    expected = [murmurhash3_32(data[start:start + length].tobytes()) for start, length in
                zip(starts, lengths, strict=True)]
    assert murmur3_spans(data, starts, lengths).tolist() == expected


def test_murmur3_spans_of_no_spans_is_empty():
    assert murmur3_spans(np.zeros(3, dtype=np.uint8), np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0,)
