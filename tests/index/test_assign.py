"""Online assignment: articles join recent stories across calls, open new ones, respect the time decay, merge
converging stories into the one first seen, and do the same thing every time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from summarizer.documents import Document, document_from_text
from summarizer.errors import InputError, StoryIndexError
from summarizer.index.assign import Assigner, Assignment, Incoming, StoryState
from summarizer.index.hashing import FEATURES
from summarizer.index.vectors import Frequencies, decode_centroid, encode_centroid
from summarizer.settings import SettingsError

DAY = datetime(2024, 3, 20, 9, 0)

# Invented articles. Two on a bridge closure, one on a bakery, one on a tram line; "flood" and "levee" are
# two halves of one story that a third article ("both") ties together.
TEXTS = {
    "bridge-1": ("Harbor bridge shut after cracks found",
                 "Engineers found cracks in the steel deck of the harbor bridge on Monday and the city shut it "
                 "to traffic. Ferries will carry commuters across the harbor while inspectors check the girders."),
    "bridge-2": ("Harbor bridge stays shut as inspectors study cracks",
                 "The harbor bridge will stay shut for weeks, inspectors said, after cracks spread along the "
                 "steel deck and two girders. Extra ferries run across the harbor for commuters."),
    "bakery": ("Sourdough bakery opens on Mill Street",
               "A family sourdough bakery opened on Mill Street, selling rye loaves, croissants and cinnamon "
               "buns from a wood oven. Queues formed before dawn on the first morning."),
    "tram": ("Airport tram line opens",
             "Trams began running on the airport line, cutting the trip from the central station to the "
             "terminals to twenty minutes. Trams run every eight minutes at peak times."),
    "flood": ("River floods lower town",
              "The river burst its banks and flooded the lower town overnight. Families left flooded homes by "
              "boat and shelters opened in the school."),
    "levee": ("Levee repairs ordered",
              "Engineers ordered urgent levee repairs after sandbags failed along the east levee. Crews "
              "poured gravel into the breach in the levee wall."),
    "both": ("Levee breach floods lower town",
             "A breach in the east levee let the river flood the lower town. Families left flooded homes by "
             "boat while crews poured gravel and sandbags into the levee breach."),
}


def incoming(key: str, when: datetime = DAY) -> Incoming:
    title, text = TEXTS[key]
    return Incoming(key, Document(id=key, title=title, text=text, source=f"{key}.txt"), when)


def opened(assigner: Assigner, keys: list[str], story_id: str, when: datetime = DAY,
           state: bytes = b"") -> tuple[StoryState, bytes]:
    """A story of ``keys`` as the store would hold it after one call (fresh id given), and the state."""
    result = assigner.assign([incoming(key, when) for key in keys], [], state)
    assert len(result.stories) == 1, result.story_of
    return replace(result.stories[0], id=story_id), result.state


def test_a_related_article_joins_the_story_of_an_earlier_call():
    assigner = Assigner()
    story, state = opened(assigner, ["bridge-1"], "s-000001")
    result = assigner.assign([incoming("bridge-2", DAY + timedelta(hours=5))], [story], state)
    assert result.story_of == {"bridge-2": "s-000001"}
    (changed,) = result.stories
    assert (changed.id, changed.size, changed.first_seen, changed.last_seen) == (
        "s-000001", 2, DAY, DAY + timedelta(hours=5))
    assert result.merges == ()


def test_an_unrelated_article_opens_a_new_story():
    assigner = Assigner()
    story, state = opened(assigner, ["bridge-1", "bridge-2"], "s-000001")
    result = assigner.assign([incoming("bakery"), incoming("tram")], [story], state)
    assert result.story_of == {"bakery": "new-1", "tram": "new-2"}
    assert [(s.id, s.size) for s in result.stories] == [("new-1", 1), ("new-2", 1)]


def test_articles_of_one_call_group_among_themselves():
    result = Assigner().assign([incoming(key) for key in ("bridge-1", "bakery", "bridge-2")], [], b"")
    assert result.story_of == {"bridge-1": "new-1", "bakery": "new-2", "bridge-2": "new-1"}


def test_a_story_quiet_for_a_month_does_not_take_an_article_it_takes_when_recent():
    # A window of a year keeps the old story a candidate, so only the decay can turn the article away.
    assigner = Assigner(window_days=365)
    story, state = opened(assigner, ["bridge-1"], "s-000001")
    soon = assigner.assign([incoming("bridge-2", DAY + timedelta(days=1))], [story], state)
    late = assigner.assign([incoming("bridge-2", DAY + timedelta(days=30))], [story], state)
    assert soon.story_of == {"bridge-2": "s-000001"}
    assert late.story_of == {"bridge-2": "new-1"}


def test_stories_beyond_the_window_are_not_candidates():
    assigner = Assigner()
    story, state = opened(assigner, ["bridge-1"], "s-000001")
    later = DAY + timedelta(days=assigner.window_days + 1)
    assert assigner.assign([incoming("bridge-2", later)], [story], state).story_of == {"bridge-2": "new-1"}


def test_the_default_window_loses_no_story_the_decay_would_let_join():
    assigner = Assigner()
    floor = min(assigner.threshold, assigner.merge_threshold)
    assert 0.5 ** (assigner.window_days / assigner.half_life_days) == pytest.approx(floor)


def test_converging_stories_merge_into_the_one_first_seen():
    assigner = Assigner()
    levee, state = opened(assigner, ["levee"], "s-000001", DAY)  # the older story, though its id sorts first
    flood, state = opened(assigner, ["flood"], "s-000002", DAY - timedelta(hours=1), state)
    result = assigner.assign([incoming("both", DAY + timedelta(hours=3))], [levee, flood], state)
    assert result.merges == (("s-000002", "s-000001"),)
    assert result.story_of == {"both": "s-000002"}
    (merged,) = result.stories
    assert (merged.id, merged.size, merged.first_seen) == ("s-000002", 3, DAY - timedelta(hours=1))


def test_on_a_tie_of_first_seen_the_lower_id_survives():
    assigner = Assigner()
    flood, state = opened(assigner, ["flood"], "s-000007")
    levee, state = opened(assigner, ["levee"], "s-000003", state=state)
    result = assigner.assign([incoming("both")], [flood, levee], state)
    assert result.merges == (("s-000003", "s-000007"),)


def test_the_seed_articles_added_in_two_runs_stay_one_story(seed_texts: list[str]):
    seeds = [document_from_text(text, id=f"seed-{n}", source=f"seed-{n}") for n, text in enumerate(seed_texts)]
    assigner = Assigner()
    first = assigner.assign([Incoming(doc.id, doc, DAY) for doc in seeds[:2]], [], b"")
    assert set(first.story_of.values()) == {"new-1"}
    story = replace(first.stories[0], id="s-000001")
    later = DAY + timedelta(days=2)
    second = assigner.assign([Incoming(doc.id, doc, later) for doc in seeds[2:]], [story], first.state)
    assert set(second.story_of.values()) == {"s-000001"} and second.stories[0].size == 5


def test_a_date_with_a_time_zone_counts_as_utc_and_comes_back_naive():
    assigner = Assigner(window_days=365)
    story, state = opened(assigner, ["bridge-1"], "s-000001")
    berlin = timezone(timedelta(hours=1))
    for days, joins in [(1, True), (30, False)]:
        aware = (DAY + timedelta(days=days, hours=1)).replace(tzinfo=berlin)  # the same instant as UTC + days
        result = assigner.assign([incoming("bridge-2", aware)], [story], state)
        assert (result.story_of["bridge-2"] == "s-000001") is joins
        assert result.stories[0].last_seen == DAY + timedelta(days=days)


def test_the_same_input_gives_the_same_output():
    story, state = opened(Assigner(), ["flood"], "s-000001")
    news = [incoming(key) for key in ("bridge-1", "both", "bakery", "bridge-2", "tram")]
    runs = [Assigner().assign(news, [story], state) for _ in range(2)]
    again = Assigner()
    runs += [again.assign(news, [story], state), again.assign(news, [story], state)]  # its state cache too
    assert all(isinstance(run, Assignment) and run == runs[0] for run in runs)


def test_an_article_with_no_usable_word_opens_a_story_of_its_own():
    empty = Incoming("empty", Document(id="empty", title="", text="the and of", source="e.txt"), DAY)
    result = Assigner().assign([incoming("bridge-1"), empty, incoming("bridge-2")], [], b"")
    assert result.story_of == {"bridge-1": "new-1", "empty": "new-2", "bridge-2": "new-1"}


def test_centroid_bytes_round_trip_and_keep_the_strongest_terms():
    indices, values = np.array([7, 3, 11, 5]), np.array([0.25, 0.5, 1.0, 0.125])
    data = encode_centroid(indices, values, max_terms=3)
    assert len(data) == 8 + 3 * 8
    kept, weights = decode_centroid(data)
    assert kept.tolist() == [3, 7, 11] and weights.tolist() == [0.5, 0.25, 1.0]
    story, _ = opened(Assigner(max_terms=5), ["bridge-1"], "s-000001")
    again = encode_centroid(*decode_centroid(story.centroid), max_terms=5)
    assert again == story.centroid and len(story.centroid) == 8 + 5 * 8


def test_the_state_counts_every_article_and_round_trips():
    result = Assigner().assign([incoming("bridge-1"), incoming("tram")], [], b"")
    frequencies = Frequencies.from_bytes(result.state)
    assert frequencies.documents == 2 and frequencies.counts.shape == (FEATURES,)
    assert Frequencies.from_bytes(frequencies.to_bytes()).counts.tolist() == frequencies.counts.tolist()


def test_frequencies_halve_before_they_pass_16_bits_and_keep_their_ratios():
    counts = np.zeros(FEATURES, dtype=np.uint32)
    counts[[1, 2]] = [65_000, 1]
    frequencies = Frequencies(counts, 65_530)
    frequencies.add(csr_matrix(np.ones((10, 1)), shape=(10, FEATURES)))  # ten articles holding column 0
    assert frequencies.documents == 32_765 + 10
    assert frequencies.counts[:3].tolist() == [10, 32_500, 1]  # a word seen once stays seen
    assert Frequencies.from_bytes(frequencies.to_bytes()).counts[:3].tolist() == [10, 32_500, 1]


HEADER = b"SAF1" + bytes(8)  # the state's magic and its count of articles (0)


@pytest.mark.parametrize("state", [b"not a state", HEADER + b"\x01not zlib", HEADER + b"\x00too short",
                                   HEADER + b"\x07from a newer version"])
def test_a_corrupt_state_is_a_clear_error(state: bytes):
    with pytest.raises(StoryIndexError, match="assignment state"):
        Assigner().assign([incoming("tram")], [], state)


def test_a_corrupt_centroid_is_a_clear_error():
    story = StoryState("s-000001", b"\x09garbage", 1, DAY, DAY)
    with pytest.raises(StoryIndexError, match="centroid"):
        Assigner().assign([incoming("tram")], [story], b"")


def test_one_key_twice_in_a_call_is_refused():
    with pytest.raises(InputError, match="tram"):
        Assigner().assign([incoming("tram"), incoming("tram")], [], b"")


def test_no_articles_changes_nothing():
    assert Assigner().assign([], [], b"state") == Assignment({}, (), (), b"state")


@pytest.mark.parametrize("setting, value", [
    ("threshold", 0), ("threshold", 1.5), ("threshold", "0.1"), ("threshold", True),
    ("merge_threshold", -0.1), ("merge_threshold", 2),
    ("half_life_days", 0), ("half_life_days", -3), ("half_life_days", float("inf")),
    ("window_days", 0), ("window_days", float("nan")),
    ("max_terms", 0), ("max_terms", 2.5), ("max_terms", True),
])
def test_bad_settings_are_refused_with_their_name(setting: str, value: object):
    with pytest.raises(SettingsError, match=setting):
        Assigner(**{setting: value})


def test_a_centroid_cut_on_equal_values_keeps_the_lower_columns_whatever_their_order():
    for order in ([9, 3, 7, 1], [1, 7, 3, 9]):
        values = np.array([1.0 if column == 1 else 0.5 for column in order])
        kept, _ = decode_centroid(encode_centroid(np.array(order), values, max_terms=2))
        assert kept.tolist() == [1, 3]


def test_an_assigner_reused_across_calls_decides_as_a_fresh_one():
    """The assigner keeps the stories' centroids decoded between calls; what it decides must not depend on it,
    whether a story is unchanged, changed under its id, new, no longer sent, or sent though outside the window
    (left out unread, as before: its corrupt centroid is no error)."""
    rng = np.random.default_rng(7)
    words = ["".join(rng.choice(list("bdfgklmnprstvz"), 3)) + "a" + str(n) for n in range(400)]
    topics = [rng.choice(len(words), 12, replace=False) for _ in range(30)]
    stories: dict[str, StoryState] = {}
    state, warm, number, opened = b"", Assigner(), 0, 0
    for call in range(10):
        news = []
        for _ in range(60 if call == 0 else 2):  # then few changed stories among many kept: not re-indexed
            topic = topics[int(rng.integers(len(topics)))]
            text = " ".join(words[i] for i in np.concatenate([rng.choice(topic, 20), rng.choice(len(words), 30)]))
            news.append(Incoming(f"a{number}", Document(f"a{number}", "", text, "x"), DAY + timedelta(days=call)))
            number += 1
        recent = [story for story in stories.values() if call < 6 or story.last_seen > DAY]  # then day 0 leaves
        recent.append(StoryState("s-stale", b"\x09garbage", 3, DAY - timedelta(days=90), DAY - timedelta(days=60)))
        result = warm.assign(news, recent, state)
        assert result == Assigner().assign(news, recent, state)
        for story in result.stories:
            if story.id.startswith("new-"):
                opened += 1
                story = replace(story, id=f"s-{opened:06d}")
            stories[story.id] = story
        for _, absorbed in result.merges:
            stories.pop(absorbed)
        state = result.state
    assert len(stories) > 10
    with pytest.raises(StoryIndexError, match="centroid"):
        warm.assign(news, [*recent, StoryState("s-999999", b"\x09garbage", 1, DAY, DAY)], state)
