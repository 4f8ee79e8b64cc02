"""Model calls: progress spans, batching by length, the tidy-up against the sources and continuations."""

from __future__ import annotations

from summarizer.checks.attribution import SupportCheck
from summarizer.documents import Document
from summarizer.generation.generate import Job, generate, left_out_note
from summarizer.models import Generation
from summarizer.progress import Span
from summarizer.settings import WordRange
from tests.fakes import FakeModel

TEXT = ("The council closed the harbor bridge on Monday. Engineers found cracks in two steel cables. "
        "Ferries will run twice as often while the bridge is shut.")


def test_a_span_maps_its_own_progress_into_its_share_of_the_run():
    seen: list[tuple[str, float]] = []
    span = Span(lambda message, fraction: seen.append((message, fraction)), 0.2, 0.6)
    span("half", 0.5)
    span.part(0.5, 1.0)("start of second half", 0.0)
    assert seen == [("half", 0.4), ("start of second half", 0.4)]


def test_requests_come_back_in_request_order_whatever_order_they_ran_in():
    model = FakeModel()
    docs = [Document(f"d{i}", "t", f"Story {i} begins here. " + "Filler words follow here. " * i, "-")
            for i in range(3)]
    checks = [SupportCheck([doc]) for doc in docs]
    out = generate(model, [[d.text] for d in docs], checks, Job("document", WordRange(1, 40), "Summarizing"), 2,
                   Span(lambda *_: None, 0, 1))
    assert [g.text for g in out] == [f"Story {i} begins here." for i in range(3)]
    assert [len(requests) for _, requests, _ in model.calls] == [2, 1]  # longest first, two per call


def test_a_sentence_no_article_supports_is_left_out_and_quoted_in_a_note():
    doc = Document("d1", "Bridge", TEXT, "-")
    check = SupportCheck([doc])
    model = FakeModel(filler="The closure highlights the importance of careful planning for everyone.")
    generation, = generate(model, [[TEXT]], [check], Job("document", WordRange(1, 60), "Summarizing"), 1,
                           Span(lambda *_: None, 0, 1))
    assert "importance" not in generation.text
    note, = left_out_note("d1: its summary", check, generation.text)
    assert "1 sentence(s)" in note and "importance of careful planning" in note


def test_no_note_when_nothing_was_left_out():
    check = SupportCheck([Document("d1", "Bridge", TEXT, "-")])
    assert check("The council closed the harbor bridge on Monday.")
    assert left_out_note("d1", check, "The council closed the harbor bridge on Monday.") == ()


def test_fact_numbers_after_sentences_are_in_neither_the_summary_nor_its_drafts():
    class Citing(FakeModel):  # ends each sentence with the numbers of the facts it reports, as the prompt asks
        def _summarize(self, requests, task, words, starts):
            return [Generation(g.text.replace(".", " [1, 3].") + " Ferries will run twice as often. [2]",
                               g.input_tokens, g.output_tokens)
                    for g in super()._summarize(requests, task, words, starts)]

    heard: list[str] = []
    check = SupportCheck([Document("d1", "Bridge", TEXT, "-")])
    generation, = generate(Citing(), [[TEXT]], [check], Job("facts", WordRange(1, 60), "Writing"), 1,
                           Span(lambda *_: None, 0, 1), lambda _, text: heard.append(text))
    assert generation.text == "The council closed the harbor bridge on Monday. Ferries will run twice as often."
    assert heard and not any("[" in text for text in heard)
