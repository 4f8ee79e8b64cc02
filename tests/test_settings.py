"""SummarySettings: validation, word ranges, routes, and the help every face shows from its fields."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.errors import SummarizerError
from summarizer.settings import (
    WORD_RANGES,
    Route,
    SettingsError,
    SummarySettings,
    WordRange,
    describe,
    describe_settings,
    settings_table,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("changes", "message"), [
    ({"length": "huge"}, "length must be one of short, medium, long, not 'huge'"),
    ({"route": "fused"}, "route must be one of auto, select, whole, facts, not 'fused'"),  # a result's route, no choice
    ({"model": ""}, "model must be a preset name"),
    ({"model": None}, "model must be a preset name"),
    ({"selection_words": 99}, "selection_words must be an integer of at least 100, not 99"),
    ({"document_tokens": 127}, "document_tokens must be an integer of at least 128"),
    ({"batch_size": 0}, "batch_size must be an integer of at least 1, not 0"),
    ({"batch_size": "4"}, "batch_size must be an integer of at least 1, not '4'"),
    ({"max_articles": 0}, "max_articles must be an integer of at least 1"),
    ({"max_article_chars": 0}, "max_article_chars must be an integer of at least 1"),
    ({"max_total_chars": 2.5}, "max_total_chars must be an integer of at least 1, not 2.5"),
])
def test_each_bad_value_is_refused_with_a_message_naming_it(changes: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        SummarySettings(**changes)
    assert issubclass(SettingsError, SummarizerError)  # the faces print it instead of a traceback


def test_the_smallest_allowed_values_are_accepted() -> None:
    settings = SummarySettings(selection_words=100, document_tokens=128, batch_size=1, max_articles=1,
                               max_article_chars=1, max_total_chars=1, route="whole", length="long")
    assert settings.batch_size == 1


def test_words_is_a_word_range_that_unpacks_like_a_pair() -> None:
    words = SummarySettings(length="short").words("story")
    assert isinstance(words, WordRange)
    assert (words.least, words.most) == (60, 110) == tuple(words)
    least, most = SummarySettings(length="long").words("document")
    assert (least, most) == (80, 140) and words[0] == 60
    assert all(r.least < r.most for ranges in WORD_RANGES.values() for r in ranges.values())


@pytest.mark.parametrize(("route", "resolved"), [("auto", Route.FACTS), ("select", Route.SELECT),
                                                 ("whole", Route.WHOLE)])
def test_auto_route_resolves_to_facts(route: str, resolved: Route) -> None:
    assert SummarySettings(route=route).combined_route is resolved


def test_routes_equal_the_strings_results_store() -> None:
    assert [str(r) for r in Route] == ["select", "whole", "facts", "single", "fused", "extractive"]
    assert Route.FUSED == "fused" and Route("single") is Route.SINGLE


def test_every_setting_is_described_with_a_label_help_and_its_type() -> None:
    described = {info.name: info for info in describe_settings()}
    assert list(described) == [f.name for f in fields(SummarySettings)]
    assert all(info.label and info.help.endswith(".") for info in described.values())
    kinds = {name: info.kind for name, info in described.items()}
    assert kinds["threshold"] is float and kinds["length"] is str and kinds["group"] is bool
    assert kinds["batch_size"] is int and described["length"].choices == ("short", "medium", "long")
    assert describe("selection_words").least == 100 and describe("model").default == "default"


def test_settings_table_has_a_row_per_setting_with_its_default_and_help() -> None:
    table = settings_table()
    lines = table.splitlines()
    assert lines[:2] == ["| Setting | Default | Meaning |", "|---|---|---|"]
    assert len(lines) == 2 + len(fields(SummarySettings))
    assert f"| `batch_size` | `4` | {describe('batch_size').help} |" in lines
    assert "| `threshold` | `none` |" in table
    assert all(line.count(" | ") == 2 for line in lines[2:])  # no bar in a help text splits a cell


def test_the_settings_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == 0
    assert capsys.readouterr().out == settings_table()


def test_readme_shows_the_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = "<!-- settings table: summarizer settings -->\n"
    end = "<!-- end settings table -->"
    assert start in readme and end in readme
    assert readme.split(start, 1)[1].split(end, 1)[0].strip() == settings_table().strip()
