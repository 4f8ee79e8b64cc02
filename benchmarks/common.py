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
RESULTS = ROOT / "benchmarks" / "results"


def require(path: Path) -> None:
    """Exit cleanly (status 0, with a message) when evaluation data is absent."""
    if not path.exists():
        print(f"skipped: {path} is absent (the benchmarks read ../shared beside the repository)")
        sys.exit(0)


def load_clusters(n: int) -> list[dict[str, Any]]:
    """The first n Multi-News clusters: {"id", "documents": [...], "references": [...]}."""
    require(MULTINEWS)
    with MULTINEWS.open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(n), handle, strict=False)]


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write results as benchmarks/results/<name>-<date>.json with the machine's conditions."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    import torch

    payload = {"date": date.today().isoformat(), "machine": {
        "python": platform.python_version(), "torch": torch.__version__, "threads": torch.get_num_threads(),
        "processor": platform.processor() or platform.machine()}, **payload}
    path = RESULTS / f"{name}-{date.today().isoformat()}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
