"""Model speed: load time, prefill and decode tokens/s at batch 1 and 4, peak RSS, one real summary.

    .venv/bin/python benchmarks/models.py [default tiny]

Each preset runs in its own process, so first-load time and peak RSS are that model's alone. Prompts are
the seed articles (../shared/seeds) cut to PROMPT_TOKENS through the real prompt builder. Results go to
benchmarks/results/models-<date>.json and are summarized in models/README.md.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import SEEDS, require, save  # noqa: E402

ARTICLE_TOKENS = 400  # each article cut to this, so batch rows are similar and runs are comparable
NEW_TOKENS = 32  # decode steps timed per run
SUMMARY_WORDS = (60, 120)


class Clock:
    """A logits processor that only records when it is called: once per generated token."""

    def __init__(self) -> None:
        self.start = 0.0
        self.stamps: list[float] = []

    def __call__(self, input_ids, scores):
        self.stamps.append(time.perf_counter())
        return scores


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(name: str) -> dict[str, object]:
    """All figures for one preset, in this process."""
    import torch
    from transformers import LogitsProcessorList

    from summarizer.models import load_model
    from summarizer.text import word_count

    require(SEEDS)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("article_*.txt"))]
    first_load, model = _timed(lambda: load_model(name))
    cached_load, again = _timed(lambda: load_model(name))
    assert again is model
    articles = [model.truncate(text, ARTICLE_TOKENS) for text in seeds[:4]]
    figures: dict[str, object] = {
        "preset": name, "dtype": str(model.model.dtype).removeprefix("torch."),
        "threads": torch.get_num_threads(), "load_first_s": round(first_load, 2),
        "load_cached_s": round(cached_load, 6),
    }
    for batch in (1, 4):
        rows = [model._build_input([a], "document", SUMMARY_WORDS) for a in articles[:batch]]
        width = max(map(len, rows))
        pad = model.pad_token_id
        # (B, T) left-padded, as generation does it for causal models.
        ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows])
        mask = (torch.arange(width)[None, :] >= torch.tensor([width - len(r) for r in rows])[:, None]).long()
        clock = Clock()
        with torch.inference_mode():
            model.model(input_ids=ids[:, :16], attention_mask=mask[:, :16])  # warm-up: first-call allocations
            clock.start = time.perf_counter()
            model.model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=NEW_TOKENS,
                                 min_new_tokens=NEW_TOKENS, do_sample=False, pad_token_id=pad,
                                 logits_processor=LogitsProcessorList([clock]))
        # The first stamp follows the prefill forward pass; each later one follows one decode step.
        prefill = clock.stamps[0] - clock.start
        decode = clock.stamps[-1] - clock.stamps[0]
        figures[f"batch{batch}"] = {
            "prompt_tokens": int(mask.sum()), "prefill_s": round(prefill, 2),
            "prefill_tok_s": round(int(mask.sum()) / prefill, 1),
            "decode_tok_s": round(batch * (len(clock.stamps) - 1) / decode, 2),
        }
    seconds, (generation,) = _timed(
        lambda: model.summarize([[seeds[1]]], task="document", words=SUMMARY_WORDS))
    figures["summary"] = {
        "article_words": word_count(seeds[1]), "words": SUMMARY_WORDS, "seconds": round(seconds, 1),
        "input_tokens": generation.input_tokens, "output_tokens": generation.output_tokens,
        "output_words": word_count(generation.text), "text": generation.text,
    }
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", default=["default", "tiny"])
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one preset in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    results = []
    for name in args.presets:
        load_before = os.getloadavg()[0]
        out = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{name}: benchmark failed:\n{out.stderr[-2000:]}")
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["load_average_before"] = round(load_before, 2)
        results.append(figures)
        print(json.dumps({k: v for k, v in figures.items() if k != "summary"}), flush=True)
        print(f"  summary ({figures['summary']['seconds']} s): {figures['summary']['text']}", flush=True)
    path = save("models", {"presets": results, "cpu_count": os.cpu_count(),
                           "omp_num_threads": os.environ.get("OMP_NUM_THREADS")})
    print(f"saved {path}")


if __name__ == "__main__":
    main()
