"""The web UI's reading of its inputs (ui.collect_articles): uploads and the paste box go through the one reader."""

from pathlib import Path

import pytest

from summarizer import ui
from summarizer.documents import Skipped
from summarizer.errors import InputError

BODY = "Engineers closed the old stone bridge after the river rose three metres overnight."
SOCIAL = ("Tweet with a location\n\nYou can add location information to your Tweets, such as your precise "
          "location, from the web and via third-party applications. Learn more")
ARCHIVE = ("About this capture\n\nThis page was saved by an automated crawl. Captures from the crawler enter the "
           "Wayback Machine after an embargo; the seeds list all URLs with outbound links.")


def upload(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("notice", "kind"), [(SOCIAL, "social media"), (ARCHIVE, "web archive")])
def test_a_pasted_notice_is_skipped_as_it_is_from_a_file(notice, kind, tmp_path):
    loaded = ui.collect_articles([upload(tmp_path, "capture.txt", notice)], f"{notice}\n---\n{BODY}")
    assert [d.text for d in loaded.documents] == [BODY]
    assert loaded.skipped == (Skipped("capture.txt", f"not an article: {kind} notice"),
                              Skipped("pasted-1", f"not an article: {kind} notice"))


def test_uploads_are_named_by_file_name_and_ids_follow_the_one_rule(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [upload(tmp_path / "a", "bridge.txt", BODY), upload(tmp_path / "b", "bridge.txt", f"{BODY} Again.")]
    loaded = ui.collect_articles(files, BODY)
    assert [(d.id, d.source) for d in loaded.documents] == [
        ("bridge", "bridge.txt"), ("bridge-2", "bridge.txt"), ("pasted-1", "pasted")]


def test_a_pasted_path_is_read_as_text(tmp_path):
    secret = upload(tmp_path, "secret.txt", "Do not show this file to anyone.")
    document, = ui.collect_articles(None, secret).documents
    assert document.text == secret


def test_nothing_readable_names_the_upload_not_its_temporary_path(tmp_path):
    with pytest.raises(InputError) as raised:
        ui.collect_articles([upload(tmp_path, "capture.txt", ARCHIVE)], "Next Story")
    message = str(raised.value)
    assert "capture.txt: not an article: web archive notice" in message and "pasted-1: empty after cleaning" in message
    assert str(tmp_path) not in message
