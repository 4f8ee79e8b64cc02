"""Formats: a JSONL record, an HTML page, Markdown and pasted text to plain article text."""

import json

import pytest

from summarizer.documents import split_pasted
from summarizer.documents.formats import html_article, jsonl_record, strip_markdown

BODY = "Engineers closed the old stone bridge after the river rose three metres overnight."
MORE = "Residents were told to use the northern crossing until the water falls again."


def test_a_jsonl_record_keeps_its_known_string_fields():
    line = json.dumps({"text": BODY, "title": "Bridge", "date": "2024-03-05", "url": "https://x.org", "id": "b",
                       "author": "ignored"})
    assert jsonl_record(line) == ({"text": BODY, "title": "Bridge", "date": "2024-03-05", "url": "https://x.org",
                                   "id": "b"}, "")


def test_a_numeric_id_is_a_string_but_true_is_not_an_id():
    assert jsonl_record(json.dumps({"text": BODY, "id": 42}))[0]["id"] == "42"
    assert jsonl_record(json.dumps({"text": BODY, "id": True})) == (None, '"id" is not a string')


def test_null_fields_are_left_out():
    assert jsonl_record(json.dumps({"text": BODY, "title": None})) == ({"text": BODY}, "")


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "not valid JSON (Expecting property name enclosed in double quotes)"),
    ('["a list"]', "not a JSON object"),
    ('{"title": "No text"}', 'no "text" string'),
    ('{"text": 7}', '"text" is not a string'),
    ('{"text": "x", "date": 2024}', '"date" is not a string'),
])
def test_a_bad_jsonl_line_says_what_is_wrong(line, problem):
    assert jsonl_record(line) == (None, problem)


def test_an_html_page_gives_its_article_title_and_date_without_menus_or_scripts():
    page = f"""<html><head><title>Bridge closed | Harbour Daily</title>
    <meta property="article:published_time" content="2024-03-05"><script>var menuscript = 1;</script></head>
    <body><nav><ul><li><a href="/">Home page link</a></li></ul></nav>
    <article><h1>Bridge closed in flood</h1><p>{BODY}</p><p>{MORE}</p></article></body></html>"""
    found = html_article(page)
    body, title, date = found.body, found.title, found.date
    assert BODY in body and MORE in body and "menuscript" not in body and "Home page" not in body
    assert (title, date) == ("Bridge closed in flood", "2024-03-05")


def test_an_html_page_without_article_text_gives_nothing():
    assert html_article("<html><body><script>var a = 1;</script></body></html>").body is None


def test_markdown_syntax_is_stripped_and_first_heading_is_the_title():
    title, body = strip_markdown(
        "# Bridge *closed*\n\nThe **river** rose, see [the map](http://example.org/map).\n\n"
        "![a crane](crane.png)\n\n## Later\n\n- `ferry` runs\n> quoted_word stays\n\n[map]: http://example.org\n"
    )
    assert title == "Bridge closed"
    assert body.split("\n\n") == ["The river rose, see the map.", "Later", "ferry runs\nquoted_word stays"]


def test_an_underlined_heading_is_the_title_and_code_fences_go():
    assert strip_markdown(f"Bridge closed\n=====\n\n```\n{BODY}\n```\n\n---\n\n{MORE}") == (
        "Bridge closed", f"{BODY}\n\n{MORE}")


def test_markdown_without_a_heading_has_no_title():
    assert strip_markdown(f"{BODY}\n\n2*3*4 and snake_case stay.") == (None, f"{BODY}\n\n2*3*4 and snake_case stay.")


def test_split_pasted_splits_on_dash_lines_only():
    text = f"{BODY}\n---\n{MORE} A well-known -- dash stays.\n  ---  \n\n---\n"
    assert split_pasted(text) == [BODY, f"{MORE} A well-known -- dash stays."]
    assert split_pasted("   ") == []
