"""Speed levers tried on the default model: which ones make a summary faster on this CPU, measured.

    .venv/bin/python benchmarks/levers.py [--model default] [--tokens 64] [levers ...]

Each lever runs in its own process on the same prompt (seed article 2 in the `document` prompt, as the
pipeline builds it) and generates exactly --tokens tokens greedily. Reported: load (and conversion) time,
prefill tokens/s, decode tokens/s, wall time, peak RSS, and whether the text equals the bf16 baseline's.
Levers: bf16 (the project's choice), float32, int8 (torch.ao dynamic quantization of every Linear, on
float32), threads1 (bf16 on one thread), compile (torch.compile of the forward pass, first call included),
assisted (the `tiny` model as draft, with transformers' universal assisted decoding: the tokenizers differ).
Results: benchmarks/results/levers-<date>.json; the conclusions are in README.md.
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

LEVERS = ("bf16", "float32", "int8", "threads1", "compile", "assisted")
WORDS = (40, 80)


def measure(lever: str, name: str, tokens: int) -> dict[str, Any]:
    """Load the model as the lever says, then time one greedy generation of exactly `tokens` tokens."""
    import torch

    from summarizer.models import load_model, load_presets

    require(SEEDS)
    article = sorted(SEEDS.glob("article_*.txt"))[1].read_text(encoding="utf-8")
    start = time.perf_counter()
    if lever in ("float32", "int8"):
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from summarizer.models.causal import CausalModel

        preset = load_presets()[name]
        model = AutoModelForCausalLM.from_pretrained(preset.local_dir, dtype=torch.float32)
        # The project's prompt builder around these weights only: no bf16 copy in this process.
        wrapper = CausalModel(name, preset, model, AutoTokenizer.from_pretrained(preset.local_dir),
                              preset.context_length)
        if lever == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    else:
        wrapper = load_model(name)
        model = wrapper.model
    if lever == "compile":
        model.forward = torch.compile(model.forward, dynamic=True)
    load_s = time.perf_counter() - start
    ids = torch.tensor([wrapper._build_input([article], "document", WORDS)])
    extra: dict[str, Any] = {}
    if lever == "assisted":
        draft = load_model("tiny")
        extra = {"assistant_model": draft.model, "tokenizer": wrapper.tokenizer, "assistant_tokenizer": draft.tokenizer}
    stamps: list[float] = []
    begin = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=tokens,
                             min_new_tokens=tokens, do_sample=False, pad_token_id=wrapper.pad_token_id,
                             logits_processor=None if lever == "assisted" else
                             [lambda i, scores: stamps.append(time.perf_counter()) or scores], **extra)
    wall = time.perf_counter() - begin
    new = out[0, ids.shape[1]:]
    figures: dict[str, Any] = {"lever": lever, "threads": torch.get_num_threads(), "load_s": round(load_s, 1),
                               "prompt_tokens": ids.shape[1],
                               "new_tokens": len(new), "wall_s": round(wall, 2),
                               "text": wrapper.tokenizer.decode(new, skip_special_tokens=True)}
    if stamps:  # the first stamp follows the prefill; each later one follows one decode step
        figures["prefill_tok_s"] = round(ids.shape[1] / (stamps[0] - begin), 1)
        figures["decode_tok_s"] = round((len(stamps) - 1) / (stamps[-1] - stamps[0]), 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("levers", nargs="*", default=list(LEVERS), help=f"any of {', '.join(LEVERS)} (default: all)")
    parser.add_argument("--model", default="default")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = sorted(set(args.levers) - set(LEVERS))
    if unknown:
        parser.error(f"unknown lever(s) {', '.join(unknown)}; choose from {', '.join(LEVERS)}")
    if args.one:
        print(json.dumps(measure(args.one, args.model, args.tokens)))
        return
    rows = []
    for lever in args.levers:
        # One thread must be chosen before torch starts: the model loader sets one per core otherwise.
        env = {**os.environ, "OMP_NUM_THREADS": "1"} if lever == "threads1" else None
        out = subprocess.run([sys.executable, __file__, "--one", lever, "--model", args.model,
                              "--tokens", str(args.tokens)], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            rows.append({"lever": lever, "error": out.stderr.strip().splitlines()[-1][:300]})
        else:
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "text"}), flush=True)
    baseline = next((r["text"] for r in rows if r["lever"] == "bf16" and "text" in r), None)
    for row in rows:
        if "text" in row and baseline is not None:
            row["same_text_as_bf16"] = row["text"] == baseline
    print("\n| lever | threads | load s | prefill tok/s | decode tok/s | wall s | peak RSS GB | same text as bf16 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['lever']} | failed: {r['error']} | | | | | | |")
            continue
        print(f"| {r['lever']} | {r['threads']} | {r['load_s']} | {r.get('prefill_tok_s', '-')} "
              f"| {r.get('decode_tok_s', '-')} | {r['wall_s']} | {r['peak_rss_mb'] / 1024:.1f} "
              f"| {r.get('same_text_as_bf16', '-')} |")
    print(f"\nsaved {save('levers', {'model': args.model, 'tokens': args.tokens, 'rows': rows})}")


if __name__ == "__main__":
    main()
