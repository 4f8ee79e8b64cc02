"""StoryIndex: what it keeps of each add, on SQLite and (when configured) PostgreSQL.

The assigner is tests/index/fakes.FirstWordAssigner (stories by the first word of the title), so these tests
check the store, not the grouping algorithm.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from summarizer.errors import StoryIndexError
from summarizer.index import (
    ADDED,
    ALREADY_INDEXED,
    EXACT_DUPLICATE,
    NEAR_DUPLICATE,
    OPENED,
    StoryIndex,
)
from tests.index.fakes import FirstWordAssigner, article

TODAY = date(2024, 3, 25)
ROOT = Path(__file__).resolve().parents[2]


def add(index: StoryIndex, documents, assigner=None, **options):
    return index.add(documents, assigner or FirstWordAssigner(), today=TODAY, **options)


def test_articles_join_stories_whose_ids_stay_the_same_across_runs(target):
    with StoryIndex.open(target) as index:
        first = add(index, [article("d1", "River rises"), article("d2", "Election called")])
        assert [(o.status, o.story_id) for o in first.articles] == [(OPENED, "s-000001"), (OPENED, "s-000002")]
    with StoryIndex.open(target) as index:  # a second run, a new connection
        second = add(index, [article("d3", "River floods town", date="2024-03-21")])
        assert [(o.status, o.story_id) for o in second.articles] == [(ADDED, "s-000001")]
        assert second.changed == ("s-000001",) and second.opened == ()
        rows = {row.id: row for row in index.stories()}
        assert rows["s-000001"].size == 2 and rows["s-000001"].headline == "River rises"
        assert rows["s-000001"].last_seen == datetime(2024, 3, 21)
        assert [d.id for d in index.story_documents("s-000001")] == ["d1", "d3"]


def test_rerunning_the_same_input_changes_nothing(target):
    documents = [article("d1", "River rises"), article("d2", "River floods"), article("d3", "Vote", date=None)]
    with StoryIndex.open(target) as index:
        add(index, documents)
        before = index.dump()
        assigner = FirstWordAssigner()
        again = index.add(documents, assigner, today=date(2024, 4, 30))  # another day: still nothing changes
        assert index.dump() == before
    assert {o.status for o in again.articles} == {ALREADY_INDEXED}
    assert assigner.calls == [] and again.changed == ()


def test_exact_and_near_copies_are_counted_once(target):
    original = article("wire", "River rises")
    exact = article("copy", "River rises again", text=original.text.upper(), source="elsewhere.txt")
    near = article("near", "River rises", text="LONDON (Reuters) - " + original.text
                   + " Reporting by Ann Lee; editing by Bo Chan.")
    with StoryIndex.open(target) as index:
        report = add(index, [original, exact, near])
        later = add(index, [article("near-2", "Nothing alike", text=original.text + " (AP)")])
        assert [(o.status, o.original) for o in report.articles] == [
            (OPENED, None), (EXACT_DUPLICATE, report.articles[0].article_id),
            (NEAR_DUPLICATE, report.articles[0].article_id)]
        # A copy found in a later run (through the bands table) joins its original's story, whatever its title.
        assert later.articles[0].status == NEAR_DUPLICATE and later.articles[0].story_id == "s-000001"
        assert later.changed == ()
        (row,) = index.stories()
        assert row.size == 1
        assert [d.id for d in index.story_documents(row.id)] == ["wire"]
        assert len(index.dump()["articles"]) == 3  # the exact copy is not stored again


def test_a_merge_moves_members_and_leaves_an_alias_that_resolves(target):
    with StoryIndex.open(target) as index:
        add(index, [article("d1", "River rises"), article("d2", "Flood warning")])
        index.record_summary("s-000002", article_ids=[index.story_articles("s-000002")[0].id], model="m",
                             settings={}, result={"headline": "Flood warning issued"}, new_article_ids=[])
        report = add(index, [article("d3", "River bursts banks", date="2024-03-21")],
                     FirstWordAssigner(same={"flood": "river"}))
        assert report.merges == (("s-000001", "s-000002"),)
        assert report.changed == ("s-000001",)
        assert index.resolve("s-000002") == "s-000001"
        assert [row.id for row in index.stories()] == ["s-000001"]
        assert [d.id for d in index.story_documents("s-000002")] == ["d1", "d2", "d3"]
        assert index.stale_stories() == ["s-000001"]
        # The absorbed story's summary stays reachable from the survivor, saying which story it was made for.
        assert [(s.story_id, s.version) for s in index.summary_versions("s-000002")] == [("s-000002", 1)]
        assert index.latest_summary("s-000001") is None
        opened = add(index, [article("d4", "Storm nears", date="2024-03-21")])
        assert opened.opened == ("s-000003",)  # s-000002 is never handed out again


def test_an_alias_follows_a_story_merged_again(target):
    with StoryIndex.open(target) as index:
        add(index, [article("d1", "River rises"), article("d2", "Flood warning"),
                    article("d3", "Rain falls", date="2024-03-19")])
        add(index, [article("d4", "River again")], FirstWordAssigner(same={"flood": "river"}))
        add(index, [article("d5", "River still")], FirstWordAssigner(same={"river": "rain", "flood": "rain"}))
        assert index.resolve("s-000002") == index.resolve("s-000001") == "s-000003"


def test_unknown_story_ids_are_named_in_the_error(target):
    with StoryIndex.open(target) as index, pytest.raises(StoryIndexError, match="no story 's-000042'"):
        index.resolve("s-000042")


def test_an_exception_midway_leaves_the_index_as_it_was(target):
    class Failing(FirstWordAssigner):
        def assign(self, incoming, recent, state):
            raise RuntimeError("assigner broke")

    with StoryIndex.open(target) as index:
        add(index, [article("d1", "River rises")])
        before = index.dump()
        with pytest.raises(RuntimeError, match="assigner broke"):
            add(index, [article("d2", "River floods"), article("d3", "Vote")], Failing())
        assert index.dump() == before
        assert add(index, [article("d2", "River floods")]).changed == ("s-000001",)  # not left locked


def test_a_contract_breaking_assignment_is_refused_before_anything_is_kept(target):
    class Wrong(FirstWordAssigner):
        def assign(self, incoming, recent, state):
            result = super().assign(incoming, recent, state)
            return type(result)({key: "s-999999" for key in result.story_of}, result.stories, (), b"")

    with StoryIndex.open(target) as index:
        add(index, [article("d1", "River rises")])
        before = index.dump()
        with pytest.raises(ValueError, match="s-999999"):
            add(index, [article("d2", "River floods")], Wrong())
        assert index.dump() == before


def test_a_second_writer_is_told_the_index_is_in_use(target):
    with StoryIndex.open(target) as first, StoryIndex.open(target, busy_timeout=0.05) as second:
        refused = []

        class Meddling(FirstWordAssigner):
            def assign(self, incoming, recent, state):  # runs while `first` holds the write lock
                with pytest.raises(StoryIndexError, match="in use by another process") as caught:
                    add(second, [article("d9", "Other news")])
                refused.append(caught.value)
                return super().assign(incoming, recent, state)

        add(first, [article("d1", "River rises")], Meddling())
        assert refused and [row.id for row in second.stories()] == ["s-000001"]
        assert add(second, [article("d9", "Other news")]).opened == ("s-000002",)


_KILLED_RUN = """
import os, sys
from datetime import date
from summarizer.index import StoryIndex
from summarizer.index.database import Database
from tests.index.fakes import FirstWordAssigner, article

query = Database.query
def query_then_die(self, sql, params=()):
    if sql.startswith("DELETE FROM stories"):  # midway: articles, members and stories written, merge half done
        os._exit(9)
    return query(self, sql, params)

Database.query = query_then_die
with StoryIndex.open(sys.argv[1]) as index:
    index.add([article("d3", "River bursts banks", date="2024-03-21")], FirstWordAssigner(same={"flood": "river"}),
              today=date(2024, 3, 25))
"""


def test_a_killed_add_rerun_gives_the_index_of_an_uninterrupted_run(new_target):
    first = [article("d1", "River rises"), article("d2", "Flood warning")]
    second = [article("d3", "River bursts banks", date="2024-03-21")]
    merging = FirstWordAssigner(same={"flood": "river"})
    killed, whole = new_target(), new_target()
    with StoryIndex.open(killed) as index:
        add(index, first)
        before = index.dump()
    run = subprocess.run([sys.executable, "-c", _KILLED_RUN, str(killed)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 9, run.stderr
    with StoryIndex.open(killed) as index:
        assert index.dump() == before
        add(index, second, merging)
        rerun = index.dump()
    with StoryIndex.open(whole) as index:
        add(index, first)
        add(index, second, merging)
        assert index.dump() == rerun


def test_undated_unparseable_and_future_dates_are_placed_and_said(target):
    with StoryIndex.open(target) as index:
        first = add(index, [article("lone", "Lone piece", date=None)])
        report = add(index, [article("d1", "River rises", date="2024-03-10"), article("d2", "River", date=None),
                             article("d3", "River", date="2031-01-01"), article("d4", "River", date="someday")])
        later = add(index, [article("d5", "River again", date=None)])
        dates = [(o.doc_id, o.day, o.date_note) for o in report.articles]
        stored = {a.document.id: a for a in index.story_articles("s-000002")}
    assert first.articles[0].day == TODAY and first.articles[0].date_note.endswith("placed at 2024-03-25, today")
    assert dates[0] == ("d1", date(2024, 3, 10), None)
    assert dates[1] == ("d2", date(2024, 3, 10), "no date given: placed at 2024-03-10, the date of the article "
                                                 "before it (d1)")
    assert dates[2][1:] == (date(2024, 3, 10), "date 2031-01-01 is in the future: placed at 2024-03-10, the date "
                                               "of the article before it (d2)")
    assert dates[3][2].startswith("unparseable date 'someday': placed at 2024-03-10")
    assert later.articles[0].date_note == "no date given: placed at 2024-03-25, the newest date in the index"
    assert report.placed == report.articles[1:] and "no date given" in report.lines()[1]
    # The index keeps where it placed them and why, and never presents a placed date as the article's own.
    assert stored["d2"].day == date(2024, 3, 10) and stored["d2"].document.date is None
    assert stored["d1"].document.date == "2024-03-10" and stored["d1"].date_note is None


def test_only_recent_stories_are_handed_to_the_assigner(target):
    assigner = FirstWordAssigner(window_days=7)
    with StoryIndex.open(target) as index:
        add(index, [article("old", "Harvest begins", date="2024-02-01"), article("new", "River", date="2024-03-18")])
        add(index, [article("d3", "Harvest ends", date="2024-03-22")], assigner)
    assert assigner.calls == [(assigner.calls[0][0], ("s-000002",))]


def test_summaries_are_versioned_and_a_story_is_stale_until_one_covers_it(target):
    with StoryIndex.open(target) as index:
        add(index, [article("d1", "River rises")])
        assert index.stale_stories() == ["s-000001"]
        ids = [a.id for a in index.story_articles("s-000001")]
        first = index.record_summary("s-000001", article_ids=ids, model="m", settings={"length": "short"},
                                     result={"stories": [{"headline": "Town braces for river"}]},
                                     new_article_ids=ids)
        assert (first, index.stale_stories(), index.stories()[0].headline) == (1, [], "Town braces for river")
        add(index, [article("d2", "River floods", date="2024-03-21")])
        assert index.stale_stories() == ["s-000001"]
        older = index.record_summary("s-000001", article_ids=ids, model="m", settings={}, result={},
                                     new_article_ids=[])
        assert older == 2 and index.stale_stories() == ["s-000001"]  # it did not cover d2
        everything = [a.id for a in index.story_articles("s-000001")]
        index.record_summary("s-000001", article_ids=everything, model="m", settings={}, result={"x": 1},
                             new_article_ids=everything[1:])
        latest = index.latest_summary("s-000001")
        assert index.stale_stories() == []
        assert (latest.version, latest.result, latest.new_article_ids) == (3, {"x": 1}, tuple(everything[1:]))
        assert [s.version for s in index.summary_versions("s-000001")] == [1, 2, 3]
        assert index.stories()[0].summarized and index.stories()[0].headline == "Town braces for river"


def test_stories_are_listed_newest_first_and_since_a_day(target):
    with StoryIndex.open(target) as index:
        add(index, [article("d1", "Harvest", date="2024-03-01"), article("d2", "River", date="2024-03-20")])
        assert [row.id for row in index.stories()] == ["s-000002", "s-000001"]
        assert [row.id for row in index.stories(since=date(2024, 3, 20))] == ["s-000002"]


def test_a_stored_article_is_rebuilt_with_its_cleaning_record(target):
    given = article("d1", "River rises")
    given = type(given)(**{**given.__dict__, "removed": ("web leftover: \"Next Story\"",), "read_as": "cp1252"})
    with StoryIndex.open(target) as index:
        add(index, [given, article("d1", "River again", source="other.txt", text=article("x", "-").text)])
        documents = index.story_documents("s-000001")
    assert documents[0] == given
    assert [d.id for d in documents] == ["d1", "d1-2"]  # ids stay unique within a story
