"""Updating a story index: only the stories that gained articles are summarized again, each as one story,
recorded as a new version, with what is new in it drawn from the new articles and not already said."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from summarizer import Summarizer
from summarizer.checks.attribution import SummarySentence, Support
from summarizer.documents import Document, load_documents
from summarizer.errors import BatchError, InputError
from summarizer.index import ALREADY_INDEXED, Assigner, StoryIndex
from summarizer.results import StorySummary
from summarizer.settings import SettingsError
from summarizer.updates import UpdateReport, recorded_what_is_new, update_index, what_is_new
from tests.conftest import SEEDS, skip_or_fail
from tests.fakes import FakeModel, in_process_ray, refuse
from tests.index.fakes import FirstWordAssigner

TODAY = date(2024, 4, 1)
SEED_DATES = {"article_1": "2024-02-06", "article_2": "2023-11-03", "article_3": "2023-11-03",
              "article_4": "2024-03-22", "article_5": "2023-11-03"}
# The seeds report three visits over four and a half months: the default 7-day half-life rightly keeps them
# apart. These tests are about updating one story, so a long half-life keeps them one.
ONE_STORY = {"half_life_days": 365.0}


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    """The five seed articles with their publication dates, in file order (article_1 ... article_5)."""
    files = sorted(SEEDS.glob("article_*.txt"))
    if not files:
        skip_or_fail(f"seed articles not found in {SEEDS}")
    return [replace(d, date=SEED_DATES[d.id]) for d in load_documents(files).documents]


@pytest.fixture
def index(tmp_path: Path):
    with StoryIndex.open(tmp_path / "news.db") as opened:
        yield opened


def invented(doc_id: str, title: str, *sentences: str, day: str = "2024-03-20") -> Document:
    return Document(id=doc_id, title=title, text=" ".join(sentences), source=f"{doc_id}.txt", date=day)


BRIDGE = [invented("bridge-1", "Bridge shut", "Engineers shut the harbor bridge after finding cracks in its deck.",
                   "Ferries carry commuters across the harbor."),
          invented("bridge-2", "Bridge stays shut", "The harbor bridge will stay shut for six weeks, inspectors said.",
                   "Repairs to the cracked girders begin on Monday.")]
BAKERY = invented("bakery", "Bakery opens", "A sourdough bakery opened on Mill Street with rye loaves.",
                  "Queues formed before dawn on the first morning.")


def update(model: FakeModel, index: StoryIndex, documents, **kwargs) -> UpdateReport:
    return update_index(Summarizer(model), index, documents, today=TODAY, **kwargs)


def test_seeds_added_in_two_runs_update_one_story_whose_news_comes_from_the_new_articles(seeds, index):
    model = FakeModel()
    first = update(model, index, seeds[:2], assigner=Assigner(**ONE_STORY))
    second = update(model, index, seeds[2:], assigner=Assigner(**ONE_STORY))
    (before,), (after,) = first.updates, second.updates
    assert before.story_id == after.story_id and [s.id for s in index.stories()] == [after.story_id]
    assert (after.version, after.first) == (2, False)
    new_ids = {outcome.article_id for outcome in second.added.articles}
    assert set(after.new_article_ids) == new_ids and len(new_ids) == 3
    assert after.what_is_new
    sources = {s.text: {x.document_id for x in s.sources} for s in after.story.sentences}
    earlier = {s.text for s in before.story.sentences}
    for sentence in after.what_is_new:
        assert sources[sentence] & {"article_3", "article_4", "article_5"} and sentence not in earlier


def test_the_updated_story_timeline_orders_the_three_visits(seeds, index):
    model = FakeModel()
    update(model, index, seeds[:2], assigner=Assigner(**ONE_STORY))
    (after,) = update(model, index, seeds[2:], assigner=Assigner(**ONE_STORY)).updates
    events = after.story.timeline
    assert [e.date for e in events] == sorted(e.date for e in events)
    visits = [e for e in events if "Israel" in e.text and any(w in e.text for w in ("visit", "travel", "meetings"))]
    assert [(e.date, e.label) for e in visits] == [
        ("2023-11-03", "this Friday"), ("2024-02-07", "Wednesday"), ("2024-03-22", "Friday")]


def test_the_same_input_again_runs_no_model_and_changes_nothing(seeds, index):
    model = FakeModel()
    update(model, index, seeds[:2], assigner=Assigner(**ONE_STORY))
    update(model, index, seeds[2:], assigner=Assigner(**ONE_STORY))
    calls, state = len(model.calls) + len(model.continuations), index.dump()
    again = update(model, index, seeds[2:], assigner=Assigner(**ONE_STORY))
    assert again.updates == () and not again.changed and again.unchanged == 1
    assert {outcome.status for outcome in again.added.articles} == {ALREADY_INDEXED}
    assert len(model.calls) + len(model.continuations) == calls
    assert index.dump() == state


def test_a_story_that_gained_no_article_is_not_summarized_again(index):
    model = FakeModel()
    first = update(model, index, [BRIDGE[0], BAKERY], assigner=FirstWordAssigner())
    story_of = {u.story.documents[0].id: u.story_id for u in first.updates}
    bakery = story_of["bakery"]
    asked = len(model.calls)
    second = update(model, index, [BRIDGE[1]], assigner=FirstWordAssigner())
    assert [u.story_id for u in second.updates] == [story_of["bridge-1"]]
    assert second.unchanged == 1 and len(index.summary_versions(bakery)) == 1
    read = " ".join(text for _, requests, _ in model.calls[asked:] for request in requests for text in request)
    assert "sourdough" not in read and "harbor bridge" in read


def test_a_first_summary_says_it_is_all_new_instead_of_listing_it(index):
    (story,) = update(FakeModel(), index, BRIDGE, assigner=FirstWordAssigner()).updates
    assert (story.version, story.first, story.what_is_new) == (1, True, ())
    assert set(story.new_article_ids) == {a.id for a in index.story_articles(story.story_id)}


def test_the_recorded_summary_covers_every_article_and_names_the_new_ones(index):
    model = FakeModel()
    update(model, index, BRIDGE[:1], assigner=FirstWordAssigner())
    (story,) = update(model, index, BRIDGE[1:], assigner=FirstWordAssigner()).updates
    row = index.latest_summary(story.story_id)
    articles = index.story_articles(story.story_id)
    assert set(row.article_ids) == {a.id for a in articles}
    assert row.new_article_ids == story.new_article_ids == tuple(a.id for a in articles if a.document.id == "bridge-2")
    assert (row.version, row.model, row.settings["group"]) == (2, "fake", False)
    assert recorded_what_is_new(index, row) == story.what_is_new and index.stale_stories() == []


def test_a_story_left_stale_is_summarized_by_the_next_update_even_without_articles(index):
    index.add(BRIDGE, FirstWordAssigner(), today=TODAY)  # added, never summarized
    (story,) = update(FakeModel(), index, []).updates
    assert story.first and index.stale_stories() == []


def test_a_story_the_summarizer_refuses_is_named_and_stays_stale(index, monkeypatch):
    monkeypatch.setattr("summarizer.updates.summarize_story", refuse)
    with pytest.raises(InputError, match=r"story s-000001 .*2 articles are too many for this model"):
        update_index(Summarizer(FakeModel()), index, BRIDGE, today=TODAY, assigner=FirstWordAssigner())
    assert index.stale_stories() == ["s-000001"]  # the articles are in; the next update summarizes it


def test_an_index_story_over_the_request_limits_is_summarized_whole(index):
    # The limits guard what a request takes in; a story the index already holds is taken in.
    report = update_index(Summarizer(FakeModel(), max_articles=1, max_total_chars=100), index, BRIDGE,
                          today=TODAY, assigner=FirstWordAssigner())
    assert [len(u.story.documents) for u in report.updates] == [2] and index.stale_stories() == []


def test_an_unreadable_input_adds_nothing_and_names_it(index, tmp_path: Path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError, match="missing.txt"):
        update(FakeModel(), index, [missing])
    assert index.stories() == []


@pytest.fixture
def fake_ray(monkeypatch):
    """The Ray engine with its actors played in this process (the real one: tests/batch/test_batch_index.py)."""
    monkeypatch.setattr("summarizer.batch.engines.ray_map", in_process_ray)
    monkeypatch.setattr("summarizer.batch.engines.require_ray", lambda: None)


def test_ray_workers_make_the_same_updates_and_this_process_records_them(tmp_path: Path, fake_ray):
    reports = {}
    for engine in ("local", "ray"):
        with StoryIndex.open(tmp_path / f"{engine}.db") as index:
            first = Summarizer("extractive").update(index, BRIDGE[:1], today=TODAY, engine=engine)
            second = Summarizer("extractive").update(index, [BRIDGE[1], BAKERY], today=TODAY, engine=engine,
                                                     workers=2 if engine == "ray" else 1)
            assert index.stale_stories() == []
            reports[engine] = [(u.story_id, u.version, u.first, u.new_article_ids, u.what_is_new, u.story.summary)
                               for u in first.updates + second.updates]
    assert reports["ray"] == reports["local"] and [r[1] for r in reports["ray"]] == [1, 2, 1]


def test_a_story_a_ray_worker_refuses_is_named_and_stays_stale(index, fake_ray, monkeypatch):
    monkeypatch.setattr("summarizer.batch.engines.summarize_story", refuse)
    with pytest.raises(InputError, match=r"story s-000001 .*2 articles are too many for this model"):
        update_index(Summarizer("extractive"), index, BRIDGE, today=TODAY, assigner=FirstWordAssigner(),
                     engine="ray")
    assert index.stale_stories() == ["s-000001"]


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"engine": "spark"}, SettingsError, "engine must be one of local, ray, not 'spark'"),
    ({"workers": 2}, SettingsError, "workers=2 needs engine='ray'"),
    ({"engine": "ray", "workers": 0}, SettingsError, "workers must be an integer of at least 1, not 0"),
    ({"engine": "ray", "model": FakeModel()}, SettingsError, "engine='ray' needs a model by name .* FakeModel"),
    ({"engine": "ray", "no_ray": True}, BatchError, r"pip install 'summarizer\[ray\]'"),
], ids=["engine", "local-workers", "no-workers", "model-object", "ray-missing"])
def test_an_engine_that_cannot_run_is_refused_before_anything_is_added(index, monkeypatch, options, error, message):
    monkeypatch.setattr("summarizer.batch.engines.require_ray", lambda: None)
    if options.pop("no_ray", False):
        monkeypatch.undo()
        monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail as if it were not installed
    summarizer = Summarizer(options.pop("model", "extractive"))
    with pytest.raises(error, match=message):
        update_index(summarizer, index, BRIDGE, today=TODAY, **options)
    assert index.stories() == []


def sentence(text: str, *document_ids: str) -> SummarySentence:
    return SummarySentence(text, tuple(Support(d, 0, text, 1.0) for d in document_ids))


@pytest.mark.parametrize(("text", "new"), [
    ("Inspectors spotted cracks beside steel cables.", False),  # 3 of its 5 content words in the first: 60%
    ("Inspectors spotted rust beside steel cables.", True),  # 2 of 5 in each (4 of 5 in both together)
])
def test_a_sentence_mostly_said_in_one_previous_sentence_is_not_new(text: str, new: bool):
    story = StorySummary("s", "bridge", (), (), text, "select", sentences=(sentence(text, "b"),))
    previous = ["Inspectors spotted cracks on the deck.", "Steel cables were checked."]
    assert what_is_new(story, previous, {"b"}) == ((text,) if new else ())


def test_a_sentence_only_old_articles_support_is_not_new():
    story = StorySummary("s", "bridge", (), (), "", "select",
                         sentences=(sentence("Ferries run every hour.", "a"), sentence("Tolls are waived.", "a", "b")))
    assert what_is_new(story, ["The bridge closed."], {"b"}) == ("Tolls are waived.",)
