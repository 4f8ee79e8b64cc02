"""The one text toolkit every stage shares: words and tokens, sentences, word count, stop words, news agencies.

Each primitive is defined here once, so cleaning, selection, grouping, checks and tidying all agree on what
a word, a sentence or an outlet is.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "FUNCTION_WORDS", "HYPHENATED_WORD", "LOOK_ALIKES", "NEWS_AGENCIES", "NEWS_OUTLETS", "STOP_WORDS", "TOKEN", "WORD",
    "content_word_list", "content_words", "ends_sentence", "jaccard", "split_sentences", "strip_possessive", "tokens",
    "word_count", "words",
]

# Cyrillic and Greek letters that look like Latin ones ("а" and "a"), as the Latin letter: to read text written to
# look English (a hidden instruction, a model's "Blinkеn") as what it looks like.
LOOK_ALIKES = str.maketrans("аеорсуxіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅαοερτυνκιΑΒΕΗΙΚΜΝΟΡΤΥΧ",
                            "aeopcyxijsdhlqwABEKMHOPCTXIJSaoeptuvkiABEHIKMNOPTYX")
# A word, apostrophes inside it kept: "don't", "Blinken’s".
WORD = re.compile(r"\w+(?:['’]\w+)*")
# A token for comparing facts: a figure whole ("9,200", "9.2"), else a word.
TOKEN = re.compile(rf"\d[\d,]*(?:\.\d+)?|{WORD.pattern}")
# A word with its hyphens and any trailing apostrophe ("Al-Qaeda", "well-known", "states'"): for comparing
# capitalised names, which are written whole, with the words of another sentence.
HYPHENATED_WORD = re.compile(r"\b\w[\w'’-]*")

# The general stop-word list (scikit-learn's, which ``TfidfVectorizer(stop_words="english")`` also uses):
# what is not a content word when selecting, grouping, or comparing what two sentences say.
STOP_WORDS: frozenset[str] = ENGLISH_STOP_WORDS
STOP_WORD_LIST: list[str] = sorted(STOP_WORDS)  # the type scikit-learn's vectorizers take for a given list
# A much shorter list for support scores: only function words and reporting verbs. Unlike STOP_WORDS it keeps
# numbers ("three") and words news uses as content ("fire", "found", "first"); checks.attribution's THRESHOLD
# was tuned with it.
FUNCTION_WORDS = frozenset(
    str.split("""a an the and or but if of to in on at by for with from as into onto about over
under after before than then that this these those there here it its is are was were be been being has have
had do does did not no so such very can will would shall should also just more most other some any each
which who whom whose what when where why how he she they we i you him her them us his their our my your me
said says say told according""")
)

# News agencies as they sign wire copy and photo credits ("(AFP)", "Photo: Reuters"): exact case, since "AP"
# or "UNI" in lower case may be ordinary words.
NEWS_AGENCIES = ("ANI", "PTI", "IANS", "AFP", "AP", "UNI", "Reuters")
# Outlets and agencies a summary may cite ("according to Reuters"), lower case.
NEWS_OUTLETS = frozenset({agency.lower() for agency in NEWS_AGENCIES} | set(
    """associated press|agence france-presse|cnn|bbc|nbc|abc|cbs|fox news|npr|bloomberg|politico|axios
|al jazeera|xinhua|tass|dpa|efe|new york times|washington post|wall street journal|guardian|telegraph
|usa today|financial times|los angeles times|huffpost|buzzfeed|vox|nyt|wsj""".replace("\n", "").split("|")))

# Abbreviations whose final period does not end a sentence ("U.S. officials", "Mr. Blinken"). "St." and
# "Co." stay ("St. Louis", "Acme Co. Ltd"): neither is a word on its own, and a sentence ending in one
# ("on Main St.") is much rarer than a name going on after it.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
}
# "No." is the word "no" ending a sentence ("The answer was no.") unless a number follows ("No. 10").
_NUMBER_SIGNS = {"no", "nos"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping paragraph breaks as boundaries.

    >>> split_sentences("Mr. Lee spoke. U.S. officials agreed! Then: more.")
    ['Mr. Lee spoke.', 'U.S. officials agreed!', 'Then: more.']
    >>> split_sentences("She lives at No. 10. The answer was no. The council met.")
    ['She lives at No. 10.', 'The answer was no.', 'The council met.']
    >>> split_sentences("Lawrence (No. 8) and Aniston (No. 9) made the list (Mr. Lee's).")
    ["Lawrence (No. 8) and Aniston (No. 9) made the list (Mr. Lee's)."]
    """
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.start()].strip()
            last_word = candidate.rsplit(None, 1)[-1].strip(".!?\"'“”‘’()[]").lower() if candidate else ""
            # A single capital ("J. Smith") or a known abbreviation is not a sentence end.
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            if last_word in _NUMBER_SIGNS and candidate.endswith(".") and paragraph[match.end() :][:1].isdigit():
                continue
            end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
            sentences.append(paragraph[start:end].strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def words(text: str) -> list[str]:
    """Lower-cased words (``WORD``), for overlap measures.

    >>> words("The council's 9,200 votes")
    ['the', "council's", '9', '200', 'votes']
    """
    return [w.lower() for w in WORD.findall(text)]


def content_words(text: str) -> set[str]:
    """The words that carry a sentence's content, stop words and figures left out: what a restatement shares
    (figures apart, since a restatement often changes them).

    >>> sorted(content_words("The council held 3 votes on the bridge."))
    ['bridge', 'council', 'held', 'votes']
    """
    return set(content_word_list(text))


def content_word_list(text: str) -> list[str]:
    """``content_words`` in the order the text has them, repeats kept."""
    return [w for w in words(text) if w not in STOP_WORDS and not w[0].isdigit()]


def tokens(text: str) -> list[str]:
    """Lower-cased tokens (``TOKEN``), figures whole and without commas: what facts are compared by.

    >>> tokens("The council's 9,200 votes")
    ['the', "council's", '9200', 'votes']
    """
    return [token.replace(",", "").lower() for token in TOKEN.findall(text)]


def strip_possessive(word: str) -> str:
    """``word`` without a final possessive 's or bare apostrophe, so a name or noun compares with its plain form.
    ``WORD`` and ``TOKEN`` never end in an apostrophe; ``HYPHENATED_WORD`` may ("states'").

    >>> strip_possessive("Hamas’s"), strip_possessive("states'"), strip_possessive("Israel")
    ('Hamas', 'states', 'Israel')
    """
    return _POSSESSIVE.sub("", word)


def word_count(text: str) -> int:
    """Number of whitespace-separated words, the unit of every length setting.

    >>> word_count("The river rose 2.5 metres.")
    5
    """
    return len(text.split())


def jaccard(a: str, b: str) -> float:
    """Word-set overlap of two texts in [0, 1]; 0 when either is empty.

    >>> jaccard("the river rose", "the river fell")
    0.5
    """
    sa, sb = set(words(a)), set(words(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation (optionally followed by a closing quote).

    >>> ends_sentence("The dam held.”"), ends_sentence("Crews left and")
    (True, False)
    """
    return bool(_ENDS_SENTENCE.search(text))
