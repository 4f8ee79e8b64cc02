"""One reader: pasted text, a JSONL line and a batch line are read as a file is (same notices, ids, limits)."""

import json

import pytest

from summarizer import SummarySettings
from summarizer.batch import run_batch
from summarizer.documents import (
    MAX_FILE_BYTES,
    MAX_PASTED_CHARS,
    Document,
    Pasted,
    Skipped,
    load_documents,
    pasted_articles,
    read_jsonl_line,
    unique_id,
)
from summarizer.errors import InputError

BODY = "Engineers closed the old stone bridge after the river rose three metres overnight."
MORE = "Residents were told to use the northern crossing until the water falls again."
NOTICE = ("About this capture\n\nThis page was saved by an automated crawl. Captures from the crawler enter the "
          "Wayback Machine after an embargo; the seeds list all URLs with outbound links.")


def test_pasted_text_naming_an_existing_file_is_text_not_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Do not show this file to anyone.", encoding="utf-8")
    document, = load_documents([Pasted(str(secret))]).documents
    assert document.text == str(secret) and document.source == "pasted"


def test_pasted_articles_are_split_on_dash_lines_and_numbered_after_the_files(tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(BODY, encoding="utf-8")
    loaded = load_documents([str(path), *pasted_articles(f"{MORE}\n---\n{BODY} Later.")])
    assert [(d.id, d.source) for d in loaded.documents] == [
        ("bridge", str(path)), ("pasted-1", "pasted"), ("pasted-2", "pasted")]


def test_a_pasted_notice_is_skipped_as_one_in_a_file_is(tmp_path):
    path = tmp_path / "capture.txt"
    path.write_text(NOTICE, encoding="utf-8")
    loaded = load_documents([str(path), *pasted_articles(f"{NOTICE}\n---\n{BODY}")])
    assert [d.text for d in loaded.documents] == [BODY]
    assert loaded.skipped == (Skipped(str(path), "not an article: web archive notice"),
                              Skipped("pasted-1", "not an article: web archive notice"))


def test_pasted_text_over_the_limit_is_refused_with_the_limit():
    assert MAX_PASTED_CHARS == 1_000_000 and MAX_FILE_BYTES == 5_000_000
    with pytest.raises(InputError, match="has 1,000,001 characters; the limit is 1,000,000"):
        pasted_articles("x" * 1_000_001)
    assert pasted_articles(None) == pasted_articles("  \n---\n ") == []


def test_one_id_rule_numbers_clashes_from_two():
    assert unique_id("story", set()) == "story"
    assert unique_id("story", {"story", "story-2", "story-4"}) == "story-3"


def test_a_jsonl_line_is_an_article_a_reason_or_nothing():
    line = json.dumps({"text": BODY, "id": "bridge", "title": "Bridge closed", "url": "https://x.org/b"})
    document = read_jsonl_line(line, where="feed.jsonl:3", default_id="feed-3", taken={"bridge"})
    assert (document.id, document.title, document.source) == ("bridge-2", "Bridge closed", "https://x.org/b")
    assert read_jsonl_line(json.dumps({"text": MORE}), where="f:4", default_id="f-4").source == "f:4"
    assert read_jsonl_line("   ", where="f:5", default_id="f-5") is None
    assert read_jsonl_line('{"text": "Next Story"}', where="f:6", default_id="f-6") == "empty after cleaning"
    assert read_jsonl_line(json.dumps({"text": NOTICE}), where="f:7", default_id="f-7") == (
        "not an article: web archive notice")


def test_a_batch_run_and_load_documents_read_a_jsonl_file_alike(tmp_path):
    lines = [json.dumps({"id": "bridge", "text": BODY}), json.dumps({"text": NOTICE}), "{not json",
             json.dumps({"id": "bridge", "text": MORE}), json.dumps({"text": f"{MORE} {BODY}"})]
    source = tmp_path / "feed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_documents([str(source)])
    run_batch(source, tmp_path / "out.jsonl", settings=SummarySettings(model="extractive", length="short"),
              chunk_size=10)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    batch_ids = sorted(d["id"] for r in records if r["type"] == "story" for d in r["story"]["documents"])
    assert batch_ids == sorted(d.id for d in loaded.documents) == ["bridge", "bridge-2", "feed-5"]
    batch_skips = sorted((r["source"], r["reason"]) for r in records if r["type"] == "skipped")
    assert batch_skips == sorted((s.source, s.reason) for s in loaded.skipped)


def test_given_documents_keep_their_ids_and_are_not_filtered():
    given = Document(id="pasted-1", title="Capture", text=NOTICE, source="elsewhere")
    loaded = load_documents([given, BODY])
    assert [d.id for d in loaded.documents] == ["pasted-1", "pasted-1-2"] and loaded.skipped == ()
