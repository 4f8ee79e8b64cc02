"""Progress reports: ``progress(message, fraction_done)`` callbacks, and the share of a run one stage fills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str, float], None]


def quiet(message: str, fraction: float) -> None:
    """The progress callback used when none is given: reports nowhere."""


@dataclass(frozen=True)
class Span:
    """The share of a run's progress bar one stage fills: ``span(message, done)`` reports ``done`` in [0, 1]
    of the stage as the matching point between ``start`` and ``end`` of the whole run."""

    report: Progress
    start: float
    end: float

    def __call__(self, message: str, done: float) -> None:
        self.report(message, self.start + (self.end - self.start) * done)

    def part(self, first: float, last: float) -> Span:
        """The sub-span from ``first`` to ``last`` (fractions of this span)."""
        width = self.end - self.start
        return Span(self.report, self.start + width * first, self.start + width * last)
