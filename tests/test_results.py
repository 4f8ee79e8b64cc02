"""SummaryResult's JSON form: everything a run produced survives a save and a load."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from summarizer import Document, Summarizer, SummaryResult
from summarizer.checks.attribution import SummarySentence, Support
from summarizer.checks.when import SentenceDate
from summarizer.documents import Skipped
from summarizer.render.markdown import render_markdown
from summarizer.results import StorySummary
from summarizer.settings import Route

DAM = Document(id="dam", title="Dam cracks", source="dam.txt", date="2026-03-01",
               text="Officials said 212 people were evacuated from the valley. The dam on the Vell river cracked.",
               removed=("menu: Home | News",))
VALLEY = Document(id="valley", title="Valley evacuated", source="valley.html",
                  text="Some 230 people were evacuated from the valley overnight. Engineers inspected the dam.")
VOTE = Document(id="vote", title="Council approves budget", source="pasted",
                text="The city council approved the new budget by seven votes to two. The mayor will sign it.")


@pytest.fixture(scope="module")
def result() -> SummaryResult:
    """A real extractive run: grouped stories with sentences, sources and a conflict, then a skip and a note."""
    made = Summarizer(model="extractive").summarize([DAM, VALLEY, VOTE], length="short")
    return replace(made, skipped=(Skipped("scan.txt", "not a text file"),), notes=(*made.notes, "a run note"))


def test_json_round_trip_keeps_every_part(result: SummaryResult) -> None:
    assert any(story.conflicts for story in result.stories)  # the round trip covers each nested type
    assert any(s.sources for story in result.stories for s in story.sentences)
    again = SummaryResult.from_json(result.to_json())
    assert again == result
    assert again.to_json() == result.to_json()


def test_json_is_plain_data_with_routes_as_strings(result: SummaryResult) -> None:
    data = json.loads(result.to_json(indent=None))
    assert data == json.loads(json.dumps(result.to_dict()))  # to_dict is what to_json writes
    assert {story["route"] for story in data["stories"]} <= {str(r) for r in Route}
    assert data["settings"]["length"] == "short" and data["skipped"] == [{"source": "scan.txt",
                                                                          "reason": "not a text file"}]


def test_every_route_is_explained_where_story_summary_documents_its_field() -> None:
    assert [r for r in Route if f"``{r}`` (" not in (StorySummary.__doc__ or "")] == []


def test_a_cached_flag_and_article_sentences_with_their_dates_survive_the_round_trip(result: SummaryResult) -> None:
    story = result.stories[0]
    summary = replace(story.document_summaries[0], sentences=(
        SummarySentence("The dam cracked on Friday.", (Support("dam", 1, "The dam on the Vell river cracked.", 0.8),),
                        ("a flag",), ("dam",), (SentenceDate("Friday", "2024-03-22", "dam", True),)),))
    changed = replace(result, from_cache=True, stories=(replace(story, document_summaries=(summary,)),))
    assert SummaryResult.from_json(changed.to_json()) == changed


def test_json_without_article_sentences_still_loads(result: SummaryResult) -> None:
    data = result.to_dict()
    for story in data["stories"]:
        for summary in story["document_summaries"]:
            del summary["sentences"]  # results saved before articles' sentences were kept
    loaded = SummaryResult.from_dict(data)
    assert all(s.sentences == () for story in loaded.stories for s in story.document_summaries)
    assert [s.summary for s in loaded.stories] == [s.summary for s in result.stories]


def test_usage_survives_the_round_trip_and_json_without_it_still_loads(result: SummaryResult) -> None:
    assert result.usage["documents"]["prompt_tokens"] > 0  # the extractive model meters words as its tokens
    usage = {"documents": {"prompt_tokens": 120, "written_tokens": 40, "read_s": 0.5, "write_s": 2.25, "calls": 1},
             "stories continued": {"prompt_tokens": 300, "written_tokens": 9, "read_s": 1.0, "write_s": 0.5,
                                   "calls": 1}}
    changed = replace(result, usage=usage)
    assert SummaryResult.from_json(changed.to_json()).usage == usage
    data = result.to_dict()
    del data["usage"]  # results saved before usage was recorded
    assert SummaryResult.from_dict(data).usage == {}


def test_to_markdown_is_the_markdown_renderer(result: SummaryResult) -> None:
    assert result.to_markdown() == render_markdown(result)


def test_timeline_survives_the_round_trip_and_json_without_it_still_loads(result: SummaryResult) -> None:
    story = next(s for s in result.stories if any(d.id == "dam" for d in s.documents))
    assert ("2026-03-01", "dam", "article date") in [(e.date, e.document_ids[0], e.dated_by) for e in story.timeline]
    changed = replace(result, stories=tuple(replace(s, timeline_left_out=3) if s is story else s
                                            for s in result.stories))
    assert SummaryResult.from_json(changed.to_json()) == changed
    data = result.to_dict()
    for saved in data["stories"]:
        del saved["timeline"], saved["timeline_left_out"]  # results saved before timelines were made
    loaded = SummaryResult.from_dict(data)
    assert all(s.timeline == () and s.timeline_left_out == 0 for s in loaded.stories)
