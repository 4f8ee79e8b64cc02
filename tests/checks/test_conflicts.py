"""Conflicts: one figure reported differently by different articles of a story."""

from summarizer.checks.conflicts import find_conflicts
from summarizer.documents import Document, document_from_text


def doc(id: str, text: str, date: str | None = None) -> Document:
    return Document(id=id, title="Flood", text=text, source=f"{id}.txt", date=date)


def test_different_counts_of_the_same_thing_conflict():
    conflicts = find_conflicts(
        [
            doc("a", "Rescuers in Lowmoor said 212 people were evacuated from the valley."),
            doc("b", "Some 230 people were evacuated from Lowmoor overnight."),
        ]
    )
    assert [(c.kind, [(s.value, s.document_ids) for s in c.sides]) for c in conflicts] == [
        ("number of people evacuated", [("212", ("a",)), ("some 230", ("b",))])
    ]
    assert all("evacuated" in side.excerpt for side in conflicts[0].sides)


def test_unrelated_or_distant_numbers_do_not_conflict():
    assert (
        find_conflicts(
            [
                doc("a", "Rescuers in Lowmoor said 212 people were evacuated in 2023."),
                doc("b", "Lowmoor has 230 houses and its bridge is 1,900 metres long; 2024 was dry."),
                doc("c", "In Lowmoor, 980 people were evacuated from the second valley."),
            ]
        )
        == ()
    )


def test_a_weekday_of_the_same_event_conflicts_unless_the_articles_are_weeks_apart():
    a = doc("a", "The minister arrived in Portmere on Friday for talks.")
    b = doc("b", "The minister landed in Portmere on Thursday, officials said.")
    [conflict] = find_conflicts([a, b])
    assert conflict.kind == "day of arrival in Portmere"
    assert [side.value for side in conflict.sides] == ["Friday", "Thursday"]
    apart = [doc("a", a.text, date="2024-03-01"), doc("b", b.text, date="2024-04-19")]
    assert find_conflicts(apart) == ()


def test_seed_articles_report_a_figure_differently(seed_texts):
    documents = [document_from_text(text, id=f"article_{n}") for n, text in enumerate(seed_texts, 1)]
    conflicts = find_conflicts(documents)
    assert conflicts
    for conflict in conflicts:
        ids = [set(side.document_ids) for side in conflict.sides]
        assert len(set().union(*ids)) >= 2 and all(side.excerpt for side in conflict.sides)
