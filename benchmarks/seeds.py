"""Warm end-to-end on the five seed articles: this checkout against a reference commit, in the same run.

The speed issue's first target compares the pipeline now with the one at a reference commit (41022e3) on the
seeds, warm (the model loaded and one other article summarized first, so one-time set-up is not counted; the
warm-up article is not a seed, so no state of a seed prompt is kept from it). Each side runs in its own
process, one after the other, with the result cache off: the reference from a git worktree of that commit
sharing this checkout's installed models. Reported per side: wall seconds, seconds until the first summary
text was written (the reference has no drafts: nothing is shown before the end), per-stage usage where the
side reports it, the back end that ran, peak RSS; and the speed-up, measured in the same run.

    python benchmarks/seeds.py [--model default] [--length medium] [--reference 41022e3] [--clusters 10]

It also summarizes the first ``--clusters`` Multi-News clusters on each side (one story each, warm, cache
off) and scores ROUGE against their references, so quality is compared in the same run (summaries are not
saved: results hold figures only).
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, WARM_UP, figures_only, load_clusters
from common import SEEDS as SEED_FOLDER

SEEDS = sorted(SEED_FOLDER.glob("article_*.txt"))


def run_side(root: Path, model: str, length: str, clusters: int) -> dict[str, Any]:
    """In this process: summarize the seeds with the package found at ``root``, warm, and time it; then the
    first ``clusters`` Multi-News clusters, one story each, for their summaries (scored by the caller)."""
    sys.path.insert(0, str(root))
    from summarizer import Summarizer

    runner = Summarizer(model, length=length)
    began = time.perf_counter()
    runner.summarize([str(WARM_UP)], use_cache=False)
    warm_up_s = time.perf_counter() - began
    first: list[float] = []
    drafts: dict[str, Any] = {}

    def on_draft(draft: Any) -> None:
        if not first:
            first.append(time.perf_counter() - began)
            drafts.update(kind=draft.kind, title=draft.title)

    streams = "on_draft" in inspect.signature(runner.summarize).parameters  # only checkouts that stream
    drafts_kw: dict[str, Any] = {"on_draft": on_draft} if streams else {}
    began = time.perf_counter()
    result = runner.summarize([str(p) for p in SEEDS], use_cache=False, **drafts_kw)
    wall = time.perf_counter() - began
    began = time.perf_counter()
    summaries = [runner.summarize(cluster["documents"], use_cache=False, group=False).stories[0].summary
                 for cluster in load_clusters(clusters)] if clusters else []
    clusters_s = time.perf_counter() - began
    return {"summaries": summaries, "clusters_s_each": round(clusters_s / clusters, 1) if clusters else None,
            "wall_s": round(wall, 1), "first_text_s": round(first[0], 1) if first else round(wall, 1),
            "first_draft": drafts or None, "warm_up_s": round(warm_up_s, 1), "model": result.model,
            "notes": list(result.notes), "timings": {k: round(v, 1) for k, v in result.timings.items()},
            "usage": getattr(result, "usage", None),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            # Written from the seed articles: shown in the log, never saved ("text" is left out of results).
            "text": [{"headline": getattr(s, "headline", s.label), "summary": s.summary} for s in result.stories]}


def rouge(summaries: list[str], clusters: list[dict[str, Any]]) -> dict[str, float]:
    """ROUGE F1 of each summary's first CUT words against the cluster's reference, averaged, as quality.py scores."""
    from quality import CUT
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = [scorer.score(c["references"][0], " ".join(s.split()[:CUT])) for s, c in zip(summaries, clusters,
                                                                                            strict=True)]
    return {k: round(100 * sum(s[k].fmeasure for s in scores) / len(scores), 2) for k in ("rouge1", "rouge2", "rougeL")}


def worktree(commit: str, into: Path) -> Path:
    """A detached worktree of ``commit`` whose models/ folders point at this checkout's installed ones."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(into), commit], check=True,
                   capture_output=True)
    for item in (ROOT / "models").iterdir():
        target = into / "models" / item.name
        if item.is_dir() and not target.exists():
            target.symlink_to(item)
    return into


def side(root: Path, args: argparse.Namespace, keep: Path) -> dict[str, Any]:
    """One side in a fresh process (so peak memory and loaded modules are its own), kept in ``keep`` at once."""
    out = subprocess.run([sys.executable, __file__, "--side", str(root), "--model", args.model, "--length",
                          args.length, "--clusters", str(args.clusters)], capture_output=True, text=True, cwd=root)
    if out.returncode:
        sys.exit(f"error: the side at {root} failed:\n{out.stderr[-3000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["rouge"] = rouge(figures["summaries"], load_clusters(args.clusters)) if args.clusters else None
    keep.write_text(json.dumps(figures_only(figures), indent=1) + "\n", encoding="utf-8")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--reference", default="41022e3", help="the commit to compare with (default 41022e3)")
    parser.add_argument("--clusters", type=int, default=10, help="Multi-News clusters for ROUGE (default 10)")
    parser.add_argument("--side", type=Path, help=argparse.SUPPRESS)  # internal: run one side, print JSON
    args = parser.parse_args()
    if args.side:
        print(json.dumps(run_side(args.side, args.model, args.length, args.clusters)))
        return
    if len(SEEDS) != 5:
        sys.exit(f"error: expected the five seed articles in {SEED_FOLDER}")
    import platform

    with tempfile.TemporaryDirectory() as folder:
        reference = worktree(args.reference, Path(folder) / "reference")
        try:
            partial = ROOT / "benchmarks" / "results" / f"seeds-{args.model}-partial-{{}}.json"
            now = side(ROOT, args, Path(str(partial).format("now")))
            then = side(reference, args, Path(str(partial).format("then")))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(reference)], check=False)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    figures = {"date": time.strftime("%Y-%m-%d"), "machine": platform.processor() or platform.machine(),
               "model": args.model, "length": args.length, "head": head, "reference": args.reference,
               "now": now, "then": then, "speed_up": round(then["wall_s"] / now["wall_s"], 2),
               "first_text_speed_up": round(then["first_text_s"] / now["first_text_s"], 2)}
    out = ROOT / "benchmarks" / "results" / f"seeds-{args.model}-c{args.clusters}-{figures['date']}.json"
    if args.clusters:
        figures["rouge2_difference"] = round(now["rouge"]["rouge2"] - then["rouge"]["rouge2"], 2)
    out.write_text(json.dumps(figures_only(figures), indent=1) + "\n", encoding="utf-8")
    for kept in (ROOT / "benchmarks" / "results").glob(f"seeds-{args.model}-partial-*.json"):
        kept.unlink()  # in the final file now
    for story in now["text"]:
        print(f"{story['headline']}\n{story['summary']}\n")
    print(f"now {now['wall_s']} s (first text {now['first_text_s']} s, {now['model']}), "
          f"{args.reference} {then['wall_s']} s ({then['model']}): {figures['speed_up']}x; wrote {out}")


if __name__ == "__main__":
    main()
