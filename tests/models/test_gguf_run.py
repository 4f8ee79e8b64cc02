"""A whole `Summarizer` run on the real `tiny-gguf` preset: stories, per-article summaries, and continuations of
summaries left short, all through the llama.cpp back end."""

from __future__ import annotations

import pytest

from summarizer.models.llamacpp import LlamaCppModel
from summarizer.pipeline import Summarizer
from tests.conftest import FLOOD, FLOOD_2


@pytest.fixture
def continuation_calls(monkeypatch) -> list[list[str]]:
    """The starts of every `LlamaCppModel.summarize` call that continues summaries (the call still runs)."""
    calls: list[list[str]] = []
    real = LlamaCppModel.summarize

    def spy(self, requests, **kwargs):
        if kwargs.get("starts") is not None:
            calls.append(list(kwargs["starts"]))
        return real(self, requests, **kwargs)

    monkeypatch.setattr(LlamaCppModel, "summarize", spy)
    return calls


@pytest.mark.slow  # about 55 s on 2 busy cores: tiny-gguf writes ~10 summaries and continuations one by one
def test_a_summarizer_run_on_tiny_gguf_continues_short_summaries(requires_preset, continuation_calls):
    requires_preset("tiny-gguf")
    summarizer = Summarizer("tiny-gguf", length="short", group=False)
    result = summarizer.summarize([FLOOD, FLOOD_2], use_cache=False)
    assert summarizer.runs == "tiny-gguf" and isinstance(summarizer.model, LlamaCppModel)
    assert result.model == "tiny-gguf" and not result.from_cache
    story, = result.stories
    assert [d.id for d in story.documents] == ["pasted-1", "pasted-2"]
    assert story.summary.strip() and story.sentences
    assert [s.document_id for s in story.document_summaries] == ["pasted-1", "pasted-2"]
    assert all(s.summary.strip() and s.output_tokens > 0 for s in story.document_summaries)
    # Tiny stops short or writes unsupported sentences: at least one summary was continued from its start.
    assert continuation_calls, "no summary was continued: the run did not reach the continuation path"
