"""A batch input cut into chunks by byte range, and each line read as an article or a reason to skip it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from summarizer.documents import MAX_FILE_BYTES, Document, decode_line, read_jsonl_line
from summarizer.errors import BatchError

MAX_LINE_BYTES = MAX_FILE_BYTES  # the file limit of every reader: a longer line is skipped, never held in memory


@dataclass(frozen=True)
class Chunk:
    """A run of input lines, by byte range, so any process can read it without reading what comes before."""

    number: int
    first_line: int
    start: int
    end: int


def scan_chunks(input_path: Path, chunk_size: int) -> list[Chunk]:
    """Chunk boundaries by byte offset, found in one streaming pass (one entry per chunk in memory)."""
    chunks: list[Chunk] = []
    start = line = 0
    with input_path.open("rb") as source:
        for _ in _lines(source):
            line += 1
            if line % chunk_size == 0:
                end = source.tell()
                chunks.append(Chunk(len(chunks) + 1, line - chunk_size + 1, start, end))
                start = end
        if line % chunk_size:
            chunks.append(Chunk(len(chunks) + 1, line - line % chunk_size + 1, start, source.tell()))
    if not chunks:
        raise BatchError(f"input {input_path}: empty file, no articles")
    return chunks


def _lines(source: IO[bytes]) -> Iterator[bytes | None]:
    """Each line's bytes without its newline, or None for a line over MAX_LINE_BYTES (read past, not kept)."""
    while True:
        raw = source.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = source.readline(MAX_LINE_BYTES)
            yield None
        else:
            yield raw.rstrip(b"\r\n")


def chunk_lines(input_path: Path, chunk: Chunk) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of one chunk's lines."""
    with input_path.open("rb") as source:
        source.seek(chunk.start)
        for line, raw in enumerate(_lines(source), start=chunk.first_line):
            yield line, raw
            if source.tell() >= chunk.end:
                return


def parse_line(input_path: Path, line: int, raw: bytes | None, taken: dict[str, int],
                max_chars: int) -> Document | str:
    """One input line as a cleaned Document, or why it is skipped ("" for a blank line, which is no article).

    Read as ``load_documents`` reads a line of a .jsonl file (same parsing, web-notice filter and id rule: an
    id already in ``taken`` gets ``-2``, ``-3``, ...), except that each line must be UTF-8 on its own.
    """
    if raw is None:
        return f"line longer than {MAX_LINE_BYTES:,} bytes"
    text, problem = decode_line(raw, first=line == 1)
    if text is None:
        return problem
    document = read_jsonl_line(text, where=f"{input_path}:{line}", default_id=f"{input_path.stem}-{line}",
                               taken=taken)
    if document is None or isinstance(document, str):
        return document or ""
    if len(document.text) > max_chars:  # as the pipeline counts it: the cleaned text
        return f"{len(document.text):,} characters, more than the limit of {max_chars:,} an article"
    return document
