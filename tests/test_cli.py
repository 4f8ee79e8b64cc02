"""The summarizer command end to end (extractive model: no weights needed)."""

from __future__ import annotations

import json
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

    runs = {"default": "default-gguf"}
    monkeypatch.setattr(summarizer.models, "preset_to_run", lambda name: (runs.get(name, name), ""))
    monkeypatch.setattr(summarizer.models, "preset_statuses", lambda: [
        PresetStatus("default", "causal", "local:default", True, "installed in models/default"),
        PresetStatus("tiny", "causal", "local:tiny", True, "installed in models/tiny")])
    code, out, _ = run(capsys, "models")
    assert code == 0
    default, tiny = out.splitlines()
    assert default.endswith("installed in models/default; on this CPU (no native bf16) it runs as default-gguf")
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
