"""Streaming a run to the page: the run works in a thread while the page is sent its drafts as they grow.

Gradio streams a handler that yields; the pipeline reports drafts through a callback. This joins the two
without Gradio (so it is tested by iterating): ``stream`` runs ``run(on_draft, report)`` in a worker thread
and yields a ``DraftView`` whenever the drafts or the progress changed (at most every ``every`` seconds), and
the status line alone every ``tick`` seconds between, then the run's result. Closing the iterator (the page
cancelled or left) stops the worker at its next token.

The status line is the page's progress display, beside Gradio's minimal one (queue position and run time):
Gradio's full progress overlay, redrawn by Chromium at each streamed update, made the seeds' run take 153.0 s
in the page against 107.0 s without it (2026-12-07, AVX512-BF16 EPYC, benchmarks/firsttext.py), the browser
and the model sharing two cores. For the same reason the status line alone ticks every 5 s, not every second
(Gradio's own display counts the seconds): while the combined summary's prompt is read nothing else changes,
and a tick each second put the first text at 9.99, 9.14 and 9.16 s in three runs against 8.72, 8.41 and
8.82 s with no ticks (2026-12-07, AVX512-BF16 EPYC, alternated in one half hour).
"""

from __future__ import annotations

import contextvars
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from summarizer.drafts import Draft, OnDraft
from summarizer.errors import SummarizerError
from summarizer.progress import Progress
from summarizer.render.html import render_drafts

T = TypeVar("T")


class Stopped(SummarizerError):
    """The page stopped listening (cancelled or closed): raised in the worker at its next draft."""


@dataclass(frozen=True)
class DraftView:
    """What the page shows while the model writes: a status line (Markdown) and the drafts (HTML), None when
    they have not changed since the last view."""

    status: str
    stories: str | None


@dataclass
class _Run(Generic[T]):
    drafts: dict[tuple[str, str], Draft]
    drafted: bool = False  # the drafts changed since the last view
    message: str = "Starting"
    fraction: float = 0.0
    result: T | None = None
    error: BaseException | None = None


def stream(run: Callable[[OnDraft, Progress], T], report: Progress, *, every: float = 0.3,
           tick: float = 5.0) -> Iterator[DraftView | T]:
    """Run ``run`` in a worker thread, yielding views of its drafts and progress as they change and finally its
    result.

    ``report`` still hears every progress step (from the worker, in the caller's context); an error of the run is
    raised here, in the caller's thread.
    """
    state: _Run[T] = _Run({})
    changed, stop, lock = queue.Queue[bool](), threading.Event(), threading.Lock()

    def on_draft(draft: Draft) -> None:
        if stop.is_set():
            raise Stopped("Cancelled")
        with lock:
            state.drafts[(draft.kind, draft.id)] = draft
            state.drafted = True
        changed.put(False)

    def progress(message: str, fraction: float) -> None:
        if stop.is_set():
            raise Stopped("Cancelled")
        state.message, state.fraction = message, fraction
        report(message, fraction)
        changed.put(False)

    def work() -> None:
        try:
            state.result = run(on_draft, progress)
        except BaseException as error:  # handed to the caller's thread, raised there
            state.error = error
        finally:
            changed.put(True)

    began = time.monotonic()
    worker = threading.Thread(target=contextvars.copy_context().run, args=(work,), daemon=True)
    worker.start()
    try:
        pending, shown_at = False, began
        while True:
            due = shown_at + (every if pending else tick)
            try:
                if changed.get(timeout=max(0.0, due - time.monotonic())):
                    break  # the run ended: its result replaces the drafts
                pending = True
            except queue.Empty:  # a change waited its turn, or the clock ticked: show it now
                pass
            if time.monotonic() >= shown_at + (every if pending else tick):
                with lock:
                    drafts = list(state.drafts.values()) if state.drafted else None
                    state.drafted = False
                pending, shown_at = False, time.monotonic()
                yield DraftView(status_line(state.message, state.fraction, shown_at - began),
                                None if drafts is None else render_drafts(drafts))
        worker.join()
        if state.error is not None:
            raise state.error
        assert state.result is not None
        yield state.result
    finally:
        stop.set()  # the iterator was closed early: the worker stops at its next draft or step


def status_line(message: str, fraction: float, elapsed: float) -> str:
    """"Writing …: 12 s so far, about 30 s left" (the estimate once a fifth of the run is done).

    >>> status_line("Writing combined summary 1-1 of 1", 0.5, 10.0)
    '*Writing combined summary 1-1 of 1: 10 s so far, about 10 s left*'
    """
    left = f", about {elapsed * (1 - fraction) / fraction:.0f} s left" if fraction >= 0.2 else ""
    return f"*{message}: {elapsed:.0f} s so far{left}*"
