"""Same words, another day: an article whose weekday falls in another week reports another event; and the days a
summary sentence names get the dates its reporters give them."""

from __future__ import annotations

from summarizer.checks.attribution import attribute
from summarizer.checks.when import ArticleDays
from summarizer.documents import Document

SENTENCE = "The minister arrived in Portmere on Friday to discuss the harbour."


def doc(id: str, text: str, date: str | None = None) -> Document:
    return Document(id=id, title=f"Title {id}", text=text, source=f"{id}.txt", date=date)


def reported_by(documents: list[Document], sentence: str = SENTENCE) -> tuple[str, ...]:
    (checked,) = attribute(sentence, documents)
    return checked.reported_by


def dated(documents: list[Document], sentence: str = SENTENCE) -> list[tuple[str, str, str, bool]]:
    (checked,) = attribute(sentence, documents)
    return [(day.text, day.date, day.document_id, day.estimated) for day in checked.dates]


def test_an_article_a_week_later_telling_the_same_words_reports_another_event() -> None:
    first = doc("first", "The minister arrived in Portmere on Friday to discuss the harbour.", "2023-11-03")
    later = doc("later", "The minister arrived in Portmere on Friday to discuss the harbour again.", "2024-03-22")
    assert reported_by([first, later]) == ("first",)


def test_articles_of_different_days_telling_the_same_friday_both_report_it() -> None:
    friday = doc("friday", "The minister arrived in Portmere on Friday to discuss the harbour.", "2023-11-03")
    monday = doc("monday", "The minister arrived in Portmere on Friday to talk about the harbour.", "2023-11-06")
    assert reported_by([friday, monday]) == ("friday", "monday")


def test_an_article_without_a_date_still_counts() -> None:
    dated = doc("dated", "The minister arrived in Portmere on Friday to discuss the harbour.", "2023-11-03")
    undated = doc("undated", "The minister arrived in Portmere on Friday to discuss the harbour at last.")
    assert reported_by([dated, undated]) == ("dated", "undated")


def test_a_date_estimated_from_the_text_tells_the_weeks_apart() -> None:
    dated = doc("dated", "The minister arrived in Portmere on Friday to discuss the harbour.", "2023-11-03")
    estimated = doc("estimated", "On March 21, 2024, crowds gathered. The minister arrived in Portmere on Friday "
                                 "to discuss the harbour.")
    assert reported_by([dated, estimated]) == ("dated",)


def test_a_sentence_without_a_weekday_is_reported_by_every_supporting_article() -> None:
    first = doc("first", "The minister arrived in Portmere on Friday to discuss the harbour.", "2023-11-03")
    later = doc("later", "The minister arrived in Portmere on Friday to discuss the harbour.", "2024-03-22")
    assert reported_by([first, later], "The minister arrived in Portmere to discuss the harbour.") == (
        "first", "later")


def test_the_best_supporting_article_sets_the_day() -> None:
    days = ArticleDays([doc("a", "x", "2024-03-22"), doc("b", "x", "2023-11-03")])
    supporting = [("a", "He arrived on Friday."), ("b", "He arrived on Friday.")]
    assert days.same_event("He arrived on Friday.", supporting) == ["a"]
    assert days.same_event("He arrived on Friday.", supporting[::-1]) == ["b"]


def test_when_the_best_source_is_undated_the_first_dated_one_sets_the_day() -> None:
    undated = doc("undated", "The minister arrived in Portmere on Friday to discuss the harbour.")
    first = doc("first", "The minister arrived in Portmere on Friday to discuss the harbour at last.", "2023-11-03")
    later = doc("later", "The minister arrived in Portmere on Friday to discuss the harbour once more.", "2024-03-22")
    assert reported_by([undated, first, later]) == ("undated", "first")


def test_a_day_the_sentence_names_gets_the_date_its_first_dated_reporter_gives_it() -> None:
    undated = doc("undated", "The minister arrived in Portmere on Friday to discuss the harbour.")
    estimated = doc("estimated", "On March 21, 2024, crowds gathered. The minister arrived in Portmere on Friday "
                                 "to discuss the harbour.")
    assert dated([undated, estimated]) == [("Friday", "2024-03-22", "estimated", True)]
    assert dated([undated]) == []  # no article date, so no date for its Friday


def test_a_month_and_day_match_however_the_article_writes_them() -> None:
    source = doc("a", "Crowds marked the Oct. 7th attack in Portmere.", "2024-03-22")
    assert dated([source], "Crowds marked the October 7 attack in Portmere.") == [
        ("October 7", "2023-10-07", "a", False)]


def test_a_sentence_naming_no_day_gets_its_report_date_only_in_a_story_told_over_weeks() -> None:
    sentence = "The minister discussed the harbour in Portmere."
    first = doc("first", "The minister discussed the harbour in Portmere.", "2023-11-03")
    week_later = doc("later", "Dredging began at the harbour.", "2023-11-08")
    months_later = doc("later", "Dredging began at the harbour.", "2024-03-22")
    assert dated([first, week_later], sentence) == []
    assert dated([first, months_later], sentence) == [("", "2023-11-03", "first", False)]
    estimated = doc("estimated", "On November 2, 2023, the minister discussed the harbour in Portmere.")
    dredging = doc("dredging", "Dredging was planned.", "2023-11-03")
    assert dated([estimated, dredging, months_later], sentence) == []  # an estimated date is no report date


def test_an_article_dating_another_day_of_the_sentence_does_not_clash() -> None:
    days = ArticleDays([doc("a", "x", "2023-11-03"), doc("b", "x", "2023-11-04")])
    sentence = "He arrived on Friday and spoke of October 7."
    supporting = [("a", "He arrived on Friday."), ("b", "He spoke of the October 7 attack.")]
    assert days.same_event(sentence, supporting) == ["a", "b"]  # b dates only October 7: nothing to compare


def test_a_span_such_as_last_week_is_no_day_to_tell_articles_apart() -> None:
    days = ArticleDays([doc("a", "x", "2023-11-03"), doc("b", "x", "2023-11-04")])
    supporting = [("a", "They met last week."), ("b", "They met last week.")]
    assert days.same_event("They met last week.", supporting) == ["a", "b"]
    assert days.dates("They met last week.", supporting) == ()


def test_a_day_is_dated_from_the_same_words_when_the_source_names_two() -> None:
    days = ArticleDays([doc("a", "x", "2023-11-03")])
    dated = days.dates("He spoke on Friday.", [("a", "He arrived last Friday and spoke on Friday.")])
    assert [(day.text, day.date) for day in dated] == [("Friday", "2023-11-03")]  # not last week's, the 27th


def test_a_given_date_is_the_reference_before_an_estimated_one() -> None:
    estimated = doc("estimated", "On March 21, 2024, crowds gathered. He arrived on Friday.")
    given = doc("given", "He arrived on Friday.", "2023-11-03")
    supporting = [("estimated", "He arrived on Friday."), ("given", "He arrived on Friday.")]
    assert ArticleDays([estimated, given]).same_event("He arrived on Friday.", supporting) == ["given"]
