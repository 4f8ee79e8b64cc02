"""Where a model's time goes: prompt tokens read, tokens written, and the seconds each took.

Reading the prompt (prefill) is one big parallel pass; writing (decode) is one pass per new token, so the two
scale differently and a speed-up for one does nothing for the other. A model's `Meter` adds up a `Usage` per
kind of call, and never resets: the model is shared and cached across runs, so a caller measures its own part
as ``since(before, meter.snapshot())``.

>>> before = model.meter.snapshot()                                     # doctest: +SKIP
>>> model.summarize([[article]], task="document", words=(40, 80))       # doctest: +SKIP
>>> since(before, model.meter.snapshot())["first"].write_s              # doctest: +SKIP
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Protocol

FIRST = "first"  # a summary written from the start
CONTINUED = "continued"  # a summary that stopped short, continued from where it stopped (``starts``)


class Counted(Protocol):
    """What a model call returns per request, as far as metering goes (a `Generation`)."""

    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class Usage:
    """Tokens and seconds of some model calls; ``calls`` counts the batches (one generate call each)."""

    prompt_tokens: int = 0
    written_tokens: int = 0
    read_s: float = 0.0  # reading the prompts (prefill), up to the first new token's scores
    write_s: float = 0.0  # writing the new tokens (decode)
    calls: int = 0
    reused_tokens: int = 0  # of prompt_tokens, those restored from a kept state of an earlier prompt, not read

    def __add__(self, other: Usage) -> Usage:
        return Usage(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other: Usage) -> Usage:
        return Usage(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    def to_dict(self) -> dict[str, float]:
        """Plain data as a result stores it, seconds to the millisecond like its timings."""
        return {"prompt_tokens": self.prompt_tokens, "written_tokens": self.written_tokens,
                "read_s": round(self.read_s, 3), "write_s": round(self.write_s, 3), "calls": self.calls,
                "reused_tokens": self.reused_tokens}


class Meter:
    """The running totals of one model, per kind of call (`FIRST`, `CONTINUED`); safe to share between threads.

    Totals only grow. Runs that share a model at the same time each see the other's calls in their difference.
    """

    def __init__(self) -> None:
        self._totals: dict[str, Usage] = {}
        self._lock = threading.Lock()

    def add(self, kind: str, usage: Usage) -> None:
        """Count usage under kind."""
        with self._lock:
            self._totals[kind] = self._totals.get(kind, Usage()) + usage

    def count(self, outputs: Sequence[Counted], continued: bool, read_s: float = 0.0, write_s: float = 0.0,
              reused_tokens: int = 0) -> None:
        """Count one batch (one model call): its requests' tokens, under `CONTINUED` when it continued summaries."""
        self.add(CONTINUED if continued else FIRST,
                 Usage(sum(o.input_tokens for o in outputs), sum(o.output_tokens for o in outputs), read_s, write_s, 1,
                       reused_tokens))

    def snapshot(self) -> dict[str, Usage]:
        """A copy of the totals so far, by kind."""
        with self._lock:
            return dict(self._totals)


def since(before: dict[str, Usage], after: dict[str, Usage]) -> dict[str, Usage]:
    """What was used between two snapshots, by kind; kinds with no calls in between are left out."""
    spent = {kind: total - before.get(kind, Usage()) for kind, total in after.items()}
    return {kind: usage for kind, usage in spent.items() if usage.calls}
