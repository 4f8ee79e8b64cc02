"""What the web UI's Story index tab shows: a story index's stories, and one story's latest summary with what is
new in it first.

Reading only: the index is kept by ``summarizer update`` (``updates.update_index``); nothing here imports Gradio,
so each function can be tested by calling it. The tab is for looking things up, so every user error (a missing,
locked, corrupt or newer index, an unknown story id, a bad day) comes back as the page's message beside an empty
view instead of an exception. The HTML escapes every piece of stored text; ``IndexPage.status`` shows the
message as literal Markdown.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from summarizer.errors import InputError, SummarizerError
from summarizer.index import StoryIndex, StoryRow
from summarizer.index.database import BUSY_TIMEOUT
from summarizer.render.html import render_stories
from summarizer.render.markdown import literal_markdown
from summarizer.updates import FIRST_SUMMARY, NOTHING_NEW, ShownStory, read_story

__all__ = ["IndexPage", "list_stories", "show_story"]

NO_LOCATION = "Give a story index: the path of its SQLite file on this machine, or a postgresql:// URL."
NO_STORY_ID = "Give a story id: list the stories, then pick one (the id of a merged story works too)."


@dataclass(frozen=True)
class IndexPage:
    """What one click of the tab shows: ``message`` (one line of plain text: what was found, or what went wrong
    when ``failed``), ``html`` (the stories table or the story; empty on an error) and ``story_ids`` (the
    listed stories as (label, id) pairs, for the story picker)."""

    message: str
    html: str
    story_ids: tuple[tuple[str, str], ...] = ()
    failed: bool = False

    @property
    def status(self) -> str:
        """The message as a Markdown line shown literally (it may quote a path or id the user typed)."""
        return ("⚠ " if self.failed else "") + literal_markdown(self.message)


def list_stories(location: str | None, since: str | None = None, *,
                 busy_timeout: float = BUSY_TIMEOUT) -> IndexPage:
    """The List stories button: the index's stories, most recently seen first, as an HTML table.

    Args:
        location: the index: a SQLite file path, ``sqlite:///path`` or a ``postgresql://`` URL (never made
            here: a missing one is an error).
        since: a day as YYYY-MM-DD, or blank: only the stories seen on or after it.
        busy_timeout: seconds to wait for another process holding the index.

    >>> page = list_stories("")
    >>> page.failed, page.message.startswith("Give a story index"), page.html
    (True, True, '')
    """
    try:
        day = _day(since)
        with _opened(location, busy_timeout) as index:
            rows, stale, name = index.stories(day), set(index.stale_stories()), index.name
            total = len(rows) if rows or day is None else len(index.stories())
    except SummarizerError as error:
        return _failed(error)
    if not total:
        return IndexPage(f"{name} holds no stories yet: `summarizer update {name} FILES` adds articles to it.", "")
    if not rows:
        return IndexPage(f"No stories seen since {day} in {name} ({total} in all).", "")
    count, stale_count = len(rows), sum(row.id in stale for row in rows)
    message = (f"{count} {'story' if count == 1 else 'stories'} in {name}{f' seen since {day}' if day else ''}, "
               "most recently seen first")
    if stale_count:
        message += f"; {stale_count} stale (articles joined since the latest summary)"
    ids = tuple((f"{row.id} · {row.headline}", row.id) for row in rows)
    return IndexPage(message + ".", _table(rows, stale), ids)


def show_story(location: str | None, story_id: str | None, *, busy_timeout: float = BUSY_TIMEOUT) -> IndexPage:
    """The Open story button: what is new in the story's latest summary, then the summary with its timeline
    (``render.html.render_stories``), and how many versions it has.

    Args:
        location: the index, as for ``list_stories``.
        story_id: the story's id, or the id of a story merged into it (the page says so).
        busy_timeout: seconds to wait for another process holding the index.
    """
    requested = (story_id or "").strip()
    try:
        if not requested:
            raise InputError(NO_STORY_ID)
        with _opened(location, busy_timeout) as index:
            shown = read_story(index, requested)
    except SummarizerError as error:
        return _failed(error)
    title = f": {shown.result.stories[0].title}" if shown.result.stories else ""
    message = f"Story {shown.story_id}{title}"
    if shown.merged:
        message += f" (story {shown.requested} was merged into it; its id still finds it)"
    message += f" · summary version {shown.row.version} of {shown.versions}"
    if shown.stale:
        message += " · stale: articles joined it since"
    return IndexPage(message, _story_html(shown))


@contextmanager
def _opened(location: str | None, busy_timeout: float) -> Iterator[StoryIndex]:
    """The index at ``location``, opened to read (a missing one is an error, never made)."""
    target = (location or "").strip()
    if not target:
        raise InputError(NO_LOCATION)
    with StoryIndex.open(target, create=False, busy_timeout=busy_timeout) as index:
        yield index


def _day(text: str | None) -> date | None:
    """A "seen since" value: blank, or an ISO day."""
    if not (text or "").strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text.strip()!r} is not a day as YYYY-MM-DD (seen since)") from None


def _failed(error: SummarizerError) -> IndexPage:
    """A user error as the page's message, beside an empty view."""
    return IndexPage(str(error), "", failed=True)


def _table(rows: list[StoryRow], stale: set[str]) -> str:
    """The stories as an HTML table (styled as the articles table of a story)."""
    body = "".join(f"<tr><td class='key'>{_h(row.id)}</td><td>{_h(row.headline)}</td><td>{row.size}</td>"
                   f"<td>{row.last_seen.date().isoformat()}</td>"
                   f"<td>{'stale' if row.id in stale else 'summarized'}</td></tr>" for row in rows)
    return ("<table class='articles stories'><thead><tr><th>ID</th><th>Headline</th><th>Articles</th>"
            f"<th>Last seen</th><th>Summary</th></tr></thead><tbody>{body}</tbody></table>")


def _story_html(shown: ShownStory) -> str:
    """A story's page: where the summary comes from, what is new in it, then the summary itself."""
    row = shown.row
    versions = f"summary version {row.version} of {shown.versions}"
    if shown.merged_versions:
        versions += f" (and {shown.merged_versions} of stories merged into it)"
    parts = [f"<p class='meta'>Story {_h(shown.story_id)} · {versions}, made {_h(row.created_at)} by "
             f"{_h(row.model)} from {len(row.article_ids)} article{'s' if len(row.article_ids) != 1 else ''} "
             f"({len(row.new_article_ids)} new)</p>"]
    if shown.merged:
        parts.append(f"<p class='meta'>Story {_h(shown.requested)} was merged into {_h(shown.story_id)}; "
                     "its id still finds it.</p>")
    if shown.stale:
        parts.append("<p class='warning'>Articles joined this story after its latest summary: the next "
                     "<code>summarizer update</code> of the index summarizes it again.</p>")
    parts.append("<h4>What is new</h4>")
    if shown.first:
        parts.append(f"<p>{FIRST_SUMMARY}</p>")
    elif not shown.what_is_new:
        parts.append(f"<p>{NOTHING_NEW}</p>")
    else:
        parts.append("<ul class='what-is-new'>" + "".join(f"<li>{_h(text)}</li>" for text in shown.what_is_new)
                     + "</ul>")
    return "".join(parts) + render_stories(shown.result)


def _h(text: str) -> str:
    """Text shown literally in HTML, attribute values included."""
    return html.escape(text, quote=True)
