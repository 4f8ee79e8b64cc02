"""Web leftovers: whether one line of a scraped page is page furniture (a search box, "Next Story", a share
prompt, a byline, a photo caption) rather than article text, and what kind.

A line is a leftover only *as a whole*: a short line made of known leftover phrases, or a short line that
starts with a known marker ("See also ...", "By ...", "Photo: ..."). A real sentence that merely contains
such words is article text.
"""

from __future__ import annotations

import re

from summarizer.text import NEWS_AGENCIES, split_sentences, word_count

__all__ = ["RELATED_HEADING", "TERMINAL", "headline_like", "leftover_kind"]

TERMINAL = ".!?:;\"”’)"  # a line ending in one of these is not a hard-wrapped fragment or a headline
_AGENCIES = "|".join(NEWS_AGENCIES)

# Leftover phrases. A line made only of these (plus punctuation) is a leftover.
_PHRASES_ANY_CASE = [
    # search boxes
    r"begin typing your search( above)?( and press return to search)?", r"type (here )?(to|your) search",
    r"search( for)?", r"press (enter|return) to search", r"press esc to cancel", r"search this site",
    # navigation
    r"(next|previous|prev) (story|article|post|page)", r"skip to (main )?content", r"back to top",
    r"home", r"menu", r"close", r"go to", r"load more", r"show more",
    # comment forms
    r"leave a (reply|comment)", r"cancel reply", r"post (a )?comment", r"add a comment", r"comments?",
    r"\d+ comments?", r"your email address will not be published", r"required fields are marked",
    r"name", r"e-?mail( address)?", r"website", r"submit", r"join the (conversation|discussion)",
    r"save my name, email, and website in this browser for the next time i comment",
    r"you must be logged in to post a comment",
    # share / follow buttons
    r"share( this| on)?( article| story| post| page)?", r"tweet", r"print", r"copy link", r"facebook",
    r"twitter", r"whatsapp", r"linkedin", r"telegram", r"pinterest", r"reddit", r"google news",
    # advertising and newsletters
    r"advertisement", r"sponsored( content)?", r"story continues below( this)?( advertisement)?",
    r"continue reading( below| the main story)?", r"photos?", r"videos?", r"play", r"google( plus|\+)?",
    r"scroll to continue( with content)?", r"newsletter", r"subscribe( now)?",
    r"sign up", r"all rights reserved",
    # credits
    r"with inputs? from (agencies|[a-z]{2,8})", r"file photo", r"representational (image|photo)",
]
# Close buttons and bare agency credits only count in this exact spelling ("x" or "ap" may be words).
_PHRASES_EXACT_CASE = ["X", "\u00d7", "\u2715", "\u2716", *NEWS_AGENCIES]
_PHRASES = re.compile(
    r"(?<!\w)(?:(?i:" + "|".join(_PHRASES_ANY_CASE) + ")|" + "|".join(_PHRASES_EXACT_CASE) + r")(?!\w)"
)

# Headings that introduce a list of links to other stories.
RELATED_HEADING = re.compile(
    r"(?i)(related( articles?| stories| posts| news| content| topics| coverage)?"
    r"|read also|also read|read more|see also|more (stories|news|from [\w .]{1,30})"
    r"|you (may|might) also like|recommended( for you)?"
    r"|most (read|popular|viewed)|trending( now)?|latest( news| stories)?|top stories|don'?t miss"
    r"|popular( posts)?|editor'?s picks?)\s*:?"
)
# "Marker + short rest" lines, each with the record kind they produce.
_PREFIXED = [
    ("related link", re.compile(r"(?i)(see also|read also|also read|read more|related|more on this)\b"
                                r"\s*[:|–—-]?\s*\S|watch\s*[:|]")),
    ("share prompt", re.compile(r"(?i)(follow|like|join) (us|our)\b|(share|follow) (this|on)\b|click here\b"
                                r"|download (the|our) app\b")),
    ("newsletter prompt", re.compile(r"(?i)(sign up|subscribe|get (our|the latest)|join)\b.*"
                                     r"\b(newsletters?|inbox|alerts|updates)\b")),
    ("photo credit", re.compile(r"(?i)((file )?photo|image|picture|photograph|caption)( credits?)?\s*[:|]"
                                r"|(photo |image )?credits?\s*[:|]")),
    ("timestamp", re.compile(r"(?i)(last )?(updated|published|posted|first published)"
                             r"\s*(on\b|at\b|:|\|)\D*\d")),
    ("web leftover", re.compile(r"(?i)(tags|topics|filed under|categories)\s*:|©|copyright\s*(\(c\)|\d)")),
    ("cookie notice", re.compile(r"(?i)(we use cookies|this (web)?site uses cookies"
                                 r"|by (continuing to use|using) (this|our) (site|website)"
                                 r"|cookie (policy|settings|preferences)|accept (all )?cookies)")),
]
# Longest line (in words) each kind may be; longer lines are article text that starts alike.
_MAX_WORDS = {"cookie notice": 60, "timestamp": 15}
_DEFAULT_MAX_WORDS = 30
_BYLINE = re.compile(
    r"(?:By|BY|by|Written by|Reported by|Posted by|Edited by|Compiled by|Words by|[—–]|--)"
    r"\s*(?P<names>[A-Z].*)"
)
_CREDIT_SENTENCE = re.compile(
    r"(?i)contributed (reporting|to this (report|story|article))"
    r"|(information|material|reporting) (for|in) this (report|story|article)"
    r"|this (story|article|report) (was|has been) (updated|corrected)"
)
# A short caption ending in a credit: "Antony Blinken (ANI)", "Flood waters (Photo: Reuters)".
_CAPTION_CREDIT = re.compile(
    rf"(?:\((?:{_AGENCIES}|Getty Images|File|Representational image)\)"
    r"|[(|]\s*(?i:photo|image|picture|credit|file photo|courtesy)\b[^)]*\)?)\s*$"
)
_ALNUM = re.compile(r"[^\W_]")


def headline_like(line: str) -> bool:
    """Short and not a sentence: what lists of links to other stories are made of.

    >>> headline_like("Floods close the northern bridge"), headline_like("The bridge closed.")
    (True, False)
    """
    return word_count(line) <= 20 and not line.rstrip("\"”’'").endswith(".")


def leftover_kind(line: str) -> str | None:
    """What kind of leftover this whole line is, or None when it is (or may be) article text.

    >>> leftover_kind("Follow us on Twitter"), leftover_kind("Police said they would follow us home.")
    ('share prompt', None)
    """
    if not _ALNUM.search(line):
        return "web leftover"  # bullets, separators ("___"), stray asterisks
    if not _ALNUM.search(_PHRASES.sub("", line)):
        return "web leftover"
    words = word_count(line)
    for kind, pattern in _PREFIXED:
        if not pattern.match(line) or kind != "cookie notice" and len(split_sentences(line)) > 1:
            continue  # "Click here to see the map. The river ..." goes on with article text
        if kind == "related link" and (words > 20 or line.endswith(".")):
            continue  # "See also the report, which ..." is a sentence, not a link
        if words <= _MAX_WORDS.get(kind, _DEFAULT_MAX_WORDS):
            return kind
    byline = _BYLINE.fullmatch(line)
    if byline and words <= 10 and not line.endswith("."):
        names = [word for word in re.split(r"[\s,|]+", byline["names"]) if word.lower() not in {"and", "&"}]
        if sum(word[:1].isupper() for word in names) * 2 >= len(names):
            return "byline"
    if words <= 60 and all(_CREDIT_SENTENCE.search(sentence) for sentence in split_sentences(line)):
        return "reporting credit"
    caption = _CAPTION_CREDIT.search(line)
    if caption:
        before = line[: caption.start()].rstrip()
        short_caption = word_count(before) <= 12 and not before.endswith(tuple(TERMINAL))
        if short_caption or words <= 30 and "photo" in caption[0].lower():
            return "photo caption"
    return None
