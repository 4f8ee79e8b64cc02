"""Consolidation: recent stories whose articles the whole-set chunker groups together end as one story (the
older id survives, the other resolves to it); unrelated stories stay apart; published ids are never split.

The assigner here never joins anything (threshold 1), so every merge seen is consolidation's.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from summarizer.documents import Document
from summarizer.index import StoryIndex
from summarizer.index.assign import Assigner, StoryState
from summarizer.index.consolidate import Consolidator, Member, merged_state
from summarizer.index.vectors import decode_centroid, encode_centroid
from summarizer.settings import SettingsError
from tests.index.fakes import article

TODAY = date(2024, 3, 25)
NEVER_JOINS = {"threshold": 1.0, "merge_threshold": 1.0, "window_days": 30.0}
BRIDGE_1 = ("Harbor bridge shut after cracks found",
            "The harbor bridge shut on Tuesday after engineers found cracks in the steel deck of the harbor bridge. "
            "Ferries will carry commuters while engineers inspect the cracks.")
BRIDGE_2 = ("Cracks keep harbor bridge shut",
            "Engineers said cracks in the deck keep the harbor bridge shut; commuters take ferries across the "
            "harbor until the bridge deck is repaired.")
BAKERY = ("Sourdough bakery opens on Main Street",
          "A sourdough bakery opened on Main Street, selling rye loaves and pastries baked before dawn by two "
          "sisters who trained in Lyon.")


def _add(index: StoryIndex, doc_id: str, story: tuple[str, str], day: str, consolidator: Consolidator | None):
    title, text = story
    return index.add([article(doc_id, title, date=day, text=text)], Assigner(**NEVER_JOINS), today=TODAY,
                     consolidator=consolidator)


def test_two_stories_the_chunker_groups_end_as_one_with_the_older_id(target):
    every_time = Consolidator(min_articles=2)
    with StoryIndex.open(target) as index:
        _add(index, "b1", BRIDGE_1, "2024-03-20", every_time)
        first = _add(index, "k1", BAKERY, "2024-03-20", every_time)
        assert first.merges == ()  # a bridge and a bakery: apart
        second = _add(index, "b2", BRIDGE_2, "2024-03-21", every_time)
        assert second.merges == (("s-000001", "s-000003"),)
        assert second.opened == ()  # the story it opened is absorbed in the same add
        assert "s-000001" in second.changed and "s-000003" not in second.changed
        assert index.resolve("s-000003") == "s-000001"
        assert [d.id for d in index.story_documents("s-000003")] == ["b1", "b2"]
        assert [row.id for row in index.stories()] == ["s-000001", "s-000002"]
        bridge = next(row for row in index.stories() if row.id == "s-000001")
        assert (bridge.size, bridge.first_seen, bridge.last_seen) == (2, datetime(2024, 3, 20), datetime(2024, 3, 21))
        assert index.resolve("s-000002") == "s-000002"  # the bakery is not merged
        assert [d.id for d in index.story_documents("s-000002")] == ["k1"]


def test_without_consolidation_the_same_articles_stay_in_three_stories(target):
    with StoryIndex.open(target) as index:
        for doc_id, story, day in (("b1", BRIDGE_1, "2024-03-20"), ("k1", BAKERY, "2024-03-20"),
                                   ("b2", BRIDGE_2, "2024-03-21")):
            _add(index, doc_id, story, day, None)
        assert len(index.stories()) == 3


def test_no_pass_runs_below_min_articles(target):
    with StoryIndex.open(target) as index:
        for doc_id, story, day in (("b1", BRIDGE_1, "2024-03-20"), ("b2", BRIDGE_2, "2024-03-21")):
            report = _add(index, doc_id, story, day, Consolidator(min_articles=3))
        assert report.merges == () and len(index.stories()) == 2


def test_stories_outside_the_window_are_not_candidates(target):
    with StoryIndex.open(target) as index:
        _add(index, "b1", BRIDGE_1, "2024-01-02", Consolidator(min_articles=2))
        report = _add(index, "b2", BRIDGE_2, "2024-03-21", Consolidator(min_articles=2))  # 79 days later
        assert report.merges == () and len(index.stories()) == 2


def _member(story_id: str, day: int, story: tuple[str, str]) -> Member:
    return Member(story_id, datetime(2024, 3, day), Document(f"{story_id}-{day}", story[0], story[1], "x"))


def test_merges_name_the_oldest_story_as_survivor_and_skip_unrelated_ones():
    members = [_member("s-9", 21, BRIDGE_2), _member("s-7", 22, BAKERY), _member("s-8", 20, BRIDGE_1)]
    assert Consolidator(min_articles=2).merges(members) == [("s-8", "s-9")]
    assert Consolidator(min_articles=2, max_articles=2).merges(members) == []  # s-8 is beyond the cap


def test_merged_state_sums_centroids_and_joins_spans():
    one = StoryState("s-1", encode_centroid(np.array([1, 2]), np.array([0.5, 0.5]), 8), 1,
                     datetime(2024, 3, 20), datetime(2024, 3, 20))
    two = StoryState("s-2", encode_centroid(np.array([2, 3]), np.array([0.25, 1.0]), 8), 2,
                     datetime(2024, 3, 18), datetime(2024, 3, 22))
    merged = merged_state(one, two, max_terms=2)
    assert (merged.id, merged.size, merged.first_seen, merged.last_seen) == (
        "s-1", 3, datetime(2024, 3, 18), datetime(2024, 3, 22))
    assert [part.tolist() for part in decode_centroid(merged.centroid)] == [[2, 3], [0.75, 1.0]]


@pytest.mark.parametrize("options", [{"max_articles": 1}, {"min_articles": 0}, {"min_share": 0}, {"min_share": 1.5},
                                     {"max_articles": 100}])  # under the default min_articles: no pass would run
def test_settings_out_of_range_are_refused(options):
    with pytest.raises(SettingsError):
        Consolidator(**options)
