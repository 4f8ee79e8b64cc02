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

With ``index``, chunks are added to a story index instead and the changed stories summarized once at the end
(``batch.indexed``, which describes its output lines).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.batch.chunks import Chunk, scan_chunks
from summarizer.batch.engines import ENGINES, engine_problem, local_outputs, ray_outputs, require_ray, stop_at_failure
from summarizer.batch.indexed import run_into_index
from summarizer.batch.state import append_and_save, load_state, open_output, run_identity, state_file
from summarizer.errors import BatchError
from summarizer.index import Assigner
from summarizer.progress import Progress, quiet
from summarizer.settings import SummarySettings
from summarizer.storage import write_json

__all__ = ["ENGINES", "BatchError", "BatchReport", "run_batch"]


@dataclass(frozen=True)
class BatchReport:
    """What one ``run_batch`` call did; counts are for this call (chunks finished earlier are skipped)."""

    chunks_done: int
    chunks_skipped: int
    articles: int
    stories: int
    skipped: int
    seconds: float


def run_batch(input_path: Path, output_path: Path, *, settings: SummarySettings, engine: str = "local",
              workers: int = 1, chunk_size: int = 200, index: str | Path | None = None,
              assigner: Assigner | None = None, progress: Progress | None = None) -> BatchReport:
    """Group and summarize a JSONL file of articles chunk by chunk, appending one JSON line per story.

    Args:
        input_path: JSONL, one article a line: ``text`` and optional ``id``, ``title``, ``date``, ``url``.
        output_path: JSONL written as described in this module; rerunning with the same output resumes.
        settings: model and summary settings, the same for every chunk (and for every resume).
        engine: ``local`` (this process) or ``ray`` (Ray Data, ``workers`` model copies in parallel).
        workers: parallel workers for the ``ray`` engine, each holding one model.
        chunk_size: input lines read together; without ``index`` they are grouped and summarized together,
            and stories never span two chunks.
        index: a story index (path or URL, as ``StoryIndex.open`` takes it): each chunk's articles are added
            to it instead of grouped on their own, and the changed stories summarized at the end
            (``batch.indexed``).
        assigner: decides which story of ``index`` each article joins (default: ``Assigner()``).
        progress: called as ``progress(message, fraction_done)`` after each finished chunk (and, with
            ``index``, as the stories are summarized).

    Returns:
        ``BatchReport`` with this call's counts.

    Raises:
        BatchError: bad paths or options, or the output was started with another input, chunk size,
            settings or index (delete the output and its state file to start over).
        StoryIndexError: ``index`` cannot be opened, read or written (in use, corrupt, newer).

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text('{"text": "The river rose two metres overnight."}\\n')
    >>> run_batch(folder / "in.jsonl", folder / "out.jsonl", settings=SummarySettings(model="extractive")).stories
    1
    """
    started = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    _check_options(input_path, output_path, settings, engine, workers, chunk_size)
    if index is None and assigner is not None:
        raise BatchError("an assigner needs an index: it decides which story of the index an article joins")
    report = progress or quiet
    chunks = scan_chunks(input_path, chunk_size)
    if index is not None:
        if engine == "ray":
            require_ray()  # now, not once every chunk is added
        totals = run_into_index(index, assigner or Assigner(), input_path=input_path, output_path=output_path,
                                chunks=chunks, chunk_size=chunk_size, settings=settings, engine=engine,
                                workers=workers, progress=report)
    else:
        state_path = state_file(output_path)
        state = load_state(state_path, output_path, run_identity(input_path, chunk_size, settings), len(chunks))
        totals = _summarize_chunks(input_path, output_path, state_path, state, chunks, settings, engine, workers,
                                   report)
    return BatchReport(*totals, seconds=round(time.perf_counter() - started, 3))


def _summarize_chunks(input_path: Path, output_path: Path, state_path: Path, state: dict[str, Any],
                      chunks: list[Chunk], settings: SummarySettings, engine: str, workers: int,
                      report: Progress) -> tuple[int, int, int, int, int]:
    """Each chunk grouped and summarized on its own; the counts of a ``BatchReport``."""
    write_json(state_path, state)  # before any output: a crash inside the first chunk is then resumable too
    done = set(state["done"])
    todo = [chunk for chunk in chunks if chunk.number not in done]
    skipped_chunks = len(chunks) - len(todo)
    totals = [0, 0, 0]  # articles, stories, skipped
    if engine == "ray":
        outputs = stop_at_failure(ray_outputs(input_path, todo, settings, workers), input_path, todo)
    else:
        outputs = stop_at_failure(local_outputs(input_path, todo, settings), input_path, todo)
    with open_output(output_path, state["offset"]) as out:
        for number, produced in enumerate(outputs, start=1):
            state["done"].append(produced.number)
            append_and_save(out, produced.text, state, state_path)  # only now is the chunk finished
            totals = [totals[0] + produced.articles, totals[1] + produced.stories, totals[2] + produced.skipped]
            report(f"Chunk {produced.number} of {len(chunks)} done ({number} of {len(todo)} in this run)",
                   (skipped_chunks + number) / max(len(chunks), 1))
    return len(todo), skipped_chunks, totals[0], totals[1], totals[2]


def _check_options(input_path: Path, output_path: Path, settings: SummarySettings, engine: str, workers: int,
                   chunk_size: int) -> None:
    if not isinstance(settings, SummarySettings):
        raise BatchError(f"settings must be a SummarySettings, not {type(settings).__name__}")
    problem = engine_problem(engine, workers)
    if problem:
        raise BatchError(problem)
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise BatchError(f"chunk_size must be an integer of at least 1, not {chunk_size!r}")
    if not input_path.is_file():
        reason = "is a folder, not a JSONL file" if input_path.is_dir() else "no such file"
        raise BatchError(f"input {input_path}: {reason}")
    if not output_path.parent.is_dir():
        raise BatchError(f"output {output_path}: its folder {output_path.parent} does not exist")
    if output_path.exists() and output_path.resolve() == input_path.resolve():
        raise BatchError(f"output {output_path}: is the input file; choose another output")
