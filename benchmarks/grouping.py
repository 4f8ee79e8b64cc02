"""Grouping benchmark: does the chunker put mixed-up Multi-News articles back into their clusters?

Usage: .venv/bin/python benchmarks/grouping.py [--clusters 50] [--seed 0] [--repeats 5] [--small-mixes 100]

For each of ``--repeats`` seeds it mixes the documents of ``--clusters`` random clusters of
../shared/bench/data/multinews_test.jsonl, shuffles them, groups them and scores the stories against the
true clusters (adjusted Rand index, V-measure), over a threshold sweep, for three chunkers:
``TfidfChunker`` as shipped (shared terms from 10 articles up, plain TF-IDF below), "plain" (plain
TF-IDF at every size, the previous method) and "shared" (shared terms at every size). Real inputs are a
handful of articles, so it also scores many small mixes of 3 clusters and pairs of articles (how often
two unrelated articles merge, how often two of one cluster do): that is where "shared" fails, since
with two articles the only terms left are the ones they share. Then it checks that the five seed
articles in ../shared/seeds come out as one story, apart from unrelated Multi-News articles.

Documents go through ``document_from_text`` as in the pipeline. Web notices (``notice_kind``: Twitter
prompts, web-archive capture notes), which ``load_documents`` skips, are scored as stories of their
own, so they still count; "all, notices grouped" instead hands them to the chunker like articles (the
score before notices were skipped), and "articles only" leaves them out. A perfect grouper scores the
reported ceiling, since a skipped notice can never join its cluster. One that cleaning empties is
scored as a story of its own.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sklearn.metrics import adjusted_rand_score, v_measure_score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DATA = SHARED / "bench" / "data" / "multinews_test.jsonl"
SEEDS = SHARED / "seeds"
sys.path.insert(0, str(ROOT))

from summarizer.chunker import DEFAULT_THRESHOLD, Chunker, Story, TfidfChunker  # noqa: E402
from summarizer.documents import Document, document_from_text, notice_kind  # noqa: E402
from summarizer.errors import InputError  # noqa: E402

SWEEP = [round(0.7 + 0.025 * i, 3) for i in range(12)]  # 0.7 .. 0.975
SMALL_MIX_CLUSTERS = 3
UNRELATED_WITH_SEEDS = 30
CHUNKERS = {  # name -> chunker at a threshold
    "method": TfidfChunker,
    "plain": lambda threshold: TfidfChunker(threshold, shared_terms_from=None),
    "shared": lambda threshold: TfidfChunker(threshold, shared_terms_from=2),
}


def load_rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def mix(rows: list[dict], clusters: int, seed: int) -> tuple[list[Document], list[str], int]:
    """Documents of ``clusters`` random clusters in shuffled order, their true cluster, and how many
    documents cleaning emptied (each kept as an empty Document, so it still counts)."""
    rng = random.Random(seed)
    chosen = rng.sample(rows, clusters)
    items = [(row["id"], i, text) for row in chosen for i, text in enumerate(row["documents"])]
    rng.shuffle(items)
    documents, truth, emptied = [], [], 0
    for cluster, i, text in items:
        doc_id = f"{cluster}#{i}"
        try:
            documents.append(document_from_text(text, id=doc_id, source=doc_id))
        except InputError:
            emptied += 1
            documents.append(Document(id=doc_id, title="", text="", source=doc_id))
        truth.append(cluster)
    return documents, truth, emptied


def predicted(stories: list[Story], documents: list[Document]) -> list[str]:
    """Each document's story id, in document order; checks that no document was lost or repeated."""
    where = {doc.id: story.id for story in stories for doc in story.documents}
    if sorted(where) != sorted(doc.id for doc in documents) or sum(len(s.documents) for s in stories) != len(
        documents
    ):
        raise AssertionError("the chunker lost or repeated a document")
    return [where[doc.id] for doc in documents]


def scores(truth: list[str], labels: list[str], keep: list[bool] | None = None) -> dict[str, float]:
    if keep is not None:
        truth = [t for t, k in zip(truth, keep, strict=True) if k]
        labels = [p for p, k in zip(labels, keep, strict=True) if k]
    return {"ari": round(adjusted_rand_score(truth, labels), 4),
            "v_measure": round(v_measure_score(truth, labels), 4)}


def is_notice(document: Document) -> bool:
    return bool(document.text) and notice_kind(document) is not None


def labels_for(chunker: Chunker, documents: list[Document], skip_notices: bool = True) -> list[str]:
    """Each document's story; a notice skipped as the loader skips it is a story of its own."""
    given = [doc for doc in documents if not (skip_notices and is_notice(doc))]
    where = dict(zip((doc.id for doc in given), predicted(chunker.group(given), given), strict=True))
    return [where.get(doc.id, f"skipped:{doc.id}") for doc in documents]


def ceiling(documents: list[Document], truth: list[str]) -> float:
    """ARI of the true clusters with every notice moved to a story of its own."""
    labels = [f"skipped:{doc.id}" if is_notice(doc) else truth[i] for i, doc in enumerate(documents)]
    return round(adjusted_rand_score(truth, labels), 4)


def big_mixes(rows: list[dict], clusters: int, seeds: list[int]) -> dict:
    """Every chunker over the threshold sweep on large mixes, per seed and averaged."""
    per_seed = []
    for seed in seeds:
        documents, truth, emptied = mix(rows, clusters, seed)
        keep = [not is_notice(doc) for doc in documents]
        entry = {"seed": seed, "documents": len(documents), "notices": keep.count(False),
                 "emptied_by_cleaning": emptied, "ceiling_ari": ceiling(documents, truth)}
        for name, make in CHUNKERS.items():
            for threshold in SWEEP:
                labels = labels_for(make(threshold), documents)
                cell = {"all": scores(truth, labels), "articles_only": scores(truth, labels, keep)}
                if name == "method":
                    cell["all_notices_grouped"] = scores(truth, labels_for(make(threshold), documents, False))
                entry.setdefault(name, {})[str(threshold)] = cell
        per_seed.append(entry)
    mean = {name: {str(t): {part: {metric: round(statistics.mean(e[name][str(t)][part][metric] for e in per_seed), 4)
                                   for metric in ("ari", "v_measure")}
                            for part in per_seed[0][name][str(t)]}
                   for t in SWEEP}
            for name in CHUNKERS}
    return {"per_seed": per_seed, "mean": mean,
            "mean_ceiling_ari": round(statistics.mean(e["ceiling_ari"] for e in per_seed), 4)}


def small_mixes(rows: list[dict], count: int, seed: int) -> dict:
    """Mean ARI over many mixes of a few clusters, the size of a real request."""
    results: dict[str, dict[str, list[float]]] = {name: {} for name in CHUNKERS}
    for k in range(count):
        documents, truth, _ = mix(rows, SMALL_MIX_CLUSTERS, seed * 100_003 + k)
        for name, make in CHUNKERS.items():
            for threshold in SWEEP:
                labels = labels_for(make(threshold), documents)
                results[name].setdefault(str(threshold), []).append(adjusted_rand_score(truth, labels))
    return {name: {t: round(statistics.mean(values), 4) for t, values in sweep.items()}
            for name, sweep in results.items()}


def pair_check(rows: list[dict], count: int, seed: int) -> dict:
    """How often two articles end up in one story: unrelated pairs (should be 0) and same-cluster pairs."""
    rng = random.Random(seed)
    articles = {row["id"]: [t for t in row["documents"] if len(t.split()) >= 150] for row in rows}
    multi = [cid for cid, texts in articles.items() if len(texts) >= 2]
    single = [cid for cid, texts in articles.items() if texts]
    pairs = {"unrelated": [], "related": []}
    for k in range(count):
        first, second = rng.sample(single, 2)
        pairs["unrelated"].append((articles[first][0], articles[second][0]))
        pairs["related"].append(tuple(articles[multi[k % len(multi)]][:2]))
    docs = {kind: [[document_from_text(text, id=f"p{i}", source=f"p{i}") for i, text in enumerate(pair)]
                   for pair in texts] for kind, texts in pairs.items()}
    result: dict[str, dict[str, dict[str, float]]] = {}
    for name, make in CHUNKERS.items():
        for kind, pair_docs in docs.items():
            sweep = result.setdefault(name, {}).setdefault(kind, {})
            for threshold in SWEEP:
                merged = [len(make(threshold).group(pair)) == 1 for pair in pair_docs]
                sweep[str(threshold)] = round(statistics.mean(merged), 3)
    return result


def seed_check(rows: list[dict], seed: int) -> dict | None:
    """The five seed articles among unrelated Multi-News articles: one story, and nothing else in it."""
    paths = sorted(SEEDS.glob("article_*.txt"))
    if not paths:
        return None
    seeds = [document_from_text(p.read_text(encoding="utf-8"), id=p.stem, source=str(p)) for p in paths]
    rng = random.Random(seed)
    others = []
    for row in rng.sample(rows, UNRELATED_WITH_SEEDS):
        try:
            other = document_from_text(row["documents"][0], id=f"{row['id']}#0", source=row["id"])
        except InputError:
            continue  # an emptied filler article does not change what this check asks
        if not is_notice(other):  # the loader skips notices
            others.append(other)
    documents = seeds + others
    rng.shuffle(documents)
    stories = TfidfChunker().group(documents)
    seed_ids = {doc.id for doc in seeds}
    holding = [s for s in stories if seed_ids & {doc.id for doc in s.documents}]
    return {"seed_articles": len(seeds), "unrelated_articles": len(others),
            "seeds_in_one_story": len(holding) == 1,
            "stories_holding_seeds": len(holding),
            "unrelated_in_seed_stories": sum(doc.id not in seed_ids for s in holding for doc in s.documents),
            "labels": [s.label for s in holding]}


def best(sweep: dict[str, float]) -> tuple[str, float]:
    return max(sweep.items(), key=lambda item: item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=50, help="clusters mixed together per run")
    parser.add_argument("--seed", type=int, default=0, help="first random seed")
    parser.add_argument("--repeats", type=int, default=5, help="large mixes, seeds seed..seed+repeats-1")
    parser.add_argument("--small-mixes", type=int, default=100, help="mixes of 3 clusters")
    parser.add_argument("--pairs", type=int, default=100, help="pairs of articles, unrelated and related")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"skipped: {DATA} not found (the shared benchmark data sits beside the repository)")
        return 0
    started = time.perf_counter()
    rows = load_rows()
    if not 1 <= args.clusters <= len(rows):
        parser.error(f"--clusters must be between 1 and {len(rows)}")
    large = big_mixes(rows, args.clusters, list(range(args.seed, args.seed + args.repeats)))
    small = small_mixes(rows, args.small_mixes, args.seed)
    pairs = pair_check(rows, args.pairs, args.seed)
    seeds = seed_check(rows, args.seed)
    default = str(DEFAULT_THRESHOLD)
    report = {
        "date": date.today().isoformat(), "clusters": args.clusters, "seeds": args.repeats,
        "first_seed": args.seed, "small_mixes": args.small_mixes, "default_threshold": DEFAULT_THRESHOLD,
        "summary": {
            "large_mixes_at_default": {name: large["mean"][name][default] for name in CHUNKERS},
            "ceiling_ari_with_notices_skipped": large["mean_ceiling_ari"],
            "small_mixes_ari_at_default": {name: small[name][default] for name in CHUNKERS},
            "pairs_merged_at_default": {name: {kind: sweep[default] for kind, sweep in pairs[name].items()}
                                        for name in CHUNKERS},
            "seed_articles": seeds,
        },
        "sweep_large": large["mean"], "sweep_small": small, "sweep_pairs": pairs,
        "per_seed": large["per_seed"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    print_report(report)
    out = ROOT / "benchmarks" / "results" / f"grouping-{report['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nsaved {out.relative_to(ROOT)}")
    return 0


def print_report(report: dict) -> None:
    large, small, pairs = report["sweep_large"], report["sweep_small"], report["sweep_pairs"]
    names = list(CHUNKERS)
    print(f"{report['clusters']} clusters mixed, mean of {report['seeds']} seeds; {report['small_mixes']} small "
          f"mixes of {SMALL_MIX_CLUSTERS} clusters. Chunkers: {' / '.join(names)}. Large: ARI (notices "
          "skipped) / V-measure / ARI on articles only; method also ARI with notices grouped like articles")
    for t in map(str, SWEEP):
        mark = " <- default" if float(t) == report["default_threshold"] else ""
        cells = " | ".join(f"{large[n][t]['all']['ari']:.3f} {large[n][t]['all']['v_measure']:.3f} "
                           f"{large[n][t]['articles_only']['ari']:.3f}" for n in names)
        grouped = large["method"][t]["all_notices_grouped"]["ari"]
        print(f"{t:>6} | large {cells} | grouped {grouped:.3f} | small "
              f"{' '.join(f'{small[n][t]:.3f}' for n in names)} | pairs merged (unrelated, related) "
              f"{' '.join(f'{pairs[n][kind][t]:.2f}' for n in names for kind in ('unrelated', 'related'))}{mark}")
    print(f"\nceiling ARI when every notice is a story of its own: "
          f"{report['summary']['ceiling_ari_with_notices_skipped']:.3f}")
    summary = report["summary"]
    seeds = summary["seed_articles"]
    if seeds is None:
        print("seed articles: not found, check skipped")
    else:
        print(f"seed articles: {seeds['seed_articles']} seeds among {seeds['unrelated_articles']} "
              f"unrelated -> one story: {seeds['seeds_in_one_story']}, unrelated articles in it: "
              f"{seeds['unrelated_in_seed_stories']}, label(s): {seeds['labels']}")
    print(f"took {report['seconds']} s")


if __name__ == "__main__":
    raise SystemExit(main())
