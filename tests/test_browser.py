"""The web UI end to end: a real server on a free port, driven by headless Chromium and by gradio_client.

The browser tests need Debian's chromium and chromium-driver (`apt-get install -y chromium chromium-driver`)
and skip with that reason when they are absent; the gradio_client tests always run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from benchmarks.browser import HAVE_CHROMIUM, NO_CHROMIUM, choose, chromium, open_page, pick, serving, upload
from summarizer import ui
from summarizer.render.html import render_stories
from summarizer.ui_pool import Summarizers
from tests.conftest import needs_chromium, skip_or_fail


@pytest.fixture(scope="module")
def pool() -> Summarizers:
    return Summarizers()


@pytest.fixture(scope="module")
def server(pool: Summarizers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as `python app.py` serves it (queue, upload limit, examples folder), on a free port."""
    with serving(pool, tmp_path_factory.mktemp("downloads")) as url:
        yield url


@pytest.fixture(scope="module")
def articles() -> list[str]:
    """Two bundled example articles, as a user would pick them from disk."""
    return ui.example_files()[:2]


@pytest.fixture(scope="module")
def expected(pool: Summarizers, articles: list[str]):
    """What the extractive baseline makes of the two articles (it is deterministic)."""
    return pool.run("extractive", ui.collect_articles(articles, ""), length="short", group=True,
                    report=lambda m, f: None)


# --- gradio_client: the `/summarize` endpoint as the README shows it ---------------------------------


def test_client_summarizes_through_the_endpoint(server: str, articles: list[str], expected) -> None:
    client = Client(server, verbose=False)
    status, stories, notes, downloads = client.predict(
        files=[handle_file(p) for p in articles], pasted="", model="extractive", length="short", group=True,
        api_name="/summarize")
    assert "from 2 articles · model extractive · length short" in status
    assert stories == render_stories(expected)  # the stories as HTML, each sentence with its sources
    assert notes
    assert sorted(Path(p).suffix for p in downloads) == [".json", ".md"]


def test_client_gets_the_empty_submission_message(server: str) -> None:
    client = Client(server, verbose=False)
    with pytest.raises(Exception, match="No articles yet"):
        client.predict(files=[], pasted=" ", model="extractive", length="short", group=True,
                       api_name="/summarize")



def test_client_compares_two_settings_through_the_endpoint(server: str, articles: list[str], expected,
                                                          pool: Summarizers) -> None:
    client = Client(server, verbose=False)
    table, side_a, side_b = client.predict(
        files=[handle_file(p) for p in articles], pasted="", model_a="extractive", length_a="short",
        model_b="extractive", length_b="long", group=True, api_name="/compare")
    assert "extractive / short" in table and "extractive / long" in table
    assert side_a == render_stories(expected)  # side A is the same run as /summarize with its settings
    longer = pool.run("extractive", ui.collect_articles(articles, ""), length="long", group=True,
                      report=lambda m, f: None)
    assert side_b == render_stories(longer)

# --- headless Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not HAVE_CHROMIUM:
        skip_or_fail(NO_CHROMIUM)
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@needs_chromium
def test_browser_uploads_two_articles_and_shows_every_summary(server: str, browser, articles: list[str],
                                                              expected, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    wait, by = open_page(browser, server)
    upload(browser, wait, by, articles)
    choose(browser, wait, by, "model", "extractive")
    pick(browser, by, "length", "short")
    browser.find_element(by.CSS_SELECTOR, "#run").click()
    wait.until(ec.text_to_be_present_in_element((by.CSS_SELECTOR, "#stories"), "Combined summary"))
    wait.until(ec.text_to_be_present_in_element((by.CSS_SELECTOR, "#downloads"), "summary-extractive-short"))

    # Each story's articles are rows of a table: title and source beside that article's summary.
    rows = browser.find_elements(by.CSS_SELECTOR, "#stories table.articles tbody tr")
    assert len(rows) == sum(len(story.documents) for story in expected.stories)
    shown = " ".join(browser.find_element(by.CSS_SELECTOR, "#stories").text.split())
    for story in expected.stories:
        for sentence in story.sentences:  # the combined summary, sentence by sentence
            assert " ".join(sentence.text.split()) in shown
        for summary in story.document_summaries:
            assert " ".join(summary.title.split()) in shown
            assert " ".join(summary.summary.split()) in shown
    assert "from 2 articles" in browser.find_element(by.CSS_SELECTOR, "#status").text

    # Every sentence carries a source marker; its source sentence shows only once the sentence is clicked.
    story = expected.stories[0]
    first = story.sentences[0]
    key = 1 + [d.id for d in story.documents].index(first.sources[0].document_id)
    sentence = browser.find_elements(by.CSS_SELECTOR, "#stories details.sentence")[0]
    marker = sentence.find_element(by.CSS_SELECTOR, "sup.marker")
    assert marker.is_displayed() and marker.text == f"[{key}] {first.sources[0].score:.2f}"
    quote = sentence.find_element(by.CSS_SELECTOR, ".quote")
    assert not quote.is_displayed()
    assert first.sources[0].text in (sentence.get_attribute("title") or "")  # the hover tooltip
    sentence.find_element(by.TAG_NAME, "summary").click()
    wait.until(ec.visibility_of(quote))
    assert " ".join(quote.text.split()) == " ".join(first.sources[0].text.split())
    browser.execute_script("arguments[0].scrollIntoView()", sentence)
    browser.save_screenshot(str(tmp_path / "summary.png"))


@needs_chromium
def test_browser_shows_a_message_for_an_empty_submission(server: str, browser, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    wait, by = open_page(browser, server)
    choose(browser, wait, by, "model", "extractive")
    browser.find_element(by.CSS_SELECTOR, "#run").click()
    wait.until(ec.text_to_be_present_in_element((by.TAG_NAME, "body"), "No articles yet"))
    browser.save_screenshot(str(tmp_path / "empty.png"))
    assert "Traceback" not in browser.find_element(by.TAG_NAME, "body").text


@needs_chromium
def test_browser_load_examples_fills_the_file_list(server: str, browser) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    wait, by = open_page(browser, server)
    browser.find_element(by.CSS_SELECTOR, "#load-examples").click()
    for path in ui.example_files():
        wait.until(ec.text_to_be_present_in_element((by.CSS_SELECTOR, "#files"), Path(path).stem))


@needs_chromium
def test_browser_refuses_an_upload_over_the_size_limit(server: str, browser, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    big = tmp_path / "huge.txt"
    big.write_text("The river rose overnight. " * 240_000, encoding="utf-8")  # about 6 MB
    wait, by = open_page(browser, server)
    browser.find_element(by.CSS_SELECTOR, "#files input[type=file]").send_keys(str(big))
    wait.until(ec.text_to_be_present_in_element((by.TAG_NAME, "body"), "exceed the maximum allowed size"))


@needs_chromium
def test_browser_compares_two_settings_side_by_side(server: str, browser, articles: list[str],
                                                     tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    wait, by = open_page(browser, server)
    upload(browser, wait, by, articles)
    browser.find_element(by.XPATH, "//button[@role='tab' and normalize-space()='Compare']").click()
    choose(browser, wait, by, "model-a", "extractive")
    pick(browser, by, "length-a", "short")
    pick(browser, by, "length-b", "long")
    browser.find_element(by.CSS_SELECTOR, "#run-compare").click()
    wait.until(ec.text_to_be_present_in_element((by.CSS_SELECTOR, "#compare-table"), "Word overlap"))
    browser.save_screenshot(str(tmp_path / "compare.png"))
    table = browser.find_element(by.CSS_SELECTOR, "#compare-table").text
    assert "extractive / short" in table and "extractive / long" in table
    for side in ("#compare-a", "#compare-b"):
        assert "Combined summary" in browser.find_element(by.CSS_SELECTOR, side).text
