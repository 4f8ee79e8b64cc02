"""Cleaning: web leftovers and repeats go, every real sentence stays, every removal is recorded."""

import re
import unicodedata
from pathlib import Path

import pytest

from summarizer.documents.cleaning import clean_text
from tests.conftest import skip_or_fail

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_NAMES = [f"article_{n}.txt" for n in range(1, 6)]

# Nothing that matches these may survive cleaning of a seed article.
LEFTOVER_PATTERNS = [
    r"(?i)begin typing your search",
    r"(?i)next story",
    r"(?im)^related( articles)?$",
    r"(?im)^read also$",
    r"(?im)^see also\b",
    r"(?i)your email address will not be published",
    r"(?i)required fields are marked",
    r"(?i)leave a (reply|comment)",
    r"(?i)follow us on",
    r"(?i)share this",
    r"\((ANI|PTI|AP|AFP|Reuters)\)",
    r"(?m)^\S+$",  # one-word paragraphs: agency names, close buttons, an author's name
    r"(?i)contributed to this report",
    r"(?i)\bblog(s|ger|ging)?\b",  # the author box
    r"[.!?”\"]\s*\([A-Z][\w.]*\)\s*\Z",  # a source credit after the last sentence
]
# Sentences of the raw seeds that are page furniture, not story: excluded from "no sentence lost".
LEFTOVER_SENTENCE = re.compile(
    r"(?i)contributed to this report|for this report|email address|follow us|\bblog|\bwrit(er|ing)\b|degree"
    r"|passion"
)


def normalised(text: str) -> str:
    """NFKC, single spaces, one apostrophe style (near-duplicates differing only in ' and ’ are merged)."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())


def story_sentences(raw: str) -> list[str]:
    """Sentences of 12+ words that end like a sentence and are not page furniture (a "DOHA:" dateline is)."""
    sentences = []
    for line in normalised_lines(raw):
        for sentence in re.split(r"(?<=[.!?])\s+|(?<=[.!?][”\"])\s+", line):
            sentence = re.sub(r"^[A-Z]{3,}: ", "", sentence.strip())
            long_enough = len(sentence.split()) >= 12 and sentence.endswith((".", "!", "?", "”", '"'))
            if long_enough and not LEFTOVER_SENTENCE.search(sentence):
                sentences.append(sentence)
    return sentences


def normalised_lines(raw: str) -> list[str]:
    return [normalised(line) for line in raw.splitlines() if line.strip()]


def word_key(paragraph: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", paragraph.lower().replace("’", "'")))


@pytest.fixture(params=SEED_NAMES)
def seed(request) -> str:
    path = SEEDS / request.param
    if not path.is_file():
        skip_or_fail(f"{path} is absent (the seeds live in ../shared beside the repository)")
    return path.read_text(encoding="utf-8")


def test_seed_leftovers_are_gone(seed):
    cleaned = clean_text(seed).text
    survivors = [pattern for pattern in LEFTOVER_PATTERNS if re.search(pattern, cleaned)]
    assert survivors == []


def test_seed_story_sentences_all_survive(seed):
    sentences = story_sentences(seed)
    assert len(sentences) >= 3  # the check below must have something to check
    cleaned = normalised(clean_text(seed).text)
    assert [sentence for sentence in sentences if sentence not in cleaned] == []


def test_seed_has_no_duplicate_paragraphs(seed):
    keys = [word_key(paragraph) for paragraph in clean_text(seed).text.split("\n\n")]
    assert len(keys) == len(set(keys))


def test_seed_removals_are_recorded_and_name_real_text(seed):
    removed = clean_text(seed).removed
    assert removed
    raw = normalised(seed)
    for record in removed:
        match = re.fullmatch(r'([a-z ]+): "(.+?)…?"', record)
        assert match, record
        assert match[2] in raw, record


def test_seed_text_is_tidy(seed):
    text = clean_text(seed).text
    assert text == text.strip()
    assert "\n\n\n" not in text and "  " not in text and "\u00a0" not in text
    assert all(paragraph.strip() == paragraph for paragraph in text.split("\n\n"))


def story(*middle: str) -> str:
    """A tiny invented article with the given lines between two real paragraphs."""
    return "\n\n".join([
        "Engineers closed the old stone bridge after the river rose three metres overnight.",
        *middle,
        "Residents were told to use the northern crossing until the water falls again.",
    ])


REAL = ["Engineers closed the old stone bridge", "Residents were told to use the northern crossing"]


@pytest.mark.parametrize("leftover, kind", [
    ("Begin typing your search...", "web leftover"),
    ("Search for:", "web leftover"),
    ("Next Story", "web leftover"),
    ("Previous article", "web leftover"),
    ("X", "web leftover"),
    ("Share this article", "web leftover"),
    ("Facebook Twitter WhatsApp Email", "web leftover"),
    ("Follow us on Facebook, Instagram and Threads for more updates", "share prompt"),
    ("Leave a Reply", "web leftover"),
    ("Your email address will not be published. Required fields are marked *", "web leftover"),
    ("Name*\nEmail*\nWebsite\nPost Comment", "web leftover"),
    ("By Tomas Reed and Ana Lima", "byline"),
    ("Written by Tomas Reed", "byline"),
    ("— Tomas Reed", "byline"),
    ("___", "web leftover"),
    ("Advertisement Continue reading the main story", "web leftover"),
    ("Harbour cranes at dawn (ANI)", "photo caption"),
    ("Photo: Jan Ostrowski / Harbour Daily", "photo credit"),
    ("Image credit: Harbour Daily", "photo credit"),
    ("Sign up for our morning newsletter and get the news in your inbox", "newsletter prompt"),
    ("Advertisement", "web leftover"),
    ("We use cookies to give you the best experience on our website. Accept all", "cookie notice"),
    ("See also: Storm season starts early in the north", "related link"),
    ("Read more: Ferry timetable changes for winter", "related link"),
    ("Updated: 12 March 2024, 10:42 IST", "timestamp"),
    ("Pat Mendes contributed to this report.", "reporting credit"),
    # An initial or "St." inside the line is no sentence end (the shared split_sentences knows abbreviations).
    ("Pat J. Mendes contributed to this report.", "reporting credit"),
    ("Victoria St. Martin contributed to this report", "reporting credit"),
    ("Updated at 11:02 p.m. ET", "timestamp"),
])
def test_leftover_line_is_removed_and_recorded(leftover, kind):
    cleaned = clean_text(story(leftover))
    assert all(part in cleaned.text for part in REAL)
    assert cleaned.text.count("\n\n") == 1  # only the two real paragraphs remain
    assert cleaned.removed and all(record.startswith(f"{kind}: ") for record in cleaned.removed)
    assert len(cleaned.removed) == len(leftover.split("\n"))


@pytest.mark.parametrize("sentence", [
    "The inspectors said residents should see also the older reports from 2019 before deciding anything.",
    "See also the annex, which lists every bridge that engineers inspected during the spring floods.",
    "By Tuesday, the floodwaters had receded from most of the lower town and shops reopened.",
    "The website of the council crashed under the traffic as people looked for road closures.",
    "Published reports show 40 families lost their homes when the embankment gave way.",
    "Copyright law was not part of the debate, the minister said when asked about the archive.",
    "Follow-up inspections are planned for every crossing on the river before the winter.",
    "Mara Quill, a reporter for the local paper, was among the first to reach the flooded square.",
    "Photographs taken by residents show water reaching the first floor of the market hall.",
    "Click here to see the flood map. The water reached the market hall before noon on Monday.",
    "– Soldiers carried sandbags along the embankment through the night",
])
def test_real_sentence_that_looks_like_a_leftover_stays(sentence):
    cleaned = clean_text(story(sentence))
    assert sentence in cleaned.text
    assert cleaned.removed == ()


def test_related_articles_block_at_the_end_goes_with_its_headlines():
    text = story() + "\n\nRelated Articles\nFerry timetable changes for winter\nNew bridge plans unveiled?"
    cleaned = clean_text(text)
    assert cleaned.text == clean_text(story()).text
    kinds = [record.split(":")[0] for record in cleaned.removed]
    assert kinds == ["related links", "related link", "related link"]


def test_related_heading_before_real_paragraphs_drops_only_the_heading():
    text = "\n\n".join(["Related", story()])
    cleaned = clean_text(text)
    assert all(part in cleaned.text for part in REAL)
    assert cleaned.removed == ('web leftover: "Related"',)


def test_author_box_at_the_end_is_removed():
    bio = ("Mara Quill, a freelance writer based in Lisbon, holds a degree in geography and has followed "
           "river engineering for a decade with a passion for long reads.")
    cleaned = clean_text(story() + "\n\nMara Quill\n\n" + bio)
    assert cleaned.text == clean_text(story()).text
    assert [record.split(":")[0] for record in cleaned.removed] == ["author bio", "author bio"]


def test_a_reporters_beat_and_outlet_at_the_end_is_an_author_bio():
    bio = ("Priya Natarajan covers transport and city hall for the Ellison Daily. She has reported from Port "
           "Ellison since 2015 and previously worked at the Coastline Courier.")
    cleaned = clean_text(story() + "\n\n" + bio)
    assert cleaned.text == clean_text(story()).text and cleaned.removed[0].startswith("author bio")


def test_a_last_paragraph_about_what_something_covers_stays():
    last = "Insurance covers the repairs for the Harbor Authority, officials said, and work starts in June."
    assert clean_text(story() + "\n\n" + last).text.endswith(last)


def test_trailing_source_credit_is_cut_from_the_last_sentence():
    cleaned = clean_text(story() + " (Harbour Wire)")
    assert cleaned.text.endswith("falls again.")
    assert cleaned.removed == ('source credit: "(Harbour Wire)"',)


@pytest.mark.parametrize("dateline, sentence", [
    ("DOHA: ", "US State Secretary Antony Blinken is set to begin meetings in Israel on Wednesday."),
    ("WASHINGTON (AP) — ", "The Senate voted on Tuesday to fund the bridge repairs."),
    ("GAZA CITY, Gaza Strip – ", "“We have no water,” a resident said on Monday."),
])
def test_dateline_before_the_first_sentence_is_cut_and_recorded(dateline, sentence):
    cleaned = clean_text(f"Bridge funding approved\n\n{dateline}{sentence}\n\n{story()}")
    assert cleaned.text.split("\n\n")[1] == sentence
    assert cleaned.removed == (f'dateline: "{dateline.rstrip(" :—–")}"',)


@pytest.mark.parametrize("paragraph", [
    "NEW YORK, Dec 5 (Reuters) - Stocks fell on Friday as investors weighed the jobs report.",  # its only date
    "NATO said on Monday that it would send more ships to the region.",
    "The council met: It voted to close the bridge.",
])
def test_a_dated_dateline_or_an_opening_word_in_capitals_stays(paragraph):
    assert clean_text(paragraph).text == paragraph


def test_exact_and_near_duplicate_paragraphs_leave_the_first_copy():
    first = "The council said the 'temporary' closure of the bridge would last at least three more weeks."
    near = "The council said the ‘temporary’ closure of the bridge would last at least three more weeks!"
    cleaned = clean_text("\n\n".join([first, "Engineers agreed.", first, near]))
    assert cleaned.text == f"{first}\n\nEngineers agreed."
    assert len(cleaned.removed) == 2
    assert all(record.startswith("duplicate paragraph: ") for record in cleaned.removed)
    assert cleaned.removed[0].endswith('…"') and len(cleaned.removed[0]) < 90


def test_longer_repeat_replaces_the_first_copy_in_its_place():
    short = "The council said the closure of the old stone bridge would last at least three more weeks."
    longer = short[:-1] + ", officials said."
    cleaned = clean_text("\n\n".join([short, "Engineers agreed.", longer]))
    assert cleaned.text == f"{longer}\n\nEngineers agreed."
    assert cleaned.removed == (f'duplicate paragraph: "{short[:60]}…"',)


def test_shingle_near_duplicate_with_one_word_changed_is_removed():
    first = " ".join(f"word{n}" for n in range(40)) + "."
    changed = first.replace("word39", "other")
    assert clean_text(f"{first}\n\n{changed}").text == first


def test_different_paragraphs_sharing_a_few_words_both_stay():
    a = "The river rose three metres overnight and the old stone bridge was closed by engineers."
    b = "The river fell two metres by the evening and the old ferry began running again."
    assert clean_text(f"{a}\n\n{b}").text == f"{a}\n\n{b}"


def test_unicode_whitespace_and_control_characters_are_normalised():
    raw = "  The \ufb01re\u00a0crews\tarrived\u200b at\x07 dawn.  \r\n\r\n\r\n\r\nThey left   at noon.\n\n\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "The fire crews arrived at dawn.\n\nThey left at noon."
    assert cleaned.removed == ()


def test_curly_quotes_are_kept():
    assert clean_text("He said “wait” and left.").text == "He said “wait” and left."


def test_hard_wrapped_paragraph_is_joined_but_single_line_paragraphs_stay_apart():
    wrapped = ("The river rose three metres overnight and engineers\n"
               "closed the old stone bridge on Monday morning, the\n"
               "council said in a short statement to residents.")
    assert clean_text(wrapped).text == " ".join(wrapped.split("\n"))
    lines = "Bridge closed in flood\nThe river rose overnight.\nThe ferry runs again."
    assert clean_text(lines).text == lines.replace("\n", "\n\n")


def test_empty_and_leftover_only_text_cleans_to_nothing():
    assert clean_text("  \n\n\t ").text == ""
    cleaned = clean_text("Next Story\n\nAdvertisement")
    assert cleaned.text == ""
    assert len(cleaned.removed) == 2
