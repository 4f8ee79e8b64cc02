"""The terminal's plain-text report and the UI's notes box."""

from __future__ import annotations

from dataclasses import replace

from summarizer.render.plain import notes_text, render_text
from summarizer.results import SummaryResult


def test_text_names_each_story_its_articles_and_its_combined_summary(result: SummaryResult) -> None:
    shown = render_text(result)
    assert shown.startswith("2 stories from 3 articles (model: extractive)\n")
    assert "== Story 1: dam / evacuated\n  Articles (2): Dam <b>cracks</b> (dam.txt); Valley evacuated (valley.html)" \
        in shown
    assert "Combined summary (12 words, route: select):\n  The dam on the Vell river cracked." in shown
    assert "== Story 2: council / budget" in shown and "route: single" in shown


def test_text_shows_article_text_as_written_not_html_escaped(result: SummaryResult) -> None:
    shown = render_text(result)
    assert "&lt;" not in shown and "&quot;" not in shown  # a terminal renders no HTML
    assert "The mayor resigned on <i>Sunday</i>." in shown


def test_each_article_summary_is_listed_only_when_a_story_has_several(result: SummaryResult) -> None:
    shown = render_text(result)
    assert "- Dam <b>cracks</b> [dam] (7 words):\n    The dam cracked and 212 people left." in shown
    assert "- Valley evacuated [valley] (5 words):" in shown
    assert "[vote]" not in shown  # a lone article's summary is its story's, shown once


def test_notes_and_skipped_inputs_close_the_report(result: SummaryResult) -> None:
    lines = render_text(result).splitlines()
    assert "  note: valley 10/12 sentences read" in lines
    assert lines[-2:] == ["note: vote: cleaning removed 1 item(s)", "skipped scan.txt: not a text file"]


def test_text_wraps_to_the_width_asked(result: SummaryResult) -> None:
    def widest_summary_line(width: int) -> int:  # headings are not wrapped; the indented text is
        return max(len(line) for line in render_text(result, width=width).splitlines() if line.startswith("  "))

    assert widest_summary_line(40) <= 40 < widest_summary_line(200)


def test_notes_box_lists_skips_run_notes_then_story_notes(result: SummaryResult) -> None:
    assert notes_text(result).splitlines() == [
        "skipped scan.txt: not a text file", "vote: cleaning removed 1 item(s)",
        "story 1: valley 10/12 sentences read"]


def test_notes_box_says_when_nothing_was_skipped_or_cut(result: SummaryResult) -> None:
    clean = replace(result, notes=(), skipped=(), stories=tuple(replace(s, notes=()) for s in result.stories))
    assert notes_text(clean) == "Nothing skipped or cut."


def test_text_shows_the_timeline_after_the_combined_summary_with_article_ids(result: SummaryResult) -> None:
    shown = render_text(result)
    assert ("  The dam on the Vell river cracked. The mayor resigned on <i>Sunday</i>.\n\nTimeline:\n"
            "  2024-03-22 (Friday) — The dam <b>cracked</b> on Friday [dam, valley]\n"
            "  undated (Tuesday) — Engineers inspected the dam on Tuesday. [valley]\n"
            "  Undated events follow the dated ones, in the order of their articles.\n"
            "  2 more events left out") in shown
    assert shown.count("Timeline:") == 1  # story 2 has none, and shows no empty section
