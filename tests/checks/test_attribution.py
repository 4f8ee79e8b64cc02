"""Attribution: summary sentences aligned to the source sentences that support them."""

from summarizer.checks.attribution import SummarySentence, Support, attribute, support_score, unused_documents
from summarizer.documents import Document


def doc(id: str, text: str, title: str = "Story") -> Document:
    return Document(id=id, title=title, text=text, source=f"{id}.txt")


FLOOD = doc(
    "flood",
    "Heavy rain flooded the lower town on Monday. The river rose three metres overnight. "
    "Firefighters moved 212 residents to the school gym.",
)
BRIDGE = doc(
    "bridge",
    "The council closed the old bridge after engineers found cracks in two pillars. "
    "Repairs will take about six months, the mayor said.",
)


def test_supported_sentence_gets_the_document_it_came_from():
    [sentence] = attribute(
        "Engineers found cracks in two pillars, so the council closed the old bridge.", [FLOOD, BRIDGE]
    )
    assert sentence.supported and sentence.flags == ()
    assert sentence.sources[0].document_id == "bridge" and sentence.sources[0].sentence_index == 0


def test_invented_sentence_is_unsupported():
    [sentence] = attribute(
        "The national bank raised interest rates to curb inflation in the spring.", [FLOOD, BRIDGE]
    )
    assert not sentence.supported and sentence.sources == ()


def test_fused_sentence_is_supported_by_both_of_its_sources():
    [sentence] = attribute(
        "The river rose three metres and firefighters moved 212 residents to the school gym.", [FLOOD, BRIDGE]
    )
    assert {(s.document_id, s.sentence_index) for s in sentence.sources} == {("flood", 1), ("flood", 2)}


def test_sentences_keep_summary_order_and_unused_documents_are_listed():
    result = attribute(
        "Heavy rain flooded the lower town on Monday. The river rose three metres overnight.", [FLOOD, BRIDGE]
    )
    assert [s.sources[0].sentence_index for s in result] == [0, 1]
    assert unused_documents(result, [FLOOD, BRIDGE]) == ("bridge",)


def test_score_rewards_order_as_well_as_words():
    source = "The council fined the company for the spill."
    assert support_score("The council fined the company.", source) > support_score(
        "The company fined the council.", source
    )


def test_unsupported_sentence_has_no_sources_and_is_not_supported():
    sentence = SummarySentence("x", sources=())
    assert not sentence.supported
    assert SummarySentence("x", (Support("d", 0, "x", 1.0),)).supported


def test_a_sentence_says_which_articles_report_it():
    from summarizer.checks.attribution import SupportCheck

    docs = [Document(id="a", title="A", text="The council closed the bridge on Monday.", source="-"),
            Document(id="b", title="B", text="On Monday the council closed the bridge to traffic.", source="-"),
            Document(id="c", title="C", text="Ferries added late crossings.", source="-")]
    first, second = SupportCheck(docs).sentences("The council closed the bridge on Monday. Ferries added crossings.")
    assert first.reported_by == ("a", "b") and second.reported_by == ("c",)


def test_an_article_that_reports_a_sentence_without_being_its_best_source_is_not_left_out():
    from summarizer.checks.attribution import SupportCheck

    docs = [Document(id="a", title="A", text="The council closed the bridge on Monday.", source="-"),
            Document(id="b", title="B", text="On Monday the council closed the bridge to traffic.", source="-"),
            Document(id="c", title="C", text="Ferries added late crossings.", source="-")]
    sentences = SupportCheck(docs).sentences("The council closed the bridge on Monday.")
    assert {s.document_id for s in sentences[0].sources} == {"a"}  # b reports it, but a supports it best
    assert unused_documents(sentences, docs) == ("c",)
