"""Loading: files, folders, pasted text and Documents become cleaned articles; bad input is reported."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from summarizer.documents import (
    Document,
    Skipped,
    document_from_text,
    load_documents,
    notice_kind,
)
from summarizer.errors import InputError
from tests.conftest import skip_or_fail

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

BODY = "Engineers closed the old stone bridge after the river rose three metres overnight."
MORE = "Residents were told to use the northern crossing until the water falls again."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only(loaded) -> Document:
    assert len(loaded.documents) == 1, loaded
    return loaded.documents[0]


def test_txt_file_takes_its_headline_as_title_and_stem_as_id(tmp_path):
    path = write(tmp_path, "bridge.txt", f"Bridge closed in flood\n\n{BODY}\n\nNext Story\n")
    doc = only(load_documents([str(path)]))
    assert (doc.id, doc.title, doc.text, doc.source) == ("bridge", "Bridge closed in flood", BODY, str(path))
    assert doc.removed == ('web leftover: "Next Story"',)


def test_title_falls_back_to_first_ten_words_when_text_starts_with_a_sentence(tmp_path):
    doc = only(load_documents([write(tmp_path, "a.txt", f"{BODY}\n\n{MORE}")]))
    assert doc.title == " ".join(BODY.split()[:10]) + "…"
    assert doc.text == f"{BODY}\n\n{MORE}"


def test_markdown_file_loses_its_markup_and_uses_the_first_heading(tmp_path):
    md = (f"Intro line.\n\n# Bridge *closed*\n\n{BODY.replace('stone', '**stone**')}\n\n"
          "![crane](crane.png)\n\nSee [the council notice](https://example.org/notice) for details.\n")
    doc = only(load_documents([write(tmp_path, "bridge.md", md)]))
    assert doc.title == "Bridge closed"
    assert doc.text == f"Intro line.\n\n{BODY}\n\nSee the council notice for details."


def test_html_page_keeps_the_article_and_drops_script_menu_and_footer(tmp_path):
    html = f"""<html><head><title>Bridge closed | Harbour Daily</title>
    <meta property="article:published_time" content="2024-03-05">
    <script>var tracker = "menuscript";</script></head><body>
    <nav><ul><li><a href="/">Home page link</a></li>
    <li><a href="/sport">Sport section link</a></li></ul></nav>
    <article><h1>Bridge closed in flood</h1><p>{BODY}</p><p>{MORE}</p></article>
    <footer><p>Copyright 2021 Harbour Daily. All rights reserved. Footer links here.</p></footer>
    </body></html>"""
    doc = only(load_documents([write(tmp_path, "page.html", html)]))
    assert doc.title == "Bridge closed in flood"
    assert doc.date == "2024-03-05"
    assert doc.text == f"{BODY}\n\n{MORE}"
    assert doc.removed == ('duplicate of the title: "Bridge closed in flood"',)


def test_html_page_without_article_text_is_skipped(tmp_path):
    path = write(tmp_path, "empty.htm", "<html><body><script>var a = 1;</script></body></html>")
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "no article text found in the HTML page"),)


def test_jsonl_loads_each_line_and_reports_bad_lines_by_number(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "Bridge closed", "date": "2024-03-05", "url": "https://example.org/b"}),
        "{not json",
        json.dumps({"title": "No text here"}),
        "",
        json.dumps({"text": MORE, "id": "ferry"}),
        json.dumps({"text": "Next Story"}),
        json.dumps(["a list"]),
        json.dumps({"text": MORE, "title": 7}),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines))
    loaded = load_documents([str(path)])
    assert [(d.id, d.title, d.date, d.source) for d in loaded.documents] == [
        ("feed-1", "Bridge closed", "2024-03-05", "https://example.org/b"),
        ("ferry", " ".join(MORE.split()[:10]) + "…", None, f"{path}:5"),
    ]
    assert loaded.skipped == (
        Skipped(f"{path}:2", "not valid JSON (Expecting property name enclosed in double quotes)"),
        Skipped(f"{path}:3", 'no "text" string'),
        Skipped(f"{path}:6", "empty after cleaning"),
        Skipped(f"{path}:7", "not a JSON object"),
        Skipped(f"{path}:8", '"title" is not a string'),
    )


def test_folder_loads_supported_files_by_name_and_reports_the_rest(tmp_path):
    write(tmp_path, "b.txt", MORE)
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "notes.pdf", "not really a pdf")
    write(tmp_path, ".hidden.txt", BODY)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "HEAD.txt", BODY)  # a hidden folder is listed, never walked
    (tmp_path / "inner").mkdir()
    loaded = load_documents([str(tmp_path)])
    assert [d.id for d in loaded.documents] == ["a", "b"]
    assert [(Path(s.source).name, s.reason.split(" (")[0]) for s in loaded.skipped] == [
        (".git", "hidden folder"),
        (".hidden.txt", "hidden file"),
        ("inner", "a subfolder"),
        ("notes.pdf", "unsupported file type '.pdf'"),
    ]


def test_hidden_file_given_by_name_is_read(tmp_path):
    assert only(load_documents([write(tmp_path, ".draft.txt", BODY)])).text == BODY


def test_folder_holding_only_hidden_files_reports_them(tmp_path):
    write(tmp_path, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    with pytest.raises(InputError, match=r"\.DS_Store: hidden file"):
        load_documents([str(tmp_path)])


def test_pasted_strings_are_articles_numbered_in_order():
    loaded = load_documents([BODY, MORE])
    assert [(d.id, d.source, d.text) for d in loaded.documents] == [
        ("pasted-1", "pasted", BODY), ("pasted-2", "pasted", MORE),
    ]


def test_a_single_string_is_one_input_not_a_list_of_characters():
    assert only(load_documents(BODY)).text == BODY


def test_documents_pass_through_unchanged_and_keep_their_ids(tmp_path):
    given = Document(id="bridge", title="Given", text="Next Story", source="elsewhere")
    loaded = load_documents([given, write(tmp_path, "bridge.txt", BODY)])
    assert loaded.documents[0] is given
    assert loaded.documents[1].id == "bridge-2"


def test_ids_are_unique_across_files_with_the_same_stem(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    paths = [write(tmp_path / "one", "story.txt", BODY), write(tmp_path / "two", "story.md", MORE),
             write(tmp_path, "story.txt", BODY + " Later.")]
    assert [d.id for d in load_documents(paths).documents] == ["story", "story-2", "story-3"]


def test_two_given_documents_with_the_same_id_are_an_error():
    doc = Document(id="d1", title="T", text=BODY, source="s")
    with pytest.raises(InputError, match="d1"):
        load_documents([doc, Document(id="d1", title="U", text=MORE, source="s")])


def test_empty_input_list_is_an_error():
    with pytest.raises(InputError, match="No articles given"):
        load_documents([])


def test_binary_file_is_skipped(tmp_path):
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "not a text file (binary content)"),)


CP1252_NOTE = "read as Windows-1252 (the file is not UTF-8)"


@pytest.mark.parametrize("text", [
    f"The café by the bridge reopened. {BODY}",
    f"Brücke gesperrt\n\nDie Brücke über den Fluß ist zu. „Wir müssen warten“, sagte Jürgen Müller. {BODY}",
    f"¿Qué pasó? La señora Muñoz llegó a las 5 – it’s “closed”, said Hélène Léveillé. {BODY}",
])
def test_western_european_windows_1252_file_is_read_and_noted(text, tmp_path):
    path = write(tmp_path, "cafe.txt", text.encode("cp1252"))
    doc = only(load_documents([path]))
    assert doc.text in text and doc.text.endswith(BODY)
    assert doc.read_as == CP1252_NOTE and doc.removed == ()


def test_windows_1252_note_reaches_every_article_of_a_jsonl_file(tmp_path):
    lines = [json.dumps({"text": f"The café reopened. {BODY}"}, ensure_ascii=False), json.dumps({"text": MORE})]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines).encode("cp1252"))
    assert [d.read_as for d in load_documents([path]).documents] == [CP1252_NOTE, CP1252_NOTE]


def test_utf8_file_gets_no_encoding_note(tmp_path):
    doc = only(load_documents([write(tmp_path, "cafe.txt", f"The café’s terrace reopened. {BODY}")]))
    assert doc.read_as == "" and doc.removed == ()


# Text in other encodings: as Windows-1252 these bytes would be Latin-looking garbage, so they are skipped.
FOREIGN = [
    ("Мост закрыли после того, как вода в реке поднялась на три метра за ночь.", "koi8-r"),
    ("Мост закрыли после того, как вода в реке поднялась на три метра за ночь.", "cp1251"),
    ("こんにちは。橋は一晩で川の水位が三メートル上昇した後、閉鎖された。", "shift_jis"),
    ("こんにちは", "shift_jis"),  # "‚±‚ñ‚É‚¿‚Í" as Windows-1252: every byte is defined there
    ("橋は一晩で川の水位が三メートル上昇した後、閉鎖された。", "euc-jp"),
    ("橋は一晩で川の水位が三メートル上昇した後、閉鎖された。", "iso2022_jp"),  # 7-bit: valid UTF-8 bytes
    ("河水一夜之间上涨三米后，旧石桥被关闭。", "gbk"),
    ("Η γέφυρα έκλεισε αφού το ποτάμι ανέβηκε τρία μέτρα μέσα στη νύχτα.", "iso8859-7"),
    ("Most został zamknięty, gdy rzeka podniosła się o trzy metry. Mieszkańcy muszą czekać.", "iso8859-2"),
    ("Most byl uzavřen, protože řeka přes noc stoupla o tři metry.", "iso8859-2"),
]


@pytest.mark.parametrize(("text", "encoding"), FOREIGN, ids=[f"{e}-{n}" for n, (_, e) in enumerate(FOREIGN)])
def test_file_in_another_encoding_is_skipped_not_garbled(text, encoding, tmp_path):
    path = write(tmp_path, "foreign.txt", text.encode(encoding))
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "not UTF-8 text (could not tell its encoding)"),)


def test_utf8_file_with_stray_windows_1252_bytes_is_skipped(tmp_path):
    # Read whole as Windows-1252 the UTF-8 part would turn into "rÃ©union".
    path = write(tmp_path, "mixed.txt", "La réunion a eu lieu.".encode() + b" Caf\xe9 ferm\xe9.")
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "not UTF-8 text (could not tell its encoding)"),)


def test_utf16_file_with_byte_order_mark_is_read(tmp_path):
    path = write(tmp_path, "wide.txt", BODY.encode("utf-16"))
    assert only(load_documents([path])).text == BODY


def test_undecodable_file_is_skipped(tmp_path):
    path = write(tmp_path, "odd.txt", b"caf\x81 \x8d\x90 bridge")  # invalid UTF-8, undefined in cp1252
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "not UTF-8 text (could not tell its encoding)"),)


def test_oversized_file_is_skipped_with_both_sizes(tmp_path):
    path = write(tmp_path, "big.txt", BODY * 30)
    loaded = load_documents([path, MORE], max_bytes=1000)
    size = f"{len(BODY) * 30 / 1000:.3g} KB"
    assert loaded.skipped == (Skipped(str(path), f"larger than the 1 KB limit ({size})"),)


def test_file_that_is_empty_after_cleaning_is_skipped(tmp_path):
    path = write(tmp_path, "leftovers.txt", "Begin typing your search...\n\nNext Story\n")
    loaded = load_documents([path, BODY])
    assert loaded.skipped == (Skipped(str(path), "empty after cleaning"),)


# Invented notices in the style of what scrapers save instead of an article.
SOCIAL_NOTICE = ("Share your spot in a post\n\nPosts can carry precise location details. Turn on location "
                 "information in settings; apps and third-party applications may read your location history. "
                 "Learn more")
ARCHIVE_NOTICE = ("About this capture\n\nThis page was saved by an automated crawl. Captures from the crawler "
                  "enter the Wayback Machine after an embargo; the seeds list all URLs with outbound links.")
TWITTER_STORY = ("Bots sold by the thousand\n\nA reporter bought 500 fake Twitter accounts for $40 from a website "
                 "and watched them post tweets and follow a brand's page within an hour. The seller said "
                 "demand comes from musicians and politicians who want to look popular.")


@pytest.mark.parametrize(("text", "kind"), [(SOCIAL_NOTICE, "social media"), (ARCHIVE_NOTICE, "web archive")])
def test_web_notice_is_skipped_as_not_an_article(text, kind, tmp_path):
    path = write(tmp_path, "notice.txt", text)
    loaded = load_documents([path, BODY])
    assert [d.text for d in loaded.documents] == [BODY]
    assert loaded.skipped == (Skipped(str(path), f"not an article: {kind} notice"),)


def test_pasted_notice_is_skipped_too():
    loaded = load_documents([ARCHIVE_NOTICE, BODY])
    assert loaded.skipped == (Skipped("pasted-1", "not an article: web archive notice"),)


@pytest.mark.parametrize("text", [TWITTER_STORY, f"{BODY} {MORE}", " ".join([ARCHIVE_NOTICE] + [BODY] * 12)])
def test_articles_about_platforms_or_long_texts_are_not_notices(text):
    assert notice_kind(document_from_text(text, id="a")) is None


@pytest.mark.parametrize("missing", ["missing.txt", "notes/today.md", "some/folder/name", "report final.pdf"])
def test_missing_path_is_skipped_not_summarized(missing, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loaded = load_documents([missing, BODY])
    assert loaded.skipped == (Skipped(missing, "no such file or folder"),)
    assert [d.id for d in loaded.documents] == ["pasted-1"]


def test_missing_path_object_is_skipped(tmp_path):
    loaded = load_documents([tmp_path / "gone", BODY])
    assert loaded.skipped == (Skipped(str(tmp_path / "gone"), "no such file or folder"),)


def test_nothing_readable_raises_an_error_listing_every_skip(tmp_path):
    write(tmp_path, "a.bin", b"\x00\x01")
    write(tmp_path, "b.txt", b"\x00binary")
    with pytest.raises(InputError) as error:
        load_documents([str(tmp_path)])
    message = str(error.value)
    assert message.startswith("No readable articles: ")
    assert "a.bin: unsupported file type '.bin'" in message
    assert "b.txt: not a text file (binary content)" in message


def test_empty_folder_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    loaded = load_documents([str(tmp_path / "empty"), BODY])
    assert loaded.skipped == (Skipped(str(tmp_path / "empty"), "empty folder"),)


def test_document_from_text_cleans_and_titles_one_article():
    doc = document_from_text(f"Bridge closed\n\n{BODY}\n\nAdvertisement", id="d1", date="2024-03-05")
    assert (doc.id, doc.title, doc.text, doc.source, doc.date) == ("d1", "Bridge closed", BODY, "pasted",
                                                                     "2024-03-05")
    assert doc.removed == ('web leftover: "Advertisement"',)


def test_document_from_text_drops_a_first_paragraph_that_repeats_the_given_title():
    doc = document_from_text(f"Bridge  closed!\n\n{BODY}", id="d1", title="Bridge closed")
    assert (doc.title, doc.text) == ("Bridge closed", BODY)


def test_a_lone_headline_is_both_title_and_text():
    doc = document_from_text("Bridge closed in flood", id="d1")
    assert doc.title == doc.text == "Bridge closed in flood"


def test_document_from_text_rejects_text_empty_after_cleaning():
    with pytest.raises(InputError, match="empty after cleaning"):
        document_from_text("Next Story\n\nLeave a Reply", id="d1")


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())


@pytest.mark.parametrize("name", [f"article_{n}.txt" for n in range(1, 6)])
def test_seed_articles_load_with_a_short_title_and_every_long_sentence(name):
    path = SEEDS / name
    if not path.is_file():
        skip_or_fail(f"{path} is absent (the seeds live in ../shared beside the repository)")
    doc = only(load_documents([str(path)]))
    assert 3 <= len(doc.title.split()) < 20
    assert doc.removed
    whole = normalised(f"{doc.title} {doc.text}")
    # A "DOHA:" dateline is cut (tests/documents/test_cleaning.py); the sentence after it stays.
    raw = path.read_text(encoding="utf-8")
    raw_lines = [re.sub(r"^[A-Z]{3,}: ", "", normalised(line)) for line in raw.splitlines()]
    long_story_lines = [line for line in raw_lines if len(line.split()) >= 25 and line.endswith((".", "”"))
                        and not re.search(r"(?i)\bblog|contributed to this report", line)]
    assert long_story_lines and all(line in whole for line in long_story_lines)


def test_an_empty_string_is_an_empty_article_not_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.txt").write_text("A stray file that must not be read.", encoding="utf-8")
    with pytest.raises(InputError, match="pasted-1: empty after cleaning"):
        load_documents([""])
