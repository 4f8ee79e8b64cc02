"""Sentence splitting and overlap helpers."""

import pytest

from summarizer.text import ends_sentence, jaccard, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Mr. Lee met U.S. officials. J. Smith agreed! Did they sign? Yes."
    assert split_sentences(text) == ["Mr. Lee met U.S. officials.", "J. Smith agreed!", "Did they sign?", "Yes."]


@pytest.mark.parametrize(("text", "sentences"), [
    ("The answer was no. The council met.", ["The answer was no.", "The council met."]),
    ("He lives at No. 10 Downing Street. Nos. 3 and 4 closed.", ["He lives at No. 10 Downing Street.",
                                                                 "Nos. 3 and 4 closed."]),
    ("Asked again, she said No. \"Never,\" she added.", ["Asked again, she said No.", '"Never," she added.']),
    ("Crews reached St. Louis at noon. Acme Co. Ltd paid.", ["Crews reached St. Louis at noon.",
                                                             "Acme Co. Ltd paid."]),
])
def test_no_ends_a_sentence_unless_a_number_follows_but_st_and_co_do_not(text, sentences):
    assert split_sentences(text) == sentences


def test_paragraphs_are_sentence_boundaries():
    assert split_sentences("Headline without a stop\n\nBody starts here.") == [
        "Headline without a stop", "Body starts here."]


def test_closing_quotes_stay_with_their_sentence():
    assert split_sentences('He said "we will rebuild." Crews began.') == ['He said "we will rebuild."', "Crews began."]


def test_overlap_and_endings():
    assert jaccard("a b c", "a b c") == 1.0 and jaccard("", "a") == 0.0
    assert ends_sentence("Done.”") and not ends_sentence("Not done")
