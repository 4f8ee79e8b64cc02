"""Quotations in a summary keep their marks and speaker and match a source word for word, or are flagged."""

from __future__ import annotations

import pytest

from summarizer.checks.quotes import Quotes
from summarizer.documents import Document

SOURCE = Document(id="d1", title="Fire", source="-", text=(
    '"The wind is their biggest enemy right now," fire chief Ana Velez said on Friday. '
    'Officials said "the town is safe for now" after the evacuation.'))


@pytest.mark.parametrize("sentence, flag", [
    ('"The wind is their biggest enemy right now," Velez said.', None),
    ('Officials said "the town is safe for now".', None),
    ('"The wind is their worst enemy right now," Velez said.', "matches no source word for word"),
    ("The wind is their biggest enemy right now, Velez said.", "without quotation marks"),
    ('"The wind is their biggest enemy right now," officials said.', "without its speaker"),
    ('The wind is their biggest enemy right now," Velez said.', "starts inside a quotation"),
])
def test_a_quotation_is_checked_for_its_marks_words_and_speaker(sentence, flag):
    flags = Quotes([SOURCE]).flags(sentence)
    assert (flags == []) if flag is None else any(flag in f for f in flags), flags
