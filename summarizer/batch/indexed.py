"""Batch runs into a story index (``summarizer batch IN OUT --index news.db``): a story whose articles fall in
two chunks stays one story, with an id that never changes.

Two stages, resumable from the state file as a plain batch run is:

1. Each chunk's articles are added to the index (``updates.add_articles``: assignment only, no model, one
   transaction a chunk) and its skipped lines written; then the state counts the chunk done. A crash between
   the two redoes the chunk, which changes nothing in the index: articles are known by their text's hash.
2. Once every chunk is in, each story that gained articles or is stale is summarized once
   (``updates.make_summaries``: here, or on Ray workers), recorded in the index by this process (its one
   writer) and written as it comes. The state names the story being recorded: a crash after the record and
   before its line writes the line from the index on resume; one before the record leaves the story stale,
   to be summarized again.

Output lines, one JSON object each (``result`` is the story's ``SummaryResult`` as plain data):
    {"type": "update", "story_id": "s-000012", "version": 2, "first": false, "new_article_ids": [...],
     "what_is_new": [...], "result": {...}}
    {"type": "skipped", "chunk": 3, "line": 405, "source": "in.jsonl:405", "reason": "not valid JSON (...)"}
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from summarizer.batch.chunks import Chunk
from summarizer.batch.engines import json_lines, read_chunk, summarizer_for, unread_records
from summarizer.batch.state import append_and_save, load_state, open_output, run_identity, state_file
from summarizer.errors import BatchError
from summarizer.index import Assigner, StoryIndex
from summarizer.index.database import is_url
from summarizer.progress import Progress, Span
from summarizer.settings import SummarySettings
from summarizer.storage import write_json
from summarizer.updates import StoryUpdate, add_articles, make_summaries, record_update, recorded_update

__all__ = ["run_into_index"]

_ADDING = 0.1  # the progress bar's share for adding the chunks: no model runs, far faster than the summaries


def run_into_index(target: str | Path, assigner: Assigner, *, input_path: Path, output_path: Path,
                   chunks: list[Chunk], chunk_size: int, settings: SummarySettings, engine: str, workers: int,
                   progress: Progress) -> tuple[int, int, int, int, int]:
    """Add the chunks to the story index at ``target`` and summarize the changed stories once, at the end.

    Returns:
        The counts of a ``BatchReport``: chunks added, chunks already done, articles read, stories
        summarized and lines skipped in this call.

    Raises:
        BatchError: the index is the input or the output, or the output was started by another run.
        StoryIndexError: the index cannot be opened, read or written (in use, corrupt, newer).
    """
    state_path = state_file(output_path)
    _check_target(target, (("input", input_path), ("output", output_path), ("output's state file", state_path)))
    with StoryIndex.open(target) as index:
        # Everything that decides where an article goes: a resume with other settings would group differently.
        assigned = {"kind": type(assigner).__name__, **{name: getattr(assigner, name, None) for name in (
            "threshold", "merge_threshold", "half_life_days", "window_days", "max_terms")}}
        identity = run_identity(input_path, chunk_size, settings, index=_identity(target, index), assigner=assigned)
        state = load_state(state_path, output_path, identity, len(chunks))
        state.setdefault("pending", None)
        write_json(state_path, state)  # before any output: a crash inside the first chunk is then resumable too
        done = set(state["done"])
        todo = [chunk for chunk in chunks if chunk.number not in done]
        articles = skipped = 0
        with open_output(output_path, state["offset"]) as out:
            stories = _finish_pending(index, out, state, state_path)
            for number, chunk in enumerate(todo, start=1):
                documents, _, lines = read_chunk(input_path, chunk, settings.max_article_chars)
                _, unread = add_articles(index, documents, assigner)
                lines += unread_records(chunk, unread)
                state["done"].append(chunk.number)
                append_and_save(out, json_lines(lines), state, state_path)  # only now is the chunk done
                articles, skipped = articles + len(documents) - len(unread), skipped + len(lines)
                progress(f"Chunk {chunk.number} of {len(chunks)} added to {index.name} ({number} of {len(todo)} "
                         "in this run)", _ADDING * (len(chunks) - len(todo) + number) / len(chunks))
            made = make_summaries(summarizer_for(settings), index, index.stale_stories(), engine=engine,
                                  workers=workers, progress=Span(progress, _ADDING, 1.0))
            for job, result in made:
                state["pending"] = {"story_id": job.story_id, "version": job.previous_version + 1}
                write_json(state_path, state)
                update = record_update(index, job, result)
                state["pending"] = None
                append_and_save(out, _line(update), state, state_path)
                stories += 1
    progress("Done", 1.0)
    return len(todo), len(chunks) - len(todo), articles, stories, skipped


def _finish_pending(index: StoryIndex, out: IO[bytes], state: dict[str, Any], state_path: Path) -> int:
    """Write the line of a story recorded just before a crash (1), or forget a record that never happened (0)."""
    pending = state["pending"]
    if not pending:
        return 0
    story_id, version = str(pending["story_id"]), int(pending["version"])
    row = index.latest_summary(story_id)
    state["pending"] = None
    if row is not None and (row.story_id, row.version) == (story_id, version):
        append_and_save(out, _line(recorded_update(index, row)), state, state_path)
        return 1
    write_json(state_path, state)
    return 0


def _line(update: StoryUpdate) -> str:
    """A story's output line."""
    return json_lines([{"type": "update", **update.to_dict()}])


def _check_target(target: str | Path, files: tuple[tuple[str, Path], ...]) -> None:
    """Refuse an index file that is one of the run's own files: opening it would read them as a database."""
    if is_url(target):
        return
    text = str(target)
    path = Path(text[len("sqlite:///"):] if text.startswith("sqlite:///") else text).expanduser().resolve()
    for what, other in files:
        if path == other.resolve():
            raise BatchError(f"index {target}: is the {what}; choose another index file")


def _identity(target: str | Path, index: StoryIndex) -> str:
    """How the state file names the index: its absolute path, or its URL without a password."""
    return index.name if is_url(target) else str(Path(index.name).resolve())
