"""Content selection: the most informative sentences of a story's articles, redundancy removed.

Used three ways: to choose what the model reads for a combined summary (the ``select`` route), to fit an
over-long article into its share of a budget (never simply its first N tokens), and as the extractive
baseline (``model="extractive"``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from summarizer.text import STOP_WORD_LIST, ends_sentence, split_sentences, word_count

Measure = Callable[[str], int]

# A sentence this similar (TF-IDF cosine) to one already chosen adds nothing new.
REDUNDANT = 0.65


@dataclass(frozen=True)
class Selection:
    """What was kept of one article: its chosen sentences in their original order."""

    text: str
    kept: int  # size of text, in the measure's units (words or tokens)
    total: int  # size of the whole article, same units

    @property
    def complete(self) -> bool:
        """Whether the whole article was kept."""
        return self.kept >= self.total


def fair_shares(sizes: Sequence[int], budget: int) -> list[int]:
    """Split ``budget`` so no article is crowded out: equal shares, what short ones leave goes to long ones.

    >>> fair_shares([100, 1000, 1000], 900)
    [100, 400, 400]
    """
    shares = [0] * len(sizes)
    open_ = [i for i, size in enumerate(sizes) if size > 0]
    left = budget
    while open_ and left > 0:
        share = left // len(open_)
        if share == 0:
            break
        small = [i for i in open_ if sizes[i] - shares[i] <= share]
        if not small:
            for i in open_:
                shares[i] += share
            break
        for i in small:
            left -= sizes[i] - shares[i]
            shares[i] = sizes[i]
        open_ = [i for i in open_ if i not in small]
    return shares


def _candidates(sentences_by_article: list[list[str]]) -> list[tuple[int, int, str]]:
    """(article, position, sentence) for every real sentence; headlines, captions and fragments are
    candidates only in an article that has nothing else."""
    flat = []
    for a, sents in enumerate(sentences_by_article):
        full = [(a, p, s) for p, s in enumerate(sents) if ends_sentence(s) and word_count(s) >= 5]
        flat.extend(full or [(a, p, s) for p, s in enumerate(sents)])
    return flat


def _sentence_scores(sentences: list[str], positions: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Centrality of each sentence (cosine to the story's TF-IDF centroid, with a small lead bonus)."""
    try:
        vectors = TfidfVectorizer(stop_words=STOP_WORD_LIST, sublinear_tf=True).fit_transform(sentences)
    except ValueError:  # only stop words or no words at all: fall back to position alone
        vectors = None
    if vectors is None:
        return np.array([1.0 / (1 + p) for p in positions]), np.eye(len(sentences))
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    centrality = vectors @ (centroid / norm)
    # News puts the key facts first: a mild bonus for the opening sentences of each article.
    lead = np.array([0.15 / (1 + p) for p in positions])
    similarity = (vectors @ vectors.T).toarray()
    return np.asarray(centrality).ravel() + lead, similarity


def select(articles: Sequence[str], budget: int, measure: Measure = word_count) -> list[Selection]:
    """Choose the most central, non-redundant sentences of each article within a shared budget.

    Each article gets a fair share of ``budget`` (see ``fair_shares``); an article that fits its share
    is kept whole. Sentences are picked best first across all articles, skipping any too similar to one
    already picked, and are returned in their original order within each article.

    >>> [s.complete for s in select(["One short article.", "Another one."], 100)]
    [True, True]
    """
    sentences_by_article = [split_sentences(text) for text in articles]
    sizes = [sum(measure(s) for s in sents) for sents in sentences_by_article]
    shares = fair_shares(sizes, budget)
    flat = _candidates(sentences_by_article)
    chosen: list[set[int]] = [set() for _ in articles]
    if flat:
        scores, similarity = _sentence_scores([s for _, _, s in flat], [p for _, p, _ in flat])
        used = [0] * len(articles)
        picked: list[int] = []
        for index in np.argsort(-scores, kind="stable"):
            article, position, sentence = flat[index]
            if sizes[article] <= shares[article]:
                continue  # kept whole below
            size = measure(sentence)
            if used[article] + size > shares[article]:
                continue
            if picked and similarity[index, picked].max() >= REDUNDANT:
                continue
            chosen[article].add(position)
            used[article] += size
            picked.append(int(index))
    result = []
    for a, sents in enumerate(sentences_by_article):
        if sizes[a] <= shares[a]:
            result.append(Selection(text="\n".join(sents), kept=sizes[a], total=sizes[a]))
            continue
        kept = [s for p, s in enumerate(sents) if p in chosen[a]]
        if not kept and shares[a] > 0:
            # Its share is smaller than any of its sentences: keep the start of its most central one,
            # so no article is left out of the story altogether.
            best = next(flat[int(i)][2] for i in np.argsort(-scores, kind="stable") if flat[int(i)][0] == a)
            kept = [_cut(best, shares[a], measure)]
        result.append(Selection(text=" ".join(kept), kept=sum(measure(s) for s in kept), total=sizes[a]))
    return result


def _cut(sentence: str, budget: int, measure: Measure) -> str:
    """The longest word prefix of sentence within budget, marked as cut."""
    tokens = sentence.split()
    low, high = 0, len(tokens)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(" ".join(tokens[:mid]) + " …") <= budget:
            low = mid
        else:
            high = mid - 1
    return " ".join(tokens[:low]) + " …" if low else ""


def central_sentences(articles: Sequence[str]) -> list[tuple[str, float, float]]:
    """Every sentence of the articles with its centrality and where it sits in its article (0 the lead, 1 the
    last), best first, leaving out those too similar to a better one: the story's facts, each said once
    (``generation.facts``).

    >>> [s for s, _, _ in central_sentences(["The dam cracked. The dam cracked.", "Crews left the valley."])]
    ['The dam cracked.', 'Crews left the valley.']
    """
    sentences_by_article = [split_sentences(text) for text in articles]
    flat = _candidates(sentences_by_article)
    if not flat:
        return []
    scores, similarity = _sentence_scores([s for _, _, s in flat], [p for _, p, _ in flat])
    picked: list[int] = []
    for index in np.argsort(-scores, kind="stable"):
        if not picked or similarity[index, picked].max() < REDUNDANT:
            picked.append(int(index))
    return [(flat[i][2], float(scores[i]), flat[i][1] / max(1, len(sentences_by_article[flat[i][0]]) - 1))
            for i in picked]


def extractive_summary(articles: Sequence[str], max_words: int) -> str:
    """The extractive baseline: central, non-redundant sentences of all articles, at most ``max_words``.

    Sentences come in article order, then position, so the summary reads like the sources.
    """
    flat = _candidates([split_sentences(text) for text in articles])
    if not flat:
        return ""
    scores, similarity = _sentence_scores([s for _, _, s in flat], [p for _, p, _ in flat])
    picked: list[int] = []
    total = 0
    for index in np.argsort(-scores, kind="stable"):
        size = word_count(flat[index][2])
        if total + size > max_words or (picked and similarity[index, picked].max() >= REDUNDANT):
            continue
        picked.append(int(index))
        total += size
    return " ".join(flat[i][2] for i in sorted(picked))
