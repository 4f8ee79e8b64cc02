"""Cleaning: strip web-page leftovers and repeated paragraphs from an article, and say what went.

Scraped articles carry search boxes, "Next Story" links, comment forms, author bios, share prompts,
photo captions and repeated headlines. A summarizer treats all of that as content, so it is removed
here, and every removal is recorded so the user can check that nothing real was lost.

A line is only removed when it is a leftover *as a whole* (``leftovers.leftover_kind``), or part of a
known block: a "Related Articles" heading followed only by headline-like lines, an author bio at the end.
A real sentence that merely contains such words stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from summarizer.documents.leftovers import RELATED_HEADING, TERMINAL, headline_like, leftover_kind
from summarizer.text import word_count, words

__all__ = ["Cleaned", "clean_text", "removal"]

# Control and invisible format characters (zero-width spaces, BOMs, bidi marks, soft hyphens);
# newlines and tabs are kept. Spelled out rather than looked up per character: articles can be MBs.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_RECORD_CHARS = 60
# "... the bridge reopened. (Harbour Wire)": a source credit appended to the last paragraph.
_TRAILING_CREDIT = re.compile(r"(?<=[.!?”\"’])\s*\(([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\)\s*$")
_AUTHOR_BIO = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}),? (?:is |was |has been )?(?:a|an|the|our)\b"
    r"[^.]{0,120}?\b(?:writer|journalist|reporter|editor|blogger|correspondent|columnist|author|contributor"
    r"|freelancer)s?\b"
)
# "Priya Natarajan covers transport and city hall for the Ellison Daily.": a reporter's beat and outlet, the
# commonest bio in news; a name of two to four capitalised words, so "Insurance covers ..." is no bio.
_BEAT_BIO = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}) (?:covers|writes about|reports on)\b[^.]{0,100}?"
    r"\b(?:for|at) (?:the )?[A-Z]"
)
_BIO_CUES = re.compile(
    r"(?i)\b(degree|graduat\w*|passion\w*|his articles|her articles|their articles|blog\w*|writing"
    r"|years of experience)\b"
)
_BIO_WORDS = 20  # a bio is looked for back past shorter paragraphs (a name, links), never past article text
# "DOHA: US State Secretary ...", "WASHINGTON (AP) — The ...", "GAZA CITY, Gaza Strip — ...": where the story
# was filed, in capitals before the first sentence. Copied into a summary it reads as a stray word mid-text
# ("... officials. DOHA: Blinken ..."). No digits: a dated dateline ("Dec 5") may be the article's only date.
_DATELINE = re.compile(
    r"(?P<dateline>[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,2})?"
    r"(?: \([A-Z][A-Za-z .&-]*\))?) ?(?::|—|–|--?) +(?=[A-Z\"“‘'])"
)


@dataclass(frozen=True)
class Cleaned:
    """An article's text after cleaning, and one human-readable entry per removal.

    >>> Cleaned("The river rose.", ('web leftover: "Next Story"',)).removed
    ('web leftover: "Next Story"',)
    """

    text: str
    removed: tuple[str, ...]


def clean_text(text: str) -> Cleaned:
    """Remove web leftovers and repeated paragraphs; normalise Unicode and whitespace.

    Args:
        text: raw article text (paragraphs separated by blank lines or single newlines).

    Returns:
        ``Cleaned`` whose ``text`` has paragraphs separated by one blank line and whose ``removed``
        says what was taken out, e.g. ``'web leftover: "Next Story"'``. Of repeated paragraphs one
        stays, where the first copy was (scraped pages repeat the headline or a caption further
        down), with the longer wording when the copies differ.

    >>> cleaned = clean_text("Begin typing your search...\\n\\nThe river rose overnight.\\n\\nNext Story")
    >>> cleaned.text
    'The river rose overnight.'
    >>> cleaned.removed
    ('web leftover: "Begin typing your search..."', 'web leftover: "Next Story"')
    """
    removed: list[str] = []
    lines = _normalise(text).split("\n")
    lines = _drop_leftover_lines(lines, removed)
    paragraphs = _paragraphs(lines)
    paragraphs = _drop_author_bios(paragraphs, removed)
    paragraphs = _strip_trailing_credit(paragraphs, removed)
    paragraphs = _strip_dateline(paragraphs, removed)
    paragraphs = _drop_duplicates(paragraphs, removed)
    return Cleaned("\n\n".join(paragraphs), tuple(removed))


def _normalise(text: str) -> str:
    """NFKC (non-breaking and odd spaces, ligatures, full-width forms), no invisibles, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))


def _drop_leftover_lines(lines: list[str], removed: list[str]) -> list[str]:
    """Blank out leftover lines (blank lines stay: they still separate paragraphs)."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if RELATED_HEADING.fullmatch(line):
            following = [rest for rest in lines[index + 1:] if rest and leftover_kind(rest) is None]
            if all(headline_like(rest) for rest in following):
                # A related-links block at the end: the heading and every headline under it go.
                removed.append(removal("related links", line))
                for rest in filter(None, lines[index + 1:]):
                    removed.append(removal(leftover_kind(rest) or "related link", rest))
                kept.extend("" for _ in lines[index:])
                break
            removed.append(removal("web leftover", line))
            kept.append("")
            continue
        kind = leftover_kind(line)
        if kind is None:
            kept.append(line)
        else:
            removed.append(removal(kind, line))
            kept.append("")
    return kept


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks between blank lines; inside a block each line is a paragraph unless it is hard-wrapped."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            paragraphs.extend(_unwrap(block))
            block = []
    return paragraphs


def _unwrap(block: list[str]) -> list[str]:
    """Join lines that were wrapped at a fixed width back into paragraphs."""
    body = block[:-1]
    open_ends = sum(not line.endswith(tuple(TERMINAL)) for line in body)
    if len(block) >= 3 and all(40 <= len(line) <= 100 for line in body) and open_ends * 2 > len(body):
        # Lines of similar width, most ending mid-sentence: one paragraph wrapped at a fixed width.
        return [" ".join(block)]
    joined = [block[0]]
    for line in block[1:]:
        previous = joined[-1]
        if not previous.endswith(tuple(TERMINAL)) and line[:1].islower():
            joined[-1] = f"{previous} {line}"  # a sentence continuing on the next line
        else:
            joined.append(line)
    return joined


def _drop_author_bios(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Remove an author box at the end: "Name" then "Name, a writer who ...", a bio with cues, or a beat bio
    ("Name covers ... for the Outlet")."""
    kept = list(paragraphs)
    index = len(kept) - 1
    # Only the tail is searched: a reporter named in the story ("Jane Doe, a reporter, was held") stays.
    while index >= 0 and word_count(kept[index]) < _BIO_WORDS and not _bio(kept[index]):
        index -= 1
    if index < 0:
        return kept
    bio = _bio(kept[index])
    if not bio:
        return kept
    name = bio["name"]
    name_line = index > 0 and kept[index - 1] == name
    if not (name_line or bio.re is _BEAT_BIO or _BIO_CUES.search(kept[index])):
        return kept
    start = index - 1 if name_line else index
    removed.extend(removal("author bio", paragraph) for paragraph in kept[start : index + 1])
    del kept[start : index + 1]
    return kept


def _bio(paragraph: str) -> re.Match[str] | None:
    """The paragraph's opening as an author bio ("Name, a writer ...", "Name covers ... for the Outlet")."""
    return _AUTHOR_BIO.match(paragraph) or _BEAT_BIO.match(paragraph)


def _strip_trailing_credit(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Drop a "(Agency)" credit appended after the last sentence of the article."""
    if not paragraphs:
        return paragraphs
    match = _TRAILING_CREDIT.search(paragraphs[-1])
    if not match:
        return paragraphs
    removed.append(removal("source credit", match[0].strip()))
    return [*paragraphs[:-1], paragraphs[-1][: match.start()].rstrip()]


def _strip_dateline(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Cut the dateline from the first paragraph that opens with one (an article is filed from one place).

    >>> _strip_dateline(["Headline", "WASHINGTON (AP) — The Senate voted."], removed := [])
    ['Headline', 'The Senate voted.']
    >>> removed
    ['dateline: "WASHINGTON (AP)"']
    """
    for index, paragraph in enumerate(paragraphs):
        match = _DATELINE.match(paragraph)
        if match:
            removed.append(removal("dateline", match["dateline"]))
            return [*paragraphs[:index], paragraph[match.end():], *paragraphs[index + 1:]]
    return paragraphs


def _drop_duplicates(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Merge paragraphs with the same words, or word 3-shingle Jaccard >= 0.8, into one.

    The longer text is kept (a repeat often adds the attribution: '..., she told reporters') at the
    place of the first copy, so the article's order does not change.
    """
    kept: list[str] = []
    by_words: dict[tuple[str, ...], int] = {}
    shingle_sets: list[set[tuple[str, ...]]] = []
    # shingle -> kept paragraphs holding it: candidates come from shared shingles, not from comparing
    # every pair, which a multi-megabyte file would make quadratic.
    index: dict[tuple[str, ...], set[int]] = {}
    for paragraph in paragraphs:
        # Case, punctuation and quote style are ignored: the seeds repeat captions with ' vs ’.
        said = tuple(words(paragraph.replace("’", "'")))
        shingles = {said[i : i + 3] for i in range(len(said) - 2)}
        match = by_words.get(said)
        if match is None:
            shared: dict[int, int] = {}
            for shingle in shingles:
                for other in index.get(shingle, ()):
                    shared[other] = shared.get(other, 0) + 1
            match = next((other for other, common in shared.items()
                          if common >= 0.8 * (len(shingles) + len(shingle_sets[other]) - common)), None)
        if match is None:
            match = len(kept)
            kept.append(paragraph)
            shingle_sets.append(set())
        elif len(paragraph) > len(kept[match]):
            removed.append(removal("duplicate paragraph", kept[match]))
            kept[match] = paragraph
        else:
            removed.append(removal("duplicate paragraph", paragraph))
            continue
        by_words[said] = match
        for shingle in shingle_sets[match] - shingles:
            index[shingle].discard(match)
        for shingle in shingles:
            index.setdefault(shingle, set()).add(match)
        shingle_sets[match] = shingles
    return kept


def removal(kind: str, text: str) -> str:
    """One removal record, e.g. ``web leftover: "Next Story"`` (text cut to about 60 characters)."""
    if len(text) > _RECORD_CHARS:
        text = text[:_RECORD_CHARS].rstrip() + "…"
    return f'{kind}: "{text}"'
