"""Batch runs into a story index: a story across chunks is one story, summaries are made once at the end for
the changed stories only, an interrupted run resumes, and the same input again summarizes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer import InputError, Summarizer, SummaryResult, SummarySettings
from summarizer import updates as updates_module
from summarizer.batch import BatchError, BatchReport, indexed, run_batch
from summarizer.documents import Document
from summarizer.index import Assigner, StoryIndex
from summarizer.updates import update_index
from tests.batch.test_batch import TOPICS, article_line, records
from tests.fakes import in_process_ray, refuse
from tests.index.fakes import FirstWordAssigner

SETTINGS = SummarySettings(model="extractive", length="short")
UPDATE_FIELDS = ["type", "story_id", "version", "first", "new_article_ids", "what_is_new", "result"]


def write_topics(path: Path, numbers: range = range(12), bad: bool = True) -> Path:
    """Articles cycling through the topics (chunks of 4 then hold every topic), and one line that is no JSON."""
    lines = [article_line(n, list(TOPICS)[n % 3]) for n in numbers]
    if bad:
        lines.insert(5, "not json at all")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch(source: Path, out: Path, index: Path, **options: Any) -> BatchReport:
    """A run into the index whose stories are the topics (the fake assigner groups by a title's first word)."""
    return run_batch(source, out, settings=SETTINGS, chunk_size=4, index=index, assigner=FirstWordAssigner(),
                     **options)


def updates(path: Path) -> list[dict]:
    return [record for record in records(path) if record["type"] == "update"]


def stable(path: Path) -> list[dict]:
    """The output lines without what differs between two equal runs (timings), stories in id order."""
    found = records(path)
    for record in found:
        if record["type"] == "update":
            record["result"].pop("timings")
    return sorted(found, key=lambda record: (record["type"], record.get("story_id", ""), record.get("line") or 0))


def topic_of(update: dict) -> str:
    return update["result"]["stories"][0]["documents"][0]["id"].split("-")[0]


@pytest.fixture
def summarized(monkeypatch) -> list[list[str]]:
    """The article ids of every story summarized, one list per call of the model's pipeline."""
    calls: list[list[str]] = []
    summarize = Summarizer.summarize

    def counting(self, documents, **options):
        calls.append(sorted(d.id for d in documents))
        return summarize(self, documents, **options)

    monkeypatch.setattr(Summarizer, "summarize", counting)
    return calls


def test_a_story_whose_articles_fall_in_several_chunks_is_one_story(tmp_path):
    source = write_topics(tmp_path / "in.jsonl")
    report = batch(source, tmp_path / "out.jsonl", tmp_path / "news.db")
    found = {topic_of(update): update for update in updates(tmp_path / "out.jsonl")}
    assert sorted(found) == sorted(TOPICS)
    for number, topic in enumerate(TOPICS):
        documents = found[topic]["result"]["stories"][0]["documents"]
        assert sorted(d["id"] for d in documents) == sorted(f"{topic}-{n}" for n in range(number, 12, 3))
    with StoryIndex.open(tmp_path / "news.db") as index:
        assert sorted(story.id for story in index.stories()) == sorted(u["story_id"] for u in found.values())
        assert index.stale_stories() == []
    assert (report.chunks_done, report.chunks_skipped, report.articles, report.stories, report.skipped) == (4, 0, 12,
                                                                                                              3, 1)


def test_output_lines_carry_the_update_and_the_skipped_lines(tmp_path):
    source = write_topics(tmp_path / "in.jsonl")
    batch(source, tmp_path / "out.jsonl", tmp_path / "news.db")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    skipped = [json.loads(line) for line in lines if '"type": "skipped"' in line]
    assert skipped == [{"type": "skipped", "chunk": 2, "line": 6, "source": f"{source}:6",
                        "reason": "not valid JSON (Expecting value)"}]
    first = updates(tmp_path / "out.jsonl")[0]
    assert list(first) == UPDATE_FIELDS
    assert (first["version"], first["first"], first["what_is_new"]) == (1, True, [])
    result = SummaryResult.from_dict(first["result"])
    assert len(result.stories) == 1 and result.stories[0].summary and result.model == "extractive"
    with StoryIndex.open(tmp_path / "news.db") as index:
        assert first["new_article_ids"] == [a.id for a in index.story_articles(first["story_id"])]
        assert index.latest_summary(first["story_id"]).version == 1


def test_the_changed_stories_are_summarized_once_each_after_every_chunk_is_added(tmp_path, monkeypatch):
    events: list[tuple[str, ...]] = []
    add, summarize = updates_module.add_articles, Summarizer.summarize

    def adding(index, documents, assigner=None, **options):
        events.append(("add",))
        return add(index, documents, assigner, **options)

    def summarizing(self, documents, **options):
        events.append(("summarize", *sorted(d.id for d in documents)))
        return summarize(self, documents, **options)

    monkeypatch.setattr(indexed, "add_articles", adding)
    monkeypatch.setattr(Summarizer, "summarize", summarizing)
    batch(write_topics(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db")
    assert events[:4] == [("add",)] * 4 and len(events) == 4 + 3  # no summary until every chunk is in
    assert len(set(events[4:])) == 3  # three stories, each summarized once


def test_a_second_input_summarizes_only_the_stories_it_changed(tmp_path, summarized):
    batch(write_topics(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db")
    before = {topic_of(update): update["story_id"] for update in updates(tmp_path / "out.jsonl")}
    summarized.clear()
    more = write_topics(tmp_path / "more.jsonl", range(12, 18, 3), bad=False)  # two more flood articles
    report = batch(more, tmp_path / "more-out.jsonl", tmp_path / "news.db")
    (update,) = updates(tmp_path / "more-out.jsonl")
    assert (update["story_id"], update["version"], update["first"]) == (before["flood"], 2, False)
    assert len(summarized) == 1 and report.stories == 1
    with StoryIndex.open(tmp_path / "news.db") as index:
        new = [a.id for a in index.story_articles(update["story_id"]) if a.document.id in ("flood-12", "flood-15")]
        assert update["new_article_ids"] == new and len(new) == 2
        assert [len(index.summary_versions(before[topic])) for topic in ("harvest", "election")] == [1, 1]


def test_the_same_input_again_summarizes_nothing_and_changes_nothing(tmp_path, summarized):
    source = write_topics(tmp_path / "in.jsonl")
    batch(source, tmp_path / "out.jsonl", tmp_path / "news.db")
    written = (tmp_path / "out.jsonl").read_bytes()
    with StoryIndex.open(tmp_path / "news.db") as index:
        state = index.dump()
    summarized.clear()
    again = batch(source, tmp_path / "again.jsonl", tmp_path / "news.db")  # a new output: every chunk again
    rerun = batch(source, tmp_path / "out.jsonl", tmp_path / "news.db")  # the same command: all done
    assert summarized == [] and (again.chunks_done, again.stories, rerun.chunks_skipped, rerun.stories) == (4, 0, 4, 0)
    assert updates(tmp_path / "again.jsonl") == [] and len(records(tmp_path / "again.jsonl")) == 1  # the bad line
    assert (tmp_path / "out.jsonl").read_bytes() == written
    with StoryIndex.open(tmp_path / "news.db") as index:
        assert index.dump() == state


class Interrupt:
    """Interrupts a run once (as Ctrl-C or a killed process would) at one of three moments."""

    def __init__(self, monkeypatch, moment: str) -> None:
        self.progress: Callable[[str, float], None] | None = None
        if moment == "adding":  # after chunk 1 is in the index and saved as done
            self.progress = self.after_chunk_1
            return
        record, calls = indexed.record_update, []

        def interrupted(index, job, result):
            calls.append(job.story_id)
            if moment == "summarizing" and len(calls) == 2:  # story 1 recorded and written, story 2 not recorded
                raise KeyboardInterrupt("simulated")
            update = record(index, job, result)
            if moment == "recording" and len(calls) == 1:  # story 1 recorded, its line not written
                raise KeyboardInterrupt("simulated")
            return update

        monkeypatch.setattr(indexed, "record_update", interrupted)

    @staticmethod
    def after_chunk_1(message: str, done: float) -> None:
        if message.startswith("Chunk 1 "):
            raise KeyboardInterrupt("simulated")


@pytest.mark.parametrize(("moment", "summarized_again"), [("adding", 3), ("summarizing", 2), ("recording", 2)])
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, monkeypatch, summarized, moment, summarized_again):
    source = write_topics(tmp_path / "in.jsonl")
    batch(source, tmp_path / "reference.jsonl", tmp_path / "reference.db")
    interrupt = Interrupt(monkeypatch, moment)
    with pytest.raises(KeyboardInterrupt):
        batch(source, tmp_path / "out.jsonl", tmp_path / "news.db", progress=interrupt.progress)
    monkeypatch.setattr(indexed, "record_update", updates_module.record_update)
    summarized.clear()
    report = batch(source, tmp_path / "out.jsonl", tmp_path / "news.db")
    assert len(summarized) == summarized_again and report.stories == summarized_again + (moment == "recording")
    assert stable(tmp_path / "out.jsonl") == stable(tmp_path / "reference.jsonl")  # every line once
    with StoryIndex.open(tmp_path / "news.db") as index, StoryIndex.open(tmp_path / "reference.db") as reference:
        mine, theirs = index.dump(), reference.dump()
        assert (mine["articles"], mine["stories"]) == (theirs["articles"], theirs["stories"])
        assert [(row["story_id"], row["version"]) for row in mine["summaries"]] == [
            (row["story_id"], row["version"]) for row in theirs["summaries"]]  # one version each: none made twice


@pytest.mark.parametrize(("change", "message"), [
    ({"index": "other.db"}, "another story index or none"),
    ({"index": None, "assigner": None}, "another story index or none"),
    ({"assigner": Assigner(half_life_days=30)}, "another assignment"),
], ids=["other-index", "no-index", "half-life"])
def test_a_resume_into_another_index_or_with_another_half_life_is_refused(tmp_path, change, message):
    source = write_topics(tmp_path / "in.jsonl")
    with pytest.raises(KeyboardInterrupt):
        batch(source, tmp_path / "out.jsonl", tmp_path / "news.db", progress=Interrupt.after_chunk_1)
    before = (tmp_path / "out.jsonl").read_bytes()
    options = {"index": tmp_path / "news.db", "assigner": FirstWordAssigner(), **change}
    if options["index"] == "other.db":
        options["index"] = tmp_path / "other.db"
    with pytest.raises(BatchError, match=f"was started with {message}"):
        run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, chunk_size=4, **options)
    assert (tmp_path / "out.jsonl").read_bytes() == before


def test_a_resume_with_another_assignment_threshold_is_refused(tmp_path):
    source = write_topics(tmp_path / "in.jsonl")
    options = {"settings": SETTINGS, "chunk_size": 4, "index": tmp_path / "news.db"}
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, tmp_path / "out.jsonl", assigner=Assigner(), progress=Interrupt.after_chunk_1, **options)
    with pytest.raises(BatchError, match="was started with another assignment"):
        run_batch(source, tmp_path / "out.jsonl", assigner=Assigner(threshold=0.2), **options)


def test_the_ray_engine_summarizes_as_the_local_one_and_records_here(tmp_path, monkeypatch):
    source = write_topics(tmp_path / "in.jsonl")
    batch(source, tmp_path / "local.jsonl", tmp_path / "local.db")
    monkeypatch.setattr("summarizer.batch.engines.ray_map", in_process_ray)
    monkeypatch.setattr("summarizer.batch.run.require_ray", lambda: None)
    monkeypatch.setattr("summarizer.batch.engines.RAY_WINDOW_CHARS", 1)  # one story a window
    report = batch(source, tmp_path / "ray.jsonl", tmp_path / "ray.db", engine="ray", workers=2)
    assert report.stories == 3 and stable(tmp_path / "ray.jsonl") == stable(tmp_path / "local.jsonl")
    with StoryIndex.open(tmp_path / "ray.db") as index:
        assert index.stale_stories() == [] and len(index.stories()) == 3


def test_a_story_a_ray_worker_cannot_summarize_stops_the_run_and_stays_stale(tmp_path, monkeypatch):
    monkeypatch.setattr("summarizer.batch.engines.ray_map", in_process_ray)
    monkeypatch.setattr("summarizer.batch.run.require_ray", lambda: None)
    monkeypatch.setattr("summarizer.batch.engines.summarize_story", refuse)
    settings = SummarySettings(model="extractive")
    with pytest.raises(InputError, match=r"story s-00000\d of .*news.db: .*4 articles are too many for this model"):
        run_batch(write_topics(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", settings=settings, chunk_size=4,
                  index=tmp_path / "news.db", assigner=FirstWordAssigner(), engine="ray")
    with StoryIndex.open(tmp_path / "news.db") as index:
        assert len(index.stale_stories()) == 3


@pytest.mark.slow
def test_local_ray_workers_summarize_the_changed_stories_of_a_batch_and_an_update(tmp_path):
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'summarizer[ray]'")
    pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install 'summarizer[ray]'")
    package = Path(__file__).resolve().parents[2] / "summarizer"
    source = write_topics(tmp_path / "in.jsonl")
    batch(source, tmp_path / "local.jsonl", tmp_path / "local.db")
    # py_modules ships the package to the workers: in a source checkout it is not installed.
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, runtime_env={"py_modules": [str(package)]})
    try:
        report = batch(source, tmp_path / "ray.jsonl", tmp_path / "ray.db", engine="ray", workers=1)
        assert report.stories == 3 and stable(tmp_path / "ray.jsonl") == stable(tmp_path / "local.jsonl")
        more = Document(**{**json.loads(article_line(12, "flood")), "source": "more.jsonl"})
        with StoryIndex.open(tmp_path / "ray.db") as index:
            (update,) = update_index(Summarizer("extractive"), index, [more], assigner=FirstWordAssigner(),
                                     engine="ray", workers=1).updates
            assert (update.version, update.first, index.stale_stories()) == (2, False, [])
    finally:
        ray.shutdown()
