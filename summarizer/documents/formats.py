"""Input formats to plain article text: a JSONL record, an HTML page, Markdown, and pasted text holding
several articles. Parsing only; cleaning, titles, notices and ids are the loader's."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

__all__ = ["SUPPORTED", "HtmlArticle", "html_article", "jsonl_record", "split_pasted", "strip_markdown"]

SUPPORTED = (".txt", ".md", ".html", ".htm", ".jsonl")
_JSONL_FIELDS = ("title", "date", "url", "id")
# A line holding only three or more dashes separates pasted articles ("A well-known -- dash" does not).
_PASTE_SEPARATOR = re.compile(r"(?m)^[ \t]*-{3,}[ \t]*$")


def jsonl_record(line: str) -> tuple[dict[str, str] | None, str]:
    """One JSONL line as {text, title, date, url, id} strings (those given), or None and what is wrong.

    >>> jsonl_record('{"text": "The river rose.", "id": 7}')
    ({'text': 'The river rose.', 'id': '7'}, '')
    >>> jsonl_record('{"title": "No body"}')
    (None, 'no "text" string')
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if not isinstance(record.get("text"), str):
        return None, 'no "text" string' if "text" not in record else '"text" is not a string'
    fields = {"text": record["text"]}
    for key in _JSONL_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # numeric ids are common in exports; true/false is a mistake, not an id
        if not isinstance(value, str):
            return None, f'"{key}" is not a string'
        fields[key] = value
    return fields, ""


@dataclass(frozen=True)
class HtmlArticle:
    """An HTML page's article: body, title and date (None when not found), and the text the page holds that a
    reader never sees (comments, hidden elements, alt and title attributes) as (where, text) pairs, for the
    injection screen: a page can hide instructions to a model there."""

    body: str | None
    title: str | None = None
    date: str | None = None
    unseen: tuple[tuple[str, str], ...] = ()


def html_article(page: str) -> HtmlArticle:
    """An HTML page's article; menus, scripts, comments and hidden elements left out.

    >>> html_article("<html><body><script>var a = 1;</script></body></html>").body is None
    True
    >>> html_article('<html><body><!-- a note --><p hidden>Hidden.</p></body></html>').unseen
    (('HTML comment', 'a note'), ('hidden element', 'Hidden.'))
    """
    import trafilatura  # slow to import; only HTML input needs it

    page, unseen = _without_unseen(page)
    body = trafilatura.extract(page, include_comments=False, include_tables=True)
    if not body:
        return HtmlArticle(None, unseen=unseen)
    # extensive=False: the extensive date search guesses a date from copyright years in footers.
    meta = trafilatura.extract_metadata(page, extensive=False)
    return HtmlArticle(body, meta.title if meta else None, meta.date if meta else None, unseen)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])"
                           r"|opacity\s*:\s*0(?![.\d]*[1-9])", re.IGNORECASE)


def _without_unseen(page: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The page without comments and hidden elements, and the text of those and of alt/title attributes."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):  # empty or not HTML at all: trafilatura says so
        return page, ()
    unseen: list[tuple[str, str]] = []
    for comment in list(tree.iter(etree.Comment)):
        unseen.append(("HTML comment", (comment.text or "").strip()))
        comment.drop_tree()
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        hidden = (element.get("hidden") is not None or element.get("aria-hidden") == "true"
                  or _HIDDEN_STYLE.search(element.get("style") or ""))
        if hidden:
            unseen.append(("hidden element", element.text_content().strip()))
            element.drop_tree()
    for element in tree.iter():
        for attribute in ("alt", "title", "aria-label"):
            if isinstance(element.tag, str) and element.get(attribute) and element.tag != "title":
                unseen.append(("alt text", element.get(attribute).strip()))
    return lxml_html.tostring(tree, encoding="unicode"), tuple((where, text) for where, text in unseen if text)


def split_pasted(text: str) -> list[str]:
    """Split pasted text holding several articles separated by a line of ``---``.

    >>> split_pasted("First story.\\n---\\nSecond story.")
    ['First story.', 'Second story.']
    """
    return [part.strip() for part in _PASTE_SEPARATOR.split(text) if part.strip()]


_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])"), ""),  # images go entirely
    (re.compile(r"\[([^\]]+)\](\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links keep their text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # not snake_case or 2*3*4
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


def strip_markdown(text: str) -> tuple[str | None, str]:
    """Markdown to plain text, so markup is not summarized; returns (first ``# heading``, body).

    >>> strip_markdown("# Flood\\n\\nThe **river** rose, see [the map](http://x.org).")
    ('Flood', 'The river rose, see the map.')
    """
    title: str | None = None
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if re.match(r"\s{0,3}(```|~~~)", line) or re.match(r"\s{0,3}\[[^\]]+\]:\s*\S", line):
            continue  # code fences and link definitions are markup, not text
        if re.fullmatch(r"\s{0,3}([-*_])(\s*\1){2,}\s*", line):
            lines.append("")  # horizontal rule
            continue
        if re.fullmatch(r"\s{0,3}=+\s*", line) and lines and lines[-1]:
            if title is None:  # "Title\n=====" is a level-one heading too
                title = lines.pop()
            continue
        heading = re.match(r"\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$", line)
        if heading:
            content = _md_inline(heading[2])
            if heading[1] == "#" and title is None:
                title = content
                lines.append("")
            else:
                lines.extend(["", content, ""])
            continue
        line = re.sub(r"^\s{0,3}(>\s?)+", "", line)  # block quotes
        line = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line)  # list markers
        lines.append(_md_inline(line))
    body = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", "\n".join(lines))  # an image line leaves a gap behind
    return title or None, body.strip()


def _md_inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text
