"""The summarizer command end to end (extractive model: no weights needed)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.models import PresetStatus

EXAMPLES = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_output_lists_each_story_with_its_summaries(capsys):
    code, out, err = run(capsys, *EXAMPLES, "--model", "extractive", "--length", "short")
    assert code == 0
    assert out.startswith("3 stories from 7 articles")
    assert out.count("== Story") == 3 and "Combined summary" in out
    assert "Done" in err  # progress goes to stderr, the result to stdout


def test_json_output_is_the_result_and_round_trips(capsys):
    from summarizer import SummaryResult

    code, out, _ = run(capsys, *EXAMPLES[:2], "--model", "extractive", "--format", "json", "--quiet")
    assert code == 0
    result = SummaryResult.from_json(out)
    assert result.model == "extractive" and sum(len(s.documents) for s in result.stories) == 2


def test_markdown_goes_to_the_output_file(capsys, tmp_path):
    target = tmp_path / "out.md"
    args = ("--model", "extractive", "--format", "markdown", "-o", str(target), "-q")
    code, out, err = run(capsys, *EXAMPLES[:2], *args)
    assert code == 0 and out == "" and str(target) in err
    assert target.read_text(encoding="utf-8").startswith("# Summary of 2 articles")


def test_no_group_makes_one_story(capsys):
    code, out, _ = run(capsys, *EXAMPLES, "--model", "extractive", "--no-group", "-q")
    assert code == 0 and out.startswith("1 story from 7 articles")


def test_bad_input_is_a_message_and_exit_status_2(capsys, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    code, out, err = run(capsys, str(binary), "--model", "extractive", "-q")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "photo.txt" in err and "Traceback" not in err


def test_unknown_model_is_a_message(capsys):
    code, _, err = run(capsys, *EXAMPLES[:1], "--model", "no-such-preset", "-q")
    assert code == 2 and "no-such-preset" in err


def test_help_names_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for option in ("--model", "--length", "--no-group", "--format", "--output", "--route", "--threshold", "batch"):
        assert option in out


def test_models_lists_presets_and_their_state(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"default", "tiny", "distilbart-cnn", "pegasus-multi-news", "primera-multi-news"} <= set(names)


def test_models_says_which_preset_runs_in_place_of_another_on_this_cpu(capsys, monkeypatch):
    import summarizer.models

    monkeypatch.setattr(summarizer.models, "preset_statuses", lambda: [
        PresetStatus("default", "causal", "local:default", True, "installed in models/default", runs="default-gguf"),
        PresetStatus("tiny", "causal", "local:tiny", True, "installed in models/tiny")])
    code, out, _ = run(capsys, "models")
    assert code == 0
    default, tiny = out.splitlines()
    assert "installed in models/default; here it runs as default-gguf: on CPUs llama.cpp measured" in default
    assert tiny.endswith("installed in models/tiny")


def test_batch_summarizes_a_jsonl_file(capsys, tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": Path(p).read_text(encoding="utf-8")}) for i, p in enumerate(EXAMPLES)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(source), str(target), "--model", "extractive", "-q")
    assert code == 0 and "7 articles" in err
    stories = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sum(len(s["story"]["documents"]) for s in stories if s["type"] == "story") == 7


def test_cache_dir_serves_a_repeat_and_no_cache_runs_again(capsys, tmp_path):
    args = (*EXAMPLES[:2], "--model", "extractive", "--cache-dir", str(tmp_path / "cache"))
    first = run(capsys, *args)
    again = run(capsys, *args)
    fresh = run(capsys, *args, "--no-cache")
    assert first[1] == again[1] == fresh[1]
    assert "from the result cache" in again[2]
    assert "from the result cache" not in first[2] + fresh[2]
    assert list((tmp_path / "cache").glob("*.json"))


def test_every_setting_is_an_option_with_its_help(capsys):
    from summarizer.settings import describe_settings

    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for info in describe_settings():
        flag = ("--no-" if info.default is True else "--") + info.name.replace("_", "-")
        assert flag in out and " ".join(info.help.split()) in out


def test_setting_options_reach_the_run(capsys):
    code, out, _ = run(capsys, *EXAMPLES, "--model", "extractive", "--format", "json", "-q", "--length", "long",
                       "--route", "whole", "--threshold", "0.95", "--selection-words", "300", "--document-tokens",
                       "256", "--batch-size", "2", "--max-articles", "7", "--max-article-chars", "50000",
                       "--max-total-chars", "400000", "--no-document-summaries")
    assert code == 0
    settings = json.loads(out)["settings"]
    assert settings == {"model": "extractive", "length": "long", "group": True, "threshold": 0.95, "route": "whole",
                        "selection_words": 300, "document_tokens": 256, "batch_size": 2, "document_summaries": False,
                        "max_articles": 7, "max_article_chars": 50000, "max_total_chars": 400000}
    stories = json.loads(out)["stories"]
    # Without per-article summaries only a lone article (its story's summary) keeps one.
    assert all(len(s["document_summaries"]) == (1 if len(s["documents"]) == 1 else 0) for s in stories)


def test_a_limit_option_refuses_a_larger_request_with_a_message(capsys):
    code, out, err = run(capsys, *EXAMPLES, "--model", "extractive", "--max-articles", "2", "-q")
    assert code == 2 and out == ""
    assert err.startswith("error: 7 articles are more than the limit of 2")


@pytest.mark.parametrize(("option", "message"), [
    (("--selection-words", "5"), "error: selection_words must be an integer of at least 100, not 5"),
    (("--batch-size", "0"), "error: batch_size must be an integer of at least 1, not 0"),
])
def test_an_out_of_range_setting_is_a_message_and_exit_status_2(capsys, option, message):
    code, out, err = run(capsys, *EXAMPLES[:1], "--model", "extractive", "-q", *option)
    assert (code, out) == (2, "") and err.strip() == message


def test_an_unknown_choice_is_refused_by_the_parser_with_status_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main([*EXAMPLES[:1], "--model", "extractive", "--length", "huge"])
    assert exited.value.code == 2
    assert "invalid choice: 'huge'" in capsys.readouterr().err


def test_dash_reads_one_article_from_stdin(capsys, monkeypatch):
    text = Path(EXAMPLES[0]).read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, _ = run(capsys, "-", "--model", "extractive", "--format", "json", "-q")
    assert code == 0
    story, = json.loads(out)["stories"]
    document, = story["documents"]
    assert document["title"] == text.splitlines()[0] and document["source"] == "pasted"  # text, not a file name


def test_ctrl_c_is_exit_status_130_with_no_traceback(capsys, monkeypatch):
    import summarizer.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(summarizer.pipeline, "summarize", interrupted)
    code, out, err = run(capsys, *EXAMPLES[:1], "--model", "extractive")
    assert (code, out, err) == (130, "", "interrupted\n")


def test_progress_in_a_log_is_one_line_per_step(capsys):
    code, _, err = run(capsys, *EXAMPLES[:2], "--model", "extractive", "--no-cache")
    assert code == 0 and "\r" not in err
    lines = err.splitlines()
    assert lines[0] == "[  0%] Reading articles" and lines[-1] == "[100%] Done"


def test_progress_on_a_terminal_is_a_bar(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run(capsys, *EXAMPLES[:2], "--model", "extractive", "--no-cache")
    assert code == 0
    final = err.rstrip("\n").split("\r")[-1]  # tqdm redraws one line
    assert final.startswith("100%|" + "█" * 30 + "|") and final.endswith(" Done")


def test_batch_takes_the_setting_options(capsys, tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": Path(p).read_text(encoding="utf-8")}) for i, p in enumerate(EXAMPLES)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(source), str(target), "--model", "extractive", "--no-group",
                       "--length", "short", "-q")
    assert code == 0
    stories = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [len(s["story"]["documents"]) for s in stories if s["type"] == "story"] == [7]  # --no-group: one story


def test_stream_prints_drafts_on_stderr_and_the_checked_result_on_stdout(capsys, monkeypatch):
    import summarizer.pipeline as pipeline
    from tests.fakes import FakeModel

    real = pipeline.summarize
    monkeypatch.setattr(pipeline, "summarize", lambda inputs, **kw: real(inputs, **{**kw, "model": FakeModel()}))
    code, out, err = run(capsys, *EXAMPLES[:3], "--stream", "--no-group", "--no-cache")
    assert code == 0 and out.startswith("1 story from 3 articles")
    assert err.startswith("--- Combined summary: ")
    assert err.count("--- Article summary: ") >= 3
    assert err.rstrip().endswith("the checked result follows ---")
    assert "[ " not in err  # the drafts replace the progress lines
