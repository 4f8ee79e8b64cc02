"""Quality of combined summaries on Multi-News clusters, against lead and extractive baselines.

    .venv/bin/python benchmarks/quality.py [--n 20] [--model default] [--routes select,whole]

ROUGE-1/2/L F1 with stemming (rouge-score), every output cut to the length's most words (250 at ``medium``,
100 at ``short``); also mean words, the share of summary bigrams found in no source article (how abstractive
it is), the repeated-fact rate (sentences whose content words mostly, 60 % or more, sit in one earlier
sentence), supported, flagged and corroborated (reported by two or more articles) sentences, and seconds per
cluster, with the model's share split into prompt reading and writing (summed over its stages; the model is
loaded before timing starts; BATCH clusters go through one Summarizer call, their combined summaries generated
together). Baselines: lead (first article), TextRank (PageRank over TF-IDF sentence
similarity, the classic unsupervised baseline) and this project's own extractive route (centroid + MMR).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from common import load_clusters, save
from faithfulness import documents_of
from rouge_score import rouge_scorer

from summarizer import Summarizer
from summarizer.checks.attribution import attribute
from summarizer.chunker import Story, label_story
from summarizer.documents import Document
from summarizer.models import choose_backend
from summarizer.selection import extractive_summary
from summarizer.settings import WORD_RANGES
from summarizer.text import content_words, split_sentences, word_count, words

Batch = Callable[[list[dict]], list[str]]  # clusters in, one summary each out
CUT = 250
# Clusters per Summarizer call: their combined summaries are generated together, as the product batches the
# stories of one request; seconds per cluster are each call's time over its clusters.
BATCH = 4
DAMPING = 0.85  # TextRank's PageRank damping, as published


class ByCluster:
    """The benchmark's grouping: each Multi-News cluster is one story, named by its document ids'
    prefix (``c<k>-d<n>`` makes story ``c<k>``)."""

    def group(self, documents: Sequence[Document]) -> list[Story]:
        stories: dict[str, list[Document]] = {}
        for doc in documents:
            stories.setdefault(doc.id.split("-")[0], []).append(doc)
        return [Story(id=key, label=label_story(docs), documents=tuple(docs)) for key, docs in stories.items()]


def textrank(documents: list[str], max_words: int = CUT) -> str:
    """TextRank: sentences ranked by PageRank over their TF-IDF cosine similarity, best first, to max_words."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for doc in documents for s in split_sentences(doc) if word_count(s) >= 5]
    if not sentences:
        return ""
    vectors = TfidfVectorizer(stop_words="english").fit_transform(sentences)
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    sums = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(similarity, sums, out=np.full_like(similarity, 1 / len(sentences)), where=sums > 0)
    rank = np.full(len(sentences), 1 / len(sentences))
    for _ in range(100):  # power iteration; converges in a few dozen steps
        rank = (1 - DAMPING) / len(sentences) + DAMPING * transition.T @ rank
    picked, total = [], 0
    for index in np.argsort(-rank, kind="stable"):
        if total + word_count(sentences[index]) > max_words and picked:
            break
        picked.append(sentences[index])
        total += word_count(sentences[index])
    return " ".join(picked)


def novel_bigrams(summary: str, sources: list[str]) -> float:
    """Share of the summary's bigrams that appear in no source article."""
    def bigrams(text: str) -> set[tuple[str, str]]:
        tokens = words(text)
        return set(zip(tokens, tokens[1:], strict=False))
    mine = bigrams(summary)
    seen = set().union(*(bigrams(s) for s in sources)) if sources else set()
    return len(mine - seen) / len(mine) if mine else 0.0


REPEATED = 0.6  # a sentence whose content words are this much in one earlier sentence restates it (issue 19)


def repeated_sentences(summary: str) -> int:
    """Sentences whose content words (numbers aside) mostly sit in one earlier sentence of the summary."""
    sentences = [content_words(s) for s in split_sentences(summary)]
    return sum(1 for i, mine in enumerate(sentences)
               if mine and any(len(mine & earlier) >= REPEATED * len(mine) for earlier in sentences[:i]))


def score_cluster(scorer: rouge_scorer.RougeScorer, cluster: dict, summary: str, seconds: float,
                  cut: int = CUT) -> dict:
    """One summary's figures (not its text): ROUGE F1 of its first ``cut`` words, words, new bigrams, checks."""
    scores = scorer.score(cluster["references"][0], " ".join(summary.split()[:cut]))
    checked = attribute(summary, documents_of(cluster))  # the checks every result carries
    return {**{key: scores[key].fmeasure * 100 for key in ("rouge1", "rouge2", "rougeL")},
            "words": word_count(summary), "novel": novel_bigrams(summary, cluster["documents"]) * 100,
            "seconds": seconds, "sentences": len(checked), "supported": sum(s.supported for s in checked),
            "flagged": sum(bool(s.flags) for s in checked), "repeated": repeated_sentences(summary),
            "corroborated": sum(len(s.reported_by) >= 2 for s in checked)}


def average(name: str, clusters: list[dict]) -> dict:
    """A system's row: means over its clusters, sentence shares over all its sentences."""
    n, sentences = len(clusters), max(1, sum(c["sentences"] for c in clusters))
    means = {k: round(sum(c[k] for c in clusters) / n, 2)
             for k in ("rouge1", "rouge2", "rougeL", "words", "novel", "seconds", "read_s", "write_s")}
    shares = {k: round(100 * sum(c.get(k, 0) for c in clusters) / sentences, 1)
              for k in ("supported", "flagged", "repeated", "corroborated")}
    return {"system": name, **means, **shares}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="clusters (default 20; 250 for all)")
    parser.add_argument("--model", default="default")
    parser.add_argument("--routes", default="facts,select", help="comma-separated: facts, select, whole")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--start", type=int, default=0,
                        help="first cluster (tune prompts on another slice, e.g. --start 200, than you report)")
    parser.add_argument("--texts", type=Path, default=None,
                        help="also write every summary to this JSONL file, for reading (keep it outside the repo: "
                             "the texts derive from Multi-News)")
    args = parser.parse_args()
    clusters = load_clusters(args.n, args.start)
    cut = WORD_RANGES[args.length]["story"].most
    model = choose_backend(args.model).runs  # `default` runs as `default-gguf` on CPUs without native bf16

    spent = [0.0, 0.0]  # the last project call's seconds reading prompts and writing, all stages

    def project(route: str) -> Batch:
        summarizer = Summarizer(args.model, chunker=ByCluster(), route=route, length=args.length,
                                document_summaries=False, batch_size=BATCH)
        _ = summarizer.model  # loaded here, so no cluster's time includes the load

        def run(batch: list[dict]) -> list[str]:
            docs = [d for k, cluster in enumerate(batch) for d in documents_of(cluster, prefix=f"c{k}-")]
            result = summarizer.summarize(docs, use_cache=False)
            summaries = {story.id: story.summary for story in result.stories}
            spent[:] = [sum(stage.get(key, 0.0) for stage in result.usage.values()) for key in ("read_s", "write_s")]
            return [summaries.get(f"c{k}", "") for k in range(len(batch))]  # "": nothing left after cleaning
        return run

    def each(make: Callable[[list[str]], str]) -> Batch:
        return lambda batch: [make(cluster["documents"]) for cluster in batch]

    systems: list[tuple[str, Batch]] = [
        ("lead", each(lambda docs: " ".join(docs[0].split()[:cut]))),
        ("TextRank", each(lambda docs: textrank(docs, cut))),
        ("extractive (centroid + MMR)", each(lambda docs: extractive_summary(docs, cut))),
    ] + [(f"{model} ({route})", project(route)) for route in args.routes.split(",")]
    name = f"quality-{model}-n{len(clusters)}" + (f"-from{args.start}" if args.start else "") + (
        f"-{args.length}" if args.length != "medium" else "")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scored: dict[str, list[dict]] = {system: [] for system, _ in systems}
    for system, make in systems:
        for first in range(0, len(clusters), BATCH):
            batch = clusters[first:first + BATCH]
            started = time.perf_counter()
            spent[:] = [0.0, 0.0]
            summaries = make(batch)
            seconds = (time.perf_counter() - started) / len(batch)
            reading, writing = (part / len(batch) for part in spent)
            for cluster, summary in zip(batch, summaries, strict=True):
                figures = {**score_cluster(scorer, cluster, summary, seconds, cut), "read_s": reading,
                           "write_s": writing}
                scored[system].append(figures)
                if args.texts:
                    with args.texts.open("a", encoding="utf-8") as out:
                        out.write(json.dumps({"system": system, "cluster": args.start + len(scored[system]) - 1,
                                              "summary": summary}) + "\n")
                print(f"  {system} {len(scored[system])}/{len(clusters)}: R-2 {figures['rouge2']:.1f}, "
                      f"{figures['words']} words, {seconds:.1f}s", flush=True)
            # Saved after every batch, every system averaged over the clusters all have done: a run cut off
            # keeps a like-for-like table of what it measured.
            done = min(len(rows) for rows in scored.values() if rows)
            rows = [average(s, runs[:done]) for s, runs in scored.items() if runs]
            path = save(name, {"n": done, "start": args.start, "length": args.length, "batch": BATCH,
                               "rows": rows, "per_cluster": {s: runs[:done] for s, runs in scored.items() if runs}})
    clusters = clusters[:done]
    print(f"\n{len(clusters)} Multi-News clusters from {args.start}, outputs cut to {cut} words, "
          "ROUGE F1 with stemming\n")
    print("| system | R-1 | R-2 | R-L | words | new bigrams % | sentences supported % | flagged % | repeated % "
          "| corroborated % | s / cluster (reading / writing) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['system']} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} | {r['words']:.0f} "
              f"| {r['novel']:.0f} | {r['supported']:.0f} | {r['flagged']:.0f} | {r['repeated']:.1f} "
              f"| {r['corroborated']:.0f} | {r['seconds']:.1f} ({r['read_s']:.1f} / {r['write_s']:.1f}) |")
    print(f"\nsaved {path}")


if __name__ == "__main__":
    main()
