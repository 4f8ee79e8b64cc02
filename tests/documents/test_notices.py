"""Web notices: a Twitter prompt or a web-archive capture note is not an article; articles about them are."""

import pytest

from summarizer.documents import Document, notice_kind


def doc(title: str, text: str) -> Document:
    return Document(id="d", title=title, text=text, source="d.txt")


SOCIAL = doc("Tweet with a location", "Add location information to your Tweets from third-party applications. "
             "Learn more")
ARCHIVE = doc("About this capture", "Captures from the crawler enter the Wayback Machine after an embargo; the "
              "seeds list all URLs.")


@pytest.mark.parametrize(("document", "kind"), [(SOCIAL, "social media"), (ARCHIVE, "web archive")])
def test_a_short_text_of_platform_vocabulary_is_a_notice(document, kind):
    assert notice_kind(document) == kind


def test_two_cues_are_not_enough():
    assert notice_kind(doc("Ferry news", "The ferry operator asked riders to learn more on its site. "
                                         "Passengers can see embedded tweets there.")) is None


def test_a_cue_repeated_in_singular_and_plural_counts_once():
    assert notice_kind(doc("Tweets", "Tweet tweets tweet retweet about the storm.")) is None


def test_the_title_counts_toward_the_cues():
    assert notice_kind(doc("Wayback Machine capture", "The crawler saved these URLs.")) == "web archive"


def test_a_long_text_is_an_article_however_many_cues_it_has():
    body = " ".join([ARCHIVE.text] + ["The council met again to discuss the harbour budget."] * 20)
    assert notice_kind(doc(ARCHIVE.title, body)) is None
