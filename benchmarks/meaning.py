"""Meaning changes planted in the model's own paraphrased summary sentences: which do the checks catch?

    .venv/bin/python benchmarks/meaning.py [--n 10] [--model default] [--length medium] [--summaries FILE]

The model writes each cluster's combined summary (so its sentences are paraphrases, not copies). Every
supported sentence it wrote is an untouched negative: the share flagged is an upper bound on false alarms
(some flags are the model's real errors). Into each supported sentence without a flag, each kind of change
is planted where the sentence allows: an amount in words grown or shrunk, a superlative or "first/only"
added, a negation flipped, a hedge made certain ("may" -> "will"), a cause or sequence invented, two names
swapped, a time moved. Reported per kind: how many were planted and the share flagged or left unsupported.
With ``--summaries FILE`` the written summaries are kept in FILE (JSON lines, outside the repo: they derive
from Multi-News) and read from it on the next run, so a change to the checks is measured in seconds on the
same sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from common import load_clusters, save
from faithfulness import documents_of

from summarizer import Summarizer
from summarizer.checks.attribution import attribute
from summarizer.checks.mentions import entities

Plant = Callable[[str, random.Random], str | None]

_AMOUNTS = ["dozens", "hundreds", "thousands", "tens of thousands", "hundreds of thousands", "millions"]
_AMOUNT = re.compile(r"\b(" + "|".join(sorted(_AMOUNTS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_FIGURE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\b")
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def amount(sentence: str, rng: random.Random) -> str | None:
    """An amount in words one step bigger or smaller, or a figure written as words of another size."""
    match = _AMOUNT.search(sentence)
    if match:
        index = next(i for i, a in enumerate(_AMOUNTS) if a == match.group(1).lower())
        other = _AMOUNTS[index + 1] if index + 1 < len(_AMOUNTS) else _AMOUNTS[index - 1]
        return sentence[:match.start()] + other + sentence[match.end():]
    figure = _FIGURE.search(sentence)
    if figure and not re.fullmatch(r"(19|20)\d\d", figure.group(0)):  # not a year
        size = len(figure.group(0).replace(",", ""))
        other = _AMOUNTS[min(len(_AMOUNTS) - 1, max(0, size))]  # ten times bigger, in words
        return sentence[:figure.start()] + other + " of" + sentence[figure.end():] if size >= 2 else None
    return None


def superlative(sentence: str, rng: random.Random) -> str | None:
    """"the first", "the only" or "the largest" where the sentence has "a" or "an"."""
    match = re.search(r"\b(a|an)\s+(?=[a-z])", sentence)
    if not match:
        return None
    return sentence[:match.start()] + rng.choice(["the first ", "the only ", "the largest "]) + sentence[match.end():]


def negation(sentence: str, rng: random.Random) -> str | None:
    """A negation added after the first auxiliary, or the sentence's own "not" removed."""
    if re.search(r"\bnot\b", sentence):
        return re.sub(r"\s+not\b", "", sentence, count=1)
    return re.sub(r"\b(is|was|are|were|has|have|had|will|would|could|can|did)\b", r"\1 not", sentence, count=1) \
        if re.search(r"\b(is|was|are|were|has|have|had|will|would|could|can|did)\b", sentence) else None


def certainty(sentence: str, rng: random.Random) -> str | None:
    """A hedge made certain: "may", "might", "could" become "will"; "reportedly", "allegedly" dropped."""
    if re.search(r"\b(may|might|could)\b", sentence):
        return re.sub(r"\b(may|might|could)\b", "will", sentence, count=1)
    if re.search(r"\b(reportedly|allegedly)\s+", sentence):
        return re.sub(r"\b(reportedly|allegedly)\s+", "", sentence, count=1)
    return None


def cause(sentence: str, rng: random.Random) -> str | None:
    """A cause or sequence no source states, joined to the sentence's first clause."""
    if ", " not in sentence:
        return None
    head, tail = sentence.split(", ", 1)
    return f"{head} because {tail}" if rng.random() < 0.5 else f"{head} after {tail}"


def swap(sentence: str, rng: random.Random) -> str | None:
    """Two different names of the sentence change places."""
    names = list(dict.fromkeys(name for name, _ in entities(sentence)))
    if len(names) < 2:
        return None
    a, b = names[0], names[1]
    return sentence.replace(a, "\0").replace(b, a).replace("\0", b)


def time_moved(sentence: str, rng: random.Random) -> str | None:
    """A weekday changed, or a relative time added."""
    for day in _WEEKDAYS:
        if day in sentence:
            return sentence.replace(day, _WEEKDAYS[(_WEEKDAYS.index(day) + 2) % 7], 1)
    return sentence.rstrip(".") + " last week." if sentence.endswith(".") else None


def _read_summaries(path: Path | None) -> dict[str, str]:
    """Summaries kept by an earlier run, by cluster id; none when there is no such file."""
    if path is None or not path.exists():
        return {}
    return {row["id"]: row["summary"] for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


KINDS: dict[str, Plant] = {"amount": amount, "superlative or first/only": superlative, "negation": negation,
                           "may -> will": certainty, "cause or sequence": cause, "who did what": swap,
                           "time moved": time_moved}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--model", default="default")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--summaries", type=Path, default=None,
                        help="JSON lines of written summaries: read when the file exists, else written")
    args = parser.parse_args()
    rng = random.Random(0)
    kept = _read_summaries(args.summaries)
    summarizer = None if kept else Summarizer(args.model, length=args.length, document_summaries=False, group=False)
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for cluster in load_clusters(args.n, args.start):
        documents = documents_of(cluster)
        if kept:
            summary = kept[str(cluster["id"])]
        else:
            story, = summarizer.summarize(documents, use_cache=False).stories
            summary = story.summary
            if args.summaries:
                with args.summaries.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"id": str(cluster["id"]), "summary": summary}) + "\n")
        supported = [s for s in attribute(summary, documents) if s.supported]
        planted["untouched"] += len(supported)
        caught["untouched"] += sum(bool(s.flags) for s in supported)
        clean = [s.text for s in supported if not s.flags]
        for sentence in clean:
            for kind, plant in KINDS.items():
                changed = plant(sentence, rng)
                if not changed or changed == sentence:
                    continue
                result = attribute(changed, documents)
                planted[kind] += 1
                caught[kind] += any(s.flags or not s.supported for s in result)
        print(f"{cluster['id']}: {len(clean)} clean sentences; so far " +
              ", ".join(f"{k} {caught[k]}/{planted[k]}" for k in planted), flush=True)
    rows = {kind: {"planted": planted[kind], "flagged": round(caught[kind] / planted[kind], 3) if planted[kind]
                   else None} for kind in planted}
    path = save(f"meaning-{args.model}-n{args.n}", {"clusters": [args.start, args.start + args.n],
                                                    "length": args.length, "rows": rows})
    for kind, row in rows.items():
        print(f"| {kind} | {row['planted']} | {row['flagged']} |")
    print(f"saved {path}")


if __name__ == "__main__":
    main()
