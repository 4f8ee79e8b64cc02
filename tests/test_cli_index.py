"""`summarizer update`, `stories` and `show` end to end (extractive model, or the fake one through the API):
what is new comes first, JSON parses, and every user error is one line on stderr with exit status 2."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from summarizer import Summarizer, SummaryResult
from summarizer.cli import main
from summarizer.documents import Document
from summarizer.index import StoryIndex
from summarizer.updates import update_index
from tests.fakes import FakeModel
from tests.index.fakes import NEW_FACT, FirstWordAssigner, bridge_update

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BRIDGE = [str(EXAMPLES / f"harbor-bridge-closure-{n}.txt") for n in (1, 2, 3)]
COMET = [str(EXAMPLES / f"comet-discovery-{n}.txt") for n in (1, 2)]
FAST = ("--model", "extractive", "--length", "short", "--quiet")


def run(capsys, command: str, *argv: str) -> tuple[int, str, str]:
    code = main([command, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def article(doc_id: str, title: str, text: str, day: str) -> Document:
    return Document(id=doc_id, title=title, text=text, source=f"{doc_id}.txt", date=day)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "news.db")


def test_update_then_stories_then_show_in_json(capsys, db, tmp_path):
    articles = bridge_update(tmp_path)
    code, out, _ = run(capsys, "update", db, *articles[:2], *COMET, *FAST, "--format", "json")
    first = json.loads(out)
    assert code == 0 and [u["first"] for u in first["updates"]] == [True, True]
    bridge = next(u["story_id"] for u in first["updates"]
                  if u["result"]["stories"][0]["documents"][0]["id"].startswith("bridge"))
    code, out, _ = run(capsys, "update", db, articles[2], *FAST, "--format", "json")
    (second,) = json.loads(out)["updates"]
    assert code == 0 and (second["story_id"], second["version"]) == (bridge, 2)
    assert second["what_is_new"] == [NEW_FACT]  # not the lead it repeats, nor the first two articles' facts
    code, out, _ = run(capsys, "stories", db, "--format", "json")
    stories = json.loads(out)
    assert code == 0 and {s["id"]: (s["size"], s["stale"]) for s in stories}[bridge] == (3, False)
    assert len(stories) == 2
    code, out, _ = run(capsys, "show", db, bridge, "--format", "json")
    shown = json.loads(out)
    assert code == 0 and (shown["version"], shown["merged"]) == (2, False)
    assert shown["what_is_new"] == second["what_is_new"]
    assert len(SummaryResult.from_dict(shown["result"]).stories[0].documents) == 3


def test_show_prints_what_is_new_before_the_summary_and_its_timeline(capsys, db, tmp_path):
    articles = bridge_update(tmp_path)
    run(capsys, "update", db, *articles[:2], *FAST)
    run(capsys, "update", db, articles[2], *FAST)
    code, out, err = run(capsys, "show", db, "s-000001")
    assert code == 0 and err == ""
    new = out.index("What is new:\n  - " + " ".join(NEW_FACT.split()[:4]))
    assert new < out.index("Combined summary") < out.index("Timeline:")
    assert "Summary version 2" in out
    code, out, _ = run(capsys, "show", db, "s-000001", "--format", "markdown")
    assert code == 0 and out.index("### What is new") < out.index("### Combined summary") < out.index("### Timeline")


def test_update_lists_what_is_new_before_the_summaries(capsys, db):
    code, out, _ = run(capsys, "update", db, *BRIDGE[:2], *FAST)
    assert code == 0 and out.startswith("What is new\n")
    assert out.index("first summary: everything in it is new") < out.index("Combined summary")
    assert "harbor-bridge-closure-1: opened story s-000001" in out


def test_an_update_with_nothing_new_says_no_model_ran(capsys, db):
    run(capsys, "update", db, *BRIDGE[:2], *FAST)
    code, out, _ = run(capsys, "update", db, *BRIDGE[:2], *FAST)
    assert code == 0 and "no model ran" in out and "Combined summary" not in out
    assert "already indexed" in out and "0 stories summarized (0 new), 1 unchanged" in out


def test_a_merged_story_id_shows_the_story_it_was_merged_into(capsys, db):
    with StoryIndex.open(db) as index:
        summarizer = Summarizer(FakeModel())
        for docs, same in [([article("f", "Flood hits town", "The river flooded the town.", "2024-03-20"),
                             article("l", "Levee fails", "The east levee failed at night.", "2024-03-20")], {}),
                           ([article("b", "Flood and levee", "Crews repaired the levee.", "2024-03-21")],
                            {"levee": "flood"})]:
            update_index(summarizer, index, docs, today=date(2024, 4, 1), assigner=FirstWordAssigner(same=same))
    code, out, _ = run(capsys, "show", db, "s-000002")
    assert code == 0 and "story s-000002 was merged into s-000001" in out.splitlines()[1]
    code, out, _ = run(capsys, "show", db, "s-000002", "--format", "json")
    assert json.loads(out)["story_id"] == "s-000001" and json.loads(out)["merged"] is True


def test_stories_since_lists_only_the_stories_seen_since(capsys, db):
    with StoryIndex.open(db) as index:
        update_index(Summarizer(FakeModel()), index,
                     [article("a", "Bridge shut", "The bridge shut.", "2024-03-20"),
                      article("b", "Bakery opens", "A bakery opened.", "2024-01-05")],
                     today=date(2024, 4, 1), assigner=FirstWordAssigner(window_days=365))
    code, out, _ = run(capsys, "stories", db, "--since", "2024-03-01")
    assert code == 0 and out.splitlines()[0].split()[:4] == ["ID", "ARTICLES", "LAST", "SEEN"]
    assert [line.split()[:4] for line in out.splitlines()[1:]] == [["s-000001", "1", "2024-03-20", "summarized"]]


def test_an_unknown_story_id_exits_2_naming_it(capsys, db):
    run(capsys, "update", db, *BRIDGE[:1], *FAST)
    code, out, err = run(capsys, "show", db, "s-000042")
    assert (code, out) == (2, "") and err.startswith("error: ") and "'s-000042'" in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("command", ["stories", "show"])
def test_a_missing_index_exits_2_with_a_clear_message(capsys, tmp_path, command):
    missing = tmp_path / "none.db"
    code, out, err = run(capsys, command, str(missing), *(["s-000001"] if command == "show" else []))
    assert (code, out) == (2, "")
    assert err == f"error: story index {missing}: no index there (it is made by adding articles to it)\n"
    assert not missing.exists()


@pytest.mark.parametrize("command", ["update", "stories", "show"])
def test_a_corrupt_index_exits_2_without_a_traceback(capsys, tmp_path, command):
    corrupt = tmp_path / "news.db"
    corrupt.write_bytes(b"not a database " * 100)
    extra = {"update": [*BRIDGE[:1], *FAST], "show": ["s-000001"]}.get(command, [])
    code, out, err = run(capsys, command, str(corrupt), *extra)
    assert (code, out) == (2, "") and err.startswith(f"error: story index {corrupt}: ")
    assert "corrupt" in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_seed_files_added_in_two_runs_stay_one_story_whose_id_holds(capsys, db, seed_texts):
    from tests.conftest import SEEDS

    seeds = [str(path) for path in sorted(SEEDS.glob("article_*.txt"))]
    ids = []
    for part in (seeds[:2], seeds[2:]):
        assert run(capsys, "update", db, *part, *FAST)[0] == 0
        code, out, _ = run(capsys, "stories", db, "--format", "json")
        ids.append([(story["id"], story["size"]) for story in json.loads(out)])
    assert ids == [[("s-000001", 2)], [("s-000001", 5)]]


def test_a_shorter_half_life_splits_a_story_whose_dated_articles_are_months_apart(capsys, tmp_path):
    texts = {"2024-03-01": "The harbor bridge council voted to fund the cable repair and close the bridge deck.",
             "2024-06-01": "Engineers reopened the harbor bridge deck after the council funded cable repair work."}
    paths = []
    for day, text in texts.items():
        path = tmp_path / f"{day}.jsonl"
        path.write_text(json.dumps({"text": text, "title": "Harbor bridge", "date": day}) + "\n", encoding="utf-8")
        paths.append(str(path))
    counts = []
    for half_life in ("7", "365"):
        index = str(tmp_path / f"h{half_life}.db")
        for path in paths:
            assert run(capsys, "update", index, path, *FAST, "--half-life-days", half_life)[0] == 0
        counts.append(len(json.loads(run(capsys, "stories", index, "--format", "json")[1])))
    assert counts == [2, 1]
