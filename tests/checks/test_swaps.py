"""Who did what (checks/swaps.py): names that changed places since the source, a role moved to another name."""

from summarizer.checks.attribution import attribute
from summarizer.documents import Document

SEARCH = Document(id="s", title="Search", source="-", text=(
    "Orofino Police searched the town on Saturday. Police brought in a canine tracking team, which indicated "
    "Kristian may have walked west from the armory."))


def swapped(sentence: str) -> bool:
    return any("changed places" in flag for s in attribute(sentence, [SEARCH]) for flag in s.flags)


def test_two_names_round_the_sources_own_words_in_the_other_order_are_a_swap():
    assert swapped("Kristian brought in a canine tracking team, which indicated Orofino Police may have walked "
                   "west from the armory.")


def test_names_reordered_round_other_words_are_no_swap():
    assert not swapped("A canine tracking team brought in by Orofino Police indicated Kristian may have walked "
                       "west from the armory.")


def test_swapped_names_are_flagged():
    story = [
        Document(
            id="a",
            title="Match",
            source="a.txt",
            text="Westbury beat Eastleigh by three goals in the cup final on Saturday.",
        )
    ]
    [sentence] = attribute("Eastleigh beat Westbury by three goals in the cup final on Saturday.", story)
    assert any("swapped" in flag for flag in sentence.flags)


def test_two_names_that_keep_a_shared_neighbour_are_not_taken_for_a_swap():
    story = [Document(id="a", title="Visit", source="a.txt", text=(
        "Blinken arrived in Israel on Friday to urge the government to reconsider its offensive in Gaza."))]
    [sentence] = attribute("On Friday Blinken arrived in Israel to urge the government to reconsider its offensive "
                           "in Gaza.", story)
    assert not any("swapped" in flag for flag in sentence.flags)


def test_names_that_swap_places_while_keeping_a_shared_neighbour_are_flagged():
    story = [Document(id="a", title="Clash", source="a.txt",
                      text="Troops in Israel fired on crowds in Gaza on Monday.")]
    [sentence] = attribute("Troops in Gaza fired on crowds in Israel on Monday.", story)
    assert any("swapped" in flag for flag in sentence.flags)


INTERVIEW = Document(id="i", title="Interview", source="-", text=(
    "CNN host Piers Morgan interviewed radio host Alex Jones on Monday about gun control. "
    "Jones went on a tirade against Morgan."))


def role_moved(sentence: str, story: list[Document]) -> bool:
    return any("who is who" in flag for s in attribute(sentence, story) for flag in s.flags)


def test_a_role_the_articles_give_another_name_of_the_sentence_is_flagged():
    assert role_moved("On Monday CNN host Alex Jones was interviewed by Piers Morgan about gun control.", [INTERVIEW])


def test_a_role_the_articles_give_this_name_is_not_flagged():
    assert not role_moved("CNN host Piers Morgan interviewed Alex Jones on Monday about gun control.", [INTERVIEW])
    assert not role_moved("Radio host Alex Jones was interviewed by Piers Morgan on Monday.", [INTERVIEW])


def test_names_in_a_list_take_no_role_from_the_words_before_it():
    story = [Document(id="t", title="Trip", source="-", text=(
        "Biden will fly to Israel on Wednesday. He will then travel to Jordan to meet King Abdullah."))]
    assert not role_moved("Biden will travel to Israel and Jordan to meet King Abdullah.", story)


def test_two_forms_of_one_name_are_one_person():
    story = [Document(id="c", title="Case", source="-", text=(
        "Prosecutors targeted Trump, his lawyers said. Donald Trump denied wrongdoing on Monday."))]
    assert not role_moved("Trump's lawyers said prosecutors targeted Donald Trump.", story)


def test_a_relation_that_reads_the_same_both_ways_is_no_swap():
    story = [Document(id="m", title="Talks", source="-", text=(
        "Ukrainian President Volodymyr Zelensky met President Donald Trump at the White House on Friday."))]
    [sentence] = attribute("President Donald Trump met President Volodymyr Zelensky at the White House on Friday.",
                           story)
    assert not any("changed places" in flag for flag in sentence.flags)


def test_names_of_a_list_in_another_order_are_no_swap():
    story = [Document(id="l", title="Talks", source="-", text=(
        "Talks between Hamas and Israel in Cairo stalled on Sunday, with envoys from Italy, France and Germany."))]
    [sentence] = attribute("The talks in Cairo between Israel and Hamas stalled on Sunday, with envoys from France, "
                           "Germany and Italy.", story)
    assert not any("changed places" in flag for flag in sentence.flags)
