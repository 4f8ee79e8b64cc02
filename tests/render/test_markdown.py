"""The Markdown report (downloads, `--format markdown`) and the UI's literal Markdown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.checks.when import SentenceDate
from summarizer.render.markdown import literal_markdown, render_markdown, status_line, story_articles_line
from summarizer.results import SummaryResult


def test_report_heads_with_the_run_and_a_section_per_story(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert report.startswith("# Summary of 3 articles\n\nModel: `extractive`, length: short, 2 stories.\n")
    assert "\n## Story 1: dam / evacuated\n" in report and "\n## Story 2: council / budget\n" in report
    assert report.endswith("\n") and not report.endswith("\n\n")


def test_result_to_markdown_is_the_renderer(result: SummaryResult) -> None:
    assert result.to_markdown() == render_markdown(result)


def test_each_supported_sentence_gets_a_footnote_naming_its_source(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert "The dam on the Vell river cracked.[^1]" in report
    assert '\n## Sources\n\n[^1]: `dam` (0.91): "The dam on the Vell river cracked."' in report


def test_unsupported_and_flagged_sentences_carry_warnings(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert ("The mayor resigned on &lt;i&gt;Sunday&lt;/i&gt;. ⚠ *(no source supports this sentence)* "
            '⚠ *(date "Sunday" appears in no source)*') in report


def test_source_html_is_escaped_everywhere(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert "<b>" not in report and "<i>" not in report
    assert "**Dam &lt;b&gt;cracks&lt;/b&gt;** (`dam`)" in report
    assert story_articles_line(result.stories[0]) == \
        "Articles (2): Dam &lt;b&gt;cracks&lt;/b&gt; (dam.txt); Valley evacuated (valley.html)"


def test_disagreements_unused_articles_and_notes_are_listed(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert ('- number of people evacuated: 212 (dam: "Officials said 212 people were evacuated."); '
            'some 230 (valley: "Some 230 people were evacuated overnight.")') in report
    assert "Articles that support no sentence: valley." in report
    assert "### Notes\n\n- valley 10/12 sentences read" in report
    assert report.endswith("## Notes\n\n- vote: cleaning removed 1 item(s)\n- skipped scan.txt: not a text file\n")


def test_a_summary_without_sentences_is_shown_whole_or_marked_empty(result: SummaryResult) -> None:
    story = replace(result.stories[1], summary="", sentences=())
    report = render_markdown(replace(result, stories=(story,), notes=(), skipped=()))
    assert "### Combined summary\n\n_(empty)_" in report
    assert "## Sources" not in report and "## Notes" not in report


@pytest.mark.parametrize(("text", "shown"), [
    ("plain words", "plain words"),
    ("*bold* and [link](x)", r"\*bold\* and \[link\]\(x\)"),
    ("1. not a list", r"1\. not a list"),
    ("<script>a & b</script>", "&lt;script&gt;a &amp; b&lt;/script&gt;"),
    ("two\nlines", "two lines"),
    ("a | b", r"a \| b"),
])
def test_literal_markdown_shows_text_as_written(text: str, shown: str) -> None:
    assert literal_markdown(text) == shown


def test_status_line_counts_stories_articles_and_skips(result: SummaryResult) -> None:
    assert status_line(result) == ("**2 stories** from 3 articles · model extractive · length short · 1.2 s · "
                                   "1 input(s) skipped (see Notes)")
    one = replace(result, stories=result.stories[1:], skipped=(), from_cache=True, model="my_model")
    assert status_line(one) == r"**1 story** from 1 article · model my\_model · length short · 1.2 s · from cache"


def test_report_lists_the_timeline_with_its_articles_escaped(result: SummaryResult) -> None:
    report = render_markdown(result)
    assert ("### Timeline\n\n"
            "- **2024-03-22 (Friday)** — The dam &lt;b&gt;cracked&lt;/b&gt; on Friday (`dam`, `valley`)\n"
            "- **undated (Tuesday)** — Engineers inspected the dam on Tuesday. (`valley`)\n\n"
            "_Undated events follow the dated ones, in the order of their articles. 2 more events left out") in report
    assert report.count("### Timeline") == 1


def test_a_sentence_shows_its_sources_count_and_the_dates_of_the_days_it_names(result: SummaryResult) -> None:
    story = result.stories[0]
    sentence = replace(story.sentences[0], reported_by=("dam", "evacuation"),
                       dates=(SentenceDate("Friday", "2024-03-22", "dam", True),))
    report = render_markdown(replace(result, stories=(replace(story, sentences=(sentence,)),)))
    assert f"[^1] *(2 of {len(story.documents)} sources; Friday = 2024-03-22, estimated)*" in report
