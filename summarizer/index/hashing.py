"""Hashing articles' words and word pairs into the fixed columns online assignment compares them in.

Terms are hashed as scikit-learn's ``HashingVectorizer(ngram_range=(1, 2), alternate_sign=False)`` did, so
indexes written before keep their columns: MurmurHash3 (32 bits, seed 0) of each term's UTF-8 bytes, the
column its absolute value modulo ``FEATURES``. Hashing is most of an assignment call's Python time, so it
runs on whole arrays: a batch's words are joined by single spaces, one document a line, which makes every
word pair a span of those bytes as well, and the hash runs block by block over all spans at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.utils import murmurhash3_32

from summarizer.documents import Document
from summarizer.text import STOP_WORD_LIST

__all__ = ["FEATURES", "murmur3_spans", "term_counts"]

# 2^18 columns for words and word pairs. On the streaming benchmark (tuning seeds, 2026-12-05) 2^16 lost ARI
# (0.704 against 0.725) and 2^20 traded it for more splits (0.728, 18.3 % of pairs split against 16.9 %),
# while the state (one count per column) stays 0.5 MB. Word pairs as well as words: words alone split more
# at every ARI (at 0.723, 9.2 % of true pairs against 7.1 %), as the chunker's shared terms use pairs too.
FEATURES = 2**18
# scikit-learn's default pattern ``\b\w\w+\b`` finds the same words as ``\w\w+`` (a run of word characters
# always starts and ends at a boundary) in a third of the time.
_TOKEN = re.compile(r"\w\w+")
_STOP_WORDS = frozenset(STOP_WORD_LIST)
_SPACE, _LINE = ord(" "), ord("\n")  # never inside a word's UTF-8 bytes, so they mark every word's span
_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
_LONG_SPAN = 256  # bytes from which a span is hashed on its own (ordinary words and pairs are under 60)


def term_counts(documents: Sequence[Document]) -> csr_matrix:
    """Sublinear term frequencies (1 + log tf) of title and text, one row per document: (documents, FEATURES).

    >>> from summarizer.documents import Document
    >>> counts = term_counts([Document("a", "Bridge", "The bridge shut.", "a")])
    >>> counts.shape[1] == FEATURES, counts.nnz   # bridge, shut, "bridge bridge", "bridge shut"
    (True, 4)
    """
    # Sublinear tf, as the chunker: a name said ten times should not outweigh five other shared terms.
    lines = [" ".join([word for word in _TOKEN.findall(f"{doc.title}\n\n{doc.text}".lower())
                       if word not in _STOP_WORDS]) for doc in documents]
    data = np.frombuffer("\n".join(lines).encode(), dtype=np.uint8)
    gaps = np.flatnonzero((data == _SPACE) | (data == _LINE))
    starts = np.concatenate([[0], gaps + 1])
    ends = np.concatenate([gaps, [len(data)]])
    row = np.concatenate([[0], np.cumsum(data[gaps] == _LINE)])
    words = np.flatnonzero(ends > starts)  # an empty line is a document without words
    pairs = np.flatnonzero(data[gaps] == _SPACE)  # word i and word i + 1 on one line
    span_starts = np.concatenate([starts[words], starts[pairs]])
    span_ends = np.concatenate([ends[words], ends[pairs + 1]])
    columns = np.abs(murmur3_spans(data, span_starts, span_ends - span_starts).astype(np.int64)) % FEATURES
    keys, times = np.unique(np.concatenate([row[words], row[pairs]]) * FEATURES + columns, return_counts=True)
    indptr = np.searchsorted(keys // FEATURES, np.arange(len(documents) + 1))
    return csr_matrix((np.log(times.astype(np.float32)) + np.float32(1.0), (keys % FEATURES).astype(np.int32),
                       indptr.astype(np.int32)), shape=(len(documents), FEATURES))


def murmur3_spans(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 x86 32-bit, seed 0, signed, of each span ``data[start:start + length]`` of a uint8 array.

    The same values as ``sklearn.utils.murmurhash3_32`` on each span's bytes, a few times faster over many
    spans: spans are sorted longest first, so the spans still reading at each 4-byte block are a prefix.

    >>> from sklearn.utils import murmurhash3_32
    >>> text = np.frombuffer(b"bridge shut", dtype=np.uint8)
    >>> hashes = murmur3_spans(text, np.array([0, 7]), np.array([6, 4]))
    >>> hashes.tolist() == [murmurhash3_32(b"bridge"), murmurhash3_32(b"shut")]
    True
    """
    padded = np.concatenate([data, np.zeros(4, dtype=np.uint8)])
    # The 4 bytes from each offset, read as one little-endian word: a view, nothing copied.
    block_at = np.ndarray(shape=(len(padded) - 3,), dtype="<u4", buffer=padded, strides=(1,))
    order = np.argsort(-lengths, kind="stable")
    starts, lengths = starts[order], lengths[order].astype(np.int64)
    hashes = np.zeros(len(order), dtype=np.uint32)
    # A pass costs the same for one span as for all, so a rare long one (a hex blob, a run of digits) is
    # hashed alone: one 100,000-byte word would otherwise take 25,000 passes over the batch.
    long = int(np.searchsorted(-lengths, -_LONG_SPAN, side="left"))
    hashes[:long] = [murmurhash3_32(data[start:start + length].tobytes()) & 0xFFFFFFFF
                     for start, length in zip(starts[:long].tolist(), lengths[:long].tolist(), strict=True)]
    with np.errstate(over="ignore"):
        for offset in range(0, int(lengths[long]) if long < len(lengths) else 0, 4):
            whole = int(np.searchsorted(-lengths, -(offset + 4), side="right"))  # spans with 4 bytes left here
            reading = int(np.searchsorted(-lengths, -(offset + 1), side="right"))  # with any left
            block = block_at[starts[long:reading] + offset]
            tail = (lengths[whole:reading] - offset).astype(np.uint32)  # 1-3 bytes: the rest is not theirs
            block[whole - long:] &= (np.uint32(1) << (tail * np.uint32(8))) - np.uint32(1)
            block *= _C1
            block = _rotate(block, 15) * _C2
            hashes[long:whole] = (_rotate(hashes[long:whole] ^ block[:whole - long], 13) * np.uint32(5)
                                  + np.uint32(0xE6546B64))
            hashes[whole:reading] ^= block[whole - long:]
        short = slice(long, None)
        hashes[short] ^= lengths[short].astype(np.uint32)
        mixed = hashes[short]
        mixed ^= mixed >> np.uint32(16)
        mixed *= np.uint32(0x85EBCA6B)
        mixed ^= mixed >> np.uint32(13)
        mixed *= np.uint32(0xC2B2AE35)
        mixed ^= mixed >> np.uint32(16)
    result = np.empty(len(order), dtype=np.int32)
    result[order] = hashes.view(np.int32)
    return result


def _rotate(values: np.ndarray, bits: int) -> np.ndarray:
    return (values << np.uint32(bits)) | (values >> np.uint32(32 - bits))
