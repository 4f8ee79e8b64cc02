"""Meaning changes beyond digits and names are flagged against the sentences a summary sentence draws on."""

from __future__ import annotations

import pytest

from summarizer.checks.meaning import meaning_flags

SOURCE = "Tens of thousands of people may have died in the siege, officials said on Friday."


@pytest.mark.parametrize("sentence, flag", [
    ("Hundreds of thousands of people may have died in the siege.", 'amount "Hundreds of thousands"'),
    ("It was the deadliest siege, officials said.", 'says "deadliest"'),
    ("Tens of thousands of people may not have died in the siege.", "a negation its source sentence does not have"),
    ("Tens of thousands of people may have died because of the siege.", 'a cause or sequence ("because")'),
    ("Tens of thousands of people may have died in the siege yesterday.", 'time "yesterday"'),
])
def test_a_changed_meaning_is_flagged(sentence, flag):
    assert any(flag in f for f in meaning_flags(sentence, [SOURCE])), meaning_flags(sentence, [SOURCE])


@pytest.mark.parametrize("sentence", [
    "Officials said on Friday that tens of thousands of people may have died in the siege.",
    "Some 30,000 people may have died in the siege.",  # a figure of the same size as "tens of thousands"
    'Officials said "not one building" was spared in the siege.',  # a negation inside a quotation
])
def test_a_faithful_paraphrase_is_not_flagged(sentence):
    assert meaning_flags(sentence, [SOURCE]) == []


def test_reporting_a_quote_without_its_marks_adds_no_negation_or_time():
    source = '"Not a chance we find him last night," Owsley said.'
    assert meaning_flags("Not a chance we find him last night, Owsley said.", [source]) == []


def test_a_dropped_negation_is_flagged():
    assert meaning_flags("The council closed the bridge.", ["The council did not close the bridge."]) == [
        'drops the negation of its source ("not")']


def test_a_negation_kept_inside_the_quotation_marks_is_not_dropped():
    # The seeds: a State Department quote copied whole, "does not impede" inside its marks, was flagged.
    source = 'Blinken will “discuss how to protect civilians, does not impede aid,” the State Department said.'
    sentence = 'Blinken will "discuss how to protect civilians, does not impede aid," the State Department said.'
    assert meaning_flags(sentence, [source]) == []
