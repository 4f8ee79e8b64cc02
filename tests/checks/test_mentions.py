"""Mentions: the figures and names a text states, found and normalised so that texts can be compared."""

import pytest

from summarizer.checks.mentions import ORDINARY, entities, in_order, normalise, numbers, wordset
from summarizer.text import STOP_WORDS


def values(text: str) -> list[float]:
    return [value for _, value, _ in numbers(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("9,200 people", [9200.0]),
    ("9200 people", [9200.0]),
    ("9.2 thousand people", [9200.0]),
    ("1.5 billion dollars", [1.5e9]),
    ("a dozen ships and twenty boats", [12.0, 20.0]),
    ("the 7th day", [7.0]),
    ("up 7% or 8 percent", [7.0, 8.0]),
])
def test_one_figure_written_several_ways_has_one_value(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", ["an F-16 jet", "COVID-19 cases", "version 3.5.1", "zero tolerance"])
def test_numbers_inside_names_and_zero_are_not_figures(text):
    assert values(text) == []


def test_figures_keep_how_they_were_written_and_where():
    text = "Rescuers found 12 people."
    assert numbers(text) == [("12", 12.0, text.index("12"))]


def test_names_are_found_with_their_offsets_and_possessives_dropped():
    text = "Rescuers said Jane Roe met Bank of England staff in New York's port."
    assert entities(text) == [(name, text.index(name)) for name in ("Jane Roe", "Bank of England", "New York")]


def test_a_capitalised_word_opening_a_sentence_is_not_a_name():
    assert entities("Officials met. Either way, Portmere waited.") == [("Portmere", 27)]


def test_initialisms_keep_their_periods_and_dates_are_not_names():
    assert [name for name, _ in entities("Crews from the U.S. arrived on Friday, said Ana Lima.")] == [
        "U.S.", "Ana Lima"]


def test_words_the_articles_write_in_lower_case_are_ordinary():
    text = "Harbour officials met. Harbour crews waited."
    assert entities(text, common={"harbour"}) == []


def test_normalise_makes_variants_of_a_name_or_figure_equal():
    assert normalise("U.S. officials’ 9,200 tonnes") == normalise("US officials 9200 tonnes")
    assert normalise("US officials 9200 tonnes") == "us officials 9200 tonnes"
    assert normalise("Blinken's visit") == "blinken visit"


def test_in_order_allows_gaps_but_not_reordering():
    assert in_order(["antony", "blinken"], ["antony", "j", "blinken"])
    assert not in_order(["blinken", "antony"], ["antony", "j", "blinken"])


def test_ordinary_words_include_the_shared_stop_words():
    assert STOP_WORDS <= ORDINARY and {"meanwhile", "officials"} <= ORDINARY
    assert wordset("a b  a") == frozenset({"a", "b"})
