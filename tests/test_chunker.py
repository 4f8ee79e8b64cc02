"""Tests for the chunker: stories found, kept apart, ordered, labelled, and bad settings refused."""

from pathlib import Path

import pytest

from summarizer.chunker import Chunker, Story, TfidfChunker, group_documents, label_story
from summarizer.documents import Document
from summarizer.errors import SummarizerError
from tests.conftest import skip_or_fail

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / ".." / "shared" / "seeds"
EXAMPLES = REPO / "examples"

# Invented articles, each about something unrelated to the others and to the seed articles.
UNRELATED = {
    "football": ("Rovers snatch late win over United in derby",
                 "Rovers beat United 2-1 on Saturday with a goal in stoppage time. The striker Kane Doyle "
                 "headed in a corner in the 93rd minute after United had equalised from the penalty spot. "
                 "The home crowd of 31,000 celebrated as Rovers moved to third in the league table. The "
                 "manager praised the defence and said the squad would rest before the cup match."),
    "bakery": ("Sourdough bakery opens on Mill Street",
               "A family-run sourdough bakery opened on Mill Street this week, selling rye loaves, "
               "croissants and cinnamon buns baked in a wood-fired oven. The owners, two sisters who "
               "trained as pastry chefs, said queues formed before dawn on the first morning. They plan "
               "to add baking classes for children and to supply the weekend farmers market."),
    "rail": ("New tram line to the airport begins service",
             "Trams began running on the new airport line on Monday, cutting the trip from the central "
             "station to the terminals to 22 minutes. The transit authority said trams will run every "
             "eight minutes at peak times. Fares match the rest of the network, and tickets can be bought "
             "with a contactless card on board. Construction of the line took four years."),
}


def doc(doc_id: str, title: str, text: str) -> Document:
    return Document(id=doc_id, title=title, text=text, source=f"{doc_id}.txt")


def unrelated() -> list[Document]:
    return [doc(key, title, text) for key, (title, text) in UNRELATED.items()]


def from_file(path: Path) -> Document:
    """First line is the headline, the rest the body; the raw scraped leftovers stay in."""
    title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
    return doc(path.stem, title.strip(), body.strip())


def seed_documents() -> list[Document]:
    paths = sorted(SEEDS.glob("article_*.txt"))
    if len(paths) != 5:
        skip_or_fail(f"the five seed articles are not in {SEEDS}")
    return [from_file(path) for path in paths]


def ids(stories: list[Story]) -> list[list[str]]:
    return [[d.id for d in story.documents] for story in stories]


def test_seed_articles_form_one_story():
    stories = TfidfChunker().group(seed_documents())
    assert ids(stories) == [["article_1", "article_2", "article_3", "article_4", "article_5"]]


def test_seed_articles_stay_apart_from_unrelated_articles():
    seeds = seed_documents()
    others = unrelated()
    mixed = [others[0], seeds[0], seeds[1], others[1], seeds[2], seeds[3], others[2], seeds[4]]
    assert ids(TfidfChunker().group(mixed)) == [
        ["football"], ["article_1", "article_2", "article_3", "article_4", "article_5"], ["bakery"], ["rail"]
    ]


def test_examples_folder_holds_exactly_three_stories():
    documents = [from_file(path) for path in sorted(EXAMPLES.glob("*.txt"))]
    assert ids(group_documents(documents)) == [
        ["comet-discovery-1", "comet-discovery-2"],
        ["harbor-bridge-closure-1", "harbor-bridge-closure-2", "harbor-bridge-closure-3"],
        ["pine-ridge-wildfire-1", "pine-ridge-wildfire-2"],
    ]


def test_stories_follow_first_appearance_and_keep_input_order():
    bridge = [doc(f"bridge-{i}", "Harbor bridge closed", f"Cracked cables closed the harbor bridge; "
                  f"ferries carried stranded commuters across the harbor. Report {i}.") for i in (1, 2)]
    others = unrelated()
    stories = TfidfChunker().group([others[1], bridge[0], others[0], bridge[1]])
    assert ids(stories) == [["bakery"], ["bridge-1", "bridge-2"], ["football"]]
    assert [story.id for story in stories] == ["story-1", "story-2", "story-3"]


def test_same_input_gives_same_stories():
    documents = [*unrelated(), doc("football-2", *UNRELATED["football"])]
    first = TfidfChunker().group(documents)
    assert ids(first) == [["football", "football-2"], ["bakery"], ["rail"]]
    assert TfidfChunker().group(list(documents)) == first


def test_one_document_is_one_story():
    [story] = group_documents(unrelated()[:1])
    assert story.id == "story-1"
    assert [d.id for d in story.documents] == ["football"]
    assert story.label


def test_no_documents_give_no_stories():
    assert group_documents([]) == []


def test_articles_without_usable_words_each_stand_alone():
    stories = group_documents([doc("a", "", "the and of"), doc("b", "", "it is")])
    assert ids(stories) == [["a"], ["b"]]
    assert all(story.label for story in stories)


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5, 2, float("nan"), "0.5", True, None])
def test_invalid_threshold_is_refused_with_a_clear_message(threshold):
    with pytest.raises(SummarizerError, match="threshold"):
        TfidfChunker(threshold)


def test_threshold_decides_how_much_merges():
    documents = unrelated()
    assert len(TfidfChunker(0.01).group(documents)) == 3
    assert len(group_documents(documents, threshold=1.0)) == 1  # any shared word is close enough


def test_articles_sharing_no_word_never_merge():
    documents = [doc("a", "", "apples oranges"), doc("b", "", "trains buses"), doc("c", "", "apples pears")]
    assert ids(group_documents(documents, threshold=1.0)) == [["a", "c"], ["b"]]


def test_labels_are_short_title_cased_and_distinctive():
    seeds = seed_documents()
    stories = TfidfChunker().group([*unrelated(), *seeds])
    for story in stories:
        words = story.label.split()
        assert 1 <= len(words) <= 4
        assert all(word[0].isupper() for word in words)
    labels = {story.documents[0].id: story.label for story in stories}
    assert "Bakery" in labels["bakery"] or "Sourdough" in labels["bakery"]
    assert "Blinken" in labels["article_1"] or "Gaza" in labels["article_1"]


def test_label_story_keeps_the_articles_capitalisation():
    documents = [doc("n1", "NATO summit opens", "NATO leaders met in Vilnius. NATO expanded its eastern "
                     "presence, and NATO ministers agreed new spending goals.")]
    assert label_story(documents).split()[0] == "NATO"


def many_stories() -> list[Document]:
    """Twelve invented articles: four stories of three, each article with words of its own."""
    stories = {
        "bridge": ("harbor bridge cables cracked closed engineers ferries commuters", ["tolls", "divers", "mayor"]),
        "fire": ("pine ridge wildfire evacuated firefighters acres containment smoke", ["winds", "school", "camp"]),
        "comet": ("astronomers comet discovered telescope orbit tail observatory", ["amateur", "dawn", "ice"]),
        "strike": ("nurses strike hospital wages union shifts staffing", ["vote", "picket", "clinic"]),
    }
    return [doc(f"{name}-{i}", f"{name} report {i}", f"{words} {extra} {extra}s reported.")
            for i in range(3) for name, (words, extras) in stories.items() for extra in extras[i:i + 1]]


@pytest.mark.parametrize("shared_terms_from", [2, 10, None])
def test_large_inputs_group_by_story_whichever_terms_are_compared(shared_terms_from):
    stories = TfidfChunker(shared_terms_from=shared_terms_from).group(many_stories())
    assert sorted(ids(stories)) == sorted([[f"{name}-{i}" for i in range(3)]
                                           for name in ("bridge", "fire", "comet", "strike")])


def test_seed_articles_form_one_story_in_a_large_input():
    documents = [*many_stories(), *unrelated(), *seed_documents()]
    stories = TfidfChunker().group(documents)
    assert ["article_1", "article_2", "article_3", "article_4", "article_5"] in ids(stories)
    assert TfidfChunker().group(list(reversed(documents))) == TfidfChunker().group(list(reversed(documents)))


def test_large_input_with_no_shared_term_falls_back_to_plain_terms():
    documents = [doc(f"d{i}", "", f"word{i}a word{i}b") for i in range(12)]
    assert len(TfidfChunker().group(documents)) == 12


@pytest.mark.parametrize("value", [0, 1, -3, 2.5, "10", True])
def test_invalid_shared_terms_from_is_refused(value):
    with pytest.raises(SummarizerError, match="shared_terms_from"):
        TfidfChunker(shared_terms_from=value)


def test_tfidf_chunker_fits_the_chunker_protocol():
    assert isinstance(TfidfChunker(), Chunker)
