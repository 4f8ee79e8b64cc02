"""The pipeline with a fake model (structure, budgets, notes) and with real tiny models."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from summarizer import Document, InputError, Story, Summarizer, SummaryResult, summarize
from summarizer.models import BackendChoice, Generation
from summarizer.models.base import remaining
from summarizer.settings import Route, SettingsError, SummarySettings, WordRange
from summarizer.text import ends_sentence, word_count
from tests.fakes import FakeModel


def article(topic: str, n: int, id: str) -> Document:
    """An invented article of n distinct sentences about one topic."""
    sentences = [f"The {topic} report number {i} describes event {i} of the {topic} story in detail."
                 for i in range(n)]
    return Document(id=id, title=f"{topic.title()} news {id}", text=" ".join(sentences), source=f"{id}.txt")


def test_one_article_is_a_story_whose_summary_is_its_own():
    result = Summarizer(FakeModel()).summarize([article("flood", 5, "a")])
    story, = result.stories
    assert story.route == "single"
    assert story.summary == story.document_summaries[0].summary != ""


def test_every_article_gets_a_summary_and_the_story_a_combined_one():
    docs = [article("flood", 8, "a"), article("flood", 8, "b"), article("flood", 8, "c")]
    result = Summarizer(FakeModel(), group=False).summarize(docs)
    story, = result.stories
    assert [s.document_id for s in story.document_summaries] == ["a", "b", "c"]
    assert all(s.summary for s in story.document_summaries)
    assert story.summary and story.route == "facts"
    assert result.model == "fake"


def test_per_article_summaries_are_batched():
    model = FakeModel()
    docs = [article("storm", 4, f"d{i}") for i in range(5)]
    Summarizer(model, group=False, batch_size=4).summarize(docs)
    document_calls = [len(requests) for task, requests, _ in model.calls if task == "document"]
    assert document_calls == [4, 1]


def test_a_summary_under_its_minimum_is_continued_from_where_it_stopped():
    vocab = ["harbor", "bridge", "council", "vote", "closure", "ferry", "budget", "engineer", "crack", "steel",
             "cable", "repair", "traffic"]
    text = " ".join(" ".join(f"{word}{i}" for word in vocab[:9]).capitalize() + "."
                    for i in range(40))  # 9-word sentences sharing no word
    model = FakeModel()
    story, = Summarizer(model, length="short").summarize([Document("a", "Bridge", text, "a.txt")]).stories
    (task, starts, words), *_ = model.continuations
    assert starts == [text.split(". ")[0] + "."]  # the first output, which stopped after one sentence
    assert story.summary.startswith(starts[0]) and word_count(story.summary) >= 60  # short story minimum


def test_short_summaries_of_one_batch_are_continued_to_the_floor_of_the_shortest():
    def doc(id: str, n_words: int) -> Document:
        text = " ".join(" ".join(f"{id}{w}x{i}" for w in range(n_words)).capitalize() + "." for i in range(30))
        return Document(id, id.upper(), text, f"{id}.txt")
    model = FakeModel()
    Summarizer(model, length="short", group=False).summarize([doc("a", 5), doc("b", 10)])
    task, starts, words = next(c for c in model.continuations if c[0] == "document")
    assert [word_count(s) for s in starts] == [5, 10]
    assert words == (20, 45)  # the first call's words (short article summaries), so its prompt carries over
    assert remaining(WordRange(*words), starts) == (20 - 5, 45 - 5)  # written: what the shortest start lacks


def test_sentences_no_article_supports_are_left_out_and_quoted_in_the_notes():
    filler = "The episode highlights the importance of transparency for everyone."
    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    story, = Summarizer(FakeModel(filler=filler), group=False).summarize(docs).stories
    assert filler not in story.summary and story.summary
    assert all(s.supported for s in story.sentences)
    assert any(filler in note and "story-1: the combined summary" in note for note in story.notes)
    assert any(filler in note and note.startswith("a: its summary") for note in story.notes)


def test_a_summary_no_article_supports_at_all_is_kept_as_written_and_marked():
    model = FakeModel()
    model.summarize = lambda requests, **kw: [Generation("Markets rallied on upbeat jobs data.", 1, 1)
                                              for _ in requests]
    story, = Summarizer(model, group=False).summarize([article("flood", 4, "a"), article("flood", 4, "b")]).stories
    assert story.summary.startswith("Markets rallied on upbeat jobs data.")
    assert not story.sentences[0].supported
    # It covers none of the story's top facts, which copying would: they are added, and the notes say so.
    assert len(story.sentences) > 1 and all(s.supported for s in story.sentences[1:])
    assert any("less than copying" in note for note in story.notes), story.notes


def test_context_is_shared_fairly_and_every_cut_is_noted():
    model = FakeModel(context_length=700)
    docs = [article("quake", 40, f"d{i}") for i in range(4)]  # ~560 words each, far over the context
    result = Summarizer(model, group=False, route="whole").summarize(docs)
    (task, requests, _), = [c for c in model.calls if c[0] == "story"]
    kept = [len(text.split()) for text in requests[0]]
    assert min(kept) > 0.6 * max(kept), kept  # no article crowded out because it came last
    note = " ".join(result.stories[0].notes)
    assert all(f"d{i} " in note for i in range(4)), note


def test_selected_sentences_keep_their_original_order():
    model = FakeModel()
    docs = [article("fire", 60, "a"), article("fire", 60, "b")]
    Summarizer(model, group=False, route="select", selection_words=200).summarize(docs)
    (task, requests, _), = [c for c in model.calls if c[0] == "story"]
    numbers = [int(s.split("number ")[1].split()[0]) for s in requests[0][0].split(". ") if "number" in s]
    assert numbers == sorted(numbers) and len(numbers) < 60


def test_an_article_longer_than_its_budget_is_reduced_with_a_note():
    result = Summarizer(FakeModel(), document_tokens=150).summarize([article("vote", 40, "long")])
    assert any("long: its summary read" in n for n in result.stories[0].notes)


def test_too_many_articles_for_the_context_fall_back_to_fused_summaries():
    model = FakeModel(context_length=400, overhead=10)
    docs = [article("match", 10, f"m{i}") for i in range(12)]
    result = Summarizer(model, group=False, length="short", route="select").summarize(docs)
    assert result.stories[0].route == "fused"
    assert "per-article summaries" in result.stories[0].notes[-1]


def test_per_article_summaries_cut_to_fit_the_fused_prompt_are_noted():
    model = FakeModel(context_length=330, overhead=10)  # 150 tokens for 12 summaries of ~17 words
    story, = Summarizer(model, group=False, length="short", route="select").summarize(
        [article("match", 10, f"m{i}") for i in range(12)]).stories
    assert story.route == "fused"
    note = next(n for n in story.notes if "tokens kept/total" in n)
    assert all(f"m{i} " in note for i in range(12)), note


def test_a_context_too_small_for_every_article_is_a_clear_error_naming_the_story():
    model = FakeModel(context_length=190, overhead=10)  # 10 tokens left for 12 articles
    with pytest.raises(InputError, match=r"story-1 .*12 articles cannot be read together by model 'fake'"):
        Summarizer(model, group=False, length="short", route="select").summarize(
            [article("match", 10, f"m{i}") for i in range(12)])


def test_same_input_and_settings_give_the_same_result():
    docs = [article("flood", 8, "a"), article("harvest", 8, "b")]
    first = summarize(docs, model=FakeModel()).to_dict()
    second = summarize(docs, model=FakeModel()).to_dict()
    first.pop("timings"), second.pop("timings")
    assert first == second


def test_json_round_trip_rebuilds_the_result():
    read_as = replace(article("flood", 6, "b"), read_as="read as Windows-1252 (the file is not UTF-8)")
    result = summarize([article("flood", 8, "a"), read_as], model=FakeModel(), group=False)
    assert result.usage and SummaryResult.from_json(result.to_json()) == result
    saved_before_read_as = result.to_dict()
    for story in saved_before_read_as["stories"]:
        for document in story["documents"]:
            del document["read_as"]
    assert SummaryResult.from_dict(saved_before_read_as).stories[0].documents[1].read_as == ""


def test_progress_reports_each_step_and_finishes():
    seen: list[tuple[str, float]] = []
    summarize([article("flood", 5, "a")], model=FakeModel(), progress=lambda m, f: seen.append((m, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Summarizing article" in m for m, _ in seen)


def test_skipped_inputs_are_listed_in_the_result(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Harbor reopens\n\nThe harbor reopened on Monday after repairs.\n",
                                     encoding="utf-8")
    result = summarize([str(tmp_path)], model=FakeModel())
    assert [s.source for s in result.skipped] == [str(tmp_path / "empty.txt")]
    assert "skipped" in result.to_markdown()


def test_how_an_article_was_read_and_cleaned_is_in_the_notes(tmp_path):
    (tmp_path / "cafe.txt").write_bytes("Café reopens\n\nThe café by the harbor reopened on Monday.\n".encode("cp1252"))
    web = Document(id="web", title="Harbor", text="The harbor reopened on Monday after repairs.", source="web.html",
                   removed=('web leftover: "Next Story"', 'web leftover: "Share this"'))
    notes = summarize([str(tmp_path / "cafe.txt"), web], model=FakeModel(), group=False).notes
    assert "cafe: read as Windows-1252 (the file is not UTF-8)" in notes
    assert "web: cleaning removed 2 item(s)" in notes


def test_the_model_this_machine_runs_in_place_of_the_named_one_is_in_the_result(monkeypatch):
    import summarizer.pipeline as pipeline

    loaded = []
    monkeypatch.setattr(pipeline, "choose_backend",
                        lambda name: BackendChoice("default-gguf", f"'{name}' ran as 'default-gguf'"))
    monkeypatch.setattr(pipeline, "load_model", lambda name: loaded.append(name) or FakeModel(name=name))
    result = Summarizer("default").summarize([article("flood", 3, "a")], use_cache=False)
    assert loaded == ["default-gguf"] and result.model == "default-gguf" and result.settings["model"] == "default"
    assert "'default' ran as 'default-gguf'" in result.notes


def test_no_articles_is_a_clear_error():
    with pytest.raises(InputError):
        summarize([], model=FakeModel())


def test_only_empty_articles_is_a_clear_error_naming_each():
    with pytest.raises(InputError, match="empty") as error:
        summarize(["", "   \n\t ", "Share this: Facebook Twitter"], model=FakeModel())
    assert all(f"pasted-{n}: empty after cleaning" in str(error.value) for n in (1, 2, 3))


def test_non_english_articles_are_summarized_like_any_other(tiny_model):
    german = ("Die Stadt schloss am Montag die Hafenbrücke. Ingenieure fanden Risse in zwei Stahlseilen. "
              "Der Fährverkehr wurde verdoppelt, sagte die Bürgermeisterin.")
    japanese = "市は月曜日に港の橋を閉鎖した。技術者が二本の鋼索にひびを見つけた。フェリーは増便された。"
    story, = Summarizer(tiny_model, group=False, length="short").summarize([german, japanese]).stories
    assert [s.document_id for s in story.document_summaries] == ["pasted-1", "pasted-2"]
    assert story.summary and all(s.summary and s.output_tokens for s in story.document_summaries)


def test_a_summarizer_keeps_its_model():
    with pytest.raises(SettingsError):
        Summarizer(FakeModel()).summarize([article("a", 3, "x")], model="other")


def test_extractive_baseline_copies_source_sentences():
    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    result = summarize(docs, model="extractive", group=False)
    story = result.stories[0]
    assert story.route == "extractive"
    sources = " ".join(d.text for d in docs)
    assert all(sentence.strip(". ") in sources for sentence in story.summary.split(". "))


def test_markdown_escapes_html_from_articles():
    doc = Document(id="x", title="<script>alert(1)</script>", text="A <b>bold</b> claim was made today.",
                   source="x.html")
    markdown = summarize([doc], model=FakeModel()).to_markdown()
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_tiny_seq2seq_model_runs_the_whole_pipeline(tiny_seq2seq_dir):
    docs = [article("flood", 6, "a"), article("flood", 6, "b")]
    result = summarize(docs, model=str(tiny_seq2seq_dir), group=False, length="short")
    story = result.stories[0]
    # its 256-token encoder cannot hold both articles: each keeps its central sentences, said in the notes
    assert len(story.document_summaries) == 2 and story.route == "whole"
    assert any("tokens kept/total" in note for note in story.notes), story.notes
    # A random model writes random word pieces: what is left out as words no dictionary knows is said in the notes.
    assert story.summary or any("the combined summary is empty" in note for note in story.notes), story.notes
    assert all(s.output_tokens > 0 for s in story.document_summaries)
    again = summarize(docs, model=str(tiny_seq2seq_dir), group=False, length="short")
    assert again.stories[0].summary == story.summary


def test_combined_summary_sentences_carry_their_sources_and_conflicts_are_listed():
    a = Document(id="a", title="Dam", source="a.txt",
                 text="Officials said 212 people were evacuated from the valley. The dam on the Vell river cracked.")
    b = Document(id="b", title="Dam", source="b.txt",
                 text="Some 230 people were evacuated from the valley overnight. Engineers inspected the dam.")
    story = summarize([a, b], model="extractive", group=False).stories[0]
    assert story.sentences and all(s.sources for s in story.sentences)
    assert {s.sources[0].document_id for s in story.sentences} <= {"a", "b"}
    assert [side.document_ids for side in story.conflicts[0].sides] == [("a",), ("b",)]
    markdown = summarize([a, b], model="extractive", group=False).to_markdown()
    assert "[^1]:" in markdown and "Where the sources disagree" in markdown


def test_a_repeated_request_returns_from_the_cache_without_running_the_model():
    model = FakeModel()
    summarizer = Summarizer(model, group=False)
    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    first = summarizer.summarize(docs)
    calls = len(model.calls)
    again = summarizer.summarize(docs)
    assert len(model.calls) == calls and again.from_cache and again.stories == first.stories
    summarizer.summarize(docs, length="short")  # other settings: a new result
    assert len(model.calls) > calls
    calls = len(model.calls)
    fresh = summarizer.summarize(docs, use_cache=False)
    assert len(model.calls) > calls and not fresh.from_cache


def test_the_cache_tells_chunker_parameters_and_model_presets_apart():
    from summarizer import ResultCache, TfidfChunker

    cache, docs = ResultCache(), [article("flood", 8, "a"), article("storm", 8, "b")]
    Summarizer(FakeModel(), chunker=TfidfChunker(threshold=0.5), cache=cache).summarize(docs)
    assert not Summarizer(FakeModel(), chunker=TfidfChunker(threshold=0.9), cache=cache).summarize(docs).from_cache
    assert Summarizer(FakeModel(), chunker=TfidfChunker(threshold=0.9), cache=cache).summarize(docs).from_cache
    edited = FakeModel()
    edited.preset = "another prompt"  # a loaded model's preset: prompts, generation settings, weights
    assert not Summarizer(edited, chunker=TfidfChunker(threshold=0.9), cache=cache).summarize(docs).from_cache


def test_an_edited_presets_file_changes_the_cache_key_without_loading_the_model(tmp_path, monkeypatch):
    from summarizer.models.presets import models_dir

    before = Summarizer("tiny")._identity()
    text = (models_dir() / "presets.toml").read_text(encoding="utf-8")
    (tmp_path / "presets.toml").write_text(text.replace("no_repeat_ngram_size = 6", "no_repeat_ngram_size = 4"))
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path))
    summarizer = Summarizer("tiny")
    assert summarizer._identity() != before and summarizer._model is None


def test_a_cache_hit_reports_its_own_time_not_the_first_runs():
    summarizer, docs = Summarizer(FakeModel(), group=False), [article("flood", 8, "a"), article("flood", 8, "b")]
    summarizer.summarize(docs)
    again = summarizer.summarize(docs)
    assert again.from_cache and set(again.timings) == {"total_s"}


def test_usage_says_per_stage_what_the_model_read_and_wrote_in_this_run_only():
    model, docs = FakeModel(), [article("flood", 8, "a"), article("flood", 8, "b")]
    summarizer = Summarizer(model, group=False, length="short")
    result = summarizer.summarize(docs)
    usage, (story,) = result.usage, result.stories
    assert {"documents", "stories", "headlines"} <= set(usage) <= {"documents", "documents continued", "stories",
                                                                   "stories continued", "headlines"}
    assert usage["documents"]["prompt_tokens"] > 0 and usage["documents"]["calls"] == 1
    written = sum(usage[s]["written_tokens"] for s in ("documents", "documents continued") if s in usage)
    assert written == sum(s.output_tokens for s in story.document_summaries) > 0
    assert all(figures["read_s"] >= 0 and figures["write_s"] >= 0 for figures in usage.values())
    again = summarizer.summarize(docs, use_cache=False)  # the model's meter keeps counting: a run sees its own part
    assert again.usage == usage and model.meter.snapshot()["first"].calls == 2 * sum(
        figures["calls"] for stage, figures in usage.items() if "continued" not in stage)
    hit = summarizer.summarize(docs)
    assert hit.from_cache and hit.usage == {}  # no model ran


def test_a_model_object_without_a_meter_leaves_usage_empty():
    class Unmetered:  # a user's own model object: the interface, but no meter
        def __init__(self) -> None:
            self.inner = FakeModel()

        def __getattr__(self, name: str):
            if name == "meter":
                raise AttributeError(name)
            return getattr(self.inner, name)

    result = Summarizer(Unmetered(), group=False).summarize([article("flood", 8, "a"), article("flood", 8, "b")])
    assert result.stories[0].summary and result.usage == {}


def test_a_result_that_cannot_be_cached_is_still_returned_with_a_note(monkeypatch):
    from summarizer.cache import CacheError, ResultCache

    def full_disk(key, result):
        raise CacheError("cache folder /full: cannot write to it (No space left on device)")

    cache = ResultCache()
    monkeypatch.setattr(cache, "put", full_disk)
    result = Summarizer("extractive", group=False, cache=cache).summarize([article("flood", 8, "a")])
    assert result.stories and "The result was not cached: cache folder /full" in result.notes[-1]


def test_a_model_named_by_folder_keeps_one_cache_key_before_and_after_loading(tmp_path):
    summarizer = Summarizer(str(tmp_path / "my-model"))
    before = summarizer._identity()
    summarizer._model = FakeModel()  # as if loaded: a folder's generic preset must not change the key
    summarizer._model.preset = "generic preset of the folder"
    assert summarizer._identity() == before


def test_the_route_auto_resolves_to_for_the_cache_key_follows_the_model_kind_without_loading_it():
    assert Summarizer("pegasus-multi-news")._resolved_route(SummarySettings()) == "select"  # seq2seq
    assert Summarizer("tiny")._resolved_route(SummarySettings()) == "facts"  # chat
    assert Summarizer("extractive")._resolved_route(SummarySettings()) == "select"
    folder = Summarizer("/models/my-model")
    before = folder._resolved_route(folder.settings)
    folder._model = FakeModel()
    folder._model.kind = "seq2seq"  # as if loaded: the key must not change
    assert folder._resolved_route(folder.settings) == before


def test_a_disk_cache_serves_no_result_of_an_earlier_meaning_of_auto(tmp_path, monkeypatch):
    from summarizer.cache import ResultCache

    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    first = Summarizer(FakeModel(), group=False, cache=ResultCache(directory=tmp_path)).summarize(docs)
    assert first.stories[0].route == Route.FACTS
    # A later version of the code, same package version, resolves auto to select for chat models.
    monkeypatch.setattr(SummarySettings, "combined_route", property(lambda settings: Route.SELECT))
    later = Summarizer(FakeModel(), group=False, cache=ResultCache(directory=tmp_path)).summarize(docs)
    assert not later.from_cache and later.stories[0].route == Route.SELECT


def test_disk_cache_serves_a_new_process(tmp_path):
    from summarizer.cache import ResultCache

    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    first = Summarizer("extractive", group=False, cache=ResultCache(directory=tmp_path)).summarize(docs)
    later = Summarizer("extractive", group=False, cache=ResultCache(directory=tmp_path)).summarize(docs)
    assert later.from_cache and later.stories == first.stories


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("max_articles", 2, "more than the limit of 2 a request"),
    ("max_article_chars", 300, "more than the limit of 300 an article"),
    ("max_total_chars", 1000, "characters in all"),
])
def test_a_request_over_a_limit_is_refused_whole_with_the_reason(limit, value, message):
    model = FakeModel()
    docs = [article("flood", 8, f"d{i}") for i in range(3)]
    with pytest.raises(InputError, match=message):
        Summarizer(model, **{limit: value}).summarize(docs)
    assert model.calls == []


def test_fifty_articles_and_a_very_long_one_are_all_accounted_for():
    docs = [article(f"topic{i % 7}", 5, f"d{i}") for i in range(49)]
    # 100,000 words: 10,000 sentences of ten
    docs.append(Document(id="huge", title="Long", source="huge.txt",
                         text=" ".join(f"Sentence {i} of the long report on harbor works." for i in range(10_000))))
    result = Summarizer(FakeModel(context_length=8192)).summarize(docs)
    seen = [d.id for story in result.stories for d in story.documents]
    assert sorted(seen) == sorted(d.id for d in docs)
    assert any("huge: its summary read" in note for story in result.stories for note in story.notes)


def test_an_article_alone_in_its_story_is_summarized_at_the_story_length():
    model = FakeModel()
    summarize([article("flood", 5, "a")], model=model, length="short")
    assert [words for task, _, words in model.calls if task != "headline"] == [(60, 110)]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LEFTOVERS = re.compile(r"next story|begin typing|leave a reply|email address will not|related articles|share this",
                       re.IGNORECASE)


def test_tiny_preset_runs_the_pipeline_deterministically(requires_preset):
    requires_preset("tiny")
    files = [str(EXAMPLES / "harbor-bridge-closure-1.txt"), str(EXAMPLES / "harbor-bridge-closure-2.txt")]
    summarizer = Summarizer("tiny", length="short")
    result = summarizer.summarize(files)
    story, = result.stories
    assert [s.document_id for s in story.document_summaries] == [d.id for d in story.documents]
    # The 135M model writes for every article, but all it writes for one may be garbled (for harbor-2 it invents
    # names no article or dictionary knows): that summary is then empty, and a note must say why.
    assert all(s.output_tokens > 0 for s in story.document_summaries)
    assert all(s.summary or f"{s.document_id}: its summary is empty: every sentence the model wrote was left out"
               in story.notes for s in story.document_summaries), story.notes
    assert story.summary and story.sentences and result.model == "tiny"
    written = sum(result.usage[s]["written_tokens"] for s in ("documents", "documents continued") if s in result.usage)
    assert written == sum(s.output_tokens for s in story.document_summaries)  # transformers' generate, metered
    assert result.usage["documents"]["read_s"] >= 0 and result.usage["documents"]["write_s"] >= 0
    again = summarizer.summarize(files, use_cache=False)
    assert again.stories[0].summary == story.summary
    assert [s.summary for s in again.stories[0].document_summaries] == [s.summary for s in story.document_summaries]


@pytest.mark.slow
def test_default_summarizes_the_seed_articles_as_one_story(requires_preset, seed_texts):
    requires_preset("default")
    result = summarize(seed_texts, model="default", length="short")
    story, = result.stories
    assert len(story.document_summaries) == 5 and all(s.summary for s in story.document_summaries)
    assert story.route == "facts" and 60 * 0.5 <= story.words <= 110
    assert ends_sentence(story.summary)
    assert not LEFTOVERS.search(story.summary)
    assert sum(1 for s in story.sentences if s.sources) >= len(story.sentences) / 2


def test_each_summary_sentence_is_aligned_once_and_its_support_kept_on_the_result(monkeypatch):
    import summarizer.checks.attribution as attribution

    built: list[int] = []
    original = attribution._Index.__init__

    def counting(self, documents):
        built.append(len(documents))
        original(self, documents)

    monkeypatch.setattr(attribution._Index, "__init__", counting)
    docs = [article("flood", 6, "a"), article("flood", 6, "b")]
    story, = Summarizer(FakeModel(), group=False).summarize(docs).stories
    # One index per article summary, one for the combined summary, one to check the headline: none rebuilt after.
    assert sorted(built) == [1, 1, 2, 2]
    for summary, doc in zip(story.document_summaries, docs, strict=True):
        assert summary.sentences and all(s.sources[0].document_id == doc.id for s in summary.sentences)
    monkeypatch.setattr(attribution._Index, "__init__", original)
    assert story.sentences == attribution.attribute(story.summary, story.documents)


def test_per_article_sentence_support_survives_the_json_round_trip():
    result = Summarizer(FakeModel(), group=False).summarize([article("flood", 6, "a"), article("flood", 6, "b")])
    again = SummaryResult.from_json(result.to_json())
    assert again.stories[0].document_summaries == result.stories[0].document_summaries
    assert again.stories[0].document_summaries[0].sentences


class GivenStories:
    """A chunker that makes the stories it is given, as lists of article ids."""

    def __init__(self, *stories: list[str]) -> None:
        self.stories = stories

    def group(self, documents):
        by_id = {d.id: d for d in documents}
        return [Story(f"story-{n}", f"Story {n}", tuple(by_id[i] for i in ids))
                for n, ids in enumerate(self.stories, 1)]


def test_without_per_article_summaries_only_an_article_alone_in_its_story_gets_its_own():
    docs = [article("flood", 8, "a"), article("flood", 8, "b"), article("storm", 8, "c")]
    chunker = GivenStories(["a", "b"], ["c"])
    model = FakeModel()
    pair, lone = Summarizer(model, chunker=chunker, document_summaries=False).summarize(docs).stories
    assert [d.id for d in pair.documents] == ["a", "b"] and pair.route == "facts"
    assert pair.document_summaries == () and pair.summary  # only the combined summary
    assert lone.route == "single" and [s.document_id for s in lone.document_summaries] == ["c"]
    assert lone.summary == lone.document_summaries[0].summary != ""  # its own summary is the story's
    # The model is asked for the pair's combined summary (first: it reads no per-article summary) and the lone
    # article's summary, nothing for a or b alone.
    asked = [(task, [[text.split("\n")[0] for text in request] for request in requests])
             for task, requests, _ in model.calls if task != "headline"]
    assert asked == [("facts", [["1. " + docs[0].text.split(". ")[0] + "."]]), ("document", [["Storm news c"]])], asked
    assert not any("flood" in start for task, starts, _ in model.continuations if task == "document"
                   for start in starts)

    model = FakeModel()  # with them (the default): every article of the pair has its own too
    pair, lone = Summarizer(model, chunker=chunker).summarize(docs).stories
    assert [s.document_id for s in pair.document_summaries] == ["a", "b"]
    assert sum(len(requests) for task, requests, _ in model.calls if task == "document") == 3


def test_without_per_article_summaries_a_fused_story_shows_none_though_it_was_written_from_them():
    docs = [article("flood", 3, f"d{i}") for i in range(8)]
    model = FakeModel(context_length=700, overhead=20)
    story, = Summarizer(model, group=False, document_summaries=False, route="select").summarize(docs).stories
    assert story.route == "fused" and story.summary
    assert story.document_summaries == ()
    assert sum(len(requests) for task, requests, _ in model.calls if task == "document") == 8  # read, not shown


def test_drafts_stream_the_combined_summary_first_and_grow_word_by_word():
    drafts = []
    docs = [article("flood", 8, "a"), article("flood", 8, "b"), article("storm", 3, "c")]
    model = FakeModel()
    result = Summarizer(model, group=False).summarize(docs, on_draft=drafts.append)
    story, = result.stories
    assert drafts[0].kind == "story" and drafts[0].id == story.id
    kinds = [draft.kind for draft in drafts]
    assert "article" in kinds and kinds.index("article") > max(i for i, k in enumerate(kinds) if k == "story")
    by_summary: dict[tuple[str, str], list[str]] = {}
    for draft in drafts:
        by_summary.setdefault((draft.kind, draft.id), []).append(draft.text)
    assert {key for key in by_summary if key[0] == "article"} == {("article", d) for d in ("a", "b", "c")}
    # Each call's text grows; a continuation starts again from the tidied summary (which may have lost words).
    restarts = sum(not later.startswith(earlier) for texts in by_summary.values()
                   for earlier, later in zip(texts, texts[1:], strict=False))
    assert restarts <= sum(len(starts) for _, starts, _ in model.continuations)
    assert len(drafts) > 2 * len(by_summary)
    first_sentence = story.document_summaries[0].summary.split(". ")[0]
    assert by_summary[("article", "a")][-1].startswith(first_sentence)


def test_a_lone_article_streams_as_its_story():
    drafts = []
    story, = Summarizer(FakeModel()).summarize([article("flood", 5, "a")], on_draft=drafts.append).stories
    assert {(draft.kind, draft.id) for draft in drafts} == {("story", story.id)}


def test_raising_from_on_draft_stops_the_run():
    model = FakeModel()

    def stop(draft):
        raise KeyboardInterrupt

    docs = [article("flood", 8, "a"), article("flood", 8, "b")]
    with pytest.raises(KeyboardInterrupt):
        Summarizer(model, group=False).summarize(docs, on_draft=stop)
    assert [task for task, _, _ in model.calls] == ["facts"]  # nothing was asked for after the first draft
