"""Never worse than copying: a combined summary covering less of the story's top facts than its extractive
summary would gets the missing facts added, and says so; one that covers as much is left as written."""

from __future__ import annotations

from summarizer.checks.attribution import SupportCheck
from summarizer.documents import Document
from summarizer.generation.coverage import at_least_copying, coverage
from summarizer.generation.facts import story_facts
from summarizer.settings import WordRange

DOCS = [Document(id="a", title="Dam", source="-", text=(
            "The dam on the Vell river cracked on Monday and 212 people were evacuated from the valley. "
            "Engineers inspected the crack overnight. The mayor thanked the volunteers.")),
        Document(id="b", title="Dam", source="-", text=(
            "Some 212 people were evacuated from the valley after the dam on the Vell river cracked on Monday. "
            "Schools in the valley will stay closed until Friday."))]
WORDS = WordRange(20, 45)


def test_a_summary_that_misses_the_top_fact_gets_it_added_and_noted():
    check = SupportCheck(DOCS)
    written = "The mayor thanked the volunteers."
    text, notes = at_least_copying(written, check, WORDS, "story-1: the combined summary")
    assert text.startswith(written) and "cracked" in text
    assert coverage(text, story_facts(check, WORDS)) > coverage(written, story_facts(check, WORDS))
    assert len(notes) == 1 and "less than copying" in notes[0] and "top fact(s) were added" in notes[0]


def test_a_summary_that_covers_as_much_as_copying_is_left_as_written():
    written = ("On Monday the dam on the Vell river cracked and 212 people were evacuated from the valley, where "
               "schools will stay closed until Friday. Engineers inspected the crack overnight and the mayor "
               "thanked the volunteers.")
    assert at_least_copying(written, SupportCheck(DOCS), WordRange(20, 60), "s") == (written, ())


def test_when_no_missing_fact_fits_the_word_cap_the_notes_say_so():
    written = " ".join(["The mayor thanked the volunteers."] * 9)  # all 45 words taken: no fact fits
    text, notes = at_least_copying(written, SupportCheck(DOCS), WORDS, "s")
    assert text == written and "no missing fact was added" in notes[0] and "would not fit the word cap" in notes[0]
    assert "restate" not in notes[0]


def test_a_missing_fact_that_restates_a_summary_sentence_is_not_added():
    # The summary tells the top fact with other figures: the fact is not covered, yet adding it would say it twice.
    written = "After the Vell dam cracked on Monday, 400 people left the valley."
    text, _ = at_least_copying(written, SupportCheck(DOCS), WordRange(20, 60), "s")
    assert text.startswith(written) and "212" not in text


def test_when_nothing_is_added_the_notes_give_each_reason_with_its_count():
    written = "After the Vell dam cracked on Monday, 400 people left the valley."  # 12 of 14 words taken
    text, notes = at_least_copying(written, SupportCheck(DOCS), WordRange(10, 14), "s")
    assert text == written
    assert "2 would not fit the word cap and 1 restate(s) a summary sentence in other words" in notes[0]
