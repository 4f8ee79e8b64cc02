"""Copies of an article: the text hash for exact ones, MinHash signatures and LSH bands for near ones."""

from __future__ import annotations

import numpy as np

from summarizer.index.duplicates import (
    BANDS,
    COPY_SIMILARITY,
    PERMUTATIONS,
    article_id,
    band_keys,
    fingerprint,
    shingles,
    signature,
    similarity,
    text_hash,
)
from tests.index.fakes import article

STORY = article("wire", "Bridge").text
WIRE_COPY = "LONDON (Reuters) - " + STORY + "\n\nReporting by Ann Lee; editing by Bo Chan. Copyright 2024."


def test_exact_copies_share_a_hash_whatever_their_spacing_case_and_punctuation():
    assert text_hash("The river rose, again.\n\n") == text_hash("the  river ROSE again")
    assert text_hash("The river’s edge") == text_hash("The river's edge")
    assert text_hash("The river rose.") != text_hash("The river fell.")
    assert article_id(text_hash("x")).startswith("a-") and len(article_id(text_hash("x"))) == 18


def test_signatures_are_the_same_on_every_run_and_machine():
    # Pinned values: a change of hash functions would make every stored signature useless.
    values = signature("Crews closed the bridge on Tuesday after the river rose two metres")
    assert values.dtype == np.uint32 and values.shape == (PERMUTATIONS,)
    assert values[:4].tolist() == [111316777, 866298246, 779520173, 371169210]


def test_a_wire_copy_with_another_dateline_and_byline_is_a_near_copy():
    original, copy = fingerprint(STORY), fingerprint(WIRE_COPY)
    assert original.hash != copy.hash
    assert similarity(original.signature, copy.signature) >= COPY_SIMILARITY
    assert set(original.bands) & set(copy.bands)  # found through the bands table


def test_different_articles_are_neither_similar_nor_candidates():
    one, other = fingerprint(STORY), fingerprint(article("other", "Bridge").text)
    assert similarity(one.signature, other.signature) < 0.2
    assert not set(one.bands) & set(other.bands)


def test_the_estimate_follows_the_true_shingle_overlap():
    half = STORY.split()
    edited = " ".join(half[:30] + [f"new{i}" for i in range(30)])  # about a third of the shingles shared
    a, b = set(shingles(STORY).tolist()), set(shingles(edited).tolist())
    true = len(a & b) / len(a | b)
    assert abs(similarity(signature(STORY), signature(edited)) - true) < 0.15


def test_a_text_without_words_has_no_signature_to_compare():
    assert signature("... --- !!!") is None and fingerprint("...").bands == ()
    assert len(band_keys(signature("one two three"))) == BANDS
