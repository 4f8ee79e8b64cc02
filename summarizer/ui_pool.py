"""The web UI's summarizers, one per model, kept warm between clicks without filling the memory."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from summarizer.documents import Loaded
from summarizer.drafts import OnDraft
from summarizer.results import SummaryResult

if TYPE_CHECKING:
    from summarizer.pipeline import Summarizer
    from summarizer.progress import Progress

EXTRACTIVE = "extractive"  # the weightless baseline: always kept, never counted against KEEP


class Summarizers:
    """The UI's ``Summarizer`` for each model, made on first use; runs go one at a time.

    At most ``KEEP`` neural models are kept (the two sides of a Compare), beside the weightless extractive
    baseline: a third drops the least recently used ``Summarizer`` and releases its model
    (``models.release_model``), so switching models does not fill the memory and comparing two does not
    reload them on every click. A dropped model's cached results go with it.

    Args:
        factory: makes the ``Summarizer`` for a model name; default ``pipeline.Summarizer``.
    """

    KEEP = 2

    def __init__(self, factory: Callable[[str], Summarizer] | None = None):
        if factory is None:
            from summarizer.pipeline import Summarizer as factory  # heavy (torch); imported once a UI is built
        self._factory = factory
        self._by_model: dict[str, Summarizer] = {}  # least recently used first
        self._lock = threading.Lock()

    def run(self, model: str, articles: Loaded, *, length: str, group: bool, report: Progress,
            on_draft: OnDraft | None = None) -> SummaryResult:
        """Summarize loaded articles with ``model``; the skipped inputs are carried into the result.
        ``on_draft`` hears the summaries as they are written."""
        with self._lock:  # Gradio's queue already serialises; this also covers direct callers
            summarizer = self._by_model.pop(model, None)
            if summarizer is None:
                neural = [name for name in self._by_model if name != EXTRACTIVE]
                if model != EXTRACTIVE and len(neural) == self.KEEP:
                    from summarizer.models import release_model

                    dropped = self._by_model.pop(neural[0]).runs
                    if all(kept.runs != dropped for kept in self._by_model.values()):  # "default" may run as
                        release_model(dropped)  # "default-gguf": free it only when no kept name runs it
                summarizer = self._factory(model)
            self._by_model[model] = summarizer
            result = summarizer.summarize(list(articles.documents), progress=report, length=length,
                                          group=group, on_draft=on_draft)
        return replace(result, skipped=articles.skipped + result.skipped)
