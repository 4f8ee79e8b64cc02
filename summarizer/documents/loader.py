"""The one reader: files, folders, JSONL lines, pasted text and ready Documents to uniquely named articles.

The Python API and the CLI call ``load_documents``; the web UI wraps its paste box in ``pasted_articles``
and passes it with the uploads; a batch run reads its lines one at a time with ``read_jsonl_line``. All of
them parse formats (``formats``), clean and filter notices (``article.read_article``) and name articles
(``article.unique_id``) the same way, within the limits of ``limits``.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterable
from pathlib import Path

from summarizer.documents.article import read_article, screen_document
from summarizer.documents.document import Document, Loaded, Pasted, Skipped
from summarizer.documents.encoding import decode
from summarizer.documents.formats import SUPPORTED, html_article, jsonl_record, split_pasted, strip_markdown
from summarizer.documents.limits import MAX_FILE_BYTES, MAX_PASTED_CHARS
from summarizer.errors import InputError

__all__ = ["Input", "load_documents", "pasted_articles", "read_jsonl_line"]

Input = str | Path | Document | Pasted
# A missing "name.pdf" is a mistyped path, not an article to summarize.
_PATH_LIKE_ENDINGS = (*SUPPORTED, ".markdown", ".json", ".csv", ".xml", ".pdf", ".doc", ".docx", ".rtf")
_LONGEST_PATH = 1024  # a longer string is text, never looked up as a path


def load_documents(inputs: Iterable[Input] | Input, *, max_bytes: int = MAX_FILE_BYTES) -> Loaded:
    """Turn files, folders, pasted strings and ready Documents into cleaned, uniquely named articles.

    Args:
        inputs: each is a ``Document`` (kept as is), a path to a file (.txt, .md, .html, .htm, .jsonl)
            or a folder of such files (read non-recursively, by name; hidden files and subfolders are
            listed as skipped), ``Pasted`` text (one article, never read as a path), or any other string,
            which is taken as the text of one pasted article. Pasted articles are ``pasted-N`` in the
            order given. Files are UTF-8 (or UTF-16 with a byte-order mark); Windows-1252 is accepted
            when it reads as Western European text, and anything else is skipped.
        max_bytes: files larger than this are skipped rather than read.

    Returns:
        ``Loaded``: documents in input order with ids unique within the call (file stem, then
        ``-2``, ``-3`` on a clash), and one ``Skipped`` for every input or line not used (web notices
        such as a Twitter or Wayback Machine page included).

    Raises:
        InputError: no inputs, two given Documents share an id, or nothing at all could be read.

    >>> loaded = load_documents(["The river rose three metres overnight and the bridge closed."])
    >>> [(d.id, d.source) for d in loaded.documents]
    [('pasted-1', 'pasted')]
    """
    if isinstance(inputs, Input):
        inputs = [inputs]  # one input, not an iterable of characters
    items = list(inputs)
    if not items:
        raise InputError("No articles given")
    reader = _Reader((item.id for item in items if isinstance(item, Document)), max_bytes)
    pasted = 0
    for item in items:
        if isinstance(item, Document):
            reader.add(screen_document(item), item.id)  # a ready Document is screened like any article
            continue
        path = None if isinstance(item, Pasted) else _existing_path(item)
        if path is not None:
            reader.path(path, str(item))
        elif isinstance(item, Path) or (isinstance(item, str) and _looks_like_path(item)):
            reader.skip(str(item), "no such file or folder")
        else:
            pasted += 1
            name = f"pasted-{pasted}"
            reader.article(item.text if isinstance(item, Pasted) else item, id=name, source="pasted", shown_as=name)
    if not reader.documents:
        reasons = "; ".join(f"{skip.source}: {skip.reason}" for skip in reader.skipped)
        raise InputError(f"No readable articles: {reasons}")
    return Loaded(tuple(reader.documents), tuple(reader.skipped))


def pasted_articles(text: str | None) -> list[Pasted]:
    """A paste box's articles, separated by lines of ``---``, for ``load_documents``; never read as paths.

    Raises:
        InputError: the text is longer than ``MAX_PASTED_CHARS``.

    >>> pasted_articles("/etc/hostname\\n---\\nThe river rose.")
    [Pasted(text='/etc/hostname'), Pasted(text='The river rose.')]
    """
    text = text or ""
    if len(text) > MAX_PASTED_CHARS:
        raise InputError(f"The pasted text has {len(text):,} characters; the limit is {MAX_PASTED_CHARS:,}. "
                         "Upload long collections as files instead.")
    return [Pasted(part) for part in split_pasted(text)]


def read_jsonl_line(line: str, *, where: str, default_id: str, taken: Container[str] = (),
                    read_as: str = "") -> Document | str | None:
    """One JSONL line as an article, as ``load_documents`` reads each line of a .jsonl file.

    Args:
        line: the line's text: a JSON object with ``text`` and optional ``id``, ``title``, ``date``, ``url``.
        where: the line's place, e.g. ``"feed.jsonl:12"``: the article's source when it has no ``url``.
        default_id: the id when the record has none (``load_documents`` uses ``<file stem>-<line number>``).
        taken: ids already used in the request; the article gets another (``unique_id``).
        read_as: the file's encoding note, when it was not UTF-8.

    Returns:
        The Document, the reason the line is skipped, or None for a blank line (which is no article).

    >>> read_jsonl_line('{"text": "The river rose.", "id": "a"}', where="f:1", default_id="f-1", taken={"a"}).id
    'a-2'
    >>> read_jsonl_line("[1, 2]", where="f:2", default_id="f-2")
    'not a JSON object'
    """
    if not line.strip():
        return None
    record, problem = jsonl_record(line)
    if record is None:
        return problem
    return read_article(record["text"], id=record.get("id") or default_id, source=record.get("url") or where,
                        taken=taken, title=record.get("title"), date=record.get("date"), read_as=read_as)


class _Reader:
    """Collects one ``load_documents`` call's documents and skips; ids of given Documents are reserved first."""

    def __init__(self, reserved: Iterable[str], max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.documents: list[Document] = []
        self.skipped: list[Skipped] = []
        self.taken: set[str] = set()
        for name in reserved:
            if name in self.taken:
                raise InputError(f"Two of the given documents share the id {name!r}")
            self.taken.add(name)

    def skip(self, source: str, reason: str) -> None:
        self.skipped.append(Skipped(source, reason))

    def add(self, result: Document | str, shown_as: str) -> None:
        """Keep a read article and take its id, or record why it was skipped."""
        if isinstance(result, str):
            self.skip(shown_as, result)
            return
        self.taken.add(result.id)
        self.documents.append(result)

    def article(self, text: str, *, id: str, source: str, shown_as: str, title: str | None = None,
                date: str | None = None, read_as: str = "", unseen: tuple[tuple[str, str], ...] = ()) -> None:
        self.add(read_article(text, id=id, source=source, taken=self.taken, title=title, date=date,
                              read_as=read_as, unseen=unseen), shown_as)

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
        stem, title, date, unseen = path.stem, None, None, ()
        if suffix == ".jsonl":
            self.jsonl(text, stem, shown_as, read_as=note)
            return
        if suffix in (".html", ".htm"):
            page = html_article(text)
            if page.body is None:
                self.skip(shown_as, "no article text found in the HTML page")
                return
            text, title, date, unseen = page.body, page.title, page.date, page.unseen
        elif suffix == ".md":
            title, text = strip_markdown(text)
        self.article(text, id=stem, source=shown_as, shown_as=shown_as, title=title, date=date, read_as=note,
                     unseen=unseen)

    def jsonl(self, text: str, stem: str, shown_as: str, read_as: str) -> None:
        before = len(self.documents) + len(self.skipped)
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"{shown_as}:{number}"
            result = read_jsonl_line(line, where=where, default_id=f"{stem}-{number}", taken=self.taken,
                                     read_as=read_as)
            if result is not None:
                self.add(result, where)
        if len(self.documents) + len(self.skipped) == before:
            self.skip(shown_as, "no articles in the file (it has no lines)")


def _existing_path(item: str | Path) -> Path | None:
    """The item as an existing file or folder, else None (empty, long or multi-line strings are text).

    An empty string is an empty article, never ``Path("")``, which is the current folder.
    """
    if isinstance(item, str) and (not item.strip() or "\n" in item or len(item) > _LONGEST_PATH):
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
