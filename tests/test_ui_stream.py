"""Streaming a run's drafts to the page: views while it writes, its result last, errors and cancels."""

from __future__ import annotations

import threading

import pytest

from summarizer.drafts import Draft
from summarizer.ui_stream import DraftView, Stopped, stream


def test_views_follow_the_drafts_and_the_result_comes_last():
    go_on = threading.Event()

    def run(on_draft, report):
        report("Writing", 0.5)
        on_draft(Draft("story", "s1", "Flood", "Rivers"))
        go_on.wait(5)
        on_draft(Draft("story", "s1", "Flood", "Rivers rose"))
        return "result"

    steps = []
    views = stream(run, lambda message, fraction: steps.append(message), every=0.0)
    first = next(view for view in views if view.stories is not None)  # the progress may show first, alone
    assert isinstance(first, DraftView) and "Rivers" in first.stories and "Writing" in first.status
    go_on.set()
    assert list(views)[-1] == "result"
    assert steps == ["Writing"]  # progress still reaches the caller's reporter


def test_the_status_line_ticks_alone_while_nothing_new_is_drafted():
    go_on = threading.Event()

    def run(on_draft, report):
        report("Reading the articles", 0.1)
        go_on.wait(5)
        return "result"

    views = stream(run, lambda *_: None, every=0.0, tick=0.01)
    first, second = next(views), next(views)
    assert first.stories is None and second.stories is None  # no drafts: the stories are left as they are
    assert "Reading the articles" in second.status and "s so far" in second.status
    go_on.set()
    assert list(views)[-1] == "result"


def test_an_error_of_the_run_is_raised_in_the_callers_thread():
    def run(on_draft, report):
        raise ValueError("no articles")

    with pytest.raises(ValueError, match="no articles"):
        list(stream(run, lambda *_: None))


def test_closing_the_stream_stops_the_run_at_its_next_draft():
    stopped, go_on = threading.Event(), threading.Event()

    def run(on_draft, report):
        on_draft(Draft("story", "s1", "Flood", "Rivers"))
        go_on.wait(5)
        try:
            on_draft(Draft("story", "s1", "Flood", "Rivers rose"))
        except Stopped:
            stopped.set()
            raise
        return "result"

    views = stream(run, lambda *_: None, every=0.0)
    assert isinstance(next(views), DraftView)
    views.close()  # the page cancelled
    go_on.set()
    assert stopped.wait(5)
