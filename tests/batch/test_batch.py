"""Batch runs: every article written once, resume after a crash, repair of a half-written chunk, Ray = local."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from summarizer import InputError, Summarizer, SummarySettings
from summarizer.batch import BatchError, run_batch
from summarizer.errors import SummarizerError
from summarizer.models import BackendChoice

SETTINGS = SummarySettings(model="extractive", length="short")
# Invented topics with disjoint vocabularies, so each chunk groups into several stories.
TOPICS = {
    "flood": "river water levee rain evacuation boats flooding basement sandbags",
    "harvest": "farmers apples orchard grain tractor drought crop prices",
    "election": "voters ballot candidate parliament campaign polling minister coalition",
}


def article_line(n: int, topic: str) -> str:
    words = TOPICS[topic].split()
    sentences = [f"The {words[(n + i) % len(words)]} and the {words[(n + 2 * i) % len(words)]} were reported "
                 f"by the {topic} desk in update {n}-{i}." for i in range(4)]
    return json.dumps({"id": f"{topic}-{n}", "title": f"{topic.title()} update {n}", "text": " ".join(sentences)})


def write_input(path: Path, n: int = 23) -> tuple[Path, set[int]]:
    """A JSONL of n articles plus bad lines; returns the path and the numbers of its non-blank lines."""
    lines = [article_line(i, list(TOPICS)[i % 3]) for i in range(n)]
    lines[4] = "not json at all"
    lines[9] = json.dumps({"title": "no text here"})
    lines[12] = ""  # blank: no article
    lines[15] = json.dumps({"id": "flood-18", "text": "An article reusing the id of line 19, about the river levee."})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, {i + 1 for i, line in enumerate(lines) if line.strip()}


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def written_lines(path: Path) -> list[int]:
    """Input line numbers named by the output, with repeats: in story lines and skipped lines."""
    found = []
    for record in records(path):
        found += record["lines"] if record["type"] == "story" else [record["line"]]
    return found


def crash_after_first_chunk(message: str, fraction: float) -> None:
    raise KeyboardInterrupt("simulated crash")


@pytest.fixture
def uninterrupted(tmp_path) -> tuple[Path, bytes]:
    source, _ = write_input(tmp_path / "in.jsonl")
    out = tmp_path / "reference.jsonl"
    run_batch(source, out, settings=SETTINGS, chunk_size=5)
    return source, out.read_bytes()


def test_every_article_is_written_once_in_a_story_or_a_skipped_line(tmp_path):
    source, expected = write_input(tmp_path / "in.jsonl")
    report = run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, chunk_size=5)
    found = written_lines(tmp_path / "out.jsonl")
    assert sorted(found) == sorted(expected)  # all of them, none twice
    reasons = {r["line"]: r["reason"] for r in records(tmp_path / "out.jsonl") if r["type"] == "skipped"}
    assert reasons.keys() == {5, 10} and "not valid JSON" in reasons[5] and "text" in reasons[10]
    assert (report.chunks_done, report.chunks_skipped, report.skipped) == (5, 0, 2)
    assert report.articles == len(expected) - 2 and report.stories > report.chunks_done  # chunks hold several


def test_story_lines_carry_the_chunk_and_the_story(tmp_path):
    source, _ = write_input(tmp_path / "in.jsonl")
    run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, chunk_size=5)
    story = next(r for r in records(tmp_path / "out.jsonl") if r["type"] == "story" and r["chunk"] == 4)
    assert all(16 <= line <= 20 for line in story["lines"])
    assert story["story"]["summary"] and story["story"]["route"] in ("single", "extractive")
    assert [d["id"] for d in story["story"]["documents"]][0].split("-")[0] in TOPICS


def test_a_rerun_after_a_crash_finishes_without_duplicates(tmp_path, uninterrupted):
    source, reference = uninterrupted
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, settings=SETTINGS, chunk_size=5, progress=crash_after_first_chunk)
    assert 0 < len(out.read_bytes()) < len(reference)
    report = run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert (report.chunks_skipped, report.chunks_done) == (1, 4)
    assert out.read_bytes() == reference


@pytest.mark.parametrize("leftover", [b'{"type": "story", "chunk": 2, "lines": [6, 7', b"\xff\xfe garbage\n{}\n",
                                      b'{"type": "skipped"}\n' * 20_000],
                         ids=["partial-line", "garbage", "longer-than-the-rest"])
def test_a_half_written_chunk_is_cut_off_and_rewritten(tmp_path, uninterrupted, leftover):
    source, reference = uninterrupted
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, settings=SETTINGS, chunk_size=5, progress=crash_after_first_chunk)
    with out.open("ab") as file:  # what a crash while writing chunk 2 leaves behind
        file.write(leftover)
    run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert out.read_bytes() == reference
    assert len(records(out)) == len(reference.splitlines())  # every line parses again


def test_a_crash_inside_the_first_chunk_is_resumable(tmp_path, monkeypatch, uninterrupted):
    source, reference = uninterrupted
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(Summarizer, "summarize", lambda self, documents, **options: crash_after_first_chunk("", 0))
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, settings=SETTINGS, chunk_size=5)
    monkeypatch.undo()
    out.write_bytes(b'{"type": "story", "chu')  # as if the crash came while chunk 1 was being written
    run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert out.read_bytes() == reference


def test_a_finished_output_is_left_as_it_is(tmp_path, uninterrupted):
    source, reference = uninterrupted
    out = tmp_path / "out.jsonl"
    run_batch(source, out, settings=SETTINGS, chunk_size=5)
    report = run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert (report.chunks_done, report.chunks_skipped, report.articles) == (0, 5, 0)
    assert out.read_bytes() == reference


@pytest.mark.parametrize("change, message", [
    (lambda source, monkeypatch: {"settings": SummarySettings(model="extractive", length="long")}, "other settings"),
    (lambda source, monkeypatch: {"chunk_size": 7}, "another chunk size"),
    (lambda source, monkeypatch: os.utime(source, ns=(1, 1)) or {}, "the input file before it changed"),
    # Same bytes and modification time (a rename keeps both), other path.
    (lambda source, monkeypatch: {"input_path": source.rename(source.with_name("moved.jsonl"))},
     "another input file"),
    # Same settings, but this machine would now run another model for them (as `default` -> `default-gguf`).
    (lambda source, monkeypatch: monkeypatch.setattr("summarizer.batch.state.choose_backend",
                                                     lambda name: BackendChoice("default-gguf")) or {},
     "another model running"),
], ids=["settings", "chunk-size", "input-changed", "input-moved", "model-runs"])
def test_a_resume_that_would_mix_runs_is_refused(tmp_path, monkeypatch, change, message):
    source, _ = write_input(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, settings=SETTINGS, chunk_size=5, progress=crash_after_first_chunk)
    before = out.read_bytes()
    options = {"input_path": source, "settings": SETTINGS, "chunk_size": 5, **change(source, monkeypatch)}
    with pytest.raises(BatchError, match=f"{out}: was started with {message}.*delete .* to start over"):
        run_batch(output_path=out, **options)
    assert out.read_bytes() == before


def interrupted_run(tmp_path: Path) -> tuple[Path, Path]:
    """An input and the output of a run that crashed after its first chunk (so it has a state file)."""
    source, _ = write_input(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, settings=SETTINGS, chunk_size=5, progress=crash_after_first_chunk)
    return source, out


@pytest.mark.parametrize("saved", [
    "{not json",
    "",
    "[1, 2, 3]",
    '{"format": 1, "offset": 0}',
    '{"format": 99, "done": [], "offset": 0}',
    '{"format": 1, "done": [1], "offset": "120"}',
    '{"format": 1, "done": 1, "offset": 0}',
], ids=["garbage", "empty", "a-list", "no-done", "unknown-format", "offset-not-a-number", "done-not-a-list"])
def test_a_resume_with_an_unreadable_state_file_is_refused(tmp_path, saved):
    source, out = interrupted_run(tmp_path)
    state = tmp_path / "out.jsonl.state.json"
    state.write_text(saved, encoding="utf-8")
    before = out.read_bytes()
    with pytest.raises(BatchError, match=f"state file {state}: cannot be read .*; delete .* to start over"):
        run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert out.read_bytes() == before


def test_a_resume_of_an_output_cut_below_its_saved_length_is_refused(tmp_path):
    source, out = interrupted_run(tmp_path)
    offset = json.loads((tmp_path / "out.jsonl.state.json").read_text(encoding="utf-8"))["offset"]
    assert offset == len(out.read_bytes()) > 10
    out.write_bytes(out.read_bytes()[:10])  # a story the state counts as written is gone
    with pytest.raises(BatchError, match=fr"{out}: is shorter \(10 bytes\) than its state says \({offset}\); "
                                         "it was changed outside the batch run; delete .* to start over"):
        run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert len(out.read_bytes()) == 10


def test_a_run_while_another_one_writes_the_output_is_refused(tmp_path):
    fcntl = pytest.importorskip("fcntl", reason="output locking is POSIX only")
    source, out = interrupted_run(tmp_path)
    with out.open("ab") as other:  # another run, mid-chunk: holds the lock and has written past the offset
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        other.write(b'{"type": "story", "chu')
        other.flush()
        before = out.read_bytes()
        with pytest.raises(BatchError, match=f"output {out}: another batch run is writing it"):
            run_batch(source, out, settings=SETTINGS, chunk_size=5)
        assert out.read_bytes() == before  # its half-written chunk is not cut off under it


def test_a_failing_chunk_is_named_and_the_chunks_before_it_stay_done(tmp_path, monkeypatch, uninterrupted):
    source, reference = uninterrupted
    out = tmp_path / "out.jsonl"
    summarize = Summarizer.summarize

    def failing_on_line_7(self, documents, **options):
        if any(d.id == "flood-6" for d in documents):
            raise InputError("simulated failure")
        return summarize(self, documents, **options)

    monkeypatch.setattr(Summarizer, "summarize", failing_on_line_7)
    with pytest.raises(BatchError, match=r"in.jsonl: chunk 2 \(from line 6\) failed: simulated failure"):
        run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert {r["chunk"] for r in records(out)} == {1}
    monkeypatch.undo()
    run_batch(source, out, settings=SETTINGS, chunk_size=5)
    assert out.read_bytes() == reference


def test_a_missing_model_is_a_clear_error(tmp_path):
    source, _ = write_input(tmp_path / "in.jsonl")
    with pytest.raises(BatchError, match="chunk 1 .* failed: unknown model '/no/such/model'"):
        run_batch(source, tmp_path / "out.jsonl", settings=SummarySettings(model="/no/such/model"))


def test_long_and_undecodable_lines_are_skipped_with_their_reason(tmp_path, monkeypatch):
    monkeypatch.setattr("summarizer.batch.chunks.MAX_LINE_BYTES", 400)
    source = tmp_path / "in.jsonl"
    long_line = json.dumps({"text": "word " * 200}).encode()
    source.write_bytes(article_line(1, "flood").encode() + b"\n" + long_line + b"\n"
                       + b'{"text": "caf\xe9 news"}\n' + article_line(2, "flood").encode() + b"\n")
    run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, chunk_size=3)
    reasons = {r["line"]: r["reason"] for r in records(tmp_path / "out.jsonl") if r["type"] == "skipped"}
    assert reasons == {2: "line longer than 400 bytes", 3: "not valid UTF-8 (invalid continuation byte at byte 13)"}
    assert sorted(written_lines(tmp_path / "out.jsonl")) == [1, 2, 3, 4]


def test_an_article_over_the_character_limit_is_skipped_and_its_chunk_summarized(tmp_path):
    settings = SummarySettings(model="extractive", length="short", max_article_chars=400)
    source = tmp_path / "in.jsonl"
    lines = [article_line(1, "flood"), json.dumps({"id": "huge", "text": "The levee held. " * 40}),
             article_line(2, "flood"), article_line(3, "harvest")]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_batch(source, tmp_path / "out.jsonl", settings=settings, chunk_size=4)
    skipped = [r for r in records(tmp_path / "out.jsonl") if r["type"] == "skipped"]
    assert [(r["line"], r["source"], r["reason"]) for r in skipped] == [
        (2, f"{source}:2", "639 characters, more than the limit of 400 an article")]
    assert sorted(written_lines(tmp_path / "out.jsonl")) == [1, 2, 3, 4]
    assert (report.chunks_done, report.articles, report.skipped) == (1, 3, 1) and report.stories >= 1


def test_a_chunk_over_the_request_limits_is_summarized_whole(tmp_path):
    # 10 articles of about 300 characters a chunk: over both limits of one request.
    settings = SummarySettings(model="extractive", length="short", max_articles=3, max_total_chars=1_000)
    source, expected = write_input(tmp_path / "in.jsonl")
    report = run_batch(source, tmp_path / "out.jsonl", settings=settings, chunk_size=10)
    assert sorted(written_lines(tmp_path / "out.jsonl")) == sorted(expected)
    assert (report.chunks_done, report.skipped) == (3, 2)


def test_no_result_is_kept_in_memory_between_chunks(tmp_path, monkeypatch):
    source, _ = write_input(tmp_path / "in.jsonl")
    summarize, held = Summarizer.summarize, []

    def counting(self, documents, **options):
        result = summarize(self, documents, **options)
        held.append(len(self.cache))
        return result

    monkeypatch.setattr(Summarizer, "summarize", counting)
    run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, chunk_size=5)
    assert held == [0] * 5


def test_bad_inputs_and_options_are_clear_errors(tmp_path):
    source, _ = write_input(tmp_path / "in.jsonl")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "other.jsonl").write_text("someone's data\n", encoding="utf-8")
    cases = [
        ({"input_path": tmp_path / "missing.jsonl"}, "input .*missing.jsonl: no such file"),
        ({"input_path": tmp_path}, "is a folder, not a JSONL file"),
        ({"input_path": tmp_path / "empty.jsonl"}, "empty.jsonl: empty file, no articles"),
        ({"output_path": tmp_path / "no" / "out.jsonl"}, "its folder .* does not exist"),
        ({"output_path": source}, "is the input file"),
        ({"output_path": tmp_path / "other.jsonl"}, "exists and is not from a batch run"),
        ({"engine": "spark"}, "engine must be one of local, ray, not 'spark'"),
        ({"workers": 2}, "workers=2 needs engine='ray'"),
        ({"chunk_size": 0}, "chunk_size must be an integer of at least 1, not 0"),
        ({"settings": {"model": "extractive"}}, "settings must be a SummarySettings"),
    ]
    for options, message in cases:
        arguments = {"input_path": source, "output_path": tmp_path / "out.jsonl", "settings": SETTINGS, **options}
        with pytest.raises(BatchError, match=message):
            run_batch(**arguments)
    assert (tmp_path / "other.jsonl").read_text(encoding="utf-8") == "someone's data\n"  # never overwritten
    assert issubclass(BatchError, SummarizerError)


def test_the_ray_engine_without_ray_names_the_extra_to_install(tmp_path, monkeypatch):
    source, _ = write_input(tmp_path / "in.jsonl")
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail as if it were not installed
    with pytest.raises(BatchError, match=r"pip install 'summarizer\[ray\]'"):
        run_batch(source, tmp_path / "out.jsonl", settings=SETTINGS, engine="ray")


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'summarizer[ray]'")
    pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install 'summarizer[ray]'")
    package = Path(__file__).resolve().parents[2] / "summarizer"
    # py_modules ships the package to the workers: in a source checkout it is not installed.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"py_modules": [str(package)]})
    yield ray
    ray.shutdown()


def test_ray_engine_writes_the_same_stories_as_the_local_one_and_resumes_a_local_run(tmp_path, uninterrupted,
                                                                                     local_ray):
    source, reference = uninterrupted
    out = tmp_path / "ray.jsonl"
    report = run_batch(source, out, settings=SETTINGS, engine="ray", workers=2, chunk_size=5)
    assert report.chunks_done == 5
    # chunks finish in any order; each chunk's lines are written together
    assert sorted(out.read_bytes().splitlines()) == sorted(reference.splitlines())

    resumed = tmp_path / "resumed.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(source, resumed, settings=SETTINGS, chunk_size=5, progress=crash_after_first_chunk)
    report = run_batch(source, resumed, settings=SETTINGS, engine="ray", workers=2, chunk_size=5)
    assert (report.chunks_skipped, report.chunks_done) == (1, 4)
    assert sorted(resumed.read_bytes().splitlines()) == sorted(reference.splitlines())


def test_a_ray_worker_error_is_a_clear_error(tmp_path, local_ray):
    source, _ = write_input(tmp_path / "in.jsonl")
    with pytest.raises(BatchError, match="chunk .* failed: unknown model '/no/such/model'"):
        run_batch(source, tmp_path / "out.jsonl", settings=SummarySettings(model="/no/such/model"), engine="ray",
                  chunk_size=10)
