"""`summarizer batch` on the command line: exit status 0 with the output written, 2 with `error: ...` on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.cli import main

ARTICLES = [
    "The river rose two metres overnight and flooded the lower town. Families left their homes by boat.",
    "Farmers in the valley reported a strong apple harvest despite a dry summer. Grain prices fell again.",
    "Shelters in the lower town filled up as the river peaked. Crews moved more families by boat.",
]


def write_input(path: Path) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i, text in enumerate(ARTICLES)),
                    encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["batch", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_batch_writes_every_article_and_exits_0(capsys, tmp_path):
    source, target = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(source), str(target), "--model", "extractive", "--chunk-size", "2", "-q")
    assert (code, out) == (0, "")
    assert err.startswith("2 chunk(s) summarized, 0 already done: 3 articles in ") and err.endswith(f"{target}\n")
    stories = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert all(s["type"] == "story" for s in stories)
    assert sorted(line for s in stories for line in s["lines"]) == [1, 2, 3]
    assert {s["chunk"] for s in stories} == {1, 2}


def test_a_missing_input_exits_2_naming_it(capsys, tmp_path):
    missing, target = tmp_path / "missing.jsonl", tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(missing), str(target), "--model", "extractive", "-q")
    assert (code, out, err) == (2, "", f"error: input {missing}: no such file\n")
    assert not target.exists()


def test_a_resume_with_other_settings_exits_2_naming_the_reason(capsys, tmp_path):
    source, target = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    assert run(capsys, str(source), str(target), "--model", "extractive", "--length", "short", "-q")[0] == 0
    written = target.read_bytes()
    code, out, err = run(capsys, str(source), str(target), "--model", "extractive", "--length", "long", "-q")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: output {target}: was started with other settings (")
    assert err.endswith(f"delete {target} and {target}.state.json to start over\n")
    assert target.read_bytes() == written


def test_workers_with_the_local_engine_exits_2_naming_the_option(capsys, tmp_path):
    source, target = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(source), str(target), "--model", "extractive", "--workers", "2", "-q")
    assert (code, out) == (2, "")
    assert err == "error: workers=2 needs engine='ray': the local engine runs in this one process\n"
    assert not target.exists()
