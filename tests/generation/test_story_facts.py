"""A story's facts: weighted by the articles that report them, told in news order, and the route that writes
from them."""

from __future__ import annotations

from summarizer.checks.attribution import SupportCheck
from summarizer.chunker import Story
from summarizer.generation.facts import Fact, fact_list, news_order, story_facts
from summarizer.generation.plan import plan_story
from summarizer.pipeline import Summarizer
from summarizer.settings import Route, SummarySettings, WordRange
from tests.fakes import FakeModel
from tests.generation.test_coverage import DOCS

WORDS = WordRange(20, 45)


def test_the_fact_two_articles_report_weighs_most():
    facts = story_facts(SupportCheck(DOCS), WORDS)
    assert "cracked" in facts[0].text and facts[0].reported_by == 2
    assert all(fact.reported_by == 1 for fact in facts[1:])


def test_facts_say_where_their_sentence_sits_in_its_article():
    positions = {fact.text.split()[1]: fact.position for fact in story_facts(SupportCheck(DOCS), WORDS)}
    assert positions["dam"] == 0.0 and positions["mayor"] == 1.0 and positions["in"] == 1.0  # "Schools in ..."


def test_news_order_tells_the_lead_facts_first_and_the_heavier_of_a_place_first():
    facts = [Fact("Background.", 5.0, 1, 0.9), Fact("Lead.", 1.0, 1, 0.0), Fact("Other lead.", 2.0, 2, 0.0)]
    assert [fact.text for fact in news_order(facts)] == ["Other lead.", "Lead.", "Background."]


def test_the_facts_route_gives_the_model_one_numbered_list_of_the_story_facts_and_notes_it():
    plan = plan_story(FakeModel(), Story("story-1", "Dam", tuple(DOCS)), SummarySettings(route="facts"))
    facts = story_facts(SupportCheck(DOCS), SummarySettings().words("story"))
    assert plan.route == Route.FACTS and plan.articles == (fact_list(news_order(facts)),)
    assert plan.articles[0].startswith("1. ") and len(plan.articles[0].splitlines()) == len(facts)
    assert f"{len(facts)} top facts" in plan.notes[0] and "1 of them reported by two or more articles" in plan.notes[0]


def test_a_fact_list_too_long_for_the_context_loses_its_lightest_facts_and_says_so():
    class Wordy(FakeModel):  # four tokens a word: the ~45-word list needs ~180 tokens, the room is 150
        def count_tokens(self, text: str) -> int:
            return 4 * len(text.split())

    model = Wordy(context_length=150 + 25 + 110, overhead=20)  # room + overhead (20 + 5 for the one list) + output
    facts = story_facts(SupportCheck(DOCS), SummarySettings().words("story"))
    plan = plan_story(model, Story("story-1", "Dam", tuple(DOCS)), SummarySettings(route="facts", length="short"))
    kept = plan.articles[0].splitlines()
    assert 1 <= len(kept) < len(facts) and "the lightest left out" in plan.notes[0]
    assert any("cracked" in line for line in kept)  # the heaviest fact stays


def test_the_model_writes_the_combined_summary_from_the_facts_prompt():
    model = FakeModel()
    story, = Summarizer(model, route="facts", length="short").summarize(DOCS).stories
    assert story.route == "facts" and story.summary
    asked = [(task, request) for task, requests, _ in model.calls for request in requests if task == "facts"]
    assert len(asked) == 1 and asked[0][1][0].startswith("1. ")


def test_the_extractive_model_copies_sentences_on_the_facts_route_too():
    story, = Summarizer("extractive", route="facts", length="short").summarize(DOCS).stories
    assert story.route == "extractive" and story.summary
