"""The text toolkit: sentence splitting, words and tokens, word count, overlap, stop-word and outlet lists."""

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from summarizer.text import (
    FUNCTION_WORDS,
    NEWS_AGENCIES,
    NEWS_OUTLETS,
    STOP_WORDS,
    ends_sentence,
    jaccard,
    split_sentences,
    strip_possessive,
    tokens,
    word_count,
    words,
)


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
    ("Jennifer Lawrence (No. 8) and Jennifer Aniston (No. 9) made the list.",
     ["Jennifer Lawrence (No. 8) and Jennifer Aniston (No. 9) made the list."]),
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


def test_words_keep_inner_apostrophes_and_tokens_keep_figures_whole():
    text = "The council’s 9,200 votes, 2.5 times more; don't."
    assert words(text) == ["the", "council’s", "9", "200", "votes", "2", "5", "times", "more", "don't"]
    assert tokens(text) == ["the", "council’s", "9200", "votes", "2.5", "times", "more", "don't"]


@pytest.mark.parametrize(("word", "plain"), [
    ("Hamas’s", "Hamas"), ("council's", "council"), ("states'", "states"), ("it's", "it"),
    ("Israel", "Israel"), ("hostages", "hostages"), ("Gaza's", "Gaza"),
])
def test_strip_possessive_drops_only_a_final_possessive(word: str, plain: str) -> None:
    assert strip_possessive(word) == plain


def test_word_count_is_whitespace_words():
    assert word_count("  The river  rose 2.5 metres. ") == 5 and word_count("") == 0


def test_stop_word_lists():
    assert STOP_WORDS == ENGLISH_STOP_WORDS  # what TfidfVectorizer(stop_words="english") drops too
    # The support score's list keeps numbers and content words the general list drops.
    assert {"said", "according", "the"} <= FUNCTION_WORDS and not {"three", "fire", "found"} & FUNCTION_WORDS


def test_every_agency_is_an_outlet():
    assert {agency.lower() for agency in NEWS_AGENCIES} <= NEWS_OUTLETS
    assert {"reuters", "associated press", "new york times"} <= NEWS_OUTLETS
