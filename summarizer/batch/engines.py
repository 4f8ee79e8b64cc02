"""Where chunks and stories are summarized: in this process, or by Ray actors each holding one model.

``ray_map`` is the one Ray engine: chunks of a batch and the changed stories of a story index (``batch
--index``, ``summarizer update --engine ray``) both go through it, each row to an idle actor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from summarizer import errors
from summarizer.batch.chunks import Chunk, chunk_lines, parse_line
from summarizer.documents import Document
from summarizer.documents.document import Skipped
from summarizer.errors import BatchError, SummarizerError
from summarizer.index import StoryIndex
from summarizer.pipeline import Summarizer
from summarizer.progress import Progress
from summarizer.results import SummaryResult, document_from_dict
from summarizer.settings import SettingsError, SummarySettings
from summarizer.updates import StoryJob, known_limits, prepare_story, story_error, summarize_story

ENGINES = ("local", "ray")
RAY_HINT = "engine='ray' needs Ray Data: pip install 'summarizer[ray]'"
# Article text handed to Ray at once: bounds what the driver holds (not every changed story's articles at
# once), while each window starts its actors, and so loads their models, again.
RAY_WINDOW_CHARS = 20_000_000
_PACKAGE = Path(__file__).resolve().parents[1]


def engine_problem(engine: str, workers: int) -> str:
    """What is wrong with an engine and worker count ("" when nothing is); each caller raises its own error."""
    if engine not in ENGINES:
        return f"engine must be one of {', '.join(ENGINES)}, not {engine!r}"
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        return f"workers must be an integer of at least 1, not {workers!r}"
    if engine == "local" and workers != 1:
        return f"workers={workers} needs engine='ray': the local engine runs in this one process"
    return ""


def require_ray() -> ModuleType:
    """The ``ray`` module with Ray Data, or a BatchError naming the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401 (Ray Data is a separate part of the ray package)
    except ImportError as error:
        raise BatchError(RAY_HINT) from error
    return ray


def check_engine(summarizer: Summarizer, engine: str, workers: int) -> None:
    """Refuse an engine that cannot make a story index's summaries, before any work is done.

    Raises:
        SettingsError: a bad engine or worker count, or ``ray`` with a model object (a worker loads its own).
        BatchError: ``ray`` without Ray installed.
    """
    problem = engine_problem(engine, workers)
    if problem:
        raise SettingsError(problem)
    if engine == "ray":
        require_ray()
        if summarizer.model_given:
            raise SettingsError(f"engine='ray' needs a model by name (each worker loads its own), not a "
                                f"{type(summarizer.model).__name__} object")


@dataclass(frozen=True)
class ChunkOutput:
    """A chunk's output lines (JSON text) and its counts, or the user error that stopped it."""

    number: int
    text: str
    articles: int
    stories: int
    skipped: int
    error: str = ""


def read_chunk(input_path: Path, chunk: Chunk, max_chars: int) -> tuple[list[Document], dict[str, int],
                                                                        list[dict[str, Any]]]:
    """A chunk's articles, the input line of each (by id), and its skipped lines as output records."""
    skipped: list[dict[str, Any]] = []
    documents: list[Document] = []
    line_of: dict[str, int] = {}
    for line, raw in chunk_lines(input_path, chunk):
        parsed = parse_line(input_path, line, raw, taken=line_of, max_chars=max_chars)
        if isinstance(parsed, Document):
            documents.append(parsed)
            line_of[parsed.id] = line
        elif parsed:
            skipped.append({"type": "skipped", "chunk": chunk.number, "line": line,
                            "source": f"{input_path}:{line}", "reason": parsed})
    return documents, line_of, skipped


def unread_records(chunk: Chunk, unread: Sequence[Skipped]) -> list[dict[str, Any]]:
    """Output records of a chunk's articles the summarizer or index skipped after reading (no line of their own)."""
    return [{"type": "skipped", "chunk": chunk.number, "line": None, "source": s.source, "reason": s.reason}
            for s in unread]


def json_lines(records: Sequence[dict[str, Any]]) -> str:
    """Output records as JSON lines, as every batch output writes them."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def summarize_chunk(summarizer: Summarizer, input_path: Path, chunk: Chunk) -> ChunkOutput:
    """Read one chunk's lines, summarize its articles as one request, and render its output lines."""
    documents, line_of, skipped = read_chunk(input_path, chunk, summarizer.settings.max_article_chars)
    stories: list[dict[str, Any]] = []
    if documents:
        # No cache: a batch never summarizes a chunk twice, and a held result would only take memory.
        result = summarizer.summarize(documents, use_cache=False, **known_limits(summarizer, documents))
        stories = [{"type": "story", "chunk": chunk.number, "lines": [line_of[d.id] for d in story.documents],
                    "story": asdict(story)} for story in result.stories]
        # load_documents never skips given Documents today; should it ever, the skip is still written.
        skipped += unread_records(chunk, result.skipped)
    return ChunkOutput(chunk.number, json_lines(stories + skipped), len(documents), len(stories), len(skipped))


def summarizer_for(settings: SummarySettings) -> Summarizer:
    """One Summarizer for these settings (its model loads once and serves every chunk)."""
    options = settings.to_dict()
    return Summarizer(options.pop("model"), **options)


def _attempt(summarizer: Summarizer, input_path: Path, chunk: Chunk) -> ChunkOutput:
    """The chunk's output, or its user error as text (a Ray worker's exception reaches the driver as text only)."""
    try:
        return summarize_chunk(summarizer, input_path, chunk)
    except SummarizerError as error:
        return ChunkOutput(chunk.number, "", 0, 0, 0, error=str(error))


def stop_at_failure(outputs: Iterator[ChunkOutput], input_path: Path, chunks: list[Chunk]) -> Iterator[ChunkOutput]:
    """Stop at the first chunk that failed, naming it; the chunks before it stay done."""
    first_lines = {chunk.number: chunk.first_line for chunk in chunks}
    for output in outputs:
        if output.error:
            raise BatchError(f"input {input_path}: chunk {output.number} (from line {first_lines[output.number]}) "
                             f"failed: {output.error}")
        yield output


def local_outputs(input_path: Path, chunks: list[Chunk], settings: SummarySettings) -> Iterator[ChunkOutput]:
    """Chunks summarized one after another in this process, by one Summarizer (one model load)."""
    summarizer = summarizer_for(settings)
    for chunk in chunks:
        yield _attempt(summarizer, input_path, chunk)


def ray_map(worker: type, rows: list[dict[str, Any]], options: dict[str, Any],
            workers: int) -> Iterator[dict[str, Any]]:
    """``rows`` handed one at a time to at most ``workers`` Ray actors of class ``worker`` (made with
    ``options``: one model each); their output rows, yielded as they finish, in any order."""
    ray = require_ray()
    if not rows:
        return iter(())
    if not ray.is_initialized():  # else the caller's Ray session is used as it is (it must ship this package)
        # Ship this package to the workers: they may run where it is not installed (a source checkout, a
        # cluster named by RAY_ADDRESS).
        ray.init(include_dashboard=False, log_to_driver=False, runtime_env={"py_modules": [str(_PACKAGE)]})
    # One block per row, so idle actors take rows one by one (one block of many would go to one actor).
    items = ray.data.from_items(rows, override_num_blocks=len(rows))
    dataset = items.map_batches(worker, fn_constructor_kwargs=options,
                                compute=ray.data.ActorPoolStrategy(size=min(workers, len(rows))), batch_size=1,
                                num_cpus=1, batch_format="numpy")
    return dataset.iter_rows()


class _RayChunkWorker:
    """A Ray actor's callable: one Summarizer (one model) per actor, one chunk descriptor per row."""

    def __init__(self, input_path: str, settings: dict[str, Any]) -> None:
        self.input_path = Path(input_path)
        self.summarizer = summarizer_for(SummarySettings(**settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        outputs = [_attempt(self.summarizer, self.input_path, Chunk(*map(int, row)))
                   for row in zip(batch["number"], batch["first_line"], batch["start"], batch["end"], strict=True)]
        return {field: [getattr(o, field) for o in outputs]
                for field in ("number", "text", "articles", "stories", "skipped", "error")}


def ray_outputs(input_path: Path, chunks: list[Chunk], settings: SummarySettings,
                 workers: int) -> Iterator[ChunkOutput]:
    """Chunks summarized by ``workers`` Ray actors; yielded as they finish, in any order."""
    rows = ray_map(_RayChunkWorker, [asdict(chunk) for chunk in chunks],
                   {"input_path": str(input_path), "settings": settings.to_dict()}, workers)
    return (ChunkOutput(int(row["number"]), str(row["text"]), int(row["articles"]), int(row["stories"]),
                         int(row["skipped"]), str(row["error"])) for row in rows)


@dataclass(frozen=True)
class StoryOutput:
    """A story's summary made by a Ray worker (SummaryResult JSON), or the user error that stopped it (its
    class by name: an exception reaches the driver as text only)."""

    story_id: str
    result: str
    error: str = ""
    error_kind: str = ""

    def exception(self) -> SummarizerError:
        """The worker's error as the class it was raised as (SummarizerError for one errors.py lacks)."""
        kind = getattr(errors, self.error_kind, None)
        known = isinstance(kind, type) and issubclass(kind, SummarizerError)
        return (kind if known else SummarizerError)(self.error)


class _RayStoryWorker:
    """A Ray actor's callable: one Summarizer (one model) per actor, one story (its articles as JSON) per row."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.summarizer = summarizer_for(SummarySettings(**settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {"story_id": [], "result": [], "error": [], "error_kind": []}
        for story_id, documents in zip(batch["story_id"], batch["documents"], strict=True):
            result = error = kind = ""
            try:
                articles = [document_from_dict(data) for data in json.loads(str(documents))]
                result = summarize_story(self.summarizer, articles).to_json(indent=None)
            except SummarizerError as raised:
                error, kind = str(raised), type(raised).__name__
            for field, value in zip(found, (str(story_id), result, error, kind), strict=True):
                found[field].append(value)
        return found


def ray_summaries(summarizer: Summarizer, index: StoryIndex, story_ids: Sequence[str], workers: int,
                  progress: Progress) -> Iterator[tuple[StoryJob, SummaryResult]]:
    """Stories of an index summarized by ``workers`` Ray actors, each loading the model ``summarizer`` names;
    yielded (job, result) as they finish. This process reads the stories (a window of about
    ``RAY_WINDOW_CHARS`` of article text at a time) and the caller records them: the index keeps one writer.

    Raises:
        SummarizerError: the first story a worker could not summarize, named (as ``updates.story_error``).
    """
    done = 0
    for window in _windows(index, story_ids):
        jobs = {job.story_id: job for job in window}
        rows = [{"story_id": job.story_id, "documents": json.dumps([asdict(d) for d in job.documents],
                                                                   ensure_ascii=False)} for job in window]
        for row in ray_map(_RayStoryWorker, rows, {"settings": summarizer.settings.to_dict()}, workers):
            output = StoryOutput(str(row["story_id"]), str(row["result"]), str(row["error"]), str(row["error_kind"]))
            if output.error_kind:
                raise story_error(index, output.story_id, output.exception())
            done += 1
            progress(f"{output.story_id} summarized ({done} of {len(story_ids)})", done / len(story_ids))
            yield jobs[output.story_id], SummaryResult.from_json(output.result)


def _windows(index: StoryIndex, story_ids: Sequence[str]) -> Iterator[list[StoryJob]]:
    """The stories' jobs, read a window at a time: each window is one Ray run."""
    window: list[StoryJob] = []
    size = 0
    for story_id in story_ids:
        window.append(prepare_story(index, story_id))
        size += sum(len(document.text) for document in window[-1].documents)
        if size >= RAY_WINDOW_CHARS:
            yield window
            window, size = [], 0
    if window:
        yield window
