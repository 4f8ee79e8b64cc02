"""Headlines: the model's, from the top of the checked summary, when it passes a summary sentence's checks;
otherwise the keyword label, with a note saying why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer import Summarizer
from summarizer.generation.headlines import TOP_SENTENCES, clean_headline, with_headlines
from summarizer.models import Generation
from summarizer.progress import Span
from summarizer.results import SummaryResult
from summarizer.text import split_sentences
from tests.conftest import FLOOD, FLOOD_2
from tests.fakes import FakeModel


class HeadlineModel(FakeModel):
    """A fake whose headline is given: to try what the checks let through."""

    def __init__(self, headline: str) -> None:
        super().__init__()
        self.headline = headline

    def summarize(self, requests, *, task, **kwargs):
        if task == "headline":
            self.calls.append((task, [list(r) for r in requests], kwargs["words"]))
            return [Generation(self.headline, 10, 10) for _ in requests]
        return super().summarize(requests, task=task, **kwargs)


@pytest.mark.parametrize("written, shown", [
    ("Headline: River floods force evacuations", "River floods force evacuations"),
    ('"River floods force evacuations."', "River floods force evacuations"),
    ("**River floods force evacuations**\nThe river rose.", "River floods force evacuations"),
])
def test_the_headline_is_shown_without_label_quotes_markup_or_period(written, shown):
    assert clean_headline(written) == shown


def test_a_checked_headline_is_the_story_title_and_the_label_stays_as_keywords():
    model = HeadlineModel("River floods force families from the lower town")
    result = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False)
    story, = result.stories
    assert story.headline == "River floods force families from the lower town" and story.title == story.headline
    task, requests, words = model.calls[-1]
    assert task == "headline" and words[1] == 14
    assert requests == [[" ".join(split_sentences(story.summary)[:TOP_SENTENCES])]]  # the top of the summary
    markdown = result.to_markdown()
    assert f"## Story 1: {story.headline}" in markdown and f"Keywords: {story.label}" in markdown
    assert SummaryResult.from_json(result.to_json()).stories[0].headline == story.headline


@pytest.mark.parametrize("headline, why", [
    ("River floods kill 40 in the lower town", 'number "40" appears in no source'),
    ("River floods force evacuations of families from homes in the lower town before dawn on a wet day",
     "more than 14"),
    ("", "the model wrote none"),
])
def test_a_headline_that_fails_a_check_gives_way_to_the_label_with_the_reason(headline, why):
    story, = Summarizer(HeadlineModel(headline), length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == story.label
    assert any("the model's headline" in note and why in note for note in story.notes), story.notes


def test_an_extractive_run_keeps_the_keyword_label_as_its_headline():
    story, = Summarizer("extractive").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == story.label and not any("headline" in note for note in story.notes)


def test_an_over_long_headline_is_asked_for_once_more_shorter():
    class Verbose(HeadlineModel):  # runs over the limit when given 14 words, keeps to it when given 10
        def summarize(self, requests, *, task, **kwargs):
            if task == "headline" and kwargs["words"][1] == 10:
                self.headline = "River floods force families from the lower town"
            return super().summarize(requests, task=task, **kwargs)

    model = Verbose("River floods force evacuations of families from homes in the lower town before dawn on a wet day")
    story, = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == "River floods force families from the lower town"
    assert [words for task, _, words in model.calls if task == "headline"] == [(4, 14), (4, 10)]
    assert not any("headline" in note for note in story.notes)


def test_a_title_case_headline_is_shown_in_sentence_case_so_its_words_are_not_taken_for_names():
    story, = Summarizer(HeadlineModel("River Floods Force Families From The Lower Town"), length="short").summarize(
        [FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == "River floods force families from the lower town"


def test_a_shorter_retry_that_writes_nothing_keeps_the_first_headline_and_its_reason():
    class Silent(HeadlineModel):  # runs over the limit when given 14 words, writes nothing when given 10
        def summarize(self, requests, *, task, **kwargs):
            if task == "headline" and kwargs["words"][1] == 10:
                self.headline = ""
            return super().summarize(requests, task=task, **kwargs)

    long = "River floods force evacuations of families from homes in the lower town before dawn on a wet day"
    model = Silent(long)
    story, = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == story.label
    assert [words for task, _, words in model.calls if task == "headline"] == [(4, 14), (4, 10)]
    note, = [note for note in story.notes if "the model's headline" in note]
    assert long in note and "more than 14" in note and "wrote none" not in note


def test_a_flagged_headline_is_asked_for_once_more_from_the_first_sentence_and_kept_when_it_passes():
    class Careless(HeadlineModel):  # adds a number no article has from the top sentences, not from the first alone
        def summarize(self, requests, *, task, **kwargs):
            if task == "headline":
                one = requests[0][0] == split_sentences(requests[0][0])[0]
                self.headline = "River floods force families from the lower town" if one else "River floods kill 40"
            return super().summarize(requests, task=task, **kwargs)

    model = Careless("")
    story, = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == "River floods force families from the lower town"
    first, again = [requests for task, requests, _ in model.calls if task == "headline"]
    assert again == [[split_sentences(story.summary)[0]]] and first != again
    assert not any("headline" in note for note in story.notes)


def test_a_flagged_retry_that_fails_too_keeps_the_label_and_the_first_reason():
    model = HeadlineModel("River floods kill 40 in the lower town")
    story, = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert story.headline == story.label
    assert len([task for task, _, _ in model.calls if task == "headline"]) == 2
    note, = [note for note in story.notes if "the model's headline" in note]
    assert 'number "40" appears in no source' in note


def test_the_headline_is_written_from_the_summary_sentences_no_check_flagged():
    model = HeadlineModel("River floods force families from the lower town")
    story, = Summarizer(model, length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert len(story.sentences) >= 2 and not any(sentence.flags for sentence in story.sentences)
    flagged = replace(story.sentences[0], flags=('name "Scotland" appears in no source',))
    story = replace(story, sentences=(flagged, *story.sentences[1:]))
    model.calls.clear()
    with_headlines(model, [story], 1, Span(lambda *_: None, 0, 1))
    (_, requests, _), = [call for call in model.calls if call[0] == "headline"]
    assert requests == [[" ".join(sentence.text for sentence in story.sentences[1:1 + TOP_SENTENCES])]]
