"""Who did what (checks/swaps.py): names that changed places since the source, a role moved to another name."""

from summarizer.checks.attribution import attribute
from summarizer.documents import Document

SEARCH = ("Orofino Police searched the town on Saturday. Police brought in a canine tracking team, which indicated "
          "Kristian may have walked west from the armory.")
INTERVIEW = ("CNN host Piers Morgan interviewed radio host Alex Jones on Monday about gun control. "
             "Jones went on a tirade against Morgan.")


def flags(sentence: str, article: str, title: str = "-") -> tuple[str, ...]:
    """The flags of a one-sentence summary checked against one article."""
    [checked] = attribute(sentence, [Document(id="a", title=title, source="a.txt", text=article)])
    return checked.flags


def swapped(sentence: str, article: str = SEARCH, title: str = "Search") -> bool:
    return any("changed places" in flag for flag in flags(sentence, article, title))


def role_moved(sentence: str, article: str, title: str) -> bool:
    return any("who is who" in flag for flag in flags(sentence, article, title))


def test_two_names_round_the_sources_own_words_in_the_other_order_are_a_swap():
    assert swapped("Kristian brought in a canine tracking team, which indicated Orofino Police may have walked "
                   "west from the armory.")


def test_names_reordered_round_other_words_are_no_swap():
    assert not swapped("A canine tracking team brought in by Orofino Police indicated Kristian may have walked "
                       "west from the armory.")


def test_swapped_names_are_flagged():
    assert any("swapped" in flag for flag in flags(
        "Eastleigh beat Westbury by three goals in the cup final on Saturday.",
        "Westbury beat Eastleigh by three goals in the cup final on Saturday.", title="Match"))


def test_two_names_that_keep_a_shared_neighbour_are_not_taken_for_a_swap():
    assert not any("swapped" in flag for flag in flags(
        "On Friday Blinken arrived in Israel to urge the government to reconsider its offensive in Gaza.",
        "Blinken arrived in Israel on Friday to urge the government to reconsider its offensive in Gaza.",
        title="Visit"))


def test_names_that_swap_places_while_keeping_a_shared_neighbour_are_flagged():
    assert any("swapped" in flag for flag in flags(
        "Troops in Gaza fired on crowds in Israel on Monday.", "Troops in Israel fired on crowds in Gaza on Monday.",
        title="Clash"))


def test_a_role_the_articles_give_another_name_of_the_sentence_is_flagged():
    assert role_moved("On Monday CNN host Alex Jones was interviewed by Piers Morgan about gun control.", INTERVIEW,
                      "Interview")


def test_a_role_the_articles_give_this_name_is_not_flagged():
    assert not role_moved("CNN host Piers Morgan interviewed Alex Jones on Monday about gun control.", INTERVIEW,
                          "Interview")
    assert not role_moved("Radio host Alex Jones was interviewed by Piers Morgan on Monday.", INTERVIEW, "Interview")


def test_names_in_a_list_take_no_role_from_the_words_before_it():
    assert not role_moved("Biden will travel to Israel and Jordan to meet King Abdullah.",
                          "Biden will fly to Israel on Wednesday. He will then travel to Jordan to meet King Abdullah.",
                          "Trip")


def test_two_forms_of_one_name_are_one_person():
    assert not role_moved("Trump's lawyers said prosecutors targeted Donald Trump.",
                          "Prosecutors targeted Trump, his lawyers said. Donald Trump denied wrongdoing on Monday.",
                          "Case")


def test_a_relation_that_reads_the_same_both_ways_is_no_swap():
    assert not swapped("President Donald Trump met President Volodymyr Zelensky at the White House on Friday.",
                       "Ukrainian President Volodymyr Zelensky met President Donald Trump at the White House on "
                       "Friday.", "Talks")


def test_names_of_a_list_in_another_order_are_no_swap():
    assert not swapped("The talks in Cairo between Israel and Hamas stalled on Sunday, with envoys from France, "
                       "Germany and Italy.",
                       "Talks between Hamas and Israel in Cairo stalled on Sunday, with envoys from Italy, France and "
                       "Germany.", "Talks")
