"""The Compare tab's numbers: word overlap of two results' combined summaries, and the table around it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.render.compare import combined_text, comparison_table, overlap, rouge1_f
from summarizer.results import SummaryResult


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("the river rose", "the river rose", 1.0),
    ("a b c d", "a b", 2 * 1.0 * 0.5 / 1.5),  # precision 1, recall 0.5
    ("flood", "budget", 0.0),
    ("", "budget", 0.0),
])
def test_rouge1_f(a: str, b: str, expected: float) -> None:
    assert rouge1_f(a, b) == pytest.approx(expected)


def test_rouge1_f_counts_repeats_and_ignores_case() -> None:
    assert rouge1_f("The the river", "the river") == pytest.approx(2 * 1.0 * (2 / 3) / (1 + 2 / 3))
    assert rouge1_f("A B", "b a") == 1.0


def test_overlap_measures_the_combined_summaries(result: SummaryResult) -> None:
    assert combined_text(result).splitlines() == [s.summary for s in result.stories]
    assert overlap(result, result) == (1.0, 1.0)
    other = replace(result, stories=result.stories[1:])  # only "The council approved the budget."
    scores = overlap(result, other)
    assert 0.0 < scores.jaccard < 1.0 and 0.0 < scores.rouge1_f < 1.0
    assert scores.rouge1_f == pytest.approx(rouge1_f(combined_text(result), combined_text(other)))


def test_table_rows_show_each_side(result: SummaryResult) -> None:
    other = replace(result, model="tiny", settings={"length": "long"}, stories=result.stories[1:], from_cache=True)
    lines = comparison_table(result, other).splitlines()
    assert lines[:6] == ["| | A | B |", "|---|---|---|",
                         "| Setting | extractive / short | tiny / long |",
                         "| Stories | 2 | 1 |",
                         "| Words in combined summaries | 17 | 5 |",
                         r"| Time \(s\) | 1\.2 | cached |"]  # a cached side ran no model: its time would mislead
    assert lines[-1].startswith("Word overlap between A and B: Jaccard 0.")
