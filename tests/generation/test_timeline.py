"""A story's dated timeline: events with their dates, merged across articles, ordered, capped, never silent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from summarizer.documents import Document, load_documents
from summarizer.generation.timeline import story_timeline, with_timeline
from summarizer.results import StorySummary
from tests.conftest import SEEDS, skip_or_fail

TODAY = date(2024, 4, 1)


def doc(id: str, text: str, date: str | None = None) -> Document:
    return Document(id=id, title=f"Title {id}", text=text, source=f"{id}.txt", date=date)


def shown(documents: list[Document], **kwargs) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(date, label, articles, dated by) of each event, in timeline order."""
    return [(e.date, e.label, e.document_ids, e.dated_by)
            for e in story_timeline(documents, today=TODAY, **kwargs).events]


def test_the_same_event_from_two_articles_is_one_event_with_both_as_sources() -> None:
    a = doc("a", "The minister arrived in Portmere on Friday for talks on the harbour.", "2024-03-22")
    b = doc("b", "Officials said the minister arrived in Portmere on Friday to discuss the harbour.", "2024-03-22")
    event, = story_timeline([a, b], today=TODAY).events
    assert (event.date, event.label, event.document_ids) == ("2024-03-22", "Friday", ("a", "b"))
    assert event.text == a.text


def test_different_events_on_one_day_stay_apart() -> None:
    a = doc("a", "The minister arrived in Portmere on Friday for talks on the harbour.", "2024-03-22")
    b = doc("b", "The council voted on Friday to close the old bridge over the river.", "2024-03-22")
    assert [e.document_ids for e in story_timeline([a, b], today=TODAY).events] == [("a",), ("b",)]


def test_events_are_ordered_by_date_across_articles() -> None:
    late = doc("late", "The minister flew to Portmere on Friday. The port closed on Tuesday.", "2024-03-22")
    early = doc("early", "Storms hit the coast on March 1, 2024, flooding the harbour.", "2024-03-02")
    assert [(d, label) for d, label, _, _ in shown([late, early])] == [
        ("2024-03-01", "March 1, 2024"), ("2024-03-19", "Tuesday"), ("2024-03-22", "Friday")]


def test_a_lead_without_a_date_is_dated_by_its_article() -> None:
    a = doc("a", "The harbour reopened after repairs. Crews had closed it on Monday.", "2024-03-22")
    assert shown([a]) == [("2024-03-18", "Monday", ("a",), "text"), ("2024-03-22", "", ("a",), "article date")]


def test_a_lead_is_left_out_when_another_sentence_tells_of_the_article_day() -> None:
    a = doc("a", "The harbour reopened after repairs. Crews finished the work on Friday.", "2024-03-22")
    assert shown([a]) == [("2024-03-22", "Friday", ("a",), "text")]


def test_without_dates_written_dates_are_ordered_and_the_rest_follow_by_article_position() -> None:
    first = doc("first", "The minister arrived in Portmere on Friday. Storms had hit on Tuesday.")
    second = doc("second", "Rain fell all week. The harbour flooded on October 7.")
    third = doc("third", "The harbour flooded on March 1, 2024.")
    assert shown([first, second, third]) == [
        ("2024-03-01", "March 1, 2024", ("third",), "text"),
        ("", "Friday", ("first",), "position"),
        ("", "Tuesday", ("first",), "position"),
        ("", "", ("second",), "position"),  # the second article's lead
        ("", "October 7", ("second",), "position"),
    ]


def test_an_undated_article_is_dated_from_the_full_date_and_past_weekdays_it_writes() -> None:
    a = doc("a", "On March 21, 2024, crowds gathered in Portmere. The minister arrived in Portmere on Friday. "
                 "Talks will resume on Monday. The storm had struck on October 7.")
    timeline = story_timeline([a], today=TODAY)
    assert [(e.date, e.label, e.dated_by) for e in timeline.events] == [
        ("2023-10-07", "October 7", "estimate"),  # the last October 7 before the estimated date
        ("2024-03-21", "March 21, 2024", "text"),
        ("2024-03-22", "Friday", "estimate"),  # the Friday after March 21: the article's estimated date
        ("2024-03-25", "Monday", "estimate"),  # future tense: on or after it, and it does not move the estimate
    ]
    assert timeline.notes == ("a: no date given; taken as 2024-03-22, estimated from the dates it writes: "
                              "March 21, 2024 and Friday after it",)


def test_undated_fridays_of_two_articles_are_not_merged() -> None:
    a = doc("a", "The minister arrived in Portmere on Friday for talks.")
    b = doc("b", "The minister arrived in Portmere on Friday for more talks.")
    assert [e.document_ids for e in story_timeline([a, b], today=TODAY).events] == [("a",), ("b",)]


def test_the_cap_keeps_events_most_articles_report_and_counts_those_left_out() -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    a = doc("a", " ".join(f"Crew {n} {word} the harbour on {day}." for n, (word, day) in
                          enumerate(zip(["dredged", "painted", "closed", "opened"], days, strict=True))), "2024-03-22")
    b = doc("b", "Crew 2 closed the harbour on Wednesday.", "2024-03-22")
    timeline = story_timeline([a, b], today=TODAY, limit=2)
    assert timeline.left_out == 2
    assert [(e.label, e.document_ids) for e in timeline.events] == [("Monday", ("a",)), ("Wednesday", ("a", "b"))]


def test_the_cap_prefers_events_spread_over_time() -> None:
    text = ("Divers searched the wreck on March 2, 2024. Divers searched the reef on March 3, 2024. "
            "Divers searched the cove on March 20, 2024.")
    timeline = story_timeline([doc("a", text)], today=TODAY, limit=2)
    assert [e.date for e in timeline.events] == ["2024-03-02", "2024-03-20"] and timeline.left_out == 1


@pytest.mark.parametrize(("given", "note"), [
    ("2031-01-01", "date 2031-01-01 is in the future"),
    ("soon", "unparseable date 'soon'"),
])
def test_an_unusable_article_date_is_noted_and_its_events_placed_by_position(given: str, note: str) -> None:
    timeline = story_timeline([doc("a", "The minister arrived in Portmere on Friday.", given)], today=TODAY)
    assert [(e.date, e.label, e.dated_by) for e in timeline.events] == [("", "Friday", "position")]
    assert timeline.notes == (f"a: {note}, so the timeline places its events by the article's position",)


def test_an_article_without_a_date_is_placed_by_position_without_a_note() -> None:
    timeline = story_timeline([doc("a", "The minister arrived in Portmere.")], today=TODAY)
    assert [(e.date, e.dated_by) for e in timeline.events] == [("", "position")] and timeline.notes == ()


def test_a_long_sentence_is_cut_to_the_clause_of_its_date() -> None:
    text = ("The minister plans to visit the island this Friday for the second time in a month to press the "
            "government to agree to a pause so that the families who were trapped in the harbour when the storm "
            "began on October 7 can leave by boat.")
    events = story_timeline([doc("a", text, "2023-11-03")], today=TODAY).events
    assert [(e.date, e.text) for e in events] == [
        ("2023-10-07", "the storm began on October 7"),
        ("2023-11-03", "The minister plans to visit the island this Friday for the second time in a month to press "
                       "the government to agree to a pause …")]


def test_with_timeline_fills_the_story_and_adds_date_notes() -> None:
    documents = (doc("a", "The minister arrived in Portmere on Friday.", "2031-01-01"),)
    story = StorySummary("story-1", "minister", documents, (), "The minister arrived.", "single", notes=("a note",))
    dated = with_timeline(story, today=TODAY)
    assert dated.timeline == story_timeline(documents, today=TODAY).events and dated.timeline_left_out == 0
    assert dated.notes[0] == "a note" and "2031-01-01 is in the future" in dated.notes[1]


SEED_DATES = {"article_1": "2024-02-06", "article_2": "2023-11-03", "article_3": "2023-11-03",
              "article_4": "2024-03-22", "article_5": "2023-11-03"}


def seed_documents() -> list[Document]:
    files = sorted(SEEDS.glob("article_*.txt"))
    if not files:
        skip_or_fail(f"seed articles not found in {SEEDS}")
    return list(load_documents(files).documents)


@pytest.mark.slow
def test_seed_timeline_orders_the_three_visits_with_their_dates() -> None:
    documents = [replace(d, date=SEED_DATES[d.id]) for d in seed_documents()]
    events = story_timeline(documents, today=TODAY).events
    assert [e.date for e in events] == sorted(e.date for e in events)
    visits = [e for e in events if "Israel" in e.text and any(w in e.text for w in ("visit", "travel", "meetings"))]
    assert [(e.date, e.label) for e in visits] == [
        ("2023-11-03", "this Friday"), ("2024-02-07", "Wednesday"), ("2024-03-22", "Friday")]
    assert set(visits[0].document_ids) == {"article_2", "article_3", "article_5"}  # one visit, three outlets


@pytest.mark.slow
def test_seed_timeline_without_dates_lists_the_written_dates() -> None:
    events = story_timeline(seed_documents(), today=TODAY, limit=100).events
    dated = [e for e in events if e.date]
    # Article 4 writes a full date; article 2 "October 7" and "last Tuesday, the 31st" (so 2023-10-31).
    assert {e.document_ids for e in dated} == {("article_2",), ("article_4",)}
    assert ("2023-11-03", "this Friday") in {(e.date, e.label) for e in dated}  # the visit article 2 announces
    assert {(e.date, e.label) for e in dated if e.label in ("October 7", "March 21, 2024")} == {
        ("2023-10-07", "October 7"), ("2024-03-21", "March 21, 2024")}
    assert ("2024-03-22", "Friday") in {(e.date, e.label) for e in dated}  # the visit article 4 reports
    assert {"October 7", "Oct. 7", "Friday", "Wednesday"} <= {e.label for e in events}
    assert all(e.dated_by == "position" for e in events[len(dated):])
