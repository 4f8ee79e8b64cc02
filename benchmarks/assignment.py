"""Assignment benchmark: how fast online assignment runs, and how much memory it takes, on synthetic news.

Usage: .venv/bin/python benchmarks/assignment.py [--sizes 10000,100000] [--chunk 50] [--per-day 1000]
       [--no-persist]

No model and no data files: articles are generated. A vocabulary of 60,000 made-up words (three syllables
each, so none is a stop word) is drawn with a Zipf distribution (exponent 1.07); each story has 40 words
of its own, drawn from the rarer part of the vocabulary, that make a quarter of its articles' words.
Articles have a log-normal length (median 400 words, 80 to 2,000) and a title of 8 words. Each day
``--per-day`` articles arrive: stories open every day, run for a few days (mean 3) with a few articles each
(mean 5), then go quiet, so the recent stories the assigner sees level off once the window has filled.

Each size runs in a process of its own, so its peak RSS is its own. The articles are fed in chunks of 50
through ``Assigner.assign`` by the in-memory driver of benchmarks/streaming.py, which keeps only the
recent stories, as the store sends them. Only the ``assign`` calls are timed (generating the articles is
not): articles per second, and seconds per 1,000 articles in each tenth of the run, which stays flat
when cost grows linearly. Memory: the process's peak RSS, the peak traced by ``tracemalloc`` inside one
call (sampled on every 20th call, which is then left out of the timing), and the bytes held between calls
(recent stories' centroids, the state, and the assigner's index of the centroids). With persistence (the
default), each call's output (state and changed centroids) is also written to a plain SQLite table in one
transaction, timed apart: an estimate of the store's write cost without the store's SQL.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import save  # noqa: E402
from stream_driver import MemoryIndex  # noqa: E402

from summarizer.documents import Document  # noqa: E402
from summarizer.index.assign import Assigner, Incoming  # noqa: E402

VOCABULARY = 60_000
ZIPF = 1.07
TOPIC_WORDS = 40
TOPIC_SHARE = 0.25
RARE_FROM = 2_000  # topic words come from the ranks beyond this one
MEDIAN_WORDS = 400
STORY_DAYS = 3.0  # mean days a story runs
STORY_ARTICLES = 5.0  # mean articles a story gets
TRACE_EVERY = 20
START = datetime(2024, 1, 1)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70


def vocabulary(rng: np.random.Generator) -> np.ndarray:
    """Made-up three-syllable words, in a random order (rank 0 the most frequent)."""
    count = len(_SYLLABLES)
    picks = rng.choice(count ** 3, size=VOCABULARY, replace=False)
    return np.array(["".join(_SYLLABLES[p // count ** k % count] for k in range(3)) for p in picks])


def articles(total: int, per_day: int, seed: int) -> Iterator[tuple[str, Document, datetime]]:
    """``total`` synthetic articles in date order: (key, document, date)."""
    rng = np.random.default_rng(seed)
    words = vocabulary(rng)
    # Cumulative Zipf weights: a word is drawn by where a uniform number falls (faster than choice with p).
    background = np.cumsum(1.0 / np.arange(1, VOCABULARY + 1) ** ZIPF)
    background /= background[-1]
    topic_weights = np.cumsum(1.0 / np.arange(1, TOPIC_WORDS + 1) ** ZIPF)
    topic_weights /= topic_weights[-1]

    def draw(cumulative: np.ndarray, size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cumulative, rng.random(size)), len(cumulative) - 1)

    stories_per_day = per_day / STORY_ARTICLES
    active: list[list] = []  # [topic word ranks, articles left, last day]
    made = day = 0
    while made < total:
        for _ in range(rng.poisson(stories_per_day)):
            topic = rng.choice(np.arange(RARE_FROM, VOCABULARY), size=TOPIC_WORDS, replace=False)
            active.append([topic, int(rng.geometric(1.0 / STORY_ARTICLES)),
                           day + int(rng.geometric(1.0 / STORY_DAYS)) - 1])
        # Each active story publishes its remaining articles spread over its remaining days.
        today = []
        for story in active:
            topic, left, last = story
            due = left if day >= last else int(rng.binomial(left, 1.0 / (last - day + 1)))
            story[1] -= due
            today.extend([topic] * due)
        active = [story for story in active if story[1] > 0]
        order = rng.permutation(len(today))
        for position, k in enumerate(order):
            if made >= total:
                return
            topic = today[k]
            length = int(np.clip(rng.lognormal(math.log(MEDIAN_WORDS), 0.5), 80, 2000))
            own = rng.binomial(length, TOPIC_SHARE)
            tokens = np.concatenate([words[topic[draw(topic_weights, own)]], words[draw(background, length - own)]])
            rng.shuffle(tokens)
            sentences = [" ".join(tokens[i:i + 20]) + "." for i in range(0, len(tokens), 20)]
            title = " ".join(np.concatenate([words[topic[draw(topic_weights, 4)]], words[draw(background, 4)]]))
            key = f"a{made:07d}"
            when = START + timedelta(days=day, seconds=int(86_400 * position / max(len(order), 1)))
            yield key, Document(id=key, title=title, text=" ".join(sentences), source=key), when
            made += 1
        day += 1


class Persistence:
    """Each call's output in a plain SQLite table, one transaction a call: the write cost without the store."""

    def __init__(self, folder: Path) -> None:
        self.connection = sqlite3.connect(folder / "estimate.sqlite", isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("CREATE TABLE blobs (key TEXT PRIMARY KEY, value BLOB)")
        self.seconds = 0.0
        self.bytes = 0

    def write(self, states: list[tuple[str, bytes]]) -> None:
        started = time.perf_counter()
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)", states)
        self.seconds += time.perf_counter() - started
        self.bytes += sum(len(value) for _, value in states)


def run_one(total: int, chunk: int, per_day: int, persist: bool, seed: int) -> dict:
    """One size, in this process: timings and memory."""
    assigner = Assigner()
    index = MemoryIndex(assigner, keep_members=False)
    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    folder = tempfile.TemporaryDirectory()
    persistence = Persistence(Path(folder.name)) if persist else None
    timed = 0.0
    timed_articles = 0
    tenths: list[list[float]] = [[0.0, 0] for _ in range(10)]
    traced_peak = 0
    recent_counts, held_bytes, state_bytes = [], 0, 0
    batch: list[Incoming] = []
    calls = 0
    last_day = None

    def call(batch: list[Incoming], done: int) -> None:
        nonlocal timed, timed_articles, traced_peak, calls, held_bytes, state_bytes
        trace = calls % TRACE_EVERY == TRACE_EVERY - 1
        if trace:
            tracemalloc.start()
        index.add(batch)
        seconds = index.last_seconds
        if trace:
            traced_peak = max(traced_peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        else:
            timed += seconds
            timed_articles += len(batch)
            tenth = min(9, int(10 * done / total))
            tenths[tenth][0] += seconds
            tenths[tenth][1] += len(batch)
        recent_counts.append(len(index.stories))
        held = sum(len(s.centroid) for s in index.stories.values()) + len(index.state) + assigner.held_bytes
        held_bytes = max(held_bytes, held)
        state_bytes = len(index.state)
        if persistence is not None:
            persistence.write([("state", index.state)] + [(s.id, s.centroid) for s in index.changed])
        calls += 1

    for done, (key, document, when) in enumerate(articles(total, per_day, seed), start=1):
        batch.append(Incoming(key, document, when))
        last_day = when
        if len(batch) == chunk:
            call(batch, done)
            batch = []
    if batch:
        call(batch, total)
    result = {
        "articles": total, "calls": calls, "days": (last_day - START).days + 1 if last_day else 0,
        "stories_opened": index.opened, "merges": index.merges,
        "timed_articles": timed_articles, "assign_seconds": round(timed, 2),
        "articles_per_second": round(timed_articles / timed, 1),
        "ms_per_1000_articles_by_tenth": [round(1000 * 1000 * s / n, 1) if n else None for s, n in tenths],
        "recent_stories": {"mean": round(float(np.mean(recent_counts)), 1), "max": int(max(recent_counts)),
                           "last": recent_counts[-1]},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_imports_mb": round(baseline_rss, 1),
        "peak_traced_in_one_call_mb": round(traced_peak / 2**20, 1),
        "held_between_calls_mb": round(held_bytes / 2**20, 2),
        "state_bytes": state_bytes,
        "settings": {"threshold": assigner.threshold, "merge_threshold": assigner.merge_threshold,
                     "half_life_days": assigner.half_life_days, "window_days": round(assigner.window_days, 2),
                     "max_terms": assigner.max_terms},
    }
    if persistence is not None:
        result["persistence_estimate"] = {
            "seconds": round(persistence.seconds, 2), "mb_written": round(persistence.bytes / 2**20, 1),
            "articles_per_second_with_it": round(timed_articles / (timed + persistence.seconds
                                                                  * timed_articles / total), 1)}
    folder.cleanup()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="article counts, comma-separated")
    parser.add_argument("--chunk", type=int, default=50, help="articles per assigner call")
    parser.add_argument("--per-day", type=int, default=1000, help="articles published per day")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic articles")
    parser.add_argument("--no-persist", action="store_true", help="leave out the SQLite write estimate")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.chunk, args.per_day, not args.no_persist, args.seed)))
        return 0
    load_start = os.getloadavg()
    started = time.perf_counter()
    runs = []
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        command = [sys.executable, __file__, "--one", str(size), "--chunk", str(args.chunk),
                   "--per-day", str(args.per_day), "--seed", str(args.seed)] + (["--no-persist"] if args.no_persist
                                                                                else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print_run(runs[-1])
    report = {
        "synthetic": {"vocabulary": VOCABULARY, "zipf": ZIPF, "topic_words": TOPIC_WORDS,
                      "topic_share": TOPIC_SHARE, "median_words": MEDIAN_WORDS, "story_days": STORY_DAYS,
                      "story_articles": STORY_ARTICLES, "per_day": args.per_day, "seed": args.seed},
        "chunk": args.chunk, "what_is_timed": "Assigner.assign calls only (no store, no SQL, no generation)",
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(), "runs": runs, "seconds": round(time.perf_counter() - started, 1),
        "target": {"articles_per_second_at_100k": 1000},
    }
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        report["per_article_ms"] = {str(r["articles"]): round(1000 / r["articles_per_second"], 3) for r in runs}
        report["per_article_cost_ratio_large_to_small"] = round(small["articles_per_second"]
                                                                / large["articles_per_second"], 2)
    print(f"load average at start {report['load_average_start']}, at end {report['load_average_end']}")
    path = save("assignment", report)
    print(f"saved {path.relative_to(ROOT)}")
    return 0


def print_run(run: dict) -> None:
    print(f"{run['articles']:>7} articles over {run['days']} days: {run['articles_per_second']:.0f} articles/s "
          f"({run['assign_seconds']} s in assign), recent stories mean {run['recent_stories']['mean']} max "
          f"{run['recent_stories']['max']}, peak RSS {run['peak_rss_mb']} MB (after imports "
          f"{run['rss_after_imports_mb']} MB), one call at most {run['peak_traced_in_one_call_mb']} MB, held "
          f"between calls {run['held_between_calls_mb']} MB, state {run['state_bytes']} bytes")
    print(f"   ms per 1000 articles, by tenth of the run: {run['ms_per_1000_articles_by_tenth']}")
    if "persistence_estimate" in run:
        print(f"   SQLite estimate: {run['persistence_estimate']}")


if __name__ == "__main__":
    raise SystemExit(main())
