"""Prompts already read, kept as llama.cpp states, so a prompt that extends one is read from where it ended.

A continuation's prompt is its first call's prompt plus the summary so far (``SummaryModel.summarize``), so
restoring the first call's state reads only the summary so far: on the seeds that was 3,396 prompt tokens
(29 s of 120 s) read twice before. The cache is bounded in bytes (a Qwen2.5-1.5B state costs about 28 KB a
token) and forgets the least recently used first; a prompt found in no state is read whole, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence

# About twelve 1,500-token prompts of the default model: a story's article prompts and its combined prompt.
DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024


def longest_extended(prompts: Iterable[tuple[int, ...]], prompt: Sequence[int]) -> tuple[int, ...] | None:
    """The longest of ``prompts`` that ``prompt`` strictly extends (a prompt needs at least one token read for
    its logits), the first of equal length; None when it extends none."""
    best = None
    for key in prompts:
        if len(key) < len(prompt) and (best is None or len(key) > len(best)) and tuple(prompt[: len(key)]) == key:
            best = key
    return best


class PromptStates:
    """Saved states keyed by the prompt ids they hold; ``longest_prefix`` finds the one a new prompt extends.

    >>> states = PromptStates(budget_bytes=10)
    >>> states.keep([1, 2, 3], b"abc")
    >>> states.longest_prefix([1, 2, 3, 4])
    ((1, 2, 3), b'abc')
    >>> states.longest_prefix([1, 2, 3]) is None  # a prompt needs at least one token read for its logits
    True
    """

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self._states: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
        self._bytes = 0

    def longest_prefix(self, prompt: Sequence[int]) -> tuple[tuple[int, ...], bytes] | None:
        """The kept state of the longest prompt that ``prompt`` strictly extends, or None."""
        best = longest_extended(self._states, prompt)
        if best is None:
            return None
        self._states.move_to_end(best)
        return best, self._states[best]

    def keep(self, prompt: Sequence[int], state: bytes) -> None:
        """Keep ``state`` (the context after reading exactly ``prompt``), forgetting the oldest over budget."""
        key = tuple(prompt)
        if key in self._states:
            self._bytes -= len(self._states.pop(key))
        if len(state) > self.budget_bytes:
            return
        self._states[key] = state
        self._bytes += len(state)
        while self._bytes > self.budget_bytes:
            _, dropped = self._states.popitem(last=False)
            self._bytes -= len(dropped)

    def clear(self) -> None:
        self._states.clear()
        self._bytes = 0
