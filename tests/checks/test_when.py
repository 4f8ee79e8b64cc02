"""Same words, another day: an article whose weekday falls in another week reports another event."""

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
