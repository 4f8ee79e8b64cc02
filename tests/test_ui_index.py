"""The web UI's Story index tab (summarizer/ui_index.py), called directly on indexes the extractive model built:
the listing, a story with what is new first, aliases, escaping, and a message (never an exception) for each
bad input."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from summarizer import Summarizer
from summarizer.documents import Document
from summarizer.index import SCHEMA_VERSION, StoryIndex
from summarizer.ui_index import NO_LOCATION, NO_STORY_ID, list_stories, show_story
from summarizer.updates import FIRST_SUMMARY, UpdateReport, read_story, update_index
from tests.index.fakes import NEW_FACT, FirstWordAssigner, bridge_update

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COMET = [EXAMPLES / f"comet-discovery-{n}.txt" for n in (1, 2)]
DAY = date(2024, 4, 1)  # "today" for the dated articles: they are in the past, so their own dates hold


def extractive() -> Summarizer:
    return Summarizer("extractive", length="short")


def article(doc_id: str, title: str, text: str, day: str = "2024-03-20") -> Document:
    return Document(id=doc_id, title=title, text=text, source=f"{doc_id}.txt", date=day)


@dataclass(frozen=True)
class Built:
    """An index of two stories: the bridge (two articles, then a third with one new fact: version 2) and the comet
    (version 1)."""

    path: str
    second: UpdateReport


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("index")
    path, bridge = str(folder / "news.db"), bridge_update(folder)
    with StoryIndex.open(path) as index:
        extractive().update(index, [*bridge[:2], *COMET])
        second = extractive().update(index, [bridge[2]])
    return Built(path, second)


def table_rows(page_html: str) -> list[list[str]]:
    """The cells of each body row of the stories table, as text."""
    body = page_html.split("<tbody>", 1)[1]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_the_listing_shows_each_story_with_its_headline_size_last_seen_and_state(built: Built) -> None:
    page = list_stories(built.path)
    with StoryIndex.open(built.path, create=False) as index:
        expected = [[row.id, row.headline, str(row.size), row.last_seen.date().isoformat(), "summarized"]
                    for row in index.stories()]
    assert not page.failed
    assert table_rows(page.html) == expected
    assert [row[0] for row in expected] == ["s-000001", "s-000002"] and [row[2] for row in expected] == ["3", "2"]
    assert page.message == f"2 stories in {built.path}, most recently seen first."
    assert [story_id for _, story_id in page.story_ids] == ["s-000001", "s-000002"]


def test_seen_since_lists_only_the_stories_seen_on_or_after_that_day(built: Built) -> None:
    with StoryIndex.open(built.path, create=False) as index:
        last = max(row.last_seen for row in index.stories()).date()
    assert len(table_rows(list_stories(built.path, last.isoformat()).html)) == 2
    later = list_stories(built.path, f"  {last + timedelta(days=1)} ")
    assert (later.failed, later.html) == (False, "")
    assert later.message == f"No stories seen since {last + timedelta(days=1)} in {built.path} (2 in all)."


def test_a_story_shows_what_is_new_before_its_summary_and_timeline(built: Built) -> None:
    page = show_story(built.path, "s-000001")
    (update,) = built.second.updates
    assert not page.failed and update.what_is_new == (NEW_FACT,)  # not the lead it repeats
    assert page.message.startswith("Story s-000001: ") and "summary version 2 of 2" in page.message
    new = page.html.index("<h4>What is new</h4>")
    for sentence in update.what_is_new:
        assert new < page.html.index(f"<li>{html.escape(sentence)}</li>") < page.html.index("Combined summary")
    assert page.html.index("Combined summary") < page.html.index("<h4>Timeline</h4>")
    assert "summary version 2 of 2" in page.html and "from 3 articles (1 new)" in page.html


def test_a_first_summary_says_everything_in_it_is_new(built: Built) -> None:
    page = show_story(built.path, " s-000002 ")
    assert "summary version 1 of 1" in page.message
    assert page.html.index(FIRST_SUMMARY) < page.html.index("Combined summary")


def test_read_story_gives_what_the_update_recorded(built: Built) -> None:
    (update,) = built.second.updates
    with StoryIndex.open(built.path, create=False) as index:
        shown = read_story(index, "s-000001")
    assert (shown.story_id, shown.row.version, shown.versions, shown.stale) == ("s-000001", 2, 2, False)
    assert shown.what_is_new == update.what_is_new and not shown.first and not shown.merged
    assert shown.result == update.result


def test_a_merged_story_id_opens_the_story_it_joined_and_says_so(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with StoryIndex.open(path) as index:
        for docs, same in [([article("f", "Flood hits town", "The river flooded the town at night."),
                             article("l", "Levee fails", "The east levee failed after the storm.")], {}),
                           ([article("b", "Flood and levee", "Crews repaired the levee on Thursday.", "2024-03-21")],
                            {"levee": "flood"})]:
            update_index(extractive(), index, docs, today=DAY, assigner=FirstWordAssigner(same=same))
    page = show_story(path, "s-000002")
    assert not page.failed
    assert page.message.startswith("Story s-000001") and "(story s-000002 was merged into it" in page.message
    assert "Story s-000002 was merged into s-000001; its id still finds it." in page.html
    assert "summary version 2 of 2 (and 1 of stories merged into it)" in page.html
    assert [story_id for _, story_id in list_stories(path).story_ids] == ["s-000001"]  # the alias is not listed


def test_stored_text_is_shown_escaped_never_as_markup(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with StoryIndex.open(path) as index:
        update_index(extractive(), index, [article(
            "spill", "Spill <b>report</b>", "The river <script>alert(1)</script> rose three metres overnight. "
            "Families left by boat before dawn, said 'Ann' \"Lee\".")], today=DAY, assigner=FirstWordAssigner())
        index.add([article("wait", "<i>Pending</i> story", "A story <img src=x onerror=alert(1)> not yet summarized.")],
                  FirstWordAssigner(), today=DAY)
    listing, story = list_stories(path), show_story(path, "s-000001")
    assert "&lt;i&gt;Pending&lt;/i&gt; story" in listing.html and "<i>" not in listing.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story.html and "Spill &lt;b&gt;report&lt;/b&gt;" in story.html
    for page in (listing, story):
        assert "<script>" not in page.html and "<b>report" not in page.html and "<img" not in page.html
        assert "<" not in page.status.replace("&lt;", "")


def test_a_story_that_gained_articles_is_listed_stale_and_shown_so(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with StoryIndex.open(path) as index:
        update_index(extractive(), index, [article("f", "Flood hits town", "The river flooded the town at night.")],
                     today=DAY, assigner=FirstWordAssigner())
        index.add([article("g", "Flood recedes", "The water fell by a metre on Friday.", "2024-03-21")],
                  FirstWordAssigner(), today=DAY)
    listing = list_stories(path)
    assert table_rows(listing.html)[0][-1] == "stale" and "1 stale" in listing.message
    story = show_story(path, "s-000001")
    assert "stale" in story.message and "Articles joined this story after its latest summary" in story.html


# Each bad input: a message naming it beside an empty view, never an exception.

def test_a_missing_index_is_named_and_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for page in (list_stories(str(missing)), show_story(str(missing), "s-000001")):
        assert (page.failed, page.html) == (True, "")
        assert page.message == f"story index {missing}: no index there (it is made by adding articles to it)"
        assert page.status.startswith("⚠ story index ")
    assert not missing.exists()


@pytest.fixture
def corrupt(tmp_path: Path) -> str:
    path = tmp_path / "news.db"
    path.write_bytes(b"not a database " * 100)
    return str(path)


@pytest.fixture
def newer(tmp_path: Path) -> str:
    path = tmp_path / "news.db"
    StoryIndex.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    return str(path)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[str]:
    """An index another process holds exclusively (in the middle of changing its journal, say)."""
    path = tmp_path / "news.db"
    StoryIndex.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE meta SET value = value")
    yield str(path)
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize(("kind", "says"), [
    ("corrupt", "not a story index: the file is corrupt or not a database"),
    ("newer", f"written by a newer version of summarizer (index schema version {SCHEMA_VERSION + 1}"),
    ("locked", "in use by another process"),
])
def test_an_unusable_index_gives_a_message_naming_it(request: pytest.FixtureRequest, kind: str, says: str) -> None:
    path = request.getfixturevalue(kind)
    for page in (list_stories(path, busy_timeout=0.01), show_story(path, "s-000001", busy_timeout=0.01)):
        assert (page.failed, page.html) == (True, "")
        assert page.message.startswith(f"story index {path}: ") and says in page.message


def test_an_unknown_story_id_is_named(built: Built) -> None:
    page = show_story(built.path, "s-000042")
    assert (page.failed, page.html) == (True, "")
    assert page.message == f"story index {built.path}: no story 's-000042'"


def test_an_empty_index_says_how_to_add_articles(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    StoryIndex.open(path).close()
    page = list_stories(str(path))
    assert (page.failed, page.html, page.story_ids) == (False, "", ())
    assert page.message == f"{path} holds no stories yet: `summarizer update {path} FILES` adds articles to it."


def test_a_story_without_a_summary_says_what_summarizes_it(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with StoryIndex.open(path) as index:
        index.add([article("f", "Flood hits town", "The river flooded the town at night.")], FirstWordAssigner(),
                  today=DAY)
    page = show_story(path, "s-000001")
    assert page.failed
    assert page.message == f"story s-000001 has no summary yet: `summarizer update {path}` summarizes it"


@pytest.mark.parametrize("location", [None, "", "   "])
def test_no_index_given_says_what_to_give(location: str | None) -> None:
    for page in (list_stories(location), show_story(location, "s-000001")):
        assert (page.failed, page.message, page.html) == (True, NO_LOCATION, "")


@pytest.mark.parametrize("story_id", [None, "", "  "])
def test_no_story_id_given_says_how_to_pick_one(built: Built, story_id: str | None) -> None:
    assert show_story(built.path, story_id).message == NO_STORY_ID


def test_a_since_that_is_not_a_day_is_named(built: Built) -> None:
    page = list_stories(built.path, "2024-13-01")
    assert (page.failed, page.html) == (True, "")
    assert page.message == "'2024-13-01' is not a day as YYYY-MM-DD (seen since)"


def test_the_status_line_shows_a_typed_path_literally() -> None:
    page = list_stories("<b>*news*</b>.db")
    assert page.failed and "<b>" not in page.status and "&lt;b&gt;\\*news\\*&lt;/b&gt;" in page.status
