"""Cleaning: strip web-page leftovers and repeated paragraphs from an article, and say what went.

Scraped articles carry search boxes, "Next Story" links, comment forms, author bios, share prompts,
photo captions and repeated headlines. A summarizer treats all of that as content, so it is removed
here, and every removal is recorded so the user can check that nothing real was lost.

A line is only removed when it is a leftover *as a whole*: a short line made of known leftover
phrases, a short line that starts with a known marker ("See also ...", "By ...", "Photo: ..."), or a
known block (a "Related Articles" heading followed only by headline-like lines, an author bio at the
end). A real sentence that merely contains such words stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Cleaned", "clean_text", "removal", "strip_markdown"]

# Control and invisible format characters (zero-width spaces, BOMs, bidi marks, soft hyphens);
# newlines and tabs are kept. Spelled out rather than looked up per character: articles can be MBs.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_TERMINAL = ".!?:;\"”’)"  # a line ending in one of these is not a hard-wrapped fragment
_RECORD_CHARS = 60

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
_PHRASES_EXACT_CASE = ["X", "\u00d7", "\u2715", "\u2716", "ANI", "PTI", "IANS", "AFP", "AP", "UNI", "Reuters"]
_PHRASES = re.compile(
    r"(?<!\w)(?:(?i:" + "|".join(_PHRASES_ANY_CASE) + ")|" + "|".join(_PHRASES_EXACT_CASE) + r")(?!\w)"
)

# Headings that introduce a list of links to other stories.
_RELATED_HEADING = re.compile(
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
    r"(?:\((?:ANI|PTI|IANS|AFP|AP|UNI|Reuters|Getty Images|File|Representational image)\)"
    r"|[(|]\s*(?i:photo|image|picture|credit|file photo|courtesy)\b[^)]*\)?)\s*$"
)
# "... the bridge reopened. (Harbour Wire)": a source credit appended to the last paragraph.
_TRAILING_CREDIT = re.compile(r"(?<=[.!?”\"’])\s*\(([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\)\s*$")
_AUTHOR_BIO = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}),? (?:is |was |has been )?(?:a|an|the|our)\b"
    r"[^.]{0,120}?\b(?:writer|journalist|reporter|editor|blogger|correspondent|columnist|author|contributor"
    r"|freelancer)s?\b"
)
_BIO_CUES = re.compile(
    r"(?i)\b(degree|graduat\w*|passion\w*|his articles|her articles|their articles|blog\w*|writing"
    r"|years of experience)\b"
)
_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])")


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
    paragraphs = _drop_duplicates(paragraphs, removed)
    return Cleaned("\n\n".join(paragraphs), tuple(removed))


def _normalise(text: str) -> str:
    """NFKC (non-breaking and odd spaces, ligatures, full-width forms), no invisibles, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))


def _words(text: str) -> int:
    return len(text.split())


def _headline_like(line: str) -> bool:
    """Short and not a sentence: what lists of links to other stories are made of."""
    return _words(line) <= 20 and not line.rstrip("\"”’'").endswith(".")


def _drop_leftover_lines(lines: list[str], removed: list[str]) -> list[str]:
    """Blank out leftover lines (blank lines stay: they still separate paragraphs)."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if _RELATED_HEADING.fullmatch(line):
            following = [rest for rest in lines[index + 1:] if rest and _leftover_kind(rest) is None]
            if all(_headline_like(rest) for rest in following):
                # A related-links block at the end: the heading and every headline under it go.
                removed.append(removal("related links", line))
                for rest in filter(None, lines[index + 1:]):
                    removed.append(removal(_leftover_kind(rest) or "related link", rest))
                kept.extend("" for _ in lines[index:])
                break
            removed.append(removal("web leftover", line))
            kept.append("")
            continue
        kind = _leftover_kind(line)
        if kind is None:
            kept.append(line)
        else:
            removed.append(removal(kind, line))
            kept.append("")
    return kept


def _leftover_kind(line: str) -> str | None:
    """What kind of leftover this whole line is, or None when it is (or may be) article text."""
    if not _ALNUM.search(line):
        return "web leftover"  # bullets, separators ("___"), stray asterisks
    if not _ALNUM.search(_PHRASES.sub("", line)):
        return "web leftover"
    words = _words(line)
    for kind, pattern in _PREFIXED:
        if not pattern.match(line) or kind != "cookie notice" and len(_SENTENCE_END.split(line)) > 1:
            continue  # "Click here to see the map. The river ..." goes on with article text
        if kind == "related link" and (words > 20 or line.endswith(".")):
            continue  # "See also the report, which ..." is a sentence, not a link
        if words <= _MAX_WORDS.get(kind, 30):
            return kind
    byline = _BYLINE.fullmatch(line)
    if byline and words <= 10 and not line.endswith("."):
        names = [word for word in re.split(r"[\s,|]+", byline["names"]) if word.lower() not in {"and", "&"}]
        if sum(word[:1].isupper() for word in names) * 2 >= len(names):
            return "byline"
    if words <= 60 and all(_CREDIT_SENTENCE.search(s) for s in _SENTENCE_END.split(line)):
        return "reporting credit"
    caption = _CAPTION_CREDIT.search(line)
    if caption:
        before = line[: caption.start()].rstrip()
        short_caption = _words(before) <= 12 and not before.endswith(tuple(_TERMINAL))
        if short_caption or words <= 30 and "photo" in caption[0].lower():
            return "photo caption"
    return None


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
    open_ends = sum(not line.endswith(tuple(_TERMINAL)) for line in body)
    if len(block) >= 3 and all(40 <= len(line) <= 100 for line in body) and open_ends * 2 > len(body):
        # Lines of similar width, most ending mid-sentence: one paragraph wrapped at a fixed width.
        return [" ".join(block)]
    joined = [block[0]]
    for line in block[1:]:
        previous = joined[-1]
        if not previous.endswith(tuple(_TERMINAL)) and line[:1].islower():
            joined[-1] = f"{previous} {line}"  # a sentence continuing on the next line
        else:
            joined.append(line)
    return joined


def _drop_author_bios(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Remove an author box at the end: "Name" then "Name, a writer who ...", or a bio with cues."""
    kept = list(paragraphs)
    index = len(kept) - 1
    # Only the tail is searched: a reporter named in the story ("Jane Doe, a reporter, was held") stays.
    while index >= 0 and _words(kept[index]) < 20 and not _AUTHOR_BIO.match(kept[index]):
        index -= 1
    if index < 0:
        return kept
    bio = _AUTHOR_BIO.match(kept[index])
    if not bio:
        return kept
    name = bio["name"]
    name_line = index > 0 and kept[index - 1] == name
    if not (name_line or _BIO_CUES.search(kept[index])):
        return kept
    start = index - 1 if name_line else index
    removed.extend(removal("author bio", paragraph) for paragraph in kept[start : index + 1])
    del kept[start : index + 1]
    return kept


def _strip_trailing_credit(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Drop a "(Agency)" credit appended after the last sentence of the article."""
    if not paragraphs:
        return paragraphs
    match = _TRAILING_CREDIT.search(paragraphs[-1])
    if not match:
        return paragraphs
    removed.append(removal("source credit", match[0].strip()))
    return [*paragraphs[:-1], paragraphs[-1][: match.start()].rstrip()]


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
        words = tuple(_WORD.findall(paragraph.lower().replace("’", "'")))
        shingles = {words[i : i + 3] for i in range(len(words) - 2)}
        match = by_words.get(words)
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
        by_words[words] = match
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


_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])"), ""),  # images go entirely
    (re.compile(r"\[([^\]]+)\](\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links keep their text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # not snake_case or 2*3*4
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


def strip_markdown(text: str) -> tuple[str | None, str]:
    """Markdown to plain text, so markup is not summarized; returns (first ``# heading``, body).

    >>> strip_markdown("# Flood\\n\\nThe **river** rose, see [the map](http://x.org).")
    ('Flood', 'The river rose, see the map.')
    """
    title: str | None = None
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if re.match(r"\s{0,3}(```|~~~)", line) or re.match(r"\s{0,3}\[[^\]]+\]:\s*\S", line):
            continue  # code fences and link definitions are markup, not text
        if re.fullmatch(r"\s{0,3}([-*_])(\s*\1){2,}\s*", line):
            lines.append("")  # horizontal rule
            continue
        if re.fullmatch(r"\s{0,3}=+\s*", line) and lines and lines[-1]:
            if title is None:  # "Title\n=====" is a level-one heading too
                title = lines.pop()
            continue
        heading = re.match(r"\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$", line)
        if heading:
            content = _md_inline(heading[2])
            if heading[1] == "#" and title is None:
                title = content
                lines.append("")
            else:
                lines.extend(["", content, ""])
            continue
        line = re.sub(r"^\s{0,3}(>\s?)+", "", line)  # block quotes
        line = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line)  # list markers
        lines.append(_md_inline(line))
    body = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", "\n".join(lines))  # an image line leaves a gap behind
    return title or None, body.strip()


def _md_inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text
