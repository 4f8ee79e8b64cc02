"""The web UI's handlers (summarizer/ui.py and app.py), called directly: no server, no browser."""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

import app
from summarizer import ui
from summarizer.errors import InputError, SummarizerError
from summarizer.models import Generation, load_model, loading, preset_statuses
from summarizer.pipeline import Summarizer
from summarizer.progress import Progress
from summarizer.results import SummaryResult
from summarizer.text import word_count
from summarizer.ui_pool import Summarizers
from tests.conftest import FLOOD, FLOOD_2, PARAGRAPHS
from tests.fakes import FakeModel

VOTE = ("Council approves new budget\n\n"
        "The city council approved the new budget by seven votes to two. The budget adds money for buses and "
        "parks. Opponents said the tax rise was too steep. The mayor will sign it next week.")


def write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def record() -> tuple[list[tuple[str, float]], Progress]:
    """A progress callback that keeps what it was told."""
    seen: list[tuple[str, float]] = []
    return seen, lambda message, fraction: seen.append((message, fraction))


@pytest.fixture(scope="module")
def pool() -> Summarizers:
    return Summarizers()


def test_files_and_pasted_articles_are_read_together(tmp_path: Path) -> None:
    files = [write(tmp_path, "flood.txt", FLOOD), write(tmp_path, "vote.md", VOTE)]
    loaded = ui.collect_articles(files, f"{FLOOD_2}\n---\n{VOTE}\n")
    assert [d.title for d in loaded.documents] == [
        "River floods force evacuations", "Council approves new budget",
        "Flood shelters fill as river peaks", "Council approves new budget"]
    # Uploads are shown by their file names, not their temporary paths.
    assert [d.source for d in loaded.documents] == ["flood.txt", "vote.md", "pasted", "pasted"]
    assert len({d.id for d in loaded.documents}) == 4
    assert loaded.skipped == ()


def test_pasted_text_that_names_a_server_file_is_text_not_a_file(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "Do not show this file to users of the web page.")
    loaded = ui.collect_articles(None, secret)
    assert "Do not show" not in loaded.documents[0].text
    assert loaded.documents[0].source == "pasted"


@pytest.mark.parametrize("pasted", [None, "", "  \n---\n  \n"])
def test_an_empty_submission_says_how_to_add_articles(pasted: str | None) -> None:
    with pytest.raises(InputError, match="No articles yet: upload files, paste text"):
        ui.collect_articles([], pasted)


def test_an_oversized_paste_is_refused_with_the_limit() -> None:
    with pytest.raises(InputError, match="limit is 1,000,000"):
        ui.collect_articles(None, "word " * 250_001)


def test_an_oversized_paste_reaches_the_browser_as_a_message_not_a_silent_cut() -> None:
    demo = app.build_demo(pool=Summarizers(), out_dir=Path("/nonexistent-not-written"))
    pasted, = (c for c in demo.get_config_file()["components"] if c["props"].get("elem_id") == "pasted")
    assert pasted["props"].get("max_length") is None  # a maxlength attribute would cut the paste unseen
    handler, = (f.fn for f in demo.fns.values() if f.api_name == "summarize")
    with pytest.raises(gr.Error, match="limit is 1,000,000"):
        list(handler(None, "word " * 250_001, "extractive", "short", True, None))  # None: no gr.Request


def test_an_unreadable_file_is_reported_by_name_and_the_rest_summarized(tmp_path: Path,
                                                                        pool: Summarizers) -> None:
    files = [write(tmp_path, "scan.txt", bytes(range(256)) * 4), write(tmp_path, "flood.txt", FLOOD)]
    view = ui.run_summary(pool, files, "", "extractive", "short", True, lambda m, f: None, tmp_path / "out")
    assert "skipped scan.txt: not a text file" in view.notes
    assert str(tmp_path) not in view.notes
    assert "1 input(s) skipped" in view.status
    assert [d.source for s in view.result.stories for d in s.documents] == ["flood.txt"]


def test_only_unreadable_files_give_a_message_naming_them(tmp_path: Path) -> None:
    files = [write(tmp_path, "scan.txt", bytes(range(256)) * 4), write(tmp_path, "notes.pdf", b"%PDF-1.4")]
    with pytest.raises(InputError) as raised:
        ui.collect_articles(files, "")
    message = str(raised.value)
    assert "scan.txt: not a text file" in message and "notes.pdf: unsupported file type" in message
    assert str(tmp_path) not in message


def test_summary_shows_stories_each_article_summary_and_downloads(tmp_path: Path,
                                                                  pool: Summarizers) -> None:
    seen, report = record()
    files = [write(tmp_path, "flood.txt", FLOOD), write(tmp_path, "shelters.txt", FLOOD_2)]
    view = ui.run_summary(pool, files, VOTE, "extractive", "short", True, report, tmp_path / "out")
    result = view.result
    assert len(result.stories) == 2  # the two flood articles together, the vote apart
    for story in result.stories:
        for sentence in story.sentences:
            assert f"<summary>{html.escape(sentence.text)}<sup class='marker'>" in view.stories
        for summary in story.document_summaries:
            assert f"<b>{html.escape(summary.title)}</b>" in view.stories
            assert html.escape(summary.summary) in view.stories
    assert view.status.startswith("**2 stories** from 3 articles · model extractive · length short")
    assert "from cache" not in view.status
    assert seen[0][1] == 0.0 and seen[-1] == ("Done", 1.0)
    assert [f for _, f in seen] == sorted(f for _, f in seen)
    markdown, data = (Path(p) for p in view.downloads)
    assert (markdown.suffix, data.suffix) == (".md", ".json")
    assert "River floods force evacuations" in markdown.read_text(encoding="utf-8")
    assert SummaryResult.from_json(data.read_text(encoding="utf-8")) == result
    again = ui.run_summary(pool, files, VOTE, "extractive", "short", True, report, tmp_path / "out")
    assert again.result.from_cache and "· from cache" in again.status


def test_article_text_cannot_inject_html(pool: Summarizers, tmp_path: Path) -> None:
    article = ("Spill report\n\nThe river <script>alert(1)</script> rose <b>three</b> metres overnight. "
               "Families left by boat before dawn, said 'Ann' \"Lee\".")
    view = ui.run_summary(pool, None, article, "extractive", "short", True, lambda m, f: None, tmp_path)
    story = view.result.stories[0]
    assert any("<script>" in s.text for s in story.sentences)  # the sentence and its source keep the tag...
    assert "<script>" not in view.stories and "<b>three" not in view.stories  # ...but it is shown as text
    assert "<summary>The river &lt;script&gt;alert(1)&lt;/script&gt; rose &lt;b&gt;three" in view.stories
    assert "<div class='quote'>The river &lt;script&gt;" in view.stories
    assert "title='[1] Spill report: The river &lt;script&gt;" in view.stories
    assert "&#x27;Ann&#x27; &quot;Lee&quot;" in view.stories  # quotes cannot end an attribute


def test_compare_of_identical_settings_overlaps_fully(pool: Summarizers, tmp_path: Path) -> None:
    seen, report = record()
    files = [write(tmp_path, "flood.txt", FLOOD), write(tmp_path, "shelters.txt", FLOOD_2)]
    view = ui.run_comparison(pool, files, "", ("extractive", "short"), ("extractive", "short"), True, report)
    assert (view.jaccard, view.rouge1_f) == (1.0, 1.0)
    assert view.left == view.right
    assert "Jaccard 1.00, ROUGE-1 F 1.00" in view.table
    assert "| Setting | extractive / short | extractive / short |" in view.table
    # Each side's progress fills half the bar, in order.
    assert seen[0] == ("A: Reading articles", 0.0)
    assert seen[-1][0].startswith("B: Done") and seen[-1][1] == 1.0  # B's identical run comes from the cache
    assert any(m.startswith("B:") and f == 0.5 for m, f in seen)


def test_compare_shows_a_cached_side_as_cached_not_as_a_time(tmp_path: Path) -> None:
    files = [write(tmp_path, "flood.txt", FLOOD)]
    view = ui.run_comparison(Summarizers(), files, "", ("extractive", "short"), ("extractive", "short"), True,
                      lambda m, f: None)  # a fresh pool: A runs, B is A's result from the cache
    row, = (line for line in view.table.splitlines() if line.startswith("| Time \\(s\\) |"))
    assert row.endswith(" | cached |") and row.count("cached") == 1


def test_compare_counts_words_of_each_side(pool: Summarizers, tmp_path: Path) -> None:
    long_article = "Council week\n\n" + " ".join(PARAGRAPHS)  # long enough for short and long to differ
    files = [write(tmp_path, "flood.txt", FLOOD), write(tmp_path, "vote.txt", VOTE),
             write(tmp_path, "week.txt", long_article)]
    view = ui.run_comparison(pool, files, "", ("extractive", "short"), ("extractive", "long"), True,
                      lambda m, f: None)
    row, = (line for line in view.table.splitlines() if line.startswith("| Words in combined summaries |"))
    shown = [int(cell) for cell in row.strip("|").split("|")[1:]]
    articles = ui.collect_articles(files, "")
    expected = [word_count("\n".join(story.summary for story in pool.run(
        "extractive", articles, length=length, group=True, report=lambda m, f: None).stories))
        for length in ("short", "long")]
    assert shown == expected and expected[0] < expected[1]  # each side's own count, in its own column
    assert 0.0 < view.jaccard <= 1.0


def test_pool_keeps_two_neural_models_and_the_extractive_baseline() -> None:
    made: list[str] = []

    def factory(name: str) -> Summarizer:
        made.append(name)
        return Summarizer(model=FakeModel(name=name) if name != "extractive" else "extractive")

    pool = Summarizers(factory)
    articles = ui.collect_articles(None, FLOOD)
    for name in ("a", "extractive", "b", "a", "c", "a", "b", "extractive"):
        pool.run(name, articles, length="short", group=True, report=lambda m, f: None)
    assert made == ["a", "extractive", "b", "c", "b"]  # c drops b (least recently used), b then drops c


def test_pool_frees_a_model_only_when_no_kept_name_runs_it(monkeypatch) -> None:
    import summarizer.models

    released: list[str] = []
    monkeypatch.setattr(summarizer.models, "release_model", released.append)
    runs = {"default": "default-gguf", "default-gguf": "default-gguf", "tiny": "tiny"}  # a CPU without bf16
    pool = Summarizers(lambda name: Summarizer(model=FakeModel(name=runs[name])))
    articles = ui.collect_articles(None, FLOOD)
    for name in ("default", "default-gguf", "tiny"):  # tiny drops "default": "default-gguf" still runs its model
        pool.run(name, articles, length="short", group=True, report=lambda m, f: None)
    assert released == []
    pool.run("default", articles, length="short", group=True, report=lambda m, f: None)  # drops "default-gguf"
    assert released == ["default-gguf"]


def test_a_third_model_folder_frees_the_first_model(tiny_seq2seq_dir: Path, tmp_path: Path) -> None:
    first, second, third = (shutil.copytree(tiny_seq2seq_dir, tmp_path / name).resolve()
                            for name in ("first", "second", "third"))

    def factory(name: str) -> Summarizer:
        load_model(name)  # what a real Summarizer loads; the fake then skips the slow generation
        return Summarizer(model=FakeModel(name=name))

    pool = Summarizers(factory)
    articles = ui.collect_articles(None, FLOOD)
    for folder in (first, second, third):
        pool.run(str(folder), articles, length="short", group=True, report=lambda m, f: None)
    sources = {source for source, _ in loading._MODELS}
    assert str(first) not in sources and str(first) not in loading._WEIGHTS
    assert {str(second), str(third)} <= sources
    for folder in (second, third):
        loading.release_model(str(folder))  # leave the process cache as it was


def test_model_menu_offers_installed_presets_then_the_baseline() -> None:
    installed = [s.name for s in preset_statuses() if s.installed]
    assert ui.model_choices() == [*installed, "extractive"]
    assert ui.default_model(["extractive"]) == "extractive"


def test_load_examples_gives_the_bundled_articles() -> None:
    found = ui.example_files()
    assert len(found) >= 2 and all(Path(p).suffix == ".txt" and Path(p).is_file() for p in found)


def test_cancel_stops_the_run_at_its_next_step(tmp_path: Path, pool: Summarizers) -> None:
    flags = app._CancelFlags()
    ticks: list[float] = []
    flag = flags.start(None)
    report = app._reporter(lambda fraction, desc=None: ticks.append(fraction), flag)
    flags.cancel(None)
    with pytest.raises(ui.Cancelled):
        ui.run_summary(pool, None, FLOOD, "extractive", "short", True, report, tmp_path)
    assert ticks == []


def test_user_errors_become_escaped_browser_messages() -> None:
    shown = app._shown(InputError("No readable articles: <b>x.txt</b>: empty"))
    assert shown.message == "No readable articles: &lt;b&gt;x.txt&lt;/b&gt;: empty"
    assert isinstance(InputError("x"), SummarizerError)


def test_app_exposes_summarize_and_compare_endpoints() -> None:
    config = app.build_demo(pool=Summarizers(), out_dir=Path("/nonexistent-not-written")).get_config_file()
    names = {dep.get("api_name") for dep in config["dependencies"] if dep.get("api_visibility") == "public"}
    assert {"summarize", "compare"} <= names


def test_app_has_a_story_index_tab_that_lists_and_opens_stories(tmp_path: Path) -> None:
    from summarizer.index import StoryIndex

    index = str(tmp_path / "news.db")
    with StoryIndex.open(index) as opened:
        Summarizer("extractive", length="short").update(opened, [write(tmp_path, "flood.txt", FLOOD)])
    demo = app.build_demo(pool=Summarizers(), out_dir=Path("/nonexistent-not-written"))
    config = demo.get_config_file()
    assert "Story index" in {c["props"].get("label") for c in config["components"] if c["type"] == "tabitem"}
    handlers = {f.api_name: f.fn for f in demo.fns.values()}
    status, table, picker = handlers["stories"](index, "")
    assert status.startswith("1 story in ") and "<td class='key'>s-000001</td>" in table
    assert [story_id for _, story_id in picker.choices] == ["s-000001"]
    status, story = handlers["story"](index, "s-000001")
    assert story.index("What is new") < story.index("Combined summary")
    status, story = handlers["story"](str(tmp_path / "none.db"), "s-000001")  # a message, not an exception
    assert status.startswith("⚠ story index ") and "no index there" in status and story == ""


TINY_INSTALLED = any(s.name == "tiny" and s.installed for s in preset_statuses())


@pytest.mark.skipif(not TINY_INSTALLED and os.environ.get("CI") != "true",  # in CI a missing preset fails
                    reason="the 'tiny' preset is not installed (run `make models`)")
def test_tiny_model_summarizes_through_the_ui(tmp_path: Path, pool: Summarizers) -> None:
    # One article keeps this light: a real model on CPU takes a while per generation.
    view = ui.run_summary(pool, [write(tmp_path, "flood.txt", FLOOD)], "", "tiny", "short", True,
                        lambda m, f: None, tmp_path / "out")
    story = view.result.stories[0]
    assert story.document_summaries[0].summary.strip()
    assert html.escape(story.document_summaries[0].summary) in view.stories
    assert json.loads(Path(view.downloads[1]).read_text(encoding="utf-8"))["model"] == view.result.model


def test_setting_labels_come_from_the_settings_metadata() -> None:
    from summarizer.settings import describe

    config = app.build_demo(pool=Summarizers(), out_dir=Path("/nonexistent-not-written")).get_config_file()
    labels = {c["props"].get("elem_id"): c["props"].get("label") for c in config["components"]}
    assert labels["group"] == describe("group").label
    assert (labels["model"], labels["length"]) == (describe("model").label, describe("length").label)
    assert (labels["model-a"], labels["length-b"]) == (f"{describe('model').label} A", f"{describe('length').label} B")


# Cancel while a run is in progress, per browser session, and no flag left behind; called through the
# handlers build_demo wires to the buttons, with a fake model (no server, no browser).

THREE = f"{FLOOD}\n---\n{FLOOD_2}\n---\n{VOTE}\n"  # three pasted articles: three article summaries, one story


def session(name: str | None) -> SimpleNamespace:
    """What `app._session` reads from a gr.Request: the browser session's hash."""
    return SimpleNamespace(session_hash=name)


def shown(fraction: float, desc: str | None = None) -> None:
    """A progress bar that shows nothing (what gr.Progress is outside a request)."""


def assert_cancelled(run: Callable[[], Any]) -> None:
    """``run`` stops with the message the browser shows for a cancelled run."""
    with pytest.raises(gr.Error) as raised:
        run()
    assert (raised.value.message, raised.value.title) == ("Cancelled", "Cannot summarize")


class InterruptingModel(FakeModel):
    """A FakeModel that calls ``during`` (once) as its next request starts: something a user does mid-run."""

    def __init__(self) -> None:
        super().__init__()
        self.during: Callable[[], None] | None = None

    def summarize(self, requests: Sequence[Sequence[str]], **kwargs: Any) -> list[Generation]:
        during, self.during = self.during, None
        if during is not None:
            during()
        return super().summarize(requests, **kwargs)


@dataclass
class Handlers:
    summarize: Callable[..., Any]
    compare: Callable[..., Any]
    cancel: Callable[..., Any]
    flags: app._CancelFlags


def handlers(monkeypatch: pytest.MonkeyPatch, model: FakeModel, out_dir: Path) -> Handlers:
    """The Summarize, Compare and Cancel handlers of a demo whose every model is ``model``, one article a
    model call; and the demo's cancel flags."""
    made: list[app._CancelFlags] = []

    class Flags(app._CancelFlags):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(app, "_CancelFlags", Flags)
    demo = app.build_demo(pool=Summarizers(lambda name: Summarizer(model=model, batch_size=1)), out_dir=out_dir)
    fns = {f.fn.__name__: f.fn for f in demo.fns.values() if f.fn is not None}
    flags, = made
    return Handlers(lambda *args: final(fns["summarize_clicked"](*args)), fns["compare_clicked"],
                    fns["cancel_clicked"], flags)


def final(views: Iterator[tuple[Any, ...]]) -> tuple[Any, ...]:
    """What the page shows once a streamed Summarize ends: its last update."""
    *_, last = views
    return last


def test_cancel_during_a_run_stops_it_at_its_next_step_with_the_cancelled_message(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    model = InterruptingModel()
    ui_ = handlers(monkeypatch, model, tmp_path / "out")
    request = session("a")
    model.during = lambda: ui_.cancel(request)  # Cancel pressed while the first article is being summarized
    with pytest.raises(gr.Error) as raised:
        ui_.summarize(None, THREE, "fake", "short", False, request)
    assert (raised.value.message, raised.value.title) == ("Cancelled", "Cannot summarize")
    # Stopped at the first words of the combined summary (written first): nothing after it.
    assert [(task, len(requests)) for task, requests, _ in model.calls] == [("facts", 1)]
    assert model.continuations == []
    assert not (tmp_path / "out").exists()  # no downloads written for a cancelled run


def test_cancel_during_a_comparison_stops_it_before_its_second_side(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    model = InterruptingModel()
    ui_ = handlers(monkeypatch, model, tmp_path)
    request = session("a")
    model.during = lambda: ui_.cancel(request)
    assert_cancelled(lambda: ui_.compare(None, THREE, "fake-a", "short", "fake-b", "long", False, request, shown))
    assert len(model.calls) == 1  # side A's first article only; side B never started


def test_cancel_in_one_browser_session_leaves_another_sessions_run_alone(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    model = InterruptingModel()
    ui_ = handlers(monkeypatch, model, tmp_path)
    mine, other = session("mine"), session("other")
    model.during = lambda: ui_.cancel(other)  # another user presses Cancel while my run is in progress
    status, stories, notes, downloads = ui_.summarize(None, THREE, "fake", "short", False, mine)
    assert status.startswith("**1 story** from 3 articles")
    assert [task for task, _, _ in model.calls] == ["facts"] + ["document"] * 3 + ["headline"]
    assert len(downloads) == 2


def test_cancel_flags_are_kept_per_browser_session() -> None:
    flags = app._CancelFlags()
    a, b, local = session("a"), session("b"), session(None)
    flag_a, flag_b, flag_local = flags.start(a), flags.start(b), flags.start(None)
    flags.cancel(a)
    assert flag_a.is_set() and not flag_b.is_set() and not flag_local.is_set()
    flags.cancel(local)  # a request without a session hash is the "local" session, like no request
    assert flag_local.is_set() and not flag_b.is_set()
    for request, flag in ((a, flag_a), (b, flag_b), (None, flag_local)):
        flags.finish(request, flag)
    assert flags._flags == {}


def test_a_finished_runs_flag_is_removed_without_touching_a_newer_run_of_its_session() -> None:
    flags = app._CancelFlags()
    old = flags.start(session("a"))
    new = flags.start(session("a"))  # the session's next run began before the old one cleaned up
    flags.finish(session("a"), old)
    flags.cancel(session("a"))
    assert new.is_set() and not old.is_set()  # Cancel still reaches the run in progress
    flags.finish(session("a"), new)
    assert flags._flags == {}


def test_no_cancel_flag_outlives_its_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    model = InterruptingModel()
    ui_ = handlers(monkeypatch, model, tmp_path)
    request = session("a")

    model.during = lambda: ui_.cancel(request)
    assert_cancelled(lambda: ui_.summarize(None, THREE, "fake", "short", False, request))
    assert ui_.flags._flags == {}  # cancelled

    ui_.cancel(request)  # a late click, after the run has stopped, must not cancel the next run
    assert ui_.flags._flags == {}
    model.calls.clear()
    status, *_ = ui_.summarize(None, THREE, "fake", "short", False, request)
    assert status.startswith("**1 story** from 3 articles") and "from cache" not in status
    assert [task for task, _, _ in model.calls] == ["facts"] + ["document"] * 3 + ["headline"]
    assert ui_.flags._flags == {}  # finished normally

    with pytest.raises(gr.Error, match="No articles yet"):
        ui_.summarize(None, "", "fake", "short", False, request)
    assert ui_.flags._flags == {}  # a user error

    def crash() -> None:
        raise RuntimeError("model crashed")

    model.during = crash
    with pytest.raises(RuntimeError, match="model crashed"):
        ui_.summarize(None, f"{FLOOD}\n---\n{VOTE}", "fake", "long", False, request)
    assert ui_.flags._flags == {}  # an unexpected error

    model.during = lambda: ui_.cancel(request)
    assert_cancelled(lambda: ui_.compare(None, THREE, "fake-a", "long", "fake-b", "long", False, request, shown))
    assert ui_.flags._flags == {}  # a cancelled comparison
    table, left, right = ui_.compare(None, THREE, "fake-a", "long", "fake-b", "long", False, request, shown)
    assert "| Stories | 1 | 1 |" in table and left and right
    assert ui_.flags._flags == {}  # a finished comparison


# The server binds this machine only unless told otherwise; no real server is started.

def test_main_listens_on_127_0_0_1_without_a_public_link_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Any, dict[str, Any]]] = []
    built = object()
    monkeypatch.setattr(app, "build_demo", lambda: built)
    monkeypatch.setattr(app, "launch", lambda demo, **options: seen.append((demo, options)))
    app.main([])
    assert seen == [(built, {"host": "127.0.0.1", "port": 7860, "share": False})]
    app.main(["--host", "0.0.0.0", "--port", "8080"])
    assert seen[-1] == (built, {"host": "0.0.0.0", "port": 8080, "share": False})
    app.main(["--share"])
    assert seen[-1] == (built, {"host": "127.0.0.1", "port": 7860, "share": True})


def test_launch_passes_the_host_and_share_on_to_gradio(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[dict[str, Any]] = []
    build = app.build_demo
    monkeypatch.setattr(app, "build_demo", lambda: build(pool=Summarizers(), out_dir=tmp_path))
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **options: seen.append(options))
    app.main([])
    assert (seen[-1]["server_name"], seen[-1]["server_port"], seen[-1]["share"]) == ("127.0.0.1", 7860, False)
    app.main(["--host", "0.0.0.0", "--share"])
    assert (seen[-1]["server_name"], seen[-1]["share"]) == ("0.0.0.0", True)
    assert len(seen) == 2
