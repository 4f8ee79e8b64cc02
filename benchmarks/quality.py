"""Quality of combined summaries on Multi-News clusters, against lead and extractive baselines.

    .venv/bin/python benchmarks/quality.py [--n 20] [--model default] [--routes select,whole]

ROUGE-1/2/L F1 with stemming (rouge-score), every output cut to 250 words; also mean words, the share of
summary bigrams found in no source article (how abstractive it is) and seconds per cluster (the model is
loaded before timing starts). Baselines: lead (first article), TextRank (PageRank over TF-IDF sentence
similarity, the classic unsupervised baseline) and this project's own extractive route (centroid + MMR).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import load_clusters, save
from faithfulness import documents_of
from rouge_score import rouge_scorer

from summarizer import Summarizer
from summarizer.attribution import attribute
from summarizer.selection import extractive_summary
from summarizer.text import split_sentences, words

CUT = 250
DAMPING = 0.85  # TextRank's PageRank damping, as published


def textrank(documents: list[str], max_words: int = CUT) -> str:
    """TextRank: sentences ranked by PageRank over their TF-IDF cosine similarity, best first, to max_words."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for doc in documents for s in split_sentences(doc) if len(s.split()) >= 5]
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
        if total + len(sentences[index].split()) > max_words and picked:
            break
        picked.append(sentences[index])
        total += len(sentences[index].split())
    return " ".join(picked)


def novel_bigrams(summary: str, sources: list[str]) -> float:
    """Share of the summary's bigrams that appear in no source article."""
    def bigrams(text: str) -> set[tuple[str, str]]:
        tokens = words(text)
        return set(zip(tokens, tokens[1:], strict=False))
    mine = bigrams(summary)
    seen = set().union(*(bigrams(s) for s in sources)) if sources else set()
    return len(mine - seen) / len(mine) if mine else 0.0


def run_system(name: str, make: Callable[[list[str]], str], clusters: list[dict]) -> dict:
    """One system's averages over the clusters, plus its summaries (kept in the saved JSON for reading)."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0, "words": 0.0, "novel": 0.0, "seconds": 0.0}
    sentences = {"n": 0, "supported": 0, "flagged": 0}
    summaries = []
    for number, cluster in enumerate(clusters, 1):
        started = time.perf_counter()
        summary = make(cluster["documents"])
        totals["seconds"] += time.perf_counter() - started
        summaries.append(summary)
        cut = " ".join(summary.split()[:CUT])
        scores = scorer.score(cluster["references"][0], cut)
        for key in ("rouge1", "rouge2", "rougeL"):
            totals[key] += scores[key].fmeasure * 100
        totals["words"] += len(summary.split())
        totals["novel"] += novel_bigrams(summary, cluster["documents"]) * 100
        for sentence in attribute(summary, documents_of(cluster)):  # the checks every result carries
            sentences["n"] += 1
            sentences["supported"] += sentence.supported
            sentences["flagged"] += bool(sentence.flags)
        print(f"  {name} {number}/{len(clusters)}: R-2 {scores['rouge2'].fmeasure * 100:.1f}, "
              f"{len(summary.split())} words, {time.perf_counter() - started:.1f}s", flush=True)
    shares = {k: round(100 * sentences[k] / max(1, sentences["n"]), 1) for k in ("supported", "flagged")}
    return {"system": name, **{k: round(v / len(clusters), 2) for k, v in totals.items()}, **shares,
            "summaries": summaries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="clusters (default 20; 250 for all)")
    parser.add_argument("--model", default="default")
    parser.add_argument("--routes", default="select,whole", help="comma-separated: select, whole")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--start", type=int, default=0,
                        help="first cluster (tune prompts on another slice, e.g. --start 200, than you report)")
    args = parser.parse_args()
    clusters = load_clusters(args.n, args.start)

    def project(route: str) -> Callable[[list[str]], str]:
        summarizer = Summarizer(args.model, group=False, route=route, length=args.length, document_summaries=False)
        _ = summarizer.model  # loaded here, so no cluster's time includes the load
        return lambda docs: summarizer.summarize(docs, use_cache=False).stories[0].summary

    systems: list[tuple[str, Callable[[list[str]], str]]] = [
        ("lead", lambda docs: " ".join(docs[0].split()[:CUT])),
        ("TextRank", textrank),
        ("extractive (centroid + MMR)", lambda docs: extractive_summary(docs, CUT)),
    ] + [(f"{args.model} ({route})", project(route)) for route in args.routes.split(",")]
    name = f"quality-{args.model}-n{len(clusters)}" + (f"-from{args.start}" if args.start else "")
    rows: list[dict] = []
    for system, make in systems:  # saved after each system, so a cut-off run keeps what it measured
        rows.append(run_system(system, make, clusters))
        path = save(name, {"n": len(clusters), "start": args.start, "length": args.length, "rows": rows})

    print(f"\n{len(clusters)} Multi-News clusters from {args.start}, outputs cut to {CUT} words, "
          "ROUGE F1 with stemming\n")
    print("| system | R-1 | R-2 | R-L | words | new bigrams % | sentences supported % | flagged % | s / cluster |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['system']} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} | {r['words']:.0f} "
              f"| {r['novel']:.0f} | {r['supported']:.0f} | {r['flagged']:.0f} | {r['seconds']:.1f} |")
    print(f"\nsaved {path}")


if __name__ == "__main__":
    main()
