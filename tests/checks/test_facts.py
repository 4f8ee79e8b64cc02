"""Fact checks: numbers, dates, names and cited outlets in a summary sentence that no source has."""

import pytest

from summarizer.checks.attribution import attribute
from summarizer.checks.facts import entities, numbers
from summarizer.documents import Document

STORY = [
    Document(
        id="a",
        title="Harbour fire",
        source="https://example.org/harbour",
        text="Firefighters from Portmere fought the warehouse fire for nine hours on Tuesday. "
        "About 9,200 tonnes of grain were lost, the harbour authority said. "
        "Investigators say the fire may have started in an electrical cabinet.",
    ),
    Document(
        id="b",
        title="Grain lost",
        source="b.txt",
        text="Mayor Ellen Brask thanked the crews. The U.S. insurer Calder Mutual covers the warehouse.",
    ),
]


def flags(summary: str) -> tuple[str, ...]:
    [sentence] = attribute(summary, STORY)
    return sentence.flags


def test_figures_are_normalised():
    assert [value for _, value, _ in numbers("9,200 and 9200, 9.2 million, twelve, 7 percent")] == [
        9200.0,
        9200.0,
        9200000.0,
        12.0,
        7.0,
    ]


def test_names_skip_sentence_openers_but_keep_initialisms():
    assert [name for name, _ in entities("Officials said Ellen Brask met U.S. envoys.")] == [
        "Ellen Brask",
        "U.S.",
    ]


def test_copied_facts_raise_no_flag():
    assert flags("About 9,200 tonnes of grain were lost, the harbour authority said.") == ()
    assert flags("Mayor Brask thanked the crews from Portmere, and US insurer Calder Mutual will pay.") == ()


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "About 9,800 tonnes of grain were lost, the harbour authority said.",
            'number "9,800" appears in no source',
        ),
        (
            "Firefighters fought the warehouse fire for nine hours on Friday.",
            'date "Friday" appears in no source',
        ),
        ("Mayor Jane Roe thanked the crews.", 'name "Jane Roe" appears in no source'),
        (
            "According to Reuters, about 9,200 tonnes of grain were lost.",
            'attributes to "Reuters", which is not a source of this story',
        ),
        (
            "Investigators say the fire started in an electrical cabinet.",
            'stronger than its source, which says "may have started"',
        ),
    ],
)
def test_unsourced_facts_are_flagged(summary: str, expected: str):
    assert expected in flags(summary)


def test_a_sentence_keeping_the_hedge_over_its_claim_is_not_stronger():
    source = Document(id="s", title="Search", source="-", text=(
        "A tracking team indicated the teen may have walked west from the armory, and police said he may "
        "be in the woods."))
    assert not any("stronger" in f for s in attribute(
        "A tracking team indicated the teen may have walked west from the armory.", [source]) for f in s.flags)
    assert any("stronger" in f for s in attribute(
        "A tracking team indicated the teen walked west from the armory, and police said he may be in the "
        "woods.", [source]) for f in s.flags)


def test_a_figure_changed_from_its_source_sentence_is_flagged_even_when_sourced_elsewhere():
    # "nine" is elsewhere in the story; this sentence's source says 9,200.
    assert any(
        "9" in flag and "source sentence" in flag
        for flag in flags("About 9 tonnes of grain were lost, the harbour authority said.")
    )


def test_an_outlet_that_is_a_source_is_not_flagged():
    story = [
        *STORY,
        Document(id="c", title="Fire", text="The blaze was put out.", source="https://reuters.com/x"),
    ]
    [sentence] = attribute("Reuters reported that about 9,200 tonnes of grain were lost.", story)
    assert not any("attributes" in flag for flag in sentence.flags)
