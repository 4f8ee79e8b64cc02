"""Words run together are split back, and a sentence with a word no article or dictionary knows is not kept."""

from __future__ import annotations

import pytest

from summarizer import Summarizer
from summarizer.checks.wording import Wording
from summarizer.documents import Document
from summarizer.models import Generation
from tests.conftest import FLOOD, FLOOD_2
from tests.fakes import FakeModel

GAZA = Document(id="d1", title="Talks in Israel", source="-",
                text="Blinken met officials in Israel. The population of Gaza faces hunger, as reported by CNN.")


@pytest.mark.parametrize("written, repaired", [
    ("thepopulation of Gaza", "the population of Gaza"),
    ("officials inIsrael", "officials in Israel"),
    ("to pressfor a deal", "to press for a deal"),
    ("asreported by CNN", "as reported by CNN"),
    ("Blinken met officials.", "Blinken met officials."),  # known words stay as written
    ("ETOnline and PatsFans", "ETOnline and PatsFans"),  # a name written as one word is no run-together pair
    ("the CNN host in NewIsrael", "the CNN host in NewIsrael"),  # capitals alone do not make two words
])
def test_words_run_together_are_split_back(written, repaired):
    assert Wording([GAZA]).repair(written) == repaired


def test_a_two_word_name_run_together_is_split_where_the_articles_write_it_apart():
    wording = Wording([Document(id="d1", title="-", source="-", text="Taylor Swift was seen in New York City.")])
    assert wording.repair("TaylorSwift was seen in NewYork City.") == "Taylor Swift was seen in New York City."


@pytest.mark.parametrize("written, repaired", [
    pytest.param("Blinkен met officials.", "Blinken met officials.", id="by sound: the seeds' 'Blinkен'"),
    pytest.param("Blinkеn's talks", "Blinken's talks", id="by shape, possessive"),
    pytest.param("Israрl", "Israрl", id="reads as no article word: left, and unknown"),
    pytest.param("Газа talks", "Газа talks", id="all Cyrillic: a word in its own script, though it reads as Gaza"),
    pytest.param("Іsrael", "Israel", id="Ukrainian І by shape"),
])
def test_a_latin_word_with_cyrillic_letters_is_written_as_the_article_word_it_reads_as(written, repaired):
    assert Wording([GAZA]).repair(written) == repaired


def test_the_names_are_the_words_the_articles_write_capitalised():
    assert {"blinken", "israel", "gaza", "cnn", "talks"} <= Wording([GAZA]).names
    assert not {"officials", "population", "hunger"} & Wording([GAZA]).names


def test_a_word_neither_the_articles_nor_the_dictionary_know_is_unknown():
    wording = Wording([GAZA])
    assert wording.unknown("The conflict in Gazalo continues.") == ["Gazalo"]
    assert wording.unknown("Blinken's visit to Israel, the population's needs and 1,200 trucks.") == []


def test_a_known_word_with_its_case_broken_mid_word_is_unknown_unless_an_article_writes_it_so():
    wording = Wording([Document(id="d1", title="-", source="-", text="Apple's iOS update. The group was designated.")])
    assert wording.unknown("The U.S.-designATED group.") == ["designATED"]
    assert wording.unknown("The iOS update.") == []


def test_a_name_opening_with_one_lower_case_letter_is_no_broken_case():
    wording = Wording([Document(id="d1", title="-", source="-", text="The group was designated.")])
    assert wording.unknown("The mRNA vaccine was designATED.") == ["designATED"]


def test_a_figure_spaced_out_into_digits_is_unknown_unless_an_article_writes_it_so():
    wording = Wording([Document(id="d1", title="-", source="-", text="It carried 9,400 in 2019. It won 3, 2, 1.")])
    assert wording.unknown("It carried about 9, 4 0 passengers in 201 9.") == ["9, 4 0", "201 9"]
    assert wording.unknown("It carried 9,400 people in 2019, 3 times more. It won 3, 2, 1.") == []


class GarblingModel(FakeModel):
    """Writes the article's first sentence, then runs words together and garbles one, as a small model does."""

    def summarize(self, requests, **kwargs):
        return [Generation(f"{g.text} Thefamilies left by boat fromthe lower towno.", g.input_tokens,
                           g.output_tokens + 7) for g in super().summarize(requests, **kwargs)]


def test_a_garbled_sentence_is_left_out_of_the_summary_and_the_notes_quote_it():
    story, = Summarizer(GarblingModel(), length="short").summarize([FLOOD], use_cache=False).stories
    assert "towno" not in story.summary and "Thefamilies" not in story.summary
    assert any("neither the articles nor the dictionary know" in note and "towno" in note for note in story.notes)


class LoopingModel(FakeModel):
    """Writes the article's first sentence, then loops through one sentence with a capitalised word swapped, as
    the default model did on Multi-News cluster 38 ("The president received his Intel. ... his Data.")."""

    def summarize(self, requests, **kwargs):
        loop = " ".join(f"The river rose three metres and flooded the {word}." for word in ("Town", "Data", "Facts"))
        return [Generation(f"{g.text} {loop}", g.input_tokens, g.output_tokens + 27)
                for g in super().summarize(requests, **kwargs)]


def test_a_loop_through_names_no_article_writes_is_told_once():
    story, = Summarizer(LoopingModel(), length="short").summarize([FLOOD], use_cache=False).stories
    assert "Data" not in story.summary and "Facts" not in story.summary


class GarbageModel(FakeModel):
    """Writes nothing but a garbled sentence for each article, as the tiny preset did for a harbor example."""

    def summarize(self, requests, *, task, **kwargs):
        out = super().summarize(requests, task=task, **kwargs)
        if task != "document":
            return out
        return [Generation("The families left the lower towno by boat.", g.input_tokens, 8) for g in out]


def test_an_article_summary_left_empty_comes_with_a_note_saying_why():
    story, = Summarizer(GarbageModel(), length="short").summarize([FLOOD, FLOOD_2], use_cache=False).stories
    assert len(story.document_summaries) == 2
    for summary in story.document_summaries:
        assert summary.summary == "" and summary.output_tokens > 0
        assert f"{summary.document_id}: its summary is empty: every sentence the model wrote was left out" \
            in story.notes
        assert any(note.startswith(f"{summary.document_id}: its summary leaves out 1 sentence(s)") and "towno" in note
                   for note in story.notes)
