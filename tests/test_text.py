"""Sentence splitting and overlap helpers."""

from summarizer.text import ends_sentence, jaccard, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Mr. Lee met U.S. officials. J. Smith agreed! Did they sign? Yes."
    assert split_sentences(text) == ["Mr. Lee met U.S. officials.", "J. Smith agreed!", "Did they sign?", "Yes."]


def test_paragraphs_are_sentence_boundaries():
    assert split_sentences("Headline without a stop\n\nBody starts here.") == [
        "Headline without a stop", "Body starts here."]


def test_closing_quotes_stay_with_their_sentence():
    assert split_sentences('He said "we will rebuild." Crews began.') == ['He said "we will rebuild."', "Crews began."]


def test_overlap_and_endings():
    assert jaccard("a b c", "a b c") == 1.0 and jaccard("", "a") == 0.0
    assert ends_sentence("Done.”") and not ends_sentence("Not done")
