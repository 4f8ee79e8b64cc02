"""Documents: the article type and the loaders that turn files, folders and strings into articles."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from summarizer.documents.cleaning import clean_text, removal, strip_markdown
from summarizer.documents.encoding import decode
from summarizer.errors import InputError

__all__ = [
    "SUPPORTED", "Document", "Loaded", "Skipped", "document_from_text", "load_documents", "notice_kind",
    "split_pasted",
]


@dataclass(frozen=True)
class Document:
    """One article, cleaned, with a record of what cleaning removed.

    Args:
        id: stable identifier, unique within one request (e.g. ``"doc1"`` or the file stem).
        title: headline, or the first line when the input has none.
        text: the article body after cleaning (paragraphs separated by blank lines).
        source: where it came from: a file path, a URL or ``"pasted"``.
        date: publication date as given, when known.
        removed: what cleaning took out, one human-readable entry per removal.
        read_as: how the file was decoded when it was not UTF-8 (e.g. Windows-1252); empty otherwise.

    >>> Document(id="d1", title="Flood", text="The river rose.", source="pasted").words
    3
    """

    id: str
    title: str
    text: str
    source: str
    date: str | None = None
    removed: tuple[str, ...] = field(default=())
    read_as: str = ""

    @property
    def words(self) -> int:
        """Word count of the cleaned text."""
        return len(self.text.split())


@dataclass(frozen=True)
class Skipped:
    """An input that was not used, and why (every skip is reported, never silent)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Loaded:
    """What ``load_documents`` made of its inputs: the articles, and every input it could not use."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


SUPPORTED = (".txt", ".md", ".html", ".htm", ".jsonl")
# A missing "name.pdf" is a mistyped path, not an article to summarize.
_PATH_LIKE_ENDINGS = (*SUPPORTED, ".markdown", ".json", ".csv", ".xml", ".pdf", ".doc", ".docx", ".rtf")
_TITLE_WORDS = 10
# Web notices scraped in place of an article: short texts made of a platform's own vocabulary. Three
# different cue terms in at most 150 words; an article about Twitter or an archive is longer or uses
# the words as topic, not as interface text ("location history", "outbound links", "WARC").
_NOTICE_WORDS = 150
_NOTICE_CUES = {
    "social media": re.compile(r"\b(?:tweets?|retweets?|embed(?:ded)? tweets?|location (?:information|history)|"
                               r"precise location|third-party applications|learn more|tweet is unavailable|"
                               r"view on twitter|copy link to tweet)\b", re.IGNORECASE),
    "web archive": re.compile(r"\b(?:crawl(?:s|ed|er)?|wayback machine|internet archive|warc|archive-it|"
                              r"web collections?|seeds?|captures?|embargo|outbound links|incoming links|"
                              r"inter-domain|urls|archived? (?:the )?pages)\b", re.IGNORECASE),
}


def load_documents(inputs: Iterable[str | Path | Document], *, max_bytes: int = 5_000_000) -> Loaded:
    """Turn files, folders, pasted strings and ready Documents into cleaned, uniquely named articles.

    Args:
        inputs: each is a ``Document`` (kept as is), a path to a file (.txt, .md, .html, .htm, .jsonl)
            or a folder of such files (read non-recursively, by name; hidden files and subfolders are
            listed as skipped), or any other string, which is taken as the text of one pasted article
            (id ``pasted-N``). Files are UTF-8 (or UTF-16 with a byte-order mark); Windows-1252 is
            accepted when it reads as Western European text, and anything else is skipped.
        max_bytes: files larger than this are skipped rather than read.

    Returns:
        ``Loaded``: documents in input order with ids unique within the call (file stem, then
        ``-2``, ``-3`` on a clash), and one ``Skipped`` for every input or line not used.

    Raises:
        InputError: no inputs, two given Documents share an id, or nothing at all could be read.

    >>> loaded = load_documents(["The river rose three metres overnight and the bridge closed."])
    >>> [(d.id, d.source) for d in loaded.documents]
    [('pasted-1', 'pasted')]
    """
    if isinstance(inputs, str | Path | Document):
        inputs = [inputs]  # one input, not an iterable of characters
    items = list(inputs)
    if not items:
        raise InputError("No articles given")
    ids = _Ids(item.id for item in items if isinstance(item, Document))
    loader = _Loader(ids, max_bytes)
    pasted = 0
    for item in items:
        if isinstance(item, Document):
            loader.documents.append(item)
            continue
        path = _existing_path(item)
        if path is not None:
            loader.path(path, str(item))
        elif isinstance(item, Path) or _looks_like_path(item):
            loader.skipped.append(Skipped(str(item), "no such file or folder"))
        else:
            pasted += 1
            name = f"pasted-{pasted}"
            loader.article(item, id=name, source="pasted", shown_as=name)
    if not loader.documents:
        reasons = "; ".join(f"{skip.source}: {skip.reason}" for skip in loader.skipped)
        raise InputError(f"No readable articles: {reasons}")
    return Loaded(tuple(loader.documents), tuple(loader.skipped))


def document_from_text(
    text: str, *, id: str, source: str = "pasted", title: str | None = None, date: str | None = None
) -> Document:
    """Clean one article given as a string and work out its title.

    The title is ``title`` when given, else the first line when it looks like a headline (under 20
    words, no final period; it then leaves the body), else the first ten words.

    Raises:
        InputError: nothing is left after cleaning.

    >>> doc = document_from_text("Bridge closed\\n\\nThe river rose overnight.\\n\\nNext Story", id="d1")
    >>> doc.title, doc.text, doc.removed
    ('Bridge closed', 'The river rose overnight.', ('web leftover: "Next Story"',))
    """
    cleaned = clean_text(text)
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    if not paragraphs:
        raise InputError(f"{source}: empty after cleaning")
    removed = list(cleaned.removed)
    given = " ".join(unicodedata.normalize("NFKC", title or "").split())
    first = paragraphs[0]
    if given:
        if len(paragraphs) > 1 and _word_key(first) == _word_key(given):
            removed.append(removal("duplicate of the title", first))
            paragraphs = paragraphs[1:]
        title = given
    elif len(first.split()) < 20 and not first.endswith("."):
        title = first
        paragraphs = paragraphs[1:] or paragraphs  # a lone headline is also the whole text
    else:
        words = first.split()
        title = " ".join(words[:_TITLE_WORDS]).rstrip(",;:") + ("…" if len(words) > _TITLE_WORDS else "")
    return Document(id=id, title=title, text="\n\n".join(paragraphs), source=source, date=date,
                    removed=tuple(removed))


def notice_kind(document: Document) -> str | None:
    """``"social media"`` or ``"web archive"`` when the document is a platform notice, not an article.

    >>> notice_kind(Document("t", "Tweet with a location", "Add location information to your Tweets "
    ...                      "from third-party applications. Learn more", "t.txt"))
    'social media'
    """
    text = f"{document.title}\n{document.text}"
    if len(text.split()) > _NOTICE_WORDS:
        return None
    for kind, cues in _NOTICE_CUES.items():
        if len({cue.lower().rstrip("s") for cue in cues.findall(text)}) >= 3:
            return kind
    return None


def split_pasted(text: str) -> list[str]:
    """Split pasted text holding several articles separated by a line of ``---``.

    >>> split_pasted("First story.\\n---\\nSecond story.")
    ['First story.', 'Second story.']
    """
    return [part.strip() for part in re.split(r"(?m)^[ \t]*-{3,}[ \t]*$", text) if part.strip()]


class _Ids:
    """Hands out ids unique within one call; ids of given Documents are reserved up front."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self._taken: set[str] = set()
        for name in reserved:
            if name in self._taken:
                raise InputError(f"Two of the given documents share the id {name!r}")
            self._taken.add(name)

    def take(self, base: str) -> str:
        name, number = base, 1
        while name in self._taken:
            number += 1
            name = f"{base}-{number}"
        self._taken.add(name)
        return name


class _Loader:
    """Collects documents and skips while walking paths; one per ``load_documents`` call."""

    def __init__(self, ids: _Ids, max_bytes: int) -> None:
        self.ids, self.max_bytes = ids, max_bytes
        self.documents: list[Document] = []
        self.skipped: list[Skipped] = []

    def skip(self, source: str, reason: str) -> None:
        self.skipped.append(Skipped(source, reason))

    def article(self, text: str, *, id: str, source: str, shown_as: str, title: str | None = None,
                date: str | None = None, read_as: str = "") -> None:
        try:
            document = document_from_text(text, id=id, source=source, title=title, date=date)
        except InputError:
            self.skip(shown_as, "empty after cleaning")
            return
        kind = notice_kind(document)
        if kind is not None:
            self.skip(shown_as, f"not an article: {kind} notice")
            return
        self.documents.append(replace(document, id=self.ids.take(id), read_as=read_as))

    def path(self, path: Path, shown_as: str) -> None:
        if not path.is_dir():
            self.file(path, shown_as)
            return
        try:
            entries = sorted(path.iterdir(), key=lambda entry: entry.name)
        except OSError as error:
            self.skip(shown_as, f"cannot read the folder ({error.strerror or error})")
            return
        if not entries:
            self.skip(shown_as, "empty folder")
        for entry in entries:
            shown = str(Path(shown_as) / entry.name)
            if entry.name.startswith("."):  # .git, .DS_Store: listed, never walked or read
                self.skip(shown, "hidden folder" if entry.is_dir() else "hidden file")
            elif entry.is_dir():
                self.skip(shown, "a subfolder (folders are not read recursively)")
            else:
                self.file(entry, shown)

    def file(self, path: Path, shown_as: str) -> None:
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED:
            kind = f"'{suffix}'" if suffix else "without an extension"
            self.skip(shown_as, f"unsupported file type {kind} (use {', '.join(SUPPORTED)})")
            return
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                self.skip(shown_as, f"larger than the {_size(self.max_bytes)} limit ({_size(size)})")
                return
            data = path.read_bytes()
        except OSError as error:
            self.skip(shown_as, f"cannot read the file ({error.strerror or error})")
            return
        text, note = decode(data)
        if text is None:
            self.skip(shown_as, note)
            return
        stem = path.stem
        if suffix == ".jsonl":
            self.jsonl(text, stem, shown_as, read_as=note)
        elif suffix in (".html", ".htm"):
            self.html(text, stem, shown_as, read_as=note)
        elif suffix == ".md":
            title, body = strip_markdown(text)
            self.article(body, id=stem, source=shown_as, shown_as=shown_as, title=title, read_as=note)
        else:
            self.article(text, id=stem, source=shown_as, shown_as=shown_as, read_as=note)

    def html(self, text: str, stem: str, shown_as: str, read_as: str) -> None:
        import trafilatura  # slow to import; only HTML input needs it

        body = trafilatura.extract(text, include_comments=False, include_tables=True)
        if not body:
            self.skip(shown_as, "no article text found in the HTML page")
            return
        # extensive=False: the extensive date search guesses a date from copyright years in footers.
        meta = trafilatura.extract_metadata(text, extensive=False)
        title = meta.title if meta else None
        date = meta.date if meta else None
        self.article(body, id=stem, source=shown_as, shown_as=shown_as, title=title, date=date, read_as=read_as)

    def jsonl(self, text: str, stem: str, shown_as: str, read_as: str) -> None:
        before = len(self.documents) + len(self.skipped)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{shown_as}:{number}"
            record, problem = _jsonl_record(line)
            if record is None:
                self.skip(where, problem)
                continue
            self.article(record["text"], id=record.get("id") or f"{stem}-{number}",
                         source=record.get("url") or where, shown_as=where,
                         title=record.get("title"), date=record.get("date"), read_as=read_as)
        if len(self.documents) + len(self.skipped) == before:
            self.skip(shown_as, "no articles in the file (it has no lines)")


def _jsonl_record(line: str) -> tuple[dict[str, str] | None, str]:
    """One JSONL line as {text, title, date, url, id} strings, or None and what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if not isinstance(record.get("text"), str):
        return None, 'no "text" string' if "text" not in record else '"text" is not a string'
    fields = {"text": record["text"]}
    for key in ("title", "date", "url", "id"):
        value = record.get(key)
        if value is None:
            continue
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None, f'"{key}" is not a string'
        fields[key] = value
    return fields, ""


def _existing_path(item: str | Path) -> Path | None:
    """The item as an existing file or folder, else None (empty, long or multi-line strings are text).

    An empty string is an empty article, never ``Path("")``, which is the current folder.
    """
    if isinstance(item, str) and (not item.strip() or "\n" in item or len(item) > 1024):
        return None
    try:
        path = Path(item).expanduser()
        return path if path.exists() else None
    except (OSError, ValueError):  # name too long, NUL byte: not a path
        return None


def _looks_like_path(text: str) -> bool:
    """A short string that names a file: ends in a file extension, or has a separator and no spaces."""
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        return False
    if stripped.lower().endswith(_PATH_LIKE_ENDINGS):
        return True
    return (os.sep in stripped or "/" in stripped) and " " not in stripped


def _size(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def _word_key(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))
