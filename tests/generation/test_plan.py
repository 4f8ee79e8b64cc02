"""Planning a story's combined summary: which route, what the model reads, and the notes on cuts."""

from __future__ import annotations

import pytest

from summarizer.chunker import Story
from summarizer.documents import Document
from summarizer.errors import InputError
from summarizer.generation.plan import plan_story, with_title
from summarizer.settings import Route, SummarySettings
from tests.fakes import FakeModel


def _doc(id: str, sentences: int) -> Document:
    text = " ".join(f"The harbor report {id} number {i} describes cable damage {i} in detail."
                    for i in range(sentences))
    return Document(id=id, title=f"Harbor {id}", text=text, source=f"{id}.txt")


def _story(*docs: Document) -> Story:
    return Story(id="story-1", label="Harbor", documents=docs)


def test_one_article_takes_the_single_route():
    plan = plan_story(FakeModel(), _story(_doc("a", 3)), SummarySettings())
    assert plan.route == Route.SINGLE and plan.articles == ()


def test_select_reads_central_sentences_within_the_word_budget_and_notes_the_cuts():
    docs = (_doc("a", 60), _doc("b", 60))
    plan = plan_story(FakeModel(), _story(*docs), SummarySettings(route="select", selection_words=200))
    assert plan.route == Route.SELECT
    assert sum(len(text.split()) for text in plan.articles) <= 200
    note, = plan.notes
    assert "a " in note and "b " in note and "words kept/total" in note


def test_too_little_room_per_article_falls_back_to_the_per_article_summaries():
    docs = tuple(_doc(f"d{i}", 2) for i in range(8))
    plan = plan_story(FakeModel(context_length=700, overhead=20), _story(*docs), SummarySettings(route="select"))
    assert plan.route == Route.FUSED and "per-article summaries" in plan.notes[0]


def test_the_fact_list_keeps_its_room_however_many_articles_the_story_has():
    docs = tuple(_doc(f"d{i}", 2) for i in range(8))  # too many to read together in 700 tokens (above)
    plan = plan_story(FakeModel(context_length=700, overhead=20), _story(*docs), SummarySettings(route="facts"))
    assert plan.route == Route.FACTS and plan.articles[0].startswith("1. ")


def test_a_story_whose_facts_do_not_fit_the_fact_prompt_reads_its_articles_and_says_so():
    one_long_sentence = " ".join(["The harbor cable report"] * 60) + "."  # 240 words, one fact
    docs = tuple(Document(id, f"Harbor {id}", one_long_sentence, f"{id}.txt") for id in "ab")
    model = FakeModel(context_length=330, overhead=10)  # 205 tokens for the fact list, 200 for the articles
    plan = plan_story(model, _story(*docs), SummarySettings(route="facts", length="short"))
    assert plan.route == Route.WHOLE and plan.articles
    assert "not one of the story's facts fits the fact prompt" in plan.notes[0]


def test_more_articles_than_tokens_is_a_clear_error():
    docs = tuple(_doc(f"d{i}", 1) for i in range(40))
    with pytest.raises(InputError, match="40 articles cannot be read together"):
        plan_story(FakeModel(context_length=520, overhead=20), _story(*docs), SummarySettings(route="select"))


def test_the_model_reads_the_headline_before_the_body_once():
    doc = Document("a", "Bridge shut", "The council closed the bridge.", "a.txt")
    assert with_title(doc) == "Bridge shut\n\nThe council closed the bridge."
    assert with_title(Document("b", "Bridge shut", "Bridge shut\n\nText.", "b.txt")) == "Bridge shut\n\nText."
