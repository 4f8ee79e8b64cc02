"""Dates in one place: publication dates read strictly, and dates in a sentence resolved against them."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.dates import dates_in_text, estimate_article_date, parse_article_date

TODAY = date(2024, 4, 1)
FRIDAY = date(2023, 11, 3)  # the article's date in most tests below: a Friday


@pytest.mark.parametrize(("given", "day"), [
    ("2024-03-22", date(2024, 3, 22)),
    ("2024-03-22T10:00:00Z", date(2024, 3, 22)),
    ("2024-03-21T23:30:00-05:00", date(2024, 3, 22)),  # 04:30 on the 22nd in UTC
    ("2024-03-22T01:00:00+09:00", date(2024, 3, 21)),
    ("2024-03-22 10:00", date(2024, 3, 22)),  # no zone: taken as UTC
])
def test_iso_dates_and_datetimes_give_their_utc_date(given: str, day: date) -> None:
    parsed = parse_article_date(given, TODAY)
    assert parsed.value == day and parsed.note == ""


@pytest.mark.parametrize(("given", "day"), [
    ("Fri, 22 Mar 2024 10:00:00 +0000", date(2024, 3, 22)),
    ("Fri, 22 Mar 2024 23:30:00 -0500", date(2024, 3, 23)),
    ("22 Mar 2024 10:00:00 GMT", date(2024, 3, 22)),
])
def test_rss_dates_are_read_as_their_utc_date(given: str, day: date) -> None:
    assert parse_article_date(given, TODAY).value == day


@pytest.mark.parametrize(("given", "day"), [
    ("March 21, 2024", date(2024, 3, 21)),
    ("21 March 2024", date(2024, 3, 21)),
    ("Mar 21 2024 10:00 EST", date(2024, 3, 21)),
    ("Mar 21 2024 23:00 EST", date(2024, 3, 22)),  # 04:00 UTC the next day
    ("21 mars 2024", date(2024, 3, 21)),
    ("22/03/2024", date(2024, 3, 22)),  # only one reading: there is no month 22
])
def test_written_dates_with_day_month_and_year_are_read(given: str, day: date) -> None:
    assert parse_article_date(given, TODAY).value == day


@pytest.mark.parametrize("given", [None, "", "   "])
def test_a_missing_date_says_none_was_given(given: str | None) -> None:
    assert parse_article_date(given, TODAY) == parse_article_date(None, TODAY)
    assert parse_article_date(given, TODAY).value is None
    assert parse_article_date(given, TODAY).note == "no date given"


def test_a_date_in_the_future_is_rejected_but_tomorrow_is_allowed_for_time_zones() -> None:
    assert parse_article_date("2031-01-01", TODAY).note == "date 2031-01-01 is in the future"
    assert parse_article_date("2031-01-01", TODAY).value is None
    assert parse_article_date("2024-04-02", TODAY).value == date(2024, 4, 2)
    assert parse_article_date("2024-04-03", TODAY).value is None
    assert parse_article_date("2031-01-01", today=None).value == date(2031, 1, 1)  # nothing to check against


@pytest.mark.parametrize(("given", "note"), [
    ("xyz", "unparseable date 'xyz'"),
    ("March 2024", "unparseable date 'March 2024'"),  # no day: not guessed
    ("March 21", "unparseable date 'March 21'"),  # no year: not guessed
    ("2024-02-30", "unparseable date '2024-02-30'"),
    ("yesterday", "unparseable date 'yesterday'"),  # relative to when it was scraped: unknown
    ("1711065600", "unparseable date '1711065600' (a lone number is not read as a date)"),
    ("03/04/2024", "ambiguous date '03/04/2024' (day and month could be either way round)"),
])
def test_unparseable_or_ambiguous_dates_are_rejected_and_named(given: str, note: str) -> None:
    assert parse_article_date(given, TODAY).value is None
    assert parse_article_date(given, TODAY).note == note


def written(sentence: str, base: date | None = FRIDAY) -> list[tuple[str, date | None]]:
    return [(found.text, found.value) for found in dates_in_text(sentence, base)]


def test_a_past_weekday_is_the_latest_such_day_on_or_before_the_article_date() -> None:
    assert written("Blinken arrived in Israel on Friday.") == [("Friday", date(2023, 11, 3))]
    assert written("He was in Jordan on Thursday and in Cairo Saturday.") == [
        ("Thursday", date(2023, 11, 2)), ("Saturday", date(2023, 10, 28))]
    assert dates_in_text("He arrived on Friday.", FRIDAY)[0].how == "on or before the article date"


@pytest.mark.parametrize("sentence", [
    "Blinken will meet Netanyahu on Friday.",
    "Blinken plans to visit Israel this Friday.",
    "The council is expected to vote on Friday.",
    "Netanyahu on Friday will meet him.",
])
def test_a_future_weekday_is_the_next_such_day_on_or_after_the_article_date(sentence: str) -> None:
    found, = dates_in_text(sentence, date(2023, 11, 1))  # a Wednesday
    assert (found.value, found.how) == (date(2023, 11, 3), "on or after the article date")


def test_future_tense_in_another_clause_does_not_move_a_past_date() -> None:
    assert written("People trapped when hostilities began on October 7 will be allowed to leave.") == [
        ("October 7", date(2023, 10, 7))]
    assert written("Blinken, who arrived on Friday, will meet Netanyahu on Saturday.") == [
        ("Friday", date(2023, 11, 3)), ("Saturday", date(2023, 11, 4))]


def test_last_and_next_weekdays_and_relative_days_count_from_the_article_date() -> None:
    assert written("Since last Tuesday soldiers advanced; next Monday talks resume.") == [
        ("last Tuesday", date(2023, 10, 31)), ("next Monday", date(2023, 11, 6))]
    assert written("He left yesterday, two days ago she spoke, and last week they met.") == [
        ("yesterday", date(2023, 11, 2)), ("two days ago", date(2023, 11, 1)), ("last week", date(2023, 10, 27))]


def test_a_weekday_with_its_day_of_the_month_is_that_day_of_the_month_before_the_article_date() -> None:
    assert written("Since last Tuesday, the 31st, soldiers advanced.") == [
        ("last Tuesday, the 31st", date(2023, 10, 31))]
    assert written("On Wednesday, the 1st, talks began.") == [("Wednesday, the 1st", date(2023, 11, 1))]
    assert written("Talks will resume on Monday, the 6th.") == [("Monday, the 6th", date(2023, 11, 6))]


def test_a_month_and_day_take_their_year_from_the_article_date() -> None:
    assert written("Hamas attacked on October 7.") == [("October 7", date(2023, 10, 7))]
    assert written("Hamas attacked on Oct. 7th.", date(2024, 3, 22)) == [("Oct. 7th", date(2023, 10, 7))]
    assert written("The vote is scheduled for December 1.") == [("December 1", date(2023, 12, 1))]


def test_dates_written_in_full_need_no_article_date() -> None:
    assert written("On March 21, 2024, Israelis prayed; on 5 May 2023 and 2024-01-05 too.", None) == [
        ("March 21, 2024", date(2024, 3, 21)), ("5 May 2023", date(2023, 5, 5)), ("2024-01-05", date(2024, 1, 5))]
    assert dates_in_text("On March 21, 2024, they met.", None)[0].how == "full date"


def test_without_an_article_date_relative_dates_keep_their_label_and_no_value() -> None:
    found = dates_in_text("He arrived on Friday after the October 7 attack, two days ago.", None)
    assert [(d.text, d.value, d.how) for d in found] == [
        ("Friday", None, "no article date"), ("October 7", None, "no article date"),
        ("two days ago", None, "no article date")]


def test_each_date_points_at_its_words_in_the_sentence() -> None:
    sentence = "Blinken arrived on Friday, March 22, after talks in Cairo."
    found, = dates_in_text(sentence, FRIDAY)
    assert sentence[slice(*found.span)] == found.text == "Friday, March 22"


@pytest.mark.parametrize("sentence", [
    "Officials may decide in the second round.",
    "Protesters march on the capital.",
    "Some 1,200 people were killed and 24 soldiers died.",
    "USA Today reported the figures.",
    "The 31st battalion moved north.",
])
def test_ordinary_words_and_numbers_are_not_dates(sentence: str) -> None:
    assert dates_in_text(sentence, FRIDAY) == []


def test_an_undated_article_is_dated_the_day_after_its_latest_full_date_when_it_names_that_weekday() -> None:
    text = ("On March 1, 2024, the dam was inspected. On March 21, 2024, it cracked. The minister visited on "
            "Friday. Crews arrived on Tuesday. Repairs will start on Monday.")
    estimate = estimate_article_date(text, today=date(2024, 4, 1))
    assert estimate.value == date(2024, 3, 22)  # Friday after Thursday March 21; Tuesday before; Monday future
    assert estimate.note == "estimated from the dates it writes: March 21, 2024 and Friday after it"


def test_this_weekday_may_be_any_day_of_the_full_dates_week() -> None:
    estimate = estimate_article_date("On March 19, 2024, the dam cracked. This Friday crews left.", date(2024, 4, 1))
    assert estimate.value == date(2024, 3, 22)  # Tuesday, then "this Friday" three days on


def test_a_weekday_just_before_the_full_date_does_not_move_the_estimate_a_week_on() -> None:
    # Multi-News cluster 205: a dateline of Wednesday, May 10, 2017, and a death "on Tuesday", the 9th.
    estimate = estimate_article_date("NEW YORK, May 10, 2017. The actor died on Tuesday morning.", date(2024, 1, 1))
    assert (estimate.value, estimate.note) == (date(2017, 5, 10), "estimated from the dates it writes: May 10, 2017")


def test_an_estimate_needs_a_full_date_not_after_today_or_a_weekday_written_with_its_date() -> None:
    assert estimate_article_date("The dam cracked on Friday and on October 7.", today=date(2024, 4, 1)).value is None
    assert estimate_article_date("Crews will return on June 2, 2031.", today=date(2024, 4, 1)).note == (
        "no date written in full, nor a weekday with its date, to estimate it from")


def test_an_estimate_without_a_weekday_after_it_is_the_full_date_itself() -> None:
    estimate = estimate_article_date("On March 19, 2024, the dam cracked.", today=None)
    assert (estimate.value, estimate.note) == (date(2024, 3, 19), "estimated from the dates it writes: March 19, 2024")


def test_a_weekday_written_with_its_month_and_day_dates_an_article_in_the_latest_year_it_fits() -> None:
    estimate = estimate_article_date("The dam cracked on Friday, October 7. Crews came on Saturday.", date(2024, 4, 1))
    assert estimate.value == date(2022, 10, 8)  # October 7 fell on a Friday in 2022 (and 2016), not 2023
    assert estimate.note == ("estimated from the dates it writes: Friday, October 7 (2022-10-07) and Saturday "
                             "after it")


def test_a_weekday_with_its_day_of_the_month_after_a_month_and_day_dates_an_article() -> None:
    text = ("Fighting has gone on since October 7. Since last Tuesday, the 31st, when the ground operation began, "
            "until this Friday, 24 soldiers have died. He will visit on Saturday.")
    estimate = estimate_article_date(text, today=date(2026, 12, 7))
    assert estimate.value == date(2023, 11, 3)  # the 31st after October 7 was a Tuesday in 2023; Saturday is ahead
    assert estimate.note == ("estimated from the dates it writes: October 7, last Tuesday, the 31st (2023-10-31) "
                             "and this Friday after it")
    # Read before that Tuesday, the latest Tuesday 31st after an October 7 is six years earlier.
    assert estimate_article_date(text, today=date(2023, 10, 30)).value == date(2017, 11, 3)


def test_a_weekday_with_its_day_of_the_month_pairs_with_the_month_and_day_written_before_it() -> None:
    text = ("Fighting has gone on since October 7. Since last Tuesday, the 31st, 24 soldiers have died. "
            "Talks were held on March 5.")  # March 5 comes after: it does not say which 31st
    assert estimate_article_date(text, today=date(2026, 12, 7)).value == date(2023, 10, 31)


@pytest.mark.parametrize("sentence", ["On Sunday, the 2 teams met.", "On Friday, the 12 jurors met."])
def test_a_weekday_before_a_bare_number_is_no_day_of_the_month(sentence: str) -> None:
    assert [found.text for found in dates_in_text(sentence, FRIDAY)] == [sentence.split(",")[0][3:]]


def test_a_day_of_the_month_that_is_not_on_its_weekday_gives_way_to_the_weekday() -> None:
    assert written("Since Monday, the 31st, soldiers advanced.") == [("Monday, the 31st", date(2023, 10, 30))]


def test_a_weekday_with_a_day_and_month_is_read_as_the_month_and_day() -> None:
    assert [found.text for found in dates_in_text("Since last Tuesday, the 31st of October, they advanced.",
                                                  FRIDAY)] == ["last Tuesday", "the 31st of October"]
