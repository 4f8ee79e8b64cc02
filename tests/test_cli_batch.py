"""`summarizer batch` on the command line: exit status 0 with the output written, 2 with `error: ...` on stderr."""

from __future__ import annotations

import json
import sqlite3
import sys
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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def write_stories(path: Path) -> Path:
    """Two stories' articles interleaved (bridge, comet, bridge, comet, bridge): chunks of 2 split both."""
    names = ["harbor-bridge-closure-1", "comet-discovery-1", "harbor-bridge-closure-2", "comet-discovery-2",
             "harbor-bridge-closure-3"]
    path.write_text("".join(json.dumps({"id": name, "text": (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")})
                            + "\n" for name in names), encoding="utf-8")
    return path


def test_batch_into_an_index_keeps_each_story_whole_across_chunks(capsys, tmp_path):
    source, target, db = write_stories(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db"
    code, out, err = run(capsys, str(source), str(target), "--index", str(db), "--half-life-days", "7",
                         "--model", "extractive", "--chunk-size", "2", "-q")
    assert (code, out) == (0, "")
    assert err.startswith(f"3 chunk(s) added to {db}, 0 already done: 5 articles, 2 stories summarized, 0 skipped")
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    documents = {line["story_id"]: sorted(d["id"] for d in line["result"]["stories"][0]["documents"])
                 for line in lines}
    assert sorted(documents.values()) == [["comet-discovery-1", "comet-discovery-2"],
                                          ["harbor-bridge-closure-1", "harbor-bridge-closure-2",
                                           "harbor-bridge-closure-3"]]
    assert main(["stories", str(db), "--format", "json"]) == 0
    assert sorted(s["id"] for s in json.loads(capsys.readouterr().out)) == sorted(documents)


def test_half_life_days_without_an_index_exits_2_naming_the_option(capsys, tmp_path):
    source, target = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(source), str(target), "--half-life-days", "30", "--model", "extractive", "-q")
    assert (code, out) == (2, "")
    assert err == "error: --half-life-days needs --index: it decides which story of the index an article joins\n"
    assert not target.exists()


def test_an_unreadable_index_exits_2_in_one_line(capsys, tmp_path):
    source, target, db = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db"
    db.write_bytes(b"not a database " * 100)
    code, out, err = run(capsys, str(source), str(target), "--index", str(db), "--model", "extractive", "-q")
    assert (code, out) == (2, "") and err.startswith(f"error: story index {db}: ")
    assert "corrupt" in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_index_that_is_the_output_exits_2(capsys, tmp_path):
    source, target = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(source), str(target), "--index", str(target), "--model", "extractive", "-q")
    assert (code, out, err) == (2, "", f"error: index {target}: is the output; choose another index file\n")
    assert not target.exists()


def test_a_locked_index_exits_2_and_the_same_command_then_finishes(capsys, tmp_path, monkeypatch):
    from summarizer.index import StoryIndex

    source, target, db = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db"
    StoryIndex.open(db).close()
    opened = StoryIndex.open.__func__  # the run's own open, waiting 10 ms instead of 5 s for the other writer
    monkeypatch.setattr(StoryIndex, "open", classmethod(lambda cls, path, **kw: opened(cls, path, busy_timeout=0.01)))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of an update
    argv = (str(source), str(target), "--index", str(db), "--model", "extractive", "-q")
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and err.startswith(f"error: story index {db}: in use by another process")
    assert err.count("\n") == 1
    holder.execute("ROLLBACK")
    holder.close()
    code, out, err = run(capsys, *argv)
    assert (code, out) == (0, "") and "1 chunk(s) added" in err and "3 articles" in err


def test_ray_without_ray_installed_exits_2_before_any_article_is_added(capsys, tmp_path, monkeypatch):
    source, target, db = write_input(tmp_path / "in.jsonl"), tmp_path / "out.jsonl", tmp_path / "news.db"
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail as if it were not installed
    hint = "error: engine='ray' needs Ray Data: pip install 'summarizer[ray]'\n"
    code, out, err = run(capsys, str(source), str(target), "--index", str(db), "--engine", "ray", "--model",
                         "extractive", "-q")
    assert (code, out, err) == (2, "", hint) and not target.exists() and not db.exists()
    code = main(["update", str(db), str(EXAMPLES / "comet-discovery-1.txt"), "--engine", "ray", "--workers", "2",
                 "--model", "extractive", "-q"])
    assert (code, *capsys.readouterr(), db.exists()) == (2, "", hint, False)
