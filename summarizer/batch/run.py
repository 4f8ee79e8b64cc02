"""Batch runs: a large JSONL of articles in, one JSON line per story out, in bounded memory and resumable.

The input is cut into chunks of ``chunk_size`` lines (chunk 1 is lines 1..chunk_size, and so on). Each chunk
is grouped and summarized on its own, so memory holds one chunk at a time, and its output lines are
appended and flushed together. A state file beside the output (``OUTPUT.state.json``) records the finished
chunks and the output's length after the last one: a rerun skips finished chunks and first cuts the output
back to that length, which removes whatever a crash left half written.

Output lines, one JSON object each:
    {"type": "story", "chunk": 3, "lines": [401, 417], "story": {...StorySummary as plain data...}}
    {"type": "skipped", "chunk": 3, "line": 405, "source": "in.jsonl:405", "reason": "not valid JSON (...)"}
Every non-blank input line is in exactly one of them (``lines`` lists a story's articles by input line).
An article over ``settings.max_article_chars`` is a skipped line; a chunk is never refused for
``max_articles`` or ``max_total_chars`` (the chunk size bounds memory), only, naming itself, when one story's
articles cannot share the model's context at all (``--no-group``, short context): use a smaller ``--chunk-size``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from summarizer.cache import package_version
from summarizer.documents.loader import Document, _jsonl_record, document_from_text, notice_kind
from summarizer.errors import InputError, SummarizerError
from summarizer.models import preset_to_run
from summarizer.pipeline import Summarizer
from summarizer.settings import SummarySettings

__all__ = ["ENGINES", "BatchError", "BatchReport", "run_batch"]

ENGINES = ("local", "ray")
MAX_LINE_BYTES = 5_000_000  # as load_documents' file limit: a longer line is skipped, never held in memory
_STATE_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]

Progress = Callable[[str, float], None]


class BatchError(SummarizerError):
    """A batch run cannot start or resume: bad paths or options, or an output made by a different run."""


@dataclass(frozen=True)
class BatchReport:
    """What one ``run_batch`` call did; counts are for this call (chunks finished earlier are skipped)."""

    chunks_done: int
    chunks_skipped: int
    articles: int
    stories: int
    skipped: int
    seconds: float


@dataclass(frozen=True)
class _Chunk:
    """A run of input lines, by byte range, so any process can read it without reading what comes before."""

    number: int
    first_line: int
    start: int
    end: int


@dataclass(frozen=True)
class _ChunkOutput:
    """A chunk's output lines (JSON text) and its counts, or the user error that stopped it."""

    number: int
    text: str
    articles: int
    stories: int
    skipped: int
    error: str = ""


def run_batch(input_path: Path, output_path: Path, *, settings: SummarySettings, engine: str = "local",
              workers: int = 1, chunk_size: int = 200, progress: Progress | None = None) -> BatchReport:
    """Group and summarize a JSONL file of articles chunk by chunk, appending one JSON line per story.

    Args:
        input_path: JSONL, one article a line: ``text`` and optional ``id``, ``title``, ``date``, ``url``.
        output_path: JSONL written as described in this module; rerunning with the same output resumes.
        settings: model and summary settings, the same for every chunk (and for every resume).
        engine: ``local`` (this process) or ``ray`` (Ray Data, ``workers`` model copies in parallel).
        workers: parallel workers for the ``ray`` engine, each holding one model.
        chunk_size: input lines grouped and summarized together; stories never span two chunks.
        progress: called as ``progress(message, fraction_done)`` after each finished chunk.

    Returns:
        ``BatchReport`` with this call's counts.

    Raises:
        BatchError: bad paths or options, or the output was started with another input, chunk size or
            settings (delete the output and its state file to start over).

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text('{"text": "The river rose two metres overnight."}\\n')
    >>> run_batch(folder / "in.jsonl", folder / "out.jsonl", settings=SummarySettings(model="extractive")).stories
    1
    """
    started = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    _check_options(input_path, output_path, settings, engine, workers, chunk_size)
    report = progress or (lambda message, fraction: None)
    chunks = _scan(input_path, chunk_size)
    state_path = output_path.with_name(output_path.name + ".state.json")
    state = _load_state(state_path, output_path, _identity(input_path, chunk_size, settings), len(chunks))
    _save_state(state_path, state)  # before any output: a crash inside the first chunk is then resumable too
    done = set(state["done"])
    todo = [chunk for chunk in chunks if chunk.number not in done]
    skipped_chunks = len(chunks) - len(todo)
    totals = [0, 0, 0]  # articles, stories, skipped
    if engine == "ray":
        outputs = _checked(_ray_outputs(input_path, todo, settings, workers), input_path, todo)
    else:
        outputs = _checked(_local_outputs(input_path, todo, settings), input_path, todo)
    with _open_output(output_path, state["offset"]) as out:
        for number, produced in enumerate(outputs, start=1):
            out.write(produced.text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
            state["done"].append(produced.number)
            state["offset"] = out.tell()
            _save_state(state_path, state)  # only now is the chunk finished: a crash before this redoes it
            totals = [totals[0] + produced.articles, totals[1] + produced.stories, totals[2] + produced.skipped]
            report(f"Chunk {produced.number} of {len(chunks)} done ({number} of {len(todo)} in this run)",
                   (skipped_chunks + number) / max(len(chunks), 1))
    return BatchReport(chunks_done=len(todo), chunks_skipped=skipped_chunks, articles=totals[0],
                       stories=totals[1], skipped=totals[2], seconds=round(time.perf_counter() - started, 3))


def _summarize_chunk(summarizer: Summarizer, input_path: Path, chunk: _Chunk) -> _ChunkOutput:
    """Read one chunk's lines, summarize its articles as one request, and render its output lines."""
    skipped: list[dict[str, Any]] = []
    documents: list[Document] = []
    line_of: dict[str, int] = {}
    limit = summarizer.settings.max_article_chars
    for line, raw in _read_lines(input_path, chunk):
        parsed = _parse_line(input_path, line, raw, taken=line_of, max_chars=limit)
        if isinstance(parsed, Document):
            documents.append(parsed)
            line_of[parsed.id] = line
        elif parsed:
            skipped.append({"type": "skipped", "chunk": chunk.number, "line": line,
                            "source": f"{input_path}:{line}", "reason": parsed})
    stories: list[dict[str, Any]] = []
    if documents:
        # The chunk, already read into memory, is what bounds the work: raise the request limits to it.
        total = sum(len(d.text) for d in documents)
        overrides = {"max_articles": max(summarizer.settings.max_articles, len(documents)),
                     "max_total_chars": max(summarizer.settings.max_total_chars, total)}
        # No cache: a batch never summarizes a chunk twice, and a held result would only take memory.
        result = summarizer.summarize(documents, use_cache=False, **overrides)
        stories = [{"type": "story", "chunk": chunk.number, "lines": [line_of[d.id] for d in story.documents],
                    "story": asdict(story)} for story in result.stories]
        # load_documents never skips given Documents today; should it ever, the skip is still written.
        skipped += [{"type": "skipped", "chunk": chunk.number, "line": None, "source": s.source, "reason": s.reason}
                    for s in result.skipped]
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in stories + skipped)
    return _ChunkOutput(chunk.number, text, len(documents), len(stories), len(skipped))


def _parse_line(input_path: Path, line: int, raw: bytes | None, taken: dict[str, int],
                max_chars: int) -> Document | str:
    """One input line as a cleaned Document, or why it is skipped ("" for a blank line, which is no article)."""
    if raw is None:
        return f"line longer than {MAX_LINE_BYTES:,} bytes"
    try:
        text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 ({error.reason} at byte {error.start})"
    if not text.strip():
        return ""  # as load_documents reads JSONL
    record, problem = _jsonl_record(text)
    if record is None:
        return problem
    base = record.get("id") or f"{input_path.stem}-{line}"
    document_id = f"{base}@{line}" if base in taken else base  # ids must be unique within one request
    try:
        document = document_from_text(record["text"], id=document_id, title=record.get("title"),
                                      source=record.get("url") or f"{input_path}:{line}", date=record.get("date"))
    except InputError:
        return "empty after cleaning"
    if len(document.text) > max_chars:  # as the pipeline counts it: the cleaned text
        return f"{len(document.text):,} characters, more than the limit of {max_chars:,} an article"
    kind = notice_kind(document)
    return f"not an article: {kind} notice" if kind is not None else document


def _check_options(input_path: Path, output_path: Path, settings: SummarySettings, engine: str, workers: int,
                   chunk_size: int) -> None:
    if not isinstance(settings, SummarySettings):
        raise BatchError(f"settings must be a SummarySettings, not {type(settings).__name__}")
    if engine not in ENGINES:
        raise BatchError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    for option, value in (("workers", workers), ("chunk_size", chunk_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise BatchError(f"{option} must be an integer of at least 1, not {value!r}")
    if engine == "local" and workers != 1:
        raise BatchError(f"workers={workers} needs engine='ray': the local engine runs in this one process")
    if not input_path.is_file():
        reason = "is a folder, not a JSONL file" if input_path.is_dir() else "no such file"
        raise BatchError(f"input {input_path}: {reason}")
    if not output_path.parent.is_dir():
        raise BatchError(f"output {output_path}: its folder {output_path.parent} does not exist")
    if output_path.exists() and output_path.resolve() == input_path.resolve():
        raise BatchError(f"output {output_path}: is the input file; choose another output")


def _scan(input_path: Path, chunk_size: int) -> list[_Chunk]:
    """Chunk boundaries by byte offset, found in one streaming pass (one entry per chunk in memory)."""
    chunks: list[_Chunk] = []
    start = line = 0
    with input_path.open("rb") as source:
        for _ in _lines(source):
            line += 1
            if line % chunk_size == 0:
                end = source.tell()
                chunks.append(_Chunk(len(chunks) + 1, line - chunk_size + 1, start, end))
                start = end
        if line % chunk_size:
            chunks.append(_Chunk(len(chunks) + 1, line - line % chunk_size + 1, start, source.tell()))
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


def _read_lines(input_path: Path, chunk: _Chunk) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of one chunk's lines."""
    with input_path.open("rb") as source:
        source.seek(chunk.start)
        for line, raw in enumerate(_lines(source), start=chunk.first_line):
            yield line, raw
            if source.tell() >= chunk.end:
                return


def _summarizer(settings: SummarySettings) -> Summarizer:
    """One Summarizer for these settings (its model loads once and serves every chunk)."""
    options = settings.to_dict()
    return Summarizer(options.pop("model"), **options)


def _attempt(summarizer: Summarizer, input_path: Path, chunk: _Chunk) -> _ChunkOutput:
    """The chunk's output, or its user error as text (a Ray worker's exception reaches the driver as text only)."""
    try:
        return _summarize_chunk(summarizer, input_path, chunk)
    except SummarizerError as error:
        return _ChunkOutput(chunk.number, "", 0, 0, 0, error=str(error))


def _checked(outputs: Iterator[_ChunkOutput], input_path: Path, chunks: list[_Chunk]) -> Iterator[_ChunkOutput]:
    """Stop at the first chunk that failed, naming it; the chunks before it stay done."""
    first_lines = {chunk.number: chunk.first_line for chunk in chunks}
    for output in outputs:
        if output.error:
            raise BatchError(f"input {input_path}: chunk {output.number} (from line {first_lines[output.number]}) "
                             f"failed: {output.error}")
        yield output


def _local_outputs(input_path: Path, chunks: list[_Chunk], settings: SummarySettings) -> Iterator[_ChunkOutput]:
    summarizer = _summarizer(settings)
    for chunk in chunks:
        yield _attempt(summarizer, input_path, chunk)


class _RayChunkWorker:
    """A Ray actor's callable: one Summarizer (one model) per actor, one chunk descriptor per row."""

    def __init__(self, input_path: str, settings: dict[str, Any]) -> None:
        self.input_path = Path(input_path)
        self.summarizer = _summarizer(SummarySettings(**settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        outputs = [_attempt(self.summarizer, self.input_path, _Chunk(*map(int, row)))
                   for row in zip(batch["number"], batch["first_line"], batch["start"], batch["end"], strict=True)]
        return {field: [getattr(o, field) for o in outputs]
                for field in ("number", "text", "articles", "stories", "skipped", "error")}


def _ray_outputs(input_path: Path, chunks: list[_Chunk], settings: SummarySettings,
                 workers: int) -> Iterator[_ChunkOutput]:
    """Chunks summarized by ``workers`` Ray actors; yielded as they finish, in any order."""
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise BatchError("engine='ray' needs Ray Data: pip install 'summarizer[ray]'") from error
    if not chunks:
        return iter(())
    if not ray.is_initialized():  # else the caller's Ray session is used as it is (it must ship this package)
        # Ship this package to the workers: they may run where it is not installed (a source checkout, a
        # cluster named by RAY_ADDRESS).
        ray.init(include_dashboard=False, log_to_driver=False, runtime_env={"py_modules": [str(_PACKAGE)]})
    # One block per chunk, so idle actors take chunks one by one (one block of many would go to one actor).
    items = ray.data.from_items([asdict(chunk) for chunk in chunks], override_num_blocks=len(chunks))
    dataset = items.map_batches(
        _RayChunkWorker, fn_constructor_kwargs={"input_path": str(input_path), "settings": settings.to_dict()},
        compute=ray.data.ActorPoolStrategy(size=workers), batch_size=1, num_cpus=1, batch_format="numpy")
    return (_ChunkOutput(int(row["number"]), str(row["text"]), int(row["articles"]), int(row["stories"]),
                         int(row["skipped"]), str(row["error"])) for row in dataset.iter_rows())


def _identity(input_path: Path, chunk_size: int, settings: SummarySettings) -> dict[str, Any]:
    """What must not change between a run and its resume: the input file, the chunking, the settings and the
    model that runs for them (``default`` runs as ``default-gguf`` once installed, on CPUs without bf16)."""
    stat = input_path.stat()
    fingerprint = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    return {"input": str(input_path.resolve()), "input_fingerprint": fingerprint, "chunk_size": chunk_size,
            "settings": settings.to_dict(), "runs": preset_to_run(settings.model)[0]}


def _load_state(state_path: Path, output_path: Path, identity: dict[str, Any], total: int) -> dict[str, Any]:
    """The saved state when resuming (checked against this run), else a new one for an empty output."""
    fresh = {"format": _STATE_FORMAT, **identity, "version": package_version(), "chunks": total, "done": [],
             "offset": 0}
    if not state_path.exists():
        if output_path.exists() and output_path.stat().st_size > 0:
            raise BatchError(f"output {output_path}: exists and is not from a batch run (no {state_path.name}); "
                             "choose another output or delete it")
        return fresh
    restart = f"delete {output_path} and {state_path} to start over"
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        done, offset = state["done"], state["offset"]
        if state.get("format") != _STATE_FORMAT or not isinstance(offset, int) or not isinstance(done, list):
            raise ValueError("unknown layout")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BatchError(f"state file {state_path}: cannot be read ({error}); {restart}") from error
    for key, what in (("input", "another input file"), ("input_fingerprint", "the input file before it changed"),
                      ("chunk_size", "another chunk size"), ("settings", "other settings"),
                      ("runs", "another model running")):
        if state.get(key) != identity[key]:
            raise BatchError(f"output {output_path}: was started with {what} "
                             f"({state.get(key)!r}, now {identity[key]!r}); {restart}")
    size = output_path.stat().st_size if output_path.exists() else 0
    if size < offset:
        raise BatchError(f"output {output_path}: is shorter ({size} bytes) than its state says ({offset}); "
                         f"it was changed outside the batch run; {restart}")
    return state


def _save_state(state_path: Path, state: dict[str, Any]) -> None:
    """Write atomically (temporary file, then os.replace): a crash leaves the old state or the new one."""
    handle, temporary = tempfile.mkstemp(dir=state_path.parent, prefix=f".{state_path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, state_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _open_output(output_path: Path, offset: int) -> IO[bytes]:
    """The output opened for appending after ``offset``; anything past it (a crashed chunk) is cut off."""
    out = output_path.open("r+b" if output_path.exists() else "w+b")
    try:
        _lock(out, output_path)
        out.truncate(offset)
        out.seek(offset)
    except BaseException:
        out.close()
        raise
    return out


def _lock(out: IO[bytes], output_path: Path) -> None:
    """Refuse a second run writing the same output at the same time (it would interleave chunks)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, as before this check existed
        return
    try:
        fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        raise BatchError(f"output {output_path}: another batch run is writing it") from error
