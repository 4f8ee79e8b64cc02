"""The article types: a cleaned ``Document``, a ``Skipped`` input, what a read returns (``Loaded``),
``Pasted`` text, which is always an article and never a path, and an ``Injection`` found in an article."""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.text import word_count

__all__ = ["Document", "Injection", "Loaded", "Pasted", "Skipped"]


@dataclass(frozen=True)
class Injection:
    """A passage of an article addressed to a model, removed before the model or the chunker read the article.

    ``kind`` is ``instruction``, ``chat markup``, ``fake summary``, ``link request`` or ``language request``;
    ``where`` is ``text``, ``title`` or where in an HTML page it hid (``HTML comment``, ``hidden element``,
    ``alt text``); ``payload`` holds what it asked the output to carry (quoted words, capitalised words, links,
    ``language:french``), which no summary may then contain (``checks.guard``).
    """

    kind: str
    text: str
    where: str = "text"
    payload: tuple[str, ...] = ()


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
        injections: passages addressed to a model that were taken out of ``text`` or ``title`` (also listed
            in ``removed``), or found in the page's hidden markup.

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
    injections: tuple[Injection, ...] = ()

    @property
    def words(self) -> int:
        """Word count of the cleaned text."""
        return word_count(self.text)


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


@dataclass(frozen=True)
class Pasted:
    """Text given as one article, never read as a path: what a web form's paste box holds.

    A plain string given to ``load_documents`` is read as a file when a file of that name exists; text
    from someone who may not read the server's files is wrapped in ``Pasted`` instead.

    >>> Pasted("/etc/hostname").text
    '/etc/hostname'
    """

    text: str
