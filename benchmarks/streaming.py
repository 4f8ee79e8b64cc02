"""Streaming grouping benchmark: do articles fed in chunks through the online Assigner end up grouped as when
the whole set is grouped at once?

Usage: .venv/bin/python benchmarks/streaming.py [--seeds 0,1,2,3,4] [--held-out 4] [--chunk 50] [--sweep]
    [--no-consolidation]

The 250 Multi-News clusters of ../shared/bench/data/multinews_test.jsonl, plus the five seed articles of
../shared/seeds as one more cluster, every article through ``document_from_text`` as benchmarks/grouping.py
does (its loading, mixing and scoring are reused), are shuffled by each seed and fed in chunks of 50 through
``summarizer.index.assign.Assigner`` by an in-memory driver that keeps the story states between calls as the
store does (``MemoryIndex``). Web notices, which the loader skips, are stories of their own, as in
grouping.py. The result is scored by adjusted Rand index against the true clusters and against
``TfidfChunker`` grouping the whole set at once, and by the split rate: of the pairs of articles the
whole-set grouping puts together, the share the stream puts apart. Because the whole-set grouping itself
puts together some articles of different clusters, the split rate is also given over the pairs it puts
together that share a true cluster ("true pairs").

Each seed is streamed twice: assignment alone ("stream") and with the consolidation pass ``StoryIndex.add``
runs after every call ("consolidated", ``summarizer.index.consolidate``: the recent stories' articles
regrouped by ``TfidfChunker`` and the stories it puts together merged); the targets are judged on the
consolidated one, what the index does.

Multi-News has no dates: every article is given the same date (2024-01-01), so the time decay plays no part
there. ``decay_check`` checks it separately: pairs of articles of one cluster (and of two unrelated ones),
the second arriving 0 to 60 days after the first, against a state warmed up on other clusters.

``--sweep`` scores a grid of thresholds on the tuning seeds (all but ``--held-out``); the defaults of
``Assigner`` were chosen from it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import MULTINEWS, SEEDS, require, save  # noqa: E402
from grouping import is_notice, labels_for, load_rows, mix  # noqa: E402
from stream_driver import MemoryIndex  # noqa: E402

from summarizer.chunker import TfidfChunker  # noqa: E402
from summarizer.documents import Document, document_from_text  # noqa: E402
from summarizer.index.assign import Assigner, Incoming  # noqa: E402
from summarizer.index.consolidate import Consolidator  # noqa: E402
from summarizer.text import word_count  # noqa: E402

DATE = datetime(2024, 1, 1)  # Multi-News has no dates: every article gets this one
SWEEP_THRESHOLDS = (0.06, 0.0625, 0.065, 0.07)
SWEEP_MERGE = (0.055, 0.06, 0.07)
SWEEP_TERMS = (256, 384, 512)
DECAY_GAPS = (0, 1, 3, 7, 14, 21, 30, 60)
DECAY_PAIRS = 100
DECAY_BACKGROUND = 400


def dataset(rows: list[dict], seeds: list[Document], seed: int) -> tuple[list[Document], list[str]]:
    """All Multi-News documents and the seed articles (one more cluster), shuffled by ``seed``."""
    documents, truth, _ = mix(rows, len(rows), seed)
    pairs = list(zip(documents, truth, strict=True)) + [(doc, "seeds") for doc in seeds]
    random.Random(seed).shuffle(pairs)
    return [doc for doc, _ in pairs], [cluster for _, cluster in pairs]


def stream(assigner: Assigner, documents: list[Document], chunk: int,
           consolidator: Consolidator | None = None) -> tuple[list[str], MemoryIndex]:
    """Each document's story after feeding the articles in chunks (a notice is a story of its own)."""
    index = MemoryIndex(assigner, consolidator=consolidator)
    given = [doc for doc in documents if not is_notice(doc)]
    for start in range(0, len(given), chunk):
        index.add([Incoming(doc.id, doc, DATE) for doc in given[start:start + chunk]])
    return [index.story(doc.id) if doc.id in index.story_of else f"skipped:{doc.id}" for doc in documents], index


def pairs_together(labels: Sequence[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def split_rate(reference: Sequence[Hashable], labels: Sequence[Hashable]) -> float:
    """Of the pairs ``reference`` puts together, the share ``labels`` puts apart."""
    together = pairs_together(reference)
    kept = pairs_together(list(zip(reference, labels, strict=True)))
    return round(1 - kept / together, 4) if together else 0.0


def score(truth: list[str], whole: list[str], labels: list[str]) -> dict[str, float]:
    true_whole = [f"{w}|{t}" for w, t in zip(whole, truth, strict=True)]  # whole-set pairs in one true cluster
    return {"ari": round(adjusted_rand_score(truth, labels), 4),
            "ari_vs_whole_set": round(adjusted_rand_score(whole, labels), 4),
            "split_rate": split_rate(whole, labels),
            "split_rate_true_pairs": split_rate(true_whole, labels),
            "joined_apart_in_whole_set": split_rate(labels, whole),  # of the stream's pairs, the share whole splits
            "stories": len(set(labels))}


def run_seeds(rows: list[dict], seeds_docs: list[Document], seeds: list[int], assigner: Assigner,
              chunk: int, wholes: dict[int, tuple[list[Document], list[str], list[str], dict]],
              consolidator: Consolidator | None = None) -> list[dict]:
    """Per seed: the whole-set figures (cached in ``wholes``), the stream's, and with a ``consolidator`` the
    stream's with a consolidation pass after each call ("consolidated")."""
    results = []
    for seed in seeds:
        if seed not in wholes:
            documents, truth = dataset(rows, seeds_docs, seed)
            started = time.perf_counter()
            whole = labels_for(TfidfChunker(), documents)
            wholes[seed] = (documents, truth, whole, {
                "ari": round(adjusted_rand_score(truth, whole), 4), "stories": len(set(whole)),
                "pairs_together": pairs_together(whole),
                "true_share_of_pairs": round(1 - split_rate(whole, truth), 4),
                "seconds": round(time.perf_counter() - started, 2)})
        documents, truth, whole, whole_figures = wholes[seed]
        entry = {"seed": seed, "documents": len(documents), "notices": sum(is_notice(doc) for doc in documents),
                 "whole_set": whole_figures}
        for name, consolidating in (("stream", None), ("consolidated", consolidator)):
            if name == "consolidated" and consolidator is None:
                continue
            started = time.perf_counter()
            labels, index = stream(assigner, documents, chunk, consolidating)
            figures = score(truth, whole, labels)
            figures.update(merges=index.merges, consolidation_merges=index.consolidated, calls=index.calls,
                           seconds=round(time.perf_counter() - started, 2))
            entry[name] = figures
        results.append(entry)
    return results


def mean_of(results: list[dict], name: str = "stream") -> dict[str, float]:
    keys = ("ari", "ari_vs_whole_set", "split_rate", "split_rate_true_pairs", "joined_apart_in_whole_set")
    mean = {key: round(statistics.mean(r[name][key] for r in results), 4) for key in keys}
    mean["whole_set_ari"] = round(statistics.mean(r["whole_set"]["ari"] for r in results), 4)
    mean["ari_gap"] = round(mean["whole_set_ari"] - mean["ari"], 4)
    return mean


def decay_check(rows: list[dict], assigner: Assigner, seed: int) -> dict:
    """Pairs of articles of one cluster (related) and of two clusters (unrelated): the share the second
    joins the first's story when it arrives ``gap`` days later. The state is warmed on other clusters, as a
    real index's would be, so the IDF is not that of two articles."""
    rng = random.Random(seed)
    rows = rng.sample(rows, len(rows))
    texts = {row["id"]: [t for t in row["documents"] if word_count(t) >= 150] for row in rows}
    related = [cid for cid, found in texts.items() if len(found) >= 2][:DECAY_PAIRS]
    background = [cid for cid in texts if cid not in related]
    warm = MemoryIndex(assigner, keep_members=False)
    docs = [document_from_text(t, id=f"{cid}#{i}", source=cid)
            for cid in background for i, t in enumerate(texts[cid])][:DECAY_BACKGROUND]
    for start in range(0, len(docs), 50):
        warm.add([Incoming(doc.id, doc, DATE) for doc in docs[start:start + 50]])
    cleaned = {cid: [document_from_text(t, id=f"{cid}#{i}", source=cid) for i, t in enumerate(texts[cid][:2])]
               for cid in related}
    pairs = {"related": [(cleaned[cid][0], cleaned[cid][1]) for cid in related],
             "unrelated": [(cleaned[a][0], cleaned[b][1]) for a, b in zip(related, related[1:] + related[:1],
                                                                          strict=True)]}
    joined: dict[str, dict[str, float]] = {kind: {} for kind in pairs}
    for kind, docs_of in pairs.items():
        for gap in DECAY_GAPS:
            hits = 0
            for a, b in docs_of:
                opened = assigner.assign([Incoming("first", a, DATE)], [], warm.state)
                story = replace(opened.stories[0], id="s-000001")  # the id the store gives it
                later = DATE + timedelta(days=gap)
                # The story is a candidate only within the window, as the store sends it.
                recent = [story] if story.last_seen >= later - timedelta(days=assigner.window_days) else []
                result = assigner.assign([Incoming("second", b, later)], recent, opened.state)
                hits += result.story_of["second"] == story.id
            joined[kind][str(gap)] = round(hits / len(docs_of), 3)
    return {"pairs": len(related), "background_articles": len(docs), "half_life_days": assigner.half_life_days,
            "window_days": round(assigner.window_days, 2), "joined_share_by_gap_days": joined}


def sweep(rows: list[dict], seeds_docs: list[Document], seeds: list[int], chunk: int, wholes: dict) -> list[dict]:
    """Mean figures on the tuning seeds for each setting of the grid."""
    grid = []
    for terms in SWEEP_TERMS:
        for threshold in SWEEP_THRESHOLDS:
            for merge in SWEEP_MERGE:
                assigner = Assigner(threshold=threshold, merge_threshold=merge, max_terms=terms)
                mean = mean_of(run_seeds(rows, seeds_docs, seeds, assigner, chunk, wholes))
                grid.append({"threshold": threshold, "merge_threshold": merge, "max_terms": terms, **mean})
                print(f"  max_terms {terms:5d} threshold {threshold:.4g} merge {merge:.4g}: ARI {mean['ari']:.4f} "
                      f"(whole {mean['whole_set_ari']:.4f}) split {mean['split_rate']:.4f} "
                      f"true-pair split {mean['split_rate_true_pairs']:.4f}", flush=True)
    return grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4", help="shuffles to run, comma-separated")
    parser.add_argument("--held-out", type=int, default=4, help="the seed not used for tuning (reported apart)")
    parser.add_argument("--chunk", type=int, default=50, help="articles per assigner call")
    parser.add_argument("--sweep", action="store_true", help="also score the threshold grid on the tuning seeds")
    parser.add_argument("--no-consolidation", action="store_true", help="skip the consolidated stream")
    args = parser.parse_args(argv)
    require(MULTINEWS)
    started = time.perf_counter()
    rows = load_rows()
    seeds_docs = [document_from_text(p.read_text(encoding="utf-8"), id=p.stem, source=str(p))
                  for p in sorted(SEEDS.glob("article_*.txt"))]
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    tuning = [s for s in seeds if s != args.held_out]
    assigner = Assigner()
    consolidator = None if args.no_consolidation else Consolidator()
    wholes: dict = {}
    per_seed = run_seeds(rows, seeds_docs, seeds, assigner, args.chunk, wholes, consolidator)
    report: dict = {
        "data": "250 Multi-News test clusters + the 5 seed articles as one cluster; notices are stories of their own",
        "dates": f"every article dated {DATE.date().isoformat()} (Multi-News has no dates)",
        "chunk": args.chunk, "seeds": seeds, "tuning_seeds": tuning, "held_out_seed": args.held_out,
        "settings": {"threshold": assigner.threshold, "merge_threshold": assigner.merge_threshold,
                     "half_life_days": assigner.half_life_days, "window_days": round(assigner.window_days, 2),
                     "max_terms": assigner.max_terms},
        "consolidation": None if consolidator is None else {
            "max_articles": consolidator.max_articles, "min_articles": consolidator.min_articles,
            "min_share": consolidator.min_share, "runs": "after every call, as StoryIndex.add"},
        "targets": {"ari_within_of_whole_set": 0.02, "split_rate_at_most": 0.02},
        "per_seed": per_seed,
        "mean_tuning_seeds": mean_of([r for r in per_seed if r["seed"] in tuning]) if tuning else None,
        "held_out": mean_of([r for r in per_seed if r["seed"] == args.held_out])
        if args.held_out in seeds else None,
        "mean_all_seeds": mean_of(per_seed),
    }
    if consolidator is not None:
        report["consolidated"] = {
            "mean_tuning_seeds": mean_of([r for r in per_seed if r["seed"] in tuning], "consolidated")
            if tuning else None,
            "held_out": mean_of([r for r in per_seed if r["seed"] == args.held_out], "consolidated")
            if args.held_out in seeds else None,
            "mean_all_seeds": mean_of(per_seed, "consolidated")}
    # The targets are judged on what the index does: the consolidated stream when it runs.
    mean = report["consolidated"]["mean_all_seeds"] if consolidator else report["mean_all_seeds"]
    report["targets_met"] = {"ari": mean["ari_gap"] <= 0.02, "split_rate": mean["split_rate"] <= 0.02,
                             "split_rate_true_pairs": mean["split_rate_true_pairs"] <= 0.02}
    print_report(report)
    print("\ntime decay (related / unrelated pairs joined, by days between them):", flush=True)
    report["decay_check"] = decay_check(rows, assigner, seed=seeds[0] if seeds else 0)
    for kind, by_gap in report["decay_check"]["joined_share_by_gap_days"].items():
        print(f"  {kind:9s} " + "  ".join(f"{gap}d {share:.2f}" for gap, share in by_gap.items()))
    if args.sweep:
        print(f"\nsweep on tuning seeds {tuning}:")
        report["sweep"] = sweep(rows, seeds_docs, tuning, args.chunk, wholes)
    report["seconds"] = round(time.perf_counter() - started, 1)
    path = save("streaming", report)
    print(f"\nsaved {path.relative_to(ROOT)}")
    return 0


def print_report(report: dict) -> None:
    print(f"chunks of {report['chunk']}, settings {report['settings']}")
    print("seed | run | whole-set ARI | stream ARI | ARI vs whole set | split rate | true-pair split | merges "
          "(consolidation) | s")
    for r in report["per_seed"]:
        for name in ("stream", "consolidated"):
            if name in r:
                s = r[name]
                print(f"{r['seed']:>4} | {name} | {r['whole_set']['ari']:.4f} | {s['ari']:.4f} | "
                      f"{s['ari_vs_whole_set']:.4f} | {s['split_rate']:.4f} | {s['split_rate_true_pairs']:.4f} | "
                      f"{s['merges']} ({s['consolidation_merges']}) | {s['seconds']}")
    for name in ("mean_tuning_seeds", "held_out", "mean_all_seeds"):
        if report[name]:
            print(f"stream {name}: {report[name]}")
        if report.get("consolidated") and report["consolidated"][name]:
            print(f"consolidated {name}: {report['consolidated'][name]}")
    print(f"targets met: {report['targets_met']}")


if __name__ == "__main__":
    raise SystemExit(main())
