"""Quality of combined summaries on Multi-News clusters, against lead and extractive baselines.

    .venv/bin/python benchmarks/quality.py [--n 20] [--model default] [--routes select,whole]

ROUGE-1/2/L F1 with stemming (rouge-score), every output cut to 250 words; also mean words, the share of
summary bigrams found in no source article (how abstractive it is) and seconds per cluster.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import load_clusters, save
from rouge_score import rouge_scorer

from summarizer import Summarizer
from summarizer.selection import extractive_summary
from summarizer.text import words

CUT = 250


def novel_bigrams(summary: str, sources: list[str]) -> float:
    """Share of the summary's bigrams that appear in no source article."""
    def bigrams(text: str) -> set[tuple[str, str]]:
        tokens = words(text)
        return set(zip(tokens, tokens[1:], strict=False))
    mine = bigrams(summary)
    seen = set().union(*(bigrams(s) for s in sources)) if sources else set()
    return len(mine - seen) / len(mine) if mine else 0.0


def run_system(name: str, make: Callable[[list[str]], str], clusters: list[dict]) -> dict:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0, "words": 0.0, "novel": 0.0, "seconds": 0.0}
    for number, cluster in enumerate(clusters, 1):
        started = time.perf_counter()
        summary = make(cluster["documents"])
        totals["seconds"] += time.perf_counter() - started
        cut = " ".join(summary.split()[:CUT])
        scores = scorer.score(cluster["references"][0], cut)
        for key in ("rouge1", "rouge2", "rougeL"):
            totals[key] += scores[key].fmeasure * 100
        totals["words"] += len(summary.split())
        totals["novel"] += novel_bigrams(summary, cluster["documents"]) * 100
        print(f"  {name} {number}/{len(clusters)}: R-2 {scores['rouge2'].fmeasure * 100:.1f}, "
              f"{len(summary.split())} words, {time.perf_counter() - started:.1f}s", flush=True)
    return {"system": name, **{k: round(v / len(clusters), 2) for k, v in totals.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="clusters (default 20; 250 for all)")
    parser.add_argument("--model", default="default")
    parser.add_argument("--routes", default="select", help="comma-separated: select, whole")
    parser.add_argument("--length", default="medium")
    args = parser.parse_args()
    clusters = load_clusters(args.n)

    def project(route: str) -> Callable[[list[str]], str]:
        summarizer = Summarizer(args.model, group=False, route=route, length=args.length, document_summaries=False)
        return lambda docs: summarizer.summarize(docs).stories[0].summary

    systems: list[tuple[str, Callable[[list[str]], str]]] = [
        ("lead", lambda docs: " ".join(docs[0].split()[:CUT])),
        ("extractive (centroid + MMR)", lambda docs: extractive_summary(docs, CUT)),
    ] + [(f"{args.model} ({route})", project(route)) for route in args.routes.split(",")]
    rows = [run_system(name, make, clusters) for name, make in systems]

    print(f"\n{len(clusters)} Multi-News clusters, outputs cut to {CUT} words, ROUGE F1 with stemming\n")
    print("| system | R-1 | R-2 | R-L | words | new bigrams % | s / cluster |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['system']} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} | {r['words']:.0f} "
              f"| {r['novel']:.0f} | {r['seconds']:.1f} |")
    path = save(f"quality-{args.model}-n{len(clusters)}", {"n": len(clusters), "length": args.length, "rows": rows})
    print(f"\nsaved {path}")


if __name__ == "__main__":
    main()
