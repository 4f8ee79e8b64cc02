"""Copies of an article: exact ones by a hash of the normalised text, near ones (the same wire story with
another dateline, byline or boilerplate) by MinHash signatures over word shingles and LSH bands.

Candidates are found through the index's ``minhash_bands`` table, in SQL, so no signature of an older
article is held in memory; each candidate is then checked by the signatures' estimated Jaccard similarity
before it counts as a copy. The hash functions come from SHA-256 of fixed strings, not a random generator,
so a signature is the same on every run, machine and numpy version.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from summarizer.index.database import Database
from summarizer.text import tokens

__all__ = [
    "BANDS", "COPY_SIMILARITY", "PERMUTATIONS", "ROWS", "SHINGLE", "Fingerprint", "article_id", "band_keys",
    "find_original", "fingerprint", "normalise", "shingles", "signature", "similarity", "text_hash",
]

SHINGLE = 3  # words per shingle: a changed dateline or byline touches only the few shingles around it
BANDS, ROWS = 20, 6  # 120 hash functions; two texts of Jaccard 0.8 share a band with probability 0.998,
PERMUTATIONS = BANDS * ROWS  # of 0.5 with 0.28, of 0.3 with 0.015 (1 - (1 - s**ROWS) ** BANDS)
COPY_SIMILARITY = 0.8  # estimated shingle Jaccard from which an article counts as a copy of another
_PRIME = (1 << 61) - 1  # a Mersenne prime: (a * x + b) mod p is a universal hash family
_MAX = np.uint64(0xFFFF_FFFF)
_MIX = tuple(np.uint64(m) for m in (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9))
_CHUNK = 500  # band keys per SQL query (well under both engines' parameter limits)


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of each hash function, from SHA-256 of fixed strings: stable everywhere, forever."""
    def draw(name: str, low: int) -> np.ndarray:
        values = [int.from_bytes(hashlib.sha256(f"summarizer minhash {name} {i}".encode()).digest()[:8], "big")
                  % (_PRIME - low) + low for i in range(PERMUTATIONS)]
        return np.array(values, dtype=np.uint64)
    return draw("a", 1), draw("b", 0)


_A, _B = _coefficients()


def normalise(text: str) -> str:
    """What makes two texts the same article: their words, whatever the case, spacing, punctuation and
    apostrophe style.

    >>> normalise("The river  ROSE, again’s.")
    "the river rose again's"
    """
    return " ".join(tokens(unicodedata.normalize("NFKC", text).replace("’", "'")))


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for exact copies, the key that makes a rerun change nothing.

    >>> text_hash("The river rose.") == text_hash("the river  rose")
    True
    """
    return fingerprint(text).hash


def article_id(hash_hex: str) -> str:
    """An article's id in the index, from its text hash.

    >>> article_id(text_hash("The river rose."))
    'a-5ce8140e4ed0e972'
    """
    return "a-" + hash_hex[:16]


def shingles(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of a text's overlapping word triples (from each word's CRC-32: stable across
    runs and machines); a text shorter than a shingle is one shingle.

    >>> len(shingles("one two three four")), len(shingles("one two")), len(shingles("..."))
    (2, 1, 0)
    """
    return fingerprint(text).shingles


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (``PERMUTATIONS`` uint32 values) of a text's shingles; None for a text without
    words (nothing to compare).

    >>> signature("The river rose overnight").shape
    (120,)
    """
    return fingerprint(text).signature


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts' shingles: the share of equal signature values.

    >>> a = signature("Crews closed the bridge on Tuesday after the river rose two metres overnight")
    >>> similarity(a, a), similarity(a, signature("Voters chose a new mayor on Sunday in a close race")) < 0.2
    (1.0, True)
    """
    return float(np.mean(first == second))


def band_keys(values: np.ndarray) -> list[str]:
    """One key per band of ``ROWS`` values: texts that share any key are near-duplicate candidates."""
    rows = values.astype("<u4")
    return [f"{band:02d}:{hashlib.blake2b(rows[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for band in range(BANDS)]


@dataclass(frozen=True)
class Fingerprint:
    """What the index keeps to recognise copies of one text, each part worked out when first asked for (an
    article already in the index needs only its hash)."""

    normalised: str  # normalise(text)

    @cached_property
    def hash(self) -> str:
        """text_hash: SHA-256 hex of the normalised text."""
        return hashlib.sha256(self.normalised.encode("utf-8")).hexdigest()

    @property
    def article_id(self) -> str:
        return article_id(self.hash)

    @cached_property
    def shingles(self) -> np.ndarray:
        """The distinct shingle hashes (uint64 holding 32-bit values)."""
        words = self.normalised.split()
        if not words:
            return np.zeros(0, dtype=np.uint64)
        ids = np.fromiter((zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words))
        if len(ids) < SHINGLE:
            ids = np.concatenate([ids, np.zeros(SHINGLE - len(ids), dtype=np.uint64)])
        # Each triple's three word hashes mixed by odd multipliers (wrapping uint64), folded to 32 bits.
        with np.errstate(over="ignore"):
            mixed = ids[:len(ids) - 2] * _MIX[0] + ids[1:len(ids) - 1] * _MIX[1] + ids[2:] * _MIX[2]
        return np.unique((mixed ^ (mixed >> np.uint64(32))) & _MAX)

    @cached_property
    def signature(self) -> np.ndarray | None:
        """The MinHash signature; None for a text without words."""
        values = self.shingles
        if not values.size:
            return None
        # (a * x + b) mod p for every hash function and shingle; uint64 products wrap, as in datasketch.
        with np.errstate(over="ignore"):
            hashed = (np.outer(_A, values) + _B[:, None]) % np.uint64(_PRIME) & _MAX
        return hashed.min(axis=1).astype(np.uint32)

    @cached_property
    def bands(self) -> tuple[str, ...]:
        """The LSH band keys (none for a text without words)."""
        return () if self.signature is None else tuple(band_keys(self.signature))

    @property
    def signature_bytes(self) -> bytes | None:
        """The signature as stored (little-endian uint32)."""
        return None if self.signature is None else self.signature.astype("<u4").tobytes()


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of one article's text (its parts are computed on first use)."""
    return Fingerprint(normalise(text))


def find_original(db: Database, print_: Fingerprint, threshold: float = COPY_SIMILARITY) -> str | None:
    """The id of the stored article that ``print_`` copies, or None: among the articles sharing a band with
    it (rows written earlier in the same transaction included), the most similar at or above ``threshold``,
    the earliest on a tie. A copy of a copy gets the first original, so all copies of a text share one.
    """
    if print_.signature is None:
        return None
    best, best_score = None, threshold
    for start in range(0, len(print_.bands), _CHUNK):
        chunk = list(print_.bands[start:start + _CHUNK])
        rows = db.query(
            "SELECT a.id, a.signature, a.duplicate_of FROM articles a WHERE a.id IN (SELECT b.article_id FROM "
            f"minhash_bands b WHERE b.band_key IN ({', '.join('?' * len(chunk))})) ORDER BY a.seq", chunk)
        for id_, blob, copies in rows:
            if blob is None or id_ == print_.article_id:
                continue
            score = similarity(print_.signature, np.frombuffer(bytes(blob), dtype="<u4"))
            if score > best_score or (best is None and score >= best_score):
                best, best_score = copies or id_, score
    return best
