"""The extractive back end: copies central source sentences within the word cap, like a model would be called."""

from __future__ import annotations

from summarizer.models.extractive import ExtractiveModel
from summarizer.settings import WordRange
from summarizer.text import split_sentences, word_count

FIRST = ("The council closed the harbor bridge on Monday after engineers found cracks. "
         "Ferries will run twice as often while the bridge is shut. "
         "The mayor said repairs would take six weeks.")
SECOND = ("Engineers found cracks in two steel cables of the harbor bridge, the council said. "
          "The bridge closure doubles ferry service for six weeks. "
          "A local bakery reported record sales of cinnamon rolls.")


def test_every_sentence_it_returns_is_copied_from_an_article():
    out, = ExtractiveModel().summarize([[FIRST, SECOND]], task="story", words=WordRange(10, 40))
    sources = set(split_sentences(FIRST)) | set(split_sentences(SECOND))
    assert out.text and set(split_sentences(out.text)) <= sources


def test_it_stays_within_the_word_cap_and_counts_words_as_tokens():
    out, = ExtractiveModel().summarize([[FIRST, SECOND]], task="story", words=WordRange(5, 20))
    assert 0 < word_count(out.text) <= 20
    assert out.output_tokens == word_count(out.text)
    assert out.input_tokens == word_count(FIRST) + word_count(SECOND)


def test_one_answer_per_request_in_order():
    outs = ExtractiveModel().summarize([[FIRST], [SECOND]], task="document", words=WordRange(5, 30))
    assert [split_sentences(o.text)[0] in text for o, text in zip(outs, (FIRST, SECOND), strict=True)] == [True, True]
