"""Tidying model output: chatter removed, repeats dropped, length bounded, ending on a full sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from summarizer.checks.mentions import numbers
from summarizer.checks.quotes import quotations
from summarizer.text import (
    HYPHENATED_WORD,
    STOP_WORDS,
    content_word_list,
    content_words,
    ends_sentence,
    jaccard,
    split_sentences,
    strip_possessive,
    word_count,
)

# Instruction-tuned models often open with a line about what follows; it is not part of the summary.
_PREAMBLE = re.compile(
    r"^\s*(?:\*\*)?(?:here(?:'s| is)\b[^\n:]*|(?:combined |brief |short )?summary(?: of [^\n:]*)?|below is[^\n:]*)"
    r":(?:\*\*)?\s*",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"^\s*(?:[-*•]|#+|\d+[.)])\s+", re.MULTILINE)
# "What Happened:", "Details: Date:" opening a line: a heading or form label, not part of a sentence.
_LABEL = re.compile(r"^(?:[ \t]*(?:\*\*)?(?:[A-Z][\w'’-]*[ \t]?){1,3}:(?:\*\*)?[ \t]*)+", re.MULTILINE)
# A headline the model writes before its summary on the same line, then a dash: "US State Secretary Blinken to
# Begin Meetings in Israel - The Israeli ground offensive ..." (seed article 1, 2026-12-07). Only where a
# capital follows the dash: "Blinken - who ..." is a sentence.
_HEADLINE = re.compile(r"\s*([^\n.!?]{10,200}?)\s+[-–—]\s+(?=[A-Z\"“])")
_HEADLINE_WORDS = 4  # fewer capitalised words before a dash are a dateline or a name ("WASHINGTON - ")
_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")
# "[3]" or "[2, 5]" after a sentence: the numbers of the listed facts it reports, asked for by the facts prompt.
_CITED = re.compile(r"[ \t]*\[\d+(?:\s*[,;-]\s*\d+)*\]|[ \t]*\[[\d,;\s-]*$")  # the second: one being written

# Two sentences this alike (word-set Jaccard) say the same thing.
DUPLICATE = 0.8
# A later sentence whose content words (numbers aside) are mostly in an earlier one restates it, often with
# the figures changed: models do that when blocked from repeating themselves word for word. 0.6 is the
# repeated-fact rate's own bar (benchmarks/quality.py), so what the benchmark counts as a repeat is dropped.
# Short sentences too: a model that runs out of things to say writes "The lists are compiled." and "The list."
# after a sentence about the lists (Multi-News tuning cluster 206).
RESTATED = 0.6
# A sentence whose content words are almost all (RESTATED_TOGETHER) in two earlier ones tells them again fused:
# "The ground offensive, launched after the attack, took a toll on Gaza, and the United States opposes it" after
# one sentence on each (the seeds, 2026-12-06). Names must be known there too, as for one earlier sentence.
RESTATED_TOGETHER = 0.8
# A demonym is its place's name plus one of these endings, and maybe a plural s: "Israeli", "Iranians",
# "Korean", "Chilean", "Japanese"; the ones starting with a vowel may replace the name's final vowel instead.
_DEMONYM = re.compile(r"(?:i|ian|n|an|ese)?s?")
_VOWEL_DEMONYM = re.compile(r"(?:ian|an|ese)s?")
_MIN_PLACE = 4  # shorter names make chance pairs ("Eva", "Evan"); "Iran", "Iraq", "Cuba" are long enough
# Regular-looking demonyms of another place: "Nigerian" is Nigeria's (Niger's people are "Nigerien").
_OTHER_PLACES = frozenset({("niger", "nigerian")})
# Demonyms no ending rule makes: "Babies cry more in British, Canada and Italy" restated a sentence naming
# Britain (Multi-News, 2026-12-07).
_IRREGULAR = {
    "britain": "british", "england": "english", "scotland": "scottish", "ireland": "irish", "wales": "welsh",
    "france": "french", "germany": "german", "netherlands": "dutch", "holland": "dutch", "spain": "spanish",
    "portugal": "portuguese", "switzerland": "swiss", "greece": "greek", "turkey": "turkish",
    "denmark": "danish", "sweden": "swedish", "finland": "finnish", "norway": "norwegian", "poland": "polish",
    "philippines": "filipino", "thailand": "thai", "afghanistan": "afghan",
}
_NAME = re.compile(r"\b[A-Z][\w'’-]+")  # a capitalised HYPHENATED_WORD ("Al-Qaeda"), compared with those of another
_NAME_PHRASE = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")  # capitalised words in a row: one name
_FOLLOWING_WORD = re.compile(r"\s+([\w-]+)")
_ADDING = re.compile(r"\b(?:also|another|too|as well|again|second)\b", re.IGNORECASE)  # a further fact
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+) (?=([A-Z][a-z]+)\b)")  # two capitalised words in a row, overlapping
_MIN_FIRST_NAME = 3  # letters a short first name has at least: "Al" or "Ed" would start too many names
# Who a sentence says told it: "according to Spicer", a closing ", Spicer said." or ", said Spicer.". A speaker
# is no new fact: "..., according to Spicer" retold Spicer's remark of the sentence before (Multi-News cluster 38).
_SPEAKER = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
_ATTRIBUTION = re.compile(
    rf",?\s*\baccording to {_SPEAKER}|,\s*{_SPEAKER}\s+(?:said|says|added|told \w+)(?=[.!?]?\s*$)"
    rf"|,\s*(?:said|says|added)\s+{_SPEAKER}(?=[.!?]?\s*$)")


def join_initials(text: str) -> str:
    """Spaced initials joined: "U. S." is how the model gets round the ban on repeating "U.S." word for word,
    and the name checks would not find it in the articles.

    >>> join_initials("U. S. Secretary of State visits Israel")
    'U.S. Secretary of State visits Israel'
    """
    return _SPACED_INITIALS.sub(r"\1.", text)


def drop_headline(text: str) -> str:
    """The text without a headline opening it on the same line before a dash: every word of it but stop words
    capitalised, at least ``_HEADLINE_WORDS`` words.

    >>> drop_headline('Blinken to Begin Meetings in Israel to Press for a "Pause" - The offensive has taken a toll.')
    'The offensive has taken a toll.'
    >>> drop_headline("Blinken arrived in Israel on Friday - The visit was his second.")
    'Blinken arrived in Israel on Friday - The visit was his second.'
    """
    match = _HEADLINE.match(text)
    if match is None:
        return text
    words = re.findall(r"[A-Za-z][\w'’]*", match.group(1))
    named = [word for word in words if word.lower() not in STOP_WORDS]
    if len(words) >= _HEADLINE_WORDS and named and all(word[0].isupper() for word in named):
        return text[match.end():]
    return text


def uncite(text: str) -> str:
    """The text without the numbers of the facts each sentence reports, which the facts prompt asks for: the
    model then walks the list and tells each fact once (repeated sentences on tuning clusters 200-211: 0.8 %
    against 4.5 %); they are not part of the summary.

    >>> uncite("The dam held [1]. Crews left. [2, 4] Rain fell [3].")
    'The dam held. Crews left. Rain fell.'
    >>> uncite("The dam held [1]. Crews left [2,")
    'The dam held. Crews left'
    """
    return _CITED.sub("", text)


def restates_two(sentence: str, earlier: list[str], names: Collection[str] | None = None) -> bool:
    """Whether sentence restates the two earlier sentences that hold most of its content words, taken together
    (``RESTATED_TOGETHER``).

    >>> restates_two("The dam cracked on Monday and crews left the valley.",
    ...              ["The dam on the Vell cracked on Monday.", "Rain fell.", "Crews left the valley by noon."])
    True
    """
    mine = content_words(sentence)
    if len(earlier) < 2 or not mine:
        return False
    words = [content_words(text) for text in earlier]
    first = max(range(len(words)), key=lambda i: len(mine & words[i]))
    rest = mine - words[first]
    second = max((i for i in range(len(words)) if i != first), key=lambda i: len(rest & words[i]))
    return restates(sentence, f"{earlier[first]} {earlier[second]}", RESTATED_TOGETHER, names)


def restates(sentence: str, earlier: str, share: float = RESTATED, names: Collection[str] | None = None) -> bool:
    """Whether sentence's content words, numbers left out, are mostly (RESTATED) words of earlier and it
    tells no parallel fact (``_parallel``). With ``names`` (the lower-cased words the articles write
    capitalised), a new name outside them is the model's own and tells nothing new: a looping model wrote
    "The president received his Intel. The president received his Data. ..." (Multi-News cluster 38).

    >>> restates("The Marlow Valley floods left 29 people dead, 1,500 injured and 5,401 homeless.",
    ...          "In 2029 the Marlow Valley floods left 31 people dead, about 900 injured and 5,400 homeless.")
    True
    >>> restates("The lists are compiled.", "The lists are compiled by Yahoo and other search rivals.")
    True
    >>> restates("Jay Ins Lee, D-Wash., vowed to exhaust every avenue in the search.",
    ...          "Jay Inslee, D-Wash., vows to exhaust every possible avenue in the search for survivors.")
    True
    >>> restates("The Orofino Police Department is seeking information about his disappearance.",
    ...          "The police are seeking information about his disappearance.")
    True
    >>> restates("The Orofino Police Department is seeking information from the public relating to "
    ...          "Kristian's disappearance or possible whereabouts.", "The police are seeking information from "
    ...          "the public regarding his disappearance or possible whereabouts.")
    True
    >>> restates("In Louisiana, the storm killed 3 people.", "In Texas, the storm killed 5 people.")
    False
    >>> restates("The president received his Data.", "The president received his Intel.", names={"president"})
    True
    """
    mine = content_words(sentence)
    if not mine or len(mine & content_words(earlier)) < share * len(mine):
        return False
    return not _parallel(sentence, earlier, names)


def _parallel(sentence: str, earlier: str, names: Collection[str] | None) -> bool:
    """Whether sentence, which shares most words with earlier, tells a parallel fact: it names a name earlier
    does not know ("In Louisiana, the storm killed 3" after "In Texas, ..."), unless that name only says which
    of earlier's things is meant (its name holds a word of earlier: "The Orofino Police Department is seeking
    ..." after "The police are seeking ...") while earlier names nothing the sentence lacks and the sentence
    adds nothing ("also", "another": "Firefighter Mike Jones was also injured" after "One firefighter ...").
    The rule was narrowed by a review of 38 summary sentences (2026-12-07): any new name with none in its
    place took "Jones added 10 rebounds" for a restatement of "He added 10 rebounds". Such a name must still
    stand in a frame earlier has (``_in_place``), not in a clause earlier lacks. A quotation earlier already
    gave is told again whoever it is put to: an article may name one speaker two ways ("... says Swonger",
    "... says Delynn", Multi-News cluster 47), and two people rarely say the same words."""
    new = _new_names(sentence, earlier, names)
    if not new or quotations(sentence) & quotations(earlier):
        return False
    adds = bool(_ADDING.search(sentence)) and not _ADDING.search(earlier)
    if adds or _unknown(_names(earlier), sentence):
        return True
    known = content_words(earlier)
    for match in _NAME_PHRASE.finditer(sentence):
        words = {word.lower() for word in match.group().split()}
        if (words & new and not {strip_possessive(word) for word in words} & known
                and not _for_pronoun(sentence, match, earlier) and _in_place(sentence, match, known)):
            return True
    return False


def _in_place(sentence: str, name: re.Match[str], known: set[str]) -> bool:
    """Whether a name stands in a frame earlier has: the content word next to it, before or after, is one of
    earlier's (``known``): "Jones added" after "He added", "In Louisiana, the storm" after "In Texas, the
    storm". A name inside a clause earlier does not have ("... the sales of Ivanka's line ..." added to a
    retold remark) stands in place of nothing: it makes no parallel fact."""
    before, after = content_word_list(sentence[: name.start()])[-1:], content_word_list(sentence[name.end():])[:1]
    return bool(set(before + after) & known)


def _for_pronoun(sentence: str, name: re.Match[str], earlier: str) -> bool:
    """Whether a possessive name stands where earlier has a possessive pronoun before the same word
    ("Kristian's disappearance" for "his disappearance"): the same thing, now named."""
    following = _FOLLOWING_WORD.match(sentence, name.end())
    if not name.group().endswith(("'s", "’s")) or not following:
        return False
    pronoun = rf"\b(?:his|her|their|its)\s+{re.escape(following.group(1))}\b"
    return re.search(pronoun, earlier, re.IGNORECASE) is not None


def _new_names(sentence: str, earlier: str, names: Collection[str] | None = None) -> set[str]:
    """The names of sentence that earlier does not know and, given ``names``, the articles write (in some form);
    a known name the model split in two ("Jay Ins Lee" for "Jay Inslee"), or who sentence says told it
    (``_ATTRIBUTION``), is no new name."""
    sentence = _ATTRIBUTION.sub("", sentence)
    new = {name for name in _unknown(_names(sentence), earlier) if not _short_first_name(name, earlier)}
    for first, second in _NAME_PAIR.findall(sentence):
        if not _unknown({(first + second).lower()}, earlier):
            new -= {first.lower(), second.lower()}
    if names is not None:
        new -= _not_forms(new, names)
    return new


def _short_first_name(name: str, earlier: str) -> bool:
    """Whether name is the start of a first name in earlier, one a surname or a quoted nickname follows: "Chris"
    for 'Christopher "Big Black" Boykin' (Multi-News tuning cluster 205). Places stay apart: "Niger" is no
    short "Nigeria", which no surname follows, nor of a demonym before a title ("Nigerian President").

    >>> _short_first_name("chris", 'Christopher "Big Black" Boykin died.'), _short_first_name("niger", "Nigeria's army")
    (True, False)
    >>> _short_first_name("niger", "Nigerian President Bola Tinubu said")
    False
    """
    name = strip_possessive(name)
    if len(name) < _MIN_FIRST_NAME:
        return False
    pattern = rf"\b{re.escape(name.capitalize())}([a-z]+)\s+[\"“']?[A-Z]"
    return any(not _DEMONYM.fullmatch(rest) for rest in re.findall(pattern, earlier))


def _figures(text: str) -> set[float]:
    """The values of text's figures, in digits or words (``checks.mentions.numbers``)."""
    return {value for _, value, _ in numbers(text)}


def _names(text: str) -> set[str]:
    """The lower-cased capitalised words of text, its first included ("Louisiana officials ..."); "The" or
    "In" opening it are stop words, not names."""
    return {name.lower() for name in _NAME.findall(text)} - STOP_WORDS


def _unknown(names: set[str], text: str) -> set[str]:
    """The names that no word of text, or part of a hyphenated one ("KTVU" of "KTVU-TV"), is a form of
    (``same_name``). Names run together ("NewYork") are split back before (``checks.wording``)."""
    known = {word.lower() for word in HYPHENATED_WORD.findall(text)}
    known |= {part for word in known if "-" in word for part in word.split("-") if part}
    return _not_forms(names, known)


def _not_forms(names: set[str], known: Collection[str]) -> set[str]:
    """The names that are no form of a known word (``same_name``)."""
    return {name for name in names if name not in known and not any(same_name(name, word) for word in known)}


def same_name(one: str, other: str) -> bool:
    """Whether two lower-case words are forms of one name, possessive 's aside: the same word, its plural, or a
    place and its demonym (``_demonym``, ``_IRREGULAR``). Prefixes alone are not enough: "Niger" is not "Nigeria".

    >>> same_name("israel's", "israeli's"), same_name("iran", "iranian"), same_name("gaza", "gaza's")
    (True, True, True)
    >>> same_name("palestine", "palestinians"), same_name("china", "chinese"), same_name("nigeria", "nigerian")
    (True, True, True)
    >>> same_name("niger", "nigeria"), same_name("niger", "nigerian"), same_name("austria", "australia")
    (False, False, False)
    >>> same_name("iran", "iraq"), same_name("ppi", "ppis")
    (False, True)
    """
    short, long = sorted((strip_possessive(word) for word in (one, other)), key=len)
    irregular = any(_IRREGULAR.get(place) in (word, word.removesuffix("s"))
                    for place, word in ((short, long), (long, short)))
    return long in (short, f"{short}s", f"{short}es") or irregular or _demonym(long, short)


def _demonym(word: str, place: str) -> bool:
    """Whether word is place's demonym or plural: place with a ``_DEMONYM`` ending ("Israeli", "Koreans"),
    or with its final vowel replaced by one starting with a vowel ("Canadian", "Chinese", "Palestinian").
    Places shorter than ``_MIN_PLACE`` and ``_OTHER_PLACES`` never match."""
    if len(place) < _MIN_PLACE or (place, word.removesuffix("s")) in _OTHER_PLACES:
        return False
    if word.startswith(place) and _DEMONYM.fullmatch(word[len(place):]):
        return True
    stem = place[:-1]
    return place[-1] in "aeiouy" and word.startswith(stem) and bool(_VOWEL_DEMONYM.fullmatch(word[len(stem):]))


def finish_summary(text: str, max_words: int, keep: Callable[[str], bool] | None = None,
                   names: Collection[str] | None = None) -> str:
    """Clean a generated summary so it reads as finished prose within ``max_words``.

    Drops a leading "Here is a summary:" line, list and heading markers, sentences that repeat an earlier
    one (a repeat that names what the earlier one left unnamed replaces it), sentences past ``max_words``,
    and every piece that is not a finished sentence (a heading line such as "Details:", a "Date: Friday"
    list line, a final sentence cut off) when a finished sentence exists.
    With ``keep``, only sentences it accepts stay (before the cut, so later ones fill the room). With ``names``
    (the lower-cased words the articles write capitalised), a name the model made up is no new name.

    >>> finish_summary("Summary: The dam held. The dam held. Crews left and", 50)
    'The dam held.'
    >>> finish_summary("What happened:\\nThe dam held.\\nDetails:\\n- Date: Friday", 50)
    'The dam held.'
    >>> finish_summary("Police seek a missing hiker near the river. Rain fell. "
    ...                "The Orofino Police Department seek a missing hiker near the river.", 50)
    'The Orofino Police Department seek a missing hiker near the river. Rain fell.'
    """
    text = join_initials(drop_headline(_LABEL.sub("", _MARKUP.sub("", _PREAMBLE.sub("", uncite(text).strip())))))
    pieces = [piece.strip().replace("**", "") for piece in split_sentences(text)]
    finished = [piece for piece in pieces if ends_sentence(piece)]
    kept: list[str] = []
    total = 0
    for sentence in finished or pieces[:1]:
        if not sentence or restates_two(sentence, kept, names):
            continue
        told = next((i for i, earlier in enumerate(kept)
                     if jaccard(sentence, earlier) >= DUPLICATE or restates(sentence, earlier, names=names)), None)
        if told is not None:
            # A restatement that names which thing the earlier sentence meant takes its place ("The Orofino
            # Police Department is seeking ..." for "The police are seeking ...") if it fits and tells the same
            # figures ("the Water Bureau ... 30 million gallons" after "the city ... 38 million" does not).
            earlier = kept[told]
            grown = total - word_count(earlier) + word_count(sentence)
            if (_new_names(sentence, earlier, names) and restates(sentence, earlier, names=names)
                    and _figures(sentence) == _figures(earlier) and grown <= max_words
                    and (keep is None or keep(sentence))):
                kept[told], total = sentence, grown
            continue
        if keep is not None and not keep(sentence):
            continue
        size = word_count(sentence)
        if kept and total + size > max_words:
            break
        kept.append(sentence)
        total += size
    if kept and total > max_words:  # a single over-long sentence: cut it at a word boundary
        kept = [" ".join(kept[0].split()[:max_words]).rstrip(",;:") + "…"]
    return " ".join(kept)
