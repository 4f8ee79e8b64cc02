"""Shared by the benchmarks: where the evaluation data lives, and saving results."""

from __future__ import annotations

import json
import platform
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MULTINEWS = SHARED / "bench" / "data" / "multinews_test.jsonl"
SEEDS = SHARED / "seeds"
# The warm benchmarks summarize this bundled example before timing the seeds: the model loads, and no state of
# a seed's prompt is kept from it (llama.cpp reuses a prompt's cached prefix), so the seeds run as new articles.
WARM_UP = ROOT / "examples" / "harbor-bridge-closure-1.txt"
RESULTS = ROOT / "benchmarks" / "results"
# Results hold figures only: the articles and references stay in ../shared, and summaries (written from
# them, the extractive ones word for word) are never saved. Every benchmark names such text with these keys.
TEXT_KEYS = frozenset({"text", "summaries"})


def require(path: Path) -> None:
    """Exit cleanly (status 0, with a message) when evaluation data is absent."""
    if not path.exists():
        print(f"skipped: {path} is absent (the benchmarks read ../shared beside the repository)")
        sys.exit(0)


def load_clusters(n: int, start: int = 0) -> list[dict[str, Any]]:
    """n Multi-News clusters from number ``start``: {"id", "documents": [...], "references": [...]}."""
    require(MULTINEWS)
    with MULTINEWS.open(encoding="utf-8") as handle:
        lines = [line for number, line in zip(range(start + n), handle, strict=False) if number >= start]
    return [json.loads(line) for line in lines]


def figures_only(value: Any) -> Any:
    """``value`` without any entry under a TEXT_KEYS key, at any depth."""
    if isinstance(value, dict):
        return {k: figures_only(v) for k, v in value.items() if k not in TEXT_KEYS}
    if isinstance(value, list):
        return [figures_only(v) for v in value]
    return value


def cpu() -> dict[str, Any]:
    """The CPU's model name and whether it runs bf16 natively: the two things that set a run's speed here."""
    from summarizer.models.machine import cpu_has_bf16

    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        info = ""
    name = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                platform.processor() or platform.machine())
    return {"cpu": name, "native_bf16": cpu_has_bf16()}


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write results as benchmarks/results/<name>-<date>.json with the machine's conditions, figures only."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    import torch

    payload = {"date": date.today().isoformat(), "machine": {
        "python": platform.python_version(), "torch": torch.__version__, "threads": torch.get_num_threads(),
        **cpu()}, **figures_only(payload)}
    path = RESULTS / f"{name}-{date.today().isoformat()}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
