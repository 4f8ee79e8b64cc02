"""What the web UI (``app.py``) does with a click: read the inputs, call the pipeline, format the result.

Nothing here imports Gradio, so every handler can be tested by calling it; ``app.py`` turns the
``SummarizerError`` these raise into a message in the browser. No summarization logic lives here.
"""

from __future__ import annotations

import html
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .documents import Document, Loaded, Skipped, document_from_text, load_documents, split_pasted
from .errors import InputError, SummarizerError
from .results import SummaryResult
from .text import jaccard, words

if TYPE_CHECKING:
    from .pipeline import Summarizer

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXTRACTIVE = "extractive"
# The paste box is for a handful of articles; larger collections belong in files (5 MB each).
MAX_PASTED_CHARS = 1_000_000
EMPTY_MESSAGE = ("No articles yet: upload files, paste text (separate articles with a line containing "
                 "only ---) or click Load examples.")

Report = Callable[[str, float], None]


class Cancelled(SummarizerError):
    """The user pressed Cancel; raised from the progress callback so the run stops at its next step."""


def model_choices() -> list[str]:
    """Presets usable offline now, then the weightless baseline, so the menu never offers a download."""
    from .models import preset_statuses

    try:
        installed = [status.name for status in preset_statuses() if status.installed]
    except SummarizerError:  # a broken presets file must not take the whole UI down
        installed = []
    return [*installed, EXTRACTIVE]


def default_model(choices: Sequence[str]) -> str:
    """The best model on offer: the ``default`` preset when installed, else the first listed."""
    return "default" if "default" in choices else choices[0]


def example_files() -> list[str]:
    """The bundled example articles, for the Load examples button."""
    found = sorted(str(path) for path in EXAMPLES_DIR.glob("*.txt"))
    if not found:
        raise InputError(f"No example articles found in {EXAMPLES_DIR}")
    return found


def collect_articles(files: Sequence[str] | None, pasted: str | None) -> Loaded:
    """Uploaded files and pasted articles as documents, each upload named by its file name.

    Pasted text is always article text, never a path: the box must not read files on the server.

    Raises:
        InputError: nothing given, the paste box is too large, or nothing could be read.
    """
    paths = [str(path) for path in files or ()]
    pasted = pasted or ""
    if len(pasted) > MAX_PASTED_CHARS:
        raise InputError(f"The pasted text has {len(pasted):,} characters; the limit is "
                         f"{MAX_PASTED_CHARS:,}. Upload long collections as files instead.")
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for number, part in enumerate(split_pasted(pasted), start=1):
        try:
            documents.append(document_from_text(part, id=f"pasted-{number}", source="pasted"))
        except InputError:
            skipped.append(Skipped(f"pasted article {number}", "empty after cleaning"))
    if not paths and not documents:
        if skipped:
            raise InputError("The pasted articles are empty after cleaning (menus, links and blank lines "
                             "removed); paste the article text itself.")
        raise InputError(EMPTY_MESSAGE)
    # Uploads live at temporary paths; users know them by their own file names.
    names = {path: Path(path).name for path in paths}
    try:
        loaded = load_documents([*paths, *documents])
    except InputError as error:
        raise InputError(_rename(str(error), names)) from None
    return Loaded(
        tuple(replace(d, source=_rename(d.source, names)) for d in loaded.documents),
        tuple(skipped) + tuple(Skipped(_rename(s.source, names), s.reason) for s in loaded.skipped),
    )


def _rename(text: str, names: dict[str, str]) -> str:
    for path, name in names.items():
        text = text.replace(path, name)
    return text


class Summarizers:
    """One ``Summarizer`` per model, made on first use; runs go one at a time.

    Only one neural model is kept: picking another drops the previous one (the pipeline's own cache
    decides whether its weights stay loaded), so switching models cannot fill the memory.
    """

    def __init__(self, factory: Callable[[str], Summarizer] | None = None):
        if factory is None:
            from .pipeline import Summarizer as factory  # heavy (torch); imported once a UI is built
        self._factory = factory
        self._by_model: dict[str, Summarizer] = {}
        self._lock = threading.Lock()

    def run(self, model: str, articles: Loaded, *, length: str, group: bool, report: Report) -> SummaryResult:
        """Summarize loaded articles with ``model``; the skipped inputs are carried into the result."""
        with self._lock:  # Gradio's queue already serialises; this also covers direct callers
            summarizer = self._by_model.get(model)
            if summarizer is None:
                if model != EXTRACTIVE:
                    self._by_model = {k: v for k, v in self._by_model.items() if k == EXTRACTIVE}
                summarizer = self._by_model[model] = self._factory(model)
            result = summarizer.summarize(list(articles.documents), progress=report, length=length,
                                          group=group)
        return replace(result, skipped=articles.skipped + result.skipped)


@dataclass(frozen=True)
class SummaryView:
    """What the Summarize tab shows: a status line, the stories, the notes, and the downloads."""

    status: str
    stories: str
    notes: str
    downloads: list[str]
    result: SummaryResult


@dataclass(frozen=True)
class CompareView:
    """What the Compare tab shows: the statistics table and the two outputs."""

    table: str
    left: str
    right: str
    jaccard: float
    rouge1_f: float


def summarize(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, model: str, length: str,
              group: bool, report: Report, out_dir: Path) -> SummaryView:
    """The Summarize button: articles in, rendered stories and Markdown/JSON downloads out."""
    articles = collect_articles(files, pasted)
    result = pool.run(model, articles, length=length, group=group, report=report)
    return SummaryView(status_line(result), render_stories(result), render_notes(result),
                       write_downloads(result, out_dir), result)


def compare(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, left: tuple[str, str],
            right: tuple[str, str], group: bool, report: Report) -> CompareView:
    """The Compare button: the same articles under two (model, length) settings, side by side."""
    articles = collect_articles(files, pasted)
    results = []
    for side, (model, length), start in (("A", left, 0.0), ("B", right, 0.5)):
        def scaled(message: str, fraction: float, side: str = side, start: float = start) -> None:
            report(f"{side}: {message}", start + fraction / 2)
        results.append(pool.run(model, articles, length=length, group=group, report=scaled))
    a, b = (combined_text(result) for result in results)
    scores = jaccard(a, b), rouge1_f(a, b)
    rows = [
        ("Setting", *(f"{r.model} / {r.settings.get('length', '?')}" for r in results)),
        ("Stories", *(str(len(r.stories)) for r in results)),
        ("Words in combined summaries", *(str(len(x.split())) for x in (a, b))),
        ("Time (s)", *(f"{r.timings.get('total_s', 0.0):.1f}" for r in results)),
    ]
    lines = [f"| {' | '.join(_md(cell) for cell in row)} |" for row in rows]
    table = "\n".join(["| | A | B |", "|---|---|---|", *lines])
    table += (f"\n\nWord overlap between A and B: Jaccard {scores[0]:.2f}, ROUGE-1 F {scores[1]:.2f} "
              "(1.00 = the same words).")
    return CompareView(table, render_stories(results[0]), render_stories(results[1]), *scores)


def combined_text(result: SummaryResult) -> str:
    """Every story's combined summary, in order: what Compare measures."""
    return "\n".join(story.summary for story in result.stories)


def rouge1_f(a: str, b: str) -> float:
    """ROUGE-1 F1 between two texts (unigram counts, lower-cased, no stemming); 0 when either is empty."""
    ca, cb = Counter(words(a)), Counter(words(b))
    overlap = sum((ca & cb).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(cb.values()), overlap / sum(ca.values())
    return 2 * precision * recall / (precision + recall)


def status_line(result: SummaryResult) -> str:
    """One Markdown line: how many stories from how many articles, by which model, how fast."""
    articles = sum(len(story.documents) for story in result.stories)
    stories = len(result.stories)
    length = _md(str(result.settings.get("length", "?")))
    line = (f"**{stories} {'story' if stories == 1 else 'stories'}** from {articles} "
            f"article{'s' if articles != 1 else ''} · model {_md(result.model)} · length {length} · "
            f"{result.timings.get('total_s', 0.0):.1f} s")
    if result.skipped:
        line += f" · {len(result.skipped)} input(s) skipped (see Notes)"
    return line


def render_stories(result: SummaryResult) -> str:
    """The stories as Markdown: label, articles, combined summary, then each article's summary by its title.

    Every piece of article text is escaped, so nothing from a source renders as HTML or Markdown.
    """
    parts: list[str] = []
    for number, story in enumerate(result.stories, start=1):
        count = len(story.documents)
        parts += [f"### Story {number}: {_md(story.label)}",
                  f"*{count} article{'s' if count != 1 else ''} · combined summary {story.words} words · "
                  f"route {_md(story.route)}*",
                  "**Combined summary**", _md(story.summary) or "*(empty)*",
                  "| Article | Its summary |\n|---|---|"]
        sources = {d.id: d.source for d in story.documents}
        parts[-1] += "".join(
            f"\n| **{_md(s.title)}**<br>{_md(sources.get(s.document_id, s.document_id))} "
            f"| {_md(s.summary)} ({s.words} words) |"
            for s in story.document_summaries)
        if story.notes:
            parts.append("\n".join(f"- {_md(note)}" for note in story.notes))
    return "\n\n".join(parts)


def render_notes(result: SummaryResult) -> str:
    """Plain text: every skipped input by name, and every note on cleaning and cutting."""
    lines = [f"skipped {s.source}: {s.reason}" for s in result.skipped]
    lines += list(result.notes)
    lines += [f"story {n}: {note}" for n, story in enumerate(result.stories, start=1) for note in story.notes]
    return "\n".join(lines) or "Nothing skipped or cut."


def write_downloads(result: SummaryResult, out_dir: Path) -> list[str]:
    """The result as Markdown and JSON files in a fresh folder under out_dir; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=out_dir))
    name = f"{result.model}-{result.settings.get('length', '')}"
    stem = "summary-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    markdown, data = folder / f"{stem}.md", folder / f"{stem}.json"
    markdown.write_text(result.to_markdown(), encoding="utf-8")
    data.write_text(result.to_json(), encoding="utf-8")
    return [str(markdown), str(data)]


# Markdown's active punctuation; < > & are left to html.escape, which makes them entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$])")


def _md(text: str) -> str:
    """Text shown literally in Markdown: punctuation backslash-escaped, HTML escaped, on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)  # "1. " would start a numbered list
    return html.escape(escaped, quote=False)
