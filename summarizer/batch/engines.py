"""Where chunks are summarized: in this process, or by Ray actors each holding one model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from summarizer.batch.chunks import Chunk, chunk_lines, parse_line
from summarizer.documents import Document
from summarizer.errors import BatchError, SummarizerError
from summarizer.pipeline import Summarizer
from summarizer.settings import SummarySettings

ENGINES = ("local", "ray")
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ChunkOutput:
    """A chunk's output lines (JSON text) and its counts, or the user error that stopped it."""

    number: int
    text: str
    articles: int
    stories: int
    skipped: int
    error: str = ""


def summarize_chunk(summarizer: Summarizer, input_path: Path, chunk: Chunk) -> ChunkOutput:
    """Read one chunk's lines, summarize its articles as one request, and render its output lines."""
    skipped: list[dict[str, Any]] = []
    documents: list[Document] = []
    line_of: dict[str, int] = {}
    limit = summarizer.settings.max_article_chars
    for line, raw in chunk_lines(input_path, chunk):
        parsed = parse_line(input_path, line, raw, taken=line_of, max_chars=limit)
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
    return ChunkOutput(chunk.number, text, len(documents), len(stories), len(skipped))


def _summarizer(settings: SummarySettings) -> Summarizer:
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
    summarizer = _summarizer(settings)
    for chunk in chunks:
        yield _attempt(summarizer, input_path, chunk)


class _RayChunkWorker:
    """A Ray actor's callable: one Summarizer (one model) per actor, one chunk descriptor per row."""

    def __init__(self, input_path: str, settings: dict[str, Any]) -> None:
        self.input_path = Path(input_path)
        self.summarizer = _summarizer(SummarySettings(**settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        outputs = [_attempt(self.summarizer, self.input_path, Chunk(*map(int, row)))
                   for row in zip(batch["number"], batch["first_line"], batch["start"], batch["end"], strict=True)]
        return {field: [getattr(o, field) for o in outputs]
                for field in ("number", "text", "articles", "stories", "skipped", "error")}


def ray_outputs(input_path: Path, chunks: list[Chunk], settings: SummarySettings,
                 workers: int) -> Iterator[ChunkOutput]:
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
    return (ChunkOutput(int(row["number"]), str(row["text"]), int(row["articles"]), int(row["stories"]),
                         int(row["skipped"]), str(row["error"])) for row in dataset.iter_rows())
