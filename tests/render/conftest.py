"""A small hand-built result for the renderers: two stories, every part a renderer shows, some hostile text."""

from __future__ import annotations

import pytest

from summarizer.checks.attribution import SummarySentence, Support
from summarizer.checks.conflicts import Conflict, ConflictSide
from summarizer.documents import Document, Skipped
from summarizer.results import DocumentSummary, StorySummary, SummaryResult, TimelineEvent

DAM = Document(id="dam", title="Dam <b>cracks</b>", source="dam.txt",
               text="Officials said 212 people were evacuated. The dam on the Vell river cracked.")
VALLEY = Document(id="valley", title="Valley evacuated", source="valley.html",
                  text="Some 230 people were evacuated overnight. Engineers inspected the dam.")
VOTE = Document(id="vote", title="Council approves budget", source="pasted",
                text="The council approved the budget by seven votes to two.")


def hand_built_result() -> SummaryResult:
    """Story 1: two articles, a supported and an unsupported, flagged sentence, a conflict, an unused
    article, a timeline (a dated event two articles report, an undated one, two left out) and a note; story 2:
    one article. Then a run note and a skipped input."""
    supported = SummarySentence("The dam on the Vell river cracked.",
                                (Support("dam", 1, "The dam on the Vell river cracked.", 0.91),))
    invented = SummarySentence("The mayor resigned on <i>Sunday</i>.", (), ('date "Sunday" appears in no source',))
    flood = StorySummary(
        id="story-1", label="dam / evacuated", documents=(DAM, VALLEY),
        document_summaries=(DocumentSummary("dam", DAM.title, "The dam cracked and 212 people left."),
                            DocumentSummary("valley", VALLEY.title, "Some 230 people were evacuated.")),
        summary=f"{supported.text} {invented.text}", route="select", notes=("valley 10/12 sentences read",),
        sentences=(supported, invented),
        conflicts=(Conflict("number of people evacuated", (
            ConflictSide("212", ("dam",), "Officials said 212 people were evacuated."),
            ConflictSide("some 230", ("valley",), "Some 230 people were evacuated overnight."))),),
        unused_documents=("valley",),
        timeline=(TimelineEvent("2024-03-22", "Friday", "The dam <b>cracked</b> on Friday", ("dam", "valley"), "text"),
                  TimelineEvent("", "Tuesday", "Engineers inspected the dam on Tuesday.", ("valley",), "position")),
        timeline_left_out=2)
    vote = StorySummary(
        id="story-2", label="council / budget", documents=(VOTE,),
        document_summaries=(DocumentSummary("vote", VOTE.title, "The council approved the budget."),),
        summary="The council approved the budget.", route="single")
    return SummaryResult(stories=(flood, vote), model="extractive", settings={"length": "short"},
                         timings={"total_s": 1.25}, notes=("vote: cleaning removed 1 item(s)",),
                         skipped=(Skipped("scan.txt", "not a text file"),))


@pytest.fixture
def result() -> SummaryResult:
    return hand_built_result()
