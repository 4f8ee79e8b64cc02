"""transformers vs llama.cpp on the same prompts: load, prefill and decode speed, peak RSS, output agreement.

    .venv/bin/python benchmarks/backends.py [--transformers default] [--llamacpp default-gguf] [--articles 5]

The two back ends run back to back in one invocation, each in its own process (so load time and peak RSS
are that back end's alone), on the same prompts: one `document` summary per seed article (batch 1, medium
length) and one combined-summary-sized `story` generation over all of them (each cut to STORY_TOKENS, about
the 700 words the pipeline's select route passed when the figures were taken; it now passes 1,000). On a
shared machine absolute figures are noisy: read the ratios, and the load average recorded beside them.
Results go to benchmarks/results/backends-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import SEEDS, require, save  # noqa: E402

from summarizer.settings import WORD_RANGES  # noqa: E402

DOCUMENT_WORDS = WORD_RANGES["medium"]["document"]
STORY_WORDS = WORD_RANGES["medium"]["story"]
STORY_TOKENS = 180  # per article in the story prompt: 5 x 180 tokens ~ 700 words


class Stamps:
    """Times at which next-token logits became available: the first after prefill, then one per decode step."""

    def __init__(self) -> None:
        self.start = 0.0
        self.times: list[float] = []

    def mark(self) -> None:
        self.times.append(time.perf_counter())

    def figures(self, input_tokens: int) -> dict[str, float]:
        prefill = self.times[0] - self.start
        steps = len(self.times) - 1
        decode = self.times[-1] - self.times[0]
        return {"prefill_s": round(prefill, 2), "prefill_tok_s": round(input_tokens / prefill, 1),
                "decode_s": round(decode, 2), "decode_tok_s": round(steps / decode, 2) if steps else 0.0}


def _instrument(model: Any, stamps: Stamps) -> None:
    """Stamp each step without changing the computation: a pass-through logits processor / eval wrapper."""
    if type(model).__name__ == "LlamaCppModel":
        llm, evaluate = model.model, model.model.eval

        def timed_eval(tokens: Any) -> None:
            evaluate(tokens)
            stamps.mark()

        llm.eval = timed_eval
        return
    generate = model.model.generate

    def clock(input_ids: Any, scores: Any) -> Any:
        stamps.mark()
        return scores

    def timed_generate(*args: Any, logits_processor: Any = None, **kwargs: Any) -> Any:
        logits_processor.append(clock)
        return generate(*args, logits_processor=logits_processor, **kwargs)

    model.model.generate = timed_generate


def _run(model: Any, stamps: Stamps, articles: list[str], task: str, words: tuple[int, int]) -> dict[str, Any]:
    stamps.times.clear()
    stamps.start = time.perf_counter()
    generation, = model.summarize([articles], task=task, words=words, batch_size=1)
    seconds = time.perf_counter() - stamps.start
    return {"seconds": round(seconds, 1), "input_tokens": generation.input_tokens,
            "output_tokens": generation.output_tokens, **stamps.figures(generation.input_tokens),
            "text": generation.text}


def measure(name: str, n_articles: int) -> dict[str, Any]:
    """All figures for one preset, in this process."""
    from summarizer.models import load_model

    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("article_*.txt"))][:n_articles]
    start = time.perf_counter()
    model = load_model(name)
    load_s = time.perf_counter() - start
    stamps = Stamps()
    _instrument(model, stamps)
    documents = [_run(model, stamps, [text], "document", DOCUMENT_WORDS) for text in seeds]
    story_articles = [model.truncate(text, STORY_TOKENS) for text in seeds]
    story = _run(model, stamps, story_articles, "story", STORY_WORDS)
    return {"preset": name, "backend": model.preset.backend, "load_s": round(load_s, 2),
            "documents": documents, "story": story,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _totals(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Throughput over all runs: total tokens / total seconds, so long prompts weigh what they cost."""
    prefill = sum(r["input_tokens"] for r in runs) / sum(r["prefill_s"] for r in runs)
    decode = sum(r["output_tokens"] - 1 for r in runs) / sum(r["decode_s"] for r in runs)
    return {"prefill_tok_s": round(prefill, 1), "decode_tok_s": round(decode, 2),
            "seconds": round(sum(r["seconds"] for r in runs), 1)}


def _rouge_l(a: str, b: str) -> float:
    from rouge_score import rouge_scorer

    return round(rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True).score(a, b)["rougeL"].fmeasure, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transformers", default="default", help="transformers preset")
    parser.add_argument("--llamacpp", default="default-gguf", help="llama.cpp preset")
    parser.add_argument("--articles", type=int, default=5, help="seed articles to use (1-5)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one preset in this process
    args = parser.parse_args()
    require(SEEDS)
    if args.one:
        print(json.dumps(measure(args.one, args.articles)))
        return
    results = []
    for name in (args.transformers, args.llamacpp):
        load_before = os.getloadavg()
        out = subprocess.run([sys.executable, __file__, "--one", name, "--articles", str(args.articles)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{name}: benchmark failed:\n{out.stderr[-2000:]}")
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["load_average_before"] = [round(x, 2) for x in load_before]
        figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        figures["totals"] = _totals([*figures["documents"], figures["story"]])
        results.append(figures)
        print(json.dumps({k: figures[k] for k in ("preset", "load_s", "peak_rss_mb", "totals",
                                                    "load_average_before", "load_average_after")}), flush=True)
    hf, cpp = results
    pairs = [*zip(hf["documents"], cpp["documents"], strict=True), (hf["story"], cpp["story"])]
    agreement = {"rougeL_documents": [_rouge_l(a["text"], b["text"]) for a, b in pairs[:-1]],
                 "rougeL_story": _rouge_l(pairs[-1][0]["text"], pairs[-1][1]["text"])}
    ratios = {  # llama.cpp over transformers: > 1 means llama.cpp is faster (or, for RSS and load, bigger)
        "decode_speedup": round(cpp["totals"]["decode_tok_s"] / hf["totals"]["decode_tok_s"], 2),
        "prefill_speedup": round(cpp["totals"]["prefill_tok_s"] / hf["totals"]["prefill_tok_s"], 2),
        "wall_speedup": round(hf["totals"]["seconds"] / cpp["totals"]["seconds"], 2),
        "load_time_ratio": round(cpp["load_s"] / hf["load_s"], 2),
        "peak_rss_ratio": round(cpp["peak_rss_mb"] / hf["peak_rss_mb"], 2),
    }
    print(json.dumps({"ratios_llamacpp_over_transformers": ratios, **agreement}, indent=2))
    path = save("backends", {"results": results, "ratios_llamacpp_over_transformers": ratios,
                             "agreement": agreement, "words": {"document": DOCUMENT_WORDS, "story": STORY_WORDS},
                             "story_tokens_per_article": STORY_TOKENS, "cpu_count": os.cpu_count(),
                             "omp_num_threads": os.environ.get("OMP_NUM_THREADS")})
    print(f"saved {path}")


if __name__ == "__main__":
    main()
