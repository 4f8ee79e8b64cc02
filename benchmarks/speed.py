"""Speed: this project's summarize() against the naive model-card loop and against this machine's limits.

    .venv/bin/python benchmarks/speed.py [--model default] [--clusters 10] [--batch-articles 8] [--no-batch]
    make bench

One invocation, every part in its own process one after another (so each load time and peak RSS is that
part's alone, and no part slows another):

1. machine: memory read bandwidth (GB/s) and bf16 matrix-multiply throughput (GFLOP/s), with torch;
2. project: `summarize()` of the five seed articles, cold (model load included), then warm (cache
   bypassed), then the Multi-News clusters, then a repeat that must come from the cache without running
   the model; then prefill and decode at batch 1 and 4, timed per step (benchmarks/models.py);
3. naive: what a model card suggests: the same weights in float32, one article at a time with the model's
   own generate settings and max_new_tokens=512, then one summary of the concatenated articles;
4. batch: `summarizer batch` on the clusters' first articles and the seeds (short summaries, model load
   included): the local engine, then Ray with 1 and 2 workers (a Ray actor runs its model on one thread).

Prints the table, the naive/project ratios, and the fractions of the bandwidth bound (weight bytes read per
decode step) and of the matmul bound (2 x parameters FLOPs per prompt token) the project reaches. Results:
benchmarks/results/speed-<model>-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import SEEDS, load_clusters, require, save  # noqa: E402

NAIVE_NEW_TOKENS = 512  # what the Qwen2.5 model cards pass to generate
BANDWIDTH_BYTES = 1 << 30  # streamed per pass: far larger than any cache
MATMUL_SIZE = 2048


def peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def seed_texts() -> list[str]:
    require(SEEDS)
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("article_*.txt"))]


def article_sets(clusters: int) -> dict[str, list[list[str]]]:
    """The inputs every part summarizes, cleaned as the project reads them (web notices such as "Tweet with
    a location" left out), so the naive loop and the project summarize the same articles."""
    from summarizer.documents import load_documents

    def cleaned(texts: list[str]) -> list[str]:
        return [d.text for d in load_documents(texts).documents]

    return {"seeds": [cleaned(seed_texts())], "clusters": [cleaned(c["documents"]) for c in load_clusters(clusters)]}


# --- 1. machine -------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """Read bandwidth (a sum over 1 GiB, best of 5) and bf16 matmul throughput (best of 5)."""
    import torch

    data = torch.ones(BANDWIDTH_BYTES // 4, dtype=torch.float32)
    data.sum()  # first touch: pages mapped before timing
    best = min(_timed(data.sum)[0] for _ in range(5))
    a = torch.randn(MATMUL_SIZE, MATMUL_SIZE, dtype=torch.bfloat16)
    b = torch.randn(MATMUL_SIZE, MATMUL_SIZE, dtype=torch.bfloat16)
    a @ b
    matmul = min(_timed(lambda: a @ b)[0] for _ in range(5))
    return {"bandwidth_gb_s": round(BANDWIDTH_BYTES / best / 1e9, 2),
            "bf16_matmul_gflop_s": round(2 * MATMUL_SIZE**3 / matmul / 1e9, 1), "threads": torch.get_num_threads()}


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


# --- 2. project -------------------------------------------------------------------------------------------
class Counted:
    """Wraps a loaded model's summarize(): counts calls and the tokens read and written."""

    def __init__(self, model: Any) -> None:
        self.calls, self.input_tokens, self.output_tokens = 0, 0, 0
        inner = model.summarize

        def summarize(*args: Any, **kwargs: Any) -> Any:
            out = inner(*args, **kwargs)
            self.calls += 1
            self.input_tokens += sum(g.input_tokens for g in out)
            self.output_tokens += sum(g.output_tokens for g in out)
            return out

        model.summarize = summarize

    def take(self) -> dict[str, int]:
        figures = {"model_calls": self.calls, "input_tokens": self.input_tokens, "output_tokens": self.output_tokens}
        self.calls, self.input_tokens, self.output_tokens = 0, 0, 0
        return figures


def project(name: str, clusters: int) -> dict[str, Any]:
    """Cold and warm runs of the project's own summarize(), the cache check and the per-step speeds."""
    from models import measure
    from summarizer import Summarizer
    from summarizer.models import load_model

    sets = article_sets(clusters)
    start = time.perf_counter()
    model = load_model(name)
    counter = Counted(model)
    # One story per set, as the naive loop makes; a model object gets its own, empty, in-memory cache.
    summarizer = Summarizer(model, group=False)
    cold = summarizer.summarize(sets["seeds"][0])  # runs the model and stores the result
    figures: dict[str, Any] = {"cold_seeds": {"seconds": round(time.perf_counter() - start, 1), **counter.take()}}
    runs = {}
    for label, stories in sets.items():
        start = time.perf_counter()
        results = [summarizer.summarize(docs, use_cache=False) for docs in stories]
        runs[label] = {"seconds": round(time.perf_counter() - start, 1), **counter.take(),
                       "summaries": [r.stories[0].summary for r in results]}
    figures["warm"] = runs
    # The cache: the cold run's articles and settings again return its stored result, with no model call.
    start = time.perf_counter()
    again = summarizer.summarize(sets["seeds"][0])
    figures["cache"] = {"repeat_model_calls": counter.take()["model_calls"], "repeat_from_cache": again.from_cache,
                        "repeat_seconds": round(time.perf_counter() - start, 3),
                        "deterministic": runs["seeds"]["summaries"][0] == cold.stories[0].summary}
    figures["steps"] = {k: v for k, v in measure(name).items() if k.startswith("batch")}
    figures["weights"] = _weights(model)
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def _weights(model: Any) -> dict[str, Any]:
    """Parameters (each shared tensor counted once), those used in matrix products, and their bytes.

    The input embeddings are a lookup, not a product, unless they are tied to the output layer.
    """
    tensors = {p.data_ptr(): p for p in model.model.parameters()}
    inputs, outputs = model.model.get_input_embeddings().weight, model.model.get_output_embeddings().weight
    embedding = 0 if inputs.data_ptr() == outputs.data_ptr() else inputs.numel()
    parameters = sum(p.numel() for p in tensors.values())
    return {"parameters": parameters, "matmul_parameters": parameters - embedding,
            "bytes": sum(p.numel() * p.element_size() for p in tensors.values()),
            "dtype": str(next(iter(tensors.values())).dtype).removeprefix("torch.")}


# --- 3. naive ---------------------------------------------------------------------------------------------
def naive(name: str, clusters: int) -> dict[str, Any]:
    """The loop a user writes from a model card: float32, one article at a time, default settings."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from summarizer.models import load_presets

    folder = load_presets()[name].local_dir
    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
    load_s = time.perf_counter() - start
    tokens = {"input_tokens": 0, "output_tokens": 0, "prefill_s": 0.0}

    def generate(prompt: str) -> str:
        messages = [{"role": "user", "content": prompt}]
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                               return_dict=True)
        stamps: list[float] = []
        begin = time.perf_counter()
        out = model.generate(**inputs, max_new_tokens=NAIVE_NEW_TOKENS,
                             logits_processor=[lambda ids, scores: stamps.append(time.perf_counter()) or scores])
        new = out[0, inputs["input_ids"].shape[1]:]
        tokens["input_tokens"] += inputs["input_ids"].shape[1]
        tokens["output_tokens"] += len(new)
        tokens["prefill_s"] += stamps[0] - begin
        return tokenizer.decode(new, skip_special_tokens=True)

    figures: dict[str, Any] = {"load_s": round(load_s, 1)}
    for label, stories in article_sets(clusters).items():
        start = time.perf_counter()
        summaries = []
        for docs in stories:
            for doc in docs:
                generate(f"Summarize this news article:\n\n{doc}")
            summaries.append(generate("Summarize these news articles:\n\n" + "\n\n".join(docs)))
        figures[label] = {"seconds": round(time.perf_counter() - start, 1), "summaries": summaries,
                          **{k: round(v, 1) for k, v in tokens.items()}}
        tokens.update(input_tokens=0, output_tokens=0, prefill_s=0.0)
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


# --- 4. batch ---------------------------------------------------------------------------------------------
def batch(name: str, clusters: int, articles: int, engine: str, workers: int) -> dict[str, Any]:
    """Articles per minute of `summarizer batch` on this engine and workers (model load and Ray start included).

    A Ray actor takes one CPU, so Ray runs its model on one thread; the local engine uses every core.
    """
    from summarizer.batch import run_batch
    from summarizer.settings import SummarySettings

    sets = article_sets(clusters)
    docs = ([stories[0] for stories in sets["clusters"]] + sets["seeds"][0])[:articles]
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        source.write_text("".join(json.dumps({"text": d}) + "\n" for d in docs), encoding="utf-8")
        # Short summaries: this measures how throughput scales with workers, not long generations.
        report = run_batch(source, output, settings=SummarySettings(model=name, length="short"), engine=engine,
                           workers=workers, chunk_size=max(1, len(docs) // 4))
    return {"engine": engine, "workers": workers, "articles": report.articles, "stories": report.stories,
            "seconds": report.seconds, "articles_per_minute": round(60 * report.articles / report.seconds, 2)}


# --- the run ----------------------------------------------------------------------------------------------
def _part(args: argparse.Namespace, part: str, *extra: str) -> dict[str, Any]:
    """Run one part in a fresh process (its stderr shown as it goes); its figures, or the error it met."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        command = [sys.executable, __file__, "--part", part, "--out", str(out), "--model", args.model,
                   "--clusters", str(args.clusters), "--batch-articles", str(args.batch_articles), *extra]
        print(f"running {part} {' '.join(extra)} ...", flush=True)
        done = subprocess.run(command, stdout=subprocess.DEVNULL)
        if done.returncode != 0 or not out.exists():
            return {"error": f"{part} {' '.join(extra)} failed with status {done.returncode} (see its stderr above)"}
        figures = json.loads(out.read_text(encoding="utf-8"))
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def _rouge(summaries: list[str], clusters: list[dict[str, Any]]) -> dict[str, float]:
    from quality import CUT
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = [scorer.score(c["references"][0], " ".join(s.split()[:CUT])) for s, c in zip(summaries, clusters,
                                                                                            strict=True)]
    return {k: round(100 * sum(s[k].fmeasure for s in scores) / len(scores), 2) for k in ("rouge1", "rouge2", "rougeL")}


def report(results: dict[str, Any], clusters: int) -> dict[str, Any]:
    """The ratios and bound fractions the issue's targets are stated in, from the parts that ran."""
    mach, proj, slow = (results.get(part, {"error": "not run"}) for part in ("machine", "project", "naive"))
    derived: dict[str, Any] = {}
    if "error" not in mach and "error" not in proj:
        weights, step = proj["weights"], proj["steps"]
        # A decode step reads every weight once except the input embeddings, of which it looks up one row per
        # token (an untied output layer is a matmul and counted). One dtype, so bytes scale with parameters.
        step_bytes = weights["bytes"] * weights["matmul_parameters"] / weights["parameters"]
        bandwidth_bound = mach["bandwidth_gb_s"] * 1e9 / step_bytes  # decode steps/s reading only weights
        # Prompt tokens/s: 2 FLOPs per weight per token, embeddings aside (a lookup, and the logits only for
        # the last prompt token).
        matmul_bound = mach["bf16_matmul_gflop_s"] * 1e9 / (2 * weights["matmul_parameters"])
        derived.update({
            "decode_batch1_tok_s": step["batch1"]["decode_tok_s"], "decode_step_gb": round(step_bytes / 1e9, 3),
            "bandwidth_bound_tok_s": round(bandwidth_bound, 2),
            "decode_fraction_of_bandwidth_bound": round(step["batch1"]["decode_tok_s"] / bandwidth_bound, 2),
            "prefill_batch1_tok_s": step["batch1"]["prefill_tok_s"], "matmul_bound_tok_s": round(matmul_bound, 1),
            "prefill_fraction_of_matmul_bound": round(step["batch1"]["prefill_tok_s"] / matmul_bound, 2),
            "batch4_over_batch1_decode": round(step["batch4"]["decode_tok_s"] / step["batch1"]["decode_tok_s"], 2),
        })
    if "error" not in proj and "error" not in slow:
        warm = proj["warm"]
        refs = load_clusters(clusters)
        derived.update({
            "naive_over_project_seeds_warm": round(slow["seeds"]["seconds"] / warm["seeds"]["seconds"], 2),
            "naive_over_project_clusters_warm": round(slow["clusters"]["seconds"] / warm["clusters"]["seconds"], 2),
            "naive_over_project_seeds_cold": round((slow["seeds"]["seconds"] + slow["load_s"])
                                                   / proj["cold_seeds"]["seconds"], 2),
            "rouge_project": _rouge(warm["clusters"]["summaries"], refs),
            "rouge_naive": _rouge(slow["clusters"]["summaries"], refs),
        })
    runs = {(r["engine"], r["workers"]): r["articles_per_minute"] for r in results.get("batch", []) if "error" not in r}
    if ("ray", 1) in runs and ("ray", 2) in runs:
        derived["ray_2_over_1_workers"] = round(runs[("ray", 2)] / runs[("ray", 1)], 2)
    return derived


def print_table(results: dict[str, Any], derived: dict[str, Any]) -> None:
    proj, slow = results.get("project", {}), results.get("naive", {})

    def rate(*runs: dict[str, Any]) -> str:  # generated tokens per second of wall time over these runs
        return f"{sum(r['output_tokens'] for r in runs) / sum(r['seconds'] for r in runs):.2f}"

    print("\n| run | seeds s | clusters s | generated tok/s | prefill tok/s | peak RSS GB | articles/min |")
    print("|---|---|---|---|---|---|---|")
    if "error" not in proj:
        warm, cold = proj["warm"], proj["cold_seeds"]
        print(f"| project, cold (model load included) | {cold['seconds']} | | {rate(cold)} | | "
              f"{proj['peak_rss_mb'] / 1024:.1f} | |")
        print(f"| project, warm | {warm['seeds']['seconds']} | {warm['clusters']['seconds']} | "
              f"{rate(warm['seeds'], warm['clusters'])} | {proj['steps']['batch1']['prefill_tok_s']} (batch 1) | | |")
    if "error" not in slow:
        prefill = (slow["seeds"]["input_tokens"] + slow["clusters"]["input_tokens"]) / (
            slow["seeds"]["prefill_s"] + slow["clusters"]["prefill_s"])
        print(f"| naive loop (float32; load {slow['load_s']} s not counted) | {slow['seeds']['seconds']} | "
              f"{slow['clusters']['seconds']} | {rate(slow['seeds'], slow['clusters'])} | {prefill:.0f} | "
              f"{slow['peak_rss_mb'] / 1024:.1f} | |")
    for row in results.get("batch", []):
        if "error" not in row:
            print(f"| batch, {row['engine']}, {row['workers']} worker(s), {row['articles']} articles | | | | | | "
                  f"{row['articles_per_minute']} |")
    for part, figures in [*results.items(), *((f"batch {i}", r) for i, r in enumerate(results.get("batch", [])))]:
        if isinstance(figures, dict) and "error" in figures:
            print(f"{part}: {figures['error']}")
    print()
    print(json.dumps(derived, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default", help="an installed transformers preset (default: default)")
    parser.add_argument("--clusters", type=int, default=10, help="Multi-News clusters (default 10)")
    parser.add_argument("--batch-articles", type=int, default=8, help="articles for the batch engine (default 8)")
    parser.add_argument("--no-batch", action="store_true", help="leave out the Ray batch part")
    parser.add_argument("--part", help=argparse.SUPPRESS)  # internal: run one part in this process
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)  # internal: where the part writes its figures
    parser.add_argument("--engine", default="ray", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Every part (a child process each) measures transformers in the dtype load_model picks; without this pin
    # the batch part's Summarizer would run `default` as `default-gguf` on a CPU (choose_backend).
    if not os.environ.get("SUMMARIZER_DTYPE"):
        from summarizer.models.machine import cpu_has_bf16

        os.environ["SUMMARIZER_DTYPE"] = "bfloat16" if cpu_has_bf16() else "float32"
    if args.part:
        runs = {"machine": lambda: machine(), "project": lambda: project(args.model, args.clusters),
                "naive": lambda: naive(args.model, args.clusters),
                "batch": lambda: batch(args.model, args.clusters, args.batch_articles, args.engine, args.workers)}
        args.out.write_text(json.dumps(runs[args.part]()), encoding="utf-8")
        return
    article_sets(args.clusters)  # exits cleanly when the data is absent
    results: dict[str, Any] = {}

    def keep() -> Path:  # after every part, so a late failure loses nothing measured
        derived = report(results, args.clusters)
        return save(f"speed-{args.model}", {"model": args.model, "clusters": args.clusters, "results": results,
                                            "derived": derived})

    for part in ("machine", "project", "naive"):
        results[part] = _part(args, part)
        keep()
    if not args.no_batch:
        results["batch"] = []
        for engine, workers in (("local", 1), ("ray", 1), ("ray", 2)):
            results["batch"].append(_part(args, "batch", "--engine", engine, "--workers", str(workers)))
            keep()
    print_table(results, report(results, args.clusters))
    print(f"\nsaved {keep()}")


if __name__ == "__main__":
    main()
